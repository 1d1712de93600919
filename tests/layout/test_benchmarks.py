"""The developer's measuring tools still run on the current code (no timing here: only that they work)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_engine_benchmark_runs_with_the_mesa_reference_and_every_mechanism():
    out = _run("benchmarks/bench_engine.py", "--quick", "--all-mechanisms")
    assert "ratio_vs_mesa" in out


def test_the_bit_identity_fingerprints_are_repeatable():
    args = ("benchmarks/hash_results.py", "--days", "5", "--residents", "400", "baseline", "baseline+every-mechanism")
    first, second = _run(*args), _run(*args)
    assert first == second and len(first.splitlines()) == 2


def test_the_attribution_benchmark_runs_on_a_small_package():
    out = _run("benchmarks/bench_attribute.py", "--scenario", "hangzhou-eldercare", "--residents", "2000", "--days",
               "20", "--seeds", "2")
    assert "8 runs: 8 done now" in out and "sampling error (exact" in out and "runs/min" in out
