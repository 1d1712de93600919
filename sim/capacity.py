"""Whether a run fits in this machine's memory, said before anything is built.

A scenario may declare up to 10,000 communities of 5,000,000 residents each,
far more than any machine holds. ``check`` estimates a run's peak memory from
what it will allocate (``estimate``) and refuses, in one line, a run that
cannot fit, saying how many residents would.

The estimate, per run: the interpreter with numpy, numba and pandas loaded
(``PROCESS_BYTES``); ``RESIDENT_BYTES`` per resident (the resident arrays,
the request pool and every component's state with every mechanism on measure
about 100 bytes, ``GovernanceModel.state_nbytes``; the rest is the day's
temporaries and headroom; ``tests/engine/test_capacity.py`` keeps it an upper
bound); and the daily counters and ledger (days x communities x groups x
counters, 8 bytes each), held about three times over while results are built.
Runs in parallel (sweep workers) each need their own.
"""

from __future__ import annotations

import os

from sim.errors import UserError

PROCESS_BYTES = 400e6
RESIDENT_BYTES = 400
RESULT_COPIES = 3


def _counter_bytes(days: int, communities: int) -> float:
    from sim import registry
    from sim.enums import Group

    per_day = communities * (len(Group) * len(registry.counter_layout()) + len(registry.ledger_items()))
    return RESULT_COPIES * 8.0 * max(1, days) * per_day


def estimate(residents: int, days: int, communities: int) -> float:
    """Peak bytes of one run of this size."""
    return PROCESS_BYTES + RESIDENT_BYTES * residents + _counter_bytes(days, communities)


def available() -> float:
    """Bytes of memory available to new work here (Linux: ``MemAvailable``; elsewhere the physical memory)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return float("inf")


def _gb(n: float) -> str:
    return f"{n / 1e9:,.1f} GB"


def check(residents: int, days: int, communities: int, copies: int = 1, where: str = "scenario",
          free: float | None = None) -> None:
    """Refuse, in one line, ``copies`` runs at once of this size that cannot fit in the memory available."""
    free = available() if free is None else free
    need = copies * estimate(residents, days, communities)
    if need <= free:
        return
    fixed = copies * (PROCESS_BYTES + _counter_bytes(days, communities))
    fits = int(max(0.0, free - fixed) / (copies * RESIDENT_BYTES))
    runs = f"{copies} runs at once" if copies > 1 else "this run"
    what = (f"about {fits:,} residents would fit" if fits >= 20 * communities else
            f"not even {20 * communities:,} residents ({communities:,} communities of 20) would fit at "
            f"{days:,} days")
    raise UserError(f"{runs} of {residents:,} residents in {communities:,} communities for {days:,} days would "
                    f"need about {_gb(need)} of memory, and {_gb(free)} is available here; {what}"
                    + ("; or use fewer --workers" if copies > 1 else ""), where)


def check_scenario(scenario, copies: int = 1, where: str | None = None) -> None:
    """``check`` for a validated scenario."""
    check(scenario.residents, scenario.days, len(scenario.communities), copies, where or scenario.name)


def check_document(doc: dict, copies: int, where: str) -> None:
    """``check`` for the (validated) scenario document an experiment, calibration or sensitivity file runs."""
    comms = doc.get("communities", [])
    check(sum(c["residents"] for c in comms), doc.get("days", 365), len(comms), copies, where)


def copies(executor: str, workers: int | None) -> int:
    """How many runs share this machine's memory at once: the local pool's workers (a Dask cluster's workers
    may be elsewhere: each is checked as one)."""
    if executor != "local":
        return 1
    from sim.experiments.executors import default_workers

    return workers or default_workers()
