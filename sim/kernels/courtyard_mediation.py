"""Courtyard heads hear the day's new disputes first (``sim.policies.courtyards``).

``hear`` walks the requests raised today (rows ``start:end`` of the pool). A
dispute still open, raised in a community where the courtyards have started
(``live[community]``; elsewhere there are no heads and it is left alone), is
taken up by the courtyard heads of the requester's micro-grid
(``micro[resident]``) if they have room left this month
(``used[area] + 1 <= capacity``; otherwise it is counted as turned away and
goes its normal route untouched). Taking it up is the request's first
response (the same day; within the deadline if ``day - created <=
deadline[community]``). The heads settle it with chance ``p_settle[community]``
(their community's learning; stream ``k_heads``, counter
``request_counter(created, resident)``, so a dispute's draw does not depend on
the others): the
dispute is then closed, concluded and settled on the day it was raised,
through the engine's own ``sim.kernels.handling.finish`` (the closure,
dispute and experience counters, and the resident's memory of a quick,
settled outcome), so the engine's books see it like any other closure. A
dispute the heads do not settle stays open in the queue it was routed to
(committee, centre, counter or grid worker) and goes on as before.

Counts per (community, group) in ``acc[day]``: heard, settled by the heads,
turned away for lack of capacity (slots given by the caller).
"""

from numba import njit

from sim.calendar import NO_DAY
from sim.kernels import slots
from sim.kernels.arrays import RequestArrays, ResidentArrays
from sim.kernels.handling import finish
from sim.rng import request_counter, uniform

_DISPUTE = 4  # Need.DISPUTE
_QUEUED, _CLOSED = 1, 2  # RequestState


@njit(cache=True)
def hear(day, k_heads, start, end, live, p_settle, capacity, micro, used, deadline, pool, residents, xp, acc,
         s_heard, s_settled, s_full):
    """Let the heads hear today's new disputes (rows of ``pool``); return (heard, settled).

    ``pool`` and ``residents``: the structs of ``sim.kernels.arrays``, as plain tuples in their field order."""
    pool, residents = RequestArrays(*pool), ResidentArrays(*residents)
    resident, community, group, need = pool.resident, pool.community, pool.group, pool.need
    created, state, responded, bounces = pool.created, pool.state, pool.responded, pool.bounces
    satisfaction, trust = residents.satisfaction, residents.trust
    heard = 0
    settled = 0
    for r in range(start, end):
        if need[r] != _DISPUTE or state[r] != _QUEUED:
            continue
        c, g = community[r], group[r]
        if not live[c]:
            continue
        a = micro[resident[r]]
        if used[a] + 1.0 > capacity:
            acc[day, c, g, s_full] += 1
            continue
        used[a] += 1.0
        heard += 1
        acc[day, c, g, s_heard] += 1
        if responded[r] == NO_DAY:
            responded[r] = day
            acc[day, c, g, slots.RESPONDED] += 1
            acc[day, c, g, slots.RESPONSE_DAYS] += day - created[r]
            if day - created[r] <= deadline[c]:
                acc[day, c, g, slots.RESPONDED_IN_DEADLINE] += 1
        if uniform(k_heads, request_counter(created[r], resident[r])) < p_settle[c]:
            state[r] = _CLOSED
            settled += 1
            acc[day, c, g, s_settled] += 1
            finish(day, r, True, True, 0.0, resident, community, group, need, created, bounces,
                    satisfaction, trust, xp, acc)
    return heard, settled
