"""Per-community, per-group sums over residents and requests, in a fixed order.

Residents are stored by (community, group) (``sim.population``), so a sum
over residents is a serial sum over each contiguous segment: the same bit for
bit on any number of threads.
"""

import numpy as np
from numba import njit


@njit(cache=True)
def segment_sums(values, segment_start, n_comm, n_group):
    """Sum of values per (community, group) for rows stored by (community, group) in segments."""
    out = np.zeros((n_comm, n_group))
    for cg in range(n_comm * n_group):
        lo, hi = segment_start[cg], segment_start[cg + 1]
        seg = values[lo:hi]
        total = 0.0
        for j in range(hi - lo):
            total += seg[j]
        out[cg // n_group, cg % n_group] = total
    return out


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
