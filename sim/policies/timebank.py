"""Time bank and volunteering: younger elderly serve older elderly; 1 hour = 1 credit.

Plan (docs/plan.md, mechanism 9): younger elderly serve older elderly; one hour
of service earns one credit, redeemable later for services (haircuts,
repairs). Nanjing's time bank caps a balance at 1,500 hours.

Volunteers (fixed at the start, ``timebank.enrol`` stream): self-caring
"young-old" residents aged 60 to ``volunteer_max_age`` enrol with mean
share ``young_old_enrolment``, working adults, young parents and new
citizens with ``adult_enrolment``; within each set a resident's chance is
``share * propensity / mean propensity`` (capped at 1), so the keen join
first. Each volunteer offers ``hours_offered_per_month`` (reset every 30
days, unused hours lapse); one who becomes semi-disabled stops serving.

Each day, in the ``residents`` phase, after needs arise (and after the
elderly-care policy's tiered service, if it runs), ``sim.kernels.timebank.serve``
serves elderly-care needs of residents aged ``recipient_min_age`` or more (or
semi-disabled or disabled) from a volunteer of the same grid, else of the
same community, and serves volunteers' own elderly-care and repair needs
against their credits (redemption, provided by the bank's partner services).
A need the bank serves never becomes a request and is not counted in the
engine's ``needs``; ``timebank.offered`` / ``served`` count them. The plan's
phase for volunteering is ``community``, but a need must be served before it
picks a channel in ``intake``, so the bank acts in ``residents``.

State: ``vol`` (volunteers' resident indexes, by grid), ``vstart``,
``gstart``, ``cursor`` (round robin per grid), ``hours_left``, ``balance``,
``totals`` = [issued, redeemed, expired].
Results: hours served, credits issued, redeemed, forfeited and outstanding,
hours per volunteer per year.
Costs: coordination staff per community (a 365th of the yearly cost a day)
and the partner services redeemed, per hour.
Checks (conservation): issued - redeemed - expired == outstanding == sum of
balances; every balance within 0 and the cap; the counters match the totals.

Staged roll-out: the bank serves and redeems only the needs of residents of
communities the reform has reached (volunteers serve within their own
community, so only volunteers there earn or spend credits); its coordination
cost and ``volunteer_years`` count from the community's reform day. Volunteers
are drawn at the start everywhere but act only once their community reforms;
the monthly hours follow the city's calendar (``day % 30``).
"""

import numpy as np

