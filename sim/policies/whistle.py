"""'Community blows the whistle, departments report': joint action on cross-department problems.

Plan (docs/plan.md, mechanism 4): for problems that need several departments
(a traffic jam by a market), the community calls and the departments must
be on site within 3 working days. Without it, coordination waits on each
department in turn: the problem queues at urban management, then at
transport, then at public security.

Effect (``sim.kernels.handling``, the ``WHISTLE`` switch of the ``routing``
rule): cross-department
problems are worked first in every queue, and the lead department convenes
all the others on site the day it takes the problem up, when they have
capacity left; all stages then close together.

State: none beyond the switch. Cost: the joint site visit, ``cost_per_problem_yuan``
for each cross-department problem closed while the mechanism runs.
Counters: ``convened`` (problems settled by a joint visit). The KPI it moves,
``crossdept_close_days``, is the engine's, so both arms of a comparison have it.
"""

from sim.kernels import handling as kh
from sim.kernels import slots
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "whistle"


class Whistle(Policy):
    """Joint on-site action on cross-department problems; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("crossdept_close_days",)  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether departments answer the community's whistle together, on site.",
               "plan §'community blows the whistle, departments report' (docs/plan.md mechanism 4)"),
        Param(f"{SECTION}.cost_per_problem_yuan", 720.0, 0.0, 100000.0, "yuan per problem",
              "assumption: three departments' staff for half a day each at ~60 yuan an hour",
              "Cost of convening the departments on site for one problem."),
    )
    PHASES = ("record",)
    COSTS = ("services",)  # ledger items (sim.ledger)
    RULES = ("routing",)
    COUNTERS = ("convened",)
    INDICATORS = (
        Indicator("whistle_convened", (f"{SECTION}.convened",), None, "problems",
                  "Cross-department problems settled by a joint visit of the departments"),
    )

    def __init__(self, model):
        super().__init__(model)
        self.rule("routing")[:, kh.WHISTLE] = 1.0

    def record(self) -> None:
        acc = self.model.acc[self.model.day]
        convened = acc[..., slots.CROSS_CLOSED] * self.live[:, None]
        acc[..., self.slot("convened")] += convened
        self.spend(convened.sum(axis=1) * self.p["cost_per_problem_yuan"])
