"""The plan-check file: every figure docs/plan.md states, and how the model is held against it.

TOML in (``experiments/plan-check.toml``), a validated ``Check`` out. One
``[[figures]]`` table per figure::

    [[figures]]
    id = "one-stop-wait-after"            # unique: letters, digits and dashes
    figure = "wait at the one-stop centre after the merger"
    plan = "15 min"                       # as the plan states it
    where = "mechanism 1 (§1.2)"          # its place in docs/plan.md
    kind = "calibration"                  # input | calibration | output | not modelled
    params = ["one_stop.desk_share"]      # input: the parameter set to it; calibration: the one sized to it
    value = 15.0                          # the number the model is held to (shares 0-1), or [lo, hi]
    relation = "about"                    # about (within `tolerance`) | at_least | at_most
    tolerance = 3.0                       # about: default 5% of the figure
    unit = "min"                          # "share" prints as a percentage
    scenario = "shanghai-centre"          # a bundled scenario or a file (relative to this file first)
    set = { one_stop.enabled = true }     # optional overrides of the scenario (as --set)
    residents = 60000                     # optional: the scenario scaled to this many residents
    kpi = "counter_wait_min"              # from summary.json's KPIs
    scale = 1.0                           # the model's figure = offset + scale * KPI
    offset = 0.0
    scope = "all"                         # all | stage:pilots | group:elderly_alone
    window = "run"                        # run | last_year (the run's last 365 days)
    baseline = "..."                      # optional: a scenario run at the same seeds; the KPI then is
    baseline_set = { ... }                #   KPI / KPI(baseline) - 1 (change = "relative") or the difference
    change = "relative"
    assumptions = ["one_stop.generalist_factor", "counters.*.service_minutes"]  # 1-2: fragility, globs allowed
    rule = "..."                          # input without a parameter: where the code fixes the figure
    why = "..."                           # not modelled: why
    note = "..."                          # optional: printed with the row

The kinds: an input's parameter is set to the figure (no fragility); a
calibration's parameter was sized so the model hits it (its declared source
says "calibration: sized to ..."); an output emerges; a figure the model
cannot express is "not modelled" and says why. Inputs and the not modelled
need no runs (an input with a ``kpi`` is also measured; one without shows
its parameter's value, times ``scale`` plus ``offset``).

Every name is checked against the registry (parameters, KPIs, scenario
values within their bounds); a bad file is one line naming the file, the
figure and the key.
"""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim import files, registry
from sim import scenario as sc
from sim.components.rollout import STAGES
from sim.enums import Group
from sim.errors import UserError
from sim.files import short

_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True, populate_by_name=False)
KINDS = ("input", "calibration", "output", "not modelled")
MAX_FIGURES = 500


class FigureSpec(BaseModel):
    """The keys of one ``[[figures]]`` table."""

    model_config = _STRICT
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")
    figure: str = Field(min_length=1, max_length=300)
    plan: str = Field(min_length=1, max_length=100)
    where: str = Field(min_length=1, max_length=200)
    kind: Literal["input", "calibration", "output", "not modelled"]
    value: float | list[float] | None = None
    relation: Literal["about", "at_least", "at_most"] = "about"
    tolerance: float | None = Field(None, ge=0)
    unit: str = Field("", max_length=40)
    params: list[str] = Field(default_factory=list, max_length=50)
    rule: str = Field("", max_length=300)
    why: str = Field("", max_length=500)
    note: str = Field("", max_length=500)
    scenario: str | None = Field(None, min_length=1, max_length=1000)
    fixed: dict = Field(default_factory=dict, alias="set")
    residents: int | None = Field(None, ge=20, le=50_000_000)
    kpi: str | None = None
    scale: float = 1.0
    offset: float = 0.0
    scope: str = "all"
    window: Literal["run", "last_year"] = "run"
    baseline: str | None = Field(None, min_length=1, max_length=1000)
    baseline_fixed: dict = Field(default_factory=dict, alias="baseline_set")
    change: Literal["relative", "difference"] = "relative"
    assumptions: list[str] = Field(default_factory=list, max_length=2)


