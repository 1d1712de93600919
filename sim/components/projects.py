"""The book of community projects: budgets, proposals, decisions, works and completion.

Communities receive a yearly project budget (released monthly into a pot) and
project proposals; proposals are decided, funded from the pot, built and
completed. This runs in every scenario, in every community, from day 0. The
status quo's decider is the street office, top down; the committee mechanism
(``sim.policies.committee``) takes over decisions where the reform has
reached, and the courtyards mechanism (``sim.policies.courtyards``) adds
micro-grid proposals decided by household assemblies there. Each month, in
the order of ``sim.phases``:

1. ``periodic`` (a month's first day): each community's pot receives
   ``budget_yuan_per_resident_year * residents / 12``; the communities with
   works under residents' oversight are marked for the participation round
   (``Deliberation.overseen``);
2. ``civic``: after the round (``sim.components.deliberation``), proposals
   arrive: ``Poisson(proposals_per_10k_month * residents / 1e4)`` per
   community, kinds uniform over the kinds, cost
   ``project_cost_yuan * (0.5 + u)``; residents' oversight of works: each
   project in its planned works period (before its due day) that residents
   oversee (every kind; where the participation mechanism's decision
   boundaries hold, only greening and venues: experts run the rest) is
   delayed by ``oversight_round_days * floor(rate / oversight_threshold)``
   days, ``rate`` the month's participation rate of its area (community or
   micro-grid): crowds of participants weighing in on works hold them up (the
   plan's project delayed two months); at the status quo's low participation
   (~15% < ``oversight_threshold``) nothing is delayed;
3. ``decisions``: pending community proposals are decided by the street office
   every ``street_office_interval_months`` (each approved with chance
   ``street_office_approve_share`` whatever residents need, the rest rejected)
   in every community where no committee decides (``committee_decides``, where
   the reform has reached); then the committee's and the courtyards' own
   decisions. Approved proposals are funded from the pot in turn while it
   lasts, those waiting from earlier decisions first; unaffordable ones wait
   for money without a second decision;
4. ``projects``: on a month's first day, a proposal not started
   ``proposal_life_days`` after it was made is rejected; every day, projects
   due are completed.

A project approved on day d runs ``project_days`` (courtyard projects their
own duration) plus its delays. On completion it reaches each adult of its
area with chance ``min(1, project_reach_adults / adults of the area) * serves[kind, group]`` (a
number of adults, so per-resident effects do not grow with community size) and moves their
satisfaction and trust toward ``project_score * exp(-delay / delay_tolerance_days)``
(``sim.kernels.projects.benefit``); its need match is
``relative(need[c])[kind]`` (need rescaled over kinds: 1 the community's most
needed kind, 0 the least).

Rules mechanisms change, applied only where the reform has reached
(``model.live``): ``committee_decides`` (the committee), the decision
boundaries ``boundaries`` and ``expert_approve_share`` (the participation
mechanism). Money from outside the budget comes in through ``add_funds``
(the funding mechanism). Staged roll-out: a community the reform has not
reached keeps the street office and no boundaries; the month's calendar is
the city's (``sim.calendar``). Every draw about a project is keyed by its
``key``: its place among the proposals of its stream (community proposals
``civic.proposal``; a mechanism's, e.g. ``courtyards.proposal``, in a key
space of their own, ``stream's first use << 40``), so community projects
draw the same in every arm, and a mechanism's proposals of communities not
reached are drawn, then dropped (``new_proposals``' ``where``), so the others'
draws do not depend on which communities have reformed.

Project book: struct of arrays (community, micro-grid or -1, kind, body,
state, proposed, decided, due, end, delay, cost, key); state PROPOSED -> WORKS ->
DONE, or PROPOSED -> REJECTED. Money: community projects are paid from the
pot, the community's own project budget in every arm, by whichever body
decides: the street office (counted in ``civic.street_office_yuan``) or the
committee (``civic.committee_yuan``); neither is a mechanism's cost (the
committee pays its meetings, the funding mechanism the money it adds to the
pot); courtyard projects by households and the courtyards' top-up.

Counters (``civic.*``, per community, group 0): proposals, approved,
rejected, completed, delay_days, need_match, street_office_yuan,
committee_yuan. KPIs (the world's, in every run): ``projects_completed``,
``project_need_match``, ``project_delay_days``.
Checks: every project in exactly one state and the state counts match the
counters; money spent <= budget released, per community; works end on or
after their due day.
"""

