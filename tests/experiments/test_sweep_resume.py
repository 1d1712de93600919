"""The results store: a failing run is recorded while the rest complete; a sweep killed at a random
point resumes with no run lost or done twice; a folder of another experiment is refused."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from exp_helpers import invalid_for_some, tiny

from sim.errors import UserError
from sim.experiments import design, spec
from sim.experiments.runner import run_one
from sim.experiments.store import Store
from sim.experiments.sweep import sweep


def test_failing_run_is_recorded_and_the_rest_complete(tmp_path):
    exp = spec.load(str(tiny(tmp_path, replicates=2)))
    out = tmp_path / "out"
    s = sweep(exp, out, workers=2, progress=False, fn=invalid_for_some)
    # replicate 1 x policy 1 x 2 uncertainty points fail; the other 6 runs complete
    assert (s.total, s.done, s.failed, s.skipped, s.not_run) == (8, 6, 2, 0, 0)
    recs = {r["run_id"]: r for r in Store(out).records()}
    assert len(recs) == 8
    failed = sorted(k for k, r in recs.items() if r["status"] == "failed")
    assert failed == ["p001-u000-r001", "p001-u001-r001"]
    for k in failed:
        assert "residents.digital_literacy_elderly = 7.0 is not allowed" in recs[k]["error"]
        assert "Traceback" in recs[k]["traceback"]
        assert not (out / "runs" / k / "kpis.parquet").exists()
    manifest = pd.read_csv(out / "manifest.csv")
    assert manifest.status.value_counts().to_dict() == {"ok": 6, "failed": 2}
    assert any("2 failed" in line for line in s.lines())

    # again, with runs that work: the failed ones are tried again, nothing else is redone
    before = {k: (out / "runs" / k / "run.json").read_text() for k, r in recs.items() if r["status"] == "ok"}
    s2 = sweep(exp, out, workers=1, progress=False)
    assert (s2.done, s2.failed, s2.skipped, s2.retried) == (2, 0, 6, 2)
    assert {k: (out / "runs" / k / "run.json").read_text() for k in before} == before


def test_folder_of_another_experiment_is_refused(tmp_path):
    exp = spec.load(str(tiny(tmp_path, replicates=1)))
    out = tmp_path / "out"
    store = Store(out)
    store.prepare(exp.document())
    first = design.expand(exp)[0]
    store.save(first, run_one(first))
    assert store.pending(design.expand(exp))[1] == 1
    other = spec.load(str(tiny(tmp_path, "other.toml", replicates=1, seed=2)))
    with pytest.raises(UserError, match="holds run p000-u000-r000 of a different experiment"):
        store.pending(design.expand(other))


def test_runs_made_by_other_model_code_are_kept_and_counted(tmp_path):
    exp = spec.load(str(tiny(tmp_path, replicates=2)))
    out = tmp_path / "out"
    sweep(exp, out, workers=1, progress=False)
    again = sweep(exp, out, workers=1, progress=False)
    assert again.other_code == 0 and not any("other model code" in line for line in again.lines())
    edited = next(iter(_ok_records(out)))
    path = out / "runs" / edited / "run.json"
    rec = json.loads(path.read_text())
    path.write_text(json.dumps({**rec, "code": "0123456789ab"}))  # as if made before a change to the model
    kept = path.read_text()
    s = sweep(exp, out, workers=1, progress=False)
    assert (s.done, s.skipped, s.other_code) == (0, s.total, 1)
    assert any("1 of the skipped runs were made by other model code" in line for line in s.lines())
    assert path.read_text() == kept  # nothing already computed is lost


def _ok_records(out):
    return {r["run_id"]: r for r in Store(out).records() if r["status"] == "ok"}


def test_resume_after_a_kill_at_a_random_point(tmp_path):
    """Kill the whole sweep (driver and workers, as a lost machine) after a random number of runs."""
    seed = int(time.time() * 1000) % 100_000
    rnd = random.Random(seed)
    path = tiny(tmp_path, replicates=6, days=30, residents=2000)  # 24 runs
    exp = spec.load(str(path))
    n = len(design.expand(exp))
    out = tmp_path / "out"
    k = rnd.randint(1, n // 2)
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(path), "--out", str(out),
                             "--workers", "2", "--quiet"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while len(list(out.glob("runs/*/run.json"))) < k and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rnd.uniform(0, 0.2))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = _ok_records(out)
    assert 0 < len(done_before) < n, f"seed {seed}: the kill came after {len(done_before)} of {n} runs"
    stamps = {k: (out / "runs" / k / "run.json").read_bytes() for k in done_before}

    s = sweep(exp, out, workers=2, progress=False)
    assert (s.skipped, s.done, s.failed, s.not_run) == (len(done_before), n - len(done_before), 0, 0), seed
    after = _ok_records(out)
    assert sorted(after) == sorted(x.run_id for x in design.expand(exp))  # none lost
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(after)  # none doubled
    assert {k: (out / "runs" / k / "run.json").read_bytes() for k in done_before} == stamps  # not redone
    # a resumed run's results are those of an uninterrupted run
    for x in rnd.sample(design.expand(exp), 2):
        fresh = pd.read_parquet(io.BytesIO(run_one(x)["kpis"]))
        pd.testing.assert_frame_equal(pd.read_parquet(out / "runs" / x.run_id / "kpis.parquet"), fresh,
                                      check_exact=True)
    assert json.loads((out / "experiment.json").read_text())["name"] == "tiny"
