"""Property managers: fees, maintenance, the standing decision on public space, and repairs, in every run.

Plan (docs/plan.md, actor table and community types): property managers run
commercial estates, do the maintenance and charge fees (~2.25 yuan per m2 a
month); they may refuse to open public space, "kicking the ball" with the
residents' committee; owners quarrel over noise, parking and fees.

Acts in every community with a property manager (``community_types.<type>.
property_manager``), from day 0, in every scenario; elsewhere it does
nothing. The managers' terms are the ``property`` rule (``RULES``;
``sim.components.rules``; columns ``sim.kernels.property``: ``FEE_RISE``,
``SERVICE_GAIN``, ``OPEN_SPACE``). The status quo: the fee at
``fee_yuan_m2_month``, no service gain, public space refused unless
``property_managers.open_space`` says otherwise. A mechanism changes the
terms where it acts (``sim.policies.property``: the negotiated fee rise and
service, public space opened); read each morning, in force that day:

- fee: ``fee = fee_yuan_m2_month * (1 + FEE_RISE)``; the residents pay
  ``fee * m2_per_resident * residents * collection_rate * 12 / 365`` a day
  (counter ``fee_income``, KPI ``property_fee_income_yuan``; not a government
  cost);
- maintenance: the manager's repair capacity is its declared capacity
  (``handlers.property.capacity_per_10k``) times ``1 + SERVICE_GAIN`` (from
  the next day's capacity, released each morning before this acts); its
  chance of closing a repair at a visit is the ``resolve`` rule's
  ``PROPERTY`` column (``handlers.resolve_prob_property`` in the status quo);
- disputes of kind k (noise, parking, fee) in community c change by
  multipliers ``m[k]``: fee disputes ``exp(fee_dispute_elasticity *
  (FEE_RISE - SERVICE_GAIN))`` (a rise above the service delivered breeds fee
  quarrels, better service for the money calms them; 1 at the status quo),
  noise and parking ``1 - space_dispute_cut`` where public space is open; the
  community's dispute rate is multiplied by ``sum_k share[c,k] * m[k]`` and
  the shares of kinds become ``share[c,k] * m[k] / sum`` (``Needs.rescale``,
  ``Handling.dispute_shares``);
- public space refused (``OPEN_SPACE = 0``): in the ``counters`` phase, after
  every intake rule has routed the day's requests, each open noise or
  parking dispute waiting at the committee is first passed to the manager
  with chance ``refusal_kick_share`` and bounced back
  (``sim.kernels.property.kick``, stream ``property_managers.kick``; a
  dispute a mediation centre took, or courtyard heads settled, is not
  kicked).

In the ``community`` phase (after handling, before finished requests are
dropped) it counts the repairs of managed communities closed today, their
days, those closed within 3 days, and those given up (KPIs
``repair_close_days``, ``repair_closed_within_3d``,
``repair_abandoned_share``). Checks: fee income recorded = the fee
schedule's income, never negative.
"""

import math

import numpy as np

from sim.components.handling import Handling
from sim.components.needs import Needs
from sim.enums import Need
from sim.indicators import Indicator
from sim.kernels import disputes as dk
from sim.kernels import property as kprop
from sim.params import declarer

SECTION = "property_managers"
_S = f"{SECTION}."
_p = declarer(SECTION)

PARAMS = (
    _p("fee_yuan_m2_month", 2.25, 0.0, 20.0, "yuan per m2 per month",
       "company reports of listed property firms (2020-2024, docs/plan.md figures): ~2.25 yuan per m2 a month",
       "Property fee in the status quo.", "structure"),
    _p("m2_per_resident", 33.0, 5.0, 200.0, "m2 per resident", "assumption: a 100 m2 flat for three residents",
       "Floor area that pays the fee, per resident.", "structure"),
    _p("collection_rate", 0.9, 0.0, 1.0, "share", "assumption: most owners pay; some withhold the fee",
       "Share of the fee actually collected.", "structure"),
    _p("open_space", False, None, None, "switch",
       "plan §actors (docs/plan.md actor table): managers 'may keep common space closed to residents', passing "
       "the problem back and forth with the committee; assumption: in the status quo they do (the reform opens it)",
       "Whether managers open the estates' public space (courtyards, parking) in the status quo.", "structure"),
    _p("refusal_kick_share", 0.5, 0.0, 1.0, "probability",
       "plan §actors: refusing to open public space means 'kicking the ball' with the committee; size assumed",
       "Chance a noise or parking dispute is first passed to a manager refusing public space and bounced back."),
    _p("space_dispute_cut", 0.25, 0.0, 1.0, "share",
       "assumption: opened courtyards and parking remove a quarter of the quarrels over space",
       "Cut in noise and parking disputes where public space is open."),
    _p("fee_dispute_elasticity", 4.0, 0.0, 20.0, "per unit of (fee rise - service gain)",
       "assumption: a 10% rise without better service makes fee quarrels ~1.5 times as frequent",
       "How strongly the gap between a fee rise and the service gained drives fee disputes."),
)


def terms_vector(params: dict) -> np.ndarray:
    """The ``property`` rule's status quo: no fee rise, no service gain, public space as declared."""
    out = np.zeros(kprop.N_PP)
    out[kprop.OPEN_SPACE] = float(bool(params[_S + "open_space"]))
    return out


