"""Residents' data held by departments, and its leaks: privacy incidents in every community.

The plan's actor table (docs/plan.md): departments hold residents' records,
each in its own systems unless they share them (mechanism 2); data
protection (mechanism 18) is about the risk that data leaks. The status quo
leaks too: each department's system can be breached, misused or lost.

Each day, in the ``residents`` phase, a community suffers a privacy incident
with the daily chance ``1 - exp(-h / 365)``, ``h`` the yearly hazard of the
``records`` rule in force there; an incident exposes each of its residents
with the rule's exposure share; an exposed resident remembers the breach with
``incident_score`` (``sim.kernels.privacy.incidents``). The status quo's rule
is the departments' own systems (``incidents_per_year``, ``exposed_share``);
data sharing replaces them with one shared store (its own hazard and a
larger exposure), data protection lowers the hazard and the exposure of
whichever store the community has. Draws (stream ``records.incident``) are
the same whatever the rule: one per community decides an incident, one per
resident the exposure, so arms that differ in the rule differ only in which
draws fall below the thresholds.

The ``records`` rule (``RULES``, ``records_vector``; columns
``sim.kernels.privacy``). Counters: incidents (group 0), residents exposed,
and what remediating them costs at ``remediation_yuan`` each, which the
status quo pays (``sim.components.running_costs`` puts it in the ledger).
"""

from __future__ import annotations

import numpy as np

from sim.indicators import Indicator
from sim.kernels import privacy as kpriv
from sim.params import declarer, pack

SECTION = "records"
_S = f"{SECTION}."

_p = declarer(SECTION)

PARAMS = (
    _p("incidents_per_year", 0.2, 0.0, 10.0, "incidents per community per year",
       "assumption: each department keeps residents' data in its own, unevenly guarded systems (docs/plan.md, "
       "actor table and mechanism 2); one of them leaks a community's data about once in five years "
       "(plan §data protection names the risk, not its size)",
       "Yearly hazard of a privacy incident of a community's data held by the departments."),
    _p("exposed_share", 0.05, 0.0, 1.0, "share of residents",
       "assumption: one department's system holds the records of a part of a community (e.g. allowance "
       "recipients, older residents' health checks), about a twentieth of its residents",
       "Share of a community's residents exposed by one incident of departmental data."),
    _p("incident_score", 0.1, 0.0, 1.0, "experience score 0-1",
       "assumption: learning one's data leaked is nearly as bad as a need nobody met",
       "Experience score an exposed resident remembers."),
    _p("remediation_yuan", 50.0, 0.0, 10000.0, "yuan per resident exposed",
       "assumption: notification, hotline and remedial checks",
       "Cost of handling an incident, per resident exposed (a KPI: no ledger item pays it yet)."),
)


def records_vector(params: dict) -> np.ndarray:
    """The ``records`` rule of the status quo (the departments' own systems): ``sim.kernels.privacy`` columns."""
    return pack(params, {kpriv.INCIDENTS_PER_YEAR: _S + "incidents_per_year",
                         kpriv.EXPOSED_SHARE: _S + "exposed_share"}, kpriv.N_RECORDS)


def _name(counter: str) -> str:
    return f"{SECTION}.{counter}"


class Records:
    """Departments' data and its privacy incidents; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("residents",)
    RULES = {"records": records_vector}
    COUNTERS = ("incidents", "exposed", "remediation_yuan")
    INDICATORS = (
        Indicator("privacy_incidents", (_name("incidents"),), None, "incidents",
                  "Privacy incidents of residents' data (the departments' own systems, or the shared store where "
                  "data sharing runs)", by_group=False),
        Indicator("privacy_exposed", (_name("exposed"),), None, "residents",
                  "Residents whose data privacy incidents exposed"),
        Indicator("privacy_remediation_yuan", (_name("remediation_yuan"),), None, "yuan",
                  "What remedying the exposures costs (records.remediation_yuan a resident); in cost_yuan, "
                  "paid by the status quo"),
    )

    def __init__(self, model):
        self.model = model
        self._counts = np.zeros((*model.acc.shape[1:3], 2))
        self._cs = np.array([model.slot(_name("incidents")), model.slot(_name("exposed"))])
        self._remediation = model.slot(_name("remediation_yuan"))
        self._yuan = model.params[_S + "remediation_yuan"]
        self._score = model.params[_S + "incident_score"]

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        rows = m.rules.in_force("records")
        p_day = 1.0 - np.exp(-rows[:, kpriv.INCIDENTS_PER_YEAR] / 365.0)
        exposed = np.ascontiguousarray(rows[:, kpriv.EXPOSED_SHARE])
        self._counts[:] = 0.0
        kpriv.incidents(m.key("records.incident"), pop.community_start, pop.group, p_day, exposed, self._score,
                        pop.satisfaction, pop.trust, m.experience, self._counts)
        if self._counts[..., 0].any():
            acc_day = m.acc[m.day]
            acc_day[..., self._cs] += self._counts
            acc_day[..., self._remediation] += self._counts[..., 1] * self._yuan
