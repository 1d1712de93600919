"""Funding: the city fund with district match, purchased services, rewards, cuts and the community economy.

Plan (docs/plan.md, mechanism 15): a city fund of 200 million yuan a year,
districts match 1:1; social capital through purchased services (and PPP);
reward instead of subsidy (100,000 yuan to a community whose mediation
success passes 95%); projects with low efficiency lose 50% of next year's
money; a community economy (a sharing platform taking a 5% commission, 30%
of the community-economy income into a public fund).

Each community has an account (its public fund). Months are the model's
30-day months, years 12 of them (360 days); ``f_c`` is 1, or ``1 - cut_share``
in a year after a low-efficiency year.

Inflows, at each month's start (``before_day``, ``day % 30 == 0``):

    city_c     = city_fund_yuan_year * residents_c / city_residents / 12 * f_c
    district_c = district_match * city_c
    economy_c  = economy_turnover_yuan_per_resident_year * residents_c / 12 * commission * public_fund_share

(the city fund is shared by residents, i.e. ``city_fund_yuan_year /
city_communities`` for a community of the city's mean size, so scaled-down
scenarios get proportionate money). At each year's end (the last day of the
12th month): with ``reward_instead_of_subsidy`` a community whose mediation
success over the year, ``settled / concluded`` disputes (the engine's
counters; ``mediation_success``), is above ``reward_threshold`` receives
``reward_yuan``; without it every community receives ``flat_subsidy_yuan``.

Outflows: at each month's start the money that arrived since the last
start is split: ``(1 - purchased_services_share)`` of it goes to the
community's project pot (``sim.components.projects``, ``Projects.add_funds``: decided on by
the committee or the street office that month), the rest stays in the
account for purchased services. At each month's end (``institutions``
phase, before the programmes run) the account buys programme places
(``sim.components.programmes`` ``extra_seats`` at ``programmes.seat_yuan.<kind>``) for
last month's waiting lists, as the partners' matching app does:
``need_k = max(0, floor(unserved_k + bought_k * attended_k / seats_k) - already_bought_k)``
(``already_bought``: places others bought this month), budget split in
proportion to ``need_k * seat_yuan_k``, at most ``need_k`` whole places;
what is not spent stays in the account.

Low-efficiency cut, at each year's end: the community's efficiency is its
programme attendance over the year, ``attendees / seats`` (the share of
programme places, its own and bought, that residents used); below
``efficiency_threshold`` next year's city and district money is cut by
``cut_share`` (``f_c = 1 - cut_share``), else ``f_c = 1``. A community that
offered no seats is not judged.

Books: per community, ``inflows - outflows == balance >= 0`` at every day
(relative tolerance 1e-6), and the economy inflow is exactly turnover x
commission x public-fund share.

Ledger (the government's money, funding's item): what leaves the accounts:
purchased services, when bought, and the project money moved to the pots,
when moved (money the status quo's budget does not have; the body that then
spends the pot, street office or committee, counts it in
``civic.street_office_yuan`` or ``civic.committee_yuan`` and charges no
mechanism, so nothing is counted twice). Rewards and subsidies reach the
ledger when the account spends them; the community economy is residents'
money.

Staged roll-out: the city fund and the district match finance only
communities the reform has reached (``live`` at a month's start; the city
fund is still shared by residents, so it pays out ``city_fund_yuan_year``
times the share of the city's residents living in reformed communities), as
does the community economy; places are bought, rewards or subsidies paid and
the cut applied only there. A community's mediation success for the reward
counts the year's disputes from its reform day (a community reformed during
the year is judged on its months under the reform); its attendance for the
cut is the world's programme attendance over the year (the programmes run
everywhere; only reached communities are judged). Months and years stay on
the global calendar. Books balance per community as before; a community not
reached has an empty account.

Funding spends through the world's project book and programmes (``USES``).

State: ``balance``, ``unsplit``, ``factor`` (f), ``bought`` (places bought
this month), ``totals`` (C, 7): cumulative city, district, economy, reward,
subsidy inflows and project, services outflows; ``months`` released, per
community.
Counters (community level, group 0): ``city_yuan``, ``district_yuan``,
``economy_yuan``, ``reward_yuan``, ``subsidy_yuan``, ``rewarded``,
``projects_yuan``, ``services_yuan``, ``places``, ``cut``, ``balance``
(end of day).
"""

