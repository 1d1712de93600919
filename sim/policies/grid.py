"""Grid management: grid workers and volunteers per grid, proactive visits with a needs list.

Plan (docs/plan.md, mechanism 5): each grid has a grid worker and two
volunteers (Wuhan: 1 + 2); they visit households with a needs list, so needs
are found before residents report them; monthly residents' meetings belong
to the participation mechanism.

The engine already has one grid worker per grid who takes reports. This
mechanism adds, per grid, ``volunteers_per_grid`` volunteers and proactive
visits (``sim.kernels.grid_visits``): ``visits_per_worker_day`` per worker and
``visits_per_volunteer_day`` per volunteer. A need a resident leaves unraised
is found with the chance a visit comes within ``needs_list_window_days``; it
becomes a grid report raised that day and ready on the day of the visit, so
its wait counts in the response and closure KPIs. Volunteers also forward
reports (``volunteer_reports_per_day`` each).

State: each grid's visit probability. Cost: volunteers' stipends
(``volunteer_stipend_yuan_month``) and ``visit_cost_yuan`` per visit.
Counters: ``found`` (needs found by visits), ``visits``.

Staged roll-out: only the grids of communities the reform has reached visit
(``p_found = 0`` elsewhere, so a resident's draws do not depend on other
communities), have volunteers (their report capacity is added to a grid's
workers from the community's reform day), and are paid for and counted; the
grid workers themselves, and the grid channel, are the status quo everywhere.
"""

import numpy as np

from sim.components.intake import Intake
from sim.enums import HandlerKind
from sim.institutions.handlers import Institutions
from sim.kernels import slots
from sim.kernels.aggregate import count_by_group
from sim.kernels.grid_visits import find_unmet, found_probability
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "grid"


class GridManagement(Policy):
    """Volunteers and proactive household visits per grid; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("grid_found_share", "unmet_need_share")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether grid teams visit households proactively with a needs list.",
               "plan §grid management (docs/plan.md mechanism 5)"),
        Param(f"{SECTION}.volunteers_per_grid", 2, 0, 20, "volunteers",
              "plan §grid management: 1 grid worker plus 2 volunteers per grid (Wuhan)",
              "Volunteers per grid besides the grid worker.", "lever"),
        Param(f"{SECTION}.visits_per_worker_day", 6.0, 0.0, 40.0, "households per working day",
              "assumption: a grid worker can visit about six households a day besides other duties",
              "Households a grid worker visits a working day.", "lever"),
        Param(f"{SECTION}.visits_per_volunteer_day", 1.0, 0.0, 20.0, "households per working day",
              "assumption: a volunteer building head drops in on about one household a day",
              "Households a volunteer visits a working day.", "lever"),
        Param(f"{SECTION}.needs_list_window_days", 14.0, 1.0, 90.0, "days",
              "assumption: a needs list asks about the last two weeks",
              "How far back a visit with a needs list catches unraised needs."),
        Param(f"{SECTION}.volunteer_reports_per_day", 2.0, 0.0, 50.0, "requests per day",
              "assumption: a volunteer forwards a couple of reports a day",
              "Reports a volunteer takes up and forwards a day."),
        Param(f"{SECTION}.volunteer_stipend_yuan_month", 300.0, 0.0, 10000.0, "yuan per volunteer-month",
              "assumption: a small monthly allowance for grid volunteers",
              "Allowance paid to each grid volunteer."),
        Param(f"{SECTION}.visit_cost_yuan", 5.0, 0.0, 1000.0, "yuan per visit",
              "assumption: forms, phone credit and transport per household visit",
              "Running cost of one household visit."),
    )
    PHASES = ("channels", "intake", "record")
    COSTS = ("services", "staff")  # ledger items (sim.ledger)
    USES = (Intake, Institutions)  # needs found on visits; the volunteers' capacity
    COUNTERS = ("found", "visits")
    INDICATORS = (
        Indicator("grid_found_share", (f"{SECTION}.found",), (slots.NEEDS,), "share",
                  "Share of needs found by proactive grid visits before residents raised them"),
        Indicator("grid_visits", (f"{SECTION}.visits",), None, "visits", "Household visits by grid teams",
                  by_group=False),
    )

    def __init__(self, model):
        super().__init__(model)
        pop, t = model.pop, model.handlers
        workers = model.params["grids.workers_per_grid"]
        volunteers = self.p["volunteers_per_grid"]
        first_member = np.unique(pop.household, return_index=True)[1]  # a household lies in one grid
        households = np.bincount(pop.grid[first_member], minlength=pop.n_grids)
        self.visits_day = workers * self.p["visits_per_worker_day"] + volunteers * self.p["visits_per_volunteer_day"]
        self.p_day = np.minimum(1.0, self.visits_day / np.maximum(households, 1))
        self.window = int(round(self.p["needs_list_window_days"] * 5 / 7))
        self.p_found = found_probability(self.p_day, self.p["needs_list_window_days"])
        # Volunteers' reports add to the grid workers' capacity, from the community's reform day.
        self.grid_rows = np.flatnonzero(t.kind == HandlerKind.GRID_WORKER)
        self.grid_rows_community = t.community[self.grid_rows]
        self.volunteer_capacity = volunteers * self.p["volunteer_reports_per_day"]
        self._add_volunteers(model.reform_day <= model.day)
        self.grids_per_community = np.bincount(pop.grid_community, minlength=len(model.community_types))
        self._delay = np.empty(0, dtype=np.int64)
        self._who = self._channel = self._delay
        self._intake = model.component(Intake)

    def _add_volunteers(self, communities) -> None:
        """The volunteers' report capacity, added to the grid workers of ``communities`` (bool mask)."""
        rows = self.grid_rows[communities[self.grid_rows_community]]
        self.model.handlers.base_capacity[rows] += self.volunteer_capacity

    def channels(self) -> None:
        """Visits find needs residents did not raise (after they chose a channel, before requests are made)."""
        m = self.model
        who, channel = m.today_who, self._intake.channel
        self._delay = np.empty(who.shape[0], dtype=np.int64)
        p_found = np.where(self.live[m.pop.grid_community], self.p_found, 0.0)  # no visits before the reform
        find_unmet(m.key("grid.find"), m.day, who, channel, m.pop.grid, self.p_day, p_found,
                   max(1, self.window), self._delay)
        self._who, self._channel = who, channel

    def intake(self) -> None:
        """Found needs wait for the visit; count them; pay for visits and volunteers."""
        m, q = self.model, self.model.requests
        found = self._delay >= 0
        if found.any():
            reached = self._channel > 0  # the needs that became requests today, in the order created
            tail = self._intake.today
            delays = self._delay[reached]
            q.ready[tail] = np.where(delays >= 0, m.day + delays, q.ready[tail])
            comm, grp = m.pop.community[self._who], m.pop.group[self._who]
            m.acc[m.day][..., self.slot("found")] += count_by_group(comm, grp, found, *m.acc.shape[1:3])
        grids = self.grids_per_community * self.live
        if m.is_working_day:
            visits = grids * self.visits_day
            m.acc[m.day][:, 0, self.slot("visits")] += visits  # visits are to households, not a group
            self.spend(visits * self.p["visit_cost_yuan"], item="services")
        volunteers = grids * self.p["volunteers_per_grid"]
        self.spend(volunteers * self.p["volunteer_stipend_yuan_month"] * 12 / 365, item="staff")

    def record(self) -> None:
        """Volunteers of communities that reform tomorrow join tonight: capacity is released each morning
        before the policies act."""
        tomorrow = self.starting(ahead=1)
        if tomorrow.any():
            self._add_volunteers(tomorrow)
