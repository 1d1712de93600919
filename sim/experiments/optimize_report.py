"""What a policy search found: the Pareto set, the recommended policy checked on fresh seeds, its robustness.

- ``trials.csv``: every complete trial: its levers, objective values, yearly
  cost (total and over the status quo), whether it keeps the budget and
  whether it is on the Pareto front.
- ``pareto.csv`` and ``pareto.png``: the feasible Pareto set (Optuna's
  ``best_trials``, which leaves out trials over the budget), one row per
  distinct policy; the plot shows every trial with the front highlighted,
  the status quo and the recommended policy (one panel per pair of
  objectives).
- The recommended policy: among the feasible Pareto set, the best on the
  first objective (ties: the cheaper, then the earlier). The search's
  values flatter whatever it picked (the winner's curse), so it runs again
  with the status quo on fresh seeds of every sample (``check_seeds`` each)
  and ``recommended.csv`` holds the paired differences with their intervals
  for all residents and each resident group (``compare.compare_frames``);
  ``recommended-scenario.toml`` is the base scenario with its levers.
- ``robustness.csv``: for each uncertainty sample, the recommended policy's
  first objective on the search's seeds against the best feasible candidate
  of that sample (regret: how much better that candidate did there, 0 if
  none), and, with a ``target``, its value on the fresh seeds and whether it
  meets the target. Summed up: how many samples miss the target, the regret's
  maximum and mean.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments import optimize_runs as oruns
from sim.experiments.compare import compare_frames, format_table
from sim.experiments.design import fmt
from sim.experiments.optimize_spec import EXTRA_COST, Search
from sim.experiments.store import atomic_write

HEADLINE = ("satisfaction", "close_days", "unmet_need_share")
STATUS_QUO = "status quo"


def trials_table(search: Search, ost) -> pd.DataFrame:
    """Every complete trial: number, key, levers, objective values, yearly costs, feasible, pareto."""
    from optuna.trial import TrialState

    front = {t.number for t in ost.best_trials}
    rows = []
    for t in ost.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        saved = t.user_attrs["search"]
        rows.append({"trial": t.number, "key": saved["key"], **{f.name: t.params[f.name] for f in search.levers},
                     **{o.label: v for o, v in zip(search.objectives, t.values)},
                     "cost_yuan_year": saved["cost_year"], "extra_cost_yuan_year": saved["extra_cost_year"],
                     "feasible": all(c <= 0 for c in t.constraints.values()), "pareto": t.number in front})
    return pd.DataFrame(rows)


def pareto(search: Search, table: pd.DataFrame) -> pd.DataFrame:
    """The feasible Pareto set, one row per distinct policy, best on the first objective first."""
    first = search.objectives[0]
    front = table[table.pareto & table.feasible].drop_duplicates("key")
    order = pd.DataFrame({"a": -first.sign * front[first.label], "b": front["extra_cost_yuan_year"],
                          "c": front["trial"]})
    return front.loc[order.sort_values(["a", "b", "c"], kind="stable").index].reset_index(drop=True)


def build(search: Search, ost, runner) -> dict:
    """The report's tables: trials, Pareto set, recommended policy on fresh seeds, robustness."""
    table = trials_table(search, ost)
    front = pareto(search, table)
    out = {"table": table, "pareto": front, "recommended": None}
    if front.empty:
        return out
    rec = front.iloc[0]
    chosen = ost.get_trials(deepcopy=False)[int(rec["trial"])]  # trials are numbered 0, 1, ... in order
    levers = dict(chosen.params)
    rec_specs = oruns.specs(search, oruns.key(levers), levers, fresh=True)
    sq_specs = oruns.specs(search, oruns.STATUS_QUO, {}, fresh=True)
    held = runner.run(rec_specs + sq_specs)
    bad = held.failures(rec_specs + sq_specs)
    if runner.summary.stopped or bad:
        out["check_error"] = runner.summary.stopped or f"run {bad[0][0]} failed: {bad[0][1]}"
        return out
    rec_rows, sq_fresh = oruns.rows(held, rec_specs), oruns.rows(held, sq_specs)
    label = f"recommended (trial {int(rec['trial'])})"
    compared = compare_frames(sq_fresh, rec_rows, STATUS_QUO, label, check_kpis(search))
    per_sample = chosen.user_attrs["search"]["per_sample"]
    out.update(recommended={"trial": int(rec["trial"]), "levers": levers, "label": label,
                            "values": [float(rec[o.label]) for o in search.objectives],
                            "extra_cost_yuan_year": float(rec["extra_cost_yuan_year"])},
               compared=compared,
               robustness=robustness(search, ost, table, per_sample, rec_rows, sq_fresh))
    return out


