"""Volunteering: neighbours and younger elderly serve older residents' care needs, in every community.

The plan's actor table (docs/plan.md): volunteers help neighbours, often
"young-old" retirees; the time bank (mechanism 9) rewards them with credits.
The status quo has the help without the credits: fewer volunteers, fewer
hours, and a neighbour serves only the needs of their own grid.

Who volunteers, drawn once (stream ``volunteering.enrol``, one uniform ``u``
per resident, fixed for the run): self-caring "young-old" residents aged 60
to ``volunteer_max_age`` and working adults, young parents and new citizens
form two enrolment sets; within a set a resident volunteers when
``u < share * propensity / mean propensity`` (capped at 1; the keen join
first), ``share`` the set's column of the ``volunteering`` rule in force in
the resident's community. The status quo's shares are
``young_old_enrolment`` and ``adult_enrolment``; the time bank writes its own
in the reform's rows. The same ``u`` is compared with either share, so the
bank adds volunteers to the status quo's and the draws are common to both
arms. The pool (``sim.kernels.arrays.VolunteerArrays``) holds everyone who
volunteers under the status quo's rows or the reform's; ``enrol()`` draws it
again after a mechanism wrote its rows (the time bank does, when it starts).

Each day, in the ``residents`` phase (after needs arise):
``sim.kernels.volunteering.serve`` serves elderly-care needs of residents aged
``recipient_min_age`` or more (or semi-disabled or disabled) from an active
volunteer of the same grid (of the same community, where the rule says so),
within the ``HOURS_MONTH`` a volunteer offers (hours used reset on a month's
first day, unused hours lapse); a volunteer who became semi-disabled stops
serving. A need served never becomes a request and is not counted in the
engine's ``needs``. ``served_by`` (pool slots) keeps today's services for a
mechanism that books them (the time bank's credits).

The ``volunteering`` rule (``RULES``, ``volunteer_vector``; columns
``sim.kernels.volunteering``): enrolment shares, hours offered a month,
``uptake`` (share of a recipient's care needs that reach a volunteer) and
whether a need may be served from the community's other grids (0 here).

State: the pool (``vol``, ``vstart``, ``gstart``, ``cursor``, ``hours_used``,
``active``), each slot's enrolment draw, set and weight (nothing per resident).
Counters: care needs of recipients (``asked``), those that reached a volunteer
(``offered``), ``served``, hours received (by the recipient's group) and given
(by the volunteer's), ``volunteer_years`` and ``volunteers`` (active, fit
volunteers; a snapshot). Checks: no volunteer gives more hours than offered;
hours given equal hours received; served <= offered <= asked.
Costs: none (the status quo's volunteers are unpaid).
"""

from __future__ import annotations

import numpy as np

from sim import calendar, rng
from sim.enums import Group, HealthTier
from sim.indicators import Indicator
from sim.kernels import volunteering as kv
from sim.kernels.arrays import VolunteerArrays
from sim.kernels.slots import RESIDENTS
from sim.params import declarer, pack

SECTION = "volunteering"
_S = f"{SECTION}."

_p = declarer(SECTION)

PARAMS = (
    _p("young_old_enrolment", 0.05, 0.0, 1.0, "share of self-caring residents 60-70",
       "assumption: without credits, fewer young-old help an older neighbour regularly than the time bank's 15%; "
       "MCA (2019): ~8.6% of people are registered volunteers, many of them inactive (docs/plan.md, figures from "
       "outside the plan)",
       "Mean share of self-caring young-old residents who help older residents informally."),
    _p("adult_enrolment", 0.01, 0.0, 1.0, "share of adults",
       "assumption: few working-age residents have regular hours for an older neighbour (half the time bank's 2%)",
       "Mean share of working-age residents who help older residents informally."),
    _p("volunteer_max_age", 70, 60, 100, "years",
       "assumption: 'young-old' retirees (docs/plan.md, actor table: volunteers are often young-old)",
       "Oldest age at which an elderly resident volunteers.", "structure"),
    _p("recipient_min_age", 75, 60, 100, "years",
       "assumption: 'older elderly' (docs/plan.md mechanism 9) read as 75+; the semi-disabled and disabled of any "
       "age also qualify",
       "Youngest age at which an elderly resident's care needs go to volunteers.", "structure"),
    _p("hours_offered_per_month", 2.0, 0.0, 200.0, "hours per volunteer per month",
       "assumption: an informal helper gives about one visit a month; Ningbo's ~4 h a year per registered "
       "volunteer (2022) averages over the many who give none",
       "Hours a volunteer offers each month without a time bank (unused hours lapse)."),
    _p("uptake", 0.3, 0.0, 1.0, "share of needs",
       "assumption: without anyone matching them, fewer older residents' care needs reach a neighbour than the "
       "half that suits a volunteer",
       "Share of a recipient's elderly-care needs that reach a volunteer without a time bank."),
    _p("hours_per_service", 2.0, 0.25, 24.0, "hours",
       "assumption: a visit, a meal delivery or a cleaning takes about two hours",
       "Hours of one service."),
    _p("service_score", 0.9, 0.0, 1.0, "0-1 scale",
       "assumption: a neighbour's help the same day is a good experience",
       "Experience score of a need a volunteer served."),
)


