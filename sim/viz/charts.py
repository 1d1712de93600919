"""The dashboard's pictures as matplotlib figures, drawn from a ``WorkshopModel``'s counters.

Pure functions (no solara), so the notebooks, the benchmark and the tests
draw exactly what the dashboard shows:

- ``daily_kpis``: each KPI per day for all communities together; flows over
  the last ``SMOOTH_DAYS`` days (a day's ratio is too noisy to read), states
  (``snapshot`` KPIs such as the backlog) as of each day;
- ``kpi_lines_figure``: those KPIs over time, policy (solid) against baseline (dashed);
- ``kpi_table``: every KPI of interest so far, policy, baseline and difference;
- ``group_figure``: one KPI by resident group, policy against baseline;
- ``community_map``: each community's households as cells, within their
  grids' borders, coloured by the mean satisfaction (or trust) of their
  residents, or by their grid's unmet need (``sim.viz.unmet``: needs missed in
  the last 30 days plus requests waiting past the deadline, per 100
  residents), policy beside baseline.

Figures are ``matplotlib.figure.Figure`` objects, not pyplot ones: the
dashboard draws from server threads, where pyplot's global state is unsafe.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.viz.plain import plain_text
from sim.enums import Group
from sim.results import Results
from sim.registry import by_name, kpis_of_interest
from sim.viz import i18n

SMOOTH_DAYS = 7  # flows are shown as their ratio over the last week
DEFAULT_KPIS = ("satisfaction_mean", "close_days", "unmet_need_share", "counter_wait_min")
UNMET = "unmet_need"  # the map's colouring by grid (sim.viz.unmet); the others are resident attributes
MAP_ATTRS = ("satisfaction", UNMET, "trust")


def _pooled(model) -> Results:
    """A run's counters so far with its communities added together."""
    days = model.day
    return Results(model.acc[:days].sum(axis=1, keepdims=True), model.ledger[:days].sum(axis=1, keepdims=True),
                   ["all"], model.scenario.name, model.scenario.seed, model.pop.n)


def daily_kpis(model, names) -> pd.DataFrame:
    """KPIs per day (index: day), flows over the last ``SMOOTH_DAYS`` days, counts as a daily mean."""
    names = list(names)
    res = _pooled(model)
    if res.acc.shape[0] == 0:
        return pd.DataFrame(columns=names, dtype=float)
    defs = by_name()
    now = res.timeseries().set_index("day")
    roll = Results(_rolling_sum(res.acc), _rolling_sum(res.ledger), ["all"], res.scenario, res.seed,
                   res.residents)
    week = roll.timeseries().set_index("day")
    window = np.minimum(np.arange(res.acc.shape[0]) + 1, SMOOTH_DAYS)
    out = {}
    for k in names:
        d = defs[k]
        if d.snapshot or d.window:  # states, and the survey (already a wave carried forward)
            out[k] = now[k]
        elif d.den is None:
            out[k] = week[k] / window
        else:
            out[k] = week[k]
    return pd.DataFrame(out)


def _rolling_sum(a: np.ndarray) -> np.ndarray:
    c = np.cumsum(a, axis=0)
    c[SMOOTH_DAYS:] = c[SMOOTH_DAYS:] - c[:-SMOOTH_DAYS]
    return c


def chart_kpis(wm, most: int = 6) -> list[str]:
    """The KPIs to chart by default: the headline KPIs of the mechanisms switched on, then the main ones.

    Each mechanism's ``HEADLINE`` (``sim.policies``): first every mechanism's
    main KPI, then their second ones, then ``DEFAULT_KPIS``, up to ``most``.
    """
    from sim import registry

    heads = [p.HEADLINE for p in registry.MECHANISMS if p.SECTION in set(wm.active())]
    ranked = [h[i] for i in range(max(map(len, heads), default=0)) for h in heads if i < len(h)]
    mech = list(dict.fromkeys(ranked))[: most - 3]  # room for the three main ones
    return list(dict.fromkeys([*mech, *DEFAULT_KPIS]))[:most]


@plain_text
def kpi_lines_figure(wm, names=None, lang: str = "en") -> Figure:
    """KPIs over time: the policy (solid) against the baseline (dashed), same seed."""
    names = list(names or chart_kpis(wm))
    series = {side: daily_kpis(m, names) for side, m in wm.sides().items()}
    cols = 2 if len(names) > 1 else 1
    rows = math.ceil(len(names) / cols)
    # A fixed layout: matplotlib's automatic ones cost more than the drawing, and this is redrawn every day.
    # Margins in inches, so the titles and the day axis's label fit however many rows there are.
    height = 2.4 * rows + 0.9
    fig = Figure(figsize=(6.0 * cols, height))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.6 / height, top=1 - 0.3 / height, hspace=0.45,
                        wspace=0.18)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True).ravel()
    for ax, k in zip(axes, names):
        for side, style in (("baseline", dict(ls="--", color="0.45")), ("policy", dict(ls="-", color="C0"))):
            y = series[side][k] if k in series[side] else pd.Series(dtype=float)
            ax.plot(y.index, y.values, lw=1.5, label=i18n.ui(side, lang), **style)
        # A fixed title position (y given) and few ticks: placing them automatically cost most of a day's redraw.
        ax.set_title(i18n.kpi(k, lang), fontsize=10, y=1.0, pad=4)
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.grid(alpha=0.3)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    for ax in axes[-cols:]:
        ax.set_xlabel(i18n.ui("day", lang))
    axes[0].legend(fontsize=8, loc="best")
    return fig


