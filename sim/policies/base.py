"""The contract every governance mechanism follows.

A policy is a class with:

- ``SECTION``: its name in scenario files (``[one_stop]``) and ``--set``;
- ``PARAMS``: its parameter declarations, starting with ``switch(...)``, the
  ``<section>.enabled`` lever (off by default), then its intensities, each
  with the plan's figure as default where there is one;
- ``PHASES``: the phases of ``sim.phases`` it acts in, one method each;
- ``COUNTERS``: names of the daily counters it records (``acc`` slots named
  ``<section>.<counter>``), and ``INDICATORS`` built from them
  (``sim.indicators.Indicator`` with counter names);
- ``RULES``: the names of the rule tables it changes (``sim.components.rules``:
  ``routing``, ``resolve``, ``disputes``, ``counters``, ``channels``, ...); it gets
  a table to write only through ``self.rule(name)``, which refuses a name it
  does not declare; everyone reads the rules through ``model.rules``;
- ``USES``: the engine components (classes of ``sim.registry.STEPPERS``) whose
  state it reads or changes beyond the rules (``model.component(cls)``, the
  handler table of ``Institutions``);
- its own state, set up in ``__init__(model)``, documented in its docstring.

Staged roll-out (``sim.components.rollout``): every policy
acts only in communities the reform has reached (``self.live``, updated each
morning), from their reform day (``self.starting()`` is true on it; reform days
are day 0 or later, so a policy is built before the warm-up,
``sim.components.warmup``, and acts nowhere in it; what must be ready on a
reform day is readied the evening before, ``self.starting(ahead=1)``), and
changes the reform's rule tables (``self.rule("routing")`` etc., every
community's row) knowing they apply only there: the engine reads the rules in
force (``model.rules.in_force(name)``), the status quo where the reform has
not reached (``tests/policies/test_rollout_contract.py`` holds every policy to
this; ``tests/layout/test_mechanism_map.py`` checks that a mechanism changes
only the rules it declares).

Costs go to the common ledger (``sim.ledger``) through ``spend(yuan, item=...)``, in
the items the policy declares in ``COSTS`` (what the money buys: ``staff``,
``devices``, ``platform``, ...); a policy with one item may leave it out. A policy that is not
enabled is never built, and every rule it adds draws from streams of its own,
so the rest of a run is unchanged draw for draw.
"""

from __future__ import annotations

import numpy as np

from sim import ledger
from sim.params import Param, section


def switch(section: str, doc: str, source: str) -> Param:
    """The ``<section>.enabled`` lever of a mechanism."""
    return Param(f"{section}.enabled", False, None, None, "switch", source, doc, "lever")


class UndeclaredRuleError(LookupError):
    """A mechanism asked to write a rule table it does not declare in ``RULES``."""


class Policy:
    """Base class: parameter access, rules to write, counter slots and the cost ledger."""

    SECTION = ""
    PARAMS: tuple[Param, ...] = ()
    PHASES: tuple[str, ...] = ()
    COUNTERS: tuple[str, ...] = ()
    INDICATORS: tuple = ()
    HEADLINE: tuple[str, ...] = ()  # the KPIs it is judged by, first the main one (the dashboard charts them)
    RULES: tuple[str, ...] = ()  # the rule tables it writes (``sim.components.rules``)
    USES: tuple = ()  # engine components it acts on beyond the rule tables
    COSTS: tuple[str, ...] = ()  # the ledger items it pays for (``sim.ledger.ITEMS``)

    def __init__(self, model):
        self.model = model
        unknown = [name for name in self.RULES if name not in model.rules]
        if unknown:
            raise ValueError(f"{type(self).__name__}.RULES names no rule table: {', '.join(unknown)} "
                             f"(the tables: {', '.join(model.rules.names)})")
        self.p = section(model.params, self.SECTION)
        self._columns = {item: model.ledger_items.index(ledger.column(self.SECTION, item)) for item in self.COSTS}
        self._slots = {c: model.slot(f"{self.SECTION}.{c}") for c in self.COUNTERS}

    @property
    def live(self):
        """Which communities the reform has reached by today (all of them without a staged roll-out)."""
        return self.model.live

    def starting(self, ahead: int = 0):
        """Which communities the reform reaches today, or ``ahead`` days from today (all of them on day 0
        without a staged roll-out)."""
        return self.model.reform_day == self.model.day + ahead

    def days_reformed(self):
        """Days since each community's reform day where the reform has reached it; 0 elsewhere."""
        m, live = self.model, self.live
        return np.where(live, m.day - np.where(live, m.reform_day, 0), 0)  # never ``NEVER`` in the arithmetic

    def rule(self, name: str):
        """The reform's rule table ``name`` (a row per community), to change in place; only for a rule this
        mechanism declares in ``RULES``. Ask for it each time you change it (the rows in force follow)."""
        if name not in self.RULES:
            raise UndeclaredRuleError(
                f"{type(self).__name__} writes the rule {name!r} but does not declare it: add it to "
                f"{type(self).__name__}.RULES (now {self.RULES!r})")
        return self.model.rules.writable(name)

    def slot(self, counter: str) -> int:
        """The ``acc`` slot of one of this policy's counters."""
        return self._slots[counter]

    def spend(self, yuan, community: int | None = None, item: str | None = None) -> None:
        """Record a cost in yuan today, for ``item`` (one of ``COSTS``; may be left out when there is only
        one): for one community, or an array over communities."""
        if item is None and len(self.COSTS) == 1:
            item = self.COSTS[0]
        if item not in self._columns:
            raise LookupError(f"{type(self).__name__} spends on {item!r}, not among its COSTS {self.COSTS!r}")
        row = self.model.ledger[self.model.day]
        if community is None:
            row[:, self._columns[item]] += yuan  # a scalar or one value per community
        else:
            row[community, self._columns[item]] += yuan
