"""Digital platform with a closed loop (report, dispatch, progress, rating) and its upkeep.

Plan (docs/plan.md, mechanism 6): residents report by phone with a photo, the
platform dispatches automatically, progress is visible and the resident rates
the result at the end (Shanghai 2023: 1.2 M requests, 97.3% closed). It needs
operations-and-maintenance (O&M) money: one platform built for 5 M yuan
stopped within a year when its upkeep was not funded.

Responsibilities: while it runs, the platform *is* the app channel of every
community of the scenario (one platform; it replaces the basic city app of
``channels.app_available``); keep its health from its O&M funding; close the
app channel for good when health reaches zero; apply the closed-loop effects;
count finished app requests; record costs.

State: ``health`` h in [0, 1] (1 at launch), ``up`` (False once stopped).
Each day (``before_day``), with the funding ratio f = min(1, om_budget / om_need):

    h <- clip(h + (recovery_per_year * f * (1 - h) - decay_per_year_unfunded * (1 - f)) / 365, 0, 1)

Unfunded (f = 0) health falls linearly and reaches 0 after 365 / decay days
(292 at the default 1.25 a year: "stopped within a year"); fully funded it
recovers towards 1; in between it settles at h* = 1 - decay (1 - f) / (recovery f),
and below f = decay / (decay + recovery) (38% at the defaults) it stops too.

Closed-loop effects scale with quality Q = min(1, h / benefit_threshold), so
they fade as health falls below the threshold:

    report with a photo, progress visible:  V_app += app_utility_gain * Q   (rule channels[C_APP])
    automatic dispatch:                     misroute_app *= 1 - dispatch_error_cut * Q   (rule routing)
    rating at the end (sim.kernels.platform): trust += rating_trust_weight * Q * (score - trust)

    progress visible:                       app abandonment hazard *= 1 - progress_abandon_cut * Q
                                            (rule routing[ABANDON_APP_FACTOR], sim.kernels.handling.abandon)

Inputs: the request pool's columns. Finished app requests are read in the
``handling`` phase, after the engine's handling: finished requests stay in the
pool until the record phase.
Cost: ``build_cost_yuan`` on day 0; O&M min(budget, need) / 365 a day while up;
both split across communities by residents.

Staged roll-out: one city platform, launched when the first community reforms
(health evolves from that day), serving reformed communities only: it is their
app channel (unreformed ones keep the status quo's basic app), its effects and
ratings apply to their requests (app requests raised there on or after the
reform day; those the counters count), and each community pays its residents'
share of the build cost on its reform day and of the O&M while it is reformed
(the whole city reformed: the whole cost).
Counters: ``health``, ``up``, ``days`` (community-level, in group 0, reformed communities);
``app_closed``, ``app_abandoned``, ``app_bounces``, ``rated`` (by the requester's group).
Checks: every app request raised on the platform is open, closed or abandoned, counted once.
"""

import numpy as np

from sim.calendar import NO_DAY
from sim.components.intake import Intake
from sim.enums import Channel
from sim.kernels import handling as kh
from sim.kernels import intake as kin
from sim.kernels import slots
from sim.kernels.platform import finished_app
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "platform"

_PLAN = "plan §digital platform (docs/plan.md mechanism 6)"


def next_health(h: float, funded: float, recovery: float, decay: float) -> float:
    """One day of the health rule (yearly rates; see the module docstring)."""
    return min(1.0, max(0.0, h + (recovery * funded * (1.0 - h) - decay * (1.0 - funded)) / 365.0))


