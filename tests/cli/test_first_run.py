"""A first run on a cold kernel cache says once that it is compiling, and the progress bar's time estimate is
that of simulated days from its first update, not of the compilation inside the first days."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from tqdm import tqdm

from numba.core import event

from sim.run_progress import COMPILING, LOCK, DayTicker, FirstRuns, cache_is_cold

REPO = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "sim.cli", "run", "baseline", "--days", "1", "--residents", "200",
                           "--out", str(tmp_path / "run"), "--overwrite", "--quiet"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)


def test_a_cold_cache_says_it_is_compiling_once_and_a_warm_one_says_nothing(tmp_path):
    cache = tmp_path / "empty-cache"
    cache.mkdir()
    cold = _run(tmp_path, cache)
    assert cold.returncode == 0, cold.stderr
    assert (cold.stdout + cold.stderr).count(COMPILING) == 1
    warm = _run(tmp_path, cache)
    assert warm.returncode == 0, warm.stderr
    assert COMPILING not in warm.stdout + warm.stderr


def test_this_session_cache_is_warm_after_a_run(tmp_path):
    from sim.cli import main

    assert main(["run", "baseline", "--days", "1", "--residents", "200", "--out", str(tmp_path / "r"),
                 "--quiet"]) == 0
    assert not cache_is_cold()


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _eta_after(ticker: bool) -> float:
    """Seconds left the bar estimates, out of 500 days, after days of 0.01 s each where the first two also
    spend 30 s and 5 s in numba's compiler (nested holds of its lock, as a kernel compiling another does)."""
    clock = _Clock()
    bar = tqdm(total=500, file=io.StringIO(), mininterval=0, miniters=1, disable=False)
    bar._time = clock
    bar.reset()
    with DayTicker(bar, clock) as tick:
        step = tick if ticker else (lambda: bar.update(1))
        for day in range(12):
            if day < 2:
                event.start_event(LOCK)
                event.start_event(LOCK)
                clock.now += 30.0 if day == 0 else 5.0
                event.end_event(LOCK)
                event.end_event(LOCK)
            clock.now += 0.01
            step()
            if day == 2 and ticker:
                assert bar.format_dict["elapsed"] < 1  # the clock shown leaves the compiling out too
    rate = bar.format_dict["rate"] or bar.format_dict["n"] / bar.format_dict["elapsed"]
    bar.close()
    return (500 - bar.n) / rate


def test_the_eta_is_that_of_simulated_days_from_the_first_update():
    assert _eta_after(ticker=True) < 10  # 488 days at 0.01 s: about 5 s
    assert _eta_after(ticker=False) > 60  # what a bar timed through the compiling said (the 1:10:59)


def test_the_ticker_stops_listening_when_left():
    bar = tqdm(total=5, file=io.StringIO(), disable=False)
    with DayTicker(bar) as tick:
        pass
    event.start_event(LOCK)
    event.end_event(LOCK)
    assert tick.compiling == 0
    bar.close()


def test_a_sweeps_bar_shows_no_time_left_until_every_worker_has_started_then_a_sane_one():
    clock = _Clock()
    bar = tqdm(total=100, file=io.StringIO(), mininterval=0, miniters=1, disable=False)
    bar._time = clock
    bar.reset()
    finished = FirstRuns(bar, workers=2)
    clock.now += 30.0  # both workers compile, then finish their first run
    finished()
    assert "workers starting" in str(bar) and "<" not in str(bar)  # no estimate of the time left yet
    finished()
    for _ in range(10):
        clock.now += 0.1  # two workers: a run every 0.1 s
        finished()
    assert bar.n == 12 and "workers starting" not in str(bar)
    left = (100 - bar.n) / bar.format_dict["rate"]
    assert 4 < left < 15  # 88 runs at 0.1 s
    bar.close()
