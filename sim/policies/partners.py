"""Community partners (Shenzhen): firms contribute for credit points; social organisations hire residents.

Plan (docs/plan.md, mechanism 14 and figures): firms contribute equipment,
venues or money and earn social-responsibility credit usable in public
procurement bids; contracted social organisations reserve 20-30% of jobs for
residents; an app matches offers to needs. Shenzhen: 23 firms, 5 M yuan
leveraged, satisfaction 92%.

Rules, each month's end (``institutions`` phase, before the programmes run):

1. Firms: ``firms_per_10k`` per 10,000 residents (23 firms for a street of
   80,000 at the default), each contributing ``yuan_per_firm_year / 12`` a
   month, split by the weights ``money_weight``, ``equipment_weight`` and
   ``venue_weight`` (normalised).
2. Money and equipment buy programme places (``sim.components.programmes``
   ``extra_seats``, at ``programmes.seat_yuan.<kind>`` a place-month). With the
   matching app (``matching_app``) the budget follows last month's waiting
   lists: ``need[k] = unserved[k] + bought[k] * attended[k] / seats[k]``
   (those left without a place plus those who used last month's bought
   places), split in proportion to ``need[k] * seat_yuan[k]``, at most
   ``need[k]`` places, the rest kept for later months (``carry``); with no
   waiting list, or without the app, the budget is split by the office's
   ``programmes.topdown_share``. Places are whole; what a place does not
   cover is carried.
3. Venues: each community's firms offer ``venue_yuan / venue_hour_value_yuan``
   venue-hours a month, one partner facility, first hosting the office's
   favourite kind; with the app, a partner facility idle over
   ``resource_pool.idle_threshold`` last month is matched to the most wanted
   kind (``Programmes.most_wanted``), free of charge.
4. Credit: ``points_per_10k_yuan`` credit points per 10,000 yuan contributed
   (money, equipment and venues at their yuan value); the points are kept
   as a counter (their use in procurement bids is outside the model).
5. Jobs (periodic phase, after the month's programmes): the programmes
   employ ``jobs_per_100_seats`` per 100 seats offered; social organisations
   reserve ``resident_job_share * jobs`` of them for residents, taken
   by working adults, young parents and new citizens of the community in a
   fixed random order (stream ``partners.hire``); every member of a hired
   resident's household remembers ``job_score`` with
   ``programmes.experience_weight`` times the usual weights. A fraction of a
   job is a part-time job: the next resident in the order, remembered with
   that fraction of the weight (jobs in proportion to seats, not rounded
   down, so a small community does not lose up to a job a month).

Staged roll-out: partner firms are recruited per community, as now, once the
reform reaches it: a community not reached has no partners (no contribution,
places, venue hours, credit points, jobs or government cost), so the city's
leverage is ``firms_per_10k * yuan_per_firm_year`` per 10,000 residents of
reformed communities (the plan's 5 M yuan for 80,000 of them). Partner
facilities are held from the start but offer seats only where the reform has
reached (``Programmes.fac_open``); the programmes themselves are the world's and
run everywhere.

State: the programmes (``sim.components.programmes``), ``firms`` and ``contribution`` (yuan a month)
per community, ``venues`` (partner facilities), ``carry`` (yuan not yet
spent, per community), ``bought`` (places bought this month), the hiring
order (``cand``, ``cand_start``), ``totals`` = [contributed yuan, credit
points, money and equipment yuan, yuan spent on places].
Costs (government's own, each month's end): ``coordination_yuan_per_community_year / 12``
and, with the app, ``app_yuan_per_community_year / 12`` per community.
Counters (group 0): ``leveraged_yuan``, ``credit_points``, ``funded_seats``,
``venue_hours``, ``jobs``, ``resident_jobs``.
Checks: credit points = the points rule applied to contributions; money and
equipment = spent on places + carried; resident jobs <= jobs.
"""

import numpy as np

from sim import calendar
from sim import rng
from sim.enums import Group
from sim.kernels import programmes as kprog
from sim.params import Param, declarer
from sim.components.programmes import PARTNER, Programmes
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "partners"