def check_kpis(search: Search) -> list[str]:
    """The KPIs the re-evaluation compares: the objectives' and the target's, the headline ones, the cost."""
    named = [o.kpi for o in search.objectives] + ([search.target.objective.kpi] if search.target else [])
    return list(dict.fromkeys(k for k in (*named, *HEADLINE, "cost_yuan", oruns.YEARLY) if k != EXTRA_COST))


def robustness(search: Search, ost, table: pd.DataFrame, rec_per_sample: list, rec_rows: pd.DataFrame,
               sq_fresh: pd.DataFrame) -> pd.DataFrame:
    """One row per uncertainty sample: the recommended policy's regret and, with a target, whether it meets it."""
    first = search.objectives[0]
    feasible = table[table.feasible]
    trials = ost.get_trials(deepcopy=False)
    by_trial = {int(n): trials[int(n)].user_attrs["search"]["per_sample"][0] for n in feasible.trial}
    target = search.target
    fresh = oruns.per_sample(target.objective, rec_rows, sq_fresh) if target else None
    rows = []
    for u, point in enumerate(oruns.points(search)):
        mine = rec_per_sample[0][u]
        best_trial = max(by_trial, key=lambda n: (_signed(first.sign, by_trial[n][u]), -n))
        best = by_trial[best_trial][u]
        row = {"sample": u, **point, f"{first.label} (recommended, search seeds)": mine,
               "best_trial": best_trial, f"{first.label} (best of the sample)": best,
               "regret": max(0.0, first.sign * (best - mine))}
        if target:
            row[f"{target.objective.label} (recommended, fresh seeds)"] = fresh[u]
            row["meets_target"] = target.met(fresh[u])
        rows.append(row)
    return pd.DataFrame(rows)


def _signed(sign: float, x: float) -> float:
    return sign * x if math.isfinite(x) else -math.inf


# ------------------------------------------------------------------ words and files


def summary(search: Search, outcome) -> dict:
    """The numbers a planner reads first (also ``search.json``)."""
    rep, sq = outcome.report, outcome.status_quo
    out = {"status_quo": {"cost_yuan_year": sq["cost_year"],
                          **{o.label: v for o, v in zip(search.objectives, sq["values"])}},
           "limit_extra_yuan_year": outcome.limit, "trials": outcome.trials,
           "feasible": int(rep["table"].feasible.sum()), "pareto": len(rep["pareto"]),
           "recommended": rep.get("recommended")}
    rob = rep.get("robustness")
    if rob is not None:
        out["robustness"] = {"samples": len(rob), "regret_max": float(rob.regret.max()),
                             "regret_mean": float(rob.regret.mean()), "objective": search.objectives[0].label}
        if search.target:
            out["robustness"].update(target=search.target.label, misses=int((~rob.meets_target).sum()))
    return out


