"""Paired comparison of policies: each KPI's difference with a confidence interval, overall and by group.

Runs are paired when they share everything but the policy: the same seed
(common random numbers), and in a sweep the same uncertainty point and the
other levers' levels. For each pair i, d_i = KPI(policy) - KPI(baseline); the
effect is mean(d) with the t interval mean(d) +- t_{n-1, (1+level)/2} *
sd(d) / sqrt(n) (``interval``). Pairing removes the noise both runs share,
so the interval is far narrower than comparing two sets of independent runs.
In a sweep, the pairs of a lever's level span the other levers and the
uncertainty points, so the effect is the average over the design and the
interval says how much it varies across it as well as across seeds.

- ``compare_runs(A, B)``: two run folders of ``govsim run`` (``summary.json``),
  or two folders of such run folders (replicates), paired by seed;
  ``compare_frames`` does the same for KPI rows already in memory (two
  scenarios run at paired seeds, ``sim.experiments.paired``).
- ``compare_sweep(DIR, by="lever" | "policy", baseline=...)``: a sweep's
  results folder; each lever's levels against its baseline level, or each
  policy against the baseline policy.

Rows: ``factor, level, baseline_level, kpi, group, baseline, policy, diff,
lo, hi, n`` (``group`` is ``all`` or a resident group). For all residents,
rows of what a unit of effect costs (``sim.experiments.cost_effect``: yuan
per satisfaction point, per day of closing saved, per unmet need avoided,
with bootstrap intervals), where the pairs hold the KPIs they need.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import UserError
from sim.experiments import cost_effect
from sim.experiments.design import fmt

LEVEL = 0.95
COLUMNS = ["factor", "level", "baseline_level", "kpi", "group", "baseline", "policy", "diff", "lo", "hi", "n"]


def interval(d, level: float = LEVEL) -> tuple[float, float, float, int]:
    """Mean of paired differences and its t confidence interval: (mean, lo, hi, n); NaN where undefined."""
    from scipy import stats

    d = np.asarray(d, dtype=float)
    d = d[np.isfinite(d)]
    n = len(d)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    mean = float(d.mean())
    if n < 2:
        return mean, math.nan, math.nan, n
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * d.std(ddof=1) / math.sqrt(n))
    return mean, mean - half, mean + half, n


def _rows(factor: str, level: str, base_level: str, merged: pd.DataFrame, kpis, level_ci: float) -> list[dict]:
    """Effect rows of one comparison from merged pairs (columns ``<kpi>_p``, ``<kpi>_b``, ``group``)."""
    out = []
    for group, part in merged.groupby("group", sort=False):
        for k in kpis:
            p, b = part[f"{k}_p"].to_numpy(float), part[f"{k}_b"].to_numpy(float)
            ok = np.isfinite(p) & np.isfinite(b)
            if not ok.any():
                continue
            mean, lo, hi, n = interval(p[ok] - b[ok], level_ci)
            out.append({"factor": factor, "level": level, "baseline_level": base_level, "kpi": k, "group": group,
                        "baseline": float(b[ok].mean()), "policy": float(p[ok].mean()),
                        "diff": mean, "lo": lo, "hi": hi, "n": n})
    return out + _money_rows(factor, level, base_level, merged, kpis, level_ci)


def _money_rows(factor: str, level: str, base_level: str, merged: pd.DataFrame, kpis,
                level_ci: float) -> list[dict]:
    """What a unit of effect costs (``sim.experiments.cost_effect``), over the pairs of all residents, for the
    effects among ``kpis`` when the cost is among them too."""
    part = merged[merged.group == "all"]
    cols = {k for k in cost_effect.KPIS if f"{k}_p" in part.columns and f"{k}_b" in part.columns
            and (k in kpis or k == "needs")}
    values = cost_effect.per_unit({k: part[f"{k}_p"].to_numpy(float) for k in cols},
                                  {k: part[f"{k}_b"].to_numpy(float) for k in cols}, level_ci)
    return [{"factor": factor, "level": level, "baseline_level": base_level, "kpi": name, "group": "all",
             "baseline": math.nan, "policy": math.nan, "diff": v, "lo": lo, "hi": hi, "n": len(part)}
            for name, (v, lo, hi) in values.items()]


# ------------------------------------------------------------------ two sets of runs


def _run_rows(folder: Path) -> pd.DataFrame:
    """KPI rows (group all and each resident group) of one ``govsim run`` folder."""
    try:
        summary = json.loads((folder / "summary.json").read_text())
    except (OSError, ValueError) as e:
        raise UserError(f"cannot read summary.json: {e}", str(folder)) from None
    rows = [{"group": "all", **summary["kpis"]}]
    rows += [{"group": g, **k} for g, k in summary.get("kpis_by_group", {}).items()]
    df = pd.DataFrame(rows).fillna(value=np.nan)
    df.insert(0, "seed", summary["seed"])
    return df


def _runs(folder: Path) -> pd.DataFrame:
    if not folder.is_dir():
        raise UserError("is not a folder (give a run folder of `govsim run`, or a folder of them)", str(folder))
    if (folder / "summary.json").is_file():
        return _run_rows(folder)
    subs = sorted(p for p in folder.iterdir() if (p / "summary.json").is_file())
    if not subs:
        raise UserError("holds no run: no summary.json in it or in its sub-folders", str(folder))
    df = pd.concat([_run_rows(p) for p in subs], ignore_index=True)
    dup = df.loc[df.group == "all", "seed"].duplicated()
    if dup.any():
        raise UserError("holds several runs with the same seed; replicates need distinct seeds", str(folder))
    return df


def compare_runs(a: Path, b: Path, kpis=None, level: float = LEVEL) -> pd.DataFrame:
    """B against A, paired by seed."""
    la, lb = labels(Path(a), Path(b))
    return compare_frames(_runs(Path(a)), _runs(Path(b)), la, lb, kpis, level)


def compare_frames(da: pd.DataFrame, db: pd.DataFrame, la: str, lb: str, kpis=None,
                   level: float = LEVEL) -> pd.DataFrame:
    """B's KPI rows against A's (columns seed, group, KPIs), paired by seed."""
    common = sorted(set(da.seed) & set(db.seed))
    if not common:
        raise UserError(f"no runs share a seed (A: {sorted(set(da.seed))[:5]}, B: {sorted(set(db.seed))[:5]}); "
                        "paired comparison needs the same seeds", "compare")
    kpis = list(kpis) if kpis else [k for k in da.columns if k not in ("seed", "group") and k in db.columns]
    merged = db.merge(da, on=["seed", "group"], suffixes=("_p", "_b"))
    return pd.DataFrame(_rows("policy", lb, la, merged, kpis, level), columns=COLUMNS)


def population_note(a: Path, b: Path) -> str | None:
    """A warning when two run folders simulate different communities (paired by seed, yet not a policy pair)."""

    def population(folder: Path):
        first = folder if (folder / "summary.json").is_file() else next(
            p for p in sorted(folder.iterdir()) if (p / "summary.json").is_file())
        summary = json.loads((first / "summary.json").read_text())
        return sorted(summary.get("kpis_by_community", {})), summary.get("residents")

    (ca, ra), (cb, rb) = population(Path(a)), population(Path(b))
    return world_note("runs", {"communities": ca, "residents": ra}, {"communities": cb, "residents": rb})


def world_note(what: str, fa: dict, fb: dict) -> str | None:
    """A note when two runs or scenarios simulate different worlds (``communities``, ``residents`` and, for
    scenarios, ``days`` of each), so that their pairs are not a policy's effect alone."""
    if fa == fb:
        return None
    days = "days" in fa
    a = f"{len(fa['communities'])} communities, {fa['residents']:,} residents"
    a += f", {fa['days']} days" if days else ""
    b = f"{len(fb['communities'])}, {fb['residents']:,}" + (f", {fb['days']}" if days else "")
    return (f"note: the two {what} simulate different {'worlds' if days else 'communities'} (A: {a}; B: {b}): "
            f"each difference mixes the policy with who lives there" + (" and for how long" if days else ""))


