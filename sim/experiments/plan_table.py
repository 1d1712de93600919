"""The validity table of ``govsim plan-check`` (docs/validation.md), as Markdown text.

One row per figure of the plan-check file, in its order: the plan's figure
and its place in docs/plan.md, the model's figure (mean over seeds and its
95% interval), whether it matches, its kind (input, calibration, output,
not modelled), where it was measured, and its fragility (the model's figure
with each assumption at -30% and +30%). The text holds no date, timing or
path of this machine, so the same check gives the same bytes.
"""

from __future__ import annotations

import math
import re
import textwrap

from sim.experiments.plan_figures import KINDS, Check, Figure

MINUS = "\u2212"


# ------------------------------------------------------------------ numbers


def bare(v: float, unit: str = "", signed: bool = False) -> str:
    """A number as the table prints it, without its unit but for shares (as percentages): whole numbers
    whole, others to about three digits."""
    if v is None or not math.isfinite(v):
        return "undefined"
    v = 0.0 if abs(v) < 1e-12 else float(v)
    sign = "+" if signed else ""
    if unit == "share":
        return f"{100 * v:{sign}.1f}".replace("-", MINUS) + "%"
    a = abs(v)
    digits = 0 if a >= 100 or (v == round(v) and a < 1e15) else 1 if a >= 10 else 2
    return f"{v:{sign},.{digits}f}".replace("-", MINUS)


def number(v: float, unit: str = "", signed: bool = False) -> str:
    """A number and its unit."""
    text = bare(v, unit, signed)
    return f"{text} {unit}" if unit and unit != "share" and text != "undefined" else text


def _gap(d: float, unit: str) -> str:
    """A difference: percentage points for shares."""
    if unit == "share":
        return number(d * 100, "points", signed=True)
    return number(d, unit, signed=True)


def judge(fig: Figure, m: float, exact: bool = False) -> tuple[str, bool | None]:
    """``matches`` or ``off by X`` against the plan's figure, and whether it matched (None: nothing to judge).
    ``exact``: a parameter's own value, which says no tolerance."""
    if fig.value is None:
        return "-", None
    if not math.isfinite(m):
        return "undefined: nothing to measure", False
    eps = 1e-9 * max(1.0, abs(m))
    if fig.relation == "within":
        lo, hi = fig.value
        d = 0.0 if lo - eps <= m <= hi + eps else (m - lo if m < lo else m - hi)
    elif fig.relation == "at_least":
        d = min(0.0, m - fig.value) if m < fig.value - eps else 0.0
    elif fig.relation == "at_most":
        d = max(0.0, m - fig.value) if m > fig.value + eps else 0.0
    else:
        d = m - fig.value if abs(m - fig.value) > fig.tolerance + eps else 0.0
    if d == 0.0:
        tol = f" (within \u00b1{_gap(fig.tolerance, fig.unit).lstrip('+')})" \
            if fig.relation == "about" and fig.tolerance > 0 and not exact else ""
        return "matches" + tol, True
    return f"off by {_gap(d, fig.unit)}", False


def held_to(fig: Figure) -> str:
    """The number the model is held to, in words; empty where the plan's words already say it."""
    if fig.value is None:
        return ""
    u = f" {fig.unit}" if fig.unit and fig.unit != "share" else ""
    if fig.relation == "within":
        return f"{bare(fig.value[0], fig.unit)} to {bare(fig.value[1], fig.unit)}{u}"
    said = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]+)?)(%?)(?: .*)?", fig.plan)
    if said and fig.relation == "about":
        stated = float(said.group(1).replace(",", "")) / (100 if said.group(2) else 1)
        if math.isclose(stated, fig.value, rel_tol=1e-9):
            return ""
    word = {"about": "", "at_least": "\u2265 ", "at_most": "\u2264 "}[fig.relation]
    return word + number(fig.value, fig.unit)