def volunteer_vector(params: dict) -> np.ndarray:
    """The ``volunteering`` rule of the status quo: columns are the ``sim.kernels.volunteering`` constants."""
    return pack(params, {kv.ENROL_YOUNG_OLD: _S + "young_old_enrolment", kv.ENROL_ADULT: _S + "adult_enrolment",
                         kv.HOURS_MONTH: _S + "hours_offered_per_month", kv.UPTAKE: _S + "uptake"}, kv.N_VR,
                fixed={kv.COMMUNITY_WIDE: 0.0})  # neighbours help within their grid


def _name(counter: str) -> str:
    return f"{SECTION}.{counter}"


INDICATORS = (
    Indicator("volunteer_hours_served", (_name("hours_given"),), None, "hours",
              "Hours volunteers served older residents (informally, or through the time bank where it runs)"),
    Indicator("volunteer_served_share", (_name("served"),), (_name("asked"),), "share",
              "Share of older (75+) or impaired residents' elderly-care needs that a volunteer served"),
    Indicator("volunteer_match_share", (_name("served"),), (_name("offered"),), "share",
              "Share of care needs that reached a volunteer and were served (the rest found nobody with hours)"),
    Indicator("volunteer_hours", (_name("hours_given"),), (_name("volunteer_years"),), "hours per volunteer-year",
              "Hours a volunteer serves per year (Ningbo: ~4 per registered volunteer)"),
    Indicator("volunteer_share", (_name("volunteers"),), (RESIDENTS,), "share",
              "Share of residents who volunteer (active and fit) at the end of the run", snapshot=True),
)


