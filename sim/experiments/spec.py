"""The experiment file: TOML in, a validated ``Experiment`` out.

An experiment names a base scenario (a bundled name or a path, relative to
the experiment file first), the levers (policy choices) and uncertainties
(behaviour we do not know) it varies, a design, replicates, days and the KPIs
of interest::

    name = "incentives"
    scenario = "baseline"
    residents = 6000            # optional: scale the scenario's communities
    days = 120                  # optional: the scenario's otherwise
    seed = 1                    # replicate seeds derive from it
    replicates = 3
    kpis = ["satisfaction", "unmet_need_share"]
    budget_yuan_year = 3.0e7    # optional: the yearly public cost allowed, the status quo's included

    [set]                       # fixed for every run
    digital_inclusion.enabled = true

    [levers]                    # lists of levels (or ranges with `levels`)
    digital_inclusion.class_seats_per_month_per_10k = [0, 20, 60]

    [uncertainties]             # lists, or ranges {lo, hi} (with `levels` in a grid)
    residents.digital_literacy_elderly = { lo = 0.2, hi = 0.45 }

    [design]
    policies = "grid"           # grid: every combination of the levers; list: the [[policies]] tables
    uncertainties = "lhs"       # grid: every combination; lhs: `samples` Latin-hypercube points
    samples = 3

Every value is checked against its parameter's declaration (kind and
bounds, ``sim.params``); a lever must be declared with role ``lever``, an
uncertainty with role ``uncertainty`` or ``structure``. Bad input is one line
(``UserError``) naming the file, the key and what is allowed.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim import files, registry
from sim import scenario as sc
from sim.errors import UserError
from sim.files import short
from sim.params import Param

_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True, populate_by_name=False)
DEFAULT_KPIS = ("satisfaction", "close_days", "unmet_need_share", "cost_yuan")
MAX_RUNS = 100_000
MAX_LEVELS = 1000
_RANGE_KEYS = ("lo", "hi", "levels")


class DesignSpec(BaseModel):
    """How levers and uncertainties are combined."""

    model_config = _STRICT
    policies: Literal["grid", "list"] = "grid"
    uncertainties: Literal["grid", "lhs"] = "grid"
    samples: int | None = Field(None, ge=1, le=MAX_RUNS)


class BaseFile(BaseModel):
    """The keys every file that runs a scenario many times shares (experiments, calibrations, sensitivity)."""

    model_config = _STRICT
    name: sc.Name = Field("", max_length=100)
    description: str = Field("", max_length=2000)
    scenario: str = Field(min_length=1, max_length=1000)
    residents: int | None = Field(None, ge=20, le=50_000_000)
    days: int | None = Field(None, ge=1, le=3650)
    seed: int = Field(1, ge=0, le=2**32 - 1)
    fixed: dict = Field(default_factory=dict, alias="set")


class ExperimentFile(BaseFile):
    """The keys of an experiment file (parameter tables are checked against the registry afterwards)."""

    replicates: int = Field(1, ge=1, le=1000)
    kpis: list[str] = Field(default_factory=lambda: list(DEFAULT_KPIS), min_length=1, max_length=200)
    levers: dict = Field(default_factory=dict)
    uncertainties: dict = Field(default_factory=dict)
    design: DesignSpec = Field(default_factory=DesignSpec)
    policies: list[dict] = Field(default_factory=list, max_length=MAX_LEVELS)
    budget_yuan_year: float | None = Field(None, gt=0, le=1e13)


@dataclass(frozen=True)
class Factor:
    """A lever or an uncertainty: a list of levels, or a range [lo, hi] (with ``n`` levels in a grid)."""

    name: str
    role: str  # "lever" or "uncertainty"
    levels: tuple | None = None
    lo: float | None = None
    hi: float | None = None
    n: int | None = None

    @property
    def kind(self) -> type:
        return registry.params()[self.name].kind

    def grid(self) -> tuple:
        """The levels a grid design crosses."""
        if self.levels is not None:
            return self.levels
        values = [self.lo + (self.hi - self.lo) * i / (self.n - 1) for i in range(self.n)]
        if self.kind is int:
            values = list(dict.fromkeys(round(v) for v in values))
        return tuple(values)

    def at(self, u: float):
        """The value at quantile ``u`` in [0, 1) (Latin-hypercube sampling)."""
        if self.levels is not None:
            return self.levels[min(int(u * len(self.levels)), len(self.levels) - 1)]
        value = self.lo + (self.hi - self.lo) * u
        return round(value) if self.kind is int else value


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: what the design needs, nothing mutable by accident."""

    name: str
    description: str
    source: str
    scenario_path: Path
    base_doc: dict  # the scenario document with [set], days and residents applied
    seed: int
    replicates: int
    kpis: tuple[str, ...]
    fixed: dict
    levers: tuple[Factor, ...]
    uncertainties: tuple[Factor, ...]
    design: DesignSpec
    policies: tuple[tuple[str, dict], ...] = field(default=())  # a list design's named policies
    budget_yuan_year: float | None = None  # the yearly public cost allowed (``sim.experiments.budget``)

    def document(self) -> dict:
        """What the store keeps about the experiment (JSON-ready)."""
        return {
            "name": self.name, "description": self.description, "source": self.source,
            "scenario": str(self.scenario_path), "seed": self.seed, "replicates": self.replicates,
            "kpis": list(self.kpis), "set": self.fixed, "design": self.design.model_dump(),
            "budget_yuan_year": self.budget_yuan_year,
            "levers": {f.name: list(f.grid()) if f.levels is not None or f.n else [f.lo, f.hi] for f in self.levers},
            "uncertainties": {f.name: (list(f.levels) if f.levels is not None else {"lo": f.lo, "hi": f.hi})
                              for f in self.uncertainties},
        }


