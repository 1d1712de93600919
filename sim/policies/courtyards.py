"""Courtyard self-governance (Chengdu): micro-grids, courtyard heads, household assemblies.

Plan (docs/plan.md, actor table): Chengdu's courtyards split a community into
3 micro-grids with 5 elected courtyard heads each; the household assembly
passes major matters at 75%.

- micro-grids: each community's households, in order (and so its grids,
  which are runs of consecutive households), are cut into ``micro_grids``
  equal blocks; ``heads_per_micro_grid`` heads each;
- the heads mobilise their neighbours: every adult's participation logit
  gains ``mobilisation_boost`` (``sim.components.deliberation``'s round), so courtyards raise
  participation;
- each month each micro-grid receives ``Poisson(proposals_per_micro_grid_month)``
  small crowdfunded proposals (greening, venues, elderly services or
  childcare: safety is not a courtyard matter), costing
  ``project_yuan * (0.5 + u)``. A household assembly votes on each (kernel
  ``sim.kernels.projects.assembly``): one vote per household with an adult
  who took part in this month's round (turnout comes from the round); a
  household votes yes with probability
  ``1 / (1 + exp(-(vote_bias + vote_need * (serves[kind, group] - 0.5))))``;
  the proposal passes when votes cast >= ``quorum_share`` of the micro-grid's
  households and yes >= ``pass_threshold`` of votes cast;
- a passed project starts at once and runs ``project_days`` (plus delays from
  oversight of its micro-grid, ``sim.components.projects``); on completion it benefits the
  adults of its micro-grid. Households pay ``crowdfund_share`` of its cost
  (counted in ``courtyards.crowdfunded_yuan``, not a government cost); the
  mechanism tops up the rest;
- the heads mediate first (``sim.kernels.courtyard_mediation``): every
  dispute raised today (intake phase, after routing) is taken up by the
  heads of the requester's micro-grid, neighbours who know the parties,
  while they have room this 30-day month
  (``heads_per_micro_grid * head_cases_per_month`` cases per micro-grid;
  beyond that it goes its normal route). They settle it with

      p(t) = head_settle_end - (head_settle_end - head_settle_start) * exp(-t / head_learning_days)

  ``t`` the days the courtyards have run in the community (the heads learn with experience).
  A settled dispute is closed, concluded and settled the day it was raised
  (the engine's counters, so ``mediation_success`` includes it; a quick
  settled closure is a good experience); an unsettled one stays in the queue
  it was routed to (residents' committee, mediation centre, ...).

Costs: top-ups, heads' allowances (``head_allowance_yuan_month``) and
``head_case_yuan`` per dispute the heads hear. KPIs: courtyard_turnout,
courtyard_pass_share, courtyard_projects_completed,
courtyard_crowdfunded_yuan, courtyard_heads_heard_share (disputes the heads
heard / disputes raised), courtyard_heads_settle_share (settled / heard).
Checks: yes <= votes cast <= eligible households; money = crowdfunded +
top-ups; no micro-grid's heads heard more than their monthly capacity;
settled <= heard.

The round, the community projects and the street office (or the committee)
are the world's and run everywhere; courtyards add to them.

Staged roll-out: micro-grids, heads and assemblies act only in communities the
reform has reached, from their reform day: only their adults are mobilised
(``sim.kernels.participation``), only their micro-grids' proposals are kept
(``Projects.new_proposals``' ``where``) and get allowances, only their
disputes go to the heads, and the heads' learning ``t`` counts from the
community's reform day.
"""

import numpy as np

from sim import calendar
from sim import rng
from sim.components.deliberation import CHILDCARE, ELDERLY_SERVICE, GREENING, VENUE, Deliberation
from sim.components.projects import COURTYARD, Projects, poisson
from sim.components.intake import Intake
from sim.enums import Group
from sim.kernels import courtyard_mediation as kcm
from sim.kernels import handling as kh
from sim.kernels import projects as kpr
from sim.kernels import slots
from sim.params import declarer
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "courtyards"

_S = f"{SECTION}."
KINDS = (GREENING, VENUE, ELDERLY_SERVICE, CHILDCARE)


_p = declarer(SECTION)