class CheckFile(BaseModel):
    """The keys of a plan-check file."""

    model_config = _STRICT
    name: str = Field("", max_length=100)
    description: str = Field("", max_length=2000)
    figures: list[FigureSpec] = Field(min_length=1, max_length=MAX_FIGURES)


@dataclass(frozen=True)
class Arm:
    """A scenario as a figure runs it: the resolved document (size, days and overrides applied)."""

    label: str  # how the table names it: the scenario and its overrides
    doc: dict
    params: dict  # the resolved scenario's parameters (for fragility values)
    written_residents: int  # the residents the scenario file has (before any scaling)


@dataclass(frozen=True)
class Figure:
    """One validated figure."""

    id: str
    figure: str
    plan: str
    where: str
    kind: str
    value: float | tuple[float, float] | None
    relation: str
    tolerance: float
    unit: str
    params: tuple[str, ...]  # the parameters named (globs expanded)
    params_written: tuple[str, ...]  # as the file names them (globs kept)
    rule: str
    why: str
    note: str
    kpi: str | None
    scale: float
    offset: float
    scope: str
    window: str
    change: str
    assumptions: tuple[tuple[str, tuple[str, ...]], ...]  # (as written, the parameters it names)
    arm: Arm | None = None
    baseline: Arm | None = None
    param_value: float | None = None  # an input without a KPI: its parameter's default, scaled

    @property
    def measured(self) -> bool:
        return self.kpi is not None


@dataclass(frozen=True)
class Check:
    """A validated plan-check file."""

    name: str
    source: str
    figures: tuple[Figure, ...]
    days: int | None = None
    residents: int | None = None


# ------------------------------------------------------------------ errors


