"""Helpers for the policy-search tests: a small optimize file and a stand-in model whose optimum is known.

``known_world`` replaces a simulation (``optimize(fn=...)``) with closed forms
of the levers, the uncertainty and the seed, so the best policy under a budget
can be worked out by hand. It lives in an importable module (pytest puts this
folder on ``sys.path``, which ``spawn`` passes on) so that worker processes can
call it. With ``GOVSIM_TEST_RUNLOG`` set, each call appends its run id to that
file: a test counts what ran, and that nothing ran twice.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from sim.experiments.store import code_fingerprint

# Each resident group's offset from the satisfaction of all residents: new citizens are worst off.
OFFSETS = {"elderly_alone": 0.02, "elderly_family": 0.01, "working_adult": 0.03, "young_parent": 0.0,
           "new_citizen": -0.05}
WORKER_YUAN = 100_000.0  # what the world charges per grid worker a run
FIXED_YUAN = 50_000.0  # and what it charges whatever the levers


def satisfaction(workers: int, literacy: float) -> float:
    """All residents' satisfaction: up 0.02 a grid worker, up with the elderly's digital literacy."""
    return 0.6 + 0.02 * workers + 0.1 * (literacy - 0.3)


def known_world(spec) -> dict:
    """A run of the stand-in world: KPI rows for all residents and each group, like ``run_kpis``."""
    if log := os.environ.get("GOVSIM_TEST_RUNLOG"):
        with open(log, "a") as f:
            f.write(spec.run_id + "\n")
    workers = spec.params.get("grids.workers_per_grid", 1)
    sat = satisfaction(workers, spec.params["residents.digital_literacy_elderly"])
    noise = (spec.seed % 1000) * 1e-7  # seeds differ a little; candidates at one seed do not
    cost = FIXED_YUAN + WORKER_YUAN * workers  # the files run a year: the run's cost is its yearly cost
    base = {"satisfaction": sat + noise, "close_days": 3.0 - 0.1 * workers, "unmet_need_share": 0.1,
            "cost_yuan": cost, "cost_yuan_year": cost}
    rows = [{"scope": "all", "name": "all", **base}]
    rows += [{"scope": "group", "name": g, **base, "satisfaction": base["satisfaction"] + off, "cost_yuan": None,
              "cost_yuan_year": None} for g, off in OFFSETS.items()]
    buf = io.BytesIO()
    pd.DataFrame(rows).to_parquet(buf, index=False)
    return {"run_id": spec.run_id, "status": "ok", "error": None, "traceback": None, "kpis": buf.getvalue(),
            "timeseries": None, "code": code_fingerprint(), "seconds": 0.0}


KNOWN = """\
name = "known"
scenario = "baseline"
residents = 1000
days = 365
seed = 3
seeds = 2
samples = 3
trials = {trials}
trials_at_once = 3
check_seeds = 2
{budget}
target = {{ kpi = "satisfaction", aggregate = "worst_group", min = {target} }}

[levers]
grids.workers_per_grid = {{ lo = 0, hi = 10 }}

[uncertainties]
residents.digital_literacy_elderly = {{ lo = 0.1, hi = 0.5 }}

[[objectives]]
kpi = "satisfaction"
direction = "maximize"
aggregate = "worst_group"

[[objectives]]
kpi = "extra_cost"
direction = "minimize"
"""


def known(folder: Path, trials: int = 24, budget: str = "budget_yuan_year = 700000", target: float = 0.65,
          name: str = "known.toml") -> Path:
    """An optimize file over the stand-in world: one integer lever (grid workers, 0 to 10; 1 in the status quo,
    costing 150,000 yuan a year), a total budget of 700,000 yuan a year, so at most 6 workers."""
    path = Path(folder) / name
    path.write_text(KNOWN.format(trials=trials, budget=budget, target=target))
    return path
