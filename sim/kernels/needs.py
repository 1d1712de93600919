"""Needs arise: competing daily hazards per resident.

A resident of community ``c``, group ``g`` and health tier ``h`` has yearly
rates ``rate[c, g, h, t]`` for each need type ``t``. Each day one draw decides
whether any need arises (``p_any = 1 - exp(-sum_t rate / 365)``), a second
picks its type in proportion to the rates: the competing-hazards form, at
most one new need per resident per day.
"""

import numpy as np
from numba import njit, prange

from sim.rng import uniform


@njit(parallel=True, cache=True)
def arise(k_any, k_kind, community, group, health, p_any, cum_rate, out_need):
    """Write the need type that arises today for each resident, or -1."""
    n_types = cum_rate.shape[3]
    for i in prange(group.shape[0]):
        c, g, h = community[i], group[i], health[i]
        need = -1
        pa = p_any[c, g, h]
        if pa > 0.0 and uniform(k_any, i) < pa:
            v = uniform(k_kind, i) * cum_rate[c, g, h, n_types - 1]
            t = 0
            while t < n_types - 1 and v >= cum_rate[c, g, h, t]:
                t += 1
            need = t
        out_need[i] = need


def hazard_tables(rates_per_year: np.ndarray):
    """``p_any`` and cumulative rates from yearly rates of shape (C, G, H, T)."""
    daily = rates_per_year / 365.0
    return 1.0 - np.exp(-daily.sum(axis=3)), np.cumsum(daily, axis=3)
