"""Routing and handling: handlers' queues, capacities, bounces, deadlines, closure.

Responsibilities: declare routing (misrouting by channel, which department
resolves what, the response deadline), abandonment and the engine's dispute
rule, and the rule tables built from them (``RULES``: ``routing``,
``resolve``, ``disputes``; ``sim.components.rules``); in the ``handling``
phase, draw the kind of the day's new disputes, let every handler except the
counters work its queue (``sim.kernels.handling.work``), give up requests with
the abandonment hazard, and note each handler's backlog for tomorrow's
decisions. Finished requests are dropped from the pool at the start of the
record phase.

Disputes (``sim.kernels.disputes``): each is about noise, parking or a
property fee, in shares by community type (``dispute_shares``; fee disputes
only where a property manager runs the community). Before any reform the
residents' committee hears them, and a dispute it concludes is settled with
chance ``disputes.settle_prob``; an abandoned one is not settled. The KPI
``mediation_success`` (``sim.results``) is settled / concluded. Checks: a
dispute is concluded once (raised = concluded + open), settled <= concluded.
"""

import numpy as np

from sim.enums import CommunityType, HandlerKind, Need, RequestState
from sim.kernels import disputes as dk
from sim.kernels import handling as kh
from sim.kernels import slots
from sim.kernels.aggregate import count_by_group
from sim.params import Param, pack

PARAMS = (
    Param("routing.misroute_app", 0.10, 0.0, 1.0, "probability",
          "assumption: automatic dispatch by need type errs sometimes",
          "Chance an app report is dispatched to the wrong department."),
    Param("routing.misroute_hotline", 0.25, 0.0, 1.0, "probability",
          "plan §first contact: 'nine dragons managing the water'; size assumed",
          "Chance a hotline call is passed to the wrong department."),
    Param("routing.misroute_relay", 0.10, 0.0, 1.0, "probability",
          "assumption: counter staff and grid workers know the system better than a call centre",
          "Chance a counter or grid worker forwards a request to the wrong department."),
    Param("routing.misroute_bounce", 0.30, 0.0, 1.0, "probability",
          "plan §first contact: requests bounce between bodies ('kicking the ball'); size assumed",
          "Chance a department that passes a request on sends it to another wrong one."),
    Param("routing.admin_to_social_security", 0.5, 0.0, 1.0, "share",
          "assumption: errands split between social security and civil affairs",
          "Share of administrative errands that social security resolves.", "structure"),
    Param("routing.eldercare_to_health", 0.4, 0.0, 1.0, "share",
          "plan §smart elderly care: medical-plus-care; split assumed",
          "Share of elderly-care needs the health department resolves.", "structure"),
    Param("routing.abandon_daily", 0.01, 0.0, 1.0, "per day",
          "assumption: a waiting resident gives up with a small daily hazard",
          "Daily chance that a waiting request is given up."),
    Param("routing.abandon_per_bounce", 0.03, 0.0, 1.0, "per day per bounce",
          "plan §first contact: bounced requests are often abandoned; size assumed",
          "Extra daily chance of giving up per bounce so far."),
    Param("routing.response_deadline_days", 1, 0, 30, "days",
          "plan §figures: respond within 1 day", "Deadline for the first response.", "lever"),
    Param("disputes.settle_prob", 0.82, 0.0, 1.0, "probability",
          "calibration: sized to plan §figures' dispute mediation success of 75% before reform "
          "(docs/validation.md): with the ~9% of disputes given up unsettled (most in commercial estates, "
          "whose committee is stretched), 0.82 gives the baseline's mediation_success of about 0.75",
          "Chance that a dispute the residents' committee concludes ends settled (the status quo)."),
    Param("disputes.unsettled_score", 0.25, 0.0, 1.0, "0-1 scale",
          "assumption: a hearing that leaves the quarrel unsettled disappoints nearly as much as "
          "giving up (experience.abandoned_score 0.1), a little less since someone listened",
          "Highest experience score of a dispute closed without settlement."),
    *(
        Param(f"community_types.{ct.label}.dispute_share_{kind}", share, 0.0, 1.0, "weight (normalised)",
              "plan §community types: commercial estates quarrel over noise, parking and property fees "
              "('dozens of quarrels a month'), old neighbourhoods over renovation noise and parking; "
              "shares are assumptions (fee disputes only where a property manager runs the estate)",
              f"Weight of {kind} disputes among disputes in a {ct.label.replace('_', ' ')}.", "structure")
        for ct, weights in (
            (CommunityType.OLD_NEIGHBOURHOOD, (0.55, 0.35, 0.10)),
            (CommunityType.COMMERCIAL_ESTATE, (0.35, 0.30, 0.35)),
            (CommunityType.VILLAGE_CONVERSION, (0.50, 0.40, 0.10)),
        )
        for kind, share in zip(("noise", "parking", "fee"), weights)
    ),
)
_KINDS = ("noise", "parking", "fee")


