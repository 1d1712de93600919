"""The walk-in service centre within one working day: first-come-first-served queues at windows.

Two kernels:

``serve`` is the queue itself, for one centre on one day, and knows nothing of
requests. Each visitor arrives at ``arrive[i]`` (minutes after opening) and makes
``n_stops[i]`` stops in turn; stop ``k`` is a queue at window ``stop_window[i, k]``
followed by ``stop_minutes[i, k]`` of service, which does ``stop_errands[i, k]``
errands. Window ``w`` has ``servers[w]`` clerks who take their queue first come,
first served (the Kiefer-Wolfowitz recursion: an arrival starts at
``max(arrival, earliest time a clerk is free)``, arrivals taken in time order from
an event heap). Staff may be fractional: ``servers[w] = 2.4`` is two clerks and a
part-time clerk with the share ``f = 0.4`` of their time at this window, who after
serving a visitor for ``s`` minutes is away for ``s * (1 / f - 1)`` more (at another
post) before taking the next; so the window's capacity is ``servers[w]`` clerks'
in proportion, with no draw. Ties between clerks free at the same time go to the
whole clerks. A visitor goes to the next stop when the previous one ends, unless
the minutes waited so far reach ``patience`` (they leave and come back another
day). Nobody starts service at or after ``close``: a visitor still waiting then
has waited until closing and goes home. Separate department windows are one stop
per errand at the errand's window; the merged centre is one stop at window 0 whose
service is the visit's errands together.

``counter_day`` runs ``serve`` for every community's counter on one working day
over the request pool (``pool``, ``handlers`` and ``residents``: the structs of
``sim.kernels.arrays``, as plain tuples in their field order): the visitors are
the walk-in requests queued at a counter and ready today, in the work order
(``RequestPool.queue_order``). Per request it draws (``sim.rng``, keyed by the
request counter ``(created << 32) | resident``):

- errands brought, once (key fixed for the request's life, stream ``counters.errands``):
  ``n = 1 + Poisson(errands_mean - 1)``, at most ``N_WINDOWS``; their departments,
  distinct, drawn in turn with probability proportional to ``share[w]``;
- arrival (``counters.arrival``): with probability ``peak_share`` uniform over the
  first ``peak_min`` minutes, else uniform over ``open_min``; a visitor carried over
  from an earlier day (errands left, or not served by closing) comes at opening;
- service of errand ``e`` (``counters.service``): exponential, mean ``minutes[window]``,
  times ``generalist_factor`` at the merged centre;
- documents (``counters.documents``): each follow-on errand of a visit (not its
  first) needs documents again with probability ``resubmit_prob``; the visit
  ends before it and the resident comes back with them.

The merged centre takes at most ``max_per_visit`` errands in one visit. After the
queue, a visitor with no errands left stays ready today, and so does a request
whose errands were all done on an earlier visit but which the work kernel did
not settle yet (back-office processing: the resident does not come again). The
counter's ``cap_left`` is the number of those, so the handling kernel (``work``)
takes up exactly them, in queue order; every other visitor comes back
(``ready = day + 1``).

Counters (``acc[day, community, group, slot[...]]``): ``V_VISITS`` visits,
``V_ERRANDS`` errands done, ``V_WAIT`` minutes waited, ``V_UNFINISHED`` visits that
ended with errands left, ``V_TURNED_AWAY`` visits in which nothing was done.
"""

import math

import numpy as np
from numba import njit

from sim.kernels.arrays import HandlerArrays, RequestArrays, ResidentArrays
from sim.kernels.experience import remember_visit
from sim.rng import request_counter, uniform2

COUNTER = 9  # HandlerKind.COUNTER
QUEUED = 1  # RequestState.QUEUED
N_WINDOWS = 8  # one window per department (sim.enums.DEPARTMENTS)
EPS = 1e-9  # staff within this of a whole number are that whole number (sums of per-10k rates)

# Positions in the counter parameter vector ``cp`` (one row per community in ``counter_day``).
MERGED, OPEN_MIN, PEAK_SHARE, PEAK_MIN, ERRANDS_MEAN = 0, 1, 2, 3, 4
MAX_PER_VISIT, GENERALIST_FACTOR, RESUBMIT_PROB, PATIENCE_MIN = 5, 6, 7, 8
N_CP = 9

# Positions in the counter-slot vector.
V_VISITS, V_ERRANDS, V_WAIT, V_UNFINISHED, V_TURNED_AWAY = 0, 1, 2, 3, 4
N_V = 5


# ------------------------------------------------------------------ the queue


@njit(inline="always", cache=True)
def _before(t, a, b):
    return t[a] < t[b] or (t[a] == t[b] and a < b)


@njit(inline="always", cache=True)
def _push(heap, size, t, v):
    i = size
    heap[i] = v
    while i > 0:
        parent = (i - 1) // 2
        if not _before(t, heap[i], heap[parent]):
            break
        heap[i], heap[parent] = heap[parent], heap[i]
        i = parent
    return size + 1


