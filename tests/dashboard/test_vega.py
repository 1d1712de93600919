"""The dashboard's Vega-Lite charts carry the same numbers as the matplotlib figures, and work offline."""

from __future__ import annotations

import json
import math

import pytest

from sim.viz import assets, charts, vega
from sim.viz.workshop_model import WorkshopModel


@pytest.fixture(scope="module")
def wm():
    m = WorkshopModel("shanghai-centre", residents=900)
    for _ in range(10):
        m.step()
    return m


def test_the_lines_carry_each_sides_daily_kpis(wm):
    spec = vega.kpi_lines_spec(wm, ["counter_wait_min", "requests"])
    json.dumps(spec, allow_nan=False)  # valid JSON: no NaN
    rows = spec["data"]["values"]
    policy = [r for r in rows if r["kpi"] == "Counter wait (min)" and r["side"] == "Policy"]
    expected = charts.daily_kpis(wm.policy, ["counter_wait_min"])["counter_wait_min"]
    assert [r["day"] for r in policy] == list(expected.index)
    for r, v in zip(policy, expected):
        assert (r["value"] is None) if math.isnan(v) else r["value"] == pytest.approx(v)
    assert {r["side"] for r in rows} == {"Policy", "Baseline (mechanisms off)"}


def test_the_group_bars_start_at_zero_and_the_difference_is_policy_minus_baseline(wm):
    spec = vega.group_spec(wm, "satisfaction_mean", "zh")
    bars, diff = spec["hconcat"]
    assert bars["encoding"]["y"]["scale"]["zero"] is True  # never a zoomed axis that exaggerates
    values = charts.group_values(wm, "satisfaction_mean")
    assert [r["value"] for r in diff["data"]["values"]] == pytest.approx(
        list(values["policy"] - values["baseline"]))
    json.dumps(spec, allow_nan=False)


def test_the_asset_folder_answers_the_names_the_chart_widget_asks_for(tmp_path):
    shipped = tmp_path / "cdn"
    for name in ("vega@5.21.0", "vega-lite@5.2.0", "vega-embed@6.20.2", "requirejs@2.3.6"):
        (shipped / name / "build").mkdir(parents=True)
        (shipped / name / "build" / "x.js").write_text(name)
    folder = assets.offline_cdn(tmp_path / "out", shipped)
    assert (folder / "vega@5" / "build" / "x.js").read_text() == "vega@5.21.0"
    assert (folder / "vega-lite@5" / "build" / "x.js").read_text() == "vega-lite@5.2.0"
    assert (folder / "vega-embed@6" / "build" / "x.js").read_text() == "vega-embed@6.20.2"
    assert (folder / "requirejs@2.3.6").is_dir()
    assert assets.offline_cdn(tmp_path / "none", tmp_path / "missing") is None


def test_the_kpi_table_shows_counts_as_whole_numbers():
    from sim.viz.components import _fmt

    assert _fmt(252.0, count=True) == "252"  # not 252.000
    assert _fmt(0.7512) == "0.751" and _fmt(-0.0001) == "0.000" and _fmt(float("nan")) == "-"
