"""The monthly participation round: each adult decides whether to take part in deliberation.

Every adult resident ``i`` of every community takes part in the round
(children never do, and their fatigue is left as it is), once a month. The
round's reform rules (online voting, points, rotating observers, courtyard
heads' mobilisation) apply only in communities the reform has reached
(``reformed[community_i]``); elsewhere the status quo holds: offline
hearings, no points, no observers, no mobilisation. Every draw is made with
the same counters in either case, so a reform changes only the rules.

- observer: where reformed and ``observer_share`` > 0, ``i`` is drawn as a
  rotating observer with probability ``observer_share`` (draw
  ``uniform2(k, i, 1)``); an observer takes part for ``observer_hours``
  (mode OBSERVER);
- otherwise ``i`` weighs a meeting (or, where reformed with ``online`` on and
  ``i`` can use an app, ``literacy > 0.5``, an online vote) of ``hours`` by a
  logit:

      U = a0 + a_prop * propensity_i + boost_i - a_time * busy_g * hours
          + a_points * points_yuan - a_fatigue * fatigue_i
      P = 1 / (1 + exp(-U)),   takes part iff uniform2(k, i, 0) < P

  with ``busy_g`` = 1 for working-age groups (working adults, young parents,
  new citizens) and ``retired_time_weight`` for the elderly (their time
  costs them less), ``boost_i`` a per-resident addition (courtyard heads
  mobilising their micro-grid; an empty ``boost``: none) and ``points_yuan``
  the points a participation earns (both 0 where not reformed);
- fatigue is an exponential memory of one's own participation:

      fatigue_i <- fatigue_i * decay + took_i * (hours / meeting_hours + extra_c)

  (``decay = exp(-30 / fatigue_memory_days)``; ``extra_c`` is the oversight
  burden of the resident's community, see ``sim.components.deliberation``).

``took[i]`` is the mode: NONE, MEETING, ONLINE or OBSERVER. ``tally`` counts
participants, online voters, observers and adults by (community, group).
"""

import math

import numpy as np
from numba import njit

from sim.rng import uniform2

CHILD, WORKING_ADULT = 5, 2  # codes (sim.enums.Group), pinned by a test
NONE, MEETING, ONLINE, OBSERVER = range(4)

# Positions in the parameter vector ``p``.
(A0, A_PROP, A_TIME, A_POINTS, A_FATIGUE, RETIRED_TIME_WEIGHT, MEETING_HOURS, ONLINE_HOURS,
 OBSERVER_HOURS, DECAY) = range(10)
N_P = 10


@njit(inline="always", cache=True)
def chance(u):
    """The logistic function 1 / (1 + exp(-u))."""
    return 1.0 / (1.0 + math.exp(-u))


@njit(cache=True)
def round_(k, community, reformed, group, propensity, literacy, boost, fatigue, extra, p, online, points_yuan,
           observer_share, took):
    """One month's decisions of every adult; writes ``took`` and updates ``fatigue``. ``online``,
    ``points_yuan``, ``observer_share`` and ``boost`` are the reform's, applied where ``reformed``."""
    for i in range(group.shape[0]):
        g = group[i]
        if g == CHILD:
            took[i] = NONE
            continue
        reform = reformed[community[i]]
        mode = NONE
        hours = p[MEETING_HOURS]
        if reform and observer_share > 0.0 and uniform2(k, i, 1) < observer_share:
            mode = OBSERVER
            hours = p[OBSERVER_HOURS]
        else:
            if reform and online and literacy[i] > 0.5:
                hours = p[ONLINE_HOURS]
            busy = 1.0 if g >= WORKING_ADULT else p[RETIRED_TIME_WEIGHT]
            u = p[A0] + p[A_PROP] * propensity[i] - p[A_TIME] * busy * hours - p[A_FATIGUE] * fatigue[i]
            if reform:
                u += p[A_POINTS] * points_yuan
                if boost.shape[0]:  # empty: nobody is mobilised
                    u += boost[i]
            if uniform2(k, i, 0) < chance(u):
                mode = ONLINE if hours < p[MEETING_HOURS] else MEETING
        took[i] = mode
        f = fatigue[i] * p[DECAY]
        if mode != NONE:
            f += hours / p[MEETING_HOURS] + extra[community[i]]
        fatigue[i] = f


@njit(cache=True)
def tally(community, group, took, n_comm, n_group):
    """(participants, online voters, observers, adults) per (community, group)."""
    out = np.zeros((4, n_comm, n_group))
    for i in range(group.shape[0]):
        g = group[i]
        if g == CHILD:
            continue
        c = community[i]
        out[3, c, g] += 1.0
        m = took[i]
        if m != NONE:
            out[0, c, g] += 1.0
            if m == ONLINE:
                out[1, c, g] += 1.0
            elif m == OBSERVER:
                out[2, c, g] += 1.0
    return out


def dissimilarity(participants, adults):
    """Per community: 0.5 * sum_g |participants_g / participants - adults_g / adults| (0 = representative).

    Arrays are (community, group); a community without participants or adults scores NaN.
    """
    p_tot = participants.sum(axis=1, keepdims=True)
    a_tot = adults.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 0.5 * np.abs(participants / p_tot - adults / a_tot).sum(axis=1)
