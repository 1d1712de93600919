"""Per-community, per-group sums over residents and requests, in a fixed order.

Sums of floats over residents run in fixed chunks (independent of the thread
count) and the chunk partials are added serially, so the result is the same
bit for bit on any number of threads.
"""

import numpy as np
from numba import njit, prange

from sim.kernels import PARALLEL_MIN

CHUNK = 65536


@njit(inline="always", cache=True)
def _chunk(b, community, group, values, part):
    lo, hi = b * CHUNK, min(values.shape[0], (b + 1) * CHUNK)
    # Views and a loop from 0: numba then knows indexes are not negative (no wraparound checks).
    c, g, v, out = community[lo:hi], group[lo:hi], values[lo:hi], part[b]
    for j in range(hi - lo):
        out[c[j], g[j]] += v[j]


@njit(cache=True)
def _chunks_serial(community, group, values, part):
    for b in range(part.shape[0]):
        _chunk(b, community, group, values, part)


@njit(parallel=True, cache=True)
def _chunks_parallel(community, group, values, part):
    for b in prange(part.shape[0]):
        _chunk(b, community, group, values, part)


def sum_by_group(community, group, values, n_comm, n_group):
    """Sum of values per (community, group); identical serial or parallel."""
    part = np.zeros(((values.shape[0] + CHUNK - 1) // CHUNK, n_comm, n_group))
    kernel = _chunks_parallel if values.shape[0] >= PARALLEL_MIN else _chunks_serial
    kernel(community, group, values, part)
    return part.sum(axis=0)  # a fixed order: chunk 0, 1, 2, ...


@njit(cache=True)
def count_by_group(community, group, mask, n_comm, n_group):
    """Number of rows with ``mask`` true per (community, group)."""
    out = np.zeros((n_comm, n_group))
    for r in range(mask.shape[0]):
        if mask[r]:
            out[community[r], group[r]] += 1.0
    return out


@njit(cache=True)
def count_intake(community, group, channel, channel_slot, unmet_slot, needs_slot, requests_slot, acc_day):
    """Count today's needs by (community, group): all, unmet, each channel, requests."""
    for j in range(channel.shape[0]):
        c, g, ch = community[j], group[j], channel[j]
        acc_day[c, g, needs_slot] += 1.0
        if ch == 0:
            acc_day[c, g, unmet_slot] += 1.0
        else:
            acc_day[c, g, requests_slot] += 1.0
            acc_day[c, g, channel_slot[ch]] += 1.0
