"""The rules mechanisms change: named tables with one row per community (``model.rules``).

A rule table holds the parameter vector a kernel reads, one row per community.
The engine component that defines a rule declares it (``RULES``, a mapping
name -> function building the vector from the parameters); ``sim.registry``
collects the declarations and the model builds ``model.rules`` from them, so
each rule is defined once. The tables:

``learning``      self-learning rate of each resident group   one column a ``sim.enums.Group`` (per year)
                  (``Learning``, ``self_learning_vector``)
``property``      property managers' terms                    ``sim.kernels.property``: ``FEE_RISE``,
                  (``PropertyManagement``, ``terms_vector``)  ``SERVICE_GAIN``, ``OPEN_SPACE`` (``N_PP``)
================  ==========================================  =======================================
and ``channels_open``: which channels a community offers, 1 open and 0 closed
(``Intake``, ``open_channels``; one column a ``sim.enums.Channel``).

Each table is kept twice: the status quo, built from the parameters and never
changed, and the reform's, which starts as the status quo and which mechanisms
change (every community's row: the reform's rules). Reading:

- ``rules.in_force(name)``: the rows in force today, the reform's where the
  reform has reached (``model.live``), the status quo elsewhere (C-contiguous
  float64, what the kernels take; computed once a day and again after a
  mechanism asked to write the table, and never written by its readers);
- ``rules.status_quo(name)``, ``rules.reform(name)``: read-only views.

Writing: only a mechanism, only a table it declares (``RULES = ("routing",)``
on the policy class), through ``Policy.rule(name)`` (``sim.policies.base``),
which returns the reform's table, writable in place; a mechanism asks for it
each time it changes it, and keeps no reference.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


class Rules:
    """The named rule tables of one run; see the module docstring.

    ``model``: the run (read for ``community_types`` and ``params`` here, and for ``live`` at each
    ``in_force``); ``declared``: name -> function building the table's vector from the parameters.
    """

    def __init__(self, model, declared: dict[str, Callable[[dict], np.ndarray]]):
        self._model = model
        n_c = len(model.community_types)
        self._reform: dict[str, np.ndarray] = {}
        self._status_quo: dict[str, np.ndarray] = {}
        for name, build in declared.items():
            table = np.tile(build(model.params), (n_c, 1))
            self._reform[name] = table
            self._status_quo[name] = _read_only(table.copy())
        self.names: tuple[str, ...] = tuple(declared)
        # The rows in force, computed once a day (``live`` changes only in the morning) and again after a
        # mechanism took a table to write: name -> ((day, writes), rows).
        self._writes = dict.fromkeys(self.names, 0)
        self._in_force: dict[str, tuple[tuple[int, int], np.ndarray]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._reform

    def _check(self, name: str) -> None:
        if name not in self._reform:
            raise KeyError(f"no rule table {name!r}; the tables are {', '.join(self.names)}")

    def in_force(self, name: str) -> np.ndarray:
        """The rows in force today: the reform's where it has reached (``model.live``), the status quo
        elsewhere. Computed once a day and again after each ``writable(name)``; for reading only (kernels
        take it as it is)."""
        try:
            stamp = (self._model.day, self._writes[name])
        except KeyError:
            self._check(name)
            raise
        cached = self._in_force.get(name)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        rows = np.where(self._model.live[:, None], self._reform[name], self._status_quo[name])
        self._in_force[name] = (stamp, rows)
        return rows

    def status_quo(self, name: str) -> np.ndarray:
        """The status quo's rows (read-only)."""
        self._check(name)
        return self._status_quo[name]

    def reform(self, name: str) -> np.ndarray:
        """The reform's rows as mechanisms set them (a read-only view)."""
        self._check(name)
        return _read_only(self._reform[name].view())

    def writable(self, name: str) -> np.ndarray:
        """The reform's table itself, to change in place: for ``Policy.rule`` only (which checks that the
        mechanism declares the rule). Ask for it each time you change it (do not keep it): the rows in
        force are computed again after each call."""
        self._check(name)
        self._writes[name] += 1
        return self._reform[name]

    def changed(self) -> tuple[str, ...]:
        """The tables whose reform rows differ from the status quo (anywhere)."""
        return tuple(n for n in self.names if not np.array_equal(self._reform[n], self._status_quo[n],
                                                                 equal_nan=True))


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a