@njit(inline="always", cache=True)
def _pop(heap, size, t):
    top = heap[0]
    size -= 1
    heap[0] = heap[size]
    i = 0
    while True:
        low, left, right = i, 2 * i + 1, 2 * i + 2
        if left < size and _before(t, heap[left], heap[low]):
            low = left
        if right < size and _before(t, heap[right], heap[low]):
            low = right
        if low == i:
            return top, size
        heap[i], heap[low] = heap[low], heap[i]
        i = low


@njit(cache=True)
def serve(arrive, stop_window, stop_minutes, stop_errands, n_stops, servers, close, patience,
          o_wait, o_done, o_stops, o_start):
    """One centre, one day: fill each visitor's minutes waited, errands done, stops made, and start times.

    ``o_start[i, k]`` is when stop ``k`` began service (-1 if it did not). Ties in time go
    to the lower visitor index, so visitors listed in queue order keep it.
    """
    n = arrive.shape[0]
    n_w = servers.shape[0]
    width = 1
    for w in range(n_w):
        width = max(width, int(math.ceil(servers[w] - EPS)))
    free = np.full((n_w, width), np.inf)  # when each clerk is next free; inf: no such clerk
    busy = np.ones((n_w, width))  # minutes a clerk is taken per minute of service (1 / share of time here)
    for w in range(n_w):
        whole = int(math.floor(servers[w] + EPS))
        free[w, :whole] = 0.0
        part = servers[w] - whole
        if part > EPS:  # the part-time clerk
            free[w, whole] = 0.0
            busy[w, whole] = 1.0 / part
    t = arrive.astype(np.float64).copy()  # each visitor's next event: arrival at their next stop
    heap = np.empty(max(n, 1), np.int64)
    size = 0
    for i in range(n):
        o_wait[i] = 0.0
        o_done[i] = 0
        o_stops[i] = 0
        o_start[i, :] = -1.0
        if n_stops[i] > 0:
            size = _push(heap, size, t, i)
    while size > 0:
        i, size = _pop(heap, size, t)
        k = o_stops[i]
        if k > 0 and o_wait[i] >= patience:
            continue  # waited long enough today: the rest another day
        w = stop_window[i, k]
        j = np.argmin(free[w])
        start = max(t[i], free[w, j])
        if start >= close:
            o_wait[i] += max(0.0, close - t[i])  # waited until closing, sent home
            continue
        o_wait[i] += start - t[i]
        o_start[i, k] = start
        free[w, j] = start + stop_minutes[i, k] * busy[w, j]
        o_done[i] += stop_errands[i, k]
        o_stops[i] = k + 1
        if k + 1 < n_stops[i]:
            t[i] = start + stop_minutes[i, k]
            size = _push(heap, size, t, i)


# ------------------------------------------------------- draws per request


@njit(inline="always", cache=True)
def _errands(k_fixed, cnt, mean):
    """Errands brought: 1 + Poisson(mean - 1), at most N_WINDOWS (inverse CDF)."""
    lam = max(mean - 1.0, 0.0)
    u = uniform2(k_fixed, cnt, 0)
    p = math.exp(-lam)
    cdf = p
    extra = 0
    while u >= cdf and extra < N_WINDOWS - 1:
        extra += 1
        p *= lam / extra
        cdf += p
    return 1 + extra


@njit(cache=True)
def _windows(k_fixed, cnt, n, share, out):
    """The departments of a request's errands, distinct, drawn in turn in proportion to ``share``."""
    used = np.zeros(N_WINDOWS, np.bool_)
    for e in range(n):
        total = 0.0
        for w in range(N_WINDOWS):
            if not used[w]:
                total += share[w]
        x = uniform2(k_fixed, cnt, 1 + e) * total
        pick = -1
        for w in range(N_WINDOWS):
            if used[w]:
                continue
            pick = w  # the last one left if rounding runs past the end
            if x < share[w]:
                break
            x -= share[w]
        if total <= 0.0:  # no shares left: the first window not used
            for w in range(N_WINDOWS):
                if not used[w]:
                    pick = w
                    break
        used[pick] = True
        out[e] = pick


# ---------------------------------------------------------- one working day


@njit(cache=True)
def counter_day(day, k_fixed, k_arrive, k_service, k_docs, order, pool, handlers, residents,
                cp, share, minutes, staff_windows, staff_merged, acc, slot, xp):
    """Every counter's queue for today; see the module docstring. Returns the number of visits."""
    pool, handlers, residents = RequestArrays(*pool), HandlerArrays(*handlers), ResidentArrays(*residents)
    handler, handler_kind, handler_community = pool.handler, handlers.kind, handlers.community
    n_order = order.shape[0]
    visits = 0
    j = 0
    while j < n_order:
        h = handler[order[j]]
        end = j
        while end < n_order and handler[order[end]] == h:
            end += 1
        if handler_kind[h] == COUNTER:
            c = handler_community[h]
            visits += _one_counter(day, k_fixed, k_arrive, k_service, k_docs, order[j:end], h, c, pool,
                                   handlers.cap_left, residents, cp[c, MERGED] > 0.0, cp[c], share, minutes,
                                   staff_windows, staff_merged, acc, slot, xp)
        j = end
    return visits


