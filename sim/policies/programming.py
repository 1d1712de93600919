"""Needs-driven programming: survey residents first, then set the mix of programmes.

Plan (docs/plan.md, mechanism 11 and "What residents need"): programmes designed
without asking residents draw under 50% participation while the most wanted
services (the 4:30 class, elderly meals) go unfunded; the reform surveys
needs first, then designs services.

Rule: on a community's first month's end (from its reform day: day 0
without a staged roll-out) and every ``resurvey_months`` months after
(``institutions`` phase, before the month's programmes run), with
``needs_survey`` on, a share ``survey_share`` of its households is surveyed
(stream ``programming.survey``, a fixed draw per household and survey day); the
seekers of each kind are estimated from the sampled residents
(``sim.kernels.programmes.survey_demand``: wants times the chance of seeking,
divided by the share, so the estimate carries the sampling noise), and every
facility of the community is given to a kind by the greedy rule of
``sim.kernels.programmes.allocate`` (the kind whose estimated seekers still
without a seat it would seat most of, among those that would fill at least
``room_fill_target`` of it). Without the survey (``needs_survey=false``, or the
mechanism off while another builds the programmes) the office's top-down
split of ``sim.components.programmes`` stays. Each month's programmes then run
(``Programmes.programmes``, the ``programmes`` phase, the world's, in every
community from day 0).

Staged roll-out: each community the reform has reached is surveyed at the
first month's end on or after its reform day, then every ``resurvey_months``
months; elsewhere the office's top-down rooms stay, and nobody is surveyed
or charged.

State: the programmes (``sim.components.programmes``), ``estimate`` (the
last survey's seekers per community and kind).
Costs: ``yuan_per_household`` per household surveyed, on the survey's day.
Counters: ``households_surveyed`` (community level, group 0).
KPIs: ``programme_survey_households``; what it changes shows in the world's
``programme_attendance`` = attendees / seats offered (the plan's
participation: under 50% without a survey), ``programme_served_share`` =
attendees / seekers (by group) and ``programme_user_satisfaction`` (mean
satisfaction of those who took a seat), ``sim.components.programmes``.
"""

import numpy as np

from sim import calendar
from sim.kernels import programmes as kprog
from sim.params import Param, declarer
from sim.components.programmes import Programmes
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "programming"

_S = f"{SECTION}."


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether programmes are designed from a needs survey (needs-driven programming).",
           "plan §needs-driven programming (docs/plan.md mechanism 11)"),
    Param(_S + "needs_survey", True, None, None, "switch", "plan §needs-driven programming: survey first",
          "Whether a needs survey sets the mix of programmes (false: the office's top-down split).", "lever"),
    _p("survey_share", 0.2, 0.0, 1.0, "share of households",
       "assumption: grid workers visit one household in five with the needs list",
       "Share of households a needs survey reaches.", "lever"),
    _p("resurvey_months", 12, 1, 120, "months",
       "assumption: a yearly needs survey, as the plan's yearly budgets",
       "Months between needs surveys.", "lever"),
    _p("room_fill_target", 0.7, 0.0, 1.0, "share of a room's seats",
       "assumption: a programme opens in a room only where the survey shows it would be at least 70% full (the "
       "plan's rule that facilities idle over 30% are repurposed, read the other way)",
       "Smallest expected fill for which the survey's design puts a programme in a room."),
    _p("yuan_per_household", 30.0, 0.0, 10000.0, "yuan per household",
       "assumption: about half an hour of a worker's time (~60 yuan an hour) per household interview",
       "Cost of surveying one household."),
)

INDICATORS = (
    Indicator("programme_survey_households", (_S + "households_surveyed",), None, "households",
              "Households reached by needs surveys", by_group=False),
)


class Programming(Policy):
    """Needs-driven programming; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("programme_attendance", "programme_served_share")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("institutions",)
    COSTS = ("programmes",)  # ledger items (sim.ledger)
    COUNTERS = ("households_surveyed",)
    INDICATORS = INDICATORS
    USES = (Programmes,)

    def __init__(self, model):
        super().__init__(model)
        self.prog = model.component(Programmes)
        self.estimate = np.zeros((self.prog.n_comm, kprog.N_KINDS))
        self.surveys = 0

    def _survey_due(self, day: int) -> np.ndarray:
        """Communities whose needs survey is due today (a bool per community; see the module docstring)."""
        live = self.live
        if not calendar.month_ends(day):
            return np.zeros_like(live)
        start = np.where(live, self.model.reform_day, 0)  # NEVER only where not live: no overflow
        first = calendar.first_month_end(start)
        return live & (day >= first) & ((day - first) % (calendar.MONTH_DAYS * self.p["resurvey_months"]) == 0)

    def institutions(self) -> None:
        m, prog = self.model, self.prog
        if not self.p["needs_survey"]:
            return
        due = self._survey_due(m.day)
        if not due.any():
            return
        share, pop = self.p["survey_share"], m.pop
        k = m.key("programming.survey")
        estimate = kprog.survey_demand(k, share, pop.household, prog.wants, pop.propensity, pop.community,
                                       prog.pv, prog.n_comm)
        self.estimate[due] = estimate[due]
        households = np.where(due, kprog.sampled_households(k, share, prog.household_community, prog.n_comm), 0.0)
        for c in np.flatnonzero(due):
            prog.allocate(c, self.estimate[c], self.p["room_fill_target"])
        m.acc[m.day, :, 0, self.slot("households_surveyed")] += households
        self.spend(households * self.p["yuan_per_household"])
        self.surveys += 1

