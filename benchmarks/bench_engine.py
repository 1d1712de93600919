"""Side-by-side speed: idiomatic Mesa agents vs this project's engine.

What is compared, on the bundled ``baseline`` scenario scaled to N residents
(``load("baseline", residents=N)``):

* **mesa** -- the resident-day rules written the idiomatic Mesa way: one
  ``mesa.Agent`` per resident, in a ``mesa.Model`` whose ``step()`` calls
  ``self.agents.shuffle_do("step")``. Each agent, in plain Python with
  ``self.model.random``: draws whether a need arises today (competing
  hazards: ``p_any = 1 - exp(-sum of daily rates)``, type picked in
  proportion to the rates), and if so picks a channel with the intake logit
  (same utilities and coefficients; walk-in offered on working days only),
  remembers it as ``last_channel``, and applies the unmet-need experience
  update to satisfaction and trust when the channel is NONE.
* **kernels** -- this project's full ``GovernanceModel.step()``: the same
  rules as numba kernels *plus* everything the Mesa side leaves out (request
  creation and routing, counters, handler queues, bounces, closure,
  institutions, recording).

Why it is fair (if anything, it favours Mesa):
* same population (agents' attributes copied from a built GovernanceModel)
  and same rule tables (``yearly_rates``/``hazard_tables``, intake
  ``coefficients``, the Intake component's channel availability, experience
  ``vector``), turned into Python lists once so agents pay no numpy overhead;
* the kernels side does strictly more work per day (all request handling);
* no compile time is timed: a 1-year run of 1,000 residents first compiles
  (or loads from numba's cache) every kernel, monthly ones included, and each
  run then gets one untimed warm-up step; each rate is the best of a few
  timed passes, to damp noise from other processes;
* the model is built with its warm-up (``sim.components.warmup``: the days
  before day 0 it lives when built, untimed here), so the timed days start
  from queues in steady state; what the warm-up adds to a 365-day run is
  measured apart, built and run with and without it;
* a check (needs per 1000 resident-days, share unmet) shows both sides run
  the same rules. Also printed: bytes per resident, peak-RSS growth, and each
  phase's share of ``step()`` time (from a separate instrumented pass).

Run:  PYTHONPATH=. python benchmarks/bench_engine.py [--quick] [--threads N]
"""

import argparse
import math
import os
import resource
import time

import mesa
import numba
import numpy as np

from mesa_mechanisms import MesaCommunityWithMechanisms
from mesa_reference import MesaCommunity
from sim.kernels import slots
from sim.model import GovernanceModel
from sim.phases import NAMES
from sim.scenario import load

def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; 0 elsewhere)."""
    statm = "/proc/self/statm"
    return int(open(statm).read().split()[1]) * resource.getpagesize() / 2**20 if os.path.exists(statm) else 0.0


def peak_mb() -> float:  # ru_maxrss is in KB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(step, days: int, repeats: int) -> float:
    """Seconds per ``days`` steps: the best of ``repeats`` passes (the caller warms up)."""
    best = math.inf
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(days):
            step()
        best = min(best, time.perf_counter() - t)
    return best


def phase_shares(gm, days: int) -> dict:
    """Share of the day's time per phase, over ``days`` more days (as ``step()`` runs them)."""
    spent = dict.fromkeys(NAMES, 0.0)
    for _ in range(days):
        if gm.day >= gm.acc.shape[0]:
            gm.acc = np.concatenate([gm.acc, np.zeros_like(gm.acc)])
        for phase in NAMES:
            t = time.perf_counter()
            for hook in gm._hooks[phase]:
                hook()
            spent[phase] += time.perf_counter() - t
        gm.day += 1
    total = sum(spent.values())
    return {k: v / total for k, v in sorted(spent.items(), key=lambda kv: -kv[1]) if v / total >= 0.005}


def warmup_cost(n: int, repeats: int) -> tuple[int, float, float]:
    """The default warm-up's days, and seconds to build and run a 365-day run of ``n`` residents with it and
    without it (``warmup.days=0``), each the best of ``repeats``."""
    best = {}
    for extra in ([], ["warmup.days=0"]):
        scenario = load("baseline", residents=n, days=365, sets=[*MECHANISMS, *extra])
        best[bool(extra)] = min(_seconds(lambda s=scenario: GovernanceModel(s).run()) for _ in range(repeats))
    return load("baseline", residents=n, days=1).params["warmup.days"], best[False], best[True]


