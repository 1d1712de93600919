"""Service programmes: who wants which kind, who takes a seat, and what it does to them.

Programme kinds (``KINDS``): the 4:30 after-school class, elderly meals (the
canteen), elderly day care, cultural activities and health checks. A
resident's wants are a bit mask (bit ``k`` set: wants kind ``k``), drawn once
(``draw_wants``: ``u(i, k) < share[group, k]``).

``attend_quality`` runs one month (``attend``: every quality 1). Each
wanted kind ``k`` of resident ``i`` is sought this month with probability

    p_seek(i) = min(1, attend_base + attend_propensity * propensity[i])

(a *seeker*). Seekers are ranked by a uniform priority draw (a lottery, so
neither the storage order nor the group decides) and take a seat of their
kind in their community while ``seats[c, k]`` last; a seeker who finds none
is *unserved*. Each resident who sought anything remembers the month once,
with the mean score of their seekings (``attended_score * quality[c, k]`` for a
seat, ``quality`` the provider's quality, 1 without service contracts;
``unserved_score`` for none) and ``weight`` times the usual weights of
``sim.kernels.experience``:

    sat += weight * lambda_sat * (score - sat),  trust likewise.

Residents who took at least one seat (*users*) are counted with their
satisfaction after the month (``users_cg``, ``user_sat_cg``).

Hence ``attended[c, k] <= seats[c, k]`` always, and
``attended + unserved == seekers`` for every (community, kind).

``survey_demand`` estimates, from the households a needs survey samples
(``u(household) < share``), the seekers of each kind per community:
``sum over sampled residents of bit_k(wants[i]) * p_seek(i) / share``.

``allocate`` gives facilities to kinds greedily, to seat as many of the
estimated seekers as it can in rooms that fill: each facility (largest
first) goes to the kind ``k`` whose seekers still without a seat it would
seat most of, ``fit[k] = min(left[k], seats[k])`` with ``seats[k] =
floor(hours / hours_per_seat[k])``, among the kinds that would fill at least
``fill_target`` of it (``left[k] >= fill_target * seats[k]``; all kinds
when none would; ties: the lower kind; the kind with most seekers left when
nobody is left), and its seats then count against that kind's seekers.

``meet_needs``: a seat meets needs. Today's childcare need of a resident
holding a 4:30-class seat, or elderly-care need of one holding a meals or
day-care seat, is met by the programme with chance ``share`` (``keep[j]``
false): it never becomes a request.

``remember_households`` moves every member of the households of ``hired``
residents toward ``score`` (a job for a resident pleases the household).
"""

import numpy as np
from numba import njit

from sim.kernels.experience import LAMBDA_SAT, LAMBDA_TRUST
from sim.rng import uniform, uniform2

CHILDCARE, ELDERCARE = 3, 2  # Need codes (sim.enums), pinned by a test
KINDS = ("after_school", "meals", "day_care", "cultural", "health_check")
AFTER_SCHOOL, MEALS, DAY_CARE, CULTURAL, HEALTH_CHECK = range(5)
N_KINDS = 5

# Positions in the parameter vector ``p``.
ATTEND_BASE, ATTEND_PROPENSITY, ATTENDED_SCORE, UNSERVED_SCORE, WEIGHT = range(5)
N_P = 5


@njit(cache=True)
def draw_wants(k, group, share):
    """Bit mask of wanted kinds per resident: bit ``j`` set when ``u(i, j) < share[group[i], j]``."""
    out = np.zeros(group.shape[0], np.uint8)
    for i in range(group.shape[0]):
        m = 0
        for j in range(share.shape[1]):
            if uniform2(k, i, j) < share[group[i], j]:
                m |= 1 << j
        out[i] = m
    return out


@njit(inline="always", cache=True)
def p_seek(prop, p):
    return min(1.0, max(0.0, p[ATTEND_BASE] + p[ATTEND_PROPENSITY] * prop))


@njit(cache=True)
def attend(k_seek, k_order, wants, propensity, community, group, seats, p, satisfaction, trust, xp,
           attended, unserved, seekers_cg, attended_cg, unserved_cg, holds, users_cg, user_sat_cg):
    """One month of programmes with every provider's quality 1 (``attend_quality``)."""
    attend_quality(k_seek, k_order, wants, propensity, community, group, seats, np.ones(seats.shape), p,
                   satisfaction, trust, xp, attended, unserved, seekers_cg, attended_cg, unserved_cg, holds,
                   users_cg, user_sat_cg)