def routing_vector(params: dict) -> np.ndarray:
    """The ``routing`` rule: columns are the ``sim.kernels.handling`` constants (``kh.N_RP`` of them);
    ``WHISTLE`` and ``ABANDON_APP_FACTOR`` are mechanisms' switches (off: 0 and 1)."""
    return pack(params, {
        kh.MISROUTE_APP: "routing.misroute_app",
        kh.MISROUTE_HOTLINE: "routing.misroute_hotline",
        kh.MISROUTE_RELAY: "routing.misroute_relay",
        kh.MISROUTE_BOUNCE: "routing.misroute_bounce",
        kh.ADMIN_TO_SOCIAL_SECURITY: "routing.admin_to_social_security",
        kh.ELDERCARE_TO_HEALTH: "routing.eldercare_to_health",
        kh.ABANDON_DAILY: "routing.abandon_daily",
        kh.ABANDON_PER_BOUNCE: "routing.abandon_per_bounce",
        kh.RESPONSE_DEADLINE: "routing.response_deadline_days",
    }, kh.N_RP, fixed={kh.WHISTLE: 0.0, kh.ABANDON_APP_FACTOR: 1.0})  # mechanisms change these


def dispute_vector(params: dict) -> np.ndarray:
    """The ``disputes`` rule (columns: ``sim.kernels.disputes`` constants, ``dk.N_DP`` of them): one
    settlement chance for every kind, no assessment."""
    dp = np.zeros(dk.N_DP)
    dp[dk.SETTLE : dk.SETTLE + dk.N_KINDS] = params["disputes.settle_prob"]
    dp[dk.UNSETTLED_SCORE] = params["disputes.unsettled_score"]
    return dp


def dispute_shares(params: dict, community_types) -> np.ndarray:
    """Shares of dispute kinds per community (rows sum to 1); no fee disputes without a property manager."""
    w = np.array([[params[f"community_types.{ct.label}.dispute_share_{k}"] for k in _KINDS]
                  for ct in community_types], dtype=np.float64).reshape(len(community_types), dk.N_KINDS)
    managed = np.array([bool(params[f"community_types.{ct.label}.property_manager"]) for ct in community_types])
    w[~managed, dk.FEE] = 0.0
    total = w.sum(axis=1, keepdims=True)
    return np.where(total > 0, w / np.where(total > 0, total, 1.0), 1.0 / dk.N_KINDS)


def resolve_vector(params: dict) -> np.ndarray:
    """The ``resolve`` rule: chance that the resolving handler closes a stage, a column per
    ``sim.enums.HandlerKind``."""
    out = np.full(len(HandlerKind), params["handlers.resolve_prob_department"])
    out[HandlerKind.COMMITTEE] = params["handlers.resolve_prob_committee"]
    out[HandlerKind.PROPERTY] = params["handlers.resolve_prob_property"]
    out[HandlerKind.COUNTER] = params["counters.resolve_prob"]
    out[HandlerKind.GRID_WORKER] = 0.0  # grid workers forward, they never resolve
    return out


class Handling:
    """The handling phase; see the module docstring."""

    PARAMS = PARAMS
    PHASES = ("handling",)
    RULES = {"routing": routing_vector, "resolve": resolve_vector, "disputes": dispute_vector}

    def __init__(self, model):
        self.model = model
        self.mask = np.ones(len(HandlerKind), dtype=np.bool_)
        self.mask[HandlerKind.COUNTER] = False
        # Shares of dispute kinds by community; the property managers' terms change them (``sim.components.property``).
        self.dispute_shares = dispute_shares(model.params, model.community_types)
        self._k_kind = model.key_fixed("disputes.kind")

    def assign_dispute_kinds(self) -> None:
        """Draw the kind of today's new disputes (idempotent: rules that need it earlier may call it)."""
        m, q = self.model, self.model.requests
        start = int(np.searchsorted(q.created, m.day))  # the pool is in order raised: today's are last
        dk.assign_kinds(self._k_kind, start, q.created, q.resident, q.community, q.group, q.need,
                        self.dispute_shares, q.subtype, m.acc, m.day)

    def handling(self) -> None:
        m, q = self.model, self.model.requests
        self.assign_dispute_kinds()
        m.work_queues(self.mask)
        kh.abandon(m.day, m.key("handling.abandon"), q.arrays(), m.rules.in_force("routing"), m.pop.arrays(),
                   m.experience, m.acc)
        # Finished requests stay in the pool until the record phase, so mechanisms acting in this
        # phase can read today's closures; the backlog counts open requests only.
        still_open = q.state == RequestState.QUEUED
        m.handlers.backlog = np.bincount(q.handler[still_open], minlength=m.handlers.n).astype(np.int64)
        acc = m.acc[m.day]
        acc[:, :, slots.BACKLOG] = count_by_group(q.community, q.group, still_open, *acc.shape[:2])

    def check_invariants(self) -> str | None:
        """Every dispute raised is open or concluded once; no more settled than concluded."""
        m, q = self.model, self.model.requests
        done = m.counted()
        raised = done[[slots.DISPUTES_NOISE, slots.DISPUTES_PARKING, slots.DISPUTES_FEE]].sum()
        still_open = int(np.count_nonzero(q.need == Need.DISPUTE))  # the pool holds open requests only here
        if raised != done[slots.DISPUTES_CONCLUDED] + still_open:
            return (f"disputes do not balance: raised {raised:g} != concluded "
                    f"{done[slots.DISPUTES_CONCLUDED]:g} + open {still_open}")
        if done[slots.DISPUTES_SETTLED] > done[slots.DISPUTES_CONCLUDED]:
            return "more disputes settled than concluded"
        return None
