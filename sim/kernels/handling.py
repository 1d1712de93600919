"""Routing and handling of requests: queues, capacities, bounces, closure.

``create`` routes new requests: an app report is dispatched to the resolving
handler (misrouted with probability ``misroute[app]``), a hotline call
likewise (``misroute[hotline]``), a walk-in joins the community counter's
queue and a report to a grid worker joins that worker's queue.

``work`` takes each handler's queue in order (earliest raised first) up to
its capacity for the day:

- the first time any handler takes a request up counts as its response;
- a relay (counter or grid worker) that cannot resolve it forwards it to the
  resolving handler (misrouted with probability ``misroute_relay``);
- any other handler that is not the resolving one bounces it on
  (``bounces += 1``; misrouted again with probability ``misroute_bounce``);
- the resolving handler closes the current stage with probability
  ``resolve_prob[kind]`` (else a follow-up the next day); a cross-department
  problem then moves to the next department in turn;
- when a dispute's last stage closes, ``sim.kernels.disputes.verdict``
  (stream ``k_settle``, vector ``dp``) decides whether it is settled, not
  settled, or goes on to a third-party cost assessment: one more stage at the
  same body, ready ``dp[ASSESS_DAYS]`` days later. A closed or abandoned
  dispute is counted as concluded (``sim.kernels.disputes.conclude``); an
  unsettled closure scores as ``sim.kernels.experience.concluded_score`` says.

With the whistle rule on (``rp[WHISTLE]``, the "community blows the whistle,
departments report" mechanism), cross-department problems are worked first
in every queue, and when the lead department takes one up it convenes every
other department still needed on site that day: if each has capacity left,
each spends one unit and all stages close together (with the lead's
resolution probability); otherwise the problem waits, first in line, for
the next day.

``abandon``: a request no one worked on today is given up with the daily
hazard ``abandon_daily + abandon_per_bounce * bounces``, times
``rp[ABANDON_APP_FACTOR]`` for app requests (1 unless a platform shows
residents their request's progress); an abandoned dispute is concluded
unsettled.

The rule vectors ``rp``, ``resolve_prob`` and ``dp`` have one row per community:
the rules in force (``model.rules.in_force`` of ``routing``, ``resolve`` and
``disputes``, ``sim.components.rules``): a mechanism's rules where it has been
rolled out, the status quo elsewhere.

The kernels take the request pool, the handler table and the residents as the
structs of ``sim.kernels.arrays`` (arguments ``pool``, ``handlers``,
``residents``), as their owners hand them over: plain tuples in the structs'
field order.
"""

import numpy as np
from numba import njit

from sim.calendar import NO_DAY
from sim.kernels import disputes as dk
from sim.kernels import slots
from sim.kernels.arrays import HandlerArrays, RequestArrays, ResidentArrays
from sim.kernels.experience import concluded_score, remember
from sim.rng import request_counter, uniform2

# Handler and need codes (sim.enums), as numba compile-time constants.
CIVIL_AFFAIRS, HEALTH, SOCIAL_SECURITY, URBAN_MANAGEMENT, TRANSPORT = 0, 1, 2, 3, 4
PUBLIC_SECURITY, EDUCATION = 6, 7
N_DEPARTMENTS = 8
COUNTER, GRID_WORKER = 9, 11
REPAIR, ADMIN, ELDERCARE, CHILDCARE, DISPUTE, CROSSDEPT = range(6)
APP, HOTLINE, WALKIN, GRID = 1, 2, 3, 4
QUEUED, CLOSED, ABANDONED = 1, 2, 3
CROSS_SEQUENCE = np.array([URBAN_MANAGEMENT, TRANSPORT, PUBLIC_SECURITY], dtype=np.int32)

# Positions in the routing vector ``rp``.
MISROUTE_APP, MISROUTE_HOTLINE, MISROUTE_RELAY, MISROUTE_BOUNCE = 0, 1, 2, 3
ADMIN_TO_SOCIAL_SECURITY, ELDERCARE_TO_HEALTH, ABANDON_DAILY, ABANDON_PER_BOUNCE = 4, 5, 6, 7
RESPONSE_DEADLINE, WHISTLE, ABANDON_APP_FACTOR = 8, 9, 10
N_RP = 11


@njit(cache=True)
def order_by_handler(handler):
    """Row indices grouped by handler, keeping the pool's own order within each (counting sort)."""
    n = handler.shape[0]
    n_h = 0
    for r in range(n):
        n_h = max(n_h, handler[r] + 1)
    start = np.zeros(n_h + 1, np.int64)
    for r in range(n):
        start[handler[r] + 1] += 1
    for h in range(n_h):
        start[h + 1] += start[h]
    out = np.empty(n, np.int64)
    for r in range(n):
        out[start[handler[r]]] = r
        start[handler[r]] += 1
    return out


