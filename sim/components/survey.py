"""The monthly satisfaction survey (``sim.kernels.survey``), in the periodic phase.

Responsibilities: declare the survey's sample size and interval; on the last
day of each interval, sample adult residents of each community and record
how many say they are satisfied.
"""

from sim.kernels.survey import survey
from sim.params import Param

PARAMS = (
    Param("survey.sample_per_community", 200, 10, 100000, "respondents",
          "plan §evaluation: monthly satisfaction surveys; sample size assumed",
          "Respondents per community in each survey wave."),
    Param("survey.interval_days", 30, 7, 365, "days",
          "plan §evaluation: satisfaction surveyed monthly", "Days between survey waves.", "structure"),
)


class Survey:
    """Monthly survey; see the module docstring."""

    PARAMS = PARAMS
    PHASES = ("periodic",)

    def __init__(self, model):
        self.model = model

    def periodic(self) -> None:
        m = self.model
        if (m.day + 1) % m.params["survey.interval_days"] == 0:
            survey(m.day, m.key("survey.sample"), m.pop.community_start, m.pop.group, m.pop.satisfaction,
                   m.params["survey.sample_per_community"], m.acc)
