"""Data sharing between departments: documents given once serve every department.

Plan (DOMAIN.md, mechanism 2): without it, a resident who finished a
subsistence-allowance application must resubmit documents for an elderly
health check ten metres away.

Effect (``sim.kernels.counter_queue``, the ``RESUBMIT_PROB`` of the counter
vector): without sharing, each follow-on errand of a visit needs documents
again with probability ``counters.resubmit_prob``; the visit ends there and the
resident comes back another day with them (an extra trip, the request open a
day or more). With sharing that probability falls to ``residual_prob``
(documents the integrated systems do not yet hold). It works with separate
windows and with the merged centre alike.

State: none beyond the counter vector.
Cost (the common ledger): system integration, ``build_yuan`` per community on
the mechanism's first day, then ``upkeep_yuan_per_year`` per community spread
over the days (plan §digital platform: a platform stopped within a year when
its upkeep was not funded).
Counters: none of its own; the KPI it moves, ``visits_per_errand``, is the engine's.
"""

from sim.components.counters import Counters
from sim.kernels import counter_queue as kq
from sim.params import Param
from sim.policies.base import Policy, switch

SECTION = "data_sharing"


class DataSharing(Policy):
    """Shared department records at the service counter; see the module docstring."""

    SECTION = SECTION
    PARAMS = (
        switch(SECTION, "Whether departments share residents' documents, so errands need them only once.",
               "plan §data sharing between departments (DOMAIN.md mechanism 2)"),
        Param(f"{SECTION}.residual_prob", 0.03, 0.0, 1.0, "probability per follow-on errand",
              "assumption: a few documents (originals, signatures) stay outside the shared systems",
              "Chance that a follow-on errand still needs documents again with data sharing.", "lever"),
        Param(f"{SECTION}.build_yuan", 200000.0, 0.0, 1e8, "yuan per community",
              "assumption: a district integration project of ~5 M yuan (plan §digital platform: a 5 M yuan "
              "platform) shared by ~25 communities",
              "One-off cost of connecting the departments' systems, on the mechanism's first day."),
        Param(f"{SECTION}.upkeep_yuan_per_year", 30000.0, 0.0, 1e8, "yuan per community per year",
              "assumption: ~15% of the build cost a year for operations and maintenance",
              "Yearly upkeep of the shared systems, spent day by day."),
    )
    PHASES = ("record",)

    def __init__(self, model):
        super().__init__(model)
        model.component(Counters).cp[kq.RESUBMIT_PROB] = self.p["residual_prob"]
        self.first_day = model.day

    def record(self) -> None:
        if self.model.day == self.first_day:
            self.spend(self.p["build_yuan"])
        self.spend(self.p["upkeep_yuan_per_year"] / 365.0)