class Volunteering:
    """Volunteers serve older residents' care needs; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("residents",)
    RULES = {"volunteering": volunteer_vector}
    COUNTERS = kv.COUNTERS
    INDICATORS = INDICATORS

    def __init__(self, model):
        self.model = model
        pop, prm = model.pop, model.params
        self.pv = pack(prm, {kv.MIN_AGE: _S + "recipient_min_age", kv.HOURS: _S + "hours_per_service",
                             kv.SCORE: _S + "service_score"}, kv.N_P)
        self.cs = np.array([model.slot(_name(c)) for c in kv.COUNTERS], np.int64)
        n_c = model.acc.shape[1]
        self.gstart = np.searchsorted(pop.grid_community, np.arange(n_c + 1)).astype(np.int64)
        self.served_by = np.empty(0, np.int64)  # today's services: pool slots
        self.enrol()

    def _eligible(self):
        """Who may volunteer: resident indexes, their enrolment set (0 young-old, 1 adults), their weight
        (propensity / the set's mean propensity) and their fixed enrolment draw."""
        m, pop = self.model, self.model.pop
        young_old = ((pop.group <= Group.ELDERLY_FAMILY) & (pop.health == HealthTier.SELF_CARE)
                     & (pop.age <= m.params[_S + "volunteer_max_age"]))
        adults = np.isin(pop.group, [Group.WORKING_ADULT, Group.YOUNG_PARENT, Group.NEW_CITIZEN])
        who, sets, weights = [], [], []
        for s, members in enumerate((young_old, adults)):
            idx = np.flatnonzero(members)
            prop = pop.propensity[idx].astype(np.float64)
            who.append(idx)
            sets.append(np.full(idx.shape[0], s, np.int8))
            weights.append(prop / max(prop.mean(), 1e-9) if idx.shape[0] else prop)
        who = np.concatenate(who).astype(np.int64)
        u = rng.uniforms(m.key_fixed("volunteering.enrol"), who.astype(np.uint64))
        return who, np.concatenate(sets), np.concatenate(weights), u

    def _chance(self, rows: np.ndarray, who: np.ndarray, sets: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """The chance to volunteer under ``rows`` (a row per community) of residents ``who``."""
        cols = np.asarray(kv.ENROL)[sets]
        return np.minimum(1.0, rows[self.model.pop.community[who], cols] * weight)

    def enrol(self) -> None:
        """Draw the pool: everyone who volunteers under the status quo's rows or the reform's as they stand."""
        m, pop = self.model, self.model.pop
        who, sets, weight, u = self._eligible()
        chance = np.maximum(self._chance(m.rules.status_quo("volunteering"), who, sets, weight),
                            self._chance(m.rules.reform("volunteering"), who, sets, weight))
        pick = np.flatnonzero(u < chance)
        pick = pick[np.lexsort((who[pick], pop.grid[who[pick]]))]  # by grid, then index
        self.vol = who[pick]
        self._set, self._weight, self._u = sets[pick], weight[pick], u[pick]
        self.vstart = np.searchsorted(pop.grid[self.vol], np.arange(pop.n_grids + 1)).astype(np.int64)
        self.cursor = np.zeros(pop.n_grids, np.int64)
        self.hours_used = np.zeros(self.vol.shape[0])
        self.active = np.zeros(self.vol.shape[0], np.bool_)
        self._enrol_rows = None  # the enrolment columns ``active`` was computed from
        self._arrays = tuple(getattr(self, name) for name in VolunteerArrays._fields)

    def arrays(self) -> tuple:
        """The pool as the kernels take it (``sim.kernels.arrays.VolunteerArrays`` order)."""
        return self._arrays

    def _update_active(self, rows: np.ndarray) -> None:
        enrol = rows[:, kv.ENROL[0]:kv.ENROL[-1] + 1]
        if self._enrol_rows is not None and np.array_equal(enrol, self._enrol_rows):
            return
        self._enrol_rows = enrol.copy()
        self.active[:] = self._u < self._chance(rows, self.vol, self._set, self._weight)

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        acc_day = m.acc[m.day]
        rows = m.rules.in_force("volunteering")
        if calendar.month_starts(m.day):  # fresh hours to offer
            self.hours_used[:] = 0.0
        self._update_active(rows)
        kv.count(self.vol, self.active, pop.health, pop.community, pop.group, self.cs, acc_day)
        n_today = m.today_who.shape[0]
        if n_today == 0:
            self.served_by = self.served_by[:0]
            return
        keep = np.empty(n_today, np.bool_)
        served_by = np.empty(n_today, np.int64)
        n = kv.serve(m.key("volunteering.serve"), m.today_who, m.today_need, pop.community, pop.group, pop.age,
                     pop.health, pop.grid, self.arrays(), rows, self.pv, pop.satisfaction, pop.trust, m.experience,
                     self.cs, acc_day, keep, served_by)
        self.served_by = served_by[:n]
        if n:
            m.today_who, m.today_need = m.today_who[keep], m.today_need[keep]

    def check_invariants(self):
        m = self.model
        tol = 1e-9
        offered = np.maximum(m.rules.status_quo("volunteering")[:, kv.HOURS_MONTH],
                             m.rules.reform("volunteering")[:, kv.HOURS_MONTH])
        if np.any(self.hours_used > offered[m.pop.community[self.vol]] + tol):
            return "a volunteer gave more hours than offered"
        done = m.counted()
        asked, offered_n, served, received, given = done[self.cs[[kv.ASKED, kv.OFFERED, kv.SERVED,
                                                                  kv.HOURS_RECEIVED, kv.HOURS_GIVEN]]]
        if abs(received - given) > tol * max(1.0, given):
            return f"hours given {given:g} != hours received {received:g}"
        if not served <= offered_n <= asked:
            return f"served {served:g}, offered {offered_n:g}, asked {asked:g} out of order"
        return None
