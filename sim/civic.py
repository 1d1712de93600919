"""Civic life: the monthly participation round and the book of community projects.

The substrate the three deliberation mechanisms share (``participation``,
``committee``, ``courtyards``; DOMAIN.md mechanism 10 and the actor table).
It is built only when one of them is switched on: each gets it with
``model.shared(Civic)`` in its ``__init__`` (one instance per model), registers
itself (``civic.participation`` / ``committee`` / ``courtyards``) and calls
``civic.step()`` in its ``periodic`` hook. ``step()`` does the day's work once,
whichever policies call it (it remembers the last day it ran): on the first
day of each 30-day month (``day % 30 == 0``) the month's round, then every day
the completion of projects due. All three policies are built before the first
day, so the month's work sees every mechanism switched on.

The month, in order:

1. budget: each (reached) community's project pot receives ``budget_yuan_per_resident_year
   * residents / 12``;
2. participation round (``sim.kernels.participation``): every adult decides
   to take part or not (logit on propensity, time cost, points, fatigue; the
   participation policy's levers: points, online voting, rotating observers;
   the courtyards' mobilisation). ``extra_c = oversight_fatigue`` when
   community ``c`` has works under residents' oversight and no rotating
   observers carry that oversight (the plan: observers "against fatigue");
3. what participants voice: ``voice[c, k] = sum_g part[c, g] * serves[k, g] /
   sum_g part[c, g]``; what the community needs: the same over all adults
   (``need[c, k]``);
4. proposals: ``Poisson(proposals_per_10k_month * residents / 1e4)`` per
   community, kinds uniform over KINDS, cost ``project_cost_yuan * (0.5 + u)``;
5. oversight of works: each project in its planned works period (before its
   due day) that residents oversee (every kind; with decision boundaries only
   greening and venues, experts run the rest) is delayed by ``oversight_round_days * floor(rate / oversight_threshold)``
   days, ``rate`` the month's participation rate of its area (community or
   micro-grid): crowds of participants weighing in on works hold them up
   (the plan's project delayed two months);
6. decisions on pending community proposals: by the committee (monthly, see
   ``sim.policies.committee``) when it runs, else by the street office, top
   down (every ``street_office_interval_months``: each pending proposal
   approved with chance ``street_office_approve_share`` whatever residents
   need, the rest rejected). Approved proposals are funded from the pot in
   turn while it lasts, those waiting from earlier decisions first;
   unaffordable ones wait for money without a second decision; a proposal
   not started ``proposal_life_days`` after it was made is rejected;
7. courtyard assemblies (``sim.policies.courtyards``), when they run.

A project approved on day d runs ``project_days`` (courtyard projects their
own duration) plus its delays. On completion it reaches each adult of its
area with chance ``project_reach * serves[kind, group]`` and moves their
satisfaction and trust toward ``project_score * exp(-delay / delay_tolerance_days)``
(``sim.kernels.projects.benefit``); its need match is
``relative(need[c])[kind]`` (need rescaled over kinds: 1 the community's most
needed kind, 0 the least).

Staged roll-out (``sim.components.rollout``): civic life is modelled only in
communities the reform has reached (``model.live``), from their reform day; the
others keep the status quo of a run with every civic mechanism off (no
modelled round, proposals or projects). So the budget accrues, adults take
part (and are counted), proposals arrive and projects are decided only where
live; the month's calendar stays the city's (``day % 30``). Proposals are drawn
for every community and those of communities not reached dropped, and every
draw about a project is keyed by its ``key`` (its place among all proposals
drawn, reached or not), so a community's projects and votes do not depend on
which other communities have reformed.

Project book: struct of arrays (community, micro-grid or -1, kind, body,
state, proposed, decided, due, end, delay, cost, key); state PROPOSED -> WORKS ->
DONE, or PROPOSED -> REJECTED. Money: community projects are paid from the
pot: by the committee (its ledger item) or by the street office (the status
quo's own budget, counted in ``civic.street_office_yuan``, not a mechanism's
cost); courtyard projects by households and the courtyards' top-up.

Counters (``civic.*``): participants, online, observers, adults (by community
and group, on round days); skew_sum and rounds (the month's dissimilarity
index and 1, per community, group 0); proposals, approved, rejected,
completed, delay_days, need_match, street_office_yuan (per community, group 0).
Checks: every project in exactly one state and the state counts match the
counters; money spent <= budget released, per community; participants <=
adults; fatigue >= 0.
"""

