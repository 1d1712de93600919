"""Proactive visits: found with the declared chance, after a delay within the window."""

import numpy as np

from sim import rng
from sim.kernels.grid_visits import find_unmet, found_probability


def test_found_probability_by_hand():
    assert np.isclose(found_probability(np.array([0.1]), 7.0)[0], 1 - 0.9**5)


def test_unraised_needs_are_found_at_the_declared_rate_and_raised_ones_left_alone():
    n = 200_000
    who = np.arange(n, dtype=np.int64)
    channel = np.zeros(n, np.int8)
    channel[::10] = 2  # a tenth already phoned the hotline
    grid = np.zeros(n, np.int32)
    p_day, window = np.array([0.05]), 10
    p_found = 1 - (1 - p_day) ** window
    delay = np.empty(n, np.int64)
    find_unmet(rng.key(1, "g", 0), 3, who, channel, grid, p_day, p_found, window, delay)
    assert np.all(channel[::10] == 2) and np.all(delay[::10] == -1)
    unraised = np.ones(n, bool)
    unraised[::10] = False
    found = channel[unraised] == 4
    assert abs(found.mean() - p_found[0]) < 4 * np.sqrt(p_found[0] * (1 - p_found[0]) / unraised.sum())
    d = delay[unraised][found]
    assert d.min() == 0 and d.max() == window - 1
    # Truncated geometric: P(d = 0 | found) = p / (1 - (1 - p)^window).
    assert abs((d == 0).mean() - p_day[0] / p_found[0]) < 0.01
