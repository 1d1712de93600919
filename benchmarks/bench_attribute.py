"""Attribution speed: `govsim attribute shenzhen-partners --seeds 5` at its bundled size, timed by part.

    python benchmarks/bench_attribute.py                                  # 80,000 residents x 365 days, 18 mechanisms
    python benchmarks/bench_attribute.py --residents 4000 --days 60       # a smoke run, ~2 minutes
    python benchmarks/bench_attribute.py --out attribute-shenzhen-partners   # keep the runs (and resume them)

Prints the load average at the start, then: one coalition's run taken apart
in this process (building the world and its warm-up, the days, the KPI
tables, the timeseries), the attribution's wall time (executor start
included, as a user sees it), its runs and runs per minute, the time inside
the runs against the wall time (the rest: workers starting, results written,
the driver), the time to attribute and draw from the finished runs, and the
sampling error it reached: for each headline KPI the largest standard error
over the permutations, and the median, as a share of the package's total
effect. A script, not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def _one_run(plan) -> str:
    """One run of the whole package at seed 1, in this process, by part."""
    import numba

    numba.set_num_threads(1)
    from sim.experiments.runner import _parquet, forget, kpi_table, scenario_of
    from sim.model import GovernanceModel

    spec = plan.specs()[len(plan.coalitions()) - 1] if plan.exact else next(
        s for s in plan.specs() if s.policy_name == "package")
    t0 = time.perf_counter()
    model = GovernanceModel(scenario_of(spec))
    t1 = time.perf_counter()
    model.run()
    t2 = time.perf_counter()
    results = model.results()
    _parquet(kpi_table(results))
    t3 = time.perf_counter()
    _parquet(results.timeseries())
    t4 = time.perf_counter()
    forget(model)
    return (f"one run (the whole package, one thread): build and warm-up {t1 - t0:.2f} s, {plan.days} days "
            f"{t2 - t1:.2f} s, KPI tables {t3 - t2:.2f} s, timeseries {t4 - t3:.2f} s; {t4 - t0:.2f} s in all")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="shenzhen-partners")
    ap.add_argument("--residents", type=int)
    ap.add_argument("--days", type=int)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--permutations", type=int)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, help="the attribution's folder (default: a temporary one, removed)")
    args = ap.parse_args(argv)

    from sim.experiments import attribute

    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}, workers: {args.workers}")
    plan = attribute.prepare(args.scenario, args.seeds, args.days, args.residents, args.permutations)
    print("\n".join(attribute.header(plan, args.permutations, "local", args.workers)))
    print(_one_run(plan))
    with tempfile.TemporaryDirectory(prefix="bench-attribute-") as tmp:
        out = args.out or Path(tmp) / "attribute"
        started = time.perf_counter()
        summary = attribute.run(plan, out, workers=args.workers, progress=False)
        ran = time.perf_counter() - started
        text = attribute.finish(plan, out)
        attributed = time.perf_counter() - started - ran
        if text is None:
            print("\n".join(summary.lines()), file=sys.stderr)
            return 1
        manifest = pd.read_csv(out / "manifest.csv")
        inside = manifest.seconds.sum()
        print("\n".join(summary.lines()))
        print(f"wall time {ran / 60:.1f} min for {summary.done} runs ({summary.skipped} already done): "
              f"{60 * summary.done / ran:.1f} runs/min; a run {manifest.seconds.mean():.2f} s on average inside its "
              f"worker ({manifest.seconds.min():.2f} to {manifest.seconds.max():.2f}); time inside runs / "
              f"(wall x workers) = {inside / (ran * args.workers):.2f}" if summary.done else "nothing run")
        print(f"attributing and drawing from the finished runs: {attributed:.1f} s")
        table = pd.read_csv(out / "attribution.csv")
        overall = table[(table.group == "all") & table.kpi.isin(plan.kpis)]
        lines = []
        for kpi, part in overall.groupby("kpi", sort=False):
            total = part[part.unit == "total"].value.iloc[0]
            se = part[part.unit != "total"].sampling_se.to_numpy()
            share = f" ({100 * se.max() / abs(total):.1f}% of the total)" if total else ""
            lines.append(f"  {kpi}: total {total:+.4g}; sampling error largest {se.max():.3g}{share}, "
                         f"median {np.median(se):.3g}")
        method = json.loads((out / "experiment.json").read_text())["method"]
        print(f"sampling error ({method}):\n" + "\n".join(lines))
        print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
