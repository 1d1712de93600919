"""Falls and emergencies of elderly residents: a world process, in every scenario and community from day 0.

Responsibilities, each day in the ``residents`` phase (after needs arise):

1. incidents (``sim.kernels.falls.incidents``): every elderly resident not
   already lying falls with the daily chance ``1 - exp(-r / 365)``, with the
   yearly hazard ``r = fall_rate_per_year * fall_factor_alone [alone] *
   fall_factor_80plus [80+] * fall_factor_impaired [semi-disabled or
   disabled]``, or has an emergency (``emergencies_per_year``); after an
   emergency, or a fall they cannot get up from (``cannot_get_up_share``),
   they lie until found: by family living with them (``family_found_hours``
   on average) or, living alone, by neighbours, callers or chance
   (``alone_found_hours``), or sooner through the detection a mechanism
   offers (below);
2. resolution (``sim.kernels.falls.close``): today's check-ins find those
   lying since before them; the incidents found by the day's end close, and
   lying time moves health (a tier worse) and the resident's satisfaction
   and trust (every incident is a bad experience, a long lie a worse one);
   ``Needs.refresh()`` and the fall hazards follow a change of health tier;
3. the day's elderly-years (the falls' denominator).

Detection a mechanism offers (the interface; the status quo has none of it):
per elderly resident (a *slot*, ``eld[slot]`` the resident's index),
``alarm[slot]`` (holds an alarm button) and ``monitor[slot]`` (a home
monitor alerts after hours without activity), given by ``equip``, and how
they work, the vector ``detection`` (``sim.kernels.falls``: ``ALARM_USE``,
``ALARM_CONSCIOUS``, ``RESPONSE_HOURS``, ``MONITOR_HOURS``); ``check_at[slot]``,
the hour of a check-in visit today (``inf``: none), set before the
``residents`` phase. The kernel counts the alarms raised (counter
``falls.alarms``, and ``alarms_by_grid`` for today, for whoever answers them).
A mechanism changes how soon a resident is found, never whether or when an
incident happens: those draws (streams ``falls.event``, ``falls.found``) are
one per resident and day whatever the devices, the visits and the roll-out,
so a reform and its status quo have the same incidents (common random
numbers) unless lying less changes health and with it the fall hazard, or
leaves a resident free to fall again sooner.

State (one row per elderly resident): ``eld``, ``p_fall``, the open incident
(``pending``, ``fell_at``, ``found_at`` in hours from day 0, ``found_by``:
``sim.kernels.falls`` ``INFORMAL``, ``ALARM``, ``MONITOR`` or ``CHECK``) and
the detection above.

Results (``INDICATORS``): falls per elderly-year, hours lying per incident
found (``eldercare_detection_hours``), the share of incidents with a lie of
1 h or more, health declines. The names keep the ``eldercare_`` prefix they
had when the process was part of the eldercare mechanism.

Checks: every incident started is closed or still open; the found-by counts
add up to the incidents closed; an open incident is found after it started.
"""

import numpy as np

from sim.components.needs import Needs
from sim.enums import Group
from sim.indicators import Indicator
from sim.kernels import falls as kf
from sim.params import declarer, pack

SECTION = "falls"
_S = f"{SECTION}."
_KANG = "Kang et al., Chin J Evid-Based Med 2022 (meta-analysis of Chinese survey studies 2000-2021)"

_p = declarer(SECTION)

