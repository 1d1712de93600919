"""The attribution as tables: each unit's Shapley value of each KPI with its interval, what it costs per point.

``rows`` (``attribution.csv``), one per unit (mechanism or block), KPI and
group (``all`` and each resident group; the cost has no groups), and a
``total`` row per KPI and group, the package's whole effect:

- ``value``: the unit's Shapley value of the KPI's mean over the seeds
  (the mean of its seed-level values: the values are linear in the KPIs);
- ``lo``, ``hi``: its 95% interval, the t interval over the paired seeds'
  values (each seed's from that seed's runs alone); when sampled, widened by
  the permutations' sampling error (half-widths added in quadrature, the
  sampling part as 1.96 standard errors);
- ``sampling_se``, ``permutations``: the standard error over the
  permutations, and their number (0 and 0 when exact);
- ``share``: ``value`` over the total effect;
- ``seeds``: the paired seeds used; a seed where some coalition has no
  value (a group with no request) is left out of that KPI and group;
- ``status_quo``, ``package``: the KPI's mean in the empty and the full
  coalition.

The units' values add up to the ``total`` row's (up to rounding): exactly
for exact values, and by construction when sampled (``sim.experiments.shapley``).

``cost_effectiveness`` (``cost_effectiveness.csv``): each unit's Shapley share
of ``cost_yuan`` (the full ledger: its extra cost over the run's days, and a
year's worth: times 365 / days), of satisfaction (the monthly survey's share,
in percentage points), and yuan per satisfaction point: the seeds' mean
Shapley cost over their mean Shapley points, with a bootstrap interval over
the seeds (``sim.experiments.cost_effect.ratio``, as ``govsim compare``
gives a policy's), n/a where the unit's satisfaction value is not above 0 or
its interval includes 0 (``note`` says which).

``format_tables`` prints both for all residents: the headline KPIs and the money.
Each function takes the attribution's ``Plan`` and ``Values``
(``sim.experiments.attribute``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.experiments import shapley
from sim.experiments.attribute_blocks import RESERVED
from sim.experiments.compare import LEVEL, interval

COLUMNS = ["unit", "members", "kpi", "group", "value", "lo", "hi", "sampling_se", "permutations", "share", "seeds",
           "status_quo", "package"]
COST_COLUMNS = ["unit", "members", "extra_cost_yuan", "cost_lo", "cost_hi", "extra_cost_yuan_per_year", "cost_share",
                "satisfaction_points", "points_lo", "points_hi", "satisfaction_share", "yuan_per_point",
                "yuan_per_point_lo", "yuan_per_point_hi", "note"]
YEAR = 365


def _z() -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + LEVEL / 2))


def _widened(mean: float, lo: float, hi: float, se: float) -> tuple[float, float]:
    if se == 0 or not math.isfinite(lo):
        return lo, hi
    half = math.hypot((hi - lo) / 2, _z() * se)
    return mean - half, mean + half


def _game(plan) -> tuple[dict, np.ndarray | None]:
    """Each coalition's row in the values, and the sampled orders (None: exact)."""
    return {t: r for r, t in enumerate(plan.coalitions())}, None if plan.exact else np.array(plan.orders)


def _seed_values(plan, v: np.ndarray, index: dict, orders) -> np.ndarray:
    """Every unit's Shapley value at each seed: ``(k, seeds)`` from ``v[coalition, seed]``."""
    return shapley.exact(v, index, plan.k) if orders is None else shapley.sampled(v, index, orders)


def _rows_of(plan, kpi: str, group: str, v: np.ndarray, index: dict, orders) -> list[dict]:
    """The rows of one KPI and group from its values ``v[coalition, seed]`` (paired seeds, all finite)."""
    none, package = v[index[0]], v[index[shapley.full(plan.k)]]
    phi = _seed_values(plan, v, index, orders)
    se = np.zeros(plan.k) if orders is None else shapley.sampling_error(v.mean(axis=1), index, orders)
    total, t_lo, t_hi, n = interval(package - none)
    common = {"kpi": kpi, "group": group, "permutations": len(plan.orders), "seeds": n,
              "status_quo": float(none.mean()), "package": float(package.mean())}
    out = []
    for i, unit in enumerate(plan.units):
        mean, lo, hi, _ = interval(phi[i])
        lo, hi = _widened(mean, lo, hi, float(se[i]))
        out.append({"unit": unit.name, "members": "+".join(unit.members), "value": mean, "lo": lo, "hi": hi,
                    "sampling_se": float(se[i]), "share": mean / total if total != 0 else math.nan, **common})
    out.append({"unit": RESERVED, "members": "+".join(plan.mechanisms), "value": total, "lo": t_lo, "hi": t_hi,
                "sampling_se": 0.0, "share": 1.0 if total != 0 else math.nan, **common})
    return out


def rows(plan, vals) -> pd.DataFrame:
    """Every unit's Shapley value of every KPI (those asked for and the money table's), overall and by group."""
    index, orders = _game(plan)
    out = []
    for ki, kpi in enumerate(vals.kpis):
        for gi, group in enumerate(vals.groups):
            v = vals.array[:, :, ki, gi]
            paired = np.isfinite(v).all(axis=0)
            if paired.any():
                out += _rows_of(plan, kpi, group, v[:, paired], index, orders)
    return pd.DataFrame(out, columns=COLUMNS)


