"""How long `govsim optimize` takes on the bundled example, from an empty folder.

    PYTHONPATH=. python benchmarks/bench_optimize.py                  # optimize-budget: 100 trials, 2 workers
    PYTHONPATH=. python benchmarks/bench_optimize.py --trials 8       # a smoke run
    PYTHONPATH=. python benchmarks/bench_optimize.py --out /tmp/opt   # keep the results folder

It is a script, not a test: it runs the search exactly as the command does
(the status quo, the trials, the recommended policy on fresh seeds), prints
the command's report, then the wall time, the runs and runs per second, and
the seconds per run per worker (what a run costs with everything around it:
process pool, Optuna's SQLite study, the store). The folder starts empty, so
nothing is skipped; numba's kernels come from its on-disk cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from sim.experiments import optimize, optimize_report, optimize_spec

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default="optimize-budget", help="an optimize file (default: the bundled one)")
    ap.add_argument("--trials", type=int, help="trials (default: the file's)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--out", type=Path, help="results folder, kept (default: a temporary one, removed)")
    args = ap.parse_args()

    search = optimize_spec.load(args.file)
    trials = args.trials or search.trials
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-optimize-"))
    if out.exists() and any(out.iterdir()):
        sys.exit(f"{out} is not empty: the benchmark starts from nothing")
    residents = sum(c["residents"] for c in search.base_doc["communities"])
    print(f"{search.name}: {trials} trials x {search.samples} samples x {search.seeds} seeds, {residents:,} residents, "
          f"{search.days} days; {args.workers} workers; load average at start {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    outcome = optimize.optimize(search, out, trials, workers=args.workers, progress=False)
    seconds = time.perf_counter() - started
    print("\n".join(outcome.lines()))
    if outcome.report:
        print("\n".join(optimize_report.lines(search, outcome)))
    runs = outcome.runs.done
    search_runs = trials * search.samples * search.seeds
    print(f"\ntime: {seconds:.0f} s ({seconds / 60:.1f} min) for {runs} runs ({search_runs} of the trials, "
          f"{search.samples * search.seeds} of the status quo, the rest the recommended policy and the status quo "
          f"on fresh seeds)")
    print(f"runs per second: {runs / seconds:.2f}; seconds per run per worker: {seconds * args.workers / runs:.2f}")
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