from __future__ import annotations

import math

import numpy as np

from sim import calendar
from sim import rng
from sim.enums import Group
from sim.kernels import participation as kp
from sim.kernels import projects as kpr
from sim.kernels.aggregate import count_by_group
from sim.params import declarer, pack

SECTION = "civic"
_S = f"{SECTION}."

KINDS = ("greening", "venue", "safety", "elderly_service", "childcare")
GREENING, VENUE, SAFETY, ELDERLY_SERVICE, CHILDCARE = range(len(KINDS))
RESIDENT_DOMAIN = (GREENING, VENUE)  # the plan's decision boundary: residents decide greening and venues

PROPOSED, WORKS, DONE, REJECTED = range(4)
STATES = ("proposed", "works", "done", "rejected")
STREET_OFFICE, COMMITTEE, COURTYARD = range(3)  # the body that decided (and paid for) a project

_ADULTS = tuple(g for g in Group if g != Group.CHILD)
# How much a project of each kind serves each adult group (0-1), from DOMAIN.md "What residents need":
# elderly want care and meals, young families childcare, new citizens services and belonging.
_SERVES = {
    "greening": (0.5, 0.6, 0.5, 0.6, 0.4),
    "venue": (0.6, 0.7, 0.3, 0.5, 0.5),
    "safety": (0.5, 0.5, 0.5, 0.5, 0.5),
    "elderly_service": (1.0, 0.9, 0.1, 0.2, 0.1),
    "childcare": (0.0, 0.2, 0.1, 1.0, 0.7),
}


_p = declarer(SECTION)