def labels(a: Path, b: Path) -> tuple[str, str]:
    """Short names for two folders: their names, or their last two parts where the names are the same."""
    if a.name != b.name:
        return a.name, b.name
    return f"{a.parent.name}/{a.name}", f"{b.parent.name}/{b.name}"


# ------------------------------------------------------------------ a sweep


def parse_levels(text: str | None, levers: dict, source: str = "--baseline") -> dict:
    """``one_stop=off,grid.volunteers_per_grid=2`` as ``{lever: level}`` (levels as in the experiment); a bad
    item is a one-line error from ``source`` (the option that gave it)."""
    from sim.scenario import parse_value

    out: dict = {}
    for item in filter(None, (s.strip() for s in (text or "").split(","))):
        key, eq, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key:
            raise UserError(f"'{item}' should be lever=value, e.g. one_stop=off or grid.volunteers_per_grid=2",
                            source)
        name = key if key in levers else f"{key}.enabled" if f"{key}.enabled" in levers else None
        if name is None:
            raise UserError(f"'{key}' is not a lever of this sweep; its levers: {', '.join(levers) or 'none'}",
                            source)
        words = {"on": True, "off": False, "yes": True, "no": False}
        parsed = words.get(value.lower(), parse_value(value))
        match = [lv for lv in levers[name] if _same(lv, parsed)]
        if not match:
            raise UserError(f"{name}={value} is not one of its levels: {', '.join(fmt(v) for v in levers[name])}",
                            source)
        out[name] = match[0]
    return out


