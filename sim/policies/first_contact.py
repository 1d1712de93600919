"""First-contact responsibility: whoever first receives a report tracks it to closure.

Plan (docs/plan.md, mechanism 3): without it requests bounce between bodies
("nine dragons managing the water", "kicking the ball") and some are
abandoned. With it, a department that cannot resolve a request does not pass
it on at random: it finds the body that can (so a bounce is never followed by
another misroute), and it keeps the resident informed (so bounces no longer
drive residents to give up).

State: none; it changes the ``routing`` rule for the run.
Effect, with ``tracking`` = t (share of requests the first receiver tracks):

    misroute_bounce    -> misroute_bounce * (1 - t)
    abandon_per_bounce -> abandon_per_bounce * (1 - t)

Cost: staff time per request tracked, ``cost_per_request_yuan`` for each
request created while the mechanism runs.
Counters: ``tracked`` (requests tracked from their first receiver).
"""

from sim.kernels import handling as kh
from sim.kernels import slots
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "first_contact"


class FirstContact(Policy):
    """First-contact responsibility; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("bounces_per_request", "abandoned_share")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether the first receiver of a report tracks it to closure.",
               "plan §first-contact responsibility (docs/plan.md mechanism 3)"),
        Param(f"{SECTION}.tracking", 1.0, 0.0, 1.0, "share of requests",
              "plan §first-contact responsibility: whoever first receives a report tracks it to closure",
              "Share of requests the first receiver tracks to closure.", "lever"),
        Param(f"{SECTION}.cost_per_request_yuan", 15.0, 0.0, 1000.0, "yuan per request",
              "assumption: ~15 minutes of a community worker's time at ~60 yuan an hour",
              "Staff cost of tracking one request to closure."),
    )
    PHASES = ("record",)
    COSTS = ("services",)  # ledger items (sim.ledger)
    RULES = ("routing",)
    COUNTERS = ("tracked",)
    INDICATORS = (
        Indicator("first_contact_tracked_share", (f"{SECTION}.tracked",), (slots.REQUESTS,), "share",
                  "Share of requests tracked to closure by their first receiver"),
    )

    def __init__(self, model):
        super().__init__(model)
        t = self.p["tracking"]
        routing = self.rule("routing")
        routing[:, kh.MISROUTE_BOUNCE] *= 1.0 - t
        routing[:, kh.ABANDON_PER_BOUNCE] *= 1.0 - t

    def record(self) -> None:
        m = self.model
        acc = m.acc[m.day]
        tracked = acc[..., slots.REQUESTS] * (self.p["tracking"] * self.live[:, None])
        acc[..., self.slot("tracked")] += tracked
        self.spend(tracked.sum(axis=1) * self.p["cost_per_request_yuan"])

    def check_invariants(self):
        tracked = self.model.acc[: self.model.day + 1, ..., self.slot("tracked")].sum()
        requests = self.model.acc[: self.model.day + 1, ..., slots.REQUESTS].sum()
        return None if tracked <= requests + 1e-9 else "more requests tracked than were made"