def kpi_table(wm, lang: str = "en") -> pd.DataFrame:
    """KPIs of the days so far: policy, baseline and their difference (same seed, so the policy's effect)."""
    names = kpis_of_interest(set(wm.active()))
    pol, base = wm.policy.results().kpis(), wm.baseline.results().kpis()
    df = pd.DataFrame({i18n.ui("policy", lang): [pol[k] for k in names],
                       i18n.ui("baseline", lang): [base[k] for k in names]},
                      index=[i18n.kpi(k, lang) for k in names])
    df[i18n.ui("difference", lang)] = df.iloc[:, 0] - df.iloc[:, 1]
    df.insert(0, "kpi", names)
    return df


def group_values(wm, kpi: str) -> pd.DataFrame:
    """One KPI by resident group so far (rows: group labels; columns: policy, baseline)."""
    by = {side: m.results().kpis_by_group() for side, m in wm.sides().items()}
    groups = [g.label for g in Group if g != Group.CHILD]
    return pd.DataFrame({side: [by[side][g].get(kpi, np.nan) for g in groups] for side in by}, index=groups)


@plain_text
def group_figure(wm, kpi: str = "satisfaction_mean", lang: str = "en") -> Figure:
    """A KPI by resident group: policy beside baseline, and their difference (who gains, who is left out)."""
    df = group_values(wm, kpi)
    fig = Figure(figsize=(11.0, 3.8))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.22, top=0.86, wspace=0.2)
    ax, dx = fig.subplots(1, 2)
    x = np.arange(len(df))
    labels = [i18n.group(g, lang) for g in df.index]
    ax.bar(x - 0.2, df["baseline"], 0.4, color="0.6", label=i18n.ui("baseline", lang))
    ax.bar(x + 0.2, df["policy"], 0.4, color="C0", label=i18n.ui("policy", lang))
    if np.nanmin(df.to_numpy(dtype=float), initial=0.0) >= 0:
        ax.set_ylim(bottom=0)  # from zero: a zoomed axis makes small differences between groups look large
    diff = (df["policy"] - df["baseline"]).to_numpy(dtype=float)
    dx.bar(x, np.nan_to_num(diff), 0.6, color=np.where(diff >= 0, "C2", "C3"))
    dx.axhline(0, color="0.3", lw=0.8)
    for a_, title in ((ax, i18n.kpi(kpi, lang)), (dx, f"{i18n.ui('difference', lang)} "
                                                      f"({i18n.ui('policy', lang)} - {i18n.ui('baseline', lang)})")):
        a_.set_xticks(x, labels, fontsize=7, rotation=20)
        a_.set_title(title, fontsize=9)
        a_.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, 1.22), ncol=2, frameon=False)
    return fig