def _same(a, b) -> bool:
    """Two levels are the same (a switch is never the same as a number)."""
    flags = isinstance(a, (bool, np.bool_)), isinstance(b, (bool, np.bool_))
    if any(flags):
        return all(flags) and bool(a) == bool(b)
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def sweep_rows(root: Path) -> tuple[dict, pd.DataFrame]:
    """A sweep's experiment and its finished runs' KPI rows (group all and each resident group)."""
    from sim.experiments.store import Store

    store = Store(Path(root))
    exp = store.experiment()
    df = store.kpis()
    if df.empty:
        raise UserError("has no finished runs yet", str(root))
    df = df[df.scope.isin(["all", "group"])].rename(columns={"name": "group"})
    return exp, df


def compare_sweep(root: Path, by: str = "lever", baseline: str | None = None, kpis=None,
                  level: float = LEVEL) -> pd.DataFrame:
    """Each lever's levels (``by="lever"``) or each policy (``by="policy"``) against the baseline."""
    exp, df = sweep_rows(root)
    kpis = list(kpis or exp["kpis"])
    levers = {name: list(levels) for name, levels in exp["levers"].items()}
    if by == "policy":
        return _by_policy(df, levers, baseline, kpis, level)
    if by != "lever":
        raise UserError(f"'{by}' is not allowed; allowed: lever, policy", "--by")
    if not levers:
        raise UserError("this sweep has no levers to compare", "--by lever")
    base = parse_levels(baseline, levers)
    rows, skipped = [], []
    for name, levels in levers.items():
        col = f"param:{name}"
        b = base.get(name, levels[0])
        keys = [c for c in df.columns if c.startswith("param:") and c != col and c[6:] in levers]
        keys += ["point", "replicate", "group"]
        at_base = df[[_same(v, b) for v in df[col]]]
        for v in levels:
            if _same(v, b):
                continue
            at_v = df[[_same(x, v) for x in df[col]]]
            merged = at_v.merge(at_base, on=keys, suffixes=("_p", "_b"))
            if merged.empty:  # a list design: no two policies differ in this lever alone
                skipped.append(f"{name}={fmt(v)}")
                continue
            rows += _rows(name, fmt(v), fmt(b), merged, kpis, level)
    if not rows:
        raise UserError("no two policies differ in one lever alone, so no lever can be compared by itself; "
                        "use --by policy", "--by lever")
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs["skipped"] = skipped
    return out


