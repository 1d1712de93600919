"""Monthly indicators per community from a run's daily counters, and a run that returns them.

A month is ``sim.calendar.MONTH_DAYS`` = 30 simulated days: month m (1-based) covers days
30(m-1) .. 30m-1, so a run of D days has D // 30 whole months (a partial
month at the end is dropped). An indicator's monthly value is its ratio
(``sim.results.Indicator``) of the month's summed counters over resident
groups: flows are summed over the month's days, snapshots (state, such as
``satisfaction_mean``) are the month's last day. The survey's wave falls on
the last day of each 30-day interval, so ``satisfaction`` in month m is that
month's wave. ``n`` is the denominator behind the figure (respondents,
closed requests, needs ...). The community ``all`` pools every community's
counters (a figure stated for the whole pilot area).

Only ratio indicators are monthly indicators here: a count (requests,
needs) depends on the community's size, which a pilot and a scaled model
do not share.
"""

from __future__ import annotations

import threading
import time
import traceback

import numpy as np
import pandas as pd

from sim.calendar import MONTH_DAYS

ALL = "all"  # the pooled community
SHARE_UNITS = ("share", "0-1", "probability")
_LOCK = threading.Lock()


def indicators() -> dict:
    """The indicators pilot data may use, by name: every ratio indicator (per community and month)."""
    from sim.registry import indicators

    return {i.name: i for i in indicators() if i.den is not None}


def bounds(name: str) -> tuple[float, float]:
    """The values an indicator can take: 0 to 1 for shares, 0 and up otherwise (ratios of counts)."""
    return (0.0, 1.0) if indicators()[name].unit in SHARE_UNITS else (0.0, float("inf"))


def months(days: int) -> int:
    """Whole months in a run of ``days`` days."""
    return days // MONTH_DAYS


def monthly(acc: np.ndarray, communities: list[str], names) -> pd.DataFrame:
    """Long table (community, month, indicator, value, n) of counters ``acc[day, community, group, slot]``."""
    from sim.results import _slots
    from sim.registry import counter_layout

    defs, layout = indicators(), counter_layout()
    n_m = acc.shape[0] // MONTH_DAYS
    a = acc[: n_m * MONTH_DAYS].reshape(n_m, MONTH_DAYS, *acc.shape[1:])
    flows, last = a.sum(axis=1), a[:, -1]  # (month, community, group, slot)
    frames = []
    for name in names:
        ind = defs[name]
        part = last if ind.snapshot else flows
        num = part[..., _slots(ind.num, layout)].sum(axis=(-1, -2))  # (month, community)
        den = part[..., _slots(ind.den, layout)].sum(axis=(-1, -2))
        num = np.concatenate([num, num.sum(axis=1, keepdims=True)], axis=1)
        den = np.concatenate([den, den.sum(axis=1, keepdims=True)], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        comms = [*communities, ALL]
        frames.append(pd.DataFrame({
            "community": np.tile(comms, n_m), "month": np.repeat(np.arange(1, n_m + 1), len(comms)),
            "indicator": name, "value": value.reshape(-1), "n": den.reshape(-1),
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["community", "month", "indicator", "value", "n"])


def run_monthly(task: dict) -> dict:
    """Run one scenario document (``task["doc"]``, ``task["seed"]``); its monthly ``task["indicators"]``.

    A plain top-level function of plain data, so any ``concurrent.futures``
    executor can call it; like ``sim.experiments.runner.run_one`` it uses one
    numba thread and returns its error (one line) instead of raising.
    """
    started = time.perf_counter()
    out = {"key": task.get("key"), "status": "ok", "error": None, "traceback": None, "monthly": None}
    with _LOCK:
        try:
            import numba

            numba.set_num_threads(1)
            from sim import scenario as sc
            from sim.model import GovernanceModel

            doc = {**task["doc"], "seed": task["seed"]}
            scenario = sc.from_document(doc, "calibration run", doc.get("name") or "scenario")
            results = GovernanceModel(scenario).run().results()
            out["monthly"] = monthly(results.acc, results.communities, task["indicators"])
        except Exception as e:  # recorded, not raised: the study goes on
            out.update(status="failed", error=" ".join(f"{type(e).__name__}: {e}".split())[:500],
                       traceback=traceback.format_exc())
    out["seconds"] = time.perf_counter() - started
    return out
