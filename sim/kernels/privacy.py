"""Privacy incidents of residents' data, and the approval step for sensitive data.

The ``records`` rule table (one row per community: the departments' own
systems in the status quo, the shared store where data sharing runs, either
made safer by data protection) has the columns ``INCIDENTS_PER_YEAR`` (the
yearly incident hazard of the community's store) and ``EXPOSED_SHARE`` (the
share of its residents one incident exposes).

``incidents`` (each day): community ``c`` suffers a privacy incident with
the daily chance ``p_day[c]``; an incident exposes each of its residents with
chance ``exposed[c]``, and an exposed resident remembers the breach with the
experience score ``score`` (``sim.kernels.experience.remember``). Draw 0 of a
community decides the incident, draw 1 of each resident the exposure, so two
runs that differ only in the hazard or the exposure share their draws.

``approvals`` (each day, over today's new requests of communities where the
mechanism is ``live``): a request of need ``n`` needs health or finance data
with chance ``sensitive[n]``; it then waits ``days`` for the secretary's
approval before anyone can work on it.
"""

from numba import njit

from sim.kernels.experience import remember
from sim.rng import request_counter, uniform, uniform2

# Columns of the ``records`` rule table.
INCIDENTS_PER_YEAR, EXPOSED_SHARE = range(2)
N_RECORDS = 2


@njit(cache=True)
def incidents(k, community_start, group, p_day, exposed, score, satisfaction, trust, xp, counts):
    """Today's incidents; ``counts[c, g, 0]`` += incidents (group 0), ``counts[c, g, 1]`` += residents exposed."""
    for c in range(p_day.shape[0]):
        if uniform2(k, c, 0) >= p_day[c]:
            continue
        counts[c, 0, 0] += 1.0
        for i in range(community_start[c], community_start[c + 1]):
            if uniform2(k, i, 1) < exposed[c]:  # draw 0 decides the community, draw 1 each resident
                counts[c, group[i], 1] += 1.0
                remember(i, score, satisfaction, trust, xp)


@njit(cache=True)
def approvals(k, day, resident, need, community, group, ready, live, sensitive, days, counts):
    """Delay today's requests that need sensitive data; ``counts[c, g]`` += approvals."""
    for j in range(resident.shape[0]):
        i = resident[j]
        if live[community[j]] and uniform(k, request_counter(day, i)) < sensitive[need[j]]:
            ready[j] = max(ready[j], day) + days
            counts[community[j], group[j]] += 1.0
