"""Deliberation: the monthly round in which adults decide whether to take part, and what they voice.

Residents take part in hearings, residents' meetings and votes on community
projects. On the first day of each month (``civic`` phase) every adult of
every community decides to take part or not (``sim.kernels.participation``:
a logit on propensity, the time it costs, points earned, fatigue; elderly
residents' time costs them less). The round runs in every scenario from day 0.

The status quo (no mechanism, or a community the reform has not reached):
offline hearings of ``meeting_hours``, no points, no observers, no online
voting. With the defaults about 13% of adults take part in a month, older
than the population (``baseline``, seed 1, a year: elderly ~29%, working
adults ~8%, new citizens ~4%; ``participation_skew`` ~0.32): participation in
hearings is low and skewed to the elderly (docs/plan.md, participation
incentives: plans skewed to a few active residents; the Shanghai turnout by
age behind ``residents.propensity_*``; ``a0`` is the assumption that sets the
level).

The round's reform rules, set by mechanisms and applied only where the reform
has reached (``model.live``; elsewhere the status quo above, with the same
draws):

- ``online_voting``, ``points_yuan``, ``observers_share`` and the
  observers' hours: the participation mechanism's levers (online votes for
  those able to use an app, points per participation, rotating observers);
- micro-grids (``set_micro_grids``, the courtyards mechanism): each resident's
  courtyard micro-grid and the mobilisation ``boost`` of its heads; the round
  then also gives each micro-grid's participation rate (``micro_rate``).

Where residents oversee works (``overseen``, set each month by
``sim.components.projects`` before the round) and no rotating observers carry
that oversight, each participation also brings site rounds
(``oversight_fatigue``).

After the round: ``rate`` (participants / adults per community), ``voice``
(``voice[c, k] = sum_g part[c, g] * serves[k, g] / sum_g part[c, g]``: what
this month's participants ask for, by project kind) and ``need`` (the same
over all adults: what the community needs), ``counts`` (participants,
online, observers, adults by community and group) and ``took`` (each
resident's mode this month).

Counters (``civic.*``): participants, online, observers, adults (by community
and group, on round days); skew_sum and rounds (the month's dissimilarity
index of participants against adults by group, and 1, per community, group 0).
KPIs (the world's, in every run): ``participation_rate``, ``participation_skew``.
Checks: participants <= adults; fatigue >= 0.
"""

from __future__ import annotations

import math

import numpy as np

from sim import calendar
from sim.enums import Group
from sim.indicators import Indicator
from sim.kernels import participation as kpart
from sim.kernels.aggregate import count_by_group
from sim.params import declarer, pack, section

SECTION = "civic"
_S = f"{SECTION}."

KINDS = ("greening", "venue", "safety", "elderly_service", "childcare")  # kinds of community project
GREENING, VENUE, SAFETY, ELDERLY_SERVICE, CHILDCARE = range(len(KINDS))

_ADULTS = tuple(g for g in Group if g != Group.CHILD)
# How much a project of each kind serves each adult group (0-1), from docs/plan.md "What residents need":
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
    *(_p(f"serves.{kind}.{g.label}", _SERVES[kind][j], 0.0, 1.0, "0-1 scale",
         "assumption: docs/plan.md 'What residents need' (elderly: care and meals; young families: childcare; "
         "new citizens: services; everyone: greening, venues, safety)",
         f"How much a {kind.replace('_', ' ')} project serves a {g.label.replace('_', ' ')}.", "structure")
      for kind in KINDS for j, g in enumerate(_ADULTS)),
)

COUNTERS = ("participants", "online", "observers", "adults", "skew_sum", "rounds")
COUNTER_NAMES = {name: f"{SECTION}.{name}" for name in COUNTERS}
INDICATORS = (
    Indicator("participation_rate", (COUNTER_NAMES["participants"],), (COUNTER_NAMES["adults"],), "share",
              "Share of adults taking part in deliberation in a month (meetings, online votes, observers)"),
    Indicator("participation_skew", (COUNTER_NAMES["skew_sum"],), (COUNTER_NAMES["rounds"],), "0-1",
              "How far participants differ from the adults by group: 0.5 * sum_g |share of participants in g "
              "- share of adults in g| (mean over communities and months; 0 = representative)",
              by_group=False),
)


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


