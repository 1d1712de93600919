"""Time bank: volunteers earn 1 credit an hour, redeemed later; more of them, giving more hours.

Plan (docs/plan.md, mechanism 9): younger elderly serve older elderly; one hour
of service earns one credit, redeemable later for services (haircuts,
repairs). Nanjing's time bank caps a balance at 1,500 hours.

Volunteering is the world's (``sim.components.volunteering``): in every
scenario neighbours and younger elderly serve older residents' care needs,
informally and without credits. The bank changes its rules where it runs
(the ``volunteering`` rule's reform rows): credits as an incentive enrol
``young_old_enrolment`` and ``adult_enrolment`` of the two sets instead of the
status quo's shares (the same fixed draw per resident, so the bank adds
volunteers to those who help anyway), each offers ``hours_offered_per_month``,
and the bank's coordinators bring ``uptake`` of the recipients' care needs to
volunteers and match them across the community's grids. It draws the
volunteer pool again after writing its rows (``Volunteering.enrol``).

Its own resources and books, each day in the ``residents`` phase after the
volunteers served (and after the elderly-care policy's tiered service, if it
runs): every service a volunteer of a community it has reached gave today
earns credits (``sim.kernels.timebank.book``; a balance stops at
``balance_cap_hours``, the rest is forfeited), and volunteers' own
elderly-care and repair needs are served by the bank's partner services
against their credits with chance ``redeem_share`` (``redeem``). A need
redeemed never becomes a request and is not counted in the engine's
``needs``. The plan's phase for volunteering is ``community``, but a need
must be served before it picks a channel, so the bank acts in ``residents``.

State: ``balance`` per slot of the volunteer pool, ``totals`` = [issued,
redeemed, expired].
Results: credits issued (``timebank_hours``), redeemed and outstanding; the
hours served and the volunteers are the world's KPIs (``volunteer_*``).
Costs: coordination staff per community (a 365th of the yearly cost a day)
and the partner services redeemed, per hour.
Checks (conservation): issued - redeemed - expired == outstanding == sum of
balances; every balance within 0 and the cap; the counters match the totals.

Staged roll-out: the reform's rows apply only where the bank has reached
(elsewhere the status quo's volunteers serve, without credits); services are
credited and needs redeemed only there (volunteers serve within their own
community), and its coordination cost counts from the community's reform day.
"""

import numpy as np

from sim.components.volunteering import Volunteering
from sim.indicators import Indicator
from sim.kernels import timebank as kt
from sim.kernels import volunteering as kv
from sim.params import declarer, pack
from sim.policies.base import Policy, switch

SECTION = "timebank"

_S = f"{SECTION}."


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether the community runs a time bank (volunteers earn credits for service).",
           "plan §time bank (docs/plan.md mechanism 9)"),
    _p("young_old_enrolment", 0.15, 0.0, 1.0, "share of self-caring residents 60-70",
       "assumption: Nanjing city reports (2021) 50,000+ time-bank volunteers; the plan: younger elderly "
       "serve older elderly", "Mean share of self-caring young-old residents who volunteer with a time bank.",
       "lever"),
    _p("adult_enrolment", 0.02, 0.0, 1.0, "share of adults",
       "assumption: MCA (2019) ~8.6% of people are registered volunteers, few of them in a time bank",
       "Mean share of working-age residents who volunteer with a time bank.", "lever"),
    _p("hours_offered_per_month", 4.0, 0.0, 200.0, "hours per volunteer per month",
       "assumption: credits bring a volunteer out about twice a month, twice the informal helper's visit; keener "
       "than the ~4 h a year of an average registered volunteer (Ningbo reports, 2022)",
       "Hours a volunteer offers each month with a time bank (unused hours lapse).", "lever"),
    _p("uptake", 0.5, 0.0, 1.0, "share of needs",
       "assumption: about half of older residents' care needs suit a volunteer (not medical ones), and the bank's "
       "coordinators bring them to one",
       "Share of a recipient's elderly-care needs that reach a volunteer with a time bank."),
    _p("redeem_share", 0.3, 0.0, 1.0, "share of needs",
       "assumption: volunteers mostly save their credits for later (plan: credits redeemable later)",
       "Share of a volunteer's own care and repair needs redeemed against credits, when they suffice."),
    _p("balance_cap_hours", 1500.0, 1.0, 100000.0, "hours",
       "Nanjing city reports (2021): a time-bank balance is capped at 1,500 hours",
       "Most credits a volunteer can hold; credit above it is forfeited.", "lever"),
    _p("coordination_yuan_per_community_year", 60000.0, 0.0, 1e8, "yuan per community per year",
       "assumption: a half-time coordinator (~5,000 yuan a month) and the matching app",
       "Coordination cost of the time bank in each community."),
    _p("redeem_yuan_per_hour", 30.0, 0.0, 10000.0, "yuan per hour",
       "assumption: partner services (haircuts, repairs) paid at a subsidised ~30 yuan an hour",
       "Cost to the bank of an hour of service redeemed."),
)