def _seed_pairs(plan, vals) -> tuple[np.ndarray, np.ndarray]:
    """Every unit's (and, last, the package's) Shapley value of the cost and of satisfaction points at each seed
    where both have a value in every coalition: two ``(k + 1, seeds)`` arrays."""
    index, orders = _game(plan)
    cost = vals.array[:, :, vals.kpis.index("cost_yuan"), 0]
    sat = 100 * vals.array[:, :, vals.kpis.index("satisfaction"), 0]
    paired = np.isfinite(cost).all(axis=0) & np.isfinite(sat).all(axis=0)
    out = []
    for v in (cost[:, paired], sat[:, paired]):
        total = v[index[shapley.full(plan.k)]] - v[index[0]]
        out.append(np.vstack([_seed_values(plan, v, index, orders), total]))
    return out[0], out[1]


def cost_effectiveness(plan, vals, table: pd.DataFrame) -> pd.DataFrame:
    """Each unit's (and the package's) extra cost, satisfaction points and yuan per point: the ratio of the
    seeds' mean Shapley values and its bootstrap interval over the seeds (``sim.experiments.cost_effect``),
    n/a where the unit's satisfaction value is not above 0 or its interval (``rows``) includes 0."""
    from sim.experiments.cost_effect import ratio

    overall = table[table.group == "all"]
    cost = overall[overall.kpi == "cost_yuan"].set_index("unit")
    sat = overall[overall.kpi == "satisfaction"].set_index("unit")
    dc, de = _seed_pairs(plan, vals)
    out = []
    for i, unit in enumerate([u.name for u in plan.units] + [RESERVED]):
        c = cost.loc[unit]
        s = sat.loc[unit] if unit in sat.index else pd.Series(math.nan, index=["value", "lo", "hi", "share"])
        points, p_lo, p_hi = 100 * s["value"], 100 * s["lo"], 100 * s["hi"]
        per_point, lo, hi = ratio(dc[i], de[i], LEVEL)
        note = ("n/a: no satisfaction survey" if not math.isfinite(points) else "n/a: no gain" if points <= 0
                else "n/a: its interval includes 0" if not p_lo > 0 else "")
        if note:
            per_point = lo = hi = math.nan
        out.append({"unit": unit, "members": c["members"], "extra_cost_yuan": c["value"], "cost_lo": c["lo"],
                    "cost_hi": c["hi"], "extra_cost_yuan_per_year": c["value"] * YEAR / max(1, plan.days),
                    "cost_share": c["share"], "satisfaction_points": points, "points_lo": p_lo, "points_hi": p_hi,
                    "satisfaction_share": s["share"], "yuan_per_point": per_point, "yuan_per_point_lo": lo,
                    "yuan_per_point_hi": hi, "note": note})
    return pd.DataFrame(out, columns=COST_COLUMNS)


# ------------------------------------------------------------------ text


def decimals(values) -> int:
    """Decimals that give the largest of ``values`` four significant digits (none from 1,000 up), so that values
    ten times smaller keep three."""
    top = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    return 3 if top == 0 else max(0, 3 - math.floor(math.log10(top)))


def number(x: float, signed: bool = False, places: int | None = None) -> str:
    """A value as the tables print it: to ``places`` decimals (three significant digits if not given), with
    thousands separators."""
    if x is None or not math.isfinite(x):
        return "-"
    return f"{x:{'+' if signed else ''},.{decimals([x]) if places is None else places}f}"


def _cells(values, los, his) -> list[str]:
    """Values and half their intervals, all to the decimals of the largest value."""
    places = decimals(values)
    return [number(v, True, places) + (f" ±{number((hi - lo) / 2, places=places)}" if math.isfinite(lo) else "")
            if math.isfinite(v) else "-" for v, lo, hi in zip(values, los, his)]


def format_tables(plan, table: pd.DataFrame, costs: pd.DataFrame) -> str:
    """The headline KPIs for all residents (each unit's value ± its 95% half-width) and the money table."""
    overall = table[table.group == "all"]
    units = [u.name for u in plan.units] + [RESERVED]
    effects = pd.DataFrame(index=["status quo", "package", *units])
    for kpi in plan.kpis:
        part = overall[overall.kpi == kpi].set_index("unit").reindex(units)
        if part.value.isna().all():
            effects[kpi] = "-"
            continue
        levels = [part.status_quo.iloc[-1], part.package.iloc[-1]]
        effects[kpi] = [number(v, places=decimals(levels)) for v in levels] + _cells(part.value, part.lo, part.hi)
    lines = ["all residents: each unit's share of the package's effect (Shapley value ± half its 95% interval)",
             effects.to_string()]
    if plan.exact:
        lines.append("exact Shapley values: they add up to the total")
    else:
        worst = overall[(overall.unit != RESERVED) & overall.kpi.isin(plan.kpis)].groupby("kpi").sampling_se.max()
        lines.append(f"sampled Shapley values ({len(plan.orders)} permutations): they add up to the total; largest "
                     "sampling error (standard error over the permutations) by KPI: "
                     + ", ".join(f"{k} {worst[k]:.2g}" for k in plan.kpis if k in worst.index))
    money = pd.DataFrame({
        "extra cost/year": [number(v, True, 0) for v in costs.extra_cost_yuan_per_year],
        "share of cost": [_share(v) for v in costs.cost_share],
        "satisfaction pts": _cells(costs.satisfaction_points, costs.points_lo, costs.points_hi),
        "share of gain": [_share(v) for v in costs.satisfaction_share],
        "yuan per point": [number(v, places=0) if math.isfinite(v) else n
                           for v, n in zip(costs.yuan_per_point, costs.note)],
    }, index=list(costs.unit))
    lines += ["", f"money: extra cost (yuan a year, from {plan.days} days), satisfaction (percentage points of the "
              "survey share) and yuan per point (the run's extra cost / points)", money.to_string()]
    return "\n".join(lines)


def _share(x: float) -> str:
    return f"{100 * x:.0f}%" if math.isfinite(x) else "-"
