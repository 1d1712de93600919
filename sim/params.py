"""One declaration per parameter, read by everything that needs parameters.

A ``Param`` names a dotted path (``section.key``, as written in a scenario
file and after ``--set``), its default, bounds, unit, source and meaning, and
its role in experiments (EMA Workbench's split):

- ``lever``: a policy choice a planner or workshop sets;
- ``uncertainty``: behaviour we do not know and calibrate or sweep;
- ``structure``: how the world is built (sizes, calendars).

The scenario schema (``sim.scenario``), ``govsim params``, sweep and
calibration bounds and the dashboard's sliders all read
``sim.registry.params()``. Components and policies declare their own
parameters in a ``PARAMS`` tuple; the registry gathers them from its explicit
lists, never by discovery. This module imports nothing else from ``sim``:
every module that declares parameters can import it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROLES = ("lever", "uncertainty", "structure")


@dataclass(frozen=True)
class Param:
    """The one declaration of a parameter."""

    name: str
    default: float | int | bool
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    source: str = ""
    doc: str = ""
    role: str = "uncertainty"

    @property
    def kind(self) -> type:
        return type(self.default)

    @property
    def section(self) -> str:
        return self.name.rsplit(".", 1)[0]

    @property
    def key(self) -> str:
        return self.name.rsplit(".", 1)[1]

    def allowed(self) -> str:
        """What values are allowed, in words, for error messages and listings."""
        if self.kind is bool:
            return "true or false"
        kind = "an integer" if self.kind is int else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} from {_fmt(self.lo)} to {_fmt(self.hi)}{unit}"

    def check(self) -> None:
        """Refuse a declaration that is incomplete or inconsistent."""
        if "." not in self.name:
            raise ValueError(f"parameter {self.name!r} needs a section: 'section.key'")
        if not self.source or not self.doc or not self.unit:
            raise ValueError(f"parameter {self.name!r} needs a unit, a source and a doc")
        if self.role not in ROLES:
            raise ValueError(f"parameter {self.name!r}: role must be one of {ROLES}")
        if self.kind is not bool:
            if self.lo is None or self.hi is None or not self.lo <= self.default <= self.hi:
                raise ValueError(f"parameter {self.name!r}: default outside its bounds")


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def declarer(section: str, role: str = "uncertainty"):
    """A shorthand for declaring the parameters of one section: ``_p = declarer("civic")``, then
    ``_p(key, default, lo, hi, unit, source, doc[, role])`` is ``Param("civic." + key, ...)``."""

    def declare(key, default, lo, hi, unit, source, doc, role=role) -> Param:
        return Param(f"{section}.{key}", default, lo, hi, unit, source, doc, role)

    return declare


def section(params: dict, name: str) -> dict:
    """The parameters of one section by key: ``section(params, "civic")["a0"]`` is ``params["civic.a0"]``."""
    prefix = name + "."
    return {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}


def pack(params: dict, layout: dict[int, str], size: int, fixed: dict[int, float] | None = None):
    """A float vector for a kernel: ``vec[i] = params[name]`` for each ``i: name`` of ``layout``.

    ``fixed`` sets positions that no parameter owns (switches that mechanisms turn on).
    """
    vec = np.full(size, np.nan)
    for i, value in (fixed or {}).items():
        vec[i] = value
    for i, name in layout.items():
        vec[i] = params[name]
    if np.isnan(vec).any():
        raise ValueError(f"layout leaves positions {np.flatnonzero(np.isnan(vec)).tolist()} unset")
    return vec
