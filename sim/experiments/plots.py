"""Figures of a paired comparison: ``compare.png`` and one effect plot per lever of a sweep.

- ``compare.png``: one panel per KPI (at most 12: those asked for, else those
  that moved most; the rest are named by the command); each comparison's
  difference overall and by resident group with its interval, a line at zero,
  the axis in the KPI's unit. Who gains and who is left out reads off one panel.
- ``effects_<lever>.png`` (sweeps): one panel per KPI; the effect of each of
  the lever's levels against its baseline level (zero at the baseline),
  overall with its interval and each resident group as a faint line.
- ``attribution.png`` (``govsim attribute``): one panel per KPI; a waterfall
  of each unit's Shapley value for all residents, each bar starting where
  the one before ended, with its interval, down to the package's total.
- ``pareto.png`` (``govsim optimize``): every trial of a policy search, one
  panel per pair of objectives; trials over the budget as crosses, the
  feasible Pareto front highlighted, the status quo and the recommended policy
  marked.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sim.viz.plain import plain_text

MAX_PANELS = 12
LABEL_WIDTH = 32  # characters of a row label's line; longer labels wrap, whole


def _grid(n: int, lines: int = 8):
    cols = min(3, n)
    rows = math.ceil(n / cols)
    height = max(2.9, 0.2 * lines)  # room for `lines` labelled rows in a panel
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 0.6 + height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes.flat


def _err(part: pd.DataFrame) -> np.ndarray:
    lo = np.where(np.isfinite(part.lo), part["diff"] - part.lo, 0.0)
    hi = np.where(np.isfinite(part.hi), part.hi - part["diff"], 0.0)
    return np.vstack([lo, hi])


def _unit(kpi: str) -> str:
    from sim import registry

    kpi_def = registry.by_name().get(kpi)
    return kpi_def.unit if kpi_def is not None else ""


def _wrapped(label: str) -> str:
    """A row label whole, on two or more lines when long (cut, ``…_per_participation=10`` named nothing)."""
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH, break_long_words=False,
                                   break_on_hyphens=False)) or label


def _label_rows(ax, y, labels, title: str, unit: str = "") -> None:
    """A panel of horizontal rows (one per label) around a line at zero, its axis in the KPI's unit."""
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, [_wrapped(s) for s in labels], fontsize=7)
    ax.set_title(title, fontsize=9)
    if unit:
        ax.set_xlabel(f"difference ({unit})", fontsize=8)
    ax.grid(axis="x", alpha=0.3)


def panel_kpis(rows: pd.DataFrame, asked=None) -> tuple[list[str], list[str]]:
    """The KPIs a figure of ``rows`` draws and those it leaves out, at most ``MAX_PANELS`` drawn: those asked
    for first, in their order; else those that moved most for all residents (largest |difference| relative to
    the baseline's value, in any comparison). The drawn keep the table's order."""
    kpis = list(dict.fromkeys(rows.kpi))
    if len(kpis) <= MAX_PANELS:
        return kpis, []
    if asked:
        chosen = [k for k in dict.fromkeys(asked) if k in kpis][:MAX_PANELS]
    else:
        overall = rows[rows.group == "all"]
        with np.errstate(divide="ignore", invalid="ignore"):
            moved = (overall["diff"].abs() / overall["baseline"].abs()).where(overall["diff"] != 0, 0.0)
        moved = moved.replace([np.inf], np.finfo(float).max).fillna(-1.0)
        rank = moved.groupby(overall.kpi).max().reindex(kpis).fillna(-1.0)
        chosen = list(rank.sort_values(ascending=False, kind="stable").index[:MAX_PANELS])
    chosen = set(chosen)
    return [k for k in kpis if k in chosen], [k for k in kpis if k not in chosen]


@plain_text
def compare_figure(rows: pd.DataFrame, title: str = "", kpis=None):
    """Differences and intervals, one panel per KPI (``kpis``, default the first ``MAX_PANELS``), one row per
    (comparison, group)."""
    kpis = list(kpis) if kpis is not None else list(dict.fromkeys(rows.kpi))[:MAX_PANELS]
    long = any(len(str(x)) > LABEL_WIDTH for x in rows.level) if len(rows) else False
    per_panel = int(rows.groupby("kpi").size().max()) if len(rows) else 1
    fig, axes = _grid(max(1, len(kpis)), per_panel * (2 if long else 1))
    several = rows[["factor", "level"]].drop_duplicates().shape[0] > 1
    for ax, k in zip(axes, kpis):
        part = rows[rows.kpi == k].iloc[::-1]
        names = [lv if f == "policy" else f"{f.rsplit('.', 1)[-1]}={lv}" for f, lv in zip(part.factor, part.level)]
        labels = [(f"{n}: {g}" if several else g) for n, g in zip(names, part.group)]
        y = np.arange(len(part))
        for is_all, color in ((True, "black"), (False, "tab:blue")):
            sel = (part.group == "all").to_numpy() == is_all
            if sel.any():
                ax.errorbar(part["diff"][sel], y[sel], xerr=_err(part[sel]), fmt="o", ms=4, color=color, capsize=3)
        _label_rows(ax, y, labels, k, _unit(k))
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


