"""Per-community, per-group sums over residents and requests, in a fixed order.

Sums of floats over residents run in fixed chunks (independent of the thread
count) and the chunk partials are added serially, so the result is the same
bit for bit on any number of threads.
"""

import numpy as np
from numba import njit, prange

CHUNK = 65536


@njit(parallel=True, cache=True)
def sum_by_group(community, group, values, n_comm, n_group):
    """(sum of values, count) per (community, group)."""
    n = values.shape[0]
    n_chunks = (n + CHUNK - 1) // CHUNK
    part = np.zeros((n_chunks, n_comm, n_group))
    cnt = np.zeros((n_chunks, n_comm, n_group))
    for b in prange(n_chunks):
        for i in range(b * CHUNK, min(n, (b + 1) * CHUNK)):
            part[b, community[i], group[i]] += values[i]
            cnt[b, community[i], group[i]] += 1.0
    total = np.zeros((n_comm, n_group))
    count = np.zeros((n_comm, n_group))
    for b in range(n_chunks):
        total += part[b]
        count += cnt[b]
    return total, count


@njit(cache=True)
def count_by_group(community, group, mask, n_comm, n_group):
    """Number of rows with ``mask`` true per (community, group)."""
    out = np.zeros((n_comm, n_group))
    for r in range(mask.shape[0]):
        if mask[r]:
            out[community[r], group[r]] += 1.0
    return out
