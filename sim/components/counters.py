"""Walk-in service counters: the counter queues, served within opening hours.

Responsibilities: declare the counters' staffing and service times; in the
``counters`` phase, let each community's counter serve its walk-in queue
(first come, first served) up to its daily capacity,
``windows * open_hours * 60 / service_minutes``: errands are done on the spot
(with probability ``resolve_prob``, else the resident must come back), other
needs are registered and forwarded. Walk-ins the counter cannot serve today
come back the next working day.
"""

import numpy as np

from sim.enums import HandlerKind
from sim.params import Param

PARAMS = (
    Param("counters.windows_per_10k", 1.0, 0.0, 50.0, "staffed windows per 10,000 residents",
          "plan §one-stop centre: a centre of 8 department windows, for a community of ~8,000 "
          "residents (MCA 2020)", "Service windows staffed at the community counter.", "lever"),
    Param("counters.open_hours", 6.5, 1.0, 16.0, "hours per working day",
          "assumption: 9:00-12:00 and 13:30-17:00, the usual office hours",
          "Opening hours of the service counter.", "lever"),
    Param("counters.service_minutes", 15.0, 1.0, 120.0, "minutes per visit",
          "assumption: a quarter of an hour per errand at a department window",
          "Mean time a window spends on one visit."),
    Param("counters.resolve_prob", 0.85, 0.01, 1.0, "probability",
          "assumption: some residents lack a document and must come back",
          "Chance that an errand is completed at the first visit."),
)


class Counters:
    """The counters phase; see the module docstring."""

    PARAMS = PARAMS
    PHASES = ("counters",)

    def __init__(self, model):
        self.model = model
        self.mask = np.zeros(len(HandlerKind), dtype=np.bool_)
        self.mask[HandlerKind.COUNTER] = True

    def counters(self) -> None:
        self.model.work_queues(self.mask)