import numpy as np

from sim import calendar
from sim.components.programmes import Programmes
from sim.components.projects import Projects
from sim.kernels import slots
from sim.params import Param, declarer
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "funding"

_S = f"{SECTION}."
_PLAN = "plan §funding (docs/plan.md mechanism 15)"


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether the city fund, district match, rewards, cuts and community economy finance communities.",
           _PLAN),
    _p("city_fund_yuan_year", 200e6, 0.0, 1e11, "yuan per year",
       f"{_PLAN}: city fund of 200 million yuan a year", "The city's community-governance fund.", "lever"),
    _p("city_residents", 10e6, 1e4, 1e9, "residents",
       "assumption: a large city of ~10 M urban residents, i.e. ~1,250 communities of ~8,000 residents "
       "(MCA 2020), so a mean community receives 160,000 yuan a year from the city",
       "Residents the city fund is shared among (shares by residents).", "structure"),
    _p("district_match", 1.0, 0.0, 10.0, "yuan per city yuan", f"{_PLAN}: districts match 1:1",
       "Yuan the district adds per yuan of the city fund.", "lever"),
    _p("purchased_services_share", 0.5, 0.0, 1.0, "share",
       "assumption: the plan names purchased services and projects; half of the money buys services",
       "Share of the account's new money kept to buy programme places (the rest: the project pot).", "lever"),
    Param(_S + "reward_instead_of_subsidy", True, None, None, "switch",
          f"{_PLAN}: reward instead of subsidy",
          "Whether communities are rewarded for results (mediation success) instead of given a flat subsidy.",
          "lever"),
    _p("reward_yuan", 100000.0, 0.0, 1e8, "yuan", f"{_PLAN}: 100,000 yuan reward",
       "Reward to a community whose yearly mediation success passes the threshold.", "lever"),
    _p("reward_threshold", 0.95, 0.0, 1.0, "share of disputes", f"{_PLAN}: mediation success above 95%",
       "Yearly mediation success (settled / concluded disputes) above which a community is rewarded.", "lever"),
    _p("flat_subsidy_yuan", 20000.0, 0.0, 1e8, "yuan per community per year",
       "assumption: the reward budget spread evenly if about one community in five would qualify",
       "Yearly subsidy every community receives when rewards are off.", "lever"),
    _p("efficiency_threshold", 0.5, 0.0, 1.0, "share of places used",
       "plan §figures: programmes designed without asking residents draw under 50% participation; "
       "assumption: that is the line of 'low efficiency'",
       "Yearly programme attendance (attendees / seats) below which next year's money is cut.", "lever"),
    _p("cut_share", 0.5, 0.0, 1.0, "share", f"{_PLAN}: low-efficiency projects lose 50% of next year's money",
       "Share of next year's city and district money a low-efficiency community loses.", "lever"),
    _p("economy_turnover_yuan_per_resident_year", 300.0, 0.0, 1e6, "yuan per resident per year",
       "assumption: a community sharing platform (second-hand goods, tool lending, space rental) trading "
       "about 2.4 M yuan a year in an 8,000-resident community",
       "Turnover of the community-economy sharing platform."),
    _p("commission", 0.05, 0.0, 1.0, "share of turnover", f"{_PLAN}: sharing platform, 5% commission",
       "Commission the community economy takes on the platform's turnover.", "lever"),
    _p("public_fund_share", 0.30, 0.0, 1.0, "share of income", f"{_PLAN}: 30% of community-economy income",
       "Share of the community-economy income paid into the public fund.", "lever"),
)

COUNTERS = ("city_yuan", "district_yuan", "economy_yuan", "reward_yuan", "subsidy_yuan", "rewarded",
            "projects_yuan", "services_yuan", "places", "cut", "balance")
