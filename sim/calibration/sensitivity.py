"""Global sensitivity analysis with SALib: which parameters move which KPIs.

A sensitivity file names the parameters (each over a range inside its
declared bounds), the KPIs and how many seeds each design point runs
(``replicates``). SALib draws the design, seeded from the file's seed:

- ``sobol``: Saltelli's extension of Sobol' sequences, ``samples`` * (D + 2)
  points for D parameters (``samples`` a power of 2); the analysis gives each
  parameter's first-order index S1 (the share of the KPI's variance it
  explains alone) and total index ST (alone and in interactions), with 95%
  bootstrap confidence intervals;
- ``morris``: ``samples`` one-at-a-time trajectories over a 4-level grid,
  ``samples`` * (D + 1) points; the analysis gives mu* (mean absolute
  elementary effect: the KPI's change when the parameter moves by 2/3 of its
  range), mu, sigma (spread: interactions or non-linearity) and mu*'s 95%
  interval. Cheap screening: a parameter with mu* near 0 does not matter.

The design points are a sweep (``sim.experiments``): a list design with one
named policy per point, run through the same executors and written to the
same resumable store, so an interrupted analysis resumes where it stopped.
Every point at replicate r runs on the same seed (common random numbers), so
a parameter that changes nothing gets indices of exactly 0, not noise. A
point's KPI is the mean over its replicates. Outputs (``OUT/``): the sweep's
``runs/`` and ``manifest.csv``, ``sample.csv`` (the design), ``indices.csv``
and ``sensitivity.png``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.spec import Study
from sim.errors import UserError
from sim.experiments.spec import DesignSpec, Experiment
from sim.experiments.store import Store, atomic_write

METHODS = ("sobol", "morris")
MORRIS_LEVELS = 4
CONF_LEVEL = 0.95
DEFAULT_SAMPLES = {"sobol": 64, "morris": 10}


def _salib():
    try:
        import SALib  # noqa: F401
    except ImportError:
        raise UserError("needs SALib: pip install govsim (it is a dependency)", "sensitivity") from None


def problem(study: Study) -> dict:
    """SALib's problem: the parameters and their ranges."""
    return {"num_vars": len(study.ranges), "names": [r.name for r in study.ranges],
            "bounds": [[r.lo, r.hi] for r in study.ranges]}


def design(study: Study, method: str, samples: int) -> np.ndarray:
    """The design points (rows) over the parameters (columns), seeded from the study's seed."""
    _salib()
    if method not in METHODS:
        raise UserError(f"'{method}' is not a method; allowed: {', '.join(METHODS)}", "--method")
    if method == "sobol":
        if samples < 2 or samples & (samples - 1):
            raise UserError(f"{samples} is not allowed for sobol; allowed: a power of 2 (32, 64, 128, 256 ...)",
                            "--samples")
        from SALib.sample import sobol

        return sobol.sample(problem(study), samples, calc_second_order=False, seed=study.seed)
    if samples < 2:
        raise UserError(f"{samples} is not allowed for morris; allowed: 2 or more trajectories", "--samples")
    from SALib.sample import morris

    return morris.sample(problem(study), samples, num_levels=MORRIS_LEVELS, seed=study.seed)


def experiment(study: Study, x: np.ndarray, method: str) -> Experiment:
    """The design as a sweep: one named policy per design point (a list design), replicates as given."""
    names = [r.name for r in study.ranges]
    policies = tuple((f"x{i:05d}", {n: float(v) for n, v in zip(names, row)}) for i, row in enumerate(x))
    return Experiment(name=f"{study.name}-{method}", description=study.description, source=study.source,
                      scenario_path=study.scenario_path, base_doc=study.base_doc, seed=study.seed,
                      replicates=study.options["replicates"], kpis=tuple(study.options["kpis"]), fixed=study.fixed,
                      levers=(), uncertainties=(), design=DesignSpec(policies="list"), policies=policies)


def outputs(store: Store, x: np.ndarray, kpis) -> np.ndarray:
    """Each design point's KPIs (mean over replicates); rows as ``x``, one column per KPI."""
    df = store.kpis()
    if df.empty:
        raise UserError("no finished runs to analyse; run the same command again", str(store.root))
    df = df[df["scope"] == "all"]
    means = df.groupby("policy")[list(kpis)].mean()
    missing = len(x) - len(means)
    if missing:
        raise UserError(f"{missing} of {len(x)} design points have no finished run (failed or stopped); run the "
                        "same command again to retry them", str(store.root))
    return means.sort_index().to_numpy(dtype=float)


def analyse(study: Study, method: str, x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """One row per (KPI, parameter): Sobol S1, ST and their intervals, or Morris mu, mu*, sigma, mu*'s interval."""
    _salib()
    prob, rows = problem(study), []
    for j, kpi in enumerate(study.options["kpis"]):
        yj = y[:, j]
        if not np.isfinite(yj).all():
            rows += [{"kpi": kpi, "parameter": n, "note": "KPI undefined at some points (NaN)"} for n in prob["names"]]
            continue
        if method == "sobol":
            from SALib.analyze import sobol

            si = sobol.analyze(prob, yj, calc_second_order=False, conf_level=CONF_LEVEL, seed=study.seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            from SALib.analyze import morris

            si = morris.analyze(prob, x, yj, conf_level=CONF_LEVEL, num_levels=MORRIS_LEVELS, seed=study.seed)
            keys = ("mu", "mu_star", "sigma", "mu_star_conf")
        for i, name in enumerate(prob["names"]):
            rows.append({"kpi": kpi, "parameter": name, **{k: float(si[k][i]) for k in keys}})
    return pd.DataFrame(rows)


def run(study: Study, method: str, samples: int, out: Path, executor: str = "local", workers: int | None = None,
        scheduler: str | None = None, progress: bool = True, fn=None):
    """Run (or resume) the design through the sweep machinery, then analyse it; the sweep summary and the table."""
    from sim.calibration.plots import save_indices
    from sim.experiments.runner import run_one
    from sim.experiments.sweep import sweep

    x = design(study, method, samples)
    exp = experiment(study, x, method)
    summary = sweep(exp, out, executor, workers, scheduler, progress, fn or run_one)
    atomic_write(out / "sample.csv", pd.DataFrame(x, columns=problem(study)["names"]).to_csv(index=False).encode())
    if summary.failed or summary.not_run:
        return summary, None
    table = analyse(study, method, x, outputs(Store(out), x, exp.kpis))
    atomic_write(out / "indices.csv", table.to_csv(index=False).encode())
    save_indices(table, method, out / "sensitivity.png",
                 f"{study.name}: {method} ({len(x)} points x {exp.replicates} seed(s))")
    return summary, table


def format_table(table: pd.DataFrame) -> str:
    """The indices as printed: one line per KPI and parameter."""
    with pd.option_context("display.width", 200, "display.max_rows", None, "display.float_format", "{:.4g}".format):
        return table.to_string(index=False)
