"""Property managers: fees, maintenance, public space, and the negotiated fee rise.

Plan (docs/plan.md, actor table, community types and mechanism 12): property
managers run commercial estates, do the maintenance and charge fees (~2.25
yuan per m2 a month); they may refuse to open public space, "kicking the
ball" with the residents' committee; owners quarrel over noise, parking and
fees ("dozens of quarrels a month"); one fee dispute was settled at "+10%
fee, better service".

Acts in every community with a property manager (``community_types.<type>.
property_manager``); elsewhere it changes nothing. From ``settlement_day`` on,
the negotiated terms apply (before it, the status quo):

- fee: ``fee = fee_yuan_m2_month * (1 + fee_rise)``; the residents pay
  ``fee * m2_per_resident * residents * collection_rate * 12 / 365`` a day
  (``property.fee_income``, a counter, not a government cost);
- maintenance: the manager's repair capacity is multiplied by
  ``1 + service_gain`` and its chance of closing a repair at a visit (its
  column of the ``resolve`` rule) becomes ``1 - (1 - q0) * (1 - service_gain)``;
- fee disputes arise at ``exp(fee_dispute_elasticity * (fee_rise - service_gain))``
  times their status-quo rate: a rise above the service delivered breeds
  fee quarrels, better service for the money calms them.

Public space (a standing choice, from day 0): opened (``open_space``), noise
and parking disputes arise ``space_dispute_cut`` less often; refused, each
noise or parking dispute that reaches the committee directly is first passed
to the manager with chance ``refusal_kick_share`` and bounced back
(``sim.kernels.property.kick``; no kicking once a one-stop mediation centre
takes disputes).

Disputes of kind k (noise, parking, fee) in community c change by multipliers
``m[k]``: the community's dispute rate is multiplied by ``sum_k share[c,k] * m[k]``
and the shares of kinds become ``share[c,k] * m[k] / sum`` (``Needs`` hazard
tables and ``Handling.dispute_shares``).

Costs (the ledger): the third-party cost assessment and negotiation of the
new terms (``negotiation_yuan`` per estate, once, on ``settlement_day``,
when the terms change anything) and the management of opened public space
(``open_space_yuan_year_per_10k``). Counters: fee income, disputes kicked to
the manager, repairs closed (with their days and those within 3 days) and
abandoned in managed communities. Checks: fee income recorded = the fee
schedule's income, never negative.

Staged roll-out: it acts in a managed community from the community's reform
day only: public space opened (or refused, with the kicking), its costs and
its counters (fee income included) from that day; the negotiated terms from
``settlement_day`` days after it (the settlement day counts from the
community's reform day, which is day 0 without a roll-out), the negotiation
paid on that day. Unreformed communities keep the status quo. An unmanaged
community (old neighbourhoods) has nothing for it to do, reformed or not.
"""

import math

import numpy as np

from sim.components.handling import Handling
from sim.components.needs import Needs
from sim.enums import HandlerKind, Need
from sim.institutions.handlers import Institutions
from sim.kernels import disputes as dk
from sim.kernels import property as kprop
from sim.kernels.needs import hazard_tables
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "property"
_S = f"{SECTION}."