_CHENGDU = "plan §actor table (Chengdu courtyards, docs/plan.md)"
_CHENGDU_CALIBRATION = ("calibration: sized to plan §figures' Chengdu courtyard mediation 60% -> 98% after 3 "
                        "years, head_settle_start, head_settle_end and head_learning_days together, so that an old "
                        "neighbourhood settling 60% reaches ~98% in the third year (docs/validation.md)")
PARAMS = (
    switch(SECTION, "Whether communities run Chengdu-style courtyard self-governance (micro-grids, heads, "
           "household assemblies).", _CHENGDU),
    _p("micro_grids", 3, 1, 50, "micro-grids per community", _CHENGDU + ": 3 micro-grids",
       "Micro-grids a community is split into.", "lever"),
    _p("heads_per_micro_grid", 5, 1, 50, "heads", _CHENGDU + ": 5 courtyard heads each",
       "Elected courtyard heads per micro-grid.", "lever"),
    _p("pass_threshold", 0.75, 0.0, 1.0, "share of votes cast", _CHENGDU + ": household assembly passes at 75%",
       "Share of yes votes among votes cast that passes a proposal.", "lever"),
    _p("quorum_share", 0.1, 0.0, 1.0, "share of households",
       "assumption: an assembly needs at least a tenth of the micro-grid's households voting",
       "Votes cast needed, as a share of the micro-grid's households.", "lever"),
    _p("proposals_per_micro_grid_month", 1.0, 0.0, 100.0, "proposals per micro-grid per month",
       "assumption: about one small courtyard project idea a month", "Small proposals a micro-grid receives."),
    _p("project_yuan", 10000.0, 0.0, 1e7, "yuan per project",
       "assumption: courtyard micro-projects (benches, planters, a shared room) cost about 10,000 yuan",
       "Mean cost of a courtyard project (each 0.5 to 1.5 times this)."),
    _p("crowdfund_share", 0.5, 0.0, 1.0, "share of cost",
       "assumption: households raise about half, the government tops up the rest",
       "Share of a courtyard project's cost raised from households.", "lever"),
    _p("project_days", 30, 1, 1000, "days",
       "assumption: a courtyard micro-project takes about a month", "Planned duration of a courtyard project.",
       "structure"),
    _p("mobilisation_boost", 0.5, 0.0, 10.0, "logit",
       "assumption: heads who know their neighbours lift turnout by ~0.5 logit",
       "Addition to every adult's participation logit where courtyard heads mobilise."),
    _p("vote_bias", 1.5, -10.0, 10.0, "logit",
       "assumption: households mostly back neighbours' small projects", "Households' general support."),
    _p("vote_need", 4.0, 0.0, 50.0, "logit per unit of serves",
       "assumption: households back what serves their own group", "Weight of how much a project serves the voter."),
    _p("head_allowance_yuan_month", 300.0, 0.0, 1e5, "yuan per head per month",
       "assumption: a small monthly allowance for each courtyard head", "Allowance of a courtyard head."),
    _p("head_settle_start", 0.5, 0.0, 1.0, "probability",
       _CHENGDU_CALIBRATION + "; newly elected heads settle about half the quarrels they hear",
       "Chance newly elected courtyard heads settle a dispute they hear."),
    _p("head_settle_end", 0.97, 0.0, 1.0, "probability",
       _CHENGDU_CALIBRATION + "; experienced heads who know both parties settle nearly every neighbours' "
       "quarrel (Ministry of Justice 2022: people's mediation reports 95%+ settled)",
       "Chance experienced courtyard heads settle a dispute they hear (the limit of their learning)."),
    _p("head_learning_days", 365.0, 1.0, 36500.0, "days",
       _CHENGDU_CALIBRATION + "; heads close most of the gap to experienced mediators within about two "
       "years (e-folding time one year)",
       "Time scale on which courtyard heads' settlement chance approaches head_settle_end."),
    _p("head_cases_per_month", 10.0, 0.0, 1000.0, "disputes per head per month",
       "assumption: a volunteer head can hear two or three neighbours' quarrels a week (an old "
       "neighbourhood raises ~7 a month per head with 5 heads per micro-grid)",
       "Disputes one courtyard head can hear a month; beyond this they go their normal route."),
    _p("head_case_yuan", 30.0, 0.0, 1e5, "yuan per dispute heard",
       "assumption: a small stipend for the heads' time on a hearing (tea, calls, an evening), far below "
       "a mediation centre's cost per hearing",
       "Cost of one dispute the courtyard heads hear."),
)

