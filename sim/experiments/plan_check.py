"""``govsim plan-check``: every figure of docs/plan.md against the model, written to docs/validation.md.

The figures and how each is measured are declared in a plan-check file
(``sim.experiments.plan_figures``, ``experiments/plan-check.toml``). For each
figure measured in a scenario, the runs are:

- its scenario (and its baseline scenario, if the figure is a change
  against one) at seeds 1 to N, the same seeds for every figure (common
  random numbers: a variant differs from the figure's own runs only by what
  it moves);
- for each of its one or two assumptions, the same runs with every
  parameter the assumption names at 70% and at 130% of its value in the
  scenario, clipped to the parameter's declared bounds (integers rounded).

Runs shared by several figures (the same scenario document, parameters and
seed) run once. They go through the sweep's executors and results store
(``sim.experiments.executors``, ``sim.experiments.store``; a local process
pool of ``--workers``), so a stopped check resumes where it stopped. Each
run keeps its KPIs over the whole run and over its last 365 days, for all
residents, each resident group and each roll-out stage
(``sim.experiments.plan_runs``);
a run's id carries a hash of its scenario, values, seed and the code its
result depends on (``run_code``), so runs of other code or settings are
never mixed in (the store keeps them; delete it to reclaim the space).

The model's figure of a seed is ``offset + scale * x``, where ``x`` is the
KPI in the figure's window and scope, or, with a baseline, its change
against the baseline's at the same seed (``relative``: x / x_base - 1;
``difference``: x - x_base). The table gives the mean over seeds and its
95% t interval (``sim.experiments.compare.interval``), and for each
assumption the mean at -30% and +30% (``sim.experiments.plan_table`` writes
it). Results are the same on any number of workers: every run is, and the
table is read in a fixed order.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import UserError
from sim.experiments.plan_figures import Arm, Check, Figure
from sim.experiments.plan_runs import run_windows

FRAGILITY = 0.3  # each assumption at 1 - 0.3 and 1 + 0.3 times its value
DEFAULT_SEEDS = 5
MAX_SEEDS = 100
DEFAULT_OUT = Path("docs/validation.md")
DEFAULT_STORE = Path("sweeps/plan-check")


# ------------------------------------------------------------------ the runs


@dataclass(frozen=True)
class Variant:
    """The figure's runs as they are (``sign`` 0) or with an assumption moved by -30% (-1) or +30% (+1)."""

    assumption: str | None
    sign: int
    params: dict  # the values the variant sets in the figure's scenario (dotted names)
    base_params: dict  # and in its baseline scenario (each moved from its own value there)
    clipped: bool  # a value hit a declared bound


def _moved(arm: Arm | None, names, sign: int) -> tuple[dict, bool]:
    """``names`` at (1 + sign * 30%) times their values in ``arm``, clipped to their bounds; and whether any was."""
    from sim import registry

    if arm is None:
        return {}, False
    declared, values, clipped = registry.params(), {}, False
    for name in names:
        p = declared[name]
        moved = arm.params[name] * (1 + sign * FRAGILITY)
        bounded = min(max(moved, p.lo), p.hi)
        clipped |= not math.isclose(bounded, moved, rel_tol=1e-12, abs_tol=1e-12)
        values[name] = int(round(bounded)) if p.kind is int else float(bounded)
    return values, clipped


def variants(fig: Figure) -> list[Variant]:
    """The figure as it is, then each assumption at -30% and +30% (of its values in the scenarios, clipped)."""
    out = [Variant(None, 0, {}, {}, False)]
    for text, names in fig.assumptions:
        for sign in (-1, 1):
            values, clipped = _moved(fig.arm, names, sign)
            out.append(Variant(text, sign, values, _moved(fig.baseline, names, sign)[0], clipped))
    return out


# Sources that cannot change a run's result: the dashboard, the command line, and how this check reads its
# file, plans its runs and writes its table (the scenario document a run gets is part of its fingerprint;
# what a run keeps is sim/experiments/plan_runs.py, which counts).
_NOT_THE_RUN = ("viz/", "cli.py", "experiments/plan_figures.py", "experiments/plan_check.py",
                "experiments/plan_table.py")


