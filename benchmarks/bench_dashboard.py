"""How long the dashboard takes for one simulated day at workshop sizes: step plus every redraw.

For each size, a ``WorkshopModel`` (the policy and its baseline, stepped in
lockstep, each with its unmet-need-by-grid tracker) of the ``shanghai-centre``
scenario is warmed up for a month, then each timed day does what the
dashboard does after Step: step both runs, then build every panel -- the KPI
lines and the by-group breakdown as the Vega-Lite JSON the browser draws
(``sim.viz.vega``; the browser's own drawing is not timed), the KPI table, and
the community map (coloured by unmet need) drawn and encoded as PNG at the
dashboard's dpi (daily for a few communities, weekly for a city's mosaic, as
the page does: ``charts.map_every``). The page draws only the open tab's two panels, so this is an
upper bound. The median
and the worst of the timed days are printed, split into stepping and
drawing. It is a script, not a test: it prints and exits 0.

    PYTHONPATH=. python benchmarks/bench_dashboard.py            # 1,000 / 3,000 / 10,000 residents
    PYTHONPATH=. python benchmarks/bench_dashboard.py --quick    # 3,000 only, fewer days
    PYTHONPATH=. python benchmarks/bench_dashboard.py --scenario city-rollout   # 60 communities
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time

from sim.viz import charts, vega
from sim.viz.components import PNG_DPI
from sim.viz.workshop_model import WorkshopModel


def _png(fig) -> None:
    fig.savefig(io.BytesIO(), format="png", dpi=PNG_DPI)


def one_day(wm) -> tuple[float, float]:
    """Seconds to step both runs, and to draw every panel of the page."""
    t0 = time.perf_counter()
    wm.step()
    t1 = time.perf_counter()
    json.dumps(vega.kpi_lines_spec(wm))  # the line and bar charts: Vega-Lite specs, drawn by the browser
    charts.kpi_table(wm)
    json.dumps(vega.group_spec(wm))
    if wm.day % charts.map_every(wm) == 0:  # as the page: a city's map weekly, a few communities' daily
        _png(charts.community_map(wm, charts.UNMET))
    return t1 - t0, time.perf_counter() - t1


def bench(residents: int, days: int, warmup: int = 30, scenario: str = "shanghai-centre") -> dict:
    wm = WorkshopModel(scenario, residents=residents)
    for _ in range(warmup):
        wm.step()
    one_day(wm)  # first draw: fonts and caches
    times = [one_day(wm) for _ in range(days)]
    total = [a + b for a, b in times]
    return {"residents": residents, "median_s": statistics.median(total), "max_s": max(total),
            "step_s": statistics.median(a for a, _ in times), "draw_s": statistics.median(b for _, b in times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--scenario", default="shanghai-centre", help="a bundled scenario (city-rollout: 60 communities)")
    args = ap.parse_args()
    sizes, days = ((3000,), 5) if args.quick else ((1000, 3000, 10000), 15)
    if args.scenario == "city-rollout":
        sizes = tuple(n for n in sizes if n >= 3000)  # 60 communities of at least 20 residents each
    print(f"one dashboard day (step policy + baseline, redraw every panel), {args.scenario}, {days} timed days")
    print(f"{'residents':>10} {'median s':>9} {'worst s':>8} {'step s':>8} {'draw s':>8}")
    for n in sizes:
        r = bench(n, days, scenario=args.scenario)
        print(f"{r['residents']:>10,} {r['median_s']:>9.3f} {r['max_s']:>8.3f} {r['step_s']:>8.4f} {r['draw_s']:>8.3f}")


if __name__ == "__main__":
    main()