COUNTERS = ("proposals", "eligible", "votes", "yes", "passed", "crowdfunded_yuan", "topup_yuan", "completed",
            "heads_heard", "heads_settled", "heads_full")
_C = {n: f"{SECTION}.{n}" for n in COUNTERS}
INDICATORS = (
    Indicator("courtyard_turnout", (_C["votes"],), (_C["eligible"],), "share",
              "Share of households voting in courtyard assemblies", by_group=False),
    Indicator("courtyard_pass_share", (_C["passed"],), (_C["proposals"],), "share",
              "Share of courtyard proposals the household assembly passed", by_group=False),
    Indicator("courtyard_projects_completed", (_C["completed"],), None, "projects",
              "Courtyard projects completed", by_group=False),
    Indicator("courtyard_crowdfunded_yuan", (_C["crowdfunded_yuan"],), None, "yuan",
              "Money households raised for courtyard projects (not a government cost)", by_group=False),
    Indicator("courtyard_heads_heard_share", (_C["heads_heard"],),
              (slots.DISPUTES_NOISE, slots.DISPUTES_PARKING, slots.DISPUTES_FEE), "share",
              "Share of disputes raised that courtyard heads heard first"),
    Indicator("courtyard_heads_settle_share", (_C["heads_settled"],), (_C["heads_heard"],), "share",
              "Share of the disputes courtyard heads heard that they settled"),
)