class PropertyManagers(Policy):
    """Property managers' fees, maintenance and public space; see the module docstring."""

    SECTION = SECTION
    PARAMS = (
        switch(SECTION, "Whether property managers' fees, maintenance and public space follow the levers below.",
               "plan §actors: property managers; §mediation centre (docs/plan.md mechanism 12)"),
        Param(_S + "fee_yuan_m2_month", 2.25, 0.0, 20.0, "yuan per m2 per month",
              "company reports of listed property firms (2020-2024, docs/plan.md figures): ~2.25 yuan per m2 a month",
              "Property fee before the negotiated terms.", "structure"),
        Param(_S + "m2_per_resident", 33.0, 5.0, 200.0, "m2 per resident",
              "assumption: a 100 m2 flat for three residents", "Floor area that pays the fee, per resident.",
              "structure"),
        Param(_S + "collection_rate", 0.9, 0.0, 1.0, "share",
              "assumption: most owners pay; some withhold the fee", "Share of the fee actually collected.",
              "structure"),
        Param(_S + "fee_rise", 0.10, -0.5, 2.0, "share of the fee",
              "plan §mediation centre: one fee dispute settled at '+10% fee, better service'",
              "Rise of the fee under the negotiated terms.", "lever"),
        Param(_S + "service_gain", 0.20, 0.0, 1.0, "share",
              "plan §mediation centre: 'better service'; size assumed: owners accept a rise for more service "
              "than the money alone buys (the assessed cost plus the manager's commitment)",
              "Gain in the manager's maintenance (repair capacity; unresolved share of repair visits cut).",
              "lever"),
        Param(_S + "settlement_day", 0, 0, 3650, "day",
              "assumption: the negotiated terms apply from this day of the run",
              "Day the new terms take effect (under a staged roll-out: days after the community's reform day).",
              "lever"),
        Param(_S + "fee_dispute_elasticity", 4.0, 0.0, 20.0, "per unit of (fee rise - service gain)",
              "assumption: a 10% rise without better service makes fee quarrels ~1.5 times as frequent",
              "How strongly the fee-for-service gap drives fee disputes."),
        Param(_S + "open_space", True, None, None, "switch",
              "plan §actors: property managers may refuse to open public space ('kicking the ball')",
              "Whether managers open the estates' public space (courtyards, parking) to residents.", "lever"),
        Param(_S + "space_dispute_cut", 0.25, 0.0, 1.0, "share",
              "assumption: opened courtyards and parking remove a quarter of the quarrels over space",
              "Cut in noise and parking disputes where public space is opened."),
        Param(_S + "refusal_kick_share", 0.5, 0.0, 1.0, "probability",
              "plan §actors: refusing to open public space means 'kicking the ball' with the committee; "
              "size assumed",
              "Chance a noise or parking dispute is first passed to the refusing manager and bounced back."),
        Param(_S + "negotiation_yuan", 20000.0, 0.0, 1e7, "yuan per estate",
              "assumption: a third-party cost assessment of the estate's service and the talks, paid by the street",
              "One-off cost of negotiating new terms in an estate."),
        Param(_S + "open_space_yuan_year_per_10k", 50000.0, 0.0, 1e7, "yuan per year per 10,000 residents",
              "assumption: cleaning, lighting and watching opened space, paid from community funds",
              "Cost of managing opened public space."),
    )
    PHASES = ("before_day", "intake", "community")
    RULES = ("resolve",)
    USES = (Needs, Handling, Institutions)  # dispute rates, dispute kinds, the managers' capacity
    COUNTERS = ("fee_income", "kicked", "repairs_closed", "repair_close_days", "repairs_closed_3d",
                "repairs_abandoned")
    INDICATORS = (
        Indicator("property_fee_income_yuan", (_S + "fee_income",), None, "yuan",
                  "Property fees residents paid (not a government cost)", by_group=False),
        Indicator("property_kicked_disputes", (_S + "kicked",), None, "disputes",
                  "Disputes passed to a property manager refusing public space and bounced back"),
        Indicator("repair_close_days", (_S + "repair_close_days",), (_S + "repairs_closed",), "days",
                  "Days to close a repair in communities with a property manager"),
        Indicator("repair_closed_within_3d", (_S + "repairs_closed_3d",),
                  (_S + "repairs_closed", _S + "repairs_abandoned"), "share",
                  "Share of finished repairs (managed communities) closed within 3 days"),
    )

    def __init__(self, model):
        super().__init__(model)
        p, t = self.p, model.handlers
        self.managed = t.property_mgr >= 0
        self.residents = np.diff(model.pop.community_start).astype(np.float64)
        self.pm_rows = t.property_mgr[self.managed]
        self.base_capacity = t.base_capacity[self.pm_rows].copy()
        self.q0 = self.rule("resolve")[:, HandlerKind.PROPERTY].copy()
        self.needs = model.component(Needs)
        self.handling = model.component(Handling)
        self.base_rates = self.needs.rates[..., Need.DISPUTE].copy()
        self.base_shares = self.handling.dispute_shares.copy()
        self.changes_terms = p["fee_rise"] != 0.0 or p["service_gain"] != 0.0
        self.income_expected = 0.0
        self.income_total = 0.0
        self._counts = np.zeros((*model.acc.shape[1:3], 4))
        n_c = len(self.residents)
        self.applied_live = np.zeros(n_c, dtype=np.bool_)  # the communities (and terms) _apply_terms last set
        self.applied_settled = np.zeros(n_c, dtype=np.bool_)

    def _settled(self) -> np.ndarray:
        """Communities under the negotiated terms: ``settlement_day`` days or more after their reform day."""
        return self.live & (self.days_reformed() >= self.p["settlement_day"])

    def before_day(self) -> None:
        m, p, live = self.model, self.p, self.live
        settled = self._settled()
        if not (np.array_equal(live, self.applied_live) and np.array_equal(settled, self.applied_settled)):
            self._apply_terms(live, settled)
            if self.changes_terms:
                self.spend(np.where(self.managed & settled & ~self.applied_settled, p["negotiation_yuan"], 0.0))
            self.applied_live, self.applied_settled = live.copy(), settled
        acting = self.managed & live
        if p["open_space"]:
            self.spend(np.where(acting, p["open_space_yuan_year_per_10k"] * self.residents / 1e4 / 365, 0.0))
        fee = np.where(settled, p["fee_yuan_m2_month"] * (1.0 + p["fee_rise"]), p["fee_yuan_m2_month"] * (1.0 + 0.0))
        income = np.where(acting, fee * p["m2_per_resident"] * self.residents * p["collection_rate"]
                          * 12.0 / 365.0, 0.0)
        m.acc[m.day][:, 0, self.slot("fee_income")] += income
        self.income_total += float(income.sum())
        # The schedule, kept apart from the counters so the check can compare the two.
        self.income_expected += float((acting * fee) @ self.residents) * p["m2_per_resident"] \
            * p["collection_rate"] * 12.0 / 365.0

    def _apply_terms(self, live: np.ndarray, settled: np.ndarray) -> None:
        """Dispute rates and shares, and the manager's maintenance, under today's terms where reformed."""
        m, p = self.model, self.p
        gain = np.where(settled, p["service_gain"], 0.0)
        mult = np.ones((len(live), dk.N_KINDS))
        mult[:, dk.FEE] = np.where(settled, math.exp(p["fee_dispute_elasticity"] * (p["fee_rise"] - p["service_gain"])),
                                   math.exp(p["fee_dispute_elasticity"] * (0.0 - 0.0)))
        if p["open_space"]:
            mult[:, [dk.NOISE, dk.PARKING]] *= 1.0 - p["space_dispute_cut"]
        weighted = self.base_shares * mult
        total = weighted.sum(axis=1)
        acting = self.managed & live
        self.handling.dispute_shares[acting] = weighted[acting] / total[acting, None]
        self.needs.rates[acting, ..., Need.DISPUTE] = self.base_rates[acting] * total[acting, None, None]
        self.needs.p_any, self.needs.cum_rate = hazard_tables(self.needs.rates)
        self.needs.refresh()
        m.handlers.base_capacity[self.pm_rows] = self.base_capacity * (1.0 + gain[self.managed])
        self.rule("resolve")[:, HandlerKind.PROPERTY] = 1.0 - (1.0 - self.q0) * (1.0 - gain)

    def intake(self) -> None:
        m, q, h = self.model, self.model.requests, self.model.handlers
        if self.p["open_space"] or not (self.managed & self.live).any():
            return
        self.handling.assign_dispute_kinds()  # kinds are needed now; the engine's later call leaves them be
        kprop.kick(m.key("property.kick"), int(np.searchsorted(q.created, m.day)), q.need, q.subtype, q.community,
                   q.group, q.created, q.resident, q.handler, h.committee, h.property_mgr, self.live,
                   self.p["refusal_kick_share"], m.day, self.slot("kicked"), m.acc)

    def community(self) -> None:
        m, q = self.model, self.model.requests
        c = self._counts
        c[:] = 0.0
        kprop.finished_repairs(m.day, q.state, q.need, q.community, q.group, q.created, self.managed & self.live, c)
        acc = m.acc[m.day]
        for j, name in enumerate(("repairs_closed", "repair_close_days", "repairs_closed_3d", "repairs_abandoned")):
            acc[..., self.slot(name)] += c[..., j]

    def check_invariants(self) -> str | None:
        m = self.model
        recorded = float(m.acc[: m.day + 1, :, :, self.slot("fee_income")].sum())
        if not math.isclose(recorded, self.income_expected, rel_tol=1e-9, abs_tol=1e-6):
            return f"fee income recorded {recorded:.2f} != the fee schedule's {self.income_expected:.2f}"
        if recorded < 0 or not math.isclose(recorded, self.income_total, rel_tol=1e-9, abs_tol=1e-6):
            return "fee income negative or counted twice"
        return None