from __future__ import annotations

import math

import numpy as np

from sim import calendar, rng
from sim.calendar import NO_DAY
from sim.components.deliberation import KINDS, GREENING, VENUE, Deliberation, relative
from sim.enums import Group
from sim.indicators import Indicator
from sim.kernels import projects as kpr
from sim.params import declarer, section

SECTION = "civic"
_S = f"{SECTION}."

RESIDENT_DOMAIN = (GREENING, VENUE)  # the plan's decision boundary: residents decide greening and venues
PROPOSED, WORKS, DONE, REJECTED = range(4)
STATES = ("proposed", "works", "done", "rejected")
STREET_OFFICE, COMMITTEE, COURTYARD = range(3)  # the body that decided (and paid for) a project

_p = declarer(SECTION)


PARAMS = (
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
       "calibration: sized to plan §participation incentives' project set back two months by residents "
       "interfering in the works (docs/validation.md): at very high participation two rounds at each of the "
       "two monthly meetings during a three-month project's works",
       "Delay from one round of residents' oversight of works."),
    _p("project_score", 0.9, 0.0, 1.0, "0-1 scale",
       "assumption: a completed project that serves a resident is a good experience",
       "Experience score of a completed project (before its delay)."),
    _p("delay_tolerance_days", 60.0, 1.0, 3650.0, "days",
       "assumption: a project two months late pleases about a third less",
       "Scale of disappointment with a late project: score * exp(-delay / tolerance)."),
    _p("project_reach_adults", 2000.0, 0.0, 1e6, "adults",
       "assumption: a community micro-project (a garden, a room, a path) is noticed by about 2,000 adults, "
       "under a third of a community of 8,000; a number, not a share, so a bigger community's more "
       "projects do not each reach more of its residents (results do not move with the simulated size)",
       "Adults a completed project reaches at most: an adult it fully serves is reached with chance "
       "min(1, project_reach_adults / adults of its area) times serves[kind, group]."),
)

COUNTERS = ("proposals", "approved", "rejected", "completed", "delay_days", "need_match", "street_office_yuan",
            "committee_yuan")
COUNTER_NAMES = {name: f"{SECTION}.{name}" for name in COUNTERS}
_C = COUNTER_NAMES
INDICATORS = (
    Indicator("projects_completed", (_C["completed"],), None, "projects",
              "Community projects completed (by any body: street office, committee, courtyards)", by_group=False),
    Indicator("project_need_match", (_C["need_match"],), (_C["completed"],), "0-1",
              "How well completed projects match the community's needs: (need of the kind - least need) / "
              "(most need - least need) over kinds (1: the most needed kind; mean over completed projects)",
              by_group=False),
    Indicator("project_delay_days", (_C["delay_days"],), (_C["completed"],), "days",
              "Days completed community projects ran late (residents' oversight of works)", by_group=False),
)
_KEY_SPACE = 40  # a stream's project keys start at (its first use) << _KEY_SPACE


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
        self._body[ids] = -1
        self._decided[ids] = self._due[ids] = self._end[ids] = NO_DAY  # not yet: -1 is a warm-up day
        self._delay[ids] = 0.0
        return ids

    def set(self, name, ids, value) -> None:
        self.__dict__["_" + name][ids] = value

    def counts(self) -> np.ndarray:
        """Projects in each state (PROPOSED, WORKS, DONE, REJECTED)."""
        return np.bincount(self.state, minlength=len(STATES))


