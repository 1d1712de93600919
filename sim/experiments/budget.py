"""Budgets in experiment files: each policy's yearly cost from the ledger, held against the stated budget.

An experiment may state ``budget_yuan_year``: the public money a year the
planner can spend in all, the status quo's staff and running costs included
(``sim.components.running_costs``). Nothing is worked out by hand: each run's
``cost_yuan_year`` comes from the ledger, priced at the declared unit costs.
For each policy of a sweep:

- ``cost_yuan_year``: the mean over its runs;
- ``extra_yuan_year``: its extra cost over the reference policy (the first:
  a list design's first ``[[policies]]`` table, a grid's first levels), the
  mean of paired differences (same uncertainty point and replicate) with its
  interval (``compare.interval``);
- ``over_budget_yuan_year``: how far its cost passes the budget (0 within it),
  and a verdict.

A policy over budget is flagged (``govsim sweep`` prints the table, ``govsim
compare`` on the sweep too), never dropped: the planner sees what the extra
money would buy.
"""

from __future__ import annotations

import pandas as pd

from sim.experiments.compare import interval

KPI = "cost_yuan_year"


def table(runs: pd.DataFrame, budget: float | None) -> pd.DataFrame:
    """Per policy (rows in the sweep's order): runs, yearly cost, extra over the first policy with its interval,
    and how far over ``budget`` it is. ``runs`` is the store's KPI rows (``Store.kpis()``)."""
    df = runs[runs.scope == "all"]
    order = list(dict.fromkeys(df.policy_name))
    ref = df[df.policy_name == order[0]].set_index(["point", "replicate"])[KPI]
    rows = []
    for name in order:
        mine = df[df.policy_name == name].set_index(["point", "replicate"])[KPI]
        paired = mine.to_frame("p").join(ref.rename("b"), how="inner")
        extra, lo, hi, _ = interval(paired.p - paired.b)
        cost = float(mine.mean())
        rows.append({"policy": name, "runs": len(mine), KPI: cost, "extra_yuan_year": extra, "extra_lo": lo,
                     "extra_hi": hi, "over_budget_yuan_year": max(0.0, cost - budget) if budget else float("nan")})
    return pd.DataFrame(rows)


def lines(t: pd.DataFrame, budget: float | None) -> list[str]:
    """The table as text, with each policy's verdict against ``budget``."""
    if t.empty:
        return []
    head = (f"yearly cost by policy (the ledger; extra over {t.policy.iloc[0]!r}, paired"
            + (f"; budget {budget:,.0f} yuan a year)" if budget else "; no budget stated)"))
    width = max(len(p) for p in t.policy)
    out = [head]
    for r in t.itertuples():
        extra = f"{r.extra_yuan_year:+,.0f}" + (f" [{r.extra_lo:+,.0f}, {r.extra_hi:+,.0f}]"
                                                if pd.notna(r.extra_lo) else "")
        verdict = ""
        if budget:
            verdict = (f"OVER budget by {r.over_budget_yuan_year:,.0f}" if r.over_budget_yuan_year > 0
                       else f"within budget ({budget - r.cost_yuan_year:,.0f} left)")
        out.append(f"  {r.policy:{width}s}  {r.cost_yuan_year:14,.0f}  extra {extra:>28s}  {verdict}")
    return out
