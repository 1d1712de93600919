"""Smart elderly care: false alerts of the water meters, home visits, tiered services.

The falls and emergencies themselves, and how devices and visits find a
resident lying, are the world's (``sim.kernels.falls``); these are the
mechanism's own per-resident rules. Arrays named per *slot* follow
``sim.kernels.falls`` (one row per elderly resident, ``eld[slot]`` the
resident's index).

``false_alerts`` (each day): a resident with a water meter raises a false
alert with the daily chance ``p_false`` (a night away, a long stay out),
unless lying after an incident (then its alert is a true one).

``visits`` (each morning): a living-alone resident whose visit falls due
today (``next_visit < day + 1``) gets one if the grid's visit capacity allows
(else tomorrow; the schedule keeps its rhythm, ``next += interval``, so every
30 days bring exactly ``30 / interval`` visits); the visit comes at a uniform
hour of the working day (``check_at``, read by ``sim.kernels.falls.close``,
which lets it find a resident who fell before it); ``check_at`` is ``inf`` for
the others.

``tiered``: today's elderly-care needs of a resident of health tier ``h``
(in a community the mechanism has reached) are served by the tiered home-care
service with chance ``share[h]`` (and never become requests); the service
scores ``score``.
"""

import numpy as np
from numba import njit

from sim.kernels.experience import remember
from sim.rng import uniform

# Codes (sim.enums), pinned by a test.
ELDERCARE = 2

# Working hours of grid workers' visits (a definition: 9:00 to 17:00).
VISIT_START_HOUR, VISIT_SPAN_HOURS = 9.0, 8.0

# The mechanism's counters, in order; ``cs[k]`` is the ``acc`` slot of counter k.
COUNTERS = ("false_alerts", "visits", "visits_deferred", "tiered_served", "alone_months")
FALSE_ALERTS, VISITS, DEFERRED, TIERED, ALONE_MONTHS = range(len(COUNTERS))


@njit(cache=True)
def false_alerts(k, eld, meter, pending, community, group, grid, p_false, cs, acc_day, alerts_by_grid):
    """Today's false alerts of the meters (``meter[slot]``) of residents not lying (``pending``: a lying
    resident's meter alerts for the incident), counted and added to their grid's call-outs."""
    for s in range(eld.shape[0]):
        if not meter[s] or pending[s]:
            continue
        i = eld[s]
        if uniform(k, i) < p_false:
            acc_day[community[i], group[i], cs[FALSE_ALERTS]] += 1.0
            alerts_by_grid[grid[i]] += 1


@njit(cache=True)
def visits(day, k_visit, eld, alone, community, group, grid, next_visit, interval, cap, check_at, cs, acc_day):
    """Home visits due today, within each grid's visit capacity ``cap`` (decremented): their hour in
    ``check_at`` (``inf`` for no visit today)."""
    for j in range(alone.shape[0]):
        s = alone[j]
        check_at[s] = np.inf
        if next_visit[s] >= day + 1.0:  # due when the due time falls within today (or before)
            continue
        i = eld[s]
        c, g = community[i], group[i]
        if cap[grid[i]] <= 0:
            acc_day[c, g, cs[DEFERRED]] += 1.0
            continue
        cap[grid[i]] -= 1
        next_visit[s] = max(next_visit[s] + interval, day + 1.0)
        acc_day[c, g, cs[VISITS]] += 1.0
        check_at[s] = day * 24.0 + VISIT_START_HOUR + VISIT_SPAN_HOURS * uniform(k_visit, i)


@njit(cache=True)
def tiered(k, who, need, community, live, group, health, share_by_tier, score, satisfaction, trust, xp,
           slot, acc_day, keep):
    """Serve today's elderly-care needs by health tier; ``keep[j]`` false for the needs served."""
    for j in range(who.shape[0]):
        i = who[j]
        keep[j] = True
        if need[j] == ELDERCARE and live[community[i]] and uniform(k, i) < share_by_tier[health[i]]:
            keep[j] = False
            acc_day[community[i], group[i], slot] += 1.0
            remember(i, score, satisfaction, trust, xp)