class Deliberation:
    """The monthly participation round; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    PHASES = ("civic",)

    def __init__(self, model):
        self.model = model
        pop, params = model.pop, model.params
        self.p = section(params, SECTION)
        self.n_comm, self.n_group = model.acc.shape[1:3]
        self.adults = count_by_group(pop.community, pop.group, pop.group != Group.CHILD, self.n_comm, self.n_group)
        self.serves = serves_matrix(params)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.need = (self.adults @ self.serves.T) / self.adults.sum(axis=1, keepdims=True)
        self.need = np.nan_to_num(self.need)
        self.pv = pack(params, {kpart.A0: _S + "a0", kpart.A_PROP: _S + "a_propensity",
                                kpart.A_TIME: _S + "a_time_per_hour",
                                kpart.A_POINTS: _S + "a_points_per_yuan", kpart.A_FATIGUE: _S + "a_fatigue",
                                kpart.RETIRED_TIME_WEIGHT: _S + "retired_time_weight",
                                kpart.MEETING_HOURS: _S + "meeting_hours", kpart.ONLINE_HOURS: _S + "online_hours"},
                       kpart.N_P, fixed={kpart.DECAY: math.exp(-30.0 / self.p["fatigue_memory_days"]),
                                      kpart.OBSERVER_HOURS: self.p["meeting_hours"]})
        # The round's rules that mechanisms change, applied where the reform has reached (module docstring).
        self.online_voting = False
        self.points_yuan = 0.0
        self.observers_share = 0.0
        self.overseen = np.zeros(self.n_comm, np.bool_)
        # Per resident: fatigue (exponential memory), this month's mode; courtyard mobilisation and micro-grid
        # only once a mechanism sets micro-grids (empty until then: no mobilisation, no micro-grid).
        self.fatigue = np.zeros(pop.n, np.float32)
        self.took = np.zeros(pop.n, np.int8)
        self.boost = np.zeros(0, np.float64)
        self.micro = np.zeros(0, np.int64)
        self.n_areas = 0
        self.area_adults = np.zeros(0)
        self.micro_rate = np.zeros(0)
        self.rate = np.zeros(self.n_comm)  # this month's participation rate per community
        self.voice = self.need.copy()  # what participants voice (before the first round: the needs)
        self.counts = np.zeros((4, self.n_comm, self.n_group))
        self.cs = {name: model.slot(full) for name, full in COUNTER_NAMES.items()}

    def set_observer_hours(self, hours: float) -> None:
        """Hours an observer's participation takes a month (the participation mechanism's observers)."""
        self.pv[kpart.OBSERVER_HOURS] = hours

    def set_micro_grids(self, micro: np.ndarray, n_areas: int) -> None:
        """Each resident's micro-grid (``n_areas`` in all): the round also gives each one's participation rate;
        ``boost`` (each resident's mobilisation, 0 until the mechanism adds to it) is made here."""
        self.micro = np.asarray(micro, np.int64).copy()
        self.boost = np.zeros(self.micro.shape[0], np.float64)
        self.n_areas = n_areas
        adult = self.model.pop.group != Group.CHILD
        self.area_adults = np.bincount(self.micro[adult], minlength=n_areas).astype(np.float64)
        self.micro_rate = np.zeros(n_areas)

    def civic(self) -> None:
        """The month's round; records (participants, online, observers, adults) by (c, g) in ``counts``."""
        m, pop = self.model, self.model.pop
        if not calendar.month_starts(m.day):
            return
        observed = m.live & (self.observers_share > 0.0)  # rotating observers carry the oversight there
        extra = np.where(self.overseen & ~observed, self.p["oversight_fatigue"], 0.0)
        kpart.round_(m.key("civic.participate"), pop.community, m.live, pop.group, pop.propensity, pop.literacy,
                     self.boost, self.fatigue, extra, self.pv, self.online_voting, self.points_yuan,
                     self.observers_share, self.took)
        counts = kpart.tally(pop.community, pop.group, self.took, self.n_comm, self.n_group)
        acc = m.acc[m.day]
        for j, name in enumerate(("participants", "online", "observers", "adults")):
            acc[:, :, self.cs[name]] += counts[j]
        skew = kpart.dissimilarity(counts[0], counts[3])
        ok = np.isfinite(skew)
        acc[ok, 0, self.cs["skew_sum"]] += skew[ok]
        acc[ok, 0, self.cs["rounds"]] += 1.0
        part = counts[0].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.rate = np.where(counts[3].sum(axis=1) > 0, part / np.maximum(counts[3].sum(axis=1), 1), 0.0)
            voice = (counts[0] @ self.serves.T) / part[:, None]
        self.voice = np.where(part[:, None] > 0, voice, self.need)
        if self.n_areas:
            took = self.took > 0
            part_area = np.bincount(self.micro[took], minlength=self.n_areas)
            self.micro_rate = np.where(self.area_adults > 0, part_area / np.maximum(self.area_adults, 1), 0.0)
        self.counts = counts

    def check_invariants(self):
        done = self.model.counted()
        if np.any(done[self.cs["participants"]] > done[self.cs["adults"]]):
            return "more participants than adults"
        if np.any(self.fatigue < 0):
            return "negative fatigue"
        return None