def household_values(model, attr: str = "satisfaction") -> np.ndarray:
    """The mean of a resident attribute in each household (households are numbered within grids)."""
    pop = model.pop
    n = np.bincount(pop.household)
    total = np.bincount(pop.household, weights=getattr(pop, attr).astype(np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


def map_values(wm, side: str, attr: str = "satisfaction") -> np.ndarray:
    """What the map shows per household: its residents' mean ``attr``, or its grid's unmet need."""
    model = wm.sides()[side]
    if attr != UNMET:
        return household_values(model, attr)
    hh_grid = household_grids(model.pop)
    per_grid = np.append(wm.unmet[side].per_100(), np.nan)
    return per_grid[hh_grid]  # -1 (no such household) picks the NaN


def household_grids(pop) -> np.ndarray:
    """The grid of each household number (-1 for a number no household has)."""
    hh_grid = np.full(int(pop.household.max()) + 1, -1, dtype=np.int64)
    hh_grid[pop.household] = pop.grid
    return hh_grid


def _square(values: np.ndarray) -> np.ndarray:
    """Values laid out row by row in a near-square picture (NaN padding)."""
    cols = max(1, math.ceil(math.sqrt(values.size)))
    img = np.full(cols * math.ceil(values.size / cols), np.nan)
    img[: values.size] = values
    return img.reshape(-1, cols)


MAP_ROWS_IN_FULL = 4  # up to this many communities, one row each on the map; more: one mosaic a side
CITY_MAP_EVERY_DAYS = 7  # a city's mosaic (its names cost most of a day's redraw) is redrawn weekly


def map_every(wm) -> int:
    """How often, in days, the dashboard redraws the map: daily for a few communities, weekly for a city."""
    return 1 if len(wm.policy.scenario.communities) <= MAP_ROWS_IN_FULL else CITY_MAP_EVERY_DAYS


def _borders(grids: np.ndarray, width: float) -> LineCollection:
    """Lines between neighbouring cells of different grids (``grids``: a picture of grid ids, NaN padding)."""
    segments = []
    right = np.argwhere(np.isfinite(grids[:, :-1]) & np.isfinite(grids[:, 1:]) & (grids[:, :-1] != grids[:, 1:]))
    segments += [((c + 0.5, r - 0.5), (c + 0.5, r + 0.5)) for r, c in right]
    below = np.argwhere(np.isfinite(grids[:-1]) & np.isfinite(grids[1:]) & (grids[:-1] != grids[1:]))
    segments += [((c - 0.5, r + 0.5), (c + 0.5, r + 0.5)) for r, c in below]
    return LineCollection(segments, colors="k", linewidths=width)


@plain_text
def _city_map(names, hh_comm, hh_grid, values, sides, cmap, lo, hi, lang):
    """Many communities: per side one mosaic of the communities' squares (a cell between them), named."""
    squares = [np.flatnonzero(hh_comm == c) for c in range(len(names))]
    shapes = [_square(np.zeros(h.size)).shape for h in squares]
    tile_h, tile_w = max(r for r, _ in shapes) + 1, max(c for _, c in shapes) + 1
    cols = math.ceil(math.sqrt(len(names)))
    rows = math.ceil(len(names) / cols)

    def mosaic(per_household):
        img = np.full((rows * tile_h, cols * tile_w), np.nan)
        for c, households in enumerate(squares):
            sq = _square(per_household[households].astype(float))
            r0, c0 = (c // cols) * tile_h + 1, (c % cols) * tile_w
            img[r0 : r0 + sq.shape[0], c0 : c0 + sq.shape[1]] = sq
        return img

    grids = mosaic(hh_grid)
    fig = Figure(figsize=(11.0, 5.6 * rows * tile_h / (cols * tile_w) + 0.8))
    fig.subplots_adjust(left=0.01, right=0.82, bottom=0.02, top=0.92, wspace=0.04)
    image = None
    for j, side in enumerate(sides):
        ax = fig.add_subplot(1, 2, j + 1)
        image = ax.imshow(mosaic(values[side]), cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
        ax.add_collection(_borders(grids, 0.3))
        # Names on the first side only: both sides have the same layout, and drawing text is most of the cost.
        for c, name in enumerate(names if j == 0 else ()):
            ax.text((c % cols) * tile_w - 0.5, (c // cols) * tile_h + 0.5, name, fontsize=4.5, va="bottom")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(i18n.ui(side, lang), fontsize=9)
    return fig, image


@plain_text
def community_map(wm, attr: str = "satisfaction", lang: str = "en") -> Figure:
    """Each community as its households (cells, in grid order) coloured by ``map_values``.

    Thin lines are the grids' borders (``grids.households_per_grid`` households each);
    policy on the left, baseline on the right, one colour scale (red is bad:
    low satisfaction or trust, high unmet need).
    """
    if attr not in MAP_ATTRS:
        raise ValueError(f"colour by one of {MAP_ATTRS}, not {attr!r}")
    sides = wm.sides()
    names = [c.name for c in wm.policy.scenario.communities]
    pop = wm.policy.pop  # both runs have the same residents in the same households and grids
    hh_grid = household_grids(pop)
    hh_comm = np.full_like(hh_grid, -1)
    hh_comm[pop.household] = pop.community
    values = {side: map_values(wm, side, attr) for side in sides}
    lo = min(np.nanmin(v) for v in values.values())
    hi = max(np.nanmax(v) for v in values.values())
    if attr == UNMET:
        lo, hi = 0.0, max(hi, 1.0)  # from none; a day-0 map of zeros still needs a scale
    cmap = "RdYlGn_r" if attr == UNMET else "RdYlGn"
    if len(names) > MAP_ROWS_IN_FULL:
        fig, image = _city_map(names, hh_comm, hh_grid, values, sides, cmap, lo, hi, lang)
    else:
        fig = Figure(figsize=(6.4, 2.6 * len(names) + 0.4))
        fig.subplots_adjust(left=0.02, right=0.82, bottom=0.03, top=0.95, hspace=0.3, wspace=0.05)
        axes = fig.subplots(len(names), 2, squeeze=False)
        image = None
        for c, name in enumerate(names):
            mine = hh_comm == c
            grids = _square(hh_grid[mine].astype(float))
            for j, side in enumerate(sides):
                ax = axes[c, j]
                image = ax.imshow(_square(values[side][mine]), cmap=cmap, vmin=lo, vmax=hi,
                                  interpolation="nearest")
                ax.add_collection(_borders(grids, 0.6))
                ax.set_xticks([])
                ax.set_yticks([])
                ax.set_title(f"{name}: {i18n.ui(side, lang)}", fontsize=9)
    cax = fig.add_axes((0.84, 0.1, 0.025, 0.8))  # room for the scale's label
    fig.colorbar(image, cax=cax, label=i18n.ui("unmet_need_scale" if attr == UNMET else attr, lang))
    return fig
