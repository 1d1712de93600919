"""What a unit of effect costs over paired runs: the ratio of mean extra cost to mean gain, with an interval."""

import math

import numpy as np
import pytest

from sim.experiments.cost_effect import per_unit, ratio


def test_yuan_per_point_is_the_mean_extra_cost_over_the_mean_gain():
    policy = {"cost_yuan": [5e5, 6e5, 4e5], "satisfaction": [0.80, 0.81, 0.79]}
    baseline = {"cost_yuan": [1e5, 1e5, 1e5], "satisfaction": [0.76, 0.76, 0.76]}
    value, lo, hi = per_unit(policy, baseline, 0.95)["cost_per_satisfaction_point"]
    assert value == pytest.approx(4e5 / 4.0)
    assert lo <= value <= hi


def test_no_price_when_the_policy_does_no_better():
    policy = {"cost_yuan": [5e5, 5e5], "satisfaction": [0.75, 0.74], "close_days": [3.0, 3.1]}
    baseline = {"cost_yuan": [1e5, 1e5], "satisfaction": [0.76, 0.76], "close_days": [3.0, 3.0]}
    out = per_unit(policy, baseline, 0.95)
    assert all(math.isnan(v) for v in out["cost_per_satisfaction_point"])
    assert all(math.isnan(v) for v in out["cost_per_close_day_saved"])
    assert "cost_per_unmet_need_avoided" not in out  # its KPIs are not there


def test_an_effect_that_may_be_nil_has_no_upper_end():
    dc = np.array([1e5, 1e5, 1e5, 1e5, 1e5])
    de = np.array([2.0, -1.5, 1.0, -0.5, 0.2])  # mean gain 0.24: positive, but resamples go below zero
    value, lo, hi = ratio(dc, de, 0.95)
    assert value == pytest.approx(1e5 / 0.24) and lo > 0 and math.isnan(hi)


def test_the_interval_is_the_same_for_the_same_pairs():
    dc, de = np.array([3e5, 4e5, 5e5, 2e5]), np.array([1.0, 2.0, 1.5, 1.2])
    assert ratio(dc, de, 0.9) == ratio(dc, de, 0.9)