def lines(search: Search, outcome) -> list[str]:
    """What ``govsim optimize`` prints after the search."""
    rep, info = outcome.report, summary(search, outcome)
    sq = info["status_quo"]
    out = [f"status quo: {sq['cost_yuan_year']:,.0f} yuan a year; " +
           ", ".join(f"{o.label} {sq[o.label]:.4g}" for o in search.objectives)]
    if outcome.limit is not None:
        out.append(f"budget: at most {outcome.limit:,.0f} yuan a year over the status quo; "
                   f"{info['feasible']} of {info['trials']} trials keep it")
    if rep["pareto"].empty:
        return out + ["no trial keeps the budget: no Pareto set and no recommendation; raise the budget or "
                      "narrow the levers"]
    cols = ["trial", *[f.name for f in search.levers], *[o.label for o in search.objectives]]
    cols += [] if EXTRA_COST in cols else ["extra_cost_yuan_year"]
    with pd.option_context("display.width", 250, "display.max_columns", None, "display.float_format",
                           "{:.4g}".format):
        n = info["pareto"]
        out += [f"\nPareto set ({n} {'policy' if n == 1 else 'policies'}, feasible, best on "
                f"{search.objectives[0].label} first):",
                rep["pareto"][cols].head(15).to_string(index=False)]
    if len(rep["pareto"]) > 15:
        out.append(f"  ... and {len(rep['pareto']) - 15} more in pareto.csv")
    if rep.get("check_error"):
        return out + [f"the recommended policy's check on fresh seeds did not run: {rep['check_error']}; run the "
                      "same command again"]
    rec = rep["recommended"]
    out.append(f"\nrecommended (best {search.objectives[0].label} on the Pareto set): trial {rec['trial']}: " +
               ", ".join(f"{k}={fmt(v)}" for k, v in rec["levers"].items()))
    out.append(f"checked on fresh seeds ({search.check_seeds} per sample, not the search's) against the status "
               "quo:")
    out.append(format_table(rep["compared"]))
    cost = rep["compared"][(rep["compared"].kpi == oruns.YEARLY) & (rep["compared"].group == "all")]
    if len(cost):
        c = cost.iloc[0]
        out.append(f"extra cost: {c['diff']:,.0f} yuan a year [{c.lo:,.0f}, {c.hi:,.0f}]")
    rob = info["robustness"]
    out.append(f"\nrobustness over {rob['samples']} uncertainty samples: regret on {rob['objective']} against the "
               f"best feasible candidate of each sample: max {rob['regret_max']:.4g}, mean {rob['regret_mean']:.4g}")
    if search.target:
        out.append(f"target {rob['target']}: missed in {rob['misses']} of {rob['samples']} samples (fresh seeds)")
    return out


def write(search: Search, outcome, out: Path) -> list[str]:
    """Write the report's files into ``out``; their names."""
    from sim import scenario as sc
    from sim.experiments.plots import save_pareto
    from sim.experiments.spec import apply

    rep = outcome.report
    written = {"trials.csv": rep["table"], "pareto.csv": rep["pareto"].drop(columns=["key", "pareto", "feasible"])}
    if rep.get("recommended"):
        written["recommended.csv"] = rep["compared"]
        written["robustness.csv"] = rep["robustness"]
    for name, df in written.items():
        atomic_write(out / name, df.to_csv(index=False).encode())
    names = list(written)
    if rep.get("recommended"):
        rec = rep["recommended"]
        doc = apply(search.base_doc, rec["levers"])
        doc["name"] = f"{search.name}-recommended"
        doc["description"] = (f"{search.name}: the recommended policy (trial {rec['trial']}): " +
                              ", ".join(f"{k}={fmt(v)}" for k, v in rec["levers"].items()))[:2000]
        scenario = sc.from_document(doc, "recommended-scenario.toml", doc["name"])
        atomic_write(out / "recommended-scenario.toml", sc.dump(scenario).encode())
        names.append("recommended-scenario.toml")
    sq = {o.label: v for o, v in zip(search.objectives, outcome.status_quo["values"])}
    save_pareto(rep["table"], search.objectives, sq, rep["recommended"], out / "pareto.png",
                f"{search.name}: {len(rep['table'])} trials, Pareto front of those within the budget")
    atomic_write(out / "search.json", json.dumps({**search.document(), **summary(search, outcome)}, indent=2,
                                                 default=_json).encode())
    return [*names, "pareto.png", "search.json"]


def _json(x):
    if isinstance(x, (np.generic,)):
        return x.item()
    return str(x)
