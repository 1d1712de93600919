"""Digital literacy spreads: peer learning in the Bass form, and digital-help classes.

A resident can use an app when ``literacy > ABLE`` (0.5). An adult who cannot
yet learns on a day with probability

    P_i = 1 - exp(-(p[c_i, g_i] + q * s_i))        p, q daily (yearly / 365)
    s_i = w * s_household + (1 - w) * s_grid

``s_household`` is the share of app-able adults among the *other* adults of
``i``'s household (0 when there are none: nobody at home to learn from),
``s_grid`` the share among the other adults of ``i``'s grid, ``w`` the
household weight, ``p[c, g]`` the self-learning ("innovation") rate of ``i``'s
community and group (a row per community: a mechanism may raise it where it
acts) and ``q`` the peer ("imitation") rate. With one grid and ``w = 0``, the
share ``F`` of app-able adults follows Bass's curve ``dF/dt = (p + q F)(1 - F)``.
Peer shares are counted from the state at the start of the day (a
synchronous update), so the order of residents does not matter. A learner's
literacy becomes ``learned_level`` (one draw per resident a day, keyed by the
resident's index). Children neither learn nor teach; every adult who can use
an app teaches (peers anywhere in the grid, whatever their community).

A day walks only the residents who may learn, ``who`` (``candidates``: the
adults who could not use an app when the list was made, in index order);
one who has become able since is skipped, and each draw is keyed by the
resident, so how often the list is remade changes nothing. The counts (per
household, per grid, and app-able residents per community and group) are
kept up to date by adding each day's learners (classes add theirs too);
``peer_counts`` recounts from scratch (after anything else that changes
literacy). Literacy only rises here: anything that lowers it must remake the
list.

Classes (``classes``): in community ``c``, ``seats[c]`` attendees are drawn
uniformly among the elderly who cannot use an app yet (those with the lowest
draws of the day's stream); each gains ``gain`` literacy (capped at 1).
"""

import math

import numpy as np
from numba import njit, prange

from sim.rng import uniform

ABLE = 0.5  # literacy above this: able to use an app (sim.population)
_CHILD = 5  # Group.CHILD
_ELDERLY_LAST = 1  # Group.ELDERLY_ALONE = 0, Group.ELDERLY_FAMILY = 1
_N_GROUPS = 6
_BLOCK = 65536  # residents who may learn, per parallel task
# A day is a hash and a compare per resident who may learn (~3 ns): 0.6 ms for the 215,000 of a million
# residents, serially, less than starting the threads costs on a busy machine; so threads only for lists
# far longer than the engine's ``sim.kernels.PARALLEL_MIN``.
_PARALLEL_MIN = 4_000_000


@njit(cache=True)
def peer_counts(literacy, group, household, grid, community, hh_able, hh_adults, grid_able, grid_adults, able):
    """Recount adults and app-able adults per household and per grid, and app-able residents per
    (community, group) in ``able`` (outputs zeroed first)."""
    hh_able[:] = 0
    hh_adults[:] = 0
    grid_able[:] = 0
    grid_adults[:] = 0
    able[:] = 0.0
    for i in range(literacy.shape[0]):
        if group[i] == _CHILD:
            continue
        h, g = household[i], grid[i]
        hh_adults[h] += 1
        grid_adults[g] += 1
        if literacy[i] > ABLE:
            hh_able[h] += 1
            grid_able[g] += 1
            able[community[i], group[i]] += 1.0


def candidates(literacy, group) -> np.ndarray:
    """The residents who may learn: adults who cannot use an app, in index order."""
    return np.flatnonzero((group != _CHILD) & (literacy <= ABLE)).astype(np.int64)


@njit(cache=True)
def add_learners(who, learned, group, household, grid, community, hh_able, grid_able, able, learners):
    """Add today's learners (``who[j]`` where ``learned[j]``) to the counts (after the day's synchronous update);
    ``learners[c, g]`` counts them (zeroed first)."""
    learners[:] = 0.0
    for j in range(who.shape[0]):
        if learned[j]:
            i = who[j]
            hh_able[household[i]] += 1
            grid_able[grid[i]] += 1
            able[community[i], group[i]] += 1.0
            learners[community[i], group[i]] += 1.0


@njit(inline="always", cache=True)
def _probability(p, q, w, able_h, others_h, able_g, others_g):
    """The daily chance of learning, from peer counts that leave the learner out.

    Scalars only: inlined with array arguments, numba's reference counting made the loop ~10x slower.
    """
    s_h = able_h / others_h if others_h > 0 else 0.0
    s_g = able_g / others_g if others_g > 0 else 0.0
    return 1.0 - math.exp(-(p + q * (w * s_h + (1.0 - w) * s_g)))


@njit(cache=True)
def probabilities(literacy, group, household, grid, community, hh_able, hh_adults, grid_able, grid_adults, p_day,
                  q_day, w):
    """Each resident's chance of learning today (for tests and documentation)."""
    out = np.zeros(literacy.shape[0])
    for i in range(literacy.shape[0]):
        if group[i] != _CHILD and literacy[i] <= ABLE:
            h, g = household[i], grid[i]
            out[i] = _probability(p_day[community[i], group[i]], q_day, w, hh_able[h], hh_adults[h] - 1, grid_able[g],
                                  grid_adults[g] - 1)
    return out


