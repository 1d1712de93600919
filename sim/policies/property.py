"""Property managers, reformed: the negotiated fee rise with better service, and public space opened.

Plan (docs/plan.md, actor table, community types and mechanism 12): property
managers may refuse to open public space, "kicking the ball" with the
residents' committee; one fee dispute was settled at "+10% fee, better
service".

The managers' fees, maintenance, standing decision on public space (refused
in the status quo), kicking and repairs are a world process
(``sim.components.property``), in every run. This mechanism changes the
managers' terms, the ``property`` rule, and their chance of closing a repair
at a visit, the ``resolve`` rule's ``PROPERTY`` column, in managed
communities where it acts:

- public space (lever ``open_space``): opened from the community's reform
  day (``OPEN_SPACE = 1``): noise and parking disputes arise less often and
  are no longer kicked (the world component's rules);
- the negotiated terms, from ``settlement_day`` days after the community's
  reform day (``FEE_RISE = fee_rise``, ``SERVICE_GAIN = service_gain``): the
  fee rises, the manager's repair capacity grows by ``service_gain``, its
  chance of closing a repair at a visit becomes
  ``1 - (1 - q0) * (1 - service_gain)``, and fee disputes follow the gap
  between the rise and the service gained (the world component's rules).
  The terms are written the evening before they apply (the rows are in force
  only where the reform has reached, so a community's row may be written
  before its reform day, never while it is reformed and not yet settled).

Costs (the ledger): the third-party cost assessment and negotiation of the
new terms (``negotiation_yuan`` per estate, once, on the settlement day,
when the terms change anything) and the management of opened public space
(``open_space_yuan_year_per_10k``, only where the status quo refuses it: this
mechanism opened it). No counters of its own: fee income, kicked disputes
and repairs are the world component's KPIs, present in both arms of a
comparison.

Staged roll-out: it acts in a managed community from the community's reform
day only; unreformed communities keep the status quo. An unmanaged
community (old neighbourhoods) has nothing for it to do, reformed or not.
"""

import numpy as np

from sim.components.property import PropertyManagement
from sim.enums import HandlerKind
from sim.kernels import property as kprop
from sim.params import Param
from sim.policies.base import Policy, switch

SECTION = "property"

_S = f"{SECTION}."


class PropertyManagers(Policy):
    """The negotiated terms and public space opened; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("repair_close_days", "repair_abandoned_share")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether property managers' fees, maintenance and public space follow the levers below.",
               "plan §actors: property managers; §mediation centre (docs/plan.md mechanism 12)"),
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
        Param(_S + "open_space", True, None, None, "switch",
              "plan §actors: property managers may refuse to open public space ('kicking the ball')",
              "Whether managers open the estates' public space (courtyards, parking) to residents where the "
              "reform reaches (false: the status quo's standing decision stays).", "lever"),
        Param(_S + "negotiation_yuan", 20000.0, 0.0, 1e7, "yuan per estate",
              "assumption: a third-party cost assessment of the estate's service and the talks, paid by the street",
              "One-off cost of negotiating new terms in an estate."),
        Param(_S + "open_space_yuan_year_per_10k", 50000.0, 0.0, 1e7, "yuan per year per 10,000 residents",
              "assumption: cleaning, lighting and watching opened space, paid from community funds",
              "Cost of managing public space this mechanism opened."),
    )
    PHASES = ("before_day", "record")
    COSTS = ("services", "facilities")  # ledger items (sim.ledger)
    RULES = ("resolve", "property")
    USES = (PropertyManagement,)  # the managed communities; the world's terms it changes

    def __init__(self, model):
        super().__init__(model)
        p = self.p
        world = model.component(PropertyManagement)
        self.managed = world.managed
        self.residents = world.residents
        self.q0 = model.rules.status_quo("resolve")[:, HandlerKind.PROPERTY]
        self.changes_terms = p["fee_rise"] != 0.0 or p["service_gain"] != 0.0
        opened_before = model.rules.status_quo("property")[:, kprop.OPEN_SPACE] > 0.5
        self.opens = self.managed & ~opened_before if p["open_space"] else np.zeros_like(self.managed)
        if self.opens.any():  # in force from each community's reform day
            self.rule("property")[self.opens, kprop.OPEN_SPACE] = 1.0
        self._settle(self.starting(ahead=-p["settlement_day"]))  # those under the new terms from day 0

    def _settle(self, communities: np.ndarray) -> None:
        """Write the negotiated terms in the rows of ``communities`` (managed ones only)."""
        rows = communities & self.managed
        if not (self.changes_terms and rows.any()):
            return
        gain = self.p["service_gain"]
        terms = self.rule("property")
        terms[rows, kprop.FEE_RISE] = self.p["fee_rise"]
        terms[rows, kprop.SERVICE_GAIN] = gain
        self.rule("resolve")[rows, HandlerKind.PROPERTY] = 1.0 - (1.0 - self.q0[rows]) * (1.0 - gain)

    def before_day(self) -> None:
        p = self.p
        if self.changes_terms:
            settling = self.managed & self.starting(ahead=-p["settlement_day"])
            self.spend(np.where(settling, p["negotiation_yuan"], 0.0), item="services")
        self.spend(np.where(self.opens & self.live, p["open_space_yuan_year_per_10k"] * self.residents / 1e4 / 365,
                            0.0), item="facilities")

    def record(self) -> None:
        """Communities that settle tomorrow get their terms tonight: the world reads them each morning before
        the mechanisms act."""
        self._settle(self.starting(ahead=1 - self.p["settlement_day"]))
