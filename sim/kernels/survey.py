"""The monthly satisfaction survey: a random sample of adult residents.

In each community ``n`` residents are drawn uniformly (children redrawn);
each answers "satisfied" with probability equal to their satisfaction, as
the plan's monthly surveys report a share satisfied.
"""

import numpy as np
from numba import njit

from sim.kernels import slots
from sim.rng import uniform2

_CHILD = 5


@njit(cache=True)
def survey(day, k, community_start, group, satisfaction, n_per_community, acc):
    for c in range(community_start.shape[0] - 1):
        lo, size = community_start[c], community_start[c + 1] - community_start[c]
        if size <= 0:
            continue
        for s in range(n_per_community):
            cnt = np.uint64(c) * np.uint64(1 << 32) + np.uint64(s)
            i = lo
            for attempt in range(64):
                i = lo + int(uniform2(k, cnt, attempt) * size)
                if group[i] != _CHILD:
                    break
            if group[i] == _CHILD:
                continue
            acc[day, c, group[i], slots.SURVEY_N] += 1
            if uniform2(k, cnt, 100) < satisfaction[i]:
                acc[day, c, group[i], slots.SURVEY_YES] += 1
