"""Data sharing between departments: documents given once serve every department.

Plan (docs/plan.md, mechanism 2): without it, a resident who finished a
subsistence-allowance application must resubmit documents for an elderly
health check ten metres away.

Effect (``sim.kernels.counter_queue``, the ``RESUBMIT_PROB`` of the ``counters``
rule): without sharing, each follow-on errand of a visit needs documents
again with probability ``counters.resubmit_prob``; the visit ends there and the
resident comes back another day with them (an extra trip, the request open a
day or more). With sharing that probability falls to ``residual_prob``
(documents the integrated systems do not yet hold). It works with separate
windows and with the merged centre alike.

The risk (plan §data protection, docs/plan.md mechanism 18): residents' data
leaks in every scenario (``sim.components.records``: privacy incidents of the
departments' own systems). With sharing, a community's data sits in one
shared store: the ``records`` rule's hazard becomes ``incidents_per_year``
(one better-guarded system instead of several) and an incident exposes
``exposed_share`` of the residents (the store holds every department's
records, not one's). Data protection, where it runs too, lowers both.

State: the ``counters`` rule's resubmission chance, the ``records`` rule.
Cost (the common ledger): system integration, ``build_yuan`` per community on
the community's reform day, then ``upkeep_yuan_per_year`` per community spread
over the days (plan §digital platform: a platform stopped within a year when
its upkeep was not funded). The KPIs it moves, ``visits_per_errand`` and the
privacy KPIs (``privacy_incidents``, ``privacy_exposed``), are the engine's.

Staged roll-out: a community's records are shared from its reform day: the
counters' resubmission chance and the records' hazard and exposure there (the
engine keeps the status quo's, the departments' own systems, elsewhere), its
build cost on that day and its upkeep from then on.
"""

import numpy as np

from sim.kernels import counter_queue as kq
from sim.kernels import privacy as kpriv
from sim.params import Param
from sim.policies.base import Policy, switch

SECTION = "data_sharing"


class DataSharing(Policy):
    """Shared department records at the service counter; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("visits_per_errand", "privacy_incidents")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether departments share residents' documents, so errands need them only once.",
               "plan §data sharing between departments (docs/plan.md mechanism 2)"),
        Param(f"{SECTION}.residual_prob", 0.03, 0.0, 1.0, "probability per follow-on errand",
              "assumption: a few documents (originals, signatures) stay outside the shared systems",
              "Chance that a follow-on errand still needs documents again with data sharing.", "lever"),
        Param(f"{SECTION}.build_yuan", 200000.0, 0.0, 1e8, "yuan per community",
              "assumption: a district integration project of ~5 M yuan (plan §digital platform: a 5 M yuan "
              "platform) shared by ~25 communities",
              "One-off cost of connecting the departments' systems, on the community's reform day (day 0 "
              "unless the reform is rolled out in stages)."),
        Param(f"{SECTION}.upkeep_yuan_per_year", 30000.0, 0.0, 1e8, "yuan per community per year",
              "assumption: ~15% of the build cost a year for operations and maintenance",
              "Yearly upkeep of the shared systems, spent day by day."),
        Param(f"{SECTION}.incidents_per_year", 0.1, 0.0, 10.0, "incidents per community per year",
              "assumption: one integrated, better-guarded store leaks a community's data about once a decade, half "
              "as often as the departments' several systems (records.incidents_per_year; plan §data protection "
              "names the risk, not its size)",
              "Yearly hazard of a privacy incident in a community whose data is shared (replaces "
              "records.incidents_per_year there).", "uncertainty"),
        Param(f"{SECTION}.exposed_share", 0.2, 0.0, 1.0, "share of residents",
              "assumption: the shared store holds every department's records, so a leak exposes a fifth of a "
              "community's residents, four times one department's system (records.exposed_share)",
              "Share of a community's residents exposed by one incident of the shared store (replaces "
              "records.exposed_share there).", "uncertainty"),
    )
    PHASES = ("record",)
    COSTS = ("platform",)  # ledger items (sim.ledger)
    RULES = ("counters", "records")

    def __init__(self, model):
        super().__init__(model)
        records = self.rule("records")
        records[:, kpriv.INCIDENTS_PER_YEAR] = self.p["incidents_per_year"]
        records[:, kpriv.EXPOSED_SHARE] = self.p["exposed_share"]
        self.collect_less(0.0)

    def collect_less(self, resubmit_add: float) -> None:
        """Add the chance that documents the shared systems no longer hold must be given again (the
        data-protection mechanism's minimal collection)."""
        self.rule("counters")[:, kq.RESUBMIT_PROB] = min(1.0, self.p["residual_prob"] + resubmit_add)

    def record(self) -> None:
        self.spend(np.where(self.starting(), self.p["build_yuan"], 0.0))
        self.spend(np.where(self.live, self.p["upkeep_yuan_per_year"] / 365.0, 0.0))
