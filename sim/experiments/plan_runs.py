"""One run of ``govsim plan-check``, in a worker: its KPIs by window and scope (``run_windows(spec)``).

A plain top-level function of a sweep ``RunSpec``, as the sweep's
``runner.run_one``, so the sweep's executors can pickle and call it. It keeps
more than ``run_one``'s whole-run KPIs: each KPI over the whole run and over
its last 365 days (the plan's "after 2 years" is the last year of a two-year
run), for all residents, each resident group and each roll-out stage
(``window_table``), so that any figure of the plan-check file can be read
from a finished run without running it again. ``sim.experiments.plan_check``
hashes this module with the model (a change here makes new runs).
"""

from __future__ import annotations

import io
import time
import traceback

import numpy as np

WINDOWS = ("run", "last_year")  # the whole run; its last 365 days
YEAR = 365


def window_table(results):
    """A run's KPIs by window (the whole run; its last 365 days) and scope (all; each resident group;
    each roll-out stage): columns ``window, scope, name`` and one per KPI."""
    import pandas as pd

    from sim.components.rollout import STAGES
    from sim.enums import Group
    from sim.registry import kpi_names
    from sim.results import kpi_values

    rows = []
    n = results.acc.shape[0]
    for window in WINDOWS:
        start = 0 if window == "run" else max(0, n - YEAR)
        acc, ledger = results.acc[start:], results.ledger[start:]
        rows.append({"window": window, "scope": "all", "name": "all", **kpi_values(acc),
                     "cost_yuan": float(ledger.sum())})
        for g in Group:
            if g != Group.CHILD:
                rows.append({"window": window, "scope": "group", "name": g.label,
                             **kpi_values(acc[:, :, g: g + 1], by_group_only=True)})
        stages = np.asarray(results.stages) if results.stages is not None else np.array([])
        for stage in STAGES:
            mine = np.flatnonzero(stages == stage)
            if len(mine):
                rows.append({"window": window, "scope": "stage", "name": stage, **kpi_values(acc[:, mine]),
                             "cost_yuan": float(ledger[:, mine].sum())})
    df = pd.DataFrame(rows)
    for k in kpi_names():
        if k not in df:
            df[k] = np.nan
    return df[["window", "scope", "name", *kpi_names()]]


def _parquet(df) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def run_windows(spec) -> dict:
    """Run one spec (as the sweep's ``run_one`` does); its ``window_table`` and timeseries as parquet bytes,
    or its error (recorded, not raised)."""
    from sim.experiments.store import code_fingerprint

    started = time.perf_counter()
    out = {"run_id": spec.run_id, "status": "ok", "error": None, "traceback": None, "kpis": None,
           "timeseries": None}
    try:
        import numba

        numba.set_num_threads(1)
        from sim.experiments.runner import forget, scenario_of
        from sim.model import GovernanceModel

        model = GovernanceModel(scenario_of(spec))
        try:
            results = model.run().results()
            out["kpis"] = _parquet(window_table(results))
            out["timeseries"] = _parquet(results.timeseries())
        finally:
            forget(model)
    except Exception as e:  # recorded, not raised: the other runs go on
        out.update(status="failed", error=" ".join(f"{type(e).__name__}: {e}".split())[:500],
                   traceback=traceback.format_exc())
    out["code"] = code_fingerprint()
    out["seconds"] = time.perf_counter() - started
    return out