class Platform(Policy):
    """The closed-loop platform and its upkeep; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("platform_health", "app_closed_share")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether a closed-loop reporting platform replaces the basic app.", _PLAN),
        Param(f"{SECTION}.build_cost_yuan", 5_000_000.0, 0.0, 1e9, "yuan",
              "plan §digital platform: one platform built for 5 million yuan",
              "Cost of building the platform, spent on day 0."),
        Param(f"{SECTION}.om_need_yuan_per_year", 750_000.0, 0.0, 1e9, "yuan per year",
              "assumption: yearly O&M of a government information system is commonly budgeted at "
              "10-20% of its build cost; 15% of the plan's 5 M yuan",
              "O&M money the platform needs a year to stay healthy."),
        Param(f"{SECTION}.om_budget_yuan_per_year", 750_000.0, 0.0, 1e9, "yuan per year",
              "plan §digital platform: it needs O&M money; by default the need is funded in full "
              "(set 0 for the plan's case of a platform whose upkeep was not funded)",
              "O&M money budgeted a year.", "lever"),
        Param(f"{SECTION}.decay_per_year_unfunded", 1.25, 0.0, 50.0, "health per year",
              "calibration: sized to plan §digital platform's platform that stopped within a year when "
              "nobody paid its upkeep (docs/validation.md): 1.25 a year stops it after 292 days (~10 months)",
              "How fast health falls with no O&M money."),
        Param(f"{SECTION}.recovery_per_year", 2.0, 0.0, 50.0, "per year",
              "assumption: funded maintenance repairs half the lost health in ~4 months",
              "How fast health recovers with full O&M money (towards 1)."),
        Param(f"{SECTION}.benefit_threshold", 0.5, 0.01, 1.0, "health",
              "assumption: a half-maintained platform (stale categories, slow pages) loses its edge",
              "Health below which the closed-loop benefits fade in proportion."),
        Param(f"{SECTION}.app_utility_gain", 0.5, 0.0, 10.0, "utility",
              "assumption: reporting with a photo and seeing progress make the app more attractive",
              "Extra utility of the app channel on a healthy platform."),
        Param(f"{SECTION}.dispatch_error_cut", 0.7, 0.0, 1.0, "share of misroutes",
              "plan §digital platform: automatic dispatch; Shanghai 2023: 97.3% of 1.2 M requests "
              "closed; size assumed",
              "Share of app misroutes that automatic dispatch avoids."),
        Param(f"{SECTION}.progress_abandon_cut", 0.5, 0.0, 1.0, "share of the hazard",
              "plan §digital platform: progress visible to the resident; assumption: seeing that a request "
              "is being worked on halves the chance of giving up on it",
              "Cut in the daily chance of giving up on an app request while the platform is healthy."),
        Param(f"{SECTION}.rating_trust_weight", 0.05, 0.0, 1.0, "weight",
              "plan §digital platform: rating at the end; assumption: being asked and heard moves "
              "trust by half as much again as the experience itself (experience.trust_memory 0.1)",
              "Extra weight of a rated experience in the requester's trust."),
    )
    PHASES = ("before_day", "handling", "record")
    COSTS = ("platform",)  # ledger items (sim.ledger)
    RULES = ("routing", "channels", "channels_open")
    USES = (Intake,)  # the app channel's availability
    COUNTERS = ("health", "up", "days", "app_closed", "app_abandoned", "app_bounces", "rated")
    INDICATORS = (
        Indicator("platform_health", (f"{SECTION}.health",), (f"{SECTION}.days",), "0-1",
                  "Health of the platform (1 new and maintained, 0 stopped) on the last day",
                  snapshot=True, by_group=False),
        Indicator("platform_up_share", (f"{SECTION}.up",), (f"{SECTION}.days",), "share",
                  "Share of days the platform was running", by_group=False),
        Indicator("app_closed_share", (f"{SECTION}.app_closed",), (f"{SECTION}.app_closed",
                  f"{SECTION}.app_abandoned"), "share",
                  "Share of finished app requests that were closed (Shanghai 2023: 97.3%)"),
        Indicator("app_abandoned_share", (f"{SECTION}.app_abandoned",), (f"{SECTION}.app_closed",
                  f"{SECTION}.app_abandoned"), "share", "Share of finished app requests given up"),
        Indicator("app_bounces_per_request", (f"{SECTION}.app_bounces",), (f"{SECTION}.app_closed",
                  f"{SECTION}.app_abandoned"), "bounces", "Bounces per finished app request"),
    )

    def __init__(self, model):
        super().__init__(model)
        self._raised_past, self._raised_days = 0.0, 0  # app requests raised on the platform on finished days
        self._intake = model.component(Intake)
        self.health, self.up = 1.0, True
        need = self.p["om_need_yuan_per_year"]
        self.funded = 1.0 if need <= 0 else min(1.0, self.p["om_budget_yuan_per_year"] / need)
        self.base_misroute = self.rule("routing")[:, kh.MISROUTE_APP].copy()
        self.base_app = self.rule("channels")[:, kin.C_APP].copy()
        residents = np.diff(model.pop.community_start).astype(np.float64)
        self.weights = residents / max(1.0, residents.sum())
        self.stop_day = NO_DAY  # the day the platform went down, if it does
        self._counts = np.zeros((*model.acc.shape[1:3], 4))

    @property
    def quality(self) -> float:
        return min(1.0, self.health / self.p["benefit_threshold"]) if self.up else 0.0

    def before_day(self) -> None:
        m, live = self.model, self.live
        self.spend(np.where(self.starting(), self.weights * self.p["build_cost_yuan"], 0.0))
        if self.up and live.any():  # launched with the first reformed community
            self.health = next_health(self.health, self.funded, self.p["recovery_per_year"],
                                      self.p["decay_per_year_unfunded"])
            if self.health <= 0.0:
                self.up, self.stop_day = False, m.day
        if self.up:
            om = min(self.p["om_budget_yuan_per_year"], self.p["om_need_yuan_per_year"]) / 365.0
            self.spend(np.where(live, self.weights * om, 0.0))
        q = self.quality
        self.rule("channels_open")[:, Channel.APP] = float(self.up)
        self.rule("channels")[:, kin.C_APP] = self.base_app + self.p["app_utility_gain"] * q
        routing = self.rule("routing")
        routing[:, kh.MISROUTE_APP] = self.base_misroute * (1.0 - self.p["dispatch_error_cut"] * q)
        routing[:, kh.ABANDON_APP_FACTOR] = 1.0 - self.p["progress_abandon_cut"] * q

    def handling(self) -> None:
        """Count today's finished app requests (still in the pool until the record phase) and rate them."""
        m, q = self.model, self.model.requests
        self._counts[:] = 0.0
        finished_app(m.day, q.state, q.channel, q.resident, q.community, q.group, q.created, m.reform_day,
                     q.bounces, m.pop.trust, self.p["rating_trust_weight"] * self.quality, m.experience, self._counts)
        acc = m.acc[m.day]
        for j, name in enumerate(("app_closed", "app_abandoned", "app_bounces", "rated")):
            acc[..., self.slot(name)] += self._counts[..., j]

    def record(self) -> None:
        acc, live = self.model.acc[self.model.day], self.live
        acc[:, 0, self.slot("health")] = np.where(live, self.health, 0.0)
        acc[:, 0, self.slot("up")] = np.where(live, float(self.up), 0.0)
        acc[:, 0, self.slot("days")] = np.where(live, 1.0, 0.0)

    def check_invariants(self):
        m, q = self.model, self.model.requests
        raised = self._raised_on_platform()
        done = m.counted()
        counted = done[self.slot("app_closed")] + done[self.slot("app_abandoned")]
        on_platform = (q.channel == Channel.APP) & (q.created >= m.reform_day[q.community])
        still_open = int(np.count_nonzero(on_platform))
        if raised != counted + still_open:
            return f"app requests do not balance: raised {raised} != finished {counted} + open {still_open}"
        if not 0.0 <= self.health <= 1.0:
            return f"health {self.health} left 0-1"
        return None

    def _raised_on_platform(self) -> float:
        """App requests raised where and when the platform served, so far (finished days summed once each)."""
        m = self.model

        def raised(d):
            return m.acc[d][d >= m.reform_day, :, slots.CH_APP].sum()

        while self._raised_days < m.day:
            self._raised_past += raised(self._raised_days)
            self._raised_days += 1
        return self._raised_past + raised(m.day)
