"""Routing and handling: handlers' queues, capacities, bounces, deadlines, closure.

Responsibilities: declare routing (misrouting by channel, which department
resolves what, the response deadline) and abandonment; in the ``handling``
phase, let every handler except the counters work its queue
(``sim.kernels.handling.work``), give up requests with the abandonment
hazard, and note each handler's backlog for tomorrow's decisions. Finished
requests are dropped from the pool at the start of the record phase.
"""

import numpy as np

from sim.enums import HandlerKind, RequestState
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
)


def routing_vector(params: dict) -> np.ndarray:
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


def resolve_vector(params: dict) -> np.ndarray:
    """Chance that the resolving handler closes a stage, by handler kind."""
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

    def __init__(self, model):
        self.model = model
        self.mask = np.ones(len(HandlerKind), dtype=np.bool_)
        self.mask[HandlerKind.COUNTER] = False

    def handling(self) -> None:
        m, q = self.model, self.model.requests
        m.work_queues(self.mask)
        kh.abandon(m.day, m.key("handling.abandon"), q.resident, q.community, q.group, q.need, q.channel,
                   q.created, q.state, q.bounces, q.worked, m.rp, m.pop.satisfaction, m.pop.trust, m.xp, m.acc)
        # Finished requests stay in the pool until the record phase, so mechanisms acting in this
        # phase can read today's closures; the backlog counts open requests only.
        still_open = q.state == RequestState.QUEUED
        m.handlers.backlog = np.bincount(q.handler[still_open], minlength=m.handlers.n).astype(np.int64)
        acc = m.acc[m.day]
        acc[:, :, slots.BACKLOG] = count_by_group(q.community, q.group, still_open, *acc.shape[:2])