@njit(inline="always", cache=True)
def _resolver(need, stage, c, u, committee, property_mgr, rp):
    if need == REPAIR:
        return property_mgr[c] if property_mgr[c] >= 0 else URBAN_MANAGEMENT
    if need == ADMIN:
        return SOCIAL_SECURITY if u < rp[c, ADMIN_TO_SOCIAL_SECURITY] else CIVIL_AFFAIRS
    if need == ELDERCARE:
        return HEALTH if u < rp[c, ELDERCARE_TO_HEALTH] else CIVIL_AFFAIRS
    if need == CHILDCARE:
        return EDUCATION
    if need == DISPUTE:
        return committee[c]
    return CROSS_SEQUENCE[min(stage, CROSS_SEQUENCE.shape[0] - 1)]


@njit(inline="always", cache=True)
def _route(target, misroute, u_miss, u_which):
    """The resolving handler, or with probability ``misroute`` a wrong department."""
    if u_miss >= misroute:
        return target
    if target < N_DEPARTMENTS:
        d = int(u_which * (N_DEPARTMENTS - 1))
        return d + 1 if d >= target else d
    return int(u_which * N_DEPARTMENTS)


@njit(cache=True)
def create(day, k_route, k_target, who, need, channel, community, group, grid, handlers, rp, crossdept_stages,
           pool, start):
    """Fill today's new requests, rows ``start:`` of ``pool`` (one per entry of ``who``; needs that reached a
    channel): their resident, community, group, need, channel, target, handler and stages. ``community``,
    ``group`` and ``grid`` are the residents'."""
    pool, handlers = RequestArrays(*pool), HandlerArrays(*handlers)
    committee, counter, property_mgr = handlers.committee, handlers.counter, handlers.property_mgr
    grid_worker = handlers.grid_worker
    # Today's rows, as views: indexed from 0 the loop is the same as over separate columns.
    o_resident, o_community, o_group = pool.resident[start:], pool.community[start:], pool.group[start:]
    o_need, o_channel, o_target = pool.need[start:], pool.channel[start:], pool.target[start:]
    o_handler, o_stages = pool.handler[start:], pool.stages[start:]
    for j in range(who.shape[0]):
        i = who[j]
        c = community[i]
        cnt = request_counter(day, i)
        t = need[j]
        target = _resolver(t, 0, c, uniform2(k_target, cnt, 0), committee, property_mgr, rp)
        ch = channel[j]
        if ch == WALKIN:
            handler = counter[c]
            if t == ADMIN:
                target = counter[c]  # errands are done at the counter
        elif ch == GRID:
            handler = grid_worker[grid[i]]
        else:
            miss = rp[c, MISROUTE_APP] if ch == APP else rp[c, MISROUTE_HOTLINE]
            handler = _route(target, miss, uniform2(k_route, cnt, 0), uniform2(k_route, cnt, 1))
        o_resident[j] = i
        o_community[j] = c
        o_group[j] = group[i]
        o_need[j] = t
        o_channel[j] = ch
        o_target[j] = target
        o_handler[j] = handler
        o_stages[j] = crossdept_stages if t == CROSSDEPT else 1


@njit(inline="always", cache=True)
def finish(day, r, closed, settled, unsettled_score, resident, community, group, need, created, bounces,
           satisfaction, trust, xp, acc):
    """Count request ``r`` closed (``closed``) or given up, conclude a dispute, and score the experience.

    Every body that finishes a request (handlers, courtyard heads) goes through here, so the books balance.
    It takes the pool's and the residents' arrays one by one, not as structs: it is inlined into the
    kernels' loops, where taking an array out of a struct at every call would cost a reference count
    each (``work`` ran twice as slow); the kernels take the arrays out of their structs once, at the top.
    """
    c, g = community[r], group[r]
    days = day - created[r]
    if closed:
        acc[day, c, g, slots.CLOSED] += 1
        acc[day, c, g, slots.CLOSE_DAYS] += days
        if settled or need[r] != DISPUTE:
            acc[day, c, g, slots.RESOLVED] += 1
        if days <= 3:
            acc[day, c, g, slots.CLOSED_3D] += 1
        if need[r] == CROSSDEPT:
            acc[day, c, g, slots.CROSS_CLOSED] += 1
            acc[day, c, g, slots.CROSS_CLOSE_DAYS] += days
    else:
        acc[day, c, g, slots.ABANDONED] += 1
    acc[day, c, g, slots.BOUNCES] += bounces[r]
    if need[r] == DISPUTE:
        dk.conclude(day, c, g, settled, acc)
    remember(resident[r], concluded_score(closed, settled, days, bounces[r], xp, unsettled_score),
             satisfaction, trust, xp)


