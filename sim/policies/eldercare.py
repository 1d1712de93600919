"""Smart elderly care: falls and emergencies, sensors, bracelets, home visits, tiered services.

Plan (docs/plan.md, mechanism 8): smart water meters on the homes of elderly
living alone (12 hours of zero water use triggers a grid worker's visit),
one-button bracelets, tiered services for self-care, semi-disabled and
disabled elderly, and at least 2 home visits a month to those living alone.

Why one switch holds the falls too: falls and emergencies are no requests,
and the engine has no process for them. ``eldercare.enabled`` therefore
switches on the whole process (falls, emergencies, how soon a resident is
found, what lying costs); the reform is its levers ``sensor_coverage``,
``bracelet_coverage``, ``home_visits_per_month`` and ``tiered_share_*``, which
default to the plan's reform values. The "without" case is the same
mechanism with those levers at 0 (scenario ``hangzhou-eldercare-baseline``),
so ``eldercare_detection_hours`` exists in both arms of a comparison and
their falls are drawn from the same streams (common random numbers).

Responsibilities, each day in the ``residents`` phase (after needs arise):

1. incidents (``sim.kernels.eldercare.incidents``): every elderly resident
   falls with the daily chance ``1 - exp(-r / 365)``, with the yearly hazard
   ``r = fall_rate_per_year * fall_factor_alone [alone] * fall_factor_80plus
   [80+] * fall_factor_impaired [semi-disabled or disabled]``, or has an
   emergency (``emergencies_per_year``); the hours until they are found
   follow the kernel's formula (informal help, bracelet, water-meter alert);
2. home visits to living-alone elderly, ``home_visits_per_month`` each, on a
   fixed rhythm that each grid worker spreads evenly over the interval,
   within ``visits_per_worker_day`` per grid worker on the grid workers'
   open days (Monday to Saturday; Sunday's visits wait for Monday); a visit
   finds a resident lying since before it;
3. resolution: lying time moves health (a tier worse) and the resident's
   satisfaction and trust (every incident is a bad experience, a long lie a
   worse one); ``Needs.refresh()`` and the fall hazards follow a
   change of health tier;
4. alert call-outs (true, false and bracelet) each take
   ``alert_report_slots`` of the grid worker's report capacity today
   (``model.handlers.cap_left``); visits come from patrol time, which
   ``grids.reports_per_worker_day`` already leaves aside;
5. tiered services: today's elderly-care needs of semi-disabled and disabled
   elderly are served by the contracted home-care service with chance
   ``tiered_share_semi_disabled`` / ``tiered_share_disabled`` and leave
   ``model.today_who`` (they never become requests, nor count as ``needs``).

State (one row per elderly resident, ``slot``): ``eld`` (resident index),
``sensor``, ``bracelet`` (fixed draws ``u < coverage``, so a higher coverage
adds devices and keeps the old ones), ``p_fall``, ``first_visit`` (the round's
phase), ``next_visit``, and the
open incident: ``pending``, ``fell_at``, ``found_at`` (hours), ``found_by``.
Simplifications: an alert's call-out is charged to the day the incident
starts, and a meter alerts unless family, neighbours or a bracelet brought
help within ``alert_hours`` (a home visit, planned apart, is not foreseen).

Results: ``eldercare_detection_hours`` (hours lying per incident found),
``home_visits_per_alone_elderly_month``, falls per elderly-year, the share of
incidents with a lie of 1 h or more, the share found through a device,
health declines and tiered services (``INDICATORS``).

Costs (``spend``, per community and day): devices and the platform (per year,
a 365th a day; the platform only where devices are deployed), each visit,
each call-out, each tiered service.
Checks: every incident started is closed or still open; the found-by counts
add up to the incidents closed; an open incident is found after it started.

Staged roll-out: the whole process (falls and emergencies, devices, alerts,
home visits, tiered services, counters and costs) runs only for elderly
residents of communities the reform has reached; their home-visit round
starts on the community's reform day (``next_visit = reform_day + phase``).
Unreformed communities are as without the mechanism, so their falls are not
simulated and ``eldercare_detection_hours`` covers reformed communities only.
"""

