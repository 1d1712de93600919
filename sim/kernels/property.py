"""Property managers: the ``property`` rule's columns; disputes kicked between committee and manager; repairs
finished today.

The ``property`` rule (``sim.components.property``, a row per community; read
only where a property manager runs the community): ``FEE_RISE``, the fee's
rise over the status-quo fee (share); ``SERVICE_GAIN``, the gain in the
manager's maintenance (share); ``OPEN_SPACE``, 1 where the manager opens the
estate's public space, 0 where it refuses (``N_PP`` columns).

``kick``: where the manager refuses to open public space (``refused[c]``), a
quarrel over noise or parking in that space is one neither side owns
("kicking the ball"): of today's open noise and parking disputes waiting at
the community's residents' committee, each is first passed to the property
manager with chance ``share`` (own stream, keyed by the request). The manager
cannot resolve it, so the handling kernel bounces it on (``bounces += 1``),
back to the committee or, misrouted, to a department.

``finished_repairs`` walks the day's request columns (before finished
requests are dropped) and counts the repairs of managed communities that
closed or were given up today, by the requester's community and group, in
the day's counters ``acc_day[c, g, slot]``: closed, days to close them,
closed within 3 days, abandoned (the slots given by the caller).
"""

from numba import njit

from sim.rng import request_counter, uniform

_REPAIR, _DISPUTE = 0, 4  # Need
_NOISE, _PARKING = 0, 1  # sim.kernels.disputes kinds
_QUEUED, _CLOSED, _ABANDONED = 1, 2, 3  # RequestState

# Columns of the ``property`` rule.
FEE_RISE, SERVICE_GAIN, OPEN_SPACE = 0, 1, 2
N_PP = 3


@njit(cache=True)
def kick(k_kick, start, need, subtype, state, community, group, created, resident, handler, committee, property_mgr,
         refused, share, day, slot, acc):
    """Pass today's open space disputes at the committees of ``refused`` communities to the manager with chance
    ``share``; count them."""
    for r in range(start, need.shape[0]):
        c = community[r]
        if need[r] != _DISPUTE or state[r] != _QUEUED or property_mgr[c] < 0 or not refused[c]:
            continue
        if handler[r] != committee[c]:
            continue
        if subtype[r] != _NOISE and subtype[r] != _PARKING:
            continue
        if uniform(k_kick, request_counter(created[r], resident[r])) < share:
            handler[r] = property_mgr[c]
            acc[day, c, group[r], slot] += 1


@njit(cache=True)
def finished_repairs(day, state, need, community, group, created, managed, acc_day, s_closed, s_days, s_3d,
                     s_abandoned):
    """Count today's finished repairs in managed communities (see the module docstring)."""
    for r in range(state.shape[0]):
        c = community[r]
        if need[r] != _REPAIR or not managed[c] or (state[r] != _CLOSED and state[r] != _ABANDONED):
            continue
        g = group[r]
        if state[r] == _ABANDONED:
            acc_day[c, g, s_abandoned] += 1.0
            continue
        days = day - created[r]
        acc_day[c, g, s_closed] += 1.0
        acc_day[c, g, s_days] += days
        if days <= 3:
            acc_day[c, g, s_3d] += 1.0