@njit(cache=True)
def work(day, k_work, k_settle, order, kind_mask, pool, handlers, residents, rp, resolve_prob, dp, xp, acc):
    """Work the queues of handlers whose kind is in ``kind_mask`` (``order`` is the pool's queue order)."""
    pool, handlers, residents = RequestArrays(*pool), HandlerArrays(*handlers), ResidentArrays(*residents)
    resident, community, group, need, created = pool.resident, pool.community, pool.group, pool.need, pool.created
    target, handler, state, responded, bounces = pool.target, pool.handler, pool.state, pool.responded, pool.bounces
    stage, stages, ready, worked, subtype = pool.stage, pool.stages, pool.ready, pool.worked, pool.subtype
    handler_kind, cap_left = handlers.kind, handlers.cap_left
    committee, property_mgr = handlers.committee, handlers.property_mgr
    satisfaction, trust = residents.satisfaction, residents.trust
    whistle_any = rp[:, WHISTLE].max() > 0.0
    for j in range(order.shape[0] * (2 if whistle_any else 1)):
        first_pass = whistle_any and j < order.shape[0]
        r = order[j % order.shape[0]]
        h = handler[r]
        c, g = community[r], group[r]
        whistle = whistle_any and rp[c, WHISTLE] > 0.0
        if whistle_any and first_pass != (whistle and need[r] == CROSSDEPT):
            continue  # with the whistle rule, cross-department problems go first
        if state[r] != QUEUED or ready[r] > day or not kind_mask[handler_kind[h]] or cap_left[h] <= 0:
            continue
        cap_left[h] -= 1
        worked[r] = day
        if responded[r] == NO_DAY and h == target[r]:  # the body that owns it acts: passing it on is no response
            responded[r] = day
            acc[day, c, g, slots.RESPONDED] += 1
            acc[day, c, g, slots.RESPONSE_DAYS] += day - created[r]
            if day - created[r] <= rp[c, RESPONSE_DEADLINE]:
                acc[day, c, g, slots.RESPONDED_IN_DEADLINE] += 1
        cnt = request_counter(created[r], resident[r])
        u0 = uniform2(k_work, cnt, 0)
        u1 = uniform2(k_work, cnt, 1)
        kind = handler_kind[h]
        if h != target[r]:
            if kind == COUNTER or kind == GRID_WORKER:
                handler[r] = _route(target[r], rp[c, MISROUTE_RELAY], u0, u1)
            else:
                bounces[r] += 1
                handler[r] = _route(target[r], rp[c, MISROUTE_BOUNCE], u0, u1)
            ready[r] = day + 1
        elif whistle and need[r] == CROSSDEPT:
            if _convene(r, stage, stages, cap_left) and u0 < resolve_prob[c, kind]:
                stage[r] = stages[r]
                state[r] = CLOSED
                finish(day, r, True, True, 0.0, resident, community, group, need, created, bounces,
                        satisfaction, trust, xp, acc)
            else:
                ready[r] = day + 1
        elif u0 < resolve_prob[c, kind]:
            stage[r] += 1
            if stage[r] >= stages[r]:
                v = dk.SETTLED
                if need[r] == DISPUTE:
                    v = dk.verdict(uniform2(k_settle, cnt, 0), subtype[r], stages[r] > 1, dp[c])
                if v == dk.ASSESS:  # one more stage at the same body: the assessor's report
                    stages[r] += 1
                    ready[r] = day + max(1, int(dp[c, dk.ASSESS_DAYS]))
                    acc[day, c, g, slots.DISPUTES_ASSESSED] += 1
                else:
                    state[r] = CLOSED
                    finish(day, r, True, v == dk.SETTLED, dp[c, dk.UNSETTLED_SCORE], resident, community, group,
                            need, created, bounces, satisfaction, trust, xp, acc)
            else:
                nxt = _resolver(need[r], stage[r], c, 0.0, committee, property_mgr, rp)
                target[r] = nxt
                handler[r] = nxt
                ready[r] = day + 1
        else:
            ready[r] = day + 1  # a follow-up: back in the same queue, keeps its place


@njit(inline="always", cache=True)
def _convene(r, stage, stages, cap_left):
    """Bring every other department still needed on site today, if all have capacity."""
    for s in range(stage[r] + 1, stages[r]):
        if cap_left[CROSS_SEQUENCE[s]] <= 0:
            return False
    for s in range(stage[r] + 1, stages[r]):
        cap_left[CROSS_SEQUENCE[s]] -= 1
    return True


@njit(cache=True)
def abandon(day, k_abandon, pool, rp, residents, xp, acc):
    """Requests not worked on today are given up with the daily abandonment hazard."""
    pool, residents = RequestArrays(*pool), ResidentArrays(*residents)
    resident, community, group, need, channel = pool.resident, pool.community, pool.group, pool.need, pool.channel
    created, state, bounces, worked = pool.created, pool.state, pool.bounces, pool.worked
    satisfaction, trust = residents.satisfaction, residents.trust
    for r in range(state.shape[0]):
        if state[r] != QUEUED or worked[r] == day or created[r] == day:
            continue
        cnt = request_counter(created[r], resident[r])
        c = community[r]
        hazard = rp[c, ABANDON_DAILY] + rp[c, ABANDON_PER_BOUNCE] * bounces[r]
        if channel[r] == APP:
            hazard *= rp[c, ABANDON_APP_FACTOR]
        if uniform2(k_abandon, cnt, 0) < hazard:
            state[r] = ABANDONED
            finish(day, r, False, False, 0.0, resident, community, group, need, created, bounces,
                    satisfaction, trust, xp, acc)