INFLOWS = ("city_yuan", "district_yuan", "economy_yuan", "reward_yuan", "subsidy_yuan")
OUTFLOWS = ("projects_yuan", "services_yuan")
_C = {n: f"{SECTION}.{n}" for n in COUNTERS}
INDICATORS = (
    Indicator("funding_inflow_yuan", tuple(_C[n] for n in INFLOWS), None, "yuan",
              "Money into the communities' public funds (city, district, community economy, rewards, subsidies)",
              by_group=False),
    Indicator("funding_reward_yuan", (_C["reward_yuan"],), None, "yuan",
              "Rewards paid for mediation success above the threshold (plan: 100,000 yuan above 95%)",
              by_group=False),
    Indicator("funding_economy_yuan", (_C["economy_yuan"],), None, "yuan",
              "Community-economy income paid into the public fund (turnover x 5% x 30%)", by_group=False),
    Indicator("funding_services_yuan", (_C["services_yuan"],), None, "yuan",
              "Money spent on purchased programme places", by_group=False),
    Indicator("funding_projects_yuan", (_C["projects_yuan"],), None, "yuan",
              "Money moved to the community project pots", by_group=False),
    Indicator("funding_places", (_C["places"],), None, "place-months",
              "Programme places bought with the public funds", by_group=False),
    Indicator("funding_cut_communities", (_C["cut"],), None, "community-years",
              "Communities whose next year's money was cut for low efficiency", by_group=False),
    Indicator("funding_balance_yuan", (_C["balance"],), None, "yuan",
              "Money left in the communities' public funds, last day", snapshot=True, by_group=False),
)