def _seconds(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


MECHANISMS: list[str] = []  # --set overrides for both sides (``--mechanisms`` / ``--all-mechanisms``)
# The plan's service-delivery mechanisms (docs/plan.md 1-9 and 16), whose per-resident daily rules the Mesa
# side also runs with ``--mechanisms`` (benchmarks/mesa_mechanisms.py).
SERVICE_DELIVERY = ("one_stop", "data_sharing", "first_contact", "whistle", "grid", "platform", "digital_inclusion",
                    "eldercare", "timebank", "social_workers")


def kernels_run(n: int, days: int, repeats: int, phase_days: int = 0):
    gm = GovernanceModel(load("baseline", residents=n, days=1 + days * repeats + phase_days, sets=MECHANISMS))
    gm.step()  # warm-up day 0, not timed, not counted
    secs = timed(gm.step, days, repeats)
    return gm, n * days / secs, phase_shares(gm, phase_days)


def mesa_run(n: int, days: int, repeats: int):
    gm = GovernanceModel(load("baseline", residents=n, days=1, sets=MECHANISMS))
    before = rss_mb()
    mm = (MesaCommunityWithMechanisms if MECHANISMS else MesaCommunity)(gm)
    bytes_per = (rss_mb() - before) * 2**20 / n
    mm.step()  # warm-up day 0, not timed, not counted
    mm.needs = mm.unmet = 0
    extra = mechanism_counts(mm)
    secs = timed(mm.step, days, repeats)
    extra = {k: v - extra[k] for k, v in mechanism_counts(mm).items()}
    return n * days / secs, mm.needs, mm.unmet, bytes_per, extra


# The mechanisms' events both sides count: the Mesa model's attribute and the kernels' counter.
MECHANISM_EVENTS = (("incidents", "falls.incidents_started"), ("learned", "learning.learned_peer"),
                    ("found", "grid.found"))


def mechanism_counts(mm) -> dict:
    return {name: getattr(mm, name) for name, _ in MECHANISM_EVENTS if hasattr(mm, name)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes and few days (smoke run)")
    ap.add_argument("--threads", type=int, default=None, help="numba threads (numba.set_num_threads)")
    ap.add_argument("--mechanisms", action="store_true",
                    help="switch the ten service-delivery mechanisms on (the Mesa side runs their resident rules)")
    ap.add_argument("--all-mechanisms", action="store_true",
                    help="switch every registered mechanism on (the Mesa side has only the service-delivery ones)")
    args = ap.parse_args()
    if args.mechanisms or args.all_mechanisms:
        from sim.registry import MECHANISMS as REGISTERED

        MECHANISMS.extend(f"{p.SECTION}.enabled=true" for p in REGISTERED
                          if args.all_mechanisms or p.SECTION in SERVICE_DELIVERY)
    if args.threads:
        if not 1 <= args.threads <= numba.config.NUMBA_NUM_THREADS:
            ap.error(f"--threads must be 1 to {numba.config.NUMBA_NUM_THREADS} (NUMBA_NUM_THREADS)")
        numba.set_num_threads(args.threads)
    if args.quick:
        sizes, kdays, big, bigdays, pdays, reps = [(2_000, 5), (20_000, 2)], 20, 200_000, 10, 5, 2
    else:
        sizes, kdays, big, bigdays, pdays, reps = [(10_000, 100), (100_000, 20)], 120, 1_000_000, 60, 30, 3

    print(f"numba threads: {numba.get_num_threads()}   mesa {mesa.__version__}   scenario: baseline"
          + (f" with {len(MECHANISMS)} mechanisms on" if MECHANISMS else ""))
    print(f"rd/s = resident-days per second, best of {reps} timed passes after one untimed warm-up step; "
          f"load average at start: {os.getloadavg()[0]:.2f}")
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        print("WARNING: the machine is busy; parallel numba kernels slow down a lot when they share cores")
    # Compile (or load from numba's cache) every kernel, including monthly/yearly ones, on a
    # tiny 1-year run, so no compile time lands in a timed pass. Then do the largest run first,
    # so that its peak-RSS growth is its own (population build + arrays), not numba's or Mesa's.
    t = time.perf_counter()
    GovernanceModel(load("baseline", residents=1_000, days=366)).run()
    print(f"compile/warm-up pass (1,000 residents x 366 days): {time.perf_counter() - t:.1f} s, not timed")
    print()
    peak0 = peak_mb()
    gm, big_rate, big_shares = kernels_run(big, bigdays, reps, pdays)
    peak_growth = peak_mb() - peak0
    bytes_per_res = gm.state_nbytes() / gm.pop.n
    open_requests, gm = len(gm.requests), None

    rows, checks, phases = [], [], [(big, big_shares)]
    for n, mdays in sizes:
        gm, k_rate, shares = kernels_run(n, kdays, reps, pdays)
        m_rate, m_needs, m_unmet, m_bytes, m_events = mesa_run(n, mdays, reps)
        window = gm.acc[1:1 + mdays * reps]  # the same days as the Mesa passes
        k_needs, k_unmet = window[..., slots.NEEDS].sum(), window[..., slots.UNMET].sum()
        rows.append((n, m_rate, k_rate, k_rate / m_rate, mdays, m_bytes))
        phases.insert(-1, (n, shares))
        rd = n * mdays * reps
        k_events = {name: window[..., gm.slot(slot)].sum() for name, slot in MECHANISM_EVENTS if name in m_events}
        checks.append((n, 1000 * m_needs / rd, m_unmet / max(1, m_needs), 1000 * k_needs / rd,
                       k_unmet / max(1, k_needs),
                       {k: (1000 * v / rd, 1000 * k_events[k] / rd) for k, v in m_events.items()}))

    print(f"{'residents':>10} {'mesa rd/s':>12} {'kernels rd/s':>13} {'ratio':>8}   "
          f"{'days mesa/kernels':>17}  {'mesa B/resident':>15}")
    for n, m_rate, k_rate, ratio, mdays, m_bytes in rows:
        print(f"{n:>10,} {m_rate:>12,.0f} {k_rate:>13,.0f} {ratio:>7.1f}x   {mdays:>8}/{kdays:<8}  {m_bytes:>15,.0f}")
    print(f"{big:>10,} {'-':>12} {big_rate:>13,.0f} {'-':>8}   {'-':>8}/{bigdays:<8}  {'-':>15}")
    print()
    print("same rules check over the Mesa days (needs per 1000 resident-days, share of needs unmet;")
    print("the kernels' share drifts lower as closed requests raise trust, which the Mesa side omits):")
    for n, m_npk, m_share, k_npk, k_share, events in checks:
        print(f"  {n:>10,}: mesa {m_npk:.2f} / {m_share:.1%}   kernels {k_npk:.2f} / {k_share:.1%}"
              + "".join(f"   {k} per 1000 rd: mesa {m:.3f} kernels {kk:.3f}" for k, (m, kk) in events.items()))
    print()
    print(f"kernels: share of step() time by phase (separate {pdays}-day instrumented pass):")
    for n, shares in phases:
        print(f"  {n:>10,}: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()))
    print()
    print(f"this project at {big:,} residents: {bytes_per_res:.1f} bytes/resident "
          f"(every array the run holds; {open_requests:,} open requests), "
          f"peak RSS growth {peak_growth:,.0f} MB ({peak_growth * 2**20 / big:.0f} B/resident)")
    warm_n = sizes[0][0]
    warm_days, with_warmup, without = warmup_cost(warm_n, reps)
    print(f"warm-up ({warm_days} days before day 0, lived when the model is built, not in the rates above): "
          f"a 365-day run of {warm_n:,} residents built and run in {with_warmup:.2f} s, {without:.2f} s without "
          f"(warmup.days=0): +{with_warmup / without - 1:.0%}")
    print(f"ratio_vs_mesa: {rows[-1][3]:.1f}")


if __name__ == "__main__":
    main()