@njit(cache=True)
def _learn_block(lo, hi, k, who, literacy, group, household, grid, community, hh_able, hh_adults, grid_able,
                 grid_adults, p_day, q_day, w, learned_level, learned):
    # The peer share is at most 1, so anyone's chance is below ``bound`` = max(p) + q: a draw above it
    # fails whatever the peers, and the exact chance (an exp) is needed only below it. The screen on
    # one scalar keeps the loop to a hash and a compare for nearly everyone.
    bound = p_day.max() + q_day
    # Views and loops from 0: numba then knows indexes are not negative. The first loop is only a
    # hash and a compare, which the compiler vectorises; the exact test runs for the few it marks.
    ids, out = who[lo:hi], learned[lo:hi]
    for j in range(hi - lo):
        out[j] = uniform(k, ids[j]) < bound
    for j in range(hi - lo):
        if not out[j]:
            continue
        out[j] = False
        i = ids[j]
        if group[i] == _CHILD or literacy[i] > ABLE:
            continue
        h, g = household[i], grid[i]
        prob = _probability(p_day[community[i], group[i]], q_day, w, hh_able[h], hh_adults[h] - 1, grid_able[g],
                            grid_adults[g] - 1)
        if uniform(k, i) < prob:
            out[j] = True
            literacy[i] = learned_level


@njit(parallel=True, cache=True)
def _learn_parallel(k, who, literacy, group, household, grid, community, hh_able, hh_adults, grid_able,
                    grid_adults, p_day, q_day, w, learned_level, learned):
    n = who.shape[0]
    for b in prange((n + _BLOCK - 1) // _BLOCK):
        _learn_block(b * _BLOCK, min(n, (b + 1) * _BLOCK), k, who, literacy, group, household, grid, community,
                     hh_able, hh_adults, grid_able, grid_adults, p_day, q_day, w, learned_level, learned)


def learn(k, who, literacy, group, household, grid, community, counts, p_day, q_day, w, learned_level, learned,
          learners):
    """One day of peer learning among the residents ``who`` (``candidates``): ``learned[j]`` tells whether
    ``who[j]`` learned, ``learners[c, g]`` how many did; ``counts`` (``new_counts``) are kept up to date.
    ``p_day[c, g]``: daily self-learning rates by community and group."""
    hh_able, hh_adults, grid_able, grid_adults, able = counts
    args = (k, who, literacy, group, household, grid, community, hh_able, hh_adults, grid_able, grid_adults, p_day,
            q_day, w, learned_level, learned)
    if who.shape[0] >= _PARALLEL_MIN:
        _learn_parallel(*args)
    else:
        _learn_block(0, who.shape[0], *args)
    add_learners(who, learned, group, household, grid, community, hh_able, grid_able, able, learners)


def new_counts(literacy, group, household, grid, community, n_communities) -> tuple:
    """The counts ``learn`` reads and keeps: per household, per grid, per (community, group)."""
    n_h = int(household.max()) + 1 if household.size else 0
    n_g = int(grid.max()) + 1 if grid.size else 0
    counts = (np.zeros(n_h, np.int64), np.zeros(n_h, np.int64), np.zeros(n_g, np.int64), np.zeros(n_g, np.int64),
              np.zeros((n_communities, _N_GROUPS)))
    peer_counts(literacy, group, household, grid, community, *counts)
    return counts


@njit(cache=True)
def classes(k, community_start, seats, literacy, group, gain, counts, household, grid, hh_able, grid_able, able):
    """Seat ``seats[c]`` elderly who cannot use an app in each community; they gain literacy.

    ``counts[c, g, 0]`` += attendees, ``counts[c, g, 1]`` += attendees now able to use an app; the peer
    counts (``hh_able``, ``grid_able``, ``able``, as ``new_counts`` keeps them) gain those now able.
    """
    for c in range(seats.shape[0]):
        lo, hi = community_start[c], community_start[c + 1]
        n = 0
        for i in range(lo, hi):
            if group[i] <= _ELDERLY_LAST and literacy[i] <= ABLE:
                n += 1
        take = min(seats[c], n)
        if take <= 0:
            continue
        who = np.empty(n, np.int64)
        u = np.empty(n)
        n = 0
        for i in range(lo, hi):
            if group[i] <= _ELDERLY_LAST and literacy[i] <= ABLE:
                who[n] = i
                u[n] = uniform(k, i)
                n += 1
        order = np.argsort(u)
        for j in range(take):
            i = who[order[j]]
            literacy[i] = min(1.0, literacy[i] + gain)
            counts[c, group[i], 0] += 1.0
            if literacy[i] > ABLE:
                counts[c, group[i], 1] += 1.0
                hh_able[household[i]] += 1
                grid_able[grid[i]] += 1
                able[c, group[i]] += 1.0
