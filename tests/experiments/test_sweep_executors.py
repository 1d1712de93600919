"""The same sweep gives bit-identical results on 1 or 2 local workers and on a Dask LocalCluster."""

from __future__ import annotations

import pandas as pd
import pytest
from exp_helpers import tiny

from sim.experiments import spec
from sim.experiments.store import Store
from sim.experiments.sweep import sweep

pytest.importorskip("distributed")


def _frames(out):
    store = Store(out)
    return {r["run_id"]: (pd.read_parquet(store.run_dir(r["run_id"]) / "kpis.parquet"),
                          pd.read_parquet(store.run_dir(r["run_id"]) / "timeseries.parquet"))
            for r in store.records()}


def test_results_identical_across_workers_and_executors(tmp_path):
    exp = spec.load(str(tiny(tmp_path, replicates=2)))
    results = {}
    for label, kind, workers in (("local1", "local", 1), ("local2", "local", 2), ("dask2", "dask", 2)):
        s = sweep(exp, tmp_path / label, executor=kind, workers=workers, progress=False)
        assert (s.done, s.failed) == (8, 0), label
        results[label] = _frames(tmp_path / label)
    ref = results["local1"]
    assert len(ref) == 8
    for label in ("local2", "dask2"):
        assert sorted(results[label]) == sorted(ref)
        for run_id, (kpis, ts) in ref.items():
            pd.testing.assert_frame_equal(results[label][run_id][0], kpis, check_exact=True)
            pd.testing.assert_frame_equal(results[label][run_id][1], ts, check_exact=True)
    # the runs differ from each other (the comparison above is not vacuous)
    kpis = {k: tuple(v[0].loc[v[0].scope == "all", ["close_days", "counter_wait_min"]].iloc[0]) for k, v in ref.items()}
    assert len(set(kpis.values())) == len(kpis)


def test_dask_scheduler_address_and_threaded_workers_give_the_same_results(tmp_path):
    """--scheduler ADDR: a running cluster whose worker has two threads (runs in one process take turns)."""
    from distributed import LocalCluster

    exp = spec.load(str(tiny(tmp_path, replicates=1)))
    sweep(exp, tmp_path / "local", workers=1, progress=False)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        s = sweep(exp, tmp_path / "remote", executor="dask", scheduler=cluster.scheduler_address, progress=False)
    assert (s.done, s.failed) == (4, 0)
    ref, got = _frames(tmp_path / "local"), _frames(tmp_path / "remote")
    assert sorted(got) == sorted(ref)
    for run_id, (kpis, ts) in ref.items():
        pd.testing.assert_frame_equal(got[run_id][0], kpis, check_exact=True)
        pd.testing.assert_frame_equal(got[run_id][1], ts, check_exact=True)
