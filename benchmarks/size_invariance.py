"""Per-capita results at several simulated sizes: do they stay put when only the size changes?

Runs one scenario (``baseline`` by default) scaled to several total sizes
(``--factors`` times its own residents, as ``govsim run --residents`` scales
it: every community in proportion) over several seeds, and prints, as a
Markdown table, each KPI's mean over the seeds at each size. Then it checks
the size-invariance acceptance (DESIGN "Numbers a planner can trust"):

- ``satisfaction`` moves by at most 0.01 across the sizes;
- ``close_days`` moves by at most 10% (largest over smallest size mean);
- ``counter_wait_min`` never grows with size (pooling in a bigger centre may
  shorten it).

    PYTHONPATH=. python benchmarks/size_invariance.py                        # baseline, 0.5-4x, seeds 1-3, 365 days
    PYTHONPATH=. python benchmarks/size_invariance.py --days 120 --seeds 1 2
    PYTHONPATH=. python benchmarks/size_invariance.py --set one_stop.enabled=true --workers 2

It is a script, not a test: it prints a report and exits 0.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

KPIS = ("satisfaction", "satisfaction_mean", "close_days", "response_days", "closed_within_3d", "unmet_need_share",
        "abandoned_share", "mediation_success", "counter_wait_min", "visits_per_errand", "counter_turned_away_share")


def one_run(scenario: str, residents: int, seed: int, days: int, sets: list[str]) -> dict[str, float]:
    from sim import scenario as sc
    from sim.model import GovernanceModel

    s = sc.load(scenario, sets=sets, residents=residents, days=days, seed=seed)
    return GovernanceModel(s).run().results().kpis()


def checks(table: dict[int, dict[str, float]]) -> list[str]:
    """The acceptance lines, one per KPI checked, each ending in ok or FAIL."""
    sizes = sorted(table)
    out = []
    sat = [table[n]["satisfaction"] for n in sizes]
    spread = max(sat) - min(sat)
    out.append(f"satisfaction moves by {spread:.4f} (at most 0.01): {'ok' if spread <= 0.01 else 'FAIL'}")
    close = [table[n]["close_days"] for n in sizes]
    rel = max(close) / min(close) - 1.0
    out.append(f"close_days moves by {100 * rel:.1f}% (at most 10%): {'ok' if rel <= 0.10 else 'FAIL'}")
    wait = [table[n]["counter_wait_min"] for n in sizes]
    grows = [f"{a:,} -> {b:,}" for a, b, x, y in zip(sizes, sizes[1:], wait, wait[1:]) if y > x]
    out.append("counter_wait_min " + (f"grows ({', '.join(grows)}): FAIL" if grows else "never grows with size: ok"))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="baseline", help="a bundled scenario name or a .toml file")
    ap.add_argument("--base", type=int, help="the residents of size 1x (default: the scenario's own)")
    ap.add_argument("--factors", type=float, nargs="+", default=[0.5, 1.0, 2.0, 4.0], help="sizes, times --base")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--set", action="append", default=[], help="key=value, as govsim run --set (repeatable)")
    ap.add_argument("--kpis", nargs="+", default=list(KPIS))
    ap.add_argument("--workers", type=int, default=1, help="runs side by side (processes)")
    args = ap.parse_args(argv)

    from sim import scenario as sc

    base = args.base or sc.load(args.scenario).residents
    sizes = sorted({int(round(f * base)) for f in args.factors})
    jobs = [(args.scenario, n, seed, args.days, args.set) for n in sizes for seed in args.seeds]
    started = time.perf_counter()
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as pool:
            runs = list(pool.map(one_run, *zip(*jobs)))
    else:
        runs = [one_run(*job) for job in jobs]
    by_size: dict[int, list[dict]] = {n: [] for n in sizes}
    for job, kpis in zip(jobs, runs):
        by_size[job[1]].append(kpis)
    table = {n: {k: float(np.nanmean([r[k] for r in rs])) for k in {*args.kpis, *KPIS}} for n, rs in by_size.items()}

    sets = f", --set {' '.join(args.set)}" if args.set else ""
    print(f"{args.scenario}, {args.days} days, mean over seeds {' '.join(map(str, args.seeds))}{sets} "
          f"({time.perf_counter() - started:.0f} s)\n")
    print("| KPI | " + " | ".join(f"{n:,} ({n / base:g}x)" for n in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for k in args.kpis:
        print(f"| {k} | " + " | ".join(f"{table[n][k]:.3f}" for n in sizes) + " |")
    print()
    for line in checks(table):
        print(line)


if __name__ == "__main__":
    main()