PARAMS = (
    _p("fall_rate_per_year", 0.17, 0.0, 2.0, "falls per person per year",
       f"{_KANG}: 15-20% of urban people 60+ fall each year; 0.17 without the risks below puts ~18% "
       "of 60+ (alone 21%, 80+ 27%) falling at least once a year",
       "Yearly fall hazard of a self-caring elderly resident under 80 living with family."),
    _p("fall_factor_alone", 1.2, 1.0, 5.0, "multiplier", f"{_KANG}: 21% of those living alone fall (vs ~17.5%)",
       "Fall hazard multiplier for elderly living alone."),
    _p("fall_factor_80plus", 1.55, 1.0, 5.0, "multiplier", f"{_KANG}: 27% of those 80+ fall (vs ~17.5%)",
       "Fall hazard multiplier for elderly aged 80 or more."),
    _p("fall_factor_impaired", 1.3, 1.0, 5.0, "multiplier",
       "assumption: limited mobility raises the risk of falling; size not from the plan",
       "Fall hazard multiplier for semi-disabled and disabled elderly."),
    _p("emergencies_per_year", 0.02, 0.0, 1.0, "per person per year",
       "assumption: acute illness at home (stroke, heart attack) leaving an elderly person unable to call",
       "Yearly hazard of an emergency that leaves the resident unable to get help."),
    _p("cannot_get_up_share", 0.47, 0.0, 1.0, "share of falls",
       "assumption: Tinetti et al. (JAMA 1993): 47% of non-injured fallers 72+ could not get up at least once",
       "Share of falls after which the resident cannot get up and must be found."),
    _p("family_found_hours", 1.5, 0.05, 48.0, "hours (mean)",
       "assumption: with it, and alone_found_hours, ~30% of falls end with 1 h or more on the floor, as "
       "Fleming & Brayne (BMJ 2008) report for people over 90",
       "Mean time until family finds an elderly resident living with them."),
    _p("alone_found_hours", 48.0, 1.0, 720.0, "hours (mean)",
       "assumption: neighbours, callers or passers-by notice within a couple of days; the plan: "
       "living-alone elderly are at risk of undetected emergencies",
       "Mean time until someone notices an elderly resident living alone, without devices or visits."),
    _p("decline_at_once", 0.10, 0.0, 1.0, "probability",
       "assumption: an incident found at once still leaves some worse off",
       "Chance of a worse health tier after an incident found at once."),
    _p("decline_hours", 48.0, 1.0, 1000.0, "hours",
       "assumption: long lies bring pressure sores, dehydration and hospital stays (Wild et al., BMJ 1981: "
       "half of those who lay an hour or more died within six months)",
       "Lying time over which the chance of no decline falls by a factor e."),
    _p("incident_score_at_once", 0.6, 0.0, 1.0, "0-1 scale",
       "assumption: even an incident found at once is a bad experience, below the plan's 76% satisfaction",
       "Experience score of an incident found at once."),
    _p("experience_hours", 12.0, 0.5, 1000.0, "hours",
       "assumption: an incident's score falls by a factor e for every 12 hours spent lying",
       "Lying time over which an incident's experience score falls by a factor e."),
)

_C = {name: f"{SECTION}.{name}" for name in kf.COUNTERS}
INDICATORS = (
    Indicator("eldercare_falls_per_elderly_year", (_C["falls"],), (_C["elderly_years"],), "falls",
              "Falls per elderly resident per year (urban 60+: 15-20% fall each year)"),
    Indicator("eldercare_detection_hours", (_C["detection_hours"],), (_C["incidents"],), "hours",
              "Hours an elderly resident lay after a fall or emergency before being found"),
    Indicator("eldercare_long_lie_share", (_C["long_lies"],), (_C["falls"], _C["emergencies"]), "share",
              "Share of falls and emergencies after which the resident lay 1 h or more"),
    Indicator("eldercare_health_declines", (_C["declines"],), None, "residents",
              "Elderly residents whose health tier worsened after an incident"),
)


