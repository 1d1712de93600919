"""Proactive grid visits find needs that residents did not raise.

A grid's team makes ``v`` household visits per working day among its ``H``
households, so a household is visited on a working day with probability
``p_day = min(1, v / H)``. A visit with a needs list catches a need raised
within the last ``window`` days, so a need left unraised today is found with

    p_found = 1 - (1 - p_day) ** (window * 5 / 7)

and then waits ``d`` days for the visit, ``d`` a geometric draw with
parameter ``p_day`` truncated to the window.
"""

import math

import numpy as np
from numba import njit

from sim.rng import request_counter, uniform2

_GRID = 4  # Channel.GRID


@njit(cache=True)
def find_unmet(k, day, who, channel, grid, p_day, p_found, window, delay):
    """Turn found needs (channel 0) into grid reports; ``delay[j]`` is the days until the visit, or -1."""
    for j in range(who.shape[0]):
        delay[j] = -1
        if channel[j] != 0:
            continue
        i = who[j]
        g = grid[i]
        cnt = request_counter(day, i)
        if uniform2(k, cnt, 0) >= p_found[g]:
            continue
        channel[j] = _GRID
        p = p_day[g]
        if p >= 1.0:
            delay[j] = 0
            continue
        # Inverse CDF of the geometric number of failures, truncated to the window.
        top = 1.0 - (1.0 - p) ** window
        d = int(math.floor(math.log(1.0 - uniform2(k, cnt, 1) * top) / math.log(1.0 - p)))
        delay[j] = min(d, window - 1)


def found_probability(p_day: np.ndarray, window_days: float) -> np.ndarray:
    """Chance that a visit catches a need within the window (working days only)."""
    return 1.0 - (1.0 - p_day) ** (window_days * 5.0 / 7.0)
