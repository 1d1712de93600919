"""The status quo's running costs: every community's staff and services, priced each day into the ledger.

Every run pays for the world it simulates, reform or not (payer
``status_quo``, ``sim.ledger``), at declared unit costs (section ``costs``):

- ``staff``: the counter clerks (``Counters.staff_windows`` at each of the 8
  windows; the one-stop centre redeploys them, so they stay on the payroll);
  the departments' staff-time on residents' requests (their capacity,
  ``handlers.<department>.capacity_per_10k``, over
  ``department_requests_per_staff_day``); the residents' committee's workers
  (its capacity over ``committee_requests_per_worker_day``); the grid workers
  (``grids.workers_per_grid`` in each grid). Salaries are paid every day of
  the year; overtime (``handlers.overtime_max``) is unpaid (assumption: public
  staff in China are rarely paid for it).
- ``programmes``: the community rooms that run the street office's top-down
  programmes (``programmes.rooms_per_10k``).
- ``projects``: the communities' yearly project budget
  (``civic.budget_yuan_per_resident_year``), accrued by the day.
- ``services``: calls to the hotline, each ``hotline_yuan_per_call``.
- ``platform``: the city's existing service app, ``app_yuan_per_resident_year``.
- ``remediation``: remedying residents exposed in privacy incidents
  (``records.remediation_yuan`` each; ``sim.components.records``), whichever
  store leaked.

Staff costs follow the parameters, not the handler table: a lever that adds
department capacity adds its staff's pay here, while a mechanism that adds
capacity of its own (social workers joining committees, mediators) pays for
it in its own columns. Property managers' staff are paid by residents' fees
(``property_fee_income_yuan``), not from public money, and are not in the ledger.
Reads today's counters in the ``record`` phase; no counters, rules or draws of its own.
"""

from __future__ import annotations

import numpy as np

from sim import ledger
from sim.components.counters import Counters
from sim.enums import DEPARTMENTS
from sim.kernels import counter_queue as kq
from sim.kernels import slots
from sim.params import declarer, section

SECTION = "costs"
_p = declarer(SECTION)

PARAMS = (
    _p("clerk_yuan_year", 100000.0, 0.0, 1e7, "yuan per clerk per year",
       "assumption: a service-centre clerk's ~6,000 yuan a month for 13 months, with ~40% social insurance and "
       "housing fund on top",
       "What a counter clerk costs a year, fully loaded."),
    _p("department_staff_yuan_year", 150000.0, 0.0, 1e7, "yuan per staff member per year",
       "assumption: a district civil servant's pay and benefits, fully loaded",
       "What a department's staff member costs a year, fully loaded."),
    _p("department_requests_per_staff_day", 5.0, 0.1, 100.0, "requests per staff-day",
       "assumption: a caseworker takes up about 5 residents' requests in a working day besides other duties",
       "Requests a department's staff member handles a working day: the departments' capacity over this is "
       "the staff-time they spend on residents' requests."),
    _p("community_worker_yuan_year", 80000.0, 0.0, 1e7, "yuan per worker per year",
       "assumption: ~5,000 yuan a month with social insurance, the order of community workers' pay in large "
       "cities",
       "What a residents' committee's worker costs a year."),
    _p("committee_requests_per_worker_day", 0.57, 0.01, 100.0, "requests per worker-day",
       "MCA (2020): ~28 community workers per 10,000 residents (~6 per community), who take up the committee's "
       "16 requests a day per 10,000 (handlers.committee.capacity_per_10k) among their other duties",
       "Residents' requests a committee worker takes up a working day: the committee's capacity over this is "
       "its workers."),
    _p("grid_worker_yuan_year", 70000.0, 0.0, 1e7, "yuan per grid worker per year",
       "assumption: a grid worker's pay is somewhat below a community worker's",
       "What a grid worker costs a year."),
    _p("programme_room_yuan_year", 20000.0, 0.0, 1e7, "yuan per room per year",
       "assumption: upkeep, utilities and materials of a community room running the street office's "
       "programmes",
       "What a community programme room costs a year."),
    _p("hotline_yuan_per_call", 10.0, 0.0, 1e4, "yuan per call",
       "assumption: about 10 minutes of a city hotline operator at ~60 yuan an hour",
       "What a request raised by hotline costs the city's hotline."),
    _p("app_yuan_per_resident_year", 2.0, 0.0, 1e4, "yuan per resident per year",
       "assumption: upkeep of the city's existing service app shared over its residents",
       "What the city's existing service app costs a year, per resident."),
)

COSTS = ("staff", "programmes", "projects", "services", "platform", "remediation")


class RunningCosts:
    """The status quo's daily costs into the ledger; see the module docstring."""

    PARAMS = PARAMS
    PHASES = ("record",)

    def __init__(self, model):
        self.model = model
        p = model.params
        residents = np.diff(model.pop.community_start).astype(np.float64)
        per10k = residents / 1e4
        clerks = kq.N_WINDOWS * model.component(Counters).staff_windows
        dept_capacity = sum(p[f"handlers.{d.label}.capacity_per_10k"] for d in DEPARTMENTS) * per10k
        committee = p["handlers.committee.capacity_per_10k"] * per10k
        grids = np.bincount(model.pop.grid_community, minlength=len(residents)).astype(np.float64)
        c = section(p, SECTION)
        staff_year = (clerks * c["clerk_yuan_year"]
                      + dept_capacity / c["department_requests_per_staff_day"] * c["department_staff_yuan_year"]
                      + committee / c["committee_requests_per_worker_day"] * c["community_worker_yuan_year"]
                      + grids * p["grids.workers_per_grid"] * c["grid_worker_yuan_year"])
        self.daily = {
            "staff": staff_year / 365.0,
            "programmes": p["programmes.rooms_per_10k"] * per10k * c["programme_room_yuan_year"] / 365.0,
            "projects": p["civic.budget_yuan_per_resident_year"] * residents / 365.0,
            "platform": c["app_yuan_per_resident_year"] * residents / 365.0,
        }
        self.hotline_yuan = c["hotline_yuan_per_call"]
        self.columns = {item: model.ledger_items.index(ledger.column(ledger.STATUS_QUO, item)) for item in COSTS}
        self._remediation = model.slot("records.remediation_yuan")

    def record(self) -> None:
        m = self.model
        row, today = m.ledger[m.day], m.acc[m.day]
        for item, yuan in self.daily.items():
            row[:, self.columns[item]] += yuan
        row[:, self.columns["services"]] += today[..., slots.CH_HOTLINE].sum(axis=1) * self.hotline_yuan
        row[:, self.columns["remediation"]] += today[..., self._remediation].sum(axis=1)
