"""The dashboard's levers, generated from the parameter declarations (nothing written twice).

A parameter declared with role "lever" becomes one input in Mesa's
``model_params`` format, keyed by its dotted name (which the dashboard's model
takes as a keyword argument): a switch (``Checkbox``) for a boolean, an
integer slider (``SliderInt``) for an integer, a float slider (``SliderFloat``)
for a number. Bounds are the declaration's ``lo``/``hi``; the starting value
is the scenario's (the declared default unless the scenario sets it).

SolaraViz shows its inputs as one flat list, and there are over a hundred
levers, so a workshop sees a selection (``govsim dashboard --levers``):

- always, every mechanism's on/off switch (``<section>.enabled``);
- by default, the other levers of the mechanisms the scenario switches on;
  ``all``: every lever; ``SECTION[,SECTION...]``: those sections' levers.

Inputs are ordered by section (each section's switch first, then its levers,
in declaration order) and each label starts with the section's translated
name ("One-stop service centre: max errands per visit"), so the flat list
reads grouped; a switch is labelled with the section's name alone (the page
adds "on" or "off"). A lever not shown keeps the scenario's value.
"""

from __future__ import annotations

import math

from sim.errors import UserError
from sim.params import Param
from sim import registry
from sim.viz import i18n

ALL = "all"
SWITCH = "enabled"  # a mechanism's on/off switch is its lever `<section>.enabled`


def lever_declarations() -> list[Param]:
    """Every lever, in declaration order."""
    return [p for p in registry.params().values() if p.role == "lever"]


def section_of(name: str) -> str:
    return name.split(".", 1)[0]


def is_switch(p: Param) -> bool:
    return p.kind is bool and p.name == f"{section_of(p.name)}.{SWITCH}"


def lever_sections() -> list[str]:
    """Sections that have levers, in order of first declaration."""
    return list(dict.fromkeys(section_of(p.name) for p in lever_declarations()))


def enabled_sections(values: dict) -> list[str]:
    """Sections whose switch is on in ``values`` (a scenario's params; declared defaults otherwise)."""
    return [section_of(p.name) for p in lever_declarations() if is_switch(p) and values.get(p.name, p.default)]


def check_selection(text: str | None) -> tuple[str, ...] | None:
    """``--levers``: None (the default selection), ``("all",)`` or the named sections; bad names -> UserError."""
    if text is None or not text.strip():
        return None
    names = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    if ALL in names:
        return (ALL,)
    allowed = lever_sections()
    bad = [s for s in names if s not in allowed]
    if bad or not names:
        raise UserError(f"unknown section '{bad[0] if bad else text}'; allowed: {ALL}, {', '.join(allowed)}",
                        "--levers")
    return names


def selected_levers(values: dict | None = None, selection: tuple[str, ...] | None = None) -> list[Param]:
    """The levers a workshop sees, ordered by section: every switch, plus the chosen sections' levers.

    ``selection``: None = the sections switched on in ``values``; ``("all",)`` = every lever.
    """
    values = values or {}
    declared = lever_declarations()
    if selection == (ALL,):
        shown = set(lever_sections())
    else:
        shown = set(enabled_sections(values) if selection is None else selection)
    keep = [p for p in declared if is_switch(p) or section_of(p.name) in shown]
    order = {s: i for i, s in enumerate(lever_sections())}
    # Stable: within a section the switch (declared first) and then declaration order.
    return sorted(keep, key=lambda p: (order[section_of(p.name)], not is_switch(p)))


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


def label(name: str, lang: str = "en") -> str:
    """A lever's label, its section first: "Service counters: clerks per window per 10k"."""
    return f"{i18n.section(name, lang)}: {i18n.param(name, lang)}"


def lever_input(p: Param, value, lang: str = "en") -> dict:
    """One lever as a Mesa ``model_params`` entry."""
    text = label(p.name, lang)
    if is_switch(p):  # the page adds whether it is on or off (sim.viz.page.switch_label)
        return {"type": "Checkbox", "value": bool(value), "label": i18n.section(p.name, lang)}
    if p.kind is bool:
        return {"type": "Checkbox", "value": bool(value), "label": text}
    if p.kind is int:
        return {"type": "SliderInt", "value": int(value), "label": text, "min": int(p.lo), "max": int(p.hi),
                "step": 1}
    return {"type": "SliderFloat", "value": float(value), "label": text, "min": float(p.lo),
            "max": float(p.hi), "step": slider_step(p)}


def lever_params(values: dict | None = None, lang: str = "en",
                 selection: tuple[str, ...] | None = (ALL,)) -> dict[str, dict]:
    """The selected levers' inputs, by dotted name; ``values`` (a scenario's params) gives the starting values."""
    values = values or {}
    return {p.name: lever_input(p, values.get(p.name, p.default), lang) for p in selected_levers(values, selection)}