@njit(cache=True)
def attend_quality(k_seek, k_order, wants, propensity, community, group, seats, quality, p, satisfaction, trust,
                   xp, attended, unserved, seekers_cg, attended_cg, unserved_cg, holds, users_cg, user_sat_cg):
    """One month of programmes; fills ``attended``/``unserved`` (C, K), the (C, G) counts and ``holds``.

    A seat of kind ``j`` in community ``c`` scores ``attended_score * quality[c, j]`` (its provider's quality;
    1 where no service contracts are modelled, which leaves the score exactly ``attended_score``).
    """
    n = wants.shape[0]
    holds[:] = 0
    n_cand = 0
    for i in range(n):
        if wants[i] != 0:
            for j in range(N_KINDS):
                if (wants[i] >> j) & 1:
                    n_cand += 1
    who = np.empty(n_cand, np.int64)
    kind = np.empty(n_cand, np.int64)
    prio = np.empty(n_cand)
    m = 0
    for i in range(n):
        if wants[i] == 0:
            continue
        ps = p_seek(propensity[i], p)
        for j in range(N_KINDS):
            if (wants[i] >> j) & 1 and uniform2(k_seek, i, j) < ps:
                who[m] = i
                kind[m] = j
                prio[m] = uniform2(k_order, i, j)
                m += 1
    order = np.argsort(prio[:m], kind="mergesort")
    left = seats.copy()
    score_sum = np.zeros(n)
    sought = np.zeros(n, np.int64)
    for q in range(m):
        s = order[q]
        i, j = who[s], kind[s]
        c, g = community[i], group[i]
        seekers_cg[c, g] += 1.0
        sought[i] += 1
        if left[c, j] >= 1.0:
            left[c, j] -= 1.0
            attended[c, j] += 1.0
            attended_cg[c, g] += 1.0
            holds[i] |= 1 << j
            score_sum[i] += p[ATTENDED_SCORE] * quality[c, j]
        else:
            unserved[c, j] += 1.0
            unserved_cg[c, g] += 1.0
            score_sum[i] += p[UNSERVED_SCORE]
    w = p[WEIGHT]
    for i in range(n):
        if sought[i] > 0:
            score = score_sum[i] / sought[i]
            satisfaction[i] += w * xp[LAMBDA_SAT] * (score - satisfaction[i])
            trust[i] += w * xp[LAMBDA_TRUST] * (score - trust[i])
            if holds[i] != 0:
                users_cg[community[i], group[i]] += 1.0
                user_sat_cg[community[i], group[i]] += satisfaction[i]


@njit(cache=True)
def survey_demand(k, share, household, wants, propensity, community, p, n_comm):
    """Estimated seekers per (community, kind) from the sampled households (see the module docstring)."""
    est = np.zeros((n_comm, N_KINDS))
    if share <= 0.0:
        return est
    for i in range(wants.shape[0]):
        if wants[i] == 0 or uniform(k, household[i]) >= share:
            continue
        ps = p_seek(propensity[i], p)
        for j in range(N_KINDS):
            if (wants[i] >> j) & 1:
                est[community[i], j] += ps / share
    return est


@njit(cache=True)
def sampled_households(k, share, household_community, n_comm):
    """Households a needs survey visits, per community (``u(household) < share``)."""
    out = np.zeros(n_comm)
    for h in range(household_community.shape[0]):
        if uniform(k, h) < share:
            out[household_community[h]] += 1.0
    return out


@njit(cache=True)
def allocate(idx, fac_hours, hours_per_seat, demand, fill_target, fac_kind):
    """Give facilities ``idx`` (all of one community) to kinds by the greedy rule of the module docstring."""
    left = demand.copy()
    order = np.argsort(-fac_hours[idx], kind="mergesort")
    for q in range(idx.shape[0]):
        f = idx[order[q]]
        best, best_fit, full, full_fit, most = 0, -1.0, -1, -1.0, 0
        for j in range(N_KINDS):
            seats = np.floor(fac_hours[f] / hours_per_seat[j])
            fit = min(left[j], seats)
            if fit > best_fit:
                best, best_fit = j, fit
            if left[j] >= fill_target * seats and seats > 0 and fit > full_fit:
                full, full_fit = j, fit
            if left[j] > left[most]:
                most = j
        if full >= 0 and full_fit > 0.0:
            best = full
        elif best_fit <= 0.0:
            best = most
        fac_kind[f] = best
        left[best] -= np.floor(fac_hours[f] / hours_per_seat[best])


@njit(cache=True)
def fill_facilities(fac_comm, fac_kind, fac_seats, attended, fac_used):
    """Seats taken per facility: each (community, kind)'s attendees fill its facilities in order."""
    left = attended.copy()
    for f in range(fac_comm.shape[0]):
        c, j = fac_comm[f], fac_kind[f]
        take = min(fac_seats[f], max(left[c, j], 0.0))
        fac_used[f] = take
        left[c, j] -= take


@njit(cache=True)
def meet_needs(k, who, need, holds, share, community, group, met_cg, keep):
    """Drop today's needs that a held seat meets (see the module docstring); counts them in ``met_cg``."""
    care = (1 << MEALS) | (1 << DAY_CARE)
    for j in range(who.shape[0]):
        i = who[j]
        keep[j] = True
        t = need[j]
        if (t == CHILDCARE and (holds[i] >> AFTER_SCHOOL) & 1) or (t == ELDERCARE and holds[i] & care):
            if uniform(k, i) < share:
                keep[j] = False
                met_cg[community[i], group[i]] += 1.0


@njit(cache=True)
def remember_households(hired, household, hh_order, hh_start, score, weight, satisfaction, trust, xp):
    """Every member of a hired resident's household remembers ``score`` (once per hired member)."""
    for q in range(hired.shape[0]):
        h = household[hired[q]]
        for s in range(hh_start[h], hh_start[h + 1]):
            r = hh_order[s]
            satisfaction[r] += weight * xp[LAMBDA_SAT] * (score - satisfaction[r])
            trust[r] += weight * xp[LAMBDA_TRUST] * (score - trust[r])