_S = f"{SECTION}."
_PLAN = "plan §figures: Shenzhen partners, 23 firms, 5 M yuan leveraged"


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether firms contribute to community services for credit points (community partners).",
           "plan §community partners, Shenzhen (docs/plan.md mechanism 14)"),
    _p("firms_per_10k", 2.875, 0.0, 1000.0, "firms per 10,000 residents",
       f"{_PLAN}; assumption: the 23 firms served a street of about 80,000 residents (10 communities of ~8,000, "
       "MCA)", "Partner firms per 10,000 residents.", "lever"),
    _p("yuan_per_firm_year", 5e6 / 23, 0.0, 1e9, "yuan per firm per year",
       f"{_PLAN} (5 M / 23 firms, read as a year's contributions)",
       "Yuan-equivalent a partner firm contributes a year."),
    _p("money_weight", 0.5, 0.0, 1.0, "weight", "assumption: half of contributions in money",
       "Weight of money in a firm's contribution (weights are normalised)."),
    _p("equipment_weight", 0.2, 0.0, 1.0, "weight", "assumption: a fifth in equipment",
       "Weight of equipment in a firm's contribution (weights are normalised)."),
    _p("venue_weight", 0.3, 0.0, 1.0, "weight", "assumption: the rest as venue time",
       "Weight of venue time in a firm's contribution (weights are normalised)."),
    _p("venue_hour_value_yuan", 60.0, 1.0, 10000.0, "yuan per venue-hour",
       "assumption: market rent of a meeting room or hall for an hour",
       "Yuan value of an hour of a firm's venue."),
    _p("points_per_10k_yuan", 1.0, 0.0, 1000.0, "credit points per 10,000 yuan",
       "assumption: the plan names credit points usable in procurement, not their rate",
       "Credit points a firm earns per 10,000 yuan contributed.", "lever"),
    Param(_S + "matching_app", True, None, None, "switch", "plan §community partners: an app matches offers to needs",
          "Whether an app matches contributions to residents' waiting lists (false: the office's split).", "lever"),
    _p("resident_job_share", 0.25, 0.0, 1.0, "share of jobs",
       "plan §community partners: contracted social organisations reserve 20-30% of jobs for residents",
       "Share of programme jobs reserved for residents.", "lever"),
    _p("jobs_per_100_seats", 4.0, 0.0, 100.0, "jobs per 100 seats",
       "assumption: a teacher per 25 children, cooks and carers for the canteen and day care",
       "Programme staff per 100 seats offered.", "structure"),
    _p("job_score", 0.95, 0.0, 1.0, "0-1 scale", "assumption: a job near home is a very good experience",
       "Experience score a job gives the members of the hired resident's household each month."),
    _p("coordination_yuan_per_community_year", 60000.0, 0.0, 1e8, "yuan per community per year",
       "assumption: a half-time coordinator (~5,000 yuan a month) finding and keeping partners",
       "The government's coordination cost per community."),
    _p("app_yuan_per_community_year", 20000.0, 0.0, 1e8, "yuan per community per year",
       "assumption: a city matching app (~2 M yuan a year) shared by ~100 communities",
       "The matching app's upkeep per community."),
)

COUNTERS = ("leveraged_yuan", "credit_points", "funded_seats", "venue_hours", "jobs", "resident_jobs")
_C = {n: f"{SECTION}.{n}" for n in COUNTERS}
INDICATORS = (
    Indicator("partners_leveraged_yuan", (_C["leveraged_yuan"],), None, "yuan",
              "Yuan-equivalent firms contributed (Shenzhen: 5 M yuan from 23 firms)", by_group=False),
    Indicator("partners_credit_points", (_C["credit_points"],), None, "points",
              "Credit points firms earned for procurement", by_group=False),
    Indicator("partners_funded_seats", (_C["funded_seats"],), None, "place-months",
              "Programme places bought with firms' money and equipment", by_group=False),
    Indicator("partners_resident_job_share", (_C["resident_jobs"],), (_C["jobs"],), "share",
              "Share of programme jobs held by residents (plan: 20-30%)", by_group=False),
    Indicator("partners_resident_job_months", (_C["resident_jobs"],), None, "job-months",
              "Months of programme jobs held by residents", by_group=False),
)