# ------------------------------------------------------------------ cells


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _expression(fig: Figure) -> str:
    kpi = f"`{fig.kpi}`"
    if fig.baseline is not None:
        kpi = (f"{kpi} / {kpi} in `{fig.baseline.label}` {MINUS} 1" if fig.change == "relative"
               else f"{kpi} {MINUS} {kpi} in `{fig.baseline.label}`")
        kpi = f"({kpi})" if (fig.scale, fig.offset) != (1.0, 0.0) else kpi
    if (fig.scale, fig.offset) == (1.0, 0.0):
        return kpi
    if (fig.scale, fig.offset) == (-1.0, 1.0):
        return f"1 {MINUS} {kpi}"
    if fig.offset == 0.0:
        return f"{fig.scale:g} \u00d7 {kpi}" if fig.scale != -1.0 else f"{MINUS}{kpi}"
    return f"{fig.offset:g} + {fig.scale:g} \u00d7 {kpi}"


def _size(fig: Figure) -> str:
    doc = fig.arm.doc
    residents = sum(c["residents"] for c in doc["communities"])
    of = f" of its {fig.arm.written_residents:,}" if residents != fig.arm.written_residents else ""
    return f"{residents:,}{of} residents, {doc['days']:,} days"


def measured_in(fig: Figure) -> str:
    """Where the model's figure comes from (or, not modelled, why not)."""
    if fig.kind == "not modelled":
        text = fig.why
    elif fig.measured:
        scope = "" if fig.scope == "all" else ", " + fig.scope.partition(":")[2].replace("_", " ")
        window = ", its last 365 days" if fig.window == "last_year" else ""
        text = f"`{fig.arm.label}` ({_size(fig)}{window}{scope}): {_expression(fig)}"
    elif fig.params:
        p = fig.params[0]
        text = f"the parameter `{p}`" + (f" \u00d7 {fig.scale:g}" if fig.scale != 1.0 else "") + \
            (f" + {fig.offset:g}" if fig.offset else "")
    else:
        text = fig.rule
    return text + (f"; {fig.note}" if fig.note else "")


def kind_cell(fig: Figure) -> str:
    if fig.kind in ("input", "calibration") and fig.params:
        return f"{fig.kind}: " + ", ".join(f"`{p}`" for p in fig.params_written)
    if fig.kind == "input":
        return "input (fixed in the code)"
    return fig.kind


def model_cell(fig: Figure, m) -> str:
    if fig.kind == "not modelled":
        return "not modelled"
    if m is None:
        if fig.param_value is not None:
            return f"{number(fig.param_value, fig.unit)} (set)"
        return "as the plan (fixed)"
    if not math.isfinite(m.mean):
        return "undefined"
    u = f" {fig.unit}" if fig.unit and fig.unit != "share" else ""
    if not math.isfinite(m.lo) or math.isclose(m.lo, m.hi, rel_tol=0, abs_tol=1e-12):
        return f"{bare(m.mean, fig.unit)}{u} (every seed)"
    return f"{bare(m.mean, fig.unit)} [{bare(m.lo, fig.unit)}, {bare(m.hi, fig.unit)}]{u}"


def fragility_cell(fig: Figure, m) -> str:
    if fig.kind in ("input", "not modelled") or m is None:
        return "n/a"
    parts = []
    for text, _ in fig.assumptions:
        shown = []
        for sign in (-1, 1):
            v, mean = next((v, x) for v, x in m.variants if v.assumption == text and v.sign == sign)
            cell = bare(mean, fig.unit)
            if judge(fig, mean)[1] is False:
                cell = f"**{cell}**"
            shown.append(cell + ("\u2020" if v.clipped else ""))
        parts.append(f"`{text}`: {shown[0]} / {shown[1]}")
    return "; ".join(parts)


# ------------------------------------------------------------------ the page


