"""Participation incentives: points, online voting, rotating observers, decision boundaries.

Plan (docs/plan.md, mechanism 10): points for taking part in deliberation,
redeemable for property-fee discounts or vouchers; online voting beside
offline hearings; rotating "community observers" (2 hours a month) against
fatigue; clear decision boundaries (residents decide greening and venues,
experts decide structural and fire safety). Risks named: free-riding (plans
skewed to a few active residents) and over-participation (a project delayed
two months by residents micromanaging works).

The monthly round itself is the world's (``sim.components.deliberation``, the
logit of ``sim.kernels.participation``), held in every scenario at the status
quo's settings (offline hearings, no points, no observers); this mechanism sets
its rules where the reform has reached:

- points: each participation earns ``points_yuan_per_participation`` of
  points (adding ``civic.a_points_per_yuan * points`` to the logit); each
  month a share ``points_redeem_share_month`` of the points outstanding in a
  community is redeemed for fee discounts or vouchers, paid by the ledger.
  Books: issued == redeemed + outstanding;
- online voting (``online_voting``): residents able to use an app
  (literacy > 0.5) vote in ``civic.online_hours`` instead of a
  ``civic.meeting_hours`` hearing, so working-age residents, whose time costs
  most, join more: participation rises and its skew falls. The app costs
  ``online_yuan_per_community_year``;
- rotating observers: each month ``observers_per_1000_adults`` of the adults,
  drawn at random (so representative), take part as observers for
  ``observer_hours_month``; they carry the oversight of works, so the
  regulars no longer carry it (no ``civic.oversight_fatigue``). They earn
  points like any participant;
- decision boundaries (``decision_boundaries``): residents oversee only
  greening and venue works, and safety proposals are decided by experts
  (the committee does not put them to a vote: experts approve each with
  chance ``expert_approve_share``, funded first, and reject the rest). Without boundaries, every
  kind of works is overseen, and with very high participation works stall
  (``civic.oversight_*``: the plan's two-month delay).

KPIs: participation_online_share, participation_points_redeemed_yuan; what
it changes shows in the world's participation_rate, participation_skew
(``sim.components.deliberation``) and project_delay_days
(``sim.components.projects``). Costs: points redeemed, the online-voting app.
Checks: points conserved.

Staged roll-out: points, observers, online votes and decision boundaries apply
to the adults and works of communities the reform has reached (elsewhere the
round and the projects keep the status quo's settings, with the same draws);
points are earned and the online-voting module paid for those communities
only, from their reform day.
"""

import numpy as np

from sim import calendar
from sim.components.deliberation import COUNTER_NAMES as C
from sim.components.deliberation import Deliberation
from sim.components.projects import Projects
from sim.params import Param, declarer
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "participation"

_S = f"{SECTION}."


_p = declarer(SECTION, role="lever")


PARAMS = (
    switch(SECTION, "Whether the community runs participation incentives (points, online voting, observers, "
           "decision boundaries).", "plan §participation incentives (docs/plan.md mechanism 10)"),
    _p("points_yuan_per_participation", 10.0, 0.0, 1000.0, "yuan per participation",
       "plan §participation incentives: points redeemable for property-fee discounts or vouchers; value "
       "assumed (a small voucher)", "Value of the points a resident earns each time they take part."),
    _p("points_redeem_share_month", 0.5, 0.0, 1.0, "share of outstanding points per month",
       "assumption: residents redeem their points within a couple of months",
       "Share of outstanding points redeemed each month (paid by the ledger).", "uncertainty"),
    Param(_S + "online_voting", True, None, None, "switch",
          "plan §participation incentives: online voting beside offline hearings",
          "Whether residents able to use an app can vote online instead of attending.", "lever"),
    _p("online_yuan_per_community_year", 20000.0, 0.0, 1e7, "yuan per community per year",
       "assumption: an online-voting module of the community app and its moderation",
       "Cost of online voting in each community.", "uncertainty"),
    _p("observers_per_1000_adults", 10.0, 0.0, 1000.0, "observers per 1,000 adults per month",
       "plan §participation incentives: rotating community observers; number assumed",
       "Adults drawn each month as rotating observers."),
    _p("observer_hours_month", 2.0, 0.0, 40.0, "hours per month",
       "plan §participation incentives: rotating observers serve 2 hours a month",
       "Hours an observer serves in their month.", "structure"),
    Param(_S + "decision_boundaries", True, None, None, "switch",
          "plan §participation incentives: residents decide greening and venues, experts decide structural "
          "and fire safety", "Whether the decision boundaries hold.", "lever"),
    _p("expert_approve_share", 0.5, 0.0, 1.0, "share of safety proposals",
       "assumption: a technical check finds about half of the safety proposals necessary",
       "Chance experts approve a safety proposal (with decision boundaries, before the committee's vote).",
       "uncertainty"),
)

COUNTERS = ("points_issued", "points_redeemed")
INDICATORS = (
    Indicator("participation_online_share", (C["online"],), (C["participants"],), "share",
              "Share of participations that were online votes"),
    Indicator("participation_points_redeemed_yuan", (f"{SECTION}.points_redeemed",), None, "yuan",
              "Points redeemed for fee discounts or vouchers", by_group=False),
)


class Participation(Policy):
    """Participation incentives; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("participation_rate", "participation_skew")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("civic",)
    COSTS = ("incentives", "platform")  # ledger items (sim.ledger)
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    USES = (Deliberation, Projects)

    def __init__(self, model):
        super().__init__(model)
        p = self.p
        self.round = model.component(Deliberation)
        self.round.online_voting = bool(p["online_voting"])
        self.round.points_yuan = float(p["points_yuan_per_participation"])
        self.round.observers_share = float(p["observers_per_1000_adults"]) / 1000.0
        self.round.set_observer_hours(p["observer_hours_month"])
        book = model.component(Projects)
        book.boundaries = bool(p["decision_boundaries"])
        book.expert_approve_share = p["expert_approve_share"]
        n_comm = model.acc.shape[1]
        self.outstanding = np.zeros(n_comm)
        self.totals = np.zeros(2)  # issued, redeemed (yuan)

    def civic(self) -> None:
        """A month's first day, after the round: redeem last months' points, then credit this month's
        participants."""
        m, p = self.model, self.p
        if not calendar.month_starts(m.day):
            return
        counts = self.round.counts
        acc = m.acc[m.day]
        redeemed = self.outstanding * p["points_redeem_share_month"]
        issued = np.where(self.live, counts[0].sum(axis=1) * p["points_yuan_per_participation"], 0.0)
        self.outstanding += issued - redeemed
        self.totals += (issued.sum(), redeemed.sum())
        acc[:, 0, self.slot("points_issued")] += issued
        acc[:, 0, self.slot("points_redeemed")] += redeemed
        online = p["online_yuan_per_community_year"] / 12.0 if p["online_voting"] else 0.0
        self.spend(redeemed, item="incentives")
        self.spend(online * self.live, item="platform")

    def check_invariants(self):
        issued, redeemed = self.totals
        if abs(issued - redeemed - self.outstanding.sum()) > 1e-6 * max(1.0, issued):
            return f"points not conserved: issued {issued:g} - redeemed {redeemed:g} != {self.outstanding.sum():g}"
        if np.any(self.outstanding < -1e-9):
            return "negative points outstanding"
        return None