import numpy as np

from sim import rng
from sim.components.needs import Needs
from sim.enums import Group, HealthTier
from sim.institutions.handlers import Institutions
from sim.kernels import eldercare as keld
from sim.params import declarer, pack
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "eldercare"
_S = f"{SECTION}."
_KANG = "Kang et al., Chin J Evid-Based Med 2022 (meta-analysis of Chinese survey studies 2000-2021)"


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether falls and emergencies of the elderly are simulated, with the smart-care levers.",
           "plan §smart elderly care (docs/plan.md mechanism 8)"),
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
    _p("sensor_coverage", 0.8, 0.0, 1.0, "share of elderly living alone",
       "plan §smart elderly care: smart water meters and sensors; coverage assumed (some refuse)",
       "Share of elderly living alone with a smart water meter.", "lever"),
    _p("alert_hours", 12.0, 1.0, 168.0, "hours",
       "plan §smart elderly care: 12 hours of zero water use trigger a grid worker's visit "
       "(another case: 3 days without going out)", "Hours without water use before the meter alerts.", "lever"),
    _p("alert_response_hours", 1.0, 0.05, 48.0, "hours (mean)",
       "assumption: the grid worker (or family called by the centre) arrives within about an hour",
       "Mean time from an alert or a bracelet call to help arriving."),
    _p("false_alerts_per_sensor_year", 6.0, 0.0, 100.0, "alerts per meter per year",
       "assumption: a night away or a long stay out now and then trips a 12-hour rule",
       "Yearly rate of false alerts of a water meter."),
    _p("alert_report_slots", 1, 0, 10, "report slots per call-out",
       "assumption: an urgent call-out displaces about one report of the grid worker's day",
       "Grid worker's report capacity taken by each alert call-out."),
    _p("bracelet_coverage", 0.5, 0.0, 1.0, "share of elderly living alone",
       "plan §smart elderly care: one-button bracelets; coverage assumed",
       "Share of elderly living alone with a one-button bracelet.", "lever"),
    _p("bracelet_use_share", 0.4, 0.0, 1.0, "share of incidents",
       "assumption: pendant alarms are often not worn or not pressed (Fleming & Brayne, BMJ 2008, "
       "report them mostly unused by people who fell alone)",
       "Chance that a bracelet is worn and pressed after an incident."),
    _p("emergency_conscious_share", 0.5, 0.0, 1.0, "share of emergencies",
       "assumption: half of acute emergencies leave the resident able to press a button",
       "Chance that a resident can press the bracelet in an emergency (falls: always)."),
    _p("home_visits_per_month", 2.0, 0.0, 30.0, "visits per month",
       "plan §smart elderly care: at least 2 home visits a month for elderly living alone",
       "Grid workers' home visits to each elderly resident living alone.", "lever"),
    _p("visits_per_worker_day", 6, 0, 50, "visits per worker per day",
       "assumption: ~30-45 minutes a visit within a grid worker's patrol time",
       "Home visits a grid worker can make on an open day."),
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
    _p("tiered_share_semi_disabled", 0.5, 0.0, 1.0, "share of needs",
       "plan §smart elderly care: tiered services for semi-disabled elderly; share assumed",
       "Share of semi-disabled elderly's care needs served by the tiered home-care service.", "lever"),
    _p("tiered_share_disabled", 0.8, 0.0, 1.0, "share of needs",
       "plan §smart elderly care: tiered services for disabled elderly; share assumed",
       "Share of disabled elderly's care needs served by the tiered home-care service.", "lever"),
    _p("tiered_service_score", 0.9, 0.0, 1.0, "0-1 scale",
       "assumption: a home-care visit arranged the same day is a good experience",
       "Experience score of a need served by the tiered service."),
    _p("sensor_yuan_per_year", 300.0, 0.0, 100000.0, "yuan per meter per year",
       "assumption: a smart water meter and its data service, ~25 yuan a month",
       "Cost of one water meter (device and data) per year."),
    _p("bracelet_yuan_per_year", 400.0, 0.0, 100000.0, "yuan per bracelet per year",
       "assumption: a bracelet (~200-600 yuan) over two years plus a call-centre fee",
       "Cost of one bracelet and its call service per year."),
    _p("platform_yuan_per_community_year", 50000.0, 0.0, 1e8, "yuan per community per year",
       "plan §digital platform: a platform stopped within a year when its upkeep was not funded; size assumed",
       "Operation and maintenance of the smart-care platform, in a community with devices."),
    _p("visit_yuan", 30.0, 0.0, 10000.0, "yuan per visit",
       "assumption: ~30 minutes of a grid worker at ~60 yuan an hour", "Staff cost of one home visit."),
    _p("alert_response_yuan", 30.0, 0.0, 10000.0, "yuan per call-out",
       "assumption: ~30 minutes of a grid worker at ~60 yuan an hour", "Staff cost of one alert call-out."),
    _p("tiered_service_yuan", 60.0, 0.0, 10000.0, "yuan per service",
       "assumption: ~1.5 hours of a contracted care worker at ~40 yuan an hour",
       "Cost of one need served by the tiered home-care service."),
)