class Courtyards(Policy):
    """Courtyard self-governance; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("courtyard_turnout", "courtyard_projects_completed")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("intake", "decisions", "projects")
    COSTS = ("services", "projects", "staff")  # ledger items (sim.ledger)
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    USES = (Deliberation, Projects)

    def __init__(self, model):
        super().__init__(model)
        civic = self.round = model.component(Deliberation)
        self.book = model.component(Projects)
        pop, n_micro = model.pop, int(self.p["micro_grids"])
        self.n_micro = n_micro
        first_hh = np.minimum.reduceat(pop.household, pop.community_start[:-1])
        last_hh = np.maximum.reduceat(pop.household, pop.community_start[:-1])
        local = pop.household - first_hh[pop.community]
        size = (last_hh - first_hh + 1)[pop.community]
        self.n_areas = civic.n_comm * n_micro
        civic.set_micro_grids(pop.community.astype(np.int64) * n_micro + (local.astype(np.int64) * n_micro) // size,
                              self.n_areas)
        adult = pop.group != Group.CHILD
        civic.boost[adult] += self.p["mobilisation_boost"]
        hh, first = np.unique(pop.household[adult], return_index=True)
        self.households = np.bincount(civic.micro[adult][first], minlength=self.n_areas).astype(np.float64)
        del hh
        self.stamp = np.full(int(pop.household.max()) + 1, -1, np.int64)
        self.money = np.zeros(3)  # cost of passed projects, crowdfunded, topped up
        # Heads' mediation: disputes each micro-grid's heads heard this 30-day month, and their room.
        self._intake = model.component(Intake)
        self.used = np.zeros(self.n_areas)
        self.head_capacity = float(self.p["heads_per_micro_grid"] * self.p["head_cases_per_month"])
        self.over_capacity = None

    def head_settle_prob(self, t: float) -> float:
        """Chance the heads settle a dispute they hear after ``t`` days of courtyards (their learning)."""
        p = self.p
        start, end = p["head_settle_start"], p["head_settle_end"]
        return end - (end - start) * float(np.exp(-t / p["head_learning_days"]))

    def settle_chances(self) -> np.ndarray:
        """Each community's heads' chance to settle a dispute today, learning since its reform day (0 where
        the reform has not reached)."""
        return np.array([self.head_settle_prob(int(t)) if live else 0.0
                         for t, live in zip(self.days_reformed(), self.live)])

    def intake(self) -> None:
        """The heads hear today's new disputes first (``sim.kernels.courtyard_mediation``)."""
        m, q, pop = self.model, self.model.requests, self.model.pop
        if calendar.month_starts(m.day):
            self.used[:] = 0.0
        today = self._intake.today
        deadline = np.ascontiguousarray(m.rules.in_force("routing")[:, kh.RESPONSE_DEADLINE])
        heard, _ = kcm.hear(m.day, m.key("courtyards.heads"), today.start, today.stop, m.live,
                            self.settle_chances(), self.head_capacity, self.round.micro, self.used,
                            deadline, q.arrays(), pop.arrays(), m.experience,
                            m.acc, self.slot("heads_heard"), self.slot("heads_settled"), self.slot("heads_full"))
        if heard:
            per_community = m.acc[m.day, :, :, self.slot("heads_heard")].sum(axis=1)
            self.spend(per_community * self.p["head_case_yuan"], item="services")
        if m.validate and self.over_capacity is None and np.any(self.used > self.head_capacity):
            self.over_capacity = f"day {m.day}: courtyard heads heard more disputes than their monthly capacity"

    def decisions(self) -> None:
        """A month's first day, after the community's own decisions: proposals and household assemblies in
        every micro-grid."""
        m, pop, p, projects, civic = self.model, self.model.pop, self.p, self.book, self.round
        if not calendar.month_starts(m.day):
            return
        b = projects.book
        acc = m.acc[m.day]
        u = rng.uniforms(m.key("courtyards.proposals"), np.arange(self.n_areas, dtype=np.uint64))
        n = poisson(np.full(self.n_areas, p["proposals_per_micro_grid_month"]), u)
        area = np.repeat(np.arange(self.n_areas), n)
        ids = projects.new_proposals(area // self.n_micro, area, "courtyards.proposal", p["project_yuan"], KINDS,
                                     where=m.live)
        area = area[m.live[area // self.n_micro]]  # the proposals kept: those of reached communities
        key = m.key("courtyards.vote")
        for pid, a in zip(ids, area):
            c = a // self.n_micro
            votes, yes = kpr.assembly(key, pid, pop.community_start[c], pop.community_start[c + 1], civic.micro,
                                      a, pop.group, pop.household, civic.took, civic.serves[b.kind[pid]],
                                      p["vote_bias"], p["vote_need"], self.stamp)
            ok = votes > 0 and votes >= p["quorum_share"] * self.households[a] and yes >= p["pass_threshold"] * votes
            for name, value in (("proposals", 1.0), ("eligible", self.households[a]), ("votes", votes),
                                ("yes", yes), ("passed", float(ok))):
                acc[c, 0, self.slot(name)] += value
            if not ok:
                projects.reject(np.array([pid]))
                continue
            projects.approve(np.array([pid]), COURTYARD, int(p["project_days"]))
            cost = b.cost[pid]
            crowd = cost * p["crowdfund_share"]
            self.money += (cost, crowd, cost - crowd)
            acc[c, 0, self.slot("crowdfunded_yuan")] += crowd
            acc[c, 0, self.slot("topup_yuan")] += cost - crowd
            self.spend(cost - crowd, community=int(c), item="projects")
        self.spend(p["head_allowance_yuan_month"] * p["heads_per_micro_grid"] * self.n_micro * self.live, item="staff")

    def projects(self) -> None:
        """Count the courtyard projects completed today."""
        b, ids = self.book.book, self.book.completed_today
        if ids.shape[0] == 0:
            return
        mine = ids[b.body[ids] == COURTYARD]
        np.add.at(self.model.acc[self.model.day, :, 0, self.slot("completed")], b.community[mine], 1.0)

    def check_invariants(self):
        done = self.model.counted()
        yes, votes, eligible = (done[self.slot(n)] for n in ("yes", "votes", "eligible"))
        if not yes <= votes <= eligible:
            return f"assembly votes out of order: yes {yes:g}, cast {votes:g}, eligible {eligible:g}"
        if self.over_capacity is not None:
            return self.over_capacity
        if done[self.slot("heads_settled")] > done[self.slot("heads_heard")]:
            return "courtyard heads settled more disputes than they heard"
        cost, crowd, topup = self.money
        if abs(cost - crowd - topup) > 1e-6 * max(1.0, cost) or abs(done[self.slot("topup_yuan")] - topup) > 1e-6 * max(
                1.0, topup):
            return "courtyard project money does not add up (crowdfunded + top-up != cost)"
        return None