# ------------------------------------------------------------------ finding files


def _scenario_path(ref: str, here: Path, source: str) -> Path:
    """The scenario an experiment names: a file under the experiment's folder or the current folder (tried in
    that order), or a bundled scenario; a path that leads elsewhere (``..``, an absolute path) is refused, so a
    file passed around cannot make govsim read what its user did not choose."""
    for candidate in (here / ref, Path(ref)):
        if candidate.is_file():
            where = candidate.resolve()
            if not any(where.is_relative_to(base.resolve()) for base in (here, Path.cwd())):
                raise UserError(f"scenario = {short(ref)} leads outside the experiment's folder and the current "
                                "folder; put the scenario beside the experiment, or name a bundled one", source)
            return candidate
    if ref in sc.bundled():
        return sc.bundled()[ref]
    raise UserError(f"scenario = '{ref}' not found: no such file (relative to this file or the current folder) "
                    f"and no bundled scenario of that name; bundled: {', '.join(sc.bundled())}", source)


# ------------------------------------------------------------------ checking values


def check_value(p: Param, value, where: str, source: str):
    """``value`` as the parameter's kind, or a one-line error saying what is allowed."""
    ok = (type(value) is bool) if p.kind is bool else (
        type(value) is int if p.kind is int else type(value) in (int, float) and math.isfinite(value))
    if ok and p.kind is not bool:
        value = p.kind(value)
        ok = p.lo <= value <= p.hi
    if not ok:
        raise UserError(f"{where} = {short(value)} is not allowed; allowed: {p.allowed()} ({p.doc})", source)
    return value