_C = {name: f"{SECTION}.{name}" for name in keld.COUNTERS}
INDICATORS = (
    Indicator("eldercare_detection_hours", (_C["detection_hours"],), (_C["incidents"],), "hours",
              "Hours an elderly resident lay after a fall or emergency before being found"),
    Indicator("home_visits_per_alone_elderly_month", (_C["visits"],), (_C["alone_months"],), "visits",
              "Grid workers' home visits per elderly resident living alone per month (plan: at least 2)"),
    Indicator("eldercare_falls_per_elderly_year", (_C["falls"],), (_C["elderly_years"],), "falls",
              "Falls per elderly resident per year (urban 60+: 15-20% fall each year)"),
    Indicator("eldercare_long_lie_share", (_C["long_lies"],), (_C["falls"], _C["emergencies"]), "share",
              "Share of falls and emergencies after which the resident lay 1 h or more"),
    Indicator("eldercare_found_by_device_share", (_C["found_sensor"], _C["found_bracelet"]), (_C["incidents"],),
              "share", "Share of incidents found through a water-meter alert or a bracelet call"),
    Indicator("eldercare_health_declines", (_C["declines"],), None, "residents",
              "Elderly residents whose health tier worsened after an incident"),
    Indicator("eldercare_tiered_served", (_C["tiered_served"],), None, "needs",
              "Elderly-care needs served by the tiered home-care service"),
)