PARAMS = (
    _p("a0", -2.5, -10.0, 10.0, "logit",
       "assumption: with the other defaults about 15% of adults take part in some deliberation in a month "
       "(elderly ~30%, working adults ~8%, new citizens ~5%), below the Shanghai survey's 47.9% election "
       "turnout (an election every few years draws more than a monthly meeting)",
       "Intercept of the monthly participation logit."),
    _p("a_propensity", 3.0, 0.0, 20.0, "logit per unit propensity",
       "assumption: propensity (residents.propensity_*, set from the Shanghai turnout by age: 18-29 13.8%, "
       "70-79 77.7%) is the main driver, so participants are older than the population, as in Shanghai",
       "Weight of a resident's participation propensity."),
    _p("a_time_per_hour", 0.5, 0.0, 10.0, "logit per hour",
       "assumption: a two-hour evening meeting costs a working resident about one logit unit",
       "Weight of the time a participation takes (times busy: 1 working age, retired_time_weight elderly)."),
    _p("retired_time_weight", 0.3, 0.0, 1.0, "ratio",
       "assumption: retired residents' time costs them less than working residents'",
       "Time-cost weight of elderly residents relative to working-age ones."),
    _p("a_points_per_yuan", 0.03, 0.0, 1.0, "logit per yuan",
       "assumption: points worth 10 yuan a participation add 0.3 logit (a few percentage points)",
       "Weight of the incentive points (yuan value) earned by taking part."),
    _p("a_fatigue", 0.2, 0.0, 5.0, "logit per unit fatigue",
       "assumption: a resident taking part every month (fatigue ~3.5) loses about 0.7 logit",
       "Weight of participation fatigue."),
    _p("fatigue_memory_days", 90.0, 1.0, 3650.0, "days",
       "assumption: fatigue from meetings fades over about three months (exponential memory)",
       "Memory of one's own participation (fatigue decays by exp(-30 / memory) a month)."),
    _p("meeting_hours", 2.0, 0.25, 12.0, "hours",
       "assumption: a hearing or residents' meeting takes about two hours with the way there",
       "Hours an offline meeting or hearing takes.", "structure"),
    _p("online_hours", 0.25, 0.0, 12.0, "hours",
       "assumption: reading a proposal and voting in the app takes a quarter of an hour",
       "Hours an online vote takes."),
    _p("oversight_fatigue", 0.5, 0.0, 10.0, "fatigue units",
       "assumption: where residents oversee works and no rotating observers do it, each participation "
       "also brings site rounds, half again the load of a meeting (plan: observers 'against fatigue')",
       "Extra fatigue of a participation in a community with works under residents' oversight."),
    _p("proposals_per_10k_month", 4.0, 0.0, 1000.0, "proposals per 10,000 residents per month",
       "assumption: a few project ideas a month reach the community (more than it can fund)",
       "Project proposals a community receives."),
    _p("project_cost_yuan", 40000.0, 0.0, 1e8, "yuan per project",
       "assumption: a community micro-project (greening a yard, an activity room, a canteen corner) "
       "costs tens of thousands of yuan; each costs 0.5 to 1.5 times this",
       "Mean cost of a community project."),
    _p("budget_yuan_per_resident_year", 40.0, 0.0, 1e5, "yuan per resident per year",
       "assumption: about 320,000 yuan a year for an 8,000-resident community, the order of the "
       "community public-service funds of Chengdu-type programmes",
       "Yearly project budget of a community (released monthly), for the committee or the street office.",
       "lever"),
    _p("project_days", 90, 1, 1000, "days",
       "assumption: a community micro-project takes about three months of works",
       "Planned duration of a community project.", "structure"),
    _p("proposal_life_days", 180, 30, 3650, "days",
       "assumption: an idea nobody decides on within half a year is dropped",
       "Days a proposal waits for a decision (or money) before it is rejected.", "structure"),
    _p("street_office_interval_months", 3, 1, 24, "months",
       "assumption: without a community committee, the street office decides community projects "
       "quarterly, top down",
       "Months between the street office's project decisions (the status quo).", "structure"),
    _p("street_office_approve_share", 0.5, 0.0, 1.0, "share of proposals",
       "assumption: the street office approves about half of what reaches it, whatever residents need",
       "Chance the street office approves a pending proposal (money permitting)."),
    _p("oversight_threshold", 0.35, 0.01, 1.0, "participation rate",
       "assumption: works stall when more than about a third of the adults concerned weigh in each month "
       "(plan: a project delayed two months by residents micromanaging works)",
       "Participation rate of an area per oversight round that delays its works."),
    _p("oversight_round_days", 15.0, 0.0, 60.0, "days per round",
       "assumption: at very high participation two rounds at each of the two monthly meetings during a "
       "three-month project's works give the plan's two-month delay",
       "Delay from one round of residents' oversight of works."),
    _p("project_score", 0.9, 0.0, 1.0, "0-1 scale",
       "assumption: a completed project that serves a resident is a good experience",
       "Experience score of a completed project (before its delay)."),
    _p("delay_tolerance_days", 60.0, 1.0, 3650.0, "days",
       "assumption: a project two months late pleases about a third less",
       "Scale of disappointment with a late project: score * exp(-delay / tolerance)."),
    _p("project_reach", 0.3, 0.0, 1.0, "share of adults",
       "assumption: a community micro-project is noticed by under a third of the adults it serves",
       "Chance a completed project reaches an adult it fully serves (times serves[kind, group])."),
    *(_p(f"serves.{kind}.{g.label}", _SERVES[kind][j], 0.0, 1.0, "0-1 scale",
         "assumption: DOMAIN.md 'What residents need' (elderly: care and meals; young families: childcare; "
         "new citizens: services; everyone: greening, venues, safety)",
         f"How much a {kind.replace('_', ' ')} project serves a {g.label.replace('_', ' ')}.", "structure")
      for kind in KINDS for j, g in enumerate(_ADULTS)),
)

COUNTERS = ("participants", "online", "observers", "adults", "skew_sum", "rounds", "proposals", "approved",
            "rejected", "completed", "delay_days", "need_match", "street_office_yuan")
COUNTER_NAMES = {name: f"{SECTION}.{name}" for name in COUNTERS}
INDICATORS = ()  # the KPIs built on these counters belong to the policies (printed when one is on)


def serves_matrix(params: dict) -> np.ndarray:
    """serves[kind, group] (children: 0)."""
    out = np.zeros((len(KINDS), len(Group)))
    for k, kind in enumerate(KINDS):
        for g in _ADULTS:
            out[k, g] = params[f"{_S}serves.{kind}.{g.label}"]
    return out