def _flatten(node: dict, table: str, source: str, prefix: str = "") -> dict:
    """Nested or dotted keys of a parameter table as ``{dotted name: value}``; unknown names are errors."""
    params, out = registry.params(), {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if name in params:
            out[name] = value
        elif isinstance(value, dict) and any(p.startswith(name + ".") for p in params):
            out.update(_flatten(value, table, source, name + "."))
        else:
            raise UserError(f"[{table}]: {registry.param_problem(name)}", source)
    return out


def _factor(name: str, value, role: str, design: str, source: str) -> Factor:
    p = registry.params()[name]
    table = "levers" if role == "lever" else "uncertainties"
    where = f"{table}.{name}"
    allowed_roles = ("lever",) if role == "lever" else ("uncertainty", "structure")
    if p.role not in allowed_roles:
        other = "levers" if p.role == "lever" else "uncertainties"
        raise UserError(f"{where}: declared as a{'n' if p.role[0] in 'u' else ''} {p.role}; "
                        f"put it under [{other}]", source)
    if isinstance(value, list):
        if not value or len(value) > MAX_LEVELS:
            raise UserError(f"{where}: give 1 to {MAX_LEVELS} levels", source)
        levels = tuple(check_value(p, v, f"{where}[{i}]", source) for i, v in enumerate(value))
        if len(set(levels)) < len(levels):
            raise UserError(f"{where}: levels repeat: {short(value)}", source)
        return Factor(name, role, levels=levels)
    if isinstance(value, dict):
        if p.kind is bool:
            raise UserError(f"{where}: a switch takes a list of levels, e.g. [false, true]", source)
        extra = sorted(set(value) - set(_RANGE_KEYS))
        if extra:
            raise UserError(f"unknown key '{where}.{extra[0]}'; allowed in a range: {', '.join(_RANGE_KEYS)}", source)
        if "lo" not in value or "hi" not in value:
            raise UserError(f"{where}: a range needs lo and hi, e.g. {{ lo = {p.lo:g}, hi = {p.hi:g} }}", source)
        lo = check_value(p, value["lo"], f"{where}.lo", source)
        hi = check_value(p, value["hi"], f"{where}.hi", source)
        if not lo < hi:
            raise UserError(f"{where}: lo ({lo}) must be below hi ({hi})", source)
        n = value.get("levels")
        if n is not None and (type(n) is not int or not 2 <= n <= MAX_LEVELS):
            raise UserError(f"{where}.levels = {short(n)} is not allowed; allowed: an integer from 2 to "
                            f"{MAX_LEVELS}", source)
        if n is None and design == "grid":
            raise UserError(f"{where}: a range needs `levels = N` in a grid design"
                            + ("" if role == "lever" else ' (or set design.uncertainties = "lhs")'), source)
        return Factor(name, role, lo=lo, hi=hi, n=n)
    raise UserError(f"{where} = {short(value)}: give a list of levels, e.g. [a, b], or a range "
                    f"{{ lo = .., hi = .. }}; a value fixed for every run belongs in [set]", source)


def _put(doc: dict, name: str, value) -> None:
    node = doc
    for part in name.split(".")[:-1]:
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = node[part] = {}
        node = nxt
    node[name.rsplit(".", 1)[-1]] = value


def base_scenario(spec, fixed: dict, path: Path, source: str, residents_from: str | None = None):
    """The base scenario of an experiment-like file: its path, its document (scaled to ``spec.residents``,
    run for ``spec.days``, with the ``fixed`` values) and that document validated. ``residents_from`` names
    what set ``spec.residents`` when not the file (an option) in an error."""
    scenario_path = _scenario_path(spec.scenario, path.parent, source)
    try:
        base = files.read_toml(scenario_path)
    except UserError as e:  # the scenario's own fault, said from the file that named it
        raise UserError(f"scenario = {short(spec.scenario)}: {e}", source) from None
    if spec.residents is not None:
        base = sc.scale_residents(base, spec.residents, residents_from or f"{source}: residents")
    if spec.days is not None:
        base["days"] = spec.days
    base = apply(base, fixed)
    return scenario_path, base, sc.from_document(base, str(scenario_path), scenario_path.stem)


def apply(doc: dict, params: dict) -> dict:
    """A copy of a scenario document with ``{dotted name: value}`` set."""
    out = copy.deepcopy(doc)
    for name, value in params.items():
        _put(out, name, value)
    return out


# ------------------------------------------------------------------ the file


def _table_at(model: type[BaseModel], loc: list) -> type[BaseModel]:
    """The pydantic model of the table at ``loc`` (field names and list indices) inside ``model``."""
    import typing

    def tables(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for arg in typing.get_args(annotation):
            yield from tables(arg)

    node = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for name, f in node.model_fields.items() if part in (name, f.alias)), None)
        found = next(tables(field.annotation), None) if field is not None else None
        if found is None:
            break
        node = found
    return node


