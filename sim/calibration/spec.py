"""Calibration and sensitivity files: TOML in, a validated ``Study`` out.

Both name a base scenario and the parameters to vary, each with the range
it may take (its declared bounds, or narrower ones inside them)::

    name = "calibrate-pilot"
    scenario = "baseline"          # bundled name or path (relative to this file first)
    residents = 3000               # optional: scale the scenario
    days = 360                     # optional: the scenario's otherwise
    seed = 1                       # trial seeds, the sampler's and SALib's seeds derive from it

    [set]                          # fixed for every run
    residents.digital_literacy_elderly = 0.3

    [parameters]                   # {} = the declared bounds; or narrower { lo, hi }
    channels.const_none = { lo = 1.0, hi = 3.5 }
    routing.abandon_daily = {}

A calibration file adds ``data`` (the default pilot file, relative to the
file), ``seeds_per_trial``, ``trials_at_once``, ``default_n`` and
``item_cv``; it fits only parameters declared as uncertainties (levers are
policy choices: the pilots' are known, so they belong in [set]). A
sensitivity file adds ``kpis`` and ``replicates``, and may vary parameters
of any role. Only numeric parameters can be varied (integers are
calibrated as integers; sensitivity needs continuous ones). Every value is
checked against its declaration; a bad file is one line naming the file and
the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from sim import files, registry
from sim.errors import UserError
from sim.experiments.spec import BaseFile, _flatten, base_scenario, check_command, check_value


class _Common(BaseFile):
    """The keys both kinds of file share."""

    parameters: dict = Field(min_length=1)


class CalibrationFile(_Common):
    """A calibration: which parameters to fit, how many seeds per trial, how to weigh the data."""

    data: str | None = Field(None, min_length=1, max_length=1000)
    seeds_per_trial: int = Field(3, ge=1, le=100)
    trials_at_once: int = Field(2, ge=1, le=256)
    default_n: int = Field(100, ge=1, le=10_000_000)
    item_cv: float = Field(1.0, gt=0, le=100)


class SensitivityFile(_Common):
    """A sensitivity analysis: which parameters, which KPIs, how many seeds per design point."""

    kpis: list[str] = Field(min_length=1, max_length=50)
    replicates: int = Field(1, ge=1, le=100)


@dataclass(frozen=True)
class Range:
    """A parameter varied in [lo, hi]."""

    name: str
    lo: float
    hi: float
    integer: bool = False


@dataclass(frozen=True)
class Study:
    """A validated calibration or sensitivity file."""

    kind: str  # "calibration" or "sensitivity"
    name: str
    description: str
    source: str
    scenario_path: Path
    base_doc: dict  # the scenario document with [set], days and residents applied
    communities: tuple[str, ...]
    days: int
    seed: int
    ranges: tuple[Range, ...]
    fixed: dict
    options: dict  # the kind's own keys (data, seeds_per_trial ... / kpis, replicates)

    def document(self) -> dict:
        """What the results folder records about the study (JSON-ready)."""
        return {"kind": self.kind, "name": self.name, "source": self.source, "scenario": str(self.scenario_path),
                "days": self.days, "seed": self.seed, "set": self.fixed,
                "parameters": {r.name: [r.lo, r.hi] for r in self.ranges}, **self.options}


def _error(exc: ValidationError, model: type[BaseModel], source: str) -> UserError:
    errors = exc.errors()
    err, more = errors[0], (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    key = ".".join(str(x) for x in err["loc"])
    if err["type"] == "extra_forbidden":
        allowed = [f.alias or n for n, f in model.model_fields.items()]
        return UserError(f"unknown key '{key}'; allowed at the top level: {', '.join(allowed)}{more}", source)
    if err["type"] == "missing":
        return UserError(f"missing key '{key}'{more}", source)
    text = repr(err.get("input"))
    text = text if len(text) <= 60 else text[:57] + "..."
    msg = err["msg"].rstrip(".")
    return UserError(f"{key} = {text}: {msg[0].lower()}{msg[1:]}{more}", source)


def _range(name: str, value, kind: str, source: str) -> Range:
    p = registry.params()[name]
    where = f"parameters.{name}"
    if p.kind is bool:
        raise UserError(f"{where}: a switch cannot be {'fitted' if kind == 'calibration' else 'varied'}; "
                        "set it in [set]", source)
    if kind == "calibration" and p.role != "uncertainty":
        raise UserError(f"{where}: declared as a {p.role}, not an uncertainty; a calibration fits behaviour "
                        "we do not know; set the pilots' policy choices and structure in [set]", source)
    if kind == "sensitivity" and p.kind is int:
        raise UserError(f"{where}: an integer parameter; Sobol and Morris need continuous ones", source)
    if not isinstance(value, dict):
        raise UserError(f"{where} = {value!r}: give {{}} for its declared bounds ({p.allowed()}) or a range "
                        f"{{ lo = .., hi = .. }} inside them", source)
    extra = sorted(set(value) - {"lo", "hi"})
    if extra:
        raise UserError(f"unknown key '{where}.{extra[0]}'; allowed: lo, hi", source)
    lo = check_value(p, value["lo"], f"{where}.lo", source) if "lo" in value else p.lo
    hi = check_value(p, value["hi"], f"{where}.hi", source) if "hi" in value else p.hi
    if not lo < hi:
        raise UserError(f"{where}: lo ({lo}) must be below hi ({hi})", source)
    return Range(name, lo, hi, integer=p.kind is int)


def load(ref: str, kind: str) -> Study:
    """Read and check a calibration (``kind="calibration"``) or sensitivity file (a path or a bundled name)."""
    model = CalibrationFile if kind == "calibration" else SensitivityFile
    path = files.find(ref, "experiments")
    source = str(path)
    doc = files.read_toml(path)
    check_command(doc, "calibrate" if kind == "calibration" else "sensitivity", ref, source)
    try:
        spec = model.model_validate(doc)
    except ValidationError as e:
        raise _error(e, model, source) from None
    params = registry.params()
    fixed = {n: check_value(params[n], v, f"set.{n}", source) for n, v in _flatten(spec.fixed, "set", source).items()}
    ranges = tuple(_range(n, v, kind, source) for n, v in _flatten(spec.parameters, "parameters", source).items())
    for r in ranges:
        if r.name in fixed:
            raise UserError(f"{r.name} is both fixed in [set] and in [parameters]; keep one", source)

    scenario_path, base, resolved = base_scenario(spec, fixed, path, source)
    options = _calibration_options(spec, path, resolved, source) if kind == "calibration" else \
        _sensitivity_options(spec, source)
    return Study(kind=kind, name=spec.name or path.stem, description=spec.description, source=source,
                 scenario_path=scenario_path, base_doc=base,
                 communities=tuple(c.name for c in resolved.communities), days=resolved.days, seed=spec.seed,
                 ranges=ranges, fixed=fixed, options=options)


def _calibration_options(spec: CalibrationFile, path: Path, resolved, source: str) -> dict:
    from sim.calibration.monthly import MONTH_DAYS

    if resolved.days < MONTH_DAYS:
        raise UserError(f"days = {resolved.days}: a calibration against monthly data needs at least "
                        f"{MONTH_DAYS} days (one month)", source)
    data = None
    if spec.data is not None:
        data = path.parent / spec.data if (path.parent / spec.data).is_file() else Path(spec.data)
    return {"data": str(data) if data else None, "seeds_per_trial": spec.seeds_per_trial,
            "trials_at_once": spec.trials_at_once, "default_n": spec.default_n, "item_cv": spec.item_cv}


def _sensitivity_options(spec: SensitivityFile, source: str) -> dict:
    from sim.registry import kpi_problem

    for i, k in enumerate(spec.kpis):
        if problem := kpi_problem(k):
            raise UserError(f"kpis[{i}]: {problem}", source)
    if len(set(spec.kpis)) < len(spec.kpis):
        raise UserError("kpis: a KPI is named twice", source)
    return {"kpis": list(spec.kpis), "replicates": spec.replicates}


def seeds(seed: int, count: int, stream: int = 0) -> list[int]:
    """``count`` scenario seeds derived from a study's seed (the same scheme as sweeps' replicates)."""
    import numpy as np

    return [int(np.random.SeedSequence(seed, spawn_key=(stream, r)).generate_state(1, dtype=np.uint32)[0])
            for r in range(count)]