class PropertyManagement:
    """Property managers' fees, maintenance, public space and repairs; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("before_day", "counters", "community")
    RULES = {"property": terms_vector}
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
        Indicator("repair_abandoned_share", (_S + "repairs_abandoned",),
                  (_S + "repairs_closed", _S + "repairs_abandoned"), "share",
                  "Share of finished repairs (managed communities) given up"),
    )

    def __init__(self, model):
        self.model = model
        p, t = model.params, model.handlers
        self.fee = p[_S + "fee_yuan_m2_month"]
        self.paying_m2 = p[_S + "m2_per_resident"] * p[_S + "collection_rate"]
        self.kick_share = p[_S + "refusal_kick_share"]
        self.space_cut = p[_S + "space_dispute_cut"]
        self.elasticity = p[_S + "fee_dispute_elasticity"]
        self.managed = t.property_mgr >= 0
        self.residents = np.diff(model.pop.community_start).astype(np.float64)
        self.pm_rows = t.property_mgr[self.managed]
        self.base_capacity = t.base_capacity[self.pm_rows].copy()
        self.needs = model.component(Needs)
        self.handling = model.component(Handling)
        self.base_shares = self.handling.dispute_shares.copy()
        n_c = len(self.residents)
        self.dispute_factor = np.ones(n_c)  # the dispute rate's multiplier applied to Needs
        self.refused = np.zeros(n_c, dtype=np.bool_)
        self.terms = None  # the terms last applied (the rule's rows in force)
        self.income_expected = 0.0
        self.income_total = 0.0
        self._slots = {c: model.slot(_S + c) for c in self.COUNTERS}

    def before_day(self) -> None:
        m = self.model
        terms = m.rules.in_force("property")
        if self.terms is None or not np.array_equal(terms, self.terms):
            self._apply(terms)
            self.terms = terms.copy()
        m.acc[m.day][:, 0, self._slots["fee_income"]] += self.income
        self.income_total += self.income_day
        # The schedule, kept apart from the counters so the check can compare the two.
        self.income_expected += float(self.fee_in_force @ self.residents) * self.paying_m2 * 12.0 / 365.0

    def _apply(self, terms: np.ndarray) -> None:
        """Dispute rates and kinds, the managers' capacity, the refusals and the fee under the terms ``terms``."""
        m, managed = self.model, self.managed
        rise, gain = terms[:, kprop.FEE_RISE], terms[:, kprop.SERVICE_GAIN]
        opened = terms[:, kprop.OPEN_SPACE] > 0.5
        mult = np.ones((len(managed), dk.N_KINDS))
        mult[:, dk.FEE] = np.exp(self.elasticity * (rise - gain))
        mult[opened, dk.NOISE] *= 1.0 - self.space_cut
        mult[opened, dk.PARKING] *= 1.0 - self.space_cut
        changed = managed & np.any(mult != 1.0, axis=1)  # elsewhere the declared rates and kinds, exactly
        weighted = self.base_shares * mult
        total = np.where(changed, weighted.sum(axis=1), 1.0)
        self.handling.dispute_shares[:] = np.where(changed[:, None], weighted / total[:, None], self.base_shares)
        if not np.array_equal(total, self.dispute_factor):
            self.needs.rescale(Need.DISPUTE, total)
            self.dispute_factor = total
        m.handlers.base_capacity[self.pm_rows] = self.base_capacity * (1.0 + gain[managed])
        self.refused = managed & ~opened
        self.fee_in_force = np.where(managed, self.fee * (1.0 + rise), 0.0)
        self.income = self.fee_in_force * self.paying_m2 * self.residents * 12.0 / 365.0  # a day's, by community
        self.income_day = float(self.income.sum())

    def counters(self) -> None:
        m, q, h = self.model, self.model.requests, self.model.handlers
        if self.kick_share <= 0.0 or not self.refused.any():
            return
        self.handling.assign_dispute_kinds()  # kinds are needed now; the engine's later call leaves them be
        kprop.kick(m.key("property_managers.kick"), int(np.searchsorted(q.created, m.day)), q.need, q.subtype,
                   q.state, q.community, q.group, q.created, q.resident, q.handler, h.committee, h.property_mgr,
                   self.refused, self.kick_share, m.day, self._slots["kicked"], m.acc)

    def community(self) -> None:
        m, q, s = self.model, self.model.requests, self._slots
        kprop.finished_repairs(m.day, q.state, q.need, q.community, q.group, q.created, self.managed, m.acc[m.day],
                               s["repairs_closed"], s["repair_close_days"], s["repairs_closed_3d"],
                               s["repairs_abandoned"])

    def check_invariants(self) -> str | None:
        m = self.model
        recorded = float(m.counted()[self._slots["fee_income"]])  # the warm-up's days too, as the schedule
        if not math.isclose(recorded, self.income_expected, rel_tol=1e-9, abs_tol=1e-6):
            return f"fee income recorded {recorded:.2f} != the fee schedule's {self.income_expected:.2f}"
        if recorded < 0 or not math.isclose(recorded, self.income_total, rel_tol=1e-9, abs_tol=1e-6):
            return "fee income negative or counted twice"
        return None