_C = {name: f"{SECTION}.{name}" for name in kt.COUNTERS}
INDICATORS = (
    Indicator("timebank_hours", (_C["credits_issued"],), None, "hours",
              "Hours of service credited by the time bank (1 hour = 1 credit)"),
    Indicator("timebank_credits_outstanding", (_C["balance"],), None, "credits",
              "Credits held by volunteers at the end of the run (issued - redeemed - forfeited)", snapshot=True),
    Indicator("timebank_redeemed_hours", (_C["credits_redeemed"],), None, "hours",
              "Credits redeemed by volunteers for their own needs"),
)


class TimeBank(Policy):
    """Time bank; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("volunteer_hours_served", "timebank_hours")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("residents", "record")
    COSTS = ("staff", "incentives")  # ledger items (sim.ledger)
    RULES = ("volunteering",)
    USES = (Volunteering,)  # today's services, the volunteer pool
    COUNTERS = kt.COUNTERS
    INDICATORS = INDICATORS

    def __init__(self, model):
        super().__init__(model)
        p = self.p
        rows = self.rule("volunteering")
        rows[:, kv.ENROL_YOUNG_OLD] = p["young_old_enrolment"]
        rows[:, kv.ENROL_ADULT] = p["adult_enrolment"]
        rows[:, kv.HOURS_MONTH] = p["hours_offered_per_month"]
        rows[:, kv.UPTAKE] = p["uptake"]
        rows[:, kv.COMMUNITY_WIDE] = 1.0  # coordinators match needs across the community's grids
        self.volunteering = model.component(Volunteering)
        self.volunteering.enrol()  # the bank's volunteers join the pool
        self.balance = np.zeros(self.volunteering.vol.shape[0])
        self.totals = np.zeros(3)
        self.pv = pack(model.params, {kt.HOURS: "volunteering.hours_per_service", kt.REDEEM_SHARE: _S + "redeem_share",
                                      kt.CAP: _S + "balance_cap_hours", kt.SCORE: "volunteering.service_score"},
                       kt.N_P)
        self.cs = np.array([self.slot(name) for name in kt.COUNTERS], np.int64)
        pop, vol = model.pop, self.volunteering.vol
        self._cell = pop.community[vol].astype(np.int64) * model.acc.shape[2] + pop.group[vol]  # flat (c, g)
        self.daily_yuan = p["coordination_yuan_per_community_year"] / 365.0

    def residents(self) -> None:
        m, pop, v = self.model, self.model.pop, self.volunteering
        acc_day = m.acc[m.day]
        kt.book(v.served_by, v.served_by.shape[0], v.vol, pop.community, pop.group, self.live, self.balance,
                self.totals, self.pv, self.cs, acc_day)
        if m.today_who.shape[0] == 0 or not self.live.any():
            return
        keep = np.empty(m.today_who.shape[0], np.bool_)
        kt.redeem(m.key("timebank.redeem"), m.today_who, m.today_need, pop.community, pop.group, self.live, pop.grid,
                  v.vol, v.vstart, self.balance, self.totals, self.pv, pop.satisfaction, pop.trust, m.experience,
                  self.cs, acc_day, keep)
        m.today_who, m.today_need = m.today_who[keep], m.today_need[keep]

    def record(self) -> None:
        m = self.model
        acc_day = m.acc[m.day]
        cells = acc_day.shape[0] * acc_day.shape[1]
        acc_day[..., self.cs[kt.BALANCE]] = np.bincount(self._cell, weights=self.balance,
                                                        minlength=cells).reshape(acc_day.shape[:2])
        redeemed = acc_day[..., self.cs[kt.CREDITS_REDEEMED]].sum(axis=1)
        self.spend(self.daily_yuan * self.live, item="staff")
        self.spend(redeemed * self.p["redeem_yuan_per_hour"], item="incentives")

    def check_invariants(self):
        issued, redeemed, expired = self.totals
        outstanding = self.balance.sum()
        tol = 1e-6 * max(1.0, issued)
        if abs(issued - redeemed - expired - outstanding) > tol:
            return (f"credits not conserved: issued {issued:g} - redeemed {redeemed:g} - expired {expired:g} "
                    f"!= outstanding {outstanding:g}")
        if np.any(self.balance < -tol) or np.any(self.balance > self.pv[kt.CAP] + tol):
            return "a balance left 0 to the cap"
        done = self.model.counted()
        counted = done[self.cs[[kt.CREDITS_ISSUED, kt.CREDITS_REDEEMED, kt.CREDITS_EXPIRED]]]
        if np.any(np.abs(counted - self.totals) > tol):
            return f"credit counters {counted.tolist()} differ from the bank's books {self.totals.tolist()}"
        return None