@plain_text
def effect_figure(rows: pd.DataFrame, lever: str, kpis=None):
    """A lever's effect by level (zero at the baseline level), one panel per KPI (``kpis``, default the first
    ``MAX_PANELS``)."""
    part = rows[rows.factor == lever]
    kpis = [k for k in (kpis if kpis is not None else list(dict.fromkeys(part.kpi))[:MAX_PANELS])
            if k in set(part.kpi)]
    base = part.baseline_level.iloc[0]
    levels = [base] + list(dict.fromkeys(part.level))
    x = np.arange(len(levels))
    fig, axes = _grid(max(1, len(kpis)))
    for ax, k in zip(axes, kpis):
        kp = part[part.kpi == k]
        for group, g in kp.groupby("group", sort=False):
            pos = [levels.index(lv) for lv in g.level]
            if group == "all":
                ax.errorbar([0, *pos], [0.0, *g["diff"]], yerr=np.hstack([[[0], [0]], _err(g)]), color="black",
                            marker="o", capsize=3, label="all", zorder=3)
            else:
                ax.plot([0, *pos], [0.0, *g["diff"]], lw=0.9, alpha=0.6, label=group)
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_xticks(x, levels, fontsize=8)
        ax.set_title(f"{k} (vs {base})", fontsize=9)
        if _unit(k):
            ax.set_ylabel(f"difference ({_unit(k)})", fontsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle(f"effect of {lever}", fontsize=10)
    fig.tight_layout()
    return fig


@plain_text
def save_compare(rows: pd.DataFrame, out: Path, title: str = "", per_lever: bool = False,
                 asked=None) -> tuple[list[Path], list[str]]:
    """Write compare.png (overall and by group) and, for a sweep's levers, effects_<lever>.png, each with the
    panels of ``panel_kpis`` (``asked``: the KPIs the user asked for); (files written, KPIs left out)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    kpis, left_out = panel_kpis(rows, asked)
    fig = compare_figure(rows, title, kpis)
    fig.savefig(out / "compare.png", dpi=110)
    plt.close(fig)
    written.append(out / "compare.png")
    if per_lever:
        for lever in dict.fromkeys(rows.factor):
            fig = effect_figure(rows, lever, kpis)
            path = out / f"effects_{re.sub(r'[^A-Za-z0-9_.-]+', '_', lever)}.png"
            fig.savefig(path, dpi=110)
            plt.close(fig)
            written.append(path)
    return written, left_out


@plain_text
def attribution_figure(table: pd.DataFrame, kpis, title: str = ""):
    """Each unit's contribution to each KPI (all residents) as a waterfall adding up to the total."""
    from sim.experiments.attribute_blocks import RESERVED

    overall = table[(table.group == "all") & table.kpi.isin(list(kpis))]
    kpis = [k for k in dict.fromkeys(kpis) if k in set(overall.kpi)][:MAX_PANELS]
    units = list(dict.fromkeys(overall.unit))
    fig, axes = _grid(max(1, len(kpis)), len(units) + 1)
    for ax, k in zip(axes, kpis):
        part = overall[overall.kpi == k].set_index("unit").reindex(units)
        y = -np.arange(len(units))
        start = 0.0
        for yi, unit in zip(y, units):
            row = part.loc[unit]
            value = float(row.value) if np.isfinite(row.value) else 0.0
            # up or down, not good or bad: fewer days to close is down and good
            left, color = (0.0, "dimgrey") if unit == RESERVED else (start, "tab:blue" if value >= 0 else "tab:orange")
            ax.barh(yi, value, left=left, color=color, height=0.7)
            end = left + value
            if np.isfinite(row.lo):
                ax.errorbar(end, yi, xerr=[[value - row.lo], [row.hi - value]], color="black", capsize=2, lw=0.8)
            if unit != RESERVED:
                start = end
        _label_rows(ax, y, units, k, _unit(k))
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def save_attribution(table: pd.DataFrame, kpis, path: Path, title: str = "") -> Path:
    """Write ``attribution.png``."""
    fig = attribution_figure(table, kpis, title)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


@plain_text
def save_pareto(trials: pd.DataFrame, objectives, status_quo: dict, recommended: dict | None, path: Path,
                title: str = "") -> Path:
    """Write pareto.png: each pair of objectives (``Objective.label`` columns of ``trials``) as a panel."""
    pairs = [(a, b) for i, a in enumerate(objectives) for b in objectives[i + 1:]][:MAX_PANELS]
    fig, axes = _grid(len(pairs))
    feasible = trials.feasible.to_numpy(bool) if len(trials) else np.zeros(0, bool)
    front = feasible & (trials.pareto.to_numpy(bool) if len(trials) else feasible)
    rec = trials[trials.trial == recommended["trial"]] if recommended else trials.iloc[:0]
    for ax, (a, b) in zip(axes, pairs):
        x, y = trials[a.label].to_numpy(float), trials[b.label].to_numpy(float)
        ax.scatter(x[feasible & ~front], y[feasible & ~front], s=14, color="0.65", label="trial")
        ax.scatter(x[~feasible], y[~feasible], s=16, marker="x", color="tab:red", alpha=0.5, label="over budget")
        ax.scatter(x[front], y[front], s=26, color="tab:blue", zorder=3, label="Pareto front")
        if len(pairs) == 1 and front.any():  # with two objectives the front is a line
            order = np.argsort(x[front])
            ax.plot(x[front][order], y[front][order], color="tab:blue", lw=1, alpha=0.6, zorder=2)
        ax.scatter([status_quo[a.label]], [status_quo[b.label]], s=50, marker="s", color="black", zorder=4,
                   label="status quo")
        if len(rec):
            ax.scatter(rec[a.label], rec[b.label], s=160, marker="*", color="tab:orange", edgecolor="black",
                       zorder=5, label="recommended")
        ax.set_xlabel(f"{a.label} ({'higher' if a.sign > 0 else 'lower'} is better)", fontsize=8)
        ax.set_ylabel(f"{b.label} ({'higher' if b.sign > 0 else 'lower'} is better)", fontsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