class Eldercare(Policy):
    """Smart elderly care; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("residents", "record")
    USES = (Needs, Institutions)  # care needs; the grid workers' capacity
    COUNTERS = keld.COUNTERS
    INDICATORS = INDICATORS

    def __init__(self, model):
        super().__init__(model)
        p, pop = self.p, model.pop
        self.eld = np.flatnonzero(pop.group <= Group.ELDERLY_FAMILY).astype(np.int64)
        alone = pop.group[self.eld] == Group.ELDERLY_ALONE
        self.alone = np.flatnonzero(alone).astype(np.int64)
        n = self.eld.shape[0]
        self.sensor = alone & (self._fixed("eldercare.sensor") < p["sensor_coverage"])
        self.bracelet = alone & (self._fixed("eldercare.bracelet") < p["bracelet_coverage"])
        self.interval = 30.0 / p["home_visits_per_month"] if p["home_visits_per_month"] > 0 else np.inf
        self.eld_community = pop.community[self.eld]
        # Each one's first visit after the community's reform day; none before it (``next_visit`` = inf).
        self.first_visit = np.full(n, np.inf)
        if np.isfinite(self.interval):
            self.first_visit[self.alone] = self._round_phase(pop) * self.interval
        self.next_visit = np.full(n, np.inf)
        self.pending = np.zeros(n, np.bool_)
        self.fell_at = np.zeros(n)
        self.found_at = np.zeros(n)
        self.found_by = np.zeros(n, np.int8)
        self.pv = pack(model.params, {
            keld.CANNOT_GET_UP: _S + "cannot_get_up_share", keld.FAMILY_HOURS: _S + "family_found_hours",
            keld.ALONE_HOURS: _S + "alone_found_hours", keld.ALERT_HOURS: _S + "alert_hours",
            keld.RESPONSE_HOURS: _S + "alert_response_hours", keld.BRACELET_USE: _S + "bracelet_use_share",
            keld.CONSCIOUS: _S + "emergency_conscious_share", keld.DECLINE_AT_ONCE: _S + "decline_at_once",
            keld.DECLINE_HOURS: _S + "decline_hours", keld.EXPERIENCE_HOURS: _S + "experience_hours",
            keld.SCORE_AT_ONCE: _S + "incident_score_at_once",
            keld.FALSE_ALERT: _S + "false_alerts_per_sensor_year", keld.EMERGENCY: _S + "emergencies_per_year",
        }, keld.N_P)
        for k in (keld.FALSE_ALERT, keld.EMERGENCY):  # yearly hazards -> daily chances
            self.pv[k] = 1.0 - np.exp(-self.pv[k] / 365.0)
        self.cs = np.array([self.slot(name) for name in keld.COUNTERS], np.int64)
        self.tier_share = np.zeros(len(HealthTier))
        self.tier_share[HealthTier.SEMI_DISABLED] = p["tiered_share_semi_disabled"]
        self.tier_share[HealthTier.DISABLED] = p["tiered_share_disabled"]
        self.visit_cap = model.params["grids.workers_per_grid"] * p["visits_per_worker_day"]
        self._refresh_falls()
        self._declined = np.empty(self.eld.shape[0], np.int64)
        self._denominators(pop)
        self._device_yuan(pop)

    def _fixed(self, stream: str) -> np.ndarray:
        """One draw per elderly resident that does not change over the run."""
        return rng.uniforms(self.model.key_fixed(stream), self.eld.astype(np.uint64))

    def _round_phase(self, pop) -> np.ndarray:
        """Each grid worker spreads the round evenly: the k-th of n (in a random order) at (k + 0.5) / n."""
        grid = pop.grid[self.eld[self.alone]]
        order = np.lexsort((self._fixed("eldercare.visit_order")[self.alone], grid))
        first = np.searchsorted(grid[order], grid[order])  # where each one's grid starts in the order
        size = np.bincount(grid, minlength=pop.n_grids)[grid[order]]
        phase = np.empty(order.shape[0])
        phase[order] = (np.arange(order.shape[0]) - first + 0.5) / size
        return phase

    def _refresh_falls(self, slots=None) -> None:
        """Fall hazards from age, living alone and health tier: all, or the elderly at ``slots``."""
        pop, p = self.model.pop, self.p
        who = self.eld if slots is None else self.eld[slots]
        fresh = keld.fall_probability(pop.group[who], pop.age[who], pop.health[who], p["fall_rate_per_year"],
                                      p["fall_factor_alone"], p["fall_factor_80plus"], p["fall_factor_impaired"])
        if slots is None:
            self.p_fall = fresh
        else:
            self.p_fall[slots] = fresh

    def _denominators(self, pop) -> None:
        shape = self.model.acc.shape[1:3]
        self.elderly_years = np.zeros(shape)
        np.add.at(self.elderly_years, (pop.community[self.eld], pop.group[self.eld]), 1.0 / 365.0)
        self.alone_months = np.zeros(shape)
        a = self.eld[self.alone]
        np.add.at(self.alone_months, (pop.community[a], pop.group[a]), 1.0 / 30.0)

    def _device_yuan(self, pop) -> None:
        n_c, p = self.model.acc.shape[1], self.p
        comm = pop.community[self.eld]
        sensors = np.bincount(comm[self.sensor], minlength=n_c)
        bracelets = np.bincount(comm[self.bracelet], minlength=n_c)
        platform = np.where(sensors + bracelets > 0, p["platform_yuan_per_community_year"], 0.0)
        self.daily_fixed_yuan = (sensors * p["sensor_yuan_per_year"] + bracelets * p["bracelet_yuan_per_year"]
                                 + platform) / 365.0

    def residents(self) -> None:
        m, pop, p = self.model, self.model.pop, self.p
        acc_day = m.acc[m.day]
        starting = self.starting()
        if starting.any():  # the home-visit round begins on the community's reform day
            begin = starting[self.eld_community]
            self.next_visit[begin] = m.day + self.first_visit[begin]
        alerts = np.zeros(pop.n_grids, np.int64)
        keld.incidents(m.day, m.key("eldercare.event"), m.key("eldercare.detect"), self.eld, pop.community,
                       self.live, pop.group, pop.grid, self.p_fall, self.sensor, self.bracelet, self.pending,
                       self.fell_at, self.found_at, self.found_by, self.pv, self.cs, acc_day, alerts)
        rows = m.handlers.grid_worker
        m.handlers.cap_left[rows] = np.maximum(0, m.handlers.cap_left[rows] - alerts * p["alert_report_slots"])
        cap = np.where(m.handlers.open_today(m.weekday)[rows], self.visit_cap, 0).astype(np.int64)
        keld.visits(m.day, m.key("eldercare.visit"), self.eld, self.alone, pop.community, pop.group, pop.grid,
                    self.next_visit, self.interval, cap, self.pending, self.fell_at, self.found_at, self.found_by,
                    self.cs, acc_day)
        declined = keld.resolve(m.day, m.key("eldercare.outcome"), self.eld, pop.community, pop.group, pop.health,
                                self.pending, self.fell_at, self.found_at, self.found_by, pop.satisfaction,
                                pop.trust, m.experience, self.pv, self.cs, acc_day, self._declined)
        if declined:
            slots = self._declined[:declined]
            m.component(Needs).refresh(self.eld[slots])
            self._refresh_falls(slots)
        self._tiered(acc_day)

    def _tiered(self, acc_day) -> None:
        m, pop = self.model, self.model.pop
        if not self.tier_share.any() or m.today_who.shape[0] == 0:
            return
        keep = np.empty(m.today_who.shape[0], np.bool_)
        keld.tiered(m.key("eldercare.tiered"), m.today_who, m.today_need, pop.community, self.live, pop.group,
                    pop.health, self.tier_share, self.p["tiered_service_score"], pop.satisfaction, pop.trust,
                    m.experience, self.cs[keld.TIERED], acc_day, keep)
        m.today_who, m.today_need = m.today_who[keep], m.today_need[keep]

    def record(self) -> None:
        m, p = self.model, self.p
        acc_day = m.acc[m.day]
        live = self.live
        acc_day[..., self.cs[keld.ELDERLY_YEARS]] += self.elderly_years * live[:, None]
        acc_day[..., self.cs[keld.ALONE_MONTHS]] += self.alone_months * live[:, None]
        today = acc_day.sum(axis=1)  # per community
        self.spend(self.daily_fixed_yuan * live + today[:, self.cs[keld.VISITS]] * p["visit_yuan"]
                   + today[:, self.cs[keld.ALERTS]] * p["alert_response_yuan"]
                   + today[:, self.cs[keld.TIERED]] * p["tiered_service_yuan"])

    def check_invariants(self):
        done = self.model.counted()
        started, closed = done[self.cs[keld.STARTED]], done[self.cs[keld.INCIDENTS]]
        if started != closed + self.pending.sum():
            return f"incidents started {started:g} != closed {closed:g} + open {self.pending.sum()}"
        if done[self.cs[keld.FOUND_INFORMAL:keld.FOUND_VISIT + 1]].sum() != closed:
            return "incidents found by each path do not add up to the incidents closed"
        if np.any(self.found_at[self.pending] < self.fell_at[self.pending]):
            return "an open incident is to be found before it started"
        return None
