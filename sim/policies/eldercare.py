"""Smart elderly care: water meters, bracelets, home visits to those living alone, tiered services.

Plan (docs/plan.md, mechanism 8): smart water meters on the homes of elderly
living alone (12 hours of zero water use triggers a grid worker's visit),
one-button bracelets, tiered services for self-care, semi-disabled and
disabled elderly, and at least 2 home visits a month to those living alone.

The falls and emergencies are the world's (``sim.components.falls``): they
happen in every scenario, and in the status quo the resident is found by
family, neighbours, callers or chance. This mechanism creates no incident;
it changes how soon a resident is found, through the detection the
component offers (``Falls.equip``, ``Falls.detection``, ``Falls.check_at``),
and adds the tiered services. Its "without" case is the status quo
(scenario ``hangzhou-eldercare-baseline``), with the same incidents (common
random numbers).

Responsibilities:

1. devices (``before_day``, on a community's reform day): its elderly
   living alone get a water meter (``sensor_coverage``) and a bracelet
   (``bracelet_coverage``), fixed draws ``u < coverage`` (so a higher
   coverage adds devices and keeps the old ones); a bracelet is worn and
   pressed after an incident with ``bracelet_use_share`` (in an emergency
   only if conscious, ``emergency_conscious_share``), a meter alerts after
   ``alert_hours`` without water use; help follows an alarm after
   ``alert_response_hours`` on average (``Falls.detection``);
2. home visits (``before_day``, ``sim.kernels.eldercare.visits``): to
   living-alone elderly, ``home_visits_per_month`` each, on a fixed rhythm
   that each grid worker spreads evenly over the interval, within
   ``visits_per_worker_day`` per grid worker on the grid workers' open days
   (Monday to Saturday; Sunday's visits wait for Monday); a visit's hour is
   the resident's check-in today (``Falls.check_at``), which finds a
   resident lying since before it;
3. alert call-outs (``residents``, after the falls): the day's alarms of
   real incidents (``Falls.alarms_by_grid``) and the meters' false alerts
   (``false_alerts_per_sensor_year``) each take ``alert_report_slots`` of the
   grid worker's report capacity today (``model.handlers.cap_left``); visits
   come from patrol time, which ``grids.reports_per_worker_day`` already
   leaves aside;
4. tiered services (``residents``): today's elderly-care needs of
   semi-disabled and disabled elderly are served by the contracted
   home-care service with chance ``tiered_share_semi_disabled`` /
   ``tiered_share_disabled`` and leave ``model.today_who`` (they never become
   requests, nor count as ``needs``).

State (one row per elderly resident, the component's slots): ``sensor``,
``bracelet`` (who gets a device where the reform reaches), ``first_visit``
(the round's phase), ``next_visit``.
Simplification: a meter alerts unless family, neighbours or a bracelet
brought help within ``alert_hours`` (a home visit, planned apart, is not
foreseen).

Results: ``home_visits_per_alone_elderly_month``, the share of incidents
found through a device, tiered services (``INDICATORS``); it moves the
world's ``eldercare_detection_hours``, ``eldercare_long_lie_share`` and
``eldercare_health_declines`` (``sim.components.falls``).

Costs (``spend``, per community and day): devices and the platform (per year,
a 365th a day; the platform only where devices are deployed), each visit,
each call-out (true and false alarms), each tiered service.

Staged roll-out: devices, visits, false alerts, call-outs, tiered services,
counters and costs only in communities the reform has reached; the devices
are given out and the home-visit round starts on the community's reform day
(``next_visit = reform_day + phase``). Elsewhere the falls go on as in the
status quo, found by family, neighbours or chance.
"""

import numpy as np

from sim import rng
from sim.components.falls import Falls
from sim.components.needs import Needs
from sim.enums import Group, HealthTier
from sim.indicators import Indicator
from sim.institutions.handlers import Institutions
from sim.kernels import eldercare as keld
from sim.kernels import falls as kf
from sim.params import declarer
from sim.policies.base import Policy, switch

SECTION = "eldercare"


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Smart elderly care: water meters, bracelets, home visits and tiered home care.",
           "plan §smart elderly care (docs/plan.md mechanism 8)"),
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
    Indicator("home_visits_per_alone_elderly_month", (_C["visits"],), (_C["alone_months"],), "visits",
              "Grid workers' home visits per elderly resident living alone per month (plan: at least 2)"),
    Indicator("eldercare_found_by_device_share", ("falls.found_monitor", "falls.found_alarm"), ("falls.incidents",),
              "share", "Share of incidents found through a water-meter alert or a bracelet call"),
    Indicator("eldercare_tiered_served", (_C["tiered_served"],), None, "needs",
              "Elderly-care needs served by the tiered home-care service"),
)


