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

The risk (plan §data protection, docs/plan.md mechanism 18): data held in shared
systems can leak. Each community suffers a privacy incident with the yearly
hazard ``incidents_per_year * risk_factor`` (daily chance ``1 - exp(-h / 365)``);
an incident exposes each resident with chance ``exposed_share * exposure_factor``,
and an exposed resident remembers the breach with ``incident_score``
(``sim.kernels.privacy``). ``risk_factor`` and ``exposure_factor`` are 1 unless
the data-protection mechanism lowers them. Remediation costs
``remediation_yuan`` per resident exposed.

State: the ``counters`` rule's resubmission chance, the risk and exposure factors.
Cost (the common ledger): system integration, ``build_yuan`` per community on
the community's reform day, then ``upkeep_yuan_per_year`` per community spread
over the days (plan §digital platform: a platform stopped within a year when
its upkeep was not funded), and remediation after incidents.
Counters: privacy incidents and residents exposed; the KPI it improves,
``visits_per_errand``, is the engine's.

Staged roll-out: a community's records are shared from its reform day: the
counters' resubmission chance there (the engine keeps the status quo
elsewhere), its incident hazard, its build cost on that day and its upkeep
from then on. Unreformed communities hold no shared data: no incidents there.
"""

import numpy as np

from sim.kernels import counter_queue as kq
from sim.kernels.privacy import incidents
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "data_sharing"


class DataSharing(Policy):
    """Shared department records at the service counter; see the module docstring."""

    SECTION = SECTION
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
              "assumption: a notable leak of a community's shared resident data about once a decade "
              "(plan §data protection names the risk, not its size)",
              "Yearly hazard of a privacy incident in a community whose data is shared.", "uncertainty"),
        Param(f"{SECTION}.exposed_share", 0.2, 0.0, 1.0, "share of residents",
              "assumption: one leaked system (e.g. the grid ledger) holds a fifth of a community's records",
              "Share of a community's residents exposed by one incident.", "uncertainty"),
        Param(f"{SECTION}.incident_score", 0.1, 0.0, 1.0, "experience score 0-1",
              "assumption: learning one's data leaked is nearly as bad as a need nobody met",
              "Experience score an exposed resident remembers.", "uncertainty"),
        Param(f"{SECTION}.remediation_yuan", 50.0, 0.0, 10000.0, "yuan per resident exposed",
              "assumption: notification, hotline and remedial checks",
              "Cost of handling an incident, per resident exposed."),
    )
    PHASES = ("residents", "record")
    RULES = ("counters",)
    COUNTERS = ("incidents", "exposed")
    INDICATORS = (
        Indicator("privacy_incidents", (f"{SECTION}.incidents",), None, "incidents",
                  "Privacy incidents of shared resident data", by_group=False),
        Indicator("privacy_exposed", (f"{SECTION}.exposed",), None, "residents",
                  "Residents whose data privacy incidents exposed"),
    )

    def __init__(self, model):
        super().__init__(model)
        self._counts = np.zeros((*model.acc.shape[1:3], 2))
        self._cs = np.array([self.slot("incidents"), self.slot("exposed")])
        self.protect(1.0, 1.0, 0.0)

    def protect(self, risk_factor: float, exposure_factor: float, resubmit_add: float) -> None:
        """Set the factors on the incident hazard and on residents exposed (the data-protection mechanism),
        and the extra chance that documents the systems no longer hold must be given again."""
        n_c = self._counts.shape[0]
        self.risk_factor, self.exposure_factor = risk_factor, exposure_factor
        self.p_day = np.full(n_c, 1.0 - np.exp(-self.p["incidents_per_year"] * risk_factor / 365.0))
        self.exposed = np.full(n_c, self.p["exposed_share"] * exposure_factor)
        self.rule("counters")[:, kq.RESUBMIT_PROB] = min(1.0, self.p["residual_prob"] + resubmit_add)

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        self._counts[:] = 0.0
        p_day = np.where(self.live, self.p_day, 0.0)  # a draw in [0, 1) is never below 0: no incident there
        incidents(m.key("data_sharing.privacy"), pop.community_start, pop.group, p_day, self.exposed,
                  self.p["incident_score"], pop.satisfaction, pop.trust, m.experience, self._counts)
        if self._counts[..., 0].any():
            m.acc[m.day][..., self._cs] += self._counts
            self.spend(self._counts[..., 1].sum(axis=1) * self.p["remediation_yuan"])

    def record(self) -> None:
        self.spend(np.where(self.starting(), self.p["build_yuan"], 0.0))
        self.spend(np.where(self.live, self.p["upkeep_yuan_per_year"] / 365.0, 0.0))
