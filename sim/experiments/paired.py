"""Two scenarios over paired seeds: ``govsim compare A B --seeds N``.

Both scenarios run at the same seeds (1 to N: common random numbers, so each
pair differs only by what the two scenarios set differently), on the sweep's
executors (``sim.experiments.executors``: a local process pool, or Dask).
Each run is the sweep's ``run_one`` of a spec with no lever values, so a run
here is bit for bit the run ``govsim run A --seed s`` makes, on any executor
and any number of workers. The pairs then go to the same paired comparison
as two folders of runs (``sim.experiments.compare``): each KPI's mean
difference with its t interval, overall and by resident group.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from sim.errors import UserError

MAX_SEEDS = 1000


def is_scenario_ref(ref: str) -> bool:
    """Whether a ``govsim compare`` argument names a scenario (a bundled name or a TOML file), not a folder."""
    from sim import files

    path = Path(ref)
    if path.is_dir():
        return False
    return path.is_file() or ref in files.bundled("scenarios")


def check_seeds(seeds: int) -> None:
    """Refuse a number of paired seeds out of range, in one line."""
    if not 1 <= seeds <= MAX_SEEDS:
        raise UserError(f"{seeds} is not allowed; allowed: 1 to {MAX_SEEDS} paired seeds", "--seeds")


def _spec(label: str, doc: dict, seed: int):
    from sim.experiments.design import RunSpec, run_fingerprint

    return RunSpec(f"{label}-s{seed:04d}", doc, {}, seed, 0, label, 0, seed - 1, run_fingerprint(doc, {}, seed))


def _kpi_rows(kpis_parquet: bytes, seed: int) -> pd.DataFrame:
    df = pd.read_parquet(io.BytesIO(kpis_parquet))
    df = df[df.scope.isin(["all", "group"])].drop(columns="scope").rename(columns={"name": "group"})
    df.insert(0, "seed", seed)
    return df


def labels(a: str, b: str) -> tuple[str, str]:
    """Short names of the two scenarios (file stems or bundled names; ``A``/``B`` suffixes if equal)."""
    la, lb = Path(a).stem, Path(b).stem
    return (la, lb) if la != lb else (f"{la}-A", f"{lb}-B")


def run_pairs(a: str, b: str, seeds: int, days: int | None = None, residents: int | None = None,
              executor: str = "local", workers: int | None = None, scheduler: str | None = None,
              progress=None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Run scenarios ``a`` and ``b`` at seeds 1..``seeds``; each side's KPI rows (seed, group, KPIs) and the
    two scenarios' facts (names, communities, residents, days, the mechanisms switched on)."""
    from sim import scenario as sc
    from sim.experiments.executors import open_executor
    from sim.experiments.runner import run_one

    from sim import capacity, registry

    check_seeds(seeds)
    la, lb = labels(a, b)
    loaded = {side: sc.load(ref, residents=residents, days=days) for side, ref in ((la, a), (lb, b))}
    for ref, scenario in zip((a, b), loaded.values()):
        capacity.check_scenario(scenario, capacity.copies(executor, workers), str(ref))
    docs = {side: sc.to_document(s) for side, s in loaded.items()}
    specs = [_spec(side, docs[side], seed) for seed in range(1, seeds + 1) for side in (la, lb)]
    results: dict[str, list] = {la: [], lb: []}
    with open_executor(executor, workers, scheduler) as (pool, _):
        futures = {pool.submit(run_one, s): s for s in specs}
        for future in futures:  # in submission order: the tables come out the same whatever finishes first
            spec, out = futures[future], future.result()
            if out["status"] != "ok":
                raise UserError(f"run {spec.run_id} failed: {out['error']}", "compare")
            results[spec.policy_name].append(_kpi_rows(out["kpis"], spec.seed))
            if progress is not None:
                progress(spec)
    facts = {side: {"name": s.name, "communities": [c.name for c in s.communities], "residents": s.residents,
                    "days": s.days, "mechanisms": [p.SECTION for p in registry.active(s.params)]}
             for side, s in loaded.items()}
    return (pd.concat(results[la], ignore_index=True), pd.concat(results[lb], ignore_index=True),
            {"labels": (la, lb), **facts})


def population_note(facts: dict) -> str | None:
    """A note when the two scenarios simulate different communities or lengths (not a policy pair)."""
    from sim.experiments.compare import world_note

    la, lb = facts["labels"]
    keep = ("communities", "residents", "days")
    return world_note("scenarios", {k: facts[la][k] for k in keep}, {k: facts[lb][k] for k in keep})
