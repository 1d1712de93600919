"""The dashboard's levers, generated from the parameter declarations (nothing written twice).

Every parameter declared with role "lever" becomes one input in Mesa's
``model_params`` format, keyed by its dotted name (which the dashboard's model
takes as a keyword argument): a switch (``Checkbox``) for a boolean, an
integer slider (``SliderInt``) for an integer, a float slider (``SliderFloat``)
for a number. Bounds are the declaration's ``lo``/``hi``; the starting value
is the scenario's (the declared default unless the scenario sets it).
Levers are grouped by mechanism (the first part of the name), in declaration order.
"""

from __future__ import annotations

import math

from sim.params import Param, registry
from sim.viz import i18n


def lever_declarations() -> list[Param]:
    """Every lever, in declaration order."""
    return [p for p in registry().values() if p.role == "lever"]


def slider_step(p: Param) -> float:
    """A round step: about 1/100 of the range, fine enough to reach the default's precision.

    1, 2 or 5 times a power of ten no larger than the range's hundredth, and no
    larger than a tenth of the default's order of magnitude (so 0.625 moves by
    0.01 on a 0-2 range, 750,000 yuan by 10,000 on a 0-1e9 range).
    """
    if p.kind is int:
        return 1
    span = float(p.hi) - float(p.lo)
    step = 10.0 ** math.floor(math.log10(span / 100.0)) if span > 0 else 1.0
    if p.default:
        step = min(step, 10.0 ** (math.floor(math.log10(abs(float(p.default)))) - 1))
    return float(f"{step:.12g}")


def lever_input(p: Param, value, lang: str = "en") -> dict:
    """One lever as a Mesa ``model_params`` entry."""
    label = i18n.param(p.name, lang)
    if p.kind is bool:
        return {"type": "Checkbox", "value": bool(value), "label": label}
    if p.kind is int:
        return {"type": "SliderInt", "value": int(value), "label": label, "min": int(p.lo), "max": int(p.hi),
                "step": 1}
    return {"type": "SliderFloat", "value": float(value), "label": label, "min": float(p.lo),
            "max": float(p.hi), "step": slider_step(p)}


def lever_params(values: dict | None = None, lang: str = "en") -> dict[str, dict]:
    """Every lever's input, by dotted name; ``values`` (a scenario's params) gives the starting values."""
    values = values or {}
    return {p.name: lever_input(p, values.get(p.name, p.default), lang) for p in lever_declarations()}


def by_section(params: dict[str, dict]) -> dict[str, dict[str, dict]]:
    """Inputs grouped by mechanism (the first part of the name), in order of first appearance."""
    out: dict[str, dict[str, dict]] = {}
    for name, spec in params.items():
        out.setdefault(name.split(".", 1)[0], {})[name] = spec
    return out
