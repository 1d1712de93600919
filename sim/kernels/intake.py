"""Intake: each new need picks a channel by a multinomial logit.

Utilities (channel order: none, app, hotline, walk-in, grid worker), with
``L = 2 * literacy - 1``, ``E`` = elderly, ``M`` = semi-disabled or disabled:

    V_none    = c_none - b_trust * trust - b_sat * satisfaction
    V_app     = c_app + b_lit * L - b_eld_app * E
    V_hotline = c_hotline
    V_walkin  = c_walkin + b_eld_walk * E - b_mob * M + b_admin * [need is admin]
    V_grid    = c_grid + b_eld_grid * E + b_mob_grid * M
    + b_habit on the channel the resident used last time

A channel a community does not offer today (``available[c, ch]`` false) is
left out of the choice set. One uniform per need picks from the softmax.
The coefficients ``coef[c, ...]`` have one row per community (mechanisms
change them only where they have been rolled out).
"""

import math

import numpy as np
from numba import njit

from sim.rng import uniform

# Positions in the coefficient vector ``coef``.
C_NONE, C_APP, C_HOTLINE, C_WALKIN, C_GRID = 0, 1, 2, 3, 4
B_TRUST, B_SAT, B_LIT, B_ELD_APP, B_ELD_WALK, B_MOB, B_ADMIN, B_ELD_GRID, B_MOB_GRID, B_HABIT = range(5, 15)
N_COEF = 15
_ADMIN = 1  # Need.ADMIN


@njit(inline="always", cache=True)
def _utilities(need, elderly, mobility_limited, lit, trust, sat, last, coef, v):
    v[0] = coef[C_NONE] - coef[B_TRUST] * trust - coef[B_SAT] * sat
    v[1] = coef[C_APP] + coef[B_LIT] * (2.0 * lit - 1.0) - coef[B_ELD_APP] * elderly
    v[2] = coef[C_HOTLINE]
    v[3] = coef[C_WALKIN] + coef[B_ELD_WALK] * elderly - coef[B_MOB] * mobility_limited
    if need == _ADMIN:
        v[3] += coef[B_ADMIN]
    v[4] = coef[C_GRID] + coef[B_ELD_GRID] * elderly + coef[B_MOB_GRID] * mobility_limited
    if last > 0:
        v[last] += coef[B_HABIT]


@njit(cache=True)  # serial: a day's needs are ~1% of residents, too few to share out
def choose_channels(k, who, need, community, group, health, literacy, trust, satisfaction,
                    last_channel, available, coef, out_channel):
    """Write the channel chosen for each of today's needs (resident ``who[j]``).

    The weights are ``exp(V)`` factored: hotline, walk-in and grid utilities depend only on
    flags (elderly, mobility, admin errand), so their exponentials come from small tables made
    once per call, and each need costs two ``exp``: for 'none' and for the app. The parameter
    bounds keep every utility far from overflow, so no shift by the maximum is needed.
    """
    n_c = coef.shape[0]
    hotline = np.empty(n_c)
    habit = np.empty(n_c)
    walkin = np.empty((n_c, 2, 2, 2))
    grid = np.empty((n_c, 2, 2))
    for c in range(n_c):
        hotline[c] = math.exp(coef[c, C_HOTLINE])
        habit[c] = math.exp(coef[c, B_HABIT])
        for e in range(2):
            for m in range(2):
                grid[c, e, m] = math.exp(coef[c, C_GRID] + coef[c, B_ELD_GRID] * e + coef[c, B_MOB_GRID] * m)
                for a in range(2):
                    walkin[c, e, m, a] = math.exp(coef[c, C_WALKIN] + coef[c, B_ELD_WALK] * e - coef[c, B_MOB] * m
                                                  + coef[c, B_ADMIN] * a)
    w = np.empty(5)
    for j in range(who.shape[0]):
        i = who[j]
        c = community[i]
        e = 1 if group[i] <= 1 else 0
        m = 1 if health[i] >= 2 else 0
        w[0] = math.exp(coef[c, C_NONE] - coef[c, B_TRUST] * trust[i] - coef[c, B_SAT] * satisfaction[i])
        w[1] = math.exp(coef[c, C_APP] + coef[c, B_LIT] * (2.0 * literacy[i] - 1.0) - coef[c, B_ELD_APP] * e)
        w[2] = hotline[c]
        w[3] = walkin[c, e, m, 1 if need[j] == _ADMIN else 0]
        w[4] = grid[c, e, m]
        last = last_channel[i]
        if last > 0:
            w[last] *= habit[c]
        total = 0.0
        for ch in range(5):
            if not available[c, ch]:
                w[ch] = 0.0
            total += w[ch]
        u = uniform(k, i) * total
        ch = 0
        acc = w[0]
        while ch < 4 and u >= acc:
            ch += 1
            acc += w[ch]
        out_channel[j] = ch


def channel_probabilities(need, elderly, mobility_limited, lit, trust, sat, last, coef, available):
    """The logit's choice probabilities for one case (for tests and documentation)."""
    v = np.empty(5)
    _utilities.py_func(need, elderly, mobility_limited, lit, trust, sat, last, coef, v)
    e = np.where(available, np.exp(v - v[available].max()), 0.0)
    return e / e.sum()
