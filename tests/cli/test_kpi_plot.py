"""The run's KPI plot (`kpis.png`, and the report's) stays readable however many communities a scenario has."""

import numpy as np
import pandas as pd
import pytest

from sim import scenario as sc
from sim.viz.plots import MAX_LINES, PANELS, community_groups, kpi_figure


def _timeseries(scenario, days=10):
    names = [c.name for c in scenario.communities]
    rows = [{"day": d, "community": n, **{col: 0.5 + 0.01 * i for col, _, _ in PANELS}}
            for d in range(days) for i, n in enumerate(names)]
    return pd.DataFrame(rows)


def _legend(fig):
    return [line.get_label() for line in fig.axes[0].get_lines()]


def test_a_few_communities_get_a_line_each():
    s = sc.load("baseline")
    assert community_groups(s) is None
    assert _legend(kpi_figure(_timeseries(s))) == [c.name for c in s.communities]


def test_a_staged_city_gets_a_line_per_rollout_stage_with_the_mean_of_its_communities():
    s = sc.load("city-rollout")
    groups = community_groups(s)
    assert len(s.communities) > MAX_LINES and set(groups.values()) == {"pilots", "wave", "not_reformed"}
    fig = kpi_figure(_timeseries(s), groups=groups)
    assert _legend(fig) == ["pilot communities (mean of 20 communities)",
                            "reformed in the roll-out (mean of 28 communities)",
                            "not reformed (mean of 12 communities)"]
    ts = _timeseries(s)
    pilots = [n for n, k in groups.items() if k == "pilots"]
    expected = ts[ts.community.isin(pilots)].groupby("day")["satisfaction"].mean().to_numpy()
    assert np.allclose(fig.axes[0].get_lines()[0].get_ydata(), expected)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_large_unstaged_city_gets_a_line_per_community_type(lang):
    s = sc.load("city-rollout-baseline")
    groups = community_groups(s)
    assert set(groups.values()) == {"old_neighbourhood", "commercial_estate", "village_conversion"}
    assert len(_legend(kpi_figure(_timeseries(s), lang=lang, groups=groups))) == 3
