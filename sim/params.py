"""One declaration per parameter, read by everything that needs parameters.

A ``Param`` names a dotted path (``section.key``, as written in a scenario
file and after ``--set``), its default, bounds, unit, source and meaning, and
its role in experiments (EMA Workbench's split):

- ``lever``: a policy choice a planner or workshop sets;
- ``uncertainty``: behaviour we do not know and calibrate or sweep;
- ``structure``: how the world is built (sizes, calendars).

The scenario schema (``sim.scenario``), ``govsim params``, sweep and
calibration bounds and the dashboard's sliders all read ``registry()``.
Components and policies declare their own parameters in a ``PARAMS`` tuple;
``registry()`` gathers them from an explicit list, never by discovery.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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


def _declaring_modules():
    # The explicit list of everything that declares parameters.
    from sim import components, policies

    return list(components.ENGINE) + list(policies.REGISTRY)


@lru_cache(maxsize=1)
def registry() -> dict[str, Param]:
    """Every parameter, by dotted name, in declaration order."""
    out: dict[str, Param] = {}
    for module in _declaring_modules():
        for p in module.PARAMS:
            p.check()
            if p.name in out:
                raise ValueError(f"parameter {p.name!r} is declared twice")
            out[p.name] = p
    return out


def defaults() -> dict[str, float | int | bool]:
    """Every parameter's default, by dotted name."""
    return {name: p.default for name, p in registry().items()}


def pack(params: dict, layout: dict[int, str], size: int, fixed: dict[int, float] | None = None):
    """A float vector for a kernel: ``vec[i] = params[name]`` for each ``i: name`` of ``layout``.

    ``fixed`` sets positions that no parameter owns (switches that mechanisms turn on).
    """
    import numpy as np

    vec = np.full(size, np.nan)
    for i, value in (fixed or {}).items():
        vec[i] = value
    for i, name in layout.items():
        vec[i] = params[name]
    if np.isnan(vec).any():
        raise ValueError(f"layout leaves positions {np.flatnonzero(np.isnan(vec)).tolist()} unset")
    return vec


def table():
    """Every parameter as a pandas table (for `govsim params` and the docs)."""
    import pandas as pd

    rows = [
        {
            "name": p.name,
            "default": p.default,
            "lo": p.lo,
            "hi": p.hi,
            "unit": p.unit,
            "role": p.role,
            "source": p.source,
            "doc": p.doc,
        }
        for p in registry().values()
    ]
    return pd.DataFrame(rows)
