"""Needs arise: competing daily hazards per resident.

A resident of community ``c``, group ``g`` and health tier ``h`` has yearly
rates ``rate[c, g, h, t]`` for each need type ``t``. Each day one draw decides
whether any need arises (``p_any = 1 - exp(-sum_t rate / 365)``), a second
picks its type in proportion to the rates: the competing-hazards form, at
most one new need per resident per day.

The first draw runs over every resident against a per-resident probability
(``daily_probability``), a loop the compiler vectorises; the second runs only
for the residents whose need arose.
"""

import numpy as np
from numba import njit, prange

from sim.kernels import PARALLEL_MIN
from sim.rng import uniform


def hazard_tables(rates_per_year: np.ndarray):
    """``p_any`` and cumulative daily rates from yearly rates of shape (C, G, H, T)."""
    daily = rates_per_year / 365.0
    return 1.0 - np.exp(-daily.sum(axis=3)), np.cumsum(daily, axis=3)


def daily_probability(community, group, health, p_any) -> np.ndarray:
    """Each resident's chance that some need arises on a day (refresh when health changes)."""
    return p_any[community, group, health].astype(np.float32)


@njit(cache=True)
def _mark_serial(k_any, p_need, flag):
    for i in range(p_need.shape[0]):
        flag[i] = uniform(k_any, i) < p_need[i]


@njit(parallel=True, cache=True)
def _mark_parallel(k_any, p_need, flag):
    for i in prange(p_need.shape[0]):
        flag[i] = uniform(k_any, i) < p_need[i]


@njit(cache=True)
def pick_types(k_kind, who, community, group, health, cum_rate, out_need):
    """The type of each need that arose (resident ``who[j]``), in proportion to the rates."""
    n_types = cum_rate.shape[3]
    for j in range(who.shape[0]):
        i = who[j]
        c, g, h = community[i], group[i], health[i]
        v = uniform(k_kind, i) * cum_rate[c, g, h, n_types - 1]
        t = 0
        while t < n_types - 1 and v >= cum_rate[c, g, h, t]:
            t += 1
        out_need[j] = t


def arise(k_any, k_kind, p_need, community, group, health, cum_rate, flag):
    """Today's needs: (residents in index order, their need types)."""
    (_mark_parallel if p_need.shape[0] >= PARALLEL_MIN else _mark_serial)(k_any, p_need, flag)
    who = np.flatnonzero(flag)
    need = np.empty(who.shape[0], dtype=np.int8)
    pick_types(k_kind, who, community, group, health, cum_rate, need)
    return who, need
