"""The dashboard's pictures show what the counters say (policy against baseline, groups, grids)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.results import Results, kpi_values
from sim.viz import charts
from sim.viz.workshop_model import WorkshopModel


@pytest.fixture(scope="module")
def wm():
    m = WorkshopModel("shanghai-centre", residents=900)
    for _ in range(20):
        m.step()
    return m


def test_daily_kpis_match_the_run_definitions(wm):
    daily = charts.daily_kpis(wm.policy, ["close_days", "backlog", "needs"])
    assert list(daily.index) == list(range(20))
    acc = wm.policy.acc[:20]
    last_week = kpi_values(acc[-charts.SMOOTH_DAYS:])
    assert daily["close_days"].iloc[-1] == pytest.approx(last_week["close_days"])
    assert daily["needs"].iloc[-1] == pytest.approx(last_week["needs"] / charts.SMOOTH_DAYS)
    assert daily["backlog"].iloc[-1] == kpi_values(acc)["backlog"]  # a state: the last day's


def test_table_is_policy_minus_baseline(wm):
    table = charts.kpi_table(wm).set_index("kpi")
    pol = Results.from_model(wm.policy).kpis()
    base = Results.from_model(wm.baseline).kpis()
    row = table.loc["counter_wait_min"]
    assert (row.iloc[0], row.iloc[1]) == (pytest.approx(pol["counter_wait_min"]),
                                           pytest.approx(base["counter_wait_min"]))
    assert row.iloc[2] == pytest.approx(pol["counter_wait_min"] - base["counter_wait_min"])
    assert table.loc["cost_yuan"].iloc[0] > table.loc["cost_yuan"].iloc[1] > 0


def test_group_values_cover_the_adult_groups(wm):
    df = charts.group_values(wm, "satisfaction_mean")
    assert list(df.columns) == ["policy", "baseline"]
    assert "elderly_alone" in df.index and "child" not in df.index
    assert ((df > 0) & (df < 1)).all().all()


def test_map_shows_every_household_in_its_grid(wm):
    values = charts.household_values(wm.policy, "satisfaction")
    pop = wm.policy.pop
    h = int(pop.household[0])
    assert values[h] == pytest.approx(pop.satisfaction[pop.household == h].mean())
    fig = charts.community_map(wm, "trust", "zh")
    cells = fig.axes[0].images[0].get_array()
    assert np.isfinite(cells).sum() == np.unique(pop.household).size  # one cell per household
    with pytest.raises(ValueError):
        charts.community_map(wm, "age")


def test_figures_draw_policy_and_baseline(wm):
    assert charts.map_every(wm) == 1  # one community: its map is redrawn every day
    fig = charts.kpi_lines_figure(wm)
    assert len([a for a in fig.axes if a.get_visible()]) == len(charts.chart_kpis(wm))
    assert len(fig.axes[0].lines) == 2
    assert len(charts.group_figure(wm).axes) == 2


def test_default_charts_are_the_mechanisms_headline_kpis_then_the_main_ones(wm):
    shown = charts.chart_kpis(wm)  # shanghai-centre: the one-stop centre and data sharing
    assert shown[:2] == ["counter_wait_min", "visits_per_errand"]  # each mechanism's main KPI first
    assert {"satisfaction_mean", "close_days", "unmet_need_share"} <= set(shown) and len(shown) <= 6


def test_map_by_unmet_need_colours_each_household_by_its_grids_value(wm):
    pop = wm.policy.pop
    per_grid = wm.unmet["policy"].per_100()
    assert pop.n_grids > 1 and per_grid.max() > 0
    values = charts.map_values(wm, "policy", charts.UNMET)
    for g in range(pop.n_grids):
        assert np.all(values[np.unique(pop.household[pop.grid == g])] == per_grid[g])
    fig = charts.community_map(wm, charts.UNMET, "zh")
    image = fig.axes[0].images[0]
    assert image.get_clim() == (0.0, pytest.approx(max(1.0, max(np.nanmax(wm.unmet[s].per_100()) for s in wm.unmet))))
    assert image.get_cmap().name == "RdYlGn_r"  # red is more unmet need
    cells = image.get_array().compressed()
    mine = per_grid[pop.grid_community == 0]
    assert set(cells.tolist()) == set(mine.tolist())


def test_a_citys_map_is_one_mosaic_of_its_communities_a_side():
    city = WorkshopModel("city-rollout", residents=3000)
    city.step()
    fig = charts.community_map(city, charts.UNMET)
    policy, baseline, _colour_bar = fig.axes
    pop = city.policy.pop
    for ax in (policy, baseline):
        cells = ax.images[0].get_array()
        assert np.isfinite(cells).sum() == np.unique(pop.household).size  # every household of every community
    # Named once, on the policy side (the baseline's mosaic has the same layout).
    assert [t.get_text() for t in policy.texts] == [c.name for c in city.policy.scenario.communities]
    assert not baseline.texts
    assert fig.get_figheight() < 10
    # The city's mosaic is redrawn weekly on the page (its names are most of a day's redraw); a pilot's daily.
    assert charts.map_every(city) == charts.CITY_MAP_EVERY_DAYS > 1
