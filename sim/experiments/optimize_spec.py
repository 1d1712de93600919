"""The optimize file: TOML in, a validated ``Search`` out (``govsim optimize``).

A search names a base scenario, the levers to search (each a range or a list
of levels), the uncertainties every candidate is tried under, the seeds, two
or more objectives and, optionally, a yearly budget and a target::

    name = "optimize-budget"
    scenario = "baseline"
    residents = 10000
    days = 365
    seed = 1                      # the uncertainty samples, the seeds and the sampler derive from it
    seeds = 2                     # seeds per uncertainty sample, the same for every candidate
    samples = 8                   # Latin-hypercube points over [uncertainties], drawn once
    trials = 100                  # candidates the study should hold (--trials overrides)
    trials_at_once = 4            # asked together, whatever the workers (NSGA-II: a generation)
    sampler = "tpe"               # or "nsga2"
    check_seeds = 4               # fresh seeds per sample for the recommended policy's check
    budget_yuan_year = 9.0e6      # total yearly cost allowed, the status quo's included
    # extra_budget_yuan_year = 3.4e6   # or: yearly cost allowed over the status quo's
    target = { kpi = "satisfaction", aggregate = "worst_group", min = 0.75 }

    [set]                         # fixed for every run; a lever here is its status-quo value
    social_workers.enabled = true
    social_workers.per_10k = 6.6

    [levers]                      # ranges { lo, hi } (integers stay integers) or lists of levels
    counters.clerks_per_window_per_10k = { lo = 0.5, hi = 3.0 }
    social_workers.per_10k = { lo = 0.0, hi = 30.0 }
    one_stop.enabled = [false, true]

    [uncertainties]               # ranges { lo, hi } or lists, sampled once
    residents.digital_literacy_elderly = { lo = 0.2, hi = 0.45 }

    [[objectives]]                # the first is the headline: the recommendation is the best on it
    kpi = "satisfaction"
    direction = "maximize"
    aggregate = "worst_group"     # mean (all residents) or worst_group (the group worst off on it)

    [[objectives]]
    kpi = "extra_cost"            # yearly cost over the status quo's, yuan
    direction = "minimize"

Levers must be declared as levers and uncertainties as uncertainties (or
structure), with values inside their declared bounds (``sim.experiments.spec``
checks them as for a sweep); an uncertainty's range must not be empty. An
objective or a target is a KPI of ``summary.json`` or ``extra_cost``. The
status quo is the base scenario as given ([set] included): the levers at its
values. Bad input is one line naming the file and the key.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from sim import registry
from sim.errors import UserError
from sim.experiments.spec import _STRICT, BaseFile, Factor, _factor, _flatten, base_scenario, check_value, read

EXTRA_COST = "extra_cost"  # the yearly cost over the status quo's, in yuan
AGGREGATES = ("mean", "worst_group")
MAX_RUNS = 1_000_000


class ObjectiveSpec(BaseModel):
    """One objective: a KPI, which way is better, and what is averaged over the samples and seeds."""

    model_config = _STRICT
    kpi: str = Field(min_length=1, max_length=100)
    direction: Literal["maximize", "minimize"]
    aggregate: Literal["mean", "worst_group"] = "mean"


class TargetSpec(BaseModel):
    """What the recommended policy should reach in every uncertainty sample (robustness)."""

    model_config = _STRICT
    kpi: str = Field(min_length=1, max_length=100)
    aggregate: Literal["mean", "worst_group"] = "mean"
    min: float | None = None
    max: float | None = None


class OptimizeFile(BaseFile):
    """The keys of an optimize file (parameter tables are checked against the registry afterwards)."""

    levers: dict = Field(min_length=1)
    uncertainties: dict = Field(default_factory=dict)
    samples: int | None = Field(None, ge=1, le=1000)
    seeds: int = Field(2, ge=1, le=100)
    objectives: list[ObjectiveSpec] = Field(min_length=2, max_length=6)
    budget_yuan_year: float | None = Field(None, ge=0, le=1e13)
    extra_budget_yuan_year: float | None = Field(None, ge=0, le=1e13)
    target: TargetSpec | None = None
    trials: int = Field(100, ge=1, le=100_000)
    trials_at_once: int = Field(4, ge=1, le=256)
    sampler: Literal["tpe", "nsga2"] = "tpe"
    check_seeds: int = Field(4, ge=2, le=100)


@dataclass(frozen=True)
class Objective:
    """A validated objective (or target): ``kpi`` over all residents (mean) or its worst-off group."""

    kpi: str
    direction: str = "maximize"  # for a target: which side of the bound is good
    aggregate: str = "mean"

    @property
    def label(self) -> str:
        return f"{self.kpi} (worst group)" if self.aggregate == "worst_group" else self.kpi

    @property
    def sign(self) -> float:
        """+1 where more is better, -1 where less is."""
        return 1.0 if self.direction == "maximize" else -1.0


@dataclass(frozen=True)
class Target:
    """``objective`` at least (``min``) or at most (``max``) ``bound`` in each uncertainty sample."""

    objective: Objective
    bound: float

    @property
    def label(self) -> str:
        return f"{self.objective.label} {'>=' if self.objective.sign > 0 else '<='} {self.bound:g}"

    def met(self, value: float) -> bool:
        return math.isfinite(value) and self.objective.sign * (value - self.bound) >= 0


@dataclass(frozen=True)
class Search:
    """A validated optimize file: what the search needs, nothing mutable by accident."""

    name: str
    description: str
    source: str
    scenario_path: Path
    base_doc: dict  # the scenario document with [set], days and residents applied: the status quo
    days: int
    seed: int
    seeds: int
    samples: int
    levers: tuple[Factor, ...]
    uncertainties: tuple[Factor, ...]
    objectives: tuple[Objective, ...]
    budget: float | None  # total yuan a year
    extra_budget: float | None  # yuan a year over the status quo
    target: Target | None
    trials: int
    trials_at_once: int
    sampler: str
    check_seeds: int
    fixed: dict
    status_quo: dict  # each lever's value in the base scenario

    @property
    def constrained(self) -> bool:
        return self.budget is not None or self.extra_budget is not None

    def document(self) -> dict:
        """What the results folder records about the search (JSON-ready)."""
        return {"name": self.name, "description": self.description, "source": self.source,
                "scenario": str(self.scenario_path), **self.determining(), "trials": self.trials,
                "check_seeds": self.check_seeds, "target": self.target.label if self.target else None,
                "status_quo": self.status_quo}

    def determining(self) -> dict:
        """Everything that decides the study's trials and their values (a changed one is another study)."""
        return {"days": self.days, "seed": self.seed, "seeds": self.seeds, "samples": self.samples,
                "set": self.fixed, "levers": {f.name: _factor_doc(f) for f in self.levers},
                "uncertainties": {f.name: _factor_doc(f) for f in self.uncertainties},
                "objectives": [vars(o) for o in self.objectives], "budget_yuan_year": self.budget,
                "extra_budget_yuan_year": self.extra_budget, "trials_at_once": self.trials_at_once,
                "sampler": self.sampler}

    def fingerprint(self) -> str:
        text = json.dumps({"search": self.determining(), "base": self.base_doc}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _factor_doc(f: Factor):
    return list(f.levels) if f.levels is not None else {"lo": f.lo, "hi": f.hi}


def _objective(kpi: str, direction: str, aggregate: str, where: str, source: str) -> Objective:
    if kpi == EXTRA_COST:
        if aggregate != "mean":
            raise UserError(f"{where}.aggregate = '{aggregate}': extra_cost is not split by resident group; "
                            "allowed: mean", source)
        return Objective(kpi, direction, aggregate)
    if problem := registry.kpi_problem(kpi):
        raise UserError(f"{where}.kpi: {problem} (or {EXTRA_COST}: the yearly cost over the status quo's)", source)
    if aggregate == "worst_group" and (kpi in {c.name for c in registry.COSTS} or not registry.by_name()[kpi].by_group):
        raise UserError(f"{where}.aggregate = 'worst_group': {kpi} is not split by resident group; allowed: mean",
                        source)
    return Objective(kpi, direction, aggregate)


def load(ref: str) -> Search:
    """Read and check an optimize file (a path or a bundled name)."""
    return build(*read(ref, "optimize", OptimizeFile))


def build(spec: OptimizeFile, path: Path) -> Search:
    """Check a search's parameters, objectives and budget against the registry; resolve its base scenario."""
    source, params = str(path), registry.params()
    fixed = {n: check_value(params[n], v, f"set.{n}", source) for n, v in _flatten(spec.fixed, "set", source).items()}
    levers = tuple(_factor(n, v, "lever", "lhs", source) for n, v in _flatten(spec.levers, "levers", source).items())
    uncertainties = tuple(_factor(n, v, "uncertainty", "lhs", source)
                          for n, v in _flatten(spec.uncertainties, "uncertainties", source).items())
    for f in (*levers, *uncertainties):
        table = "levers" if f.role == "lever" else "uncertainties"
        if f.n is not None:
            raise UserError(f"{table}.{f.name}.levels: a search samples a range itself; give {{ lo, hi }} or a "
                            "list of levels", source)
        if f.name in fixed and f.role != "lever":  # a lever in [set] is the status quo's value
            raise UserError(f"{f.name} is both fixed in [set] and in [{table}]; keep one", source)
    if uncertainties and spec.samples is None:
        samples = 8
    elif spec.samples is not None and not uncertainties:
        raise UserError("samples: there are no [uncertainties] to sample; remove it or add some", source)
    else:
        samples = spec.samples or 1
    objectives = tuple(_objective(o.kpi, o.direction, o.aggregate, f"objectives[{i}]", source)
                       for i, o in enumerate(spec.objectives))
    labels = [o.label for o in objectives]
    if len(set(labels)) < len(labels):
        raise UserError(f"objectives: {sorted({x for x in labels if labels.count(x) > 1})[0]} is named twice", source)
    if spec.budget_yuan_year is not None and spec.extra_budget_yuan_year is not None:
        raise UserError("give budget_yuan_year (the total) or extra_budget_yuan_year (over the status quo), not "
                        "both", source)
    target = _target(spec.target, source) if spec.target is not None else None
    runs = spec.trials * samples * spec.seeds
    if runs > MAX_RUNS:
        raise UserError(f"{spec.trials} trials x {samples} samples x {spec.seeds} seeds = {runs:,} runs; at most "
                        f"{MAX_RUNS:,}", source)

    scenario_path, base, resolved = base_scenario(spec, fixed, path, source)
    return Search(
        name=spec.name or path.stem, description=spec.description, source=source, scenario_path=scenario_path,
        base_doc=base, days=resolved.days, seed=spec.seed, seeds=spec.seeds, samples=samples, levers=levers,
        uncertainties=uncertainties, objectives=objectives, budget=spec.budget_yuan_year,
        extra_budget=spec.extra_budget_yuan_year, target=target, trials=spec.trials,
        trials_at_once=spec.trials_at_once, sampler=spec.sampler, check_seeds=spec.check_seeds, fixed=fixed,
        status_quo={f.name: resolved.params[f.name] for f in levers},
    )


def _target(t: TargetSpec, source: str) -> Target:
    if (t.min is None) == (t.max is None):
        raise UserError("target: give min (at least) or max (at most), e.g. target = { kpi = \"satisfaction\", "
                        "min = 0.8 }", source)
    bound = t.min if t.min is not None else t.max
    return Target(_objective(t.kpi, "maximize" if t.min is not None else "minimize", t.aggregate, "target",
                             source), float(bound))
