"""The contract every governance mechanism follows.

A policy is a class with:

- ``SECTION``: its name in scenario files (``[one_stop]``) and ``--set``;
- ``PARAMS``: its parameter declarations, starting with ``switch(...)``, the
  ``<section>.enabled`` lever (off by default), then its intensities, each
  with the plan's figure as default where there is one;
- ``PHASES``: the phases of ``sim.phases`` it acts in, one method each;
- ``COUNTERS``: names of the daily counters it records (``acc`` slots named
  ``<section>.<counter>``), and ``INDICATORS`` built from them
  (``sim.results.Indicator`` with counter names);
- its own state, set up in ``__init__(model)``, documented in its docstring.

Staged roll-out (``sim.components.rollout``): every policy
acts only in communities the reform has reached (``self.live``, updated each
morning), from their reform day (``self.starting()`` is true on it), and
changes the shared rule vectors (``model.rp``, ``model.resolve``, the
counters' ``cp``, the intake's ``coef``) knowing they apply only there
(``tests/policies/test_rollout_contract.py`` holds every policy to this).

Costs go to the common ledger through ``spend()``. A policy that is not
enabled is never built, and every rule it adds draws from streams of its own,
so the rest of a run is unchanged draw for draw.
"""

from __future__ import annotations

import numpy as np

from sim.params import Param


def switch(section: str, doc: str, source: str) -> Param:
    """The ``<section>.enabled`` lever of a mechanism."""
    return Param(f"{section}.enabled", False, None, None, "switch", source, doc, "lever")


class Policy:
    """Base class: parameter access, counter slots and the cost ledger."""

    SECTION = ""
    PARAMS: tuple[Param, ...] = ()
    PHASES: tuple[str, ...] = ()
    COUNTERS: tuple[str, ...] = ()
    INDICATORS: tuple = ()
    USES: tuple = ()  # engine components it acts on (those built on demand are built because of it)

    def __init__(self, model):
        self.model = model
        prefix = self.SECTION + "."
        self.p = {k[len(prefix):]: v for k, v in model.params.items() if k.startswith(prefix)}
        self._ledger_item = model.ledger_items.index(self.SECTION)
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

    def slot(self, counter: str) -> int:
        """The ``acc`` slot of one of this policy's counters."""
        return self._slots[counter]

    def spend(self, yuan, community: int | None = None) -> None:
        """Record a cost in yuan today: for one community, or an array over communities."""
        row = self.model.ledger[self.model.day]
        if community is None:
            row[:, self._ledger_item] += yuan  # a scalar or one value per community
        else:
            row[community, self._ledger_item] += yuan
