"""Paired KPIs: a policy run against its paired baseline."""

import numpy as np
import pytest

from sim.results import paired_kpis


def test_cost_per_satisfaction_point_is_the_extra_money_per_point_gained_over_the_paired_baseline():
    base = {"satisfaction": 0.76, "cost_yuan": 1e5}
    assert paired_kpis({"satisfaction": 0.80, "cost_yuan": 5e5}, base)["cost_per_satisfaction_point"] == \
        pytest.approx(4e5 / 4.0)
    assert np.isnan(paired_kpis({"satisfaction": 0.75, "cost_yuan": 5e5}, base)["cost_per_satisfaction_point"])