from sim import calendar
from sim import rng
from sim.enums import Group, HealthTier
from sim.kernels import timebank as kt
from sim.params import declarer, pack
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "timebank"
_S = f"{SECTION}."


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether the community runs a time bank (volunteers earn credits for service).",
           "plan §time bank (docs/plan.md mechanism 9)"),
    _p("young_old_enrolment", 0.15, 0.0, 1.0, "share of self-caring residents 60-70",
       "assumption: Nanjing city reports (2021) 50,000+ time-bank volunteers; the plan: younger elderly "
       "serve older elderly", "Mean share of self-caring young-old residents who volunteer.", "lever"),
    _p("adult_enrolment", 0.02, 0.0, 1.0, "share of adults",
       "assumption: MCA (2019) ~8.6% of people are registered volunteers, few of them in a time bank",
       "Mean share of working-age residents who volunteer in the time bank.", "lever"),
    _p("volunteer_max_age", 70, 60, 100, "years",
       "assumption: 'young-old' retirees (docs/plan.md: volunteers are often young-old)",
       "Oldest age at which an elderly resident enrols as a volunteer.", "structure"),
    _p("recipient_min_age", 75, 60, 100, "years",
       "assumption: 'older elderly' read as 75+; the semi-disabled and disabled of any age also qualify",
       "Youngest age at which an elderly resident's care needs go to the time bank.", "structure"),
    _p("hours_offered_per_month", 2.0, 0.0, 200.0, "hours per volunteer per month",
       "assumption: time-bank volunteers are keener than the ~4 h a year of an average registered volunteer "
       "(Ningbo reports, 2022)", "Hours a volunteer offers each month (unused hours lapse).", "lever"),
    _p("hours_per_service", 2.0, 0.25, 24.0, "hours",
       "assumption: a visit, a meal delivery or a cleaning takes about two hours",
       "Hours of one service (and credits earned for it)."),
    _p("uptake", 0.5, 0.0, 1.0, "share of needs",
       "assumption: about half of older residents' care needs suit a volunteer (not medical ones)",
       "Share of a recipient's elderly-care needs offered to the time bank."),
    _p("redeem_share", 0.3, 0.0, 1.0, "share of needs",
       "assumption: volunteers mostly save their credits for later (plan: credits redeemable later)",
       "Share of a volunteer's own care and repair needs redeemed against credits, when they suffice."),
    _p("balance_cap_hours", 1500.0, 1.0, 100000.0, "hours",
       "Nanjing city reports (2021): a time-bank balance is capped at 1,500 hours",
       "Most credits a volunteer can hold; credit above it is forfeited.", "lever"),
    _p("service_score", 0.9, 0.0, 1.0, "0-1 scale",
       "assumption: a neighbour's help the same day is a good experience",
       "Experience score of a need served by the time bank."),
    _p("coordination_yuan_per_community_year", 60000.0, 0.0, 1e8, "yuan per community per year",
       "assumption: a half-time coordinator (~5,000 yuan a month) and the matching app",
       "Coordination cost of the time bank in each community."),
    _p("redeem_yuan_per_hour", 30.0, 0.0, 10000.0, "yuan per hour",
       "assumption: partner services (haircuts, repairs) paid at a subsidised ~30 yuan an hour",
       "Cost to the bank of an hour of service redeemed."),
)

_C = {name: f"{SECTION}.{name}" for name in kt.COUNTERS}
INDICATORS = (
    Indicator("timebank_hours", (_C["hours_given"],), None, "hours", "Hours of service given through the time bank"),
    Indicator("timebank_credits_outstanding", (_C["balance"],), None, "credits",
              "Credits held by volunteers at the end of the run (issued - redeemed - forfeited)", snapshot=True),
    Indicator("volunteer_hours", (_C["hours_given"],), (_C["volunteer_years"],), "hours per volunteer-year",
              "Hours a time-bank volunteer serves per year (Ningbo: ~4 per registered volunteer)"),
    Indicator("timebank_redeemed_hours", (_C["credits_redeemed"],), None, "hours",
              "Credits redeemed by volunteers for their own needs"),
    Indicator("timebank_match_share", (_C["served"],), (_C["offered"],), "share",
              "Share of needs offered to the time bank that a volunteer served"),
)