def render(check: Check, measures: dict, command: str, seeds: int, fragility: float) -> tuple[str, dict]:
    """The whole page and the counts it states (by kind; matched and off among the judged), from each measured
    figure's ``sim.experiments.plan_check.Measure`` by id; ``fragility`` the share each assumption moves."""
    kinds = {k: sum(f.kind == k for f in check.figures) for k in KINDS}
    rows, matched, off, off_rows = [], 0, 0, []
    for i, fig in enumerate(check.figures, 1):
        m = measures.get(fig.id)
        shown = m.mean if m is not None else fig.param_value
        verdict, ok = judge(fig, shown, exact=m is None) if shown is not None else (
            ("matches (fixed in the code)", True) if fig.kind == "input" else ("-", None))
        matched += ok is True
        off += ok is False
        if ok is False:
            off_rows.append(str(i))
        held = held_to(fig)
        plan = fig.plan + (f" (held to {held})" if held and held != fig.plan else "")
        cells = [str(i), f"{fig.figure}: **{plan}**", fig.where, model_cell(fig, m), verdict, kind_cell(fig),
                 measured_in(fig), fragility_cell(fig, m)]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    counts = {**kinds, "matches": matched, "off": off}
    tally = (f"{len(check.figures)} figures: {kinds['input']} inputs, {kinds['calibration']} calibrations, "
             f"{kinds['output']} outputs, {kinds['not modelled']} not modelled. Of the {matched + off} held to a "
             f"number, {matched} match and {off} do not" + (f" (# {', '.join(off_rows)})" if off_rows else "") + ".")
    tally = textwrap.fill(tally, 108, subsequent_indent="  ", break_on_hyphens=False)
    pct = round(100 * fragility)
    names = ("#", "the plan's figure", "where in docs/plan.md", "the model", "verdict", "kind", "measured in",
             f"fragility: {MINUS}{pct}% / +{pct}%")
    columns = "| " + " | ".join(names) + " |\n|" + "---|" * len(names)
    head = f"""# The plan's figures against the model

Written by `govsim plan-check` from the figures declared in `{_cell(_source(check))}`; do not edit it by hand.
The same command gives this file again bit for bit while neither the model nor that file changes, on any
number of workers (`--workers`, `--out` and `--quiet` do not change it):

    {command}

- **Figures**: every figure docs/plan.md states, in its order; "where" is its place in docs/plan.md (§
  numbers are the plan's own sections).
- {tally}
- **Seeds**: every run at seeds 1 to {seeds}; the model's figure is the mean over the seeds with its 95% t
  interval (in brackets; "every seed" when all seeds give the same). A figure that is a change against a
  baseline compares the two scenarios seed by seed (common random numbers).
- **Horizon and size**: each figure runs its scenario's own days and residents, as "measured in" says
  (a few are run smaller than the bundled scenario: "of its N"); KPIs are over the whole run or its last
  365 days (the plan's "after 2 years", "after 3 years"), for all residents or one roll-out stage.

## Legend

- **the plan's figure**: as docs/plan.md states it, and in brackets the number the model is held to
  where the words need one (shares as percentages).
- **the model**: the mean over seeds [95% interval]; "(set)" is a parameter's declared value (an input
  no KPI measures).
- **verdict**: "matches" when the model's mean is within the stated tolerance of the figure (about), on
  the right side of a bound (≥, ≤) or inside a range; otherwise "off by" the gap to it (shares in
  percentage points). Nothing is adjusted to match: figures that do not match stay as measured.
- **kind**: *input*, a parameter is set to the figure (named); *calibration*, a parameter was sized so
  that the model hits the figure (named; its declared source says "calibration: sized to ..."); *output*,
  the figure emerges from the model's other assumptions; *not modelled*, the model cannot express it
  (the row says why).
- **measured in**: the bundled scenario (with any `--set` overrides), its size and horizon, the window
  and scope, and the KPI of summary.json (or the expression of KPIs) that gives the model's figure.
- **fragility**: the model's figure (mean over the same seeds) with each of the one or two assumptions
  it depends on most at {MINUS}{pct}% / +{pct}% of its value in the scenario (a pattern such as
  `handlers.*.capacity_per_10k` moves every parameter it names together); † a value clipped to its
  parameter's declared bounds; **bold** a value that would no longer match. Inputs: n/a.

## The figures

{columns}
"""
    return head + "\n".join(rows) + "\n", counts


def _source(check: Check) -> str:
    """The plan-check file as the header names it: relative to the project where it lives in it."""
    from pathlib import Path

    from sim import files

    path = Path(check.source).resolve()
    bundled = files.bundled_dir("experiments").resolve()
    if path.parent == bundled:
        return f"experiments/{path.name}"
    return path.name