@njit(cache=True)
def _one_counter(day, k_fixed, k_arrive, k_service, k_docs, block, h, c, pool, cap_left, residents,
                 merged, cp, share, minutes, staff_windows, staff_merged, acc, slot, xp):
    """Counter ``h`` of community ``c``: its queue ``block`` (rows of ``pool`` in queue order) for today.

    ``pool`` and ``residents`` are the named structs (``counter_day`` names them)."""
    state, ready, worked, created, resident = pool.state, pool.ready, pool.worked, pool.created, pool.resident
    community, group, errands, errands_left = pool.community, pool.group, pool.errands, pool.errands_left
    satisfaction, trust = residents.satisfaction, residents.trust
    n = 0
    back_office = 0
    who = np.empty(block.shape[0], np.int64)
    for r in block:
        if state[r] != QUEUED or ready[r] > day:
            continue
        if errands[r] > 0 and errands_left[r] == 0:
            back_office += 1  # errands done, settlement pending: no visit, the work kernel takes it up
            continue
        who[n] = r
        n += 1
    cap_left[h] = back_office
    if n == 0:
        return 0
    who = who[:n]
    arrive = np.empty(n)
    for i in range(n):
        r = who[i]
        cnt = request_counter(created[r], resident[r])
        if errands[r] == 0:  # first visit: the errands it brings
            errands[r] = _errands(k_fixed, cnt, cp[ERRANDS_MEAN])
            errands_left[r] = errands[r]
        if created[r] == day:
            u_peak, u_when = uniform2(k_arrive, cnt, 0), uniform2(k_arrive, cnt, 1)
            arrive[i] = u_when * (cp[PEAK_MIN] if u_peak < cp[PEAK_SHARE] else cp[OPEN_MIN])
        else:
            arrive[i] = 0.0
    by_time = np.argsort(arrive, kind="mergesort")  # stable: carried-over visitors keep queue order
    who, arrive = who[by_time], arrive[by_time]

    stop_window = np.zeros((n, N_WINDOWS), np.int64)
    stop_minutes = np.zeros((n, N_WINDOWS))
    stop_errands = np.zeros((n, N_WINDOWS), np.int64)
    n_stops = np.zeros(n, np.int64)
    kinds = np.empty(N_WINDOWS, np.int64)
    for i in range(n):
        r = who[i]
        cnt = request_counter(created[r], resident[r])
        _windows(k_fixed, cnt, errands[r], share, kinds)
        first = errands[r] - errands_left[r]
        todo = errands_left[r]
        for k in range(1, todo):  # follow-on errands that need documents again end the visit
            if uniform2(k_docs, cnt, first + k) < cp[RESUBMIT_PROB]:
                todo = k
                break
        if merged:
            todo = min(todo, max(1, int(cp[MAX_PER_VISIT])))
        for k in range(todo):
            e = first + k
            w = kinds[e]
            mins = -minutes[w] * math.log(1.0 - uniform2(k_service, cnt, e))
            if merged:
                stop_minutes[i, 0] += mins * cp[GENERALIST_FACTOR]
                stop_errands[i, 0] += 1
            else:
                stop_window[i, k] = w
                stop_minutes[i, k] = mins
                stop_errands[i, k] = 1
        n_stops[i] = 1 if merged else todo

    if merged:
        servers = np.full(1, staff_merged[c], np.float64)
    else:
        servers = np.full(N_WINDOWS, staff_windows[c], np.float64)
    wait = np.empty(n)
    done = np.empty(n, np.int64)
    stops = np.empty(n, np.int64)
    start = np.empty((n, N_WINDOWS))
    serve(arrive, stop_window, stop_minutes, stop_errands, n_stops, servers, cp[OPEN_MIN], cp[PATIENCE_MIN],
          wait, done, stops, start)

    completed = 0
    for i in range(n):
        r = who[i]
        errands_left[r] -= done[i]
        cg = acc[day, community[r], group[r]]
        cg[slot[V_VISITS]] += 1
        cg[slot[V_ERRANDS]] += done[i]
        cg[slot[V_WAIT]] += wait[i]
        remember_visit(resident[r], wait[i], satisfaction, trust, xp)
        if errands_left[r] == 0:
            completed += 1  # stays ready: the work kernel settles or forwards it today
        else:
            ready[r] = day + 1
            cg[slot[V_UNFINISHED]] += 1
            if done[i] > 0:
                worked[r] = day
            else:
                cg[slot[V_TURNED_AWAY]] += 1
    cap_left[h] = back_office + completed
    return n
