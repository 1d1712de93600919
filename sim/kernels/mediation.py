"""The one-stop mediation centre takes the day's new disputes.

``to_centre`` walks the requests raised today (rows ``start:``): every
dispute raised in a community the centre serves (``live[community]``: the
reform has reached it; the others' disputes are left to their residents'
committee) gets the centre as the body that resolves it (``target``), and one
that was routed straight to its community's residents' committee (app or
hotline, correctly dispatched) waits in the centre's queue instead. Disputes
sent elsewhere first (a walk-in at the counter, a report to the grid worker, a
misrouted call) reach the centre when that body forwards or bounces them on,
as every request reaches its target.
"""

from numba import njit

_DISPUTE = 4  # Need.DISPUTE
_QUEUED = 1  # RequestState.QUEUED


@njit(cache=True)
def to_centre(start, need, community, target, handler, committee, centre, live):
    """Make ``centre`` the resolving body of today's disputes of ``live`` communities; return how many."""
    n = 0
    for r in range(start, need.shape[0]):
        if need[r] != _DISPUTE or not live[community[r]]:
            continue
        if handler[r] == committee[community[r]]:
            handler[r] = centre
        target[r] = centre
        n += 1
    return n


@njit(cache=True)
def ready_at(day, row, handler, state, ready):
    """Open requests in handler ``row``'s queue that it may take up today."""
    n = 0
    for r in range(handler.shape[0]):
        if handler[r] == row and state[r] == _QUEUED and ready[r] <= day:
            n += 1
    return n
