"""Data protection: tiered access, logged use and minimal collection of residents' data.

Plan (docs/plan.md, mechanism 18): grid workers see basic data; health and
finance data need the secretary's approval; every use is logged; only the
data needed is collected. The trade-off it tests: shared data serves
residents (data sharing: documents given once) but can leak, and each
protection lowers the risk at a price in money, time or convenience.

Rules, each a switch with its size; the factors act on the ``records`` rule
(``sim.components.records``): the privacy risk of whatever store the
community has, the departments' own systems or, with data sharing, the shared
store, so protection matters without sharing too:

- tiered access (``tiered_access``): a new request of need ``n`` needs health
  or finance data with chance ``sensitive_share_eldercare`` (elderly care) or
  ``sensitive_share_admin`` (errands such as the subsistence allowance); it waits
  ``approval_days`` for the secretary's approval (``sim.kernels.privacy.approvals``),
  which costs ``approval_yuan``. Fewer eyes on sensitive data: the incident
  hazard is multiplied by ``tiered_risk_factor``.
- logged use (``logged_use``): the hazard is multiplied by
  ``logging_risk_factor`` (misuse is deterred and caught early); the log costs
  ``logging_yuan_per_year`` per community.
- minimal collection (``minimal_collection``): an incident exposes
  ``minimal_exposure_factor`` as many residents; with data sharing the shared
  systems hold fewer documents, so a follow-on errand needs documents again
  with ``minimal_resubmit_add`` more chance (through the data-sharing mechanism).

State: none beyond the ``records`` rule it scales (after data sharing set it,
if it runs: it comes first in the registry).
Counters: approvals. Cost: approvals and the access log.

Staged roll-out: from a community's reform day only: approvals for its
requests, its access log and their costs, and the lower hazard and exposure
(the reform's rows of the ``records`` rule apply only there).
"""

import numpy as np

from sim.components.intake import Intake
from sim.enums import Need
from sim.kernels import slots
from sim.kernels import privacy as kpriv
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.policies.data_sharing import DataSharing
from sim.indicators import Indicator

SECTION = "data_protection"


class DataProtection(Policy):
    """Tiered access, logged use and minimal collection; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("privacy_incidents", "sensitive_approvals_share")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether residents' data is protected by tiered access, logging and minimal collection.",
               "plan §data protection (docs/plan.md mechanism 18)"),
        Param(f"{SECTION}.tiered_access", True, None, None, "switch",
              "plan §data protection: grid workers see basic data; health and finance need the secretary's "
              "approval", "Whether health and finance data need the secretary's approval.", "lever"),
        Param(f"{SECTION}.tiered_risk_factor", 0.5, 0.0, 1.0, "factor on the incident hazard",
              "assumption: with sensitive data behind an approval, about half as many people can leak it",
              "Incident hazard with tiered access, relative to open access (departmental or shared data)."),
        Param(f"{SECTION}.sensitive_share_eldercare", 0.5, 0.0, 1.0, "share of requests",
              "assumption: half of elderly-care requests need health records",
              "Share of elderly-care requests that need health or finance data."),
        Param(f"{SECTION}.sensitive_share_admin", 0.3, 0.0, 1.0, "share of requests",
              "assumption: allowance and insurance errands, about a third of errands, need finance data",
              "Share of administrative errands that need health or finance data."),
        Param(f"{SECTION}.approval_days", 1, 0, 30, "days",
              "assumption: the secretary signs the next working day",
              "Days a request needing sensitive data waits for approval.", "lever"),
        Param(f"{SECTION}.approval_yuan", 10.0, 0.0, 1000.0, "yuan per approval",
              "assumption: ~10 minutes of the secretary's time",
              "Cost of one approval."),
        Param(f"{SECTION}.logged_use", True, None, None, "switch",
              "plan §data protection: logged use", "Whether every use of residents' data is logged.", "lever"),
        Param(f"{SECTION}.logging_risk_factor", 0.7, 0.0, 1.0, "factor on the incident hazard",
              "assumption: logged access deters misuse and catches some early",
              "Incident hazard with logging, relative to no logging."),
        Param(f"{SECTION}.logging_yuan_per_year", 20000.0, 0.0, 1e7, "yuan per community per year",
              "assumption: audit-log software and a part-time reviewer",
              "Cost of the access log."),
        Param(f"{SECTION}.minimal_collection", True, None, None, "switch",
              "plan §data protection: minimal collection", "Whether only the data needed is collected.", "lever"),
        Param(f"{SECTION}.minimal_exposure_factor", 0.5, 0.0, 1.0, "factor on residents exposed",
              "assumption: half the fields held, half the people harmed by a leak",
              "Residents exposed by an incident with minimal collection, relative to full collection."),
        Param(f"{SECTION}.minimal_resubmit_add", 0.02, 0.0, 1.0, "probability per follow-on errand",
              "assumption: a few documents are no longer kept and must be shown again",
              "Extra chance, with data sharing, that a follow-on errand needs documents again."),
    )
    PHASES = ("intake", "record")
    COSTS = ("services", "platform")  # ledger items (sim.ledger)
    RULES = ("records",)
    USES = (Intake,)  # today's requests
    COUNTERS = ("approvals",)
    INDICATORS = (
        Indicator("sensitive_approvals_share", (f"{SECTION}.approvals",), (slots.REQUESTS,), "share",
                  "Share of requests that waited for the secretary's approval of sensitive data"),
    )

    def __init__(self, model):
        super().__init__(model)
        p = self.p
        self._intake = model.component(Intake)
        self.sensitive = np.zeros(len(Need))
        if p["tiered_access"]:
            self.sensitive[Need.ELDERCARE] = p["sensitive_share_eldercare"]
            self.sensitive[Need.ADMIN] = p["sensitive_share_admin"]
        records = self.rule("records")
        records[:, kpriv.INCIDENTS_PER_YEAR] *= ((p["tiered_risk_factor"] if p["tiered_access"] else 1.0)
                                                 * (p["logging_risk_factor"] if p["logged_use"] else 1.0))
        records[:, kpriv.EXPOSED_SHARE] *= p["minimal_exposure_factor"] if p["minimal_collection"] else 1.0
        sharing = model.component(DataSharing)
        if sharing is not None and p["minimal_collection"]:
            sharing.collect_less(p["minimal_resubmit_add"])
        self._counts = np.zeros(model.acc.shape[1:3])

    def intake(self) -> None:
        m, q = self.model, self.model.requests
        today = self._intake.today
        if today.stop == today.start or not self.sensitive.any() or not self.live.any():
            return
        self._counts[:] = 0.0
        kpriv.approvals(m.key("data_protection.sensitive"), m.day, q.resident[today], q.need[today],
                        q.community[today], q.group[today], q.ready[today], self.live, self.sensitive,
                        self.p["approval_days"], self._counts)
        m.acc[m.day][..., self.slot("approvals")] += self._counts
        self.spend(self._counts.sum(axis=1) * self.p["approval_yuan"], item="services")

    def record(self) -> None:
        if self.p["logged_use"]:
            self.spend(np.where(self.live, self.p["logging_yuan_per_year"] / 365.0, 0.0), item="platform")

    def check_invariants(self):
        m = self.model
        done = m.counted()
        if done[self.slot("approvals")] > done[slots.REQUESTS]:
            return "more approvals than requests"
        return None