class Funding(Policy):
    """Community funding; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("funding_inflow_yuan", "funding_reward_yuan")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("before_day", "institutions", "programmes")
    COSTS = ("subsidies",)  # ledger items (sim.ledger)
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    USES = (Projects, Programmes)

    def __init__(self, model):
        super().__init__(model)
        p = self.p
        self.book = model.component(Projects)
        self.prog = model.component(Programmes)
        n = self.prog.n_comm
        residents = self.prog.residents
        self.city_month = p["city_fund_yuan_year"] * residents / p["city_residents"] / 12.0
        self.economy_month = (p["economy_turnover_yuan_per_resident_year"] * residents / 12.0 * p["commission"]
                              * p["public_fund_share"])
        self.factor = np.ones(n)
        self.balance = np.zeros(n)
        self.unsplit = np.zeros(n)
        self.bought = np.zeros_like(self.prog.extra_seats)
        self.totals = np.zeros((n, len(INFLOWS) + len(OUTFLOWS)))
        self.months = np.zeros(n)  # monthly releases so far, per community (only while reformed)

    # ------------------------------------------------------------------ flows
    def _flow(self, name: str, yuan: np.ndarray) -> None:
        """Record a flow into (INFLOWS) or out of (OUTFLOWS) the accounts, per community."""
        j = (INFLOWS + OUTFLOWS).index(name)
        sign = 1.0 if name in INFLOWS else -1.0
        self.balance += sign * yuan
        if sign > 0:
            self.unsplit += yuan
        self.totals[:, j] += yuan
        self.model.acc[self.model.day, :, 0, self.slot(name)] += yuan

    def before_day(self) -> None:
        m, p = self.model, self.p
        if not calendar.month_starts(m.day):
            return
        live = self.live
        self.months += live
        city = np.where(live, self.city_month * self.factor, 0.0)
        self._flow("city_yuan", city)
        self._flow("district_yuan", p["district_match"] * city)
        self._flow("economy_yuan", np.where(live, self.economy_month, 0.0))
        projects = (1.0 - p["purchased_services_share"]) * self.unsplit
        self.unsplit = np.zeros_like(self.unsplit)
        self._flow("projects_yuan", projects)
        self.book.add_funds(projects)
        self.spend(projects)

    def _places(self, c: int, budget: float) -> np.ndarray:
        """Places for community ``c``'s waiting lists with ``budget`` yuan (see the module docstring)."""
        prog, price = self.prog, self.prog.seat_yuan
        with np.errstate(invalid="ignore", divide="ignore"):
            used = np.where(prog.last_seats[c] > 0, self.bought[c] * prog.last_attended[c] / prog.last_seats[c], 0)
        need = np.maximum(np.floor(prog.last_unserved[c] + used) - prog.extra_seats[c], 0.0)
        if need.sum() <= 0 or budget <= 0:
            return np.zeros_like(need)
        cost = need * price
        return np.minimum(np.floor(budget * cost / cost.sum() / price), need)

    def institutions(self) -> None:
        m, prog = self.model, self.prog
        if not calendar.month_ends(m.day):
            return
        bought = np.array([self._places(c, self.balance[c]) if self.live[c] else np.zeros(prog.seat_yuan.shape)
                           for c in range(prog.n_comm)])
        yuan = (bought * prog.seat_yuan).sum(axis=1)
        self._flow("services_yuan", yuan)
        self.bought = bought
        prog.extra_seats += bought
        m.acc[m.day, :, 0, self.slot("places")] += bought.sum(axis=1)
        self.spend(yuan)

    def programmes(self) -> None:
        """After the month's programmes: the year's rewards and cut at a year's end; the day's balance."""
        m = self.model
        if calendar.year_ends(m.day) and self.live.any():  # a warm-up year (day -1) has no one to judge
            self._year_end()
        m.acc[m.day, :, 0, self.slot("balance")] = self.balance

    def _year_end(self) -> None:
        """Rewards (or subsidies) for the year, and next year's cut for low efficiency."""
        m, p = self.model, self.p
        live, first = self.live, m.day + 1 - calendar.YEAR_DAYS
        year = m.acc[first: m.day + 1]
        # each community's disputes since its reform day (the whole year without a staged roll-out)
        reformed = np.arange(first, m.day + 1)[:, None] >= m.reform_day[None, :]
        settled = np.where(reformed[:, :, None], year[..., slots.DISPUTES_SETTLED], 0.0).sum(axis=(0, 2))
        concluded = np.where(reformed[:, :, None], year[..., slots.DISPUTES_CONCLUDED], 0.0).sum(axis=(0, 2))
        if p["reward_instead_of_subsidy"]:
            success = np.where(concluded > 0, settled / np.maximum(concluded, 1.0), 0.0)
            won = live & (concluded > 0) & (success > p["reward_threshold"])
            self._flow("reward_yuan", np.where(won, p["reward_yuan"], 0.0))
            m.acc[m.day, :, 0, self.slot("rewarded")] += won
        else:
            self._flow("subsidy_yuan", np.where(live, p["flat_subsidy_yuan"], 0.0))
        attendees = year[..., m.slot("programmes.attendees")].sum(axis=(0, 2))
        seats = year[:, :, 0, m.slot("programmes.seats")].sum(axis=0)
        low = live & (seats > 0) & (attendees < p["efficiency_threshold"] * seats)
        self.factor = np.where(low, 1.0 - p["cut_share"], 1.0)
        m.acc[m.day, :, 0, self.slot("cut")] += low

    # ------------------------------------------------------------------ checks
    def check_invariants(self):
        n_in = len(INFLOWS)
        inflow, outflow = self.totals[:, :n_in].sum(axis=1), self.totals[:, n_in:].sum(axis=1)
        tol = 1e-6 * np.maximum(1.0, inflow)
        if np.any(np.abs(inflow - outflow - self.balance) > tol) or np.any(self.balance < -tol):
            return (f"funding books: inflows {inflow.sum():g} - outflows {outflow.sum():g} != balance "
                    f"{self.balance.sum():g} (or a negative balance)")
        economy = self.economy_month * self.months
        if np.any(np.abs(self.totals[:, INFLOWS.index("economy_yuan")] - economy) > 1e-9 * np.maximum(1.0, economy)):
            return "community-economy income != turnover x commission x public-fund share"
        return None
