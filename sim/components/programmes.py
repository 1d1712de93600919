"""Service programmes held in community venues, in every community: mechanisms 11, 13, 14, 15 and 17 act on them.

What it is: each community runs service programmes of five kinds
(``sim.kernels.programmes.KINDS``: the 4:30 after-school class, elderly meals,
elderly day care, cultural activities, health checks) in *facilities*
(rooms): each facility has ``hours`` of venue time a month and hosts one kind,
with ``floor(hours / hours_per_seat.<kind>)`` seats (a seat is one resident's
place for a month). Purchased places (``extra_seats``, paid by community
partners or the funding mechanism) add seats without venue time.

Who wants what (docs/plan.md, "What residents need"): a resident of group ``g``
wants kind ``k`` with the fixed chance ``want.<kind>.<group>`` (drawn once,
stream ``programmes.want``): elderly want meals, day care and health checks,
young parents the 4:30 class, everyone some cultural activity. A young
parent's want of the 4:30 class stands for their child's place.

The status quo (no needs survey): the office splits the community's rooms
(``rooms_per_10k`` per 10,000 residents, a fraction too) between kinds by
``topdown_share.<kind>``, in proportion: each kind its whole rooms and, for the
fraction left, a room it shares with other kinds (a facility with that share of
a room's hours; ``room_shares``). Rooms are capacity in proportion to the
residents, not whole rooms rounded: rounded, a small community got no room at
all for a kind of small share and a larger one got one, so the offer per
resident jumped with the simulated size. The office favours the
cheap and visible (cultural events, health-check days), so the most wanted
services go short and seats of the others stay empty: the plan's "programmes
designed without asking residents draw under 50% participation".

Each month (on the month's last day, ``programmes`` phase)
``sim.kernels.programmes.attend`` lets seekers take seats (a lottery
within each community and kind) and moves the satisfaction and trust of those
who sought a programme (see the kernel's docstring). Facilities then record
their use (attendees fill each kind's facilities in order), their
utilisation ``used hours / hours`` and how many months in a row they have been
idle over ``resource_pool.idle_threshold`` (tracked here, acted on by the
resource pool).

A seat meets needs (``seats_held`` phase, each day, after needs arise): a
resident holding a 4:30-class seat this month has a childcare need met by it
with chance ``need_met_share``, one holding a meals or day-care seat an
elderly-care need (``sim.kernels.programmes.meet_needs``). A met need leaves
``model.today_who``: it never becomes a request and is not counted in the
engine's ``needs`` (counter ``needs_met``), as the time bank's served needs.

Service contracts (``sim.components.contracts``): with ``contracts`` on (the
status quo of unevaluated contracts, everywhere), or where the evaluation
mechanism starts them (``start_contracts``: only where the reform has
reached), each (community, kind) is one contract run by a provider of
quality ``q`` in (0, 1), and a seat scores ``attended_score * q`` (the
kernel's ``quality``); a contract being replaced offers no seats. Where no
contracts are in force every quality is 1, exactly the programmes without
providers.

The process runs in every scenario, in every community, from day 0: the
office's top-down rooms, residents seeking and taking seats, seats meeting
needs. With the defaults about a third of the seats are taken
(``programme_attendance`` 0.35 in ``baseline``, seed 1, a year): the plan's
"under 50%" of programmes designed without asking residents (docs/plan.md,
needs-driven programming; ``topdown_share`` is the assumption behind it). It has no
cost of its own: the status-quo programmes are paid from budgets the model
does not track, and each mechanism charges what it adds.

What mechanisms change, only where the reform has reached (``model.live``):
the rooms' kinds (needs-driven programming's survey, the resource pool's
repurposing, the partners' matching: each changes the facilities of reached
communities only), venues they add (``add_facilities`` with an owner other
than ``OWN``: schools, hospitals, firms, partners; held from the start, they
offer seats only where the reform has reached), purchased places
(``extra_seats``, bought for reached communities only) and the evaluation's
contracts. Staged roll-out: a community not reached keeps the status quo's
programmes; a reached one gets the mechanisms' changes from its reform day.

Counters (``programmes.<name>``, community-level ones in group 0): ``seats``,
``venue_hours`` (of the facilities offering seats), ``venue_hours_used``; by
group: ``seekers``, ``attendees``, ``unserved``, ``needs_met``, ``users``
(residents who took a seat this month) and ``user_sat_sum`` (their
satisfaction after the month). KPIs (the world's, in every run):
``programme_attendance``, ``programme_served_share``,
``programme_user_satisfaction``, ``venue_utilisation``.
Checks: attendees <= seats for every community and kind, used <= available
venue hours for every facility, attendees + unserved == seekers.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from sim import calendar
from sim.components.contracts import Contracts
from sim.enums import Group
from sim.indicators import Indicator
from sim.kernels import programmes as kprog
from sim.params import declarer, pack

SECTION = "programmes"
_S = f"{SECTION}."
KINDS = kprog.KINDS
OWN, SCHOOL, HOSPITAL, FIRM, PARTNER = range(5)  # facility owners
_ADULTS = [g for g in Group if g != Group.CHILD]

# Share of each group wanting each kind (assumption, from docs/plan.md "What residents need": the elderly want
# meals, day care, health checks; young families the 4:30 class; new citizens services for their children;
# everyone cultural activities). Columns: elderly alone, elderly with family, working adult, young parent,
# new citizen.
_WANT = {
    "after_school": (0.0, 0.0, 0.0, 0.6, 0.4),
    "meals": (0.5, 0.3, 0.0, 0.0, 0.0),
    "day_care": (0.2, 0.1, 0.0, 0.0, 0.0),
    "cultural": (0.15, 0.15, 0.08, 0.05, 0.05),
    "health_check": (0.2, 0.2, 0.03, 0.03, 0.05),
}
# Venue-hours one seat takes a month (assumption): a 4:30 class of 25 for 2 h on 22 school days; a canteen
# sitting of 30 for 1.5 h every day; day care of 15 for 10 h on 22 days; a cultural group of 20 for 2 h a
# week; a weekly blood-pressure hour for 16 ("a doctor to take my blood pressure weekly").
_HOURS = {"after_school": 1.8, "meals": 1.5, "day_care": 15.0, "cultural": 0.4, "health_check": 0.25}
# The office's split of rooms without a survey (assumption: docs/plan.md, the most wanted services go unfunded
# while programmes are designed top-down; cheap, visible events get the rooms).
_TOPDOWN = {"after_school": 0.03, "meals": 0.02, "day_care": 0.1, "cultural": 0.6, "health_check": 0.25}
# A purchased place for a month (assumption; the plan's childcare station: 1,500 yuan a month subsidised).
_SEAT_YUAN = {"after_school": 600.0, "meals": 450.0, "day_care": 1500.0, "cultural": 100.0, "health_check": 150.0}


_p = declarer(SECTION)


PARAMS = (
    *(_p(f"want.{k}.{g.label}", _WANT[k][i], 0.0, 1.0, "share of the group",
         "assumption: docs/plan.md 'What residents need' (elderly: meals, day care, health checks; young families: "
         "the 4:30 class; new citizens: services for their children; everyone: cultural activities)",
         f"Share of {g.label.replace('_', ' ')} residents who want {k.replace('_', ' ')} programmes.")
      for k in KINDS for i, g in enumerate(_ADULTS)),
    *(_p(f"hours_per_seat.{k}", _HOURS[k], 0.01, 200.0, "venue-hours per seat-month",
         "assumption: group size and schedule of a typical programme (see sim/components/programmes.py)",
         f"Venue-hours a month one {k.replace('_', ' ')} seat takes.", "structure") for k in KINDS),
    *(_p(f"topdown_share.{k}", _TOPDOWN[k], 0.0, 1.0, "weight",
         "assumption: docs/plan.md, programmes designed without asking residents: the most wanted (4:30 class, "
         "elderly meals) go unfunded", f"Weight of {k.replace('_', ' ')} in the office's split of rooms "
         "when no needs survey guides it (weights are normalised).", "lever") for k in KINDS),
    *(_p(f"seat_yuan.{k}", _SEAT_YUAN[k], 1.0, 100000.0, "yuan per seat-month",
         "assumption: market prices; plan §figures: a childcare station place 1,500 yuan a month subsidised",
         f"Price of a purchased {k.replace('_', ' ')} place for a month.") for k in KINDS),
    _p("rooms_per_10k", 8.0, 0.0, 1000.0, "rooms per 10,000 residents",
       "assumption: a community service station with about eight activity rooms for 10,000 residents",
       "Rooms the community's own venues offer for programmes.", "structure"),
    _p("room_hours_per_month", 150.0, 0.0, 744.0, "venue-hours per room per month",
       "assumption: a room open for programmes about 6 hours on 25 days a month",
       "Venue-hours a community room offers a month.", "structure"),
    _p("attend_base", 0.5, 0.0, 1.0, "probability",
       "assumption: half of those who want a kind seek it in a given month whatever their propensity",
       "Chance that a resident who wants a kind seeks it this month, at propensity 0."),
    _p("attend_propensity", 0.5, 0.0, 1.0, "probability per unit propensity",
       "assumption: keen residents (participation propensity) seek more often",
       "Added chance of seeking a wanted programme per unit of participation propensity."),
    _p("attended_score", 0.95, 0.0, 1.0, "0-1 scale",
       "assumption: a place in a programme one wanted is a good experience",
       "Experience score of a month with a seat in a wanted programme."),
    _p("unserved_score", 0.6, 0.0, 1.0, "0-1 scale",
       "calibration: sized to plan §figures' resident satisfaction of 76% before reform, with the status-quo "
       "programmes running (docs/validation.md); finding no place disappoints, less than a request gone "
       "unmet (experience.unmet_score)",
       "Experience score of a month in which a wanted programme had no seat."),
    _p("need_met_share", 0.7, 0.0, 1.0, "share of needs",
       "assumption: a 4:30-class place covers most after-school childcare needs, a canteen or day-care place "
       "most elderly-care needs (the rest: illness, repairs at home, paperwork)",
       "Share of a seat holder's childcare (4:30 class) or elderly-care (meals, day care) needs the seat meets."),
    _p("experience_weight", 0.5, 0.0, 1.0, "share of the usual weights",
       "assumption: a month of a programme counts half as much as a request's outcome (as a counter visit)",
       "Weight of a programme month (and of a household member's job) in satisfaction and trust."),
)

COUNTERS = ("seats", "venue_hours", "venue_hours_used", "seekers", "attendees", "unserved", "needs_met", "users",
            "user_sat_sum")
(SEATS, VENUE_HOURS, VENUE_HOURS_USED, SEEKERS, ATTENDEES, UNSERVED, NEEDS_MET, USERS,
 USER_SAT_SUM) = range(len(COUNTERS))
_P = _S
INDICATORS = (
    Indicator("programme_attendance", (_P + "attendees",), (_P + "seats",), "share",
              "Share of programme seats offered that residents took (plan: under 50% without a needs survey)",
              by_group=False),
    Indicator("programme_served_share", (_P + "attendees",), (_P + "seekers",), "share",
              "Share of residents seeking a wanted programme who found a seat"),
    Indicator("programme_user_satisfaction", (_P + "user_sat_sum",), (_P + "users",), "0-1",
              "Mean satisfaction of residents who took a programme seat, after the month (the users a "
              "partner programme's own survey asks; Shenzhen partners: 92%)"),
    Indicator("venue_utilisation", (_P + "venue_hours_used",), (_P + "venue_hours",), "share",
              "Share of programme venue-hours in use (the resource pool repurposes facilities idle over 30%)",
              by_group=False),
)


def by_kind(params: dict, prefix: str) -> np.ndarray:
    """The per-kind parameter ``programmes.<prefix>.<kind>`` as an array over kinds."""
    return np.array([params[f"{_S}{prefix}.{k}"] for k in KINDS], dtype=np.float64)


def room_shares(rooms: float, weights: np.ndarray, eps: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """``rooms`` (fractional) split between kinds by ``weights``: each kind its whole rooms, then a room
    shared with other kinds for the fraction left. Returns the kind of each facility and its share of a
    room's hours, kinds in order."""
    w = np.asarray(weights, dtype=np.float64)
    w = np.ones_like(w) if w.sum() <= 0 else w / w.sum()
    kinds, shares = [], []
    for k, x in enumerate(w * max(rooms, 0.0)):
        whole = int(np.floor(x + eps))
        kinds += [k] * whole
        shares += [1.0] * whole
        if x - whole > eps:
            kinds.append(k)
            shares.append(x - whole)
    return np.array(kinds, np.int64), np.array(shares, np.float64)