def _where(loc: list) -> str:
    """A table's place in words: ``[design]``, ``objectives[0]``, ``target``."""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return text if any(isinstance(p, int) for p in loc) else f"[{text}]"


def pydantic_error(exc: ValidationError, source: str, model: type[BaseModel] | None = None) -> UserError:
    """A file's first validation error as one line naming the key (an unknown key with those allowed there)."""
    model = model or ExperimentFile
    errors = exc.errors()
    err = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    key = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in err["loc"]).lstrip(".")
    if err["type"] == "extra_forbidden":
        node = _table_at(model, list(err["loc"][:-1]))
        allowed = [f.alias or name for name, f in node.model_fields.items()]
        where = f"in {_where(list(err['loc'][:-1]))}" if node is not model else "at the top level"
        return UserError(f"unknown key '{key}'; allowed {where}: {', '.join(allowed)}{more}", source)
    if err["type"] == "missing":
        return UserError(f"missing key '{key}'{more}", source)
    msg = err["msg"].rstrip(".").removeprefix("Value error, ")
    return UserError(f"{key} = {short(err.get('input'))}: {msg[0].lower()}{msg[1:]}{more}", source)


def command_for(doc: dict) -> str | None:
    """Which command reads a file like ``doc`` (``sweep``, ``optimize``, ``calibrate``, ``sensitivity``,
    ``plan-check``, or ``attribute``'s ``--blocks``), by its telling keys.

    All but the plan check's share their top (``BaseFile``); all live side by side in ``experiments/``.
    """
    keys = set(doc) if isinstance(doc, dict) else set()
    if "figures" in keys:
        return "plan-check"
    if "blocks" in keys:
        return "attribute"
    if "objectives" in keys:
        return "optimize"
    if keys & {"levers", "uncertainties", "design", "policies"}:
        return "sweep"
    if keys & {"data", "seeds_per_trial", "trials_at_once", "default_n", "item_cv"}:
        return "calibrate"
    if "parameters" in keys:
        return "sensitivity" if "kpis" in keys else "calibrate"
    return None


def check_command(doc: dict, command: str, ref: str, source: str) -> None:
    """A file meant for another command: one line saying which (instead of its first unknown key)."""
    meant = command_for(doc)
    if meant is not None and meant != command:
        run = f"govsim attribute SCENARIO --blocks {ref}" if meant == "attribute" else f"govsim {meant} {ref}"
        raise UserError(f"this is a file for `govsim {meant}`, not `govsim {command}`: run `{run}`", source)


def read(ref: str, command: str, model: type[BaseModel]):
    """A file of ``experiments/`` (a path or a bundled name) for ``govsim <command>``, validated by ``model``:
    (the validated keys, its path); one line naming the file and the key if it is not."""
    path = files.find(ref, "experiments")
    doc = files.read_toml(path)
    check_command(doc, command, ref, str(path))
    try:
        return model.model_validate(doc), path
    except ValidationError as e:
        raise pydantic_error(e, str(path), model) from None


def load(ref: str, days: int | None = None, residents: int | None = None) -> Experiment:
    """Read and check an experiment file (a path or a bundled name); ``days`` and ``residents``, a quick try
    asked for on the command line, replace the file's (the file is checked as written first)."""
    spec, path = read(ref, "sweep", ExperimentFile)
    return build(quick(spec, days, residents), path, "--residents" if residents is not None else None)


def quick(spec, days: int | None, residents: int | None):
    """``spec`` (an experiment-like file's keys) with the command line's ``--days`` and ``--residents``, checked
    against the same bounds as the file's keys."""
    if days is not None and not 1 <= days <= 3650:
        raise UserError(f"{days} is not allowed; allowed: 1 to 3650 days", "--days")
    if residents is not None and not 20 <= residents <= 50_000_000:
        raise UserError(f"{residents} is not allowed; allowed: 20 to 50000000 residents", "--residents")
    given = {k: v for k, v in (("days", days), ("residents", residents)) if v is not None}
    return spec.model_copy(update=given) if given else spec