@functools.cache
def run_code() -> str:
    """A hash of the code a run's result depends on (the package's sources but ``_NOT_THE_RUN``)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if not rel.startswith(_NOT_THE_RUN):
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _fingerprint(doc: dict, params: dict, seed: int) -> str:
    text = json.dumps({"doc": doc, "params": params, "seed": seed, "code": run_code()}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def spec_for(arm: Arm, params: dict, seed: int):
    """The run of ``arm`` with ``params`` set, at ``seed`` (a sweep ``RunSpec``; its id names its scenario)."""
    from sim.experiments.design import RunSpec

    fp = _fingerprint(arm.doc, params, seed)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", str(arm.doc.get("name") or "scenario"))[:40]
    return RunSpec(f"{stem}-s{seed}-{fp}", arm.doc, dict(params), seed, 0, arm.label, 0, seed - 1, fp)


def plan(check: Check, seeds: int) -> tuple[list, dict]:
    """Every run the check needs (each once, in a fixed order) and, per figure and variant, the run ids of
    its scenario and its baseline at seeds 1..``seeds``: ``{figure id: [(variant, ids, baseline ids)]}``."""
    specs: dict = {}
    layout: dict = {}
    for fig in check.figures:
        if not fig.measured:
            continue
        rows = []
        for v in variants(fig):
            ids, base_ids = [], []
            for seed in range(1, seeds + 1):
                for arm, values, into in ((fig.arm, v.params, ids), (fig.baseline, v.base_params, base_ids)):
                    if arm is None:
                        continue
                    spec = spec_for(arm, values, seed)
                    specs.setdefault(spec.run_id, spec)
                    into.append(spec.run_id)
            rows.append((v, ids, base_ids))
        layout[fig.id] = rows
    return list(specs.values()), layout


def run_all(specs: list, store_dir: Path, workers: int | None, progress: bool, describe: dict, fn=run_windows):
    """Run every spec not already finished in the store (the sweep's loop and executors); the sweep Summary."""
    from sim.experiments.store import Store
    from sim.experiments.sweep import run_pending

    return run_pending(specs, Store(store_dir), describe, "plan-check", "local", workers, None, progress, fn)


# ------------------------------------------------------------------ reading the runs


@dataclass(frozen=True)
class Measure:
    """A figure as the model gives it: per seed, the mean and its interval; each variant's mean."""

    values: tuple[float, ...]
    mean: float
    lo: float
    hi: float
    variants: tuple[tuple[Variant, float], ...]  # (variant, mean over seeds), assumptions only


def _reader(store_dir: Path):
    import pandas as pd

    from sim.experiments.store import Store

    store, cache = Store(store_dir), {}

    def value(run_id: str, fig: Figure) -> float:
        if run_id not in cache:
            cache[run_id] = pd.read_parquet(store.run_dir(run_id) / "kpis.parquet")
        df = cache[run_id]
        kind, _, name = fig.scope.partition(":")
        row = df[(df.window == fig.window) & (df.scope == kind) & (df.name == (name or "all"))]
        return float(row[fig.kpi].iloc[0]) if len(row) else math.nan  # no such stage in this run

    return value


def _seed_values(fig: Figure, ids, base_ids, value) -> np.ndarray:
    x = np.array([value(r, fig) for r in ids])
    if base_ids:
        b = np.array([value(r, fig) for r in base_ids])
        with np.errstate(divide="ignore", invalid="ignore"):
            x = x / b - 1 if fig.change == "relative" else x - b
    return fig.offset + fig.scale * x


def measure(check: Check, layout: dict, store_dir: Path) -> dict[str, Measure]:
    """Each measured figure's ``Measure``, from the finished runs in the store."""
    from sim.experiments.compare import interval

    value = _reader(store_dir)
    out = {}
    for fig in check.figures:
        if fig.id not in layout:
            continue
        (own, ids, base_ids), *moved = layout[fig.id]
        x = _seed_values(fig, ids, base_ids, value)
        mean, lo, hi, _ = interval(x)
        shifted = []
        for v, vids, vbase in moved:
            y = _seed_values(fig, vids, vbase, value)
            y = y[np.isfinite(y)]
            shifted.append((v, float(y.mean()) if len(y) else math.nan))
        out[fig.id] = Measure(tuple(float(v) for v in x), mean, lo, hi, tuple(shifted))
    return out


# ------------------------------------------------------------------ the command


def _size(spec) -> int:
    """About how long a run takes: resident-days."""
    return spec.base_doc["days"] * sum(c["residents"] for c in spec.base_doc["communities"])


def command(ref: str, seeds: int, days: int | None, residents: int | None) -> str:
    """The command that makes this table (only what changes its content: not --out, --workers or --quiet)."""
    parts = ["govsim plan-check"]
    if ref != "plan-check":
        parts.append(ref)
    if seeds != DEFAULT_SEEDS:
        parts.append(f"--seeds {seeds}")
    if days is not None:
        parts.append(f"--days {days}")
    if residents is not None:
        parts.append(f"--residents {residents}")
    return " ".join(parts)


def check_seeds(seeds: int) -> None:
    if not 2 <= seeds <= MAX_SEEDS:
        raise UserError(f"{seeds} is not allowed; allowed: 2 to {MAX_SEEDS} seeds (an interval needs two)", "--seeds")


@dataclass
class Outcome:
    """What a plan check did: its runs (the sweep Summary), the table's text, and counts by verdict."""

    summary: object
    text: str | None = None
    counts: dict | None = None


def plan_check(ref: str = "plan-check", out: Path = DEFAULT_OUT, seeds: int = DEFAULT_SEEDS,
               workers: int | None = None, days: int | None = None, residents: int | None = None,
               store_dir: Path = DEFAULT_STORE, progress: bool = True, fn=run_windows, announce=None) -> Outcome:
    """Run (or resume) every run the file's figures need, then write the table to ``out``; ``announce``
    (e.g. ``print``) is told what will run before anything does."""
    from sim.experiments import plan_figures, plan_table
    from sim.experiments.store import atomic_write

    check_seeds(seeds)
    check = plan_figures.load(ref, days, residents)
    specs, layout = plan(check, seeds)
    specs.sort(key=_size, reverse=True)  # the longest first, so the workers finish together
    if announce is not None:
        measured = sum(f.measured for f in check.figures)
        announce(f"plan-check {check.name}: {len(check.figures)} figures, {measured} measured in scenarios; "
                 f"{len(specs)} runs at seeds 1 to {seeds}" + (f", {days} days each" if days else "")
                 + (f", {residents:,} residents each" if residents else ""))
    describe = {"plan_check": check.source, "seeds": seeds, "days": days, "residents": residents,
                "runs": len(specs)}
    summary = run_all(specs, store_dir, workers, progress, describe, fn)
    outcome = Outcome(summary)
    if summary.failed or summary.not_run or summary.stopped:
        return outcome
    measures = measure(check, layout, store_dir)
    text, counts = plan_table.render(check, measures, command(ref, seeds, days, residents), seeds, FRAGILITY)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text.encode())
    outcome.text, outcome.counts = text, counts
    return outcome