class Partners(Policy):
    """Community partners; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("partners_leveraged_yuan", "partners_resident_job_share")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("institutions", "programmes")
    COSTS = ("staff", "platform")  # ledger items (sim.ledger)
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    USES = (Programmes,)

    def __init__(self, model):
        super().__init__(model)
        p, prog, pop = self.p, model.component(Programmes), model.pop
        self.prog = prog
        self.firms = p["firms_per_10k"] * prog.residents / 1e4
        self.contribution = self.firms * p["yuan_per_firm_year"] / 12
        w = np.array([p["money_weight"], p["equipment_weight"], p["venue_weight"]])
        self.weights = w / w.sum() if w.sum() > 0 else np.array([1.0, 0.0, 0.0])
        hours = self.contribution * self.weights[2] / p["venue_hour_value_yuan"]
        has = np.flatnonzero(hours > 0)
        self.venues = prog.add_facilities(has, hours[has], PARTNER, prog.topdown_kind())
        self.carry = np.zeros(prog.n_comm)
        self.bought = np.zeros((prog.n_comm, kprog.N_KINDS))
        self.totals = np.zeros(4)
        # Hiring order: working-age residents of each community in a fixed random order.
        able = np.flatnonzero(np.isin(pop.group, [Group.WORKING_ADULT, Group.YOUNG_PARENT, Group.NEW_CITIZEN]))
        u = rng.uniforms(model.key_fixed("partners.hire"), able.astype(np.uint64))
        self.cand = able[np.lexsort((u, pop.community[able]))].astype(np.int64)
        self.cand_start = np.searchsorted(pop.community[self.cand], np.arange(prog.n_comm + 1)).astype(np.int64)
        self.points_rate = p["points_per_10k_yuan"] / 1e4
        self.monthly_yuan = {"staff": p["coordination_yuan_per_community_year"] / 12,
                             "platform": (p["app_yuan_per_community_year"] if p["matching_app"] else 0.0) / 12}

    def _split(self, c: int, budget: float) -> np.ndarray:
        """Places to buy in community ``c`` with ``budget`` yuan (rule 2 of the module docstring)."""
        prog, price = self.prog, self.prog.seat_yuan
        if self.p["matching_app"]:
            with np.errstate(invalid="ignore", divide="ignore"):
                used = np.where(prog.last_seats[c] > 0, self.bought[c] * prog.last_attended[c] / prog.last_seats[c], 0)
            need = np.floor(prog.last_unserved[c] + used)
            if need.sum() > 0:
                cost = need * price
                places = np.minimum(np.floor(budget * cost / cost.sum() / price), need)
                return places
        w = prog.topdown / prog.topdown.sum()
        return np.floor(budget * w / price)

    def institutions(self) -> None:
        m, prog = self.model, self.prog
        if not calendar.month_ends(m.day):
            return
        acc, live = m.acc[m.day], self.live
        contribution = np.where(live, self.contribution, 0.0)  # firms only where the reform has reached
        money = contribution * (self.weights[0] + self.weights[1])
        bought = np.zeros_like(self.bought)
        for c in np.flatnonzero(live):  # a few communities
            bought[c] = self._split(c, money[c] + self.carry[c])
        spent = (bought * prog.seat_yuan).sum(axis=1)
        self.carry += money - spent
        self.bought = bought
        prog.extra_seats += bought
        if self.p["matching_app"]:
            idle = prog.utilisation[self.venues] < 1.0 - m.params["resource_pool.idle_threshold"]
            for f in self.venues[idle & live[prog.fac_comm[self.venues]]]:
                prog.fac_kind[f] = prog.most_wanted(int(prog.fac_comm[f]), prog.fac_hours[f], int(prog.fac_kind[f]))
        points = contribution * self.points_rate
        acc[:, 0, self.slot("leveraged_yuan")] += contribution
        acc[:, 0, self.slot("credit_points")] += points
        acc[:, 0, self.slot("funded_seats")] += bought.sum(axis=1)
        venue_comm = prog.fac_comm[self.venues]
        acc[venue_comm, 0, self.slot("venue_hours")] += np.where(live[venue_comm], prog.fac_hours[self.venues], 0.0)
        self.totals += [contribution.sum(), points.sum(), money.sum(), spent.sum()]
        for item, yuan in self.monthly_yuan.items():
            self.spend(np.where(live, yuan, 0.0), item=item)

    def programmes(self) -> None:
        """After the month's programmes: jobs for residents in the partners' services."""
        m, prog = self.model, self.prog
        if not calendar.month_ends(m.day):
            return
        jobs = np.where(self.live, self.p["jobs_per_100_seats"] / 100 * prog.last_seats.sum(axis=1), 0.0)
        resident_jobs = np.minimum(self.p["resident_job_share"] * jobs, np.diff(self.cand_start))
        whole = np.floor(resident_jobs + 1e-9).astype(np.int64)
        weight = m.params["programmes.experience_weight"]
        hired = np.concatenate([self.cand[self.cand_start[c]:self.cand_start[c] + whole[c]]
                                for c in range(prog.n_comm)])
        kprog.remember_households(hired, m.pop.household, prog.hh_order, prog.hh_start, self.p["job_score"],
                                  weight, m.pop.satisfaction, m.pop.trust, m.experience)
        for c in np.flatnonzero(resident_jobs - whole > 1e-9):  # the part-time job, in proportion
            kprog.remember_households(self.cand[self.cand_start[c] + whole[c]:][:1], m.pop.household, prog.hh_order,
                                      prog.hh_start, self.p["job_score"], weight * (resident_jobs[c] - whole[c]),
                                      m.pop.satisfaction, m.pop.trust, m.experience)
        m.acc[m.day, :, 0, self.slot("jobs")] += jobs
        m.acc[m.day, :, 0, self.slot("resident_jobs")] += resident_jobs

    def check_invariants(self):
        contributed, points, money, spent = self.totals
        tol = 1e-6 * max(1.0, contributed)
        if abs(points - self.points_rate * contributed) > tol * max(1.0, self.points_rate):
            return f"credit points {points:g} != {self.points_rate:g} per yuan x {contributed:g} yuan contributed"
        if abs(money - spent - self.carry.sum()) > tol or np.any(self.carry < -tol):
            return f"money and equipment {money:g} != spent {spent:g} + carried {self.carry.sum():g}"
        done = self.model.acc[: self.model.day + 1, :, 0]
        if np.any(done[..., self.slot("resident_jobs")] > done[..., self.slot("jobs")]):
            return "more resident jobs than jobs"
        return None
