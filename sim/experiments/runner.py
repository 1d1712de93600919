"""One run of a sweep, anywhere: ``run_one(spec) -> dict``.

A plain top-level function of plain data, so any ``concurrent.futures``
executor (a local process pool, a Dask cluster) can pickle and call it. It
builds the scenario from the spec (the base document plus this run's values
and seed), runs it and returns its results as parquet bytes: the KPIs
(overall, by resident group and by community) and the daily timeseries
(``run_kpis``: the KPIs alone, for a policy search's many runs). The
results come back to the process that drives the sweep, which alone writes
the results folder; workers on other machines need no shared disk, and a
worker lost mid-run leaves nothing half-written.

A run that raises returns ``status = "failed"`` with its error (one line) and
traceback instead of raising, so the sweep records it and goes on.

Numba runs one thread per run: runs are the parallel unit, and threads
within each worker would only fight over the cores. A lock keeps runs in one
process one at a time (a Dask worker with several threads), because numba's
default threading layer must not launch parallel kernels from two threads at
once.
"""

from __future__ import annotations

import io
import threading
import time
import traceback

_LOCK = threading.Lock()


def _parquet(df) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def kpi_table(results):
    """One row per scope (all, each resident group, each community), one column per KPI."""
    import numpy as np
    import pandas as pd

    from sim.registry import kpi_names

    names = kpi_names()
    rows = [{"scope": "all", "name": "all", **results.kpis()}]
    rows += [{"scope": "group", "name": g, **k} for g, k in results.kpis_by_group().items()]
    rows += [{"scope": "community", "name": c, **k} for c, k in results.kpis_by_community().items()]
    df = pd.DataFrame(rows)
    for k in names:  # every KPI a column, NaN where a scope has none (costs by group)
        if k not in df:
            df[k] = np.nan
    return df[["scope", "name", *names]]


def scenario_of(spec):
    """The validated scenario of a run spec."""
    from sim import scenario as sc
    from sim.experiments.spec import apply

    doc = apply(spec.base_doc, spec.params)
    doc["seed"] = spec.seed
    return sc.from_document(doc, f"run {spec.run_id}", doc.get("name") or "scenario")


def forget(model) -> None:
    """Let a finished model be freed. Mesa 3.3 keeps every model alive in ``Agent._ids``, a class-level dict
    keyed by model (mesa issue #3179), so a worker's memory would grow by a run's counters with each run
    (7 GB after some twenty runs of the city roll-out)."""
    import gc

    from mesa import Agent

    getattr(Agent, "_ids", {}).pop(model, None)
    gc.collect()  # the model and its agents refer to each other: only the cycle collector frees them


def run_one(spec) -> dict:
    """Run one spec; its KPIs and timeseries as parquet bytes, or its error."""
    return _execute(spec, timeseries=True)


def run_kpis(spec) -> dict:
    """``run_one`` without the daily timeseries (``timeseries`` is None): a search needs each run's KPIs only."""
    return _execute(spec, timeseries=False)


def _execute(spec, timeseries: bool) -> dict:
    started = time.perf_counter()
    out = {"run_id": spec.run_id, "status": "ok", "error": None, "traceback": None,
           "kpis": None, "timeseries": None}
    with _LOCK:
        try:
            import numba

            numba.set_num_threads(1)
            from sim.model import GovernanceModel

            model = GovernanceModel(scenario_of(spec))
            try:
                results = model.run().results()
                out["kpis"] = _parquet(kpi_table(results))
                if timeseries:
                    out["timeseries"] = _parquet(results.timeseries())
            finally:
                forget(model)
        except Exception as e:  # recorded, not raised: the sweep goes on
            out.update(status="failed", error=" ".join(f"{type(e).__name__}: {e}".split())[:500],
                       traceback=traceback.format_exc())
    from sim.experiments.store import code_fingerprint

    out["code"] = code_fingerprint()  # the code that ran it: on a cluster, the worker's
    out["seconds"] = time.perf_counter() - started
    return out