class Eldercare(Policy):
    """Smart elderly care; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("eldercare_detection_hours", "home_visits_per_alone_elderly_month")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("before_day", "residents", "record")
    COSTS = ("devices", "platform", "services")  # ledger items (sim.ledger)
    USES = (Falls, Needs, Institutions)  # how soon the fallen are found; care needs; the grid workers' capacity
    COUNTERS = keld.COUNTERS
    INDICATORS = INDICATORS

    def __init__(self, model):
        super().__init__(model)
        p, pop = self.p, model.pop
        self.falls = falls = model.component(Falls)
        self.eld = falls.eld
        alone = pop.group[self.eld] == Group.ELDERLY_ALONE
        self.alone = np.flatnonzero(alone).astype(np.int64)
        n = self.eld.shape[0]
        self.sensor = alone & (self._fixed("eldercare.sensor") < p["sensor_coverage"])
        self.bracelet = alone & (self._fixed("eldercare.bracelet") < p["bracelet_coverage"])
        falls.detection[kf.ALARM_USE] = p["bracelet_use_share"]
        falls.detection[kf.ALARM_CONSCIOUS] = p["emergency_conscious_share"]
        falls.detection[kf.RESPONSE_HOURS] = p["alert_response_hours"]
        falls.detection[kf.MONITOR_HOURS] = p["alert_hours"]
        self.p_false = 1.0 - np.exp(-p["false_alerts_per_sensor_year"] / 365.0)
        self.interval = 30.0 / p["home_visits_per_month"] if p["home_visits_per_month"] > 0 else np.inf
        self.eld_community = pop.community[self.eld]
        # Each one's first visit after the community's reform day; none before it (``next_visit`` = inf).
        self.first_visit = np.full(n, np.inf)
        if np.isfinite(self.interval):
            self.first_visit[self.alone] = self._round_phase(pop) * self.interval
        self.next_visit = np.full(n, np.inf)
        self.cs = np.array([self.slot(name) for name in keld.COUNTERS], np.int64)
        self.tier_share = np.zeros(len(HealthTier))
        self.tier_share[HealthTier.SEMI_DISABLED] = p["tiered_share_semi_disabled"]
        self.tier_share[HealthTier.DISABLED] = p["tiered_share_disabled"]
        self.visit_cap = model.params["grids.workers_per_grid"] * p["visits_per_worker_day"]
        self._alarms = np.zeros(pop.n_grids, np.int64)
        self.alone_months = np.zeros(model.acc.shape[1:3])
        a = self.eld[self.alone]
        np.add.at(self.alone_months, (pop.community[a], pop.group[a]), 1.0 / 30.0)
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

    def _device_yuan(self, pop) -> None:
        n_c, p = self.model.acc.shape[1], self.p
        comm = pop.community[self.eld]
        sensors = np.bincount(comm[self.sensor], minlength=n_c)
        bracelets = np.bincount(comm[self.bracelet], minlength=n_c)
        platform = np.where(sensors + bracelets > 0, p["platform_yuan_per_community_year"], 0.0)
        devices = sensors * p["sensor_yuan_per_year"] + bracelets * p["bracelet_yuan_per_year"]
        self.devices_daily_yuan = devices / 365.0
        self.platform_daily_yuan = platform / 365.0

    def before_day(self) -> None:
        m, pop = self.model, self.model.pop
        starting = self.starting()
        if starting.any():  # devices given out and the home-visit round begun on the community's reform day
            begin = starting[self.eld_community]
            self.falls.equip(begin, self.bracelet, self.sensor)
            self.next_visit[begin] = m.day + self.first_visit[begin]
        rows = m.handlers.grid_worker
        cap = np.where(m.handlers.open_today(m.weekday)[rows], self.visit_cap, 0).astype(np.int64)
        keld.visits(m.day, m.key("eldercare.visit"), self.eld, self.alone, pop.community, pop.group, pop.grid,
                    self.next_visit, self.interval, cap, self.falls.check_at, self.cs, m.acc[m.day])

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        np.copyto(self._alarms, self.falls.alarms_by_grid)
        keld.false_alerts(m.key("eldercare.false_alert"), self.eld, self.falls.monitor, self.falls.pending,
                          pop.community, pop.group, pop.grid, self.p_false, self.cs, m.acc[m.day], self._alarms)
        rows = m.handlers.grid_worker
        m.handlers.cap_left[rows] = np.maximum(0, m.handlers.cap_left[rows]
                                               - self._alarms * self.p["alert_report_slots"])
        self._tiered(m.acc[m.day])

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
        acc_day[..., self.cs[keld.ALONE_MONTHS]] += self.alone_months * live[:, None]
        today = acc_day.sum(axis=1)  # per community
        call_outs = today[:, self.falls.cs[kf.ALARMS]] + today[:, self.cs[keld.FALSE_ALERTS]]
        self.spend(self.devices_daily_yuan * live, item="devices")
        self.spend(self.platform_daily_yuan * live, item="platform")
        self.spend(today[:, self.cs[keld.VISITS]] * p["visit_yuan"] + call_outs * p["alert_response_yuan"]
                   + today[:, self.cs[keld.TIERED]] * p["tiered_service_yuan"], item="services")