class TimeBank(Policy):
    """Time bank; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("before_day", "residents", "record")
    COUNTERS = kt.COUNTERS
    INDICATORS = INDICATORS

    def __init__(self, model):
        super().__init__(model)
        pop, p = model.pop, self.p
        enrolled = self._enrol(pop)
        vol = np.flatnonzero(enrolled)
        self.vol = vol[np.lexsort((vol, pop.grid[vol]))].astype(np.int64)  # by grid, then index
        self.vstart = np.searchsorted(pop.grid[self.vol], np.arange(pop.n_grids + 1)).astype(np.int64)
        n_c = model.acc.shape[1]
        self.gstart = np.searchsorted(pop.grid_community, np.arange(n_c + 1)).astype(np.int64)
        self.cursor = np.zeros(pop.n_grids, np.int64)
        self.hours_left = np.zeros(self.vol.shape[0])
        self.balance = np.zeros(self.vol.shape[0])
        self.totals = np.zeros(3)
        self.pv = pack(model.params, {kt.MIN_AGE: _S + "recipient_min_age", kt.UPTAKE: _S + "uptake",
                                      kt.HOURS: _S + "hours_per_service", kt.REDEEM_SHARE: _S + "redeem_share",
                                      kt.CAP: _S + "balance_cap_hours", kt.SCORE: _S + "service_score"}, kt.N_P)
        self.cs = np.array([self.slot(name) for name in kt.COUNTERS], np.int64)
        self.where = (pop.community[self.vol], pop.group[self.vol])
        n_group = model.acc.shape[2]
        self._cell = self.where[0].astype(np.int64) * n_group + self.where[1]  # flat (community, group)
        self.volunteer_years = np.zeros(model.acc.shape[1:3])
        np.add.at(self.volunteer_years, self.where, 1.0 / 365.0)
        self.daily_yuan = p["coordination_yuan_per_community_year"] / 365.0

    def _enrol(self, pop) -> np.ndarray:
        """Who volunteers: a fixed draw against ``share * propensity / mean propensity`` per set."""
        p = self.p
        u = rng.uniforms(self.model.key_fixed("timebank.enrol"), np.arange(pop.n, dtype=np.uint64))
        young_old = ((pop.group <= Group.ELDERLY_FAMILY) & (pop.health == HealthTier.SELF_CARE)
                     & (pop.age <= p["volunteer_max_age"]))
        adults = np.isin(pop.group, [Group.WORKING_ADULT, Group.YOUNG_PARENT, Group.NEW_CITIZEN])
        enrolled = np.zeros(pop.n, np.bool_)
        for members, share in ((young_old, p["young_old_enrolment"]), (adults, p["adult_enrolment"])):
            if members.any() and share > 0:
                prop = pop.propensity[members].astype(np.float64)
                chance = np.minimum(1.0, share * prop / max(prop.mean(), 1e-9))
                enrolled[members] = u[members] < chance
        return enrolled

    def before_day(self) -> None:
        if calendar.month_starts(self.model.day):  # fresh hours to offer
            self.hours_left[:] = self.p["hours_offered_per_month"]

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        if m.today_who.shape[0] == 0:
            return
        keep = np.empty(m.today_who.shape[0], np.bool_)
        kt.serve(m.key("timebank.serve"), m.today_who, m.today_need, pop.community, self.live, pop.group, pop.age,
                 pop.health, pop.grid, self.vol, self.vstart, self.gstart, self.cursor, self.hours_left,
                 self.balance, self.totals, self.pv, pop.satisfaction, pop.trust, m.experience, self.cs, m.acc[m.day],
                 keep)
        m.today_who, m.today_need = m.today_who[keep], m.today_need[keep]

    def record(self) -> None:
        m = self.model
        acc_day = m.acc[m.day]
        cells = acc_day.shape[0] * acc_day.shape[1]
        acc_day[..., self.cs[kt.BALANCE]] = np.bincount(self._cell, weights=self.balance,
                                                        minlength=cells).reshape(acc_day.shape[:2])
        acc_day[..., self.cs[kt.VOLUNTEER_YEARS]] += self.volunteer_years * self.live[:, None]
        redeemed = acc_day[..., self.cs[kt.CREDITS_REDEEMED]].sum(axis=1)
        self.spend(self.daily_yuan * self.live + redeemed * self.p["redeem_yuan_per_hour"])

    def check_invariants(self):
        issued, redeemed, expired = self.totals
        outstanding = self.balance.sum()
        tol = 1e-6 * max(1.0, issued)
        if abs(issued - redeemed - expired - outstanding) > tol:
            return (f"credits not conserved: issued {issued:g} - redeemed {redeemed:g} - expired {expired:g} "
                    f"!= outstanding {outstanding:g}")
        if np.any(self.balance < -tol) or np.any(self.balance > self.pv[kt.CAP] + tol):
            return "a balance left 0 to the cap"
        if np.any(self.hours_left < -tol):
            return "a volunteer gave more hours than offered"
        done = self.model.counted()
        counted = done[self.cs[[kt.CREDITS_ISSUED, kt.CREDITS_REDEEMED, kt.CREDITS_EXPIRED]]]
        if np.any(np.abs(counted - self.totals) > tol):
            return f"credit counters {counted.tolist()} differ from the bank's books {self.totals.tolist()}"
        return None