class Programmes:
    """The programmes in community venues; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    PHASES = ("seats_held", "programmes")

    def __init__(self, model):
        self.model = model
        pop, prm = model.pop, model.params
        self.n_comm = model.acc.shape[1]
        want = np.zeros((len(Group), kprog.N_KINDS))
        for k, kind in enumerate(KINDS):
            for g in _ADULTS:
                want[g, k] = prm[f"{_S}want.{kind}.{g.label}"]
        self.wants = kprog.draw_wants(model.key_fixed("programmes.want"), pop.group, want)
        self.hours_per_seat = by_kind(prm, "hours_per_seat")
        self.topdown = by_kind(prm, "topdown_share")
        self.seat_yuan = by_kind(prm, "seat_yuan")
        self.need_met_share = prm[_S + "need_met_share"]
        self.pv = pack(prm, {kprog.ATTEND_BASE: _S + "attend_base", kprog.ATTEND_PROPENSITY: _S + "attend_propensity",
                             kprog.ATTENDED_SCORE: _S + "attended_score", kprog.UNSERVED_SCORE: _S + "unserved_score",
                             kprog.WEIGHT: _S + "experience_weight"}, kprog.N_P)
        self.residents = np.diff(pop.community_start).astype(np.float64)
        # Facilities (rooms), one row each.
        self.fac_comm = np.empty(0, np.int64)
        self.fac_hours = np.empty(0)
        self.fac_kind = np.empty(0, np.int64)
        self.fac_owner = np.empty(0, np.int8)
        self.fac_used = np.empty(0)  # seats taken last month
        self.fac_idle_months = np.empty(0, np.int64)
        self.utilisation = np.empty(0)
        rooms = prm[_S + "rooms_per_10k"] * self.residents / 1e4
        for c in range(self.n_comm):
            kinds, share = room_shares(rooms[c], self.topdown)
            self.add_facilities(np.full(kinds.shape[0], c), share * prm[_S + "room_hours_per_month"], OWN, kinds)
        self.extra_seats = np.zeros((self.n_comm, kprog.N_KINDS))  # purchased places for this month
        self.last_seats = np.zeros((self.n_comm, kprog.N_KINDS))
        self.last_attended = np.zeros((self.n_comm, kprog.N_KINDS))
        self.last_unserved = np.zeros((self.n_comm, kprog.N_KINDS))
        self.holds = np.zeros(pop.n, np.uint8)  # kinds each resident held a seat of last month
        self._keep = np.empty(0, np.bool_)
        self._problem = None
        self.cs = np.array([model.slot(f"{_S}{name}") for name in COUNTERS], np.int64)
        self.contracts = None
        if prm[_S + "contracts"]:
            self.start_contracts()

    # Households, made when a mechanism first asks (the status quo's programmes do not need them).
    @cached_property
    def hh_order(self) -> np.ndarray:
        """Residents listed household by household (for jobs that please a household)."""
        return np.argsort(self.model.pop.household, kind="stable").astype(np.int64)

    @cached_property
    def hh_start(self) -> np.ndarray:
        """Where each household's members start in ``hh_order`` (one more entry than households)."""
        pop = self.model.pop
        n_hh = int(pop.household.max()) + 1 if pop.n else 0
        return np.searchsorted(pop.household[self.hh_order], np.arange(n_hh + 1)).astype(np.int64)

    @cached_property
    def household_community(self) -> np.ndarray:
        """Each household's community (for household surveys)."""
        pop = self.model.pop
        out = np.zeros(int(pop.household.max()) + 1 if pop.n else 0, np.int64)
        out[pop.household] = pop.community
        return out

    def start_contracts(self) -> Contracts:
        """The service contracts (built on first call; see ``Contracts``): everywhere with
        ``programmes.contracts`` on (the status quo), else where the reform has reached (a mechanism's)."""
        if self.contracts is None:
            self.contracts = Contracts(self.model, self.n_comm, everywhere=bool(self.model.params[_S + "contracts"]))
        return self.contracts

    # ------------------------------------------------------------------ facilities

    def add_facilities(self, comm, hours, owner: int, kind) -> np.ndarray:
        """Append facilities; returns their indexes."""
        n0, comm = self.fac_comm.shape[0], np.asarray(comm, np.int64)
        k = comm.shape[0]
        self.fac_comm = np.concatenate([self.fac_comm, comm])
        self.fac_hours = np.concatenate([self.fac_hours, np.asarray(hours, np.float64)])
        self.fac_kind = np.concatenate([self.fac_kind, np.broadcast_to(np.asarray(kind, np.int64), k)])
        self.fac_owner = np.concatenate([self.fac_owner, np.full(k, owner, np.int8)])
        self.fac_used = np.concatenate([self.fac_used, np.zeros(k)])
        self.fac_idle_months = np.concatenate([self.fac_idle_months, np.zeros(k, np.int64)])
        self.utilisation = np.concatenate([self.utilisation, np.zeros(k)])
        return np.arange(n0, n0 + k)

    def fac_seats(self) -> np.ndarray:
        """Seats each facility offers this month: none for a mechanism's venue where the reform has not reached."""
        return np.where(self.fac_open(), np.floor(self.fac_hours / self.hours_per_seat[self.fac_kind]), 0.0)

    def fac_open(self) -> np.ndarray:
        """Facilities offering seats: the community's own rooms everywhere, a mechanism's venues (schools,
        hospitals, firms, partners) where the reform has reached."""
        return (self.fac_owner == OWN) | self.model.live[self.fac_comm]

    def seats(self) -> np.ndarray:
        """Seats per (community, kind) this month: open facilities' seats plus purchased places."""
        out = self.extra_seats.copy()
        np.add.at(out, (self.fac_comm, self.fac_kind), self.fac_seats())
        return out

    def topdown_kind(self) -> int:
        """The kind the office favours most (where a single facility goes without other guidance)."""
        return int(np.argmax(self.topdown))

    def most_wanted(self, c: int, hours: float, default: int = -1, unserved: np.ndarray | None = None) -> int:
        """The kind whose unserved seekers last month (or ``unserved[c]``) a facility of ``hours`` would seat
        most of.

        ``default`` when no kind had unserved seekers it could seat.
        """
        waiting = self.last_unserved[c] if unserved is None else unserved[c]
        fits = np.minimum(waiting, np.floor(hours / self.hours_per_seat))
        return int(np.argmax(fits)) if fits.max() > 0 else default

    def allocate(self, c: int, demand: np.ndarray, fill_target: float) -> None:
        """Give community ``c``'s facilities to kinds by estimated seekers (``sim.kernels.programmes.allocate``)."""
        idx = np.flatnonzero(self.fac_comm == c)
        if idx.size:
            kprog.allocate(idx, self.fac_hours, self.hours_per_seat, np.asarray(demand, np.float64), fill_target,
                           self.fac_kind)

    # ----------------------------------------------------------------- the month

    def seats_held(self) -> None:
        """Today's needs met by seats held this month leave ``model.today_who``."""
        m = self.model
        if m.today_who.shape[0] == 0:
            return
        if self._keep.shape[0] < m.today_who.shape[0]:
            self._keep = np.empty(2 * m.today_who.shape[0], np.bool_)
        keep = self._keep[: m.today_who.shape[0]]
        kprog.meet_needs(m.key("programmes.meet"), m.today_who, m.today_need, self.holds, self.need_met_share,
                         m.pop.community, m.pop.group, m.acc[m.day, :, :, self.cs[NEEDS_MET]], keep)
        m.today_who, m.today_need = m.today_who[keep], m.today_need[keep]

    def programmes(self) -> None:
        """On a month's last day, this month's programmes: seekers take seats, facilities record their use."""
        m = self.model
        if not calendar.month_ends(m.day):
            return
        pop, acc_day = m.pop, m.acc[m.day]
        open_fac = self.fac_open()
        seats = self.seats()
        quality = np.ones(seats.shape)  # no providers modelled: every seat scores attended_score exactly
        if self.contracts is not None:
            seats, quality = self.contracts.month(seats, m.live)
        attended, unserved = np.zeros_like(seats), np.zeros_like(seats)
        n_g = acc_day.shape[1]
        seekers_cg, attended_cg, unserved_cg = (np.zeros((self.n_comm, n_g)) for _ in range(3))
        users, user_sat = acc_day[:, :, self.cs[USERS]], acc_day[:, :, self.cs[USER_SAT_SUM]]
        kprog.attend_quality(m.key("programmes.seek"), m.key("programmes.order"), self.wants, pop.propensity,
                             pop.community, pop.group, seats, quality, self.pv, pop.satisfaction, pop.trust,
                             m.experience, attended, unserved, seekers_cg, attended_cg, unserved_cg, self.holds, users,
                             user_sat)
        kprog.fill_facilities(self.fac_comm, self.fac_kind, self.fac_seats(), attended, self.fac_used)
        used_hours = self.fac_used * self.hours_per_seat[self.fac_kind]
        self.utilisation = np.where(open_fac & (self.fac_hours > 0),
                                    used_hours / np.where(self.fac_hours > 0, self.fac_hours, 1), 0.0)
        idle = open_fac & (1.0 - self.utilisation > m.params["resource_pool.idle_threshold"])
        self.fac_idle_months = np.where(idle, self.fac_idle_months + 1, 0)
        acc_day[:, 0, self.cs[SEATS]] += seats.sum(axis=1)
        n_c = self.n_comm
        acc_day[:, 0, self.cs[VENUE_HOURS]] += np.bincount(self.fac_comm, weights=np.where(open_fac, self.fac_hours,
                                                                                            0.0), minlength=n_c)
        acc_day[:, 0, self.cs[VENUE_HOURS_USED]] += np.bincount(self.fac_comm, weights=used_hours, minlength=n_c)
        acc_day[:, :, self.cs[SEEKERS]] += seekers_cg
        acc_day[:, :, self.cs[ATTENDEES]] += attended_cg
        acc_day[:, :, self.cs[UNSERVED]] += unserved_cg
        if self._problem is None:
            self._problem = self._check_month(seats, attended, unserved, used_hours, seekers_cg, attended_cg,
                                              unserved_cg)
        self.last_seats, self.last_attended, self.last_unserved = seats, attended, unserved
        self.extra_seats = np.zeros_like(self.extra_seats)
        if self.contracts is not None:
            self.contracts.month_end()

    def _check_month(self, seats, attended, unserved, used_hours, seekers_cg, attended_cg, unserved_cg):
        if np.any(attended > seats):
            return f"day {self.model.day}: more attendees than seats in some community and kind"
        if np.any(used_hours > self.fac_hours + 1e-9):
            return f"day {self.model.day}: a facility used more venue-hours than it has"
        if not np.array_equal(attended_cg + unserved_cg, seekers_cg):
            return f"day {self.model.day}: attendees + unserved != seekers"
        if attended.sum() != attended_cg.sum() or unserved.sum() != unserved_cg.sum():
            return f"day {self.model.day}: counts by kind and by group differ"
        return None

    def check_invariants(self):
        """None, or the first month's broken invariant (checked as each month runs)."""
        if self._problem is not None:
            return self._problem
        if np.any(self.fac_hours < 0) or np.any(self.extra_seats < 0):
            return "negative venue-hours or purchased places"
        return None