class Projects:
    """The book of community projects; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    PHASES = ("periodic", "civic", "decisions", "projects")

    def __init__(self, model):
        self.model = model
        self.deliberation = model.component(Deliberation)
        self.p = section(model.params, SECTION)
        self.n_comm = model.acc.shape[1]
        self.residents = np.diff(model.pop.community_start).astype(np.float64)
        self.book = ProjectBook()
        self.drawn: dict[str, int] = {}  # proposals drawn so far per stream, kept or not (the projects' draw keys)
        self.pot = np.zeros(self.n_comm)
        self.released = np.zeros(self.n_comm)
        self.spent = np.zeros(self.n_comm)
        self.completed_today = np.zeros(0, np.int64)
        # Rules mechanisms change, applied where the reform has reached (see the module docstring).
        self.committee_decides = False
        self.boundaries = False
        self.expert_approve_share = 0.0
        self.cs = {name: model.slot(full) for name, full in COUNTER_NAMES.items()}

    # ------------------------------------------------------------------ the month
    def periodic(self) -> None:
        """A month's first day: the budget released; the communities whose works residents oversee."""
        m = self.model
        if not calendar.month_starts(m.day):
            return
        budget = self.p["budget_yuan_per_resident_year"] * self.residents / 12.0
        self.pot += budget
        self.released += budget
        b = self.book
        overseen = self._overseen() & (b.micro < 0)
        self.deliberation.overseen[:] = False
        self.deliberation.overseen[np.unique(b.community[overseen])] = True

    def civic(self) -> None:
        """A month's first day, after the round: proposals arrive; residents' oversight delays works."""
        if not calendar.month_starts(self.model.day):
            return
        self._propose()
        self._oversee()

    def decisions(self) -> None:
        """A month's first day: the street office decides, every few months, where no committee does."""
        m = self.model
        if not calendar.month_starts(m.day):
            return
        if calendar.month_of(m.day) % self.p["street_office_interval_months"] == 0:
            self._street_office(np.flatnonzero(~(m.live & self.committee_decides)))

    def projects(self) -> None:
        """Proposals past their life expire (a month's first day); projects due are completed (every day)."""
        if calendar.month_starts(self.model.day):
            self._expire()
        self._complete()

    def add_funds(self, yuan: np.ndarray) -> None:
        """Money from outside the yearly budget (the funding mechanism) into the project pots, one value per
        community; counted as released, so spent <= released still holds."""
        self.pot += yuan
        self.released += yuan

    def _propose(self) -> None:
        m = self.model
        lam = self.p["proposals_per_10k_month"] * self.residents / 1e4
        u = rng.uniforms(m.key("civic.proposals"), np.arange(self.n_comm, dtype=np.uint64))
        n = poisson(lam, u)
        comm = np.repeat(np.arange(self.n_comm), n)
        self.new_proposals(comm, np.full(comm.shape[0], -1), "civic.proposal", self.p["project_cost_yuan"],
                           np.arange(len(KINDS)))

    def new_proposals(self, community, micro, stream, mean_cost, kinds, where=None) -> np.ndarray:
        """Add proposals of the given areas, kinds uniform over ``kinds``, cost ``mean_cost * (0.5 + u)``;
        the ids of those added. ``where`` (a bool per community, default every one): the communities whose
        proposals are kept; the others' are drawn, then dropped (so the kept ones draw as they would in any
        roll-out: a mechanism passes ``model.live``)."""
        m = self.model
        cnt = np.arange(community.shape[0], dtype=np.uint64)
        u_kind = rng.uniforms(m.key(stream + "_kind"), cnt)
        u_cost = rng.uniforms(m.key(stream + "_cost"), cnt)
        kind = np.asarray(kinds)[np.minimum((u_kind * len(kinds)).astype(np.int64), len(kinds) - 1)]
        if stream not in self.drawn:
            self.drawn[stream] = len(self.drawn) << _KEY_SPACE
        key = self.drawn[stream] + np.arange(community.shape[0], dtype=np.int64)
        self.drawn[stream] += community.shape[0]
        a = np.ones(community.shape[0], np.bool_) if where is None else where[community]
        ids = self.book.add(community[a], micro[a], kind[a], (mean_cost * (0.5 + u_cost))[a], m.day, key[a])
        np.add.at(m.acc[m.day, :, 0, self.cs["proposals"]], community[a], 1.0)
        return ids

    def _overseen(self) -> np.ndarray:
        """Projects in their planned works that residents oversee (the planned period only: a delay
        does not itself draw further rounds, so a three-month project meets at most three months' rounds)."""
        b = self.book
        mask = (b.state == WORKS) & (b.due > self.model.day)
        if self.boundaries:  # where the reform has reached, residents oversee only their domain
            mask &= ~self.model.live[b.community] | np.isin(b.kind, RESIDENT_DOMAIN)
        return mask

    def area_rate(self, ids) -> np.ndarray:
        """This month's participation rate of each project's area (its micro-grid, else its community)."""
        b, d = self.book, self.deliberation
        rate = d.rate[b.community[ids]]
        if d.n_areas:
            micro = b.micro[ids]
            rate = np.where(micro >= 0, d.micro_rate[np.maximum(micro, 0)], rate)
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
        return np.flatnonzero((b.state == PROPOSED) & (b.decided == NO_DAY) & (b.community == community)
                              & (b.micro < 0))

    def waiting(self, community: int) -> np.ndarray:
        """Ids of community-level proposals of ``community`` approved but waiting for money, oldest first."""
        b = self.book
        return np.flatnonzero((b.state == PROPOSED) & (b.decided != NO_DAY) & (b.community == community)
                              & (b.micro < 0))

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
        without a second decision. Returns the funded ids. The pot is the community's own budget, so the
        spending is counted here by body (street office or committee), not charged to a mechanism."""
        b = self.book
        funded = []
        for pid in np.concatenate([self.waiting(c), np.asarray(ids, np.int64)]):
            if b.cost[pid] <= self.pot[c] + 1e-9:
                self.pot[c] -= b.cost[pid]
                self.spent[c] += b.cost[pid]
                funded.append(pid)
            elif b.decided[pid] == NO_DAY:
                b.set("decided", pid, self.model.day)
        funded = np.array(funded, np.int64)
        if funded.shape[0]:
            self.approve(funded, body, self.p["project_days"])
            spender = {STREET_OFFICE: "street_office_yuan", COMMITTEE: "committee_yuan"}.get(body)
            if spender:
                self.model.acc[self.model.day, c, 0, self.cs[spender]] += float(b.cost[funded].sum())
        return funded

    def _street_office(self, communities) -> None:
        """The status quo: the street office approves top down, whatever residents voice."""
        m = self.model
        key = m.key("civic.street_office")
        for c in communities:
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
        self.completed_today = ids
        if ids.shape[0] == 0:
            return
        d = self.deliberation
        key = m.key("civic.benefit")  # each project draws with its own key (uniform2's j)
        acc = m.acc[m.day]
        for pid in ids:
            c, k, micro = int(b.community[pid]), int(b.kind[pid]), int(b.micro[pid])
            late = float(b.end[pid] - b.due[pid])
            score = self.p["project_score"] * math.exp(-late / self.p["delay_tolerance_days"])
            kpr.benefit(key, b.key[pid], pop.community_start[c], pop.community_start[c + 1], d.micro, micro,
                        pop.group, d.serves[k], self._reach(c, micro), score, pop.satisfaction, pop.trust,
                        m.experience)
            acc[c, 0, self.cs["completed"]] += 1.0
            acc[c, 0, self.cs["delay_days"]] += late
            acc[c, 0, self.cs["need_match"]] += relative(d.need[c])[k]
        b.set("state", ids, DONE)

    def _reach(self, c: int, micro: int) -> float:
        """The chance a project of community ``c`` (of micro-grid ``micro``, or -1: the whole community)
        reaches an adult it fully serves: ``project_reach_adults`` of the area's adults, at most all."""
        pop = self.model.pop
        lo, hi = pop.community_start[c], pop.community_start[c + 1]
        adult = pop.group[lo:hi] != Group.CHILD
        if micro >= 0:
            adult &= self.deliberation.micro[lo:hi] == micro
        adults = int(adult.sum())
        return min(1.0, self.p["project_reach_adults"] / adults) if adults else 0.0

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
        works = b.state == WORKS
        if np.any(b.end[works] < b.due[works]):
            return "a project ends before it is due"
        return None