class Falls:
    """Falls and emergencies of the elderly; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("residents",)
    COUNTERS = kf.COUNTERS
    INDICATORS = INDICATORS

    def __init__(self, model):
        self.model = model
        pop = model.pop
        self.needs = model.component(Needs)
        self.eld = np.flatnonzero(pop.group <= Group.ELDERLY_FAMILY).astype(np.int64)
        n = self.eld.shape[0]
        self.pending = np.zeros(n, np.bool_)
        self.fell_at = np.zeros(n)
        self.found_at = np.zeros(n)
        self.found_by = np.zeros(n, np.int8)
        # The detection mechanisms offer; none in the status quo.
        self.alarm = np.zeros(n, np.bool_)
        self.monitor = np.zeros(n, np.bool_)
        self.check_at = np.full(n, np.inf)
        self.detection = np.zeros(kf.N_D)
        self.detection[kf.MONITOR_HOURS] = np.inf
        self.alarms_by_grid = np.zeros(pop.n_grids, np.int64)
        self.pv = pack(model.params, {
            kf.CANNOT_GET_UP: _S + "cannot_get_up_share", kf.FAMILY_HOURS: _S + "family_found_hours",
            kf.ALONE_HOURS: _S + "alone_found_hours", kf.EMERGENCY: _S + "emergencies_per_year",
            kf.DECLINE_AT_ONCE: _S + "decline_at_once", kf.DECLINE_HOURS: _S + "decline_hours",
            kf.SCORE_AT_ONCE: _S + "incident_score_at_once", kf.EXPERIENCE_HOURS: _S + "experience_hours",
        }, kf.N_P)
        self.pv[kf.EMERGENCY] = 1.0 - np.exp(-self.pv[kf.EMERGENCY] / 365.0)  # yearly hazard -> daily chance
        self.cs = np.array([model.slot(f"{SECTION}.{name}") for name in kf.COUNTERS], np.int64)
        self.refresh_falls()
        self._declined = np.empty(n, np.int64)
        self.elderly_years = np.zeros(model.acc.shape[1:3])
        np.add.at(self.elderly_years, (pop.community[self.eld], pop.group[self.eld]), 1.0 / 365.0)

    def equip(self, where, alarm, monitor) -> None:
        """Give the elderly at slots ``where`` (a mask over ``eld``) the devices that ``alarm`` and ``monitor``
        (masks over ``eld``) say they hold; how the devices work is ``detection``."""
        self.alarm[where] = alarm[where]
        self.monitor[where] = monitor[where]

    def refresh_falls(self, slots=None) -> None:
        """Fall hazards from age, living alone and health tier: of every elderly resident, or of those at
        ``slots``."""
        pop, p = self.model.pop, self.model.params
        who = self.eld if slots is None else self.eld[slots]
        fresh = kf.fall_probability(pop.group[who], pop.age[who], pop.health[who], p[_S + "fall_rate_per_year"],
                                    p[_S + "fall_factor_alone"], p[_S + "fall_factor_80plus"],
                                    p[_S + "fall_factor_impaired"])
        if slots is None:
            self.p_fall = fresh
        else:
            self.p_fall[slots] = fresh

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        acc_day = m.acc[m.day]
        self.alarms_by_grid.fill(0)
        kf.incidents(m.day, m.key("falls.event"), m.key("falls.found"), m.key("falls.device"), self.eld,
                     pop.community, pop.group, pop.grid, self.p_fall, self.alarm, self.monitor, self.pending,
                     self.fell_at, self.found_at, self.found_by, self.pv, self.detection, self.cs, acc_day,
                     self.alarms_by_grid)
        declined = kf.close(m.day, m.key("falls.outcome"), self.eld, pop.community, pop.group, pop.health,
                            self.pending, self.fell_at, self.found_at, self.found_by, self.check_at,
                            pop.satisfaction, pop.trust, m.experience, self.pv, self.cs, acc_day, self._declined)
        if declined:
            slots = self._declined[:declined]
            self.needs.refresh(self.eld[slots])
            self.refresh_falls(slots)
        acc_day[..., self.cs[kf.ELDERLY_YEARS]] += self.elderly_years

    def check_invariants(self):
        done = self.model.counted()
        started, closed = done[self.cs[kf.STARTED]], done[self.cs[kf.INCIDENTS]]
        if started != closed + self.pending.sum():
            return f"incidents started {started:g} != closed {closed:g} + open {self.pending.sum()}"
        if done[self.cs[kf.FOUND_INFORMAL:kf.FOUND_CHECK + 1]].sum() != closed:
            return "incidents found by each path do not add up to the incidents closed"
        if np.any(self.found_at[self.pending] < self.fell_at[self.pending]):
            return "an open incident is to be found before it started"
        return None
