"""What a unit of effect costs over paired runs: yuan per satisfaction point, per close day saved, per need met.

For pairs i (policy and baseline at the same seed and uncertainty point), the
extra cost is dc_i = cost_yuan(policy) - cost_yuan(baseline) (the full
ledger, over the run's days) and the effect de_i is the gain:

- ``cost_per_satisfaction_point``: de = 100 * (satisfaction gained), yuan per
  percentage point of the survey's satisfaction;
- ``cost_per_close_day_saved``: de = days cut from the mean days to close a
  request (``close_days``), yuan per day cut;
- ``cost_per_unmet_need_avoided``: de = needs that reached no channel in the
  baseline but not under the policy (``unmet_need_share * needs``), yuan per
  need.

The value is mean(dc) / mean(de), defined only when the mean gain is
positive (a policy that costs more and does worse has no price per unit). Its
interval is a percentile bootstrap over the pairs (``BOOT`` resamples, a fixed
seed: the same pairs give the same interval); where a resample's gain is not
positive, its ratio is unbounded, and an interval reaching it has no upper end
(``hi`` is NaN: the effect may be nil at that confidence).
"""

from __future__ import annotations

import math

import numpy as np

BOOT = 2000


def _points(p: dict, b: dict) -> np.ndarray:
    return 100.0 * (p["satisfaction"] - b["satisfaction"])


def _days_cut(p: dict, b: dict) -> np.ndarray:
    return b["close_days"] - p["close_days"]


def _needs_met(p: dict, b: dict) -> np.ndarray:
    return b["unmet_need_share"] * b["needs"] - p["unmet_need_share"] * p["needs"]


# name: (the KPIs it needs besides the cost, the gain of each pair)
RATIOS = {
    "cost_per_satisfaction_point": (("satisfaction",), _points),
    "cost_per_close_day_saved": (("close_days",), _days_cut),
    "cost_per_unmet_need_avoided": (("unmet_need_share", "needs"), _needs_met),
}

KPIS = ("cost_yuan", *dict.fromkeys(k for kpis, _ in RATIOS.values() for k in kpis))  # what the ratios read


def ratio(dc: np.ndarray, de: np.ndarray, level: float) -> tuple[float, float, float]:
    """mean(dc) / mean(de) with its bootstrap interval (lo, hi); NaN where undefined (see the module docstring)."""
    ok = np.isfinite(dc) & np.isfinite(de)
    dc, de = dc[ok], de[ok]
    if len(dc) == 0 or de.mean() <= 0:
        return math.nan, math.nan, math.nan
    value = float(dc.mean() / de.mean())
    if len(dc) < 2:
        return value, math.nan, math.nan
    idx = np.random.default_rng(0).integers(0, len(dc), size=(BOOT, len(dc)))
    mc, me = dc[idx].mean(axis=1), de[idx].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(me > 0, mc / np.where(me > 0, me, 1.0), np.inf)
    lo, hi = np.quantile(r, [0.5 - level / 2, 0.5 + level / 2], method="inverted_cdf")
    return value, float(lo), float(hi) if np.isfinite(hi) else math.nan


def per_unit(policy: dict, baseline: dict, level: float) -> dict[str, tuple[float, float, float]]:
    """Each ratio of ``RATIOS`` whose KPIs are there: (value, lo, hi); ``policy`` and ``baseline`` map a KPI to
    its values over the pairs, in pair order."""
    out = {}
    if "cost_yuan" not in set(policy) & set(baseline):
        return out
    dc = np.asarray(policy["cost_yuan"], float) - np.asarray(baseline["cost_yuan"], float)
    for name, (kpis, gain) in RATIOS.items():
        if set(kpis) <= set(policy) & set(baseline):
            p = {k: np.asarray(policy[k], float) for k in kpis}
            b = {k: np.asarray(baseline[k], float) for k in kpis}
            out[name] = ratio(dc, gain(p, b), level)
    return out