def _pydantic_error(exc: ValidationError, doc: dict, source: str) -> UserError:
    errors = exc.errors()
    err, more = errors[0], (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    loc = [str(x) for x in err["loc"]]
    if len(loc) >= 2 and loc[0] == "figures" and loc[1].isdigit():
        loc[1] = _figure_name(doc, int(loc[1]))
        loc = [f"{loc[0]}[{loc[1]}]", *loc[2:]]
    # a union's error names the member type tried ("value.float"): keep the key the user wrote
    loc = [part for part in loc if part not in ("float", "list[float]", "str")]
    key = ".".join(loc)
    if err["type"] == "extra_forbidden":
        model = FigureSpec if len(loc) == 2 else CheckFile
        allowed = [f.alias or n for n, f in model.model_fields.items()]
        where = "in a [[figures]] table" if model is FigureSpec else "at the top level"
        return UserError(f"unknown key '{key}'; allowed {where}: {', '.join(allowed)}{more}", source)
    if err["type"] == "missing":
        return UserError(f"missing key '{key}'{more}", source)
    msg = err["msg"].rstrip(".")
    return UserError(f"{key} = {short(err.get('input'))}: {msg[0].lower()}{msg[1:]}{more}", source)


def _figure_name(doc: dict, i: int) -> str:
    """``3`` or ``3 'one-stop-wait'``: a figure's index, and its id where it has one."""
    try:
        fid = doc["figures"][i].get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        fid = None
    return f"{i} {fid!r}" if isinstance(fid, str) and fid else str(i)


# ------------------------------------------------------------------ checking one figure


def expand_params(pattern: str, where: str, source: str, numeric: bool = False) -> tuple[str, ...]:
    """The parameters a name or a glob (``counters.*.service_minutes``) names, in declaration order."""
    params = registry.params()
    if any(ch in pattern for ch in "*?["):
        names = tuple(n for n in params if fnmatch.fnmatchcase(n, pattern))
        if not names:
            raise UserError(f"{where}: '{pattern}' matches no parameter; `govsim params` lists them", source)
    elif pattern in params:
        names = (pattern,)
    else:
        raise UserError(f"{where}: {registry.param_problem(pattern)}", source)
    if numeric:
        switches = [n for n in names if params[n].kind is bool]
        if switches:
            raise UserError(f"{where}: {switches[0]} is a switch; only numbers can be moved by 30%", source)
    return names


def _scenario_path(ref: str, here: Path, where: str, source: str) -> Path:
    for candidate in (here / ref, Path(ref)):
        if candidate.is_file():
            return candidate
    if ref in sc.bundled():
        return sc.bundled()[ref]
    raise UserError(f"{where} = '{ref}' not found: no such file (relative to this file or the current folder) "
                    f"and no bundled scenario of that name; bundled: {', '.join(sc.bundled())}", source)


def _arm(ref: str, fixed: dict, residents: int | None, days: int | None, w: str, key: str, here: Path,
         source: str) -> Arm:
    """A scenario as a figure runs it, every value checked: the file as written, then the figure's changes
    (``key`` is ``scenario`` or ``baseline``; its overrides are ``set`` or ``baseline_set``)."""
    from sim.experiments.spec import _flatten, apply, check_value

    set_key = "set" if key == "scenario" else "baseline_set"
    path = _scenario_path(ref, here, f"{w}.{key}", source)
    doc = files.read_toml(path)
    sc.from_document(dict(doc), str(path), path.stem)  # the scenario file itself is valid
    params = registry.params()
    sets = {n: check_value(params[n], v, f"{w}.{set_key}.{n}", source)
            for n, v in _flatten(fixed, f"{w}.{set_key}", source).items()}
    written = sum(c["residents"] for c in doc["communities"])
    if residents is not None:
        doc = sc.scale_residents(doc, residents, f"{source}: {w}.residents")
    if days is not None:
        doc["days"] = days
    doc = apply(doc, sets)
    resolved = sc.from_document(doc, f"{source}: {w}.{key} = '{ref}'", path.stem)
    label = path.stem if path.parent == files.bundled_dir("scenarios") else str(path)
    label += "".join(f" --set {n}={_fmt(v)}" for n, v in sets.items())
    return Arm(label, sc.to_document(resolved), dict(resolved.params), written)


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _check_scope(scope: str, where: str, source: str) -> None:
    kind, _, name = scope.partition(":")
    groups = [g.label for g in Group if g != Group.CHILD]
    ok = scope == "all" or (kind == "stage" and name in STAGES) or (kind == "group" and name in groups)
    if not ok:
        raise UserError(f"{where} = {short(scope)} is not allowed; allowed: all, "
                        f"{', '.join('stage:' + s for s in STAGES)}, {', '.join('group:' + g for g in groups)}",
                        source)


def _figure(spec: FigureSpec, i: int, here: Path, days: int | None, residents: int | None, source: str) -> Figure:
    w = f"figures[{i} {spec.id!r}]"
    kind = spec.kind

    def refuse(key: str, why: str):
        raise UserError(f"{w}.{key}: {why}", source)

    runs = spec.scenario is not None
    if kind == "not modelled":
        if not spec.why:
            refuse("why", "a figure the model does not express says why")
        extra = [k for k in ("scenario", "kpi", "value", "baseline") if getattr(spec, k) is not None]
        extra += [k for k in ("params", "assumptions", "rule") if getattr(spec, k)]
        if extra:
            refuse(extra[0], "a figure that is not modelled has nothing to run or set; give only `why`")
    else:
        fixed_in_code = kind == "input" and not spec.params and spec.kpi is None
        if spec.value is None and not fixed_in_code:
            refuse("value", "missing: the number the model is held to (shares from 0 to 1), or [lo, hi]")
        if spec.why:
            refuse("why", "only for a figure that is not modelled")
    if kind in ("calibration", "output"):
        for key in ("scenario", "kpi"):
            if getattr(spec, key) is None:
                refuse(key, f"missing: an {kind} is measured in a scenario's KPI")
        if not spec.assumptions:
            refuse("assumptions", "name the one or two assumptions the figure depends on most (fragility)")
    if kind == "input" and spec.assumptions:
        refuse("assumptions", "an input is set, not measured against its assumptions (fragility n/a)")
    if kind == "calibration" and not spec.params:
        refuse("params", "name the parameter sized to the figure")
    if kind == "output" and spec.params:
        refuse("params", "an output emerges: no parameter is set or sized to it (kind input or calibration)")
    if kind == "input" and not spec.params and not spec.rule:
        refuse("params", "name the parameter set to the figure (or `rule`: where the code fixes it)")
    if spec.rule and kind != "input":
        refuse("rule", "only for an input fixed in the code")
    if (spec.kpi is None) != (spec.scenario is None):
        refuse("kpi" if spec.kpi is None else "scenario", "a scenario and a KPI go together")
    if spec.baseline is not None and not runs:
        refuse("baseline", "a baseline needs a scenario and a KPI")
    if spec.baseline is None and spec.baseline_fixed:
        refuse("baseline_set", "only with a baseline")
    if not runs:
        unused = [k for k in ("fixed", "residents") if getattr(spec, k)]
        if unused:
            refuse("set" if unused[0] == "fixed" else unused[0], "only with a scenario")
    if spec.kpi is not None and (problem := registry.kpi_problem(spec.kpi)):
        refuse("kpi", problem)
    _check_scope(spec.scope, f"{w}.scope", source)

    value = spec.value
    if isinstance(value, list):
        if len(value) != 2 or not value[0] < value[1] or not all(math.isfinite(v) for v in value):
            refuse("value", f"{short(value)}: a range is [lo, hi] with lo below hi")
        if spec.relation != "about":
            refuse("relation", "a range [lo, hi] is held as 'within'; leave relation out")
        value = (float(value[0]), float(value[1]))
    tolerance = spec.tolerance if spec.tolerance is not None else (
        0.05 * abs(value) if isinstance(value, float) else 0.0)

    named = tuple(n for j, p in enumerate(spec.params) for n in expand_params(p, f"{w}.params[{j}]", source))
    assumptions = tuple((a, expand_params(a, f"{w}.assumptions[{j}]", source, numeric=True))
                        for j, a in enumerate(spec.assumptions))
    if len({a for a, _ in assumptions}) < len(assumptions):
        refuse("assumptions", "the two assumptions are the same")

    arm = base = None
    if runs:
        size = residents if residents is not None else spec.residents
        arm = _arm(spec.scenario, spec.fixed, size, days, w, "scenario", here, source)
        if spec.baseline is not None:
            base = _arm(spec.baseline, spec.baseline_fixed, size, days, w, "baseline", here, source)
    param_value = None
    if kind == "input" and not runs and named:
        if len(named) != 1:
            refuse("params", "an input shown without a KPI names one parameter, whose value is its figure")
        p = registry.params()[named[0]]
        if p.kind is bool:
            refuse("params", f"{p.name} is a switch, not a figure")
        param_value = float(p.default) * spec.scale + spec.offset
    return Figure(id=spec.id, figure=spec.figure, plan=spec.plan, where=spec.where, kind=kind, value=value,
                  relation="within" if isinstance(value, tuple) else spec.relation, tolerance=tolerance,
                  unit=spec.unit, params=named, params_written=tuple(spec.params), rule=spec.rule, why=spec.why,
                  note=spec.note, kpi=spec.kpi,
                  scale=spec.scale, offset=spec.offset, scope=spec.scope, window=spec.window, change=spec.change,
                  assumptions=assumptions, arm=arm, baseline=base, param_value=param_value)


# ------------------------------------------------------------------ the file


def load(ref: str = "plan-check", days: int | None = None, residents: int | None = None) -> Check:
    """Read and check a plan-check file (a path or a bundled name); ``days`` and ``residents`` override every
    scenario's (a quick check)."""
    from sim.experiments.spec import check_command

    path = files.find(ref, "experiments")
    source = str(path)
    doc = files.read_toml(path)
    check_command(doc, "plan-check", ref, source)
    try:
        spec = CheckFile.model_validate(doc)
    except ValidationError as e:
        raise _pydantic_error(e, doc, source) from None
    ids = [f.id for f in spec.figures]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise UserError(f"figure ids must be unique; repeated: {', '.join(dup)}", source)
    figures = tuple(_figure(f, i, path.parent, days, residents, source) for i, f in enumerate(spec.figures))
    return Check(name=spec.name or path.stem, source=source, figures=figures, days=days, residents=residents)