def build(spec: ExperimentFile, path: Path, residents_from: str | None = None) -> Experiment:
    """Check an experiment's parameters against the registry and resolve its base scenario (``residents_from``:
    see ``base_scenario``)."""
    source, params = str(path), registry.params()
    for i, k in enumerate(spec.kpis):
        if problem := registry.kpi_problem(k):
            raise UserError(f"kpis[{i}]: {problem}", source)

    fixed = {n: check_value(params[n], v, f"set.{n}", source)
             for n, v in _flatten(spec.fixed, "set", source).items()}
    d = spec.design
    if d.policies == "list" and spec.levers:
        raise UserError('[levers] is for design.policies = "grid"; a list design gives each policy\'s levers '
                        "in its [[policies]] table", source)
    if d.policies == "grid" and spec.policies:
        raise UserError('[[policies]] needs design.policies = "list"', source)
    if d.policies == "list" and not spec.policies:
        raise UserError('design.policies = "list" needs at least one [[policies]] table with a name', source)
    levers = tuple(_factor(n, v, "lever", "grid", source)
                   for n, v in _flatten(spec.levers, "levers", source).items())
    uncertainties = tuple(_factor(n, v, "uncertainty", d.uncertainties, source)
                          for n, v in _flatten(spec.uncertainties, "uncertainties", source).items())
    if d.uncertainties == "lhs" and uncertainties and d.samples is None:
        raise UserError('design.uncertainties = "lhs" needs design.samples (the number of points)', source)
    if d.samples is not None and not (d.uncertainties == "lhs" and uncertainties):
        raise UserError('design.samples is only used with design.uncertainties = "lhs" and some [uncertainties]',
                        source)
    for f in (*levers, *uncertainties):
        if f.name in fixed:
            raise UserError(f"{f.name} is both fixed in [set] and varied; keep one", source)

    scenario_path, base, resolved = base_scenario(spec, fixed, path, source, residents_from)

    policies: tuple = ()
    if d.policies == "list":
        policies, levers = _list_policies(spec.policies, resolved, fixed, source)
    n_policies = len(policies) or math.prod(len(f.grid()) for f in levers)
    n_points = (d.samples if d.uncertainties == "lhs" else math.prod(len(f.grid()) for f in uncertainties)) \
        if uncertainties else 1
    total = n_policies * n_points * spec.replicates
    if total > MAX_RUNS:
        raise UserError(f"{n_policies} policies x {n_points} uncertainty points x {spec.replicates} replicates "
                        f"= {total:,} runs; at most {MAX_RUNS:,}", source)
    return Experiment(
        name=spec.name or path.stem, description=spec.description, source=source, scenario_path=scenario_path,
        base_doc=base, seed=spec.seed, replicates=spec.replicates, kpis=tuple(spec.kpis), fixed=fixed,
        levers=levers, uncertainties=uncertainties, design=d, policies=policies,
        budget_yuan_year=spec.budget_yuan_year,
    )


def _list_policies(tables: list[dict], resolved, fixed: dict, source: str):
    """A list design's named policies, each with a value for every lever any of them sets."""
    params, named = registry.params(), []
    for i, table in enumerate(tables):
        table = dict(table)
        name = table.pop("name", None)
        if not isinstance(name, str) or not name.strip():
            raise UserError(f"policies[{i}]: needs a name = \"...\"", source)
        values = {}
        for n, v in _flatten(table, f"policies[{i}]", source).items():
            p = params[n]
            if p.role != "lever":
                raise UserError(f"policies[{i}].{n}: declared as {p.role}, not a lever; a policy sets levers "
                                "only (fixed values belong in [set])", source)
            if n in fixed:
                raise UserError(f"{n} is both fixed in [set] and set by policies[{i}]; keep one", source)
            values[n] = check_value(p, v, f"policies[{i}].{n}", source)
        named.append((name.strip(), values))
    names = [n for n, _ in named]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise UserError(f"policy names must be unique; repeated: {', '.join(dup)}", source)
    used = list(dict.fromkeys(n for _, values in named for n in values))
    full = tuple((name, {n: values.get(n, resolved.params[n]) for n in used}) for name, values in named)
    levers = tuple(Factor(n, "lever", levels=tuple(dict.fromkeys(v[n] for _, v in full))) for n in used)
    return full, levers