def relative(score: np.ndarray) -> np.ndarray:
    """Scores over kinds rescaled to 0 (the lowest) .. 1 (the highest); all 0.5 if they are equal."""
    lo, hi = score.min(), score.max()
    return (score - lo) / (hi - lo) if hi > lo else np.full(score.shape, 0.5)


def poisson(lam: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Poisson draws by inversion of uniforms ``u`` (small means: a few tens at most)."""
    out = np.zeros(lam.shape[0], np.int64)
    for j in range(lam.shape[0]):
        p = cdf = math.exp(-lam[j])
        n = 0
        while u[j] > cdf and n < 10000:
            n += 1
            p *= lam[j] / n
            cdf += p
        out[j] = n
    return out


class ProjectBook:
    """Every project proposed in the run, as a struct of arrays that grows as needed."""

    FIELDS = {"community": np.int64, "micro": np.int64, "kind": np.int64, "body": np.int64,
              "state": np.int8, "proposed": np.int64, "decided": np.int64, "due": np.int64,
              "end": np.int64, "delay": np.float64, "cost": np.float64, "key": np.int64}

    def __init__(self):
        self.n = 0
        for name, dtype in self.FIELDS.items():
            setattr(self, "_" + name, np.zeros(64, dtype))

    def __getattr__(self, name):
        if name in ProjectBook.FIELDS:
            return self.__dict__["_" + name][: self.n]
        raise AttributeError(name)

    def add(self, community, micro, kind, cost, day, key) -> np.ndarray:
        """Add proposals (arrays of one length; ``key`` numbers their random draws); their ids."""
        m = len(kind)
        if self.n + m > self._state.shape[0]:
            size = max(2 * self._state.shape[0], self.n + m)
            for name in self.FIELDS:
                old = self.__dict__["_" + name]
                new = np.zeros(size, old.dtype)
                new[: self.n] = old[: self.n]
                self.__dict__["_" + name] = new
        ids = np.arange(self.n, self.n + m)
        self.n += m
        self._community[ids], self._micro[ids], self._kind[ids] = community, micro, kind
        self._cost[ids], self._proposed[ids], self._state[ids] = cost, day, PROPOSED
        self._key[ids] = key
        self._body[ids] = self._decided[ids] = self._due[ids] = self._end[ids] = -1
        self._delay[ids] = 0.0
        return ids

    def set(self, name, ids, value) -> None:
        self.__dict__["_" + name][ids] = value

    def counts(self) -> np.ndarray:
        """Projects in each state (PROPOSED, WORKS, DONE, REJECTED)."""
        return np.bincount(self.state, minlength=len(STATES))


class Civic:
    """The shared civic substrate; see the module docstring."""

    def __init__(self, model):
        self.model = model
        pop, params = model.pop, model.params
        self.p = {k[len(_S):]: v for k, v in params.items() if k.startswith(_S)}
        self.n_comm, self.n_group = model.acc.shape[1:3]
        self.residents = np.diff(pop.community_start).astype(np.float64)
        self.adults = count_by_group(pop.community, pop.group, pop.group != Group.CHILD, self.n_comm, self.n_group)
        self.serves = serves_matrix(params)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.need = (self.adults @ self.serves.T) / self.adults.sum(axis=1, keepdims=True)
        self.need = np.nan_to_num(self.need)
        self.pv = pack(params, {kp.A0: _S + "a0", kp.A_PROP: _S + "a_propensity", kp.A_TIME: _S + "a_time_per_hour",
                                kp.A_POINTS: _S + "a_points_per_yuan", kp.A_FATIGUE: _S + "a_fatigue",
                                kp.RETIRED_TIME_WEIGHT: _S + "retired_time_weight",
                                kp.MEETING_HOURS: _S + "meeting_hours", kp.ONLINE_HOURS: _S + "online_hours"},
                       kp.N_P, fixed={kp.DECAY: math.exp(-30.0 / self.p["fatigue_memory_days"]),
                                      kp.OBSERVER_HOURS: self.p["meeting_hours"]})
        # Per resident: fatigue (exponential memory), this month's mode, courtyard mobilisation, micro-grid.
        self.fatigue = np.zeros(pop.n, np.float32)
        self.took = np.zeros(pop.n, np.int8)
        self.boost = np.zeros(pop.n, np.float64)
        self.micro = np.full(pop.n, -1, np.int64)
        self.book = ProjectBook()
        self.drawn = 0  # proposals drawn so far, in reached communities or not (the projects' draw keys)
        self.pot = np.zeros(self.n_comm)
        self.released = np.zeros(self.n_comm)
        self.spent = np.zeros(self.n_comm)
        self.rate = np.zeros(self.n_comm)  # this month's participation rate per community
        self.voice = self.need.copy()  # what participants voice (before the first round: the needs)
        self.month_index = -1
        self._last_day = -1
        self.participation = self.committee = self.courtyards = None  # the policies switched on
        self.cs = {name: model.slot(full) for name, full in COUNTER_NAMES.items()}

    # ------------------------------------------------------------------ the day
    def step(self) -> None:
        """The day's civic work, once a day whichever policy calls it first."""
        m = self.model
        if self._last_day == m.day:
            return
        self._last_day = m.day
        if calendar.month_starts(m.day):
            self.month_index += 1
            self._month()
        self._complete()

    def _month(self) -> None:
        budget = np.where(self.model.live, self.p["budget_yuan_per_resident_year"] * self.residents / 12.0, 0.0)
        self.pot += budget
        self.released += budget
        counts = self._round()
        for policy in (self.participation, self.courtyards):
            if policy is not None:
                policy.after_round(counts)
        self._propose()
        self._oversee()
        if self.committee is not None:
            self.committee.decide(self)
        elif self.month_index % self.p["street_office_interval_months"] == 0:
            self._street_office()
        if self.courtyards is not None:
            self.courtyards.assemble(self)
        self._expire()

    def add_funds(self, yuan: np.ndarray) -> None:
        """Money from outside the yearly budget (the funding mechanism) into the project pots, one value per
        community; counted as released, so spent <= released still holds."""
        self.pot += yuan
        self.released += yuan

    def _round(self) -> np.ndarray:
        """The participation round; records and returns (participants, online, observers, adults) by (c, g)."""
        m, pop = self.model, self.model.pop
        lev = self.participation
        online = bool(lev is not None and lev.p["online_voting"])
        points = float(lev.p["points_yuan_per_participation"]) if lev is not None else 0.0
        observers = float(lev.p["observers_per_1000_adults"]) / 1000.0 if lev is not None else 0.0
        self.pv[kp.OBSERVER_HOURS] = lev.p["observer_hours_month"] if lev is not None else self.p["meeting_hours"]
        extra = np.zeros(self.n_comm)
        if observers <= 0.0:
            overseen = self._overseen() & (self.book.micro < 0)
            extra[np.unique(self.book.community[overseen])] = self.p["oversight_fatigue"]
        kp.round_(m.key("civic.participate"), pop.community, m.live, pop.group, pop.propensity, pop.literacy,
                  self.boost, self.fatigue, extra, self.pv, online, points, observers, self.took)
        counts = kp.tally(pop.community, pop.group, self.took, self.n_comm, self.n_group)
        counts[:, ~m.live] = 0.0  # adults of communities not reached are not in the round
        acc = m.acc[m.day]
        for j, name in enumerate(("participants", "online", "observers", "adults")):
            acc[:, :, self.cs[name]] += counts[j]
        skew = kp.dissimilarity(counts[0], counts[3])
        ok = np.isfinite(skew)
        acc[ok, 0, self.cs["skew_sum"]] += skew[ok]
        acc[ok, 0, self.cs["rounds"]] += 1.0
        part = counts[0].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.rate = np.where(counts[3].sum(axis=1) > 0, part / np.maximum(counts[3].sum(axis=1), 1), 0.0)
            voice = (counts[0] @ self.serves.T) / part[:, None]
        self.voice = np.where(part[:, None] > 0, voice, self.need)
        return counts

    def _propose(self) -> None:
        m = self.model
        lam = self.p["proposals_per_10k_month"] * self.residents / 1e4
        u = rng.uniforms(m.key("civic.proposals"), np.arange(self.n_comm, dtype=np.uint64))
        n = poisson(lam, u)
        comm = np.repeat(np.arange(self.n_comm), n)
        self.new_proposals(comm, np.full(comm.shape[0], -1), "civic.proposal", self.p["project_cost_yuan"],
                           np.arange(len(KINDS)))

    def new_proposals(self, community, micro, stream, mean_cost, kinds) -> np.ndarray:
        """Add proposals of the given areas, kinds uniform over ``kinds``, cost ``mean_cost * (0.5 + u)``;
        the ids of those added. Proposals of communities the reform has not reached are drawn, then dropped
        (so the others' draws are those they would be in any roll-out)."""
        m = self.model
        cnt = np.arange(community.shape[0], dtype=np.uint64)
        u_kind = rng.uniforms(m.key(stream + "_kind"), cnt)
        u_cost = rng.uniforms(m.key(stream + "_cost"), cnt)
        kind = np.asarray(kinds)[np.minimum((u_kind * len(kinds)).astype(np.int64), len(kinds) - 1)]
        key = self.drawn + np.arange(community.shape[0], dtype=np.int64)
        self.drawn += community.shape[0]
        a = m.live[community]
        ids = self.book.add(community[a], micro[a], kind[a], (mean_cost * (0.5 + u_cost))[a], m.day, key[a])
        np.add.at(m.acc[m.day, :, 0, self.cs["proposals"]], community[a], 1.0)
        return ids

    def boundaries(self) -> bool:
        """Whether the plan's decision boundaries hold (residents: greening and venues; experts: safety)."""
        return bool(self.participation is not None and self.participation.p["decision_boundaries"])

    def _overseen(self) -> np.ndarray:
        """Projects in their planned works that residents oversee (the planned period only: a delay
        does not itself draw further rounds, so a three-month project meets at most three months' rounds)."""
        b = self.book
        mask = (b.state == WORKS) & (b.due > self.model.day)
        if self.boundaries():
            mask &= np.isin(b.kind, RESIDENT_DOMAIN)
        return mask

    def area_rate(self, ids) -> np.ndarray:
        """This month's participation rate of each project's area (its micro-grid, else its community)."""
        b = self.book
        rate = self.rate[b.community[ids]]
        if self.courtyards is not None:
            micro = b.micro[ids]
            rate = np.where(micro >= 0, self.courtyards.micro_rate[np.maximum(micro, 0)], rate)
        return rate

    def _oversee(self) -> None:
        b = self.book
        ids = np.flatnonzero(self._overseen())
        if ids.shape[0] == 0:
            return
        rounds = np.floor(self.area_rate(ids) / self.p["oversight_threshold"])
        days = rounds * self.p["oversight_round_days"]
        b.set("delay", ids, b.delay[ids] + days)
        b.set("end", ids, b.due[ids] + np.ceil(b.delay[ids]).astype(np.int64))

    def pending(self, community: int) -> np.ndarray:
        """Ids of community-level proposals of ``community`` awaiting a decision, oldest first."""
        b = self.book
        return np.flatnonzero((b.state == PROPOSED) & (b.decided < 0) & (b.community == community) & (b.micro < 0))

    def waiting(self, community: int) -> np.ndarray:
        """Ids of community-level proposals of ``community`` approved but waiting for money, oldest first."""
        b = self.book
        return np.flatnonzero((b.state == PROPOSED) & (b.decided >= 0) & (b.community == community) & (b.micro < 0))

    def approve(self, ids, body: int, duration: int) -> None:
        """Start works on ``ids`` (already paid for) today."""
        m, b = self.model, self.book
        b.set("state", ids, WORKS)
        b.set("body", ids, body)
        b.set("decided", ids, m.day)
        b.set("due", ids, m.day + duration)
        b.set("end", ids, m.day + duration)
        np.add.at(m.acc[m.day, :, 0, self.cs["approved"]], b.community[ids], 1.0)

    def reject(self, ids) -> None:
        m, b = self.model, self.book
        b.set("state", ids, REJECTED)
        b.set("decided", ids, m.day)
        np.add.at(m.acc[m.day, :, 0, self.cs["rejected"]], b.community[ids], 1.0)

    def fund(self, c: int, ids, body: int) -> np.ndarray:
        """Fund approved proposals of community ``c`` while its pot lasts: those already waiting for money
        first (oldest first), then ``ids`` in the given order. The rest wait (marked by their decision day)
        without a second decision. Returns the funded ids."""
        b = self.book
        funded = []
        for pid in np.concatenate([self.waiting(c), np.asarray(ids, np.int64)]):
            if b.cost[pid] <= self.pot[c] + 1e-9:
                self.pot[c] -= b.cost[pid]
                self.spent[c] += b.cost[pid]
                funded.append(pid)
            elif b.decided[pid] < 0:
                b.set("decided", pid, self.model.day)
        funded = np.array(funded, np.int64)
        if funded.shape[0]:
            self.approve(funded, body, self.p["project_days"])
            yuan = float(b.cost[funded].sum())
            if body == COMMITTEE:
                self.committee.spend(yuan, community=c)
            else:
                self.model.acc[self.model.day, c, 0, self.cs["street_office_yuan"]] += yuan
        return funded

    def _street_office(self) -> None:
        """The status quo: the street office approves top down, whatever residents voice."""
        m = self.model
        key = m.key("civic.street_office")
        for c in np.flatnonzero(m.live):
            ids = self.pending(c)
            yes = rng.uniforms(key, self.book.key[ids].astype(np.uint64)) < self.p["street_office_approve_share"]
            self.fund(c, ids[yes], STREET_OFFICE)
            self.reject(ids[~yes])

    def _expire(self) -> None:
        b = self.book
        old = np.flatnonzero((b.state == PROPOSED) & (b.proposed <= self.model.day - self.p["proposal_life_days"]))
        if old.shape[0]:
            self.reject(old)

    def _complete(self) -> None:
        m, b, pop = self.model, self.book, self.model.pop
        ids = np.flatnonzero((b.state == WORKS) & (b.end <= m.day))
        if ids.shape[0] == 0:
            return
        key = m.key("civic.benefit")  # each project draws with its own key (uniform2's j)
        acc = m.acc[m.day]
        for pid in ids:
            c, k, micro = int(b.community[pid]), int(b.kind[pid]), int(b.micro[pid])
            late = float(b.end[pid] - b.due[pid])
            score = self.p["project_score"] * math.exp(-late / self.p["delay_tolerance_days"])
            kpr.benefit(key, b.key[pid], pop.community_start[c], pop.community_start[c + 1], self.micro, micro,
                        pop.group, self.serves[k], self.p["project_reach"], score, pop.satisfaction, pop.trust, m.xp)
            acc[c, 0, self.cs["completed"]] += 1.0
            acc[c, 0, self.cs["delay_days"]] += late
            acc[c, 0, self.cs["need_match"]] += relative(self.need[c])[k]
            if b.body[pid] == COURTYARD:
                self.courtyards.completed(c)
        b.set("state", ids, DONE)

    # ------------------------------------------------------------------ checks
    def check_invariants(self):
        b, m = self.book, self.model
        if np.any((b.state < PROPOSED) | (b.state > REJECTED)):
            return "a project is in no known state"
        counts = b.counts()
        if counts.sum() != b.n:
            return "project states do not add up to the proposals"
        done = m.counted()
        cs = self.cs
        if done[cs["proposals"]] != b.n:
            return f"proposals counted {done[cs['proposals']]:g} != projects in the book {b.n}"
        if done[cs["approved"]] != counts[WORKS] + counts[DONE]:
            return "approved projects != projects under works or done"
        if done[cs["rejected"]] != counts[REJECTED] or done[cs["completed"]] != counts[DONE]:
            return "rejected or completed counters differ from the book"
        if np.any(self.spent > self.released + 1e-6) or np.any(self.pot < -1e-6):
            return "projects spent more than the budget released"
        if np.any(done[cs["participants"]] > done[cs["adults"]]):
            return "more participants than adults"
        if np.any(self.fatigue < 0):
            return "negative fatigue"
        works = b.state == WORKS
        if np.any(b.end[works] < b.due[works]):
            return "a project ends before it is due"
        return None