def find_policy(df: pd.DataFrame, levers: dict, text: str, source: str = "--baseline") -> int:
    """The one policy of a sweep's rows (columns ``policy``, ``policy_name``, ``param:<lever>``) that ``text``
    names: a policy's name, or lever levels (``one_stop=off,grid.volunteers_per_grid=2``); else a one-line
    error from ``source`` that lists the policies it could mean."""
    names = df.groupby("policy")["policy_name"].first().to_dict()
    by_name = [p for p, n in names.items() if n == text.strip()]
    if by_name:
        return by_name[0]
    want = parse_levels(text, levers, source)
    first = df.groupby("policy").first()
    hits = [p for p in names if all(_same(first.loc[p, f"param:{k}"], v) for k, v in want.items())]
    if len(hits) != 1:
        listed = "; ".join(names[p] for p in (hits or list(names))[:5])
        raise UserError(f"'{text}' matches {len(hits)} policies, not one: {listed}", source)
    return hits[0]


def _by_policy(df: pd.DataFrame, levers: dict, baseline: str | None, kpis, level: float) -> pd.DataFrame:
    names = df.groupby("policy")["policy_name"].first().to_dict()
    base = find_policy(df, levers, baseline) if baseline else 0 if 0 in names else min(names)
    at_base = df[df.policy == base]
    rows = []
    for p, name in names.items():
        if p == base:
            continue
        merged = df[df.policy == p].merge(at_base, on=["point", "replicate", "group"], suffixes=("_p", "_b"))
        rows += _rows("policy", name, names[base], merged, kpis, level)
    return pd.DataFrame(rows, columns=COLUMNS)


# ------------------------------------------------------------------ tables


def _cell(mean, lo, hi) -> str:
    if not np.isfinite(mean):
        return "-"
    if not np.isfinite(lo):
        return f"{mean:+.4g}"
    return f"{mean:+.4g} [{lo:+.3g}, {hi:+.3g}]"


def format_table(rows: pd.DataFrame, level: float = LEVEL) -> str:
    """Each comparison: the KPIs overall (baseline, policy, difference and interval), then by group."""
    blocks = []
    for (factor, lv, base), part in rows.groupby(["factor", "level", "baseline_level"], sort=False):
        allg = part[part.group == "all"]
        head = (f"{factor} = {lv} vs {base}" if factor != "policy" else f"{lv} vs {base}")
        n = int(allg.n.max()) if len(allg) else 0
        lines = [f"{head}  ({n} pairs, {level:.0%} interval of the paired difference)"]
        width = max([len(k) for k in part.kpi] + [3])
        lines.append(f"  {'kpi':{width}s} {'baseline':>12s} {'policy':>12s}  difference [interval]")
        for r in allg.itertuples():
            sides = " ".join(f"{v:12.4g}" if np.isfinite(v) else f"{'':12s}" for v in (r.baseline, r.policy))
            lines.append(f"  {r.kpi:{width}s} {sides}  {_cell(r.diff, r.lo, r.hi)}")
        groups = part[part.group != "all"]
        if len(groups):
            wide = groups.assign(cell=[_cell(r.diff, r.lo, r.hi) for r in groups.itertuples()]).pivot(
                index="kpi", columns="group", values="cell")
            wide = wide.reindex([k for k in dict.fromkeys(part.kpi) if k in wide.index])
            lines.append("  by resident group (difference [interval]):")
            with pd.option_context("display.width", 250, "display.max_columns", None):
                lines += ["  " + s for s in wide.fillna("-").to_string().splitlines()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
