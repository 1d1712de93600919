"""Smart elderly care: falls and emergencies, how soon the resident is found, and what lying costs.

Times are hours from day 0, 00:00. Arrays named per *slot* hold one row per
elderly resident (``eld[slot]`` is the resident's index), so the state costs
nothing for the other residents.

``incidents`` (each day, every elderly resident not already lying whose
community the mechanism has reached, ``live[community]``):

- one draw ``u`` against the competing daily hazards: a fall if
  ``u < p_fall``, else an emergency if ``u < p_fall + p_emergency``;
- a fall leaves the resident unable to get up with ``cannot_get_up``
  (otherwise nothing more happens); an emergency always does;
- the incident starts at a uniform hour of the day, and the resident is
  found after ``T = min`` of the paths open to them:

      informal (family, neighbours): T_inf ~ Exp(mean family_hours or alone_hours)
      bracelet (worn and pressed; in an emergency only if conscious): Exp(response_hours)
      sensor (12 h of zero water use): alert_hours + Exp(response_hours), if nobody came by then

- a sensor holder raises a false alert with the daily chance ``false_alert``.

``visits`` (each day): a living-alone resident whose visit falls due today
(``next_visit < day + 1``) gets one if the grid's visit capacity allows
(else tomorrow; the schedule keeps its rhythm, ``next += interval``, so
every 30 days bring exactly ``30 / interval`` visits); a visit at a uniform hour of the working day
finds a resident who fell before it and had not been found yet.

``resolve`` (each day): incidents found before the day's end close. With
lying time ``L`` hours:

    P(one health tier worse) = 1 - (1 - decline_at_once) * exp(-L / decline_hours)
    experience score         = score_at_once * exp(-L / experience_hours)   (sim.kernels.experience.remember)

``tiered``: today's elderly-care needs of a resident of health tier ``h``
(in a community the mechanism has reached) are served by the tiered home-care
service with chance ``share[h]`` (and never become requests); the service
scores ``score``.
"""

import math

import numpy as np
from numba import njit

from sim.kernels.experience import remember
from sim.rng import uniform, uniform2

# Codes (sim.enums), pinned by a test.
ELDERLY_ALONE = 0
DISABLED = 3
ELDERCARE = 2

# Who found a resident (``found_by``).
INFORMAL, SENSOR, BRACELET, VISIT = range(4)

# Working hours of grid workers' visits (a definition: 9:00 to 17:00) and the long-lie threshold.
VISIT_START_HOUR, VISIT_SPAN_HOURS = 9.0, 8.0
LONG_LIE_HOURS = 1.0  # Fleming & Brayne (BMJ 2008) report lying "1 h or more"

# Positions in the parameter vector ``p``.
(CANNOT_GET_UP, FAMILY_HOURS, ALONE_HOURS, ALERT_HOURS, RESPONSE_HOURS, FALSE_ALERT, BRACELET_USE,
 CONSCIOUS, DECLINE_AT_ONCE, DECLINE_HOURS, EXPERIENCE_HOURS, EMERGENCY, SCORE_AT_ONCE) = range(13)
N_P = 13

# The policy's counters, in order; ``cs[k]`` is the ``acc`` slot of counter k.
COUNTERS = ("falls", "emergencies", "incidents_started", "incidents", "detection_hours", "long_lies",
            "found_informal", "found_sensor", "found_bracelet", "found_visit", "alerts", "false_alerts",
            "visits", "visits_deferred", "declines", "tiered_served", "elderly_years", "alone_months")
(FALLS, EMERGENCIES, STARTED, INCIDENTS, DETECTION_HOURS, LONG_LIES, FOUND_INFORMAL, FOUND_SENSOR,
 FOUND_BRACELET, FOUND_VISIT, ALERTS, FALSE_ALERTS, VISITS, DEFERRED, DECLINES, TIERED,
 ELDERLY_YEARS, ALONE_MONTHS) = range(len(COUNTERS))


@njit(inline="always", cache=True)
def _exp(mean, u):
    return -mean * math.log(1.0 - u)


@njit(cache=True)
def incidents(day, k_event, k_detect, eld, community, live, group, grid, p_fall, sensor, bracelet,
              pending, fell_at, found_at, found_by, p, cs, acc_day, alerts_by_grid):
    """Start today's incidents and decide when each resident will be found."""
    # A first pass only marks who could have an incident today (a hash and a compare, which the
    # compiler vectorises); the full rule below runs on the same draws, for the marked and for
    # sensor holders (false alerts).
    n = eld.shape[0]
    marked = np.empty(n, np.bool_)
    for s in range(n):
        marked[s] = uniform2(k_event, eld[s], 0) < p_fall[s] + p[EMERGENCY]
    for s in range(n):
        if pending[s] or not (marked[s] or sensor[s]):
            continue
        i = eld[s]
        c, g = community[i], group[i]
        if not live[c]:  # draws are per resident: skipping one leaves the others' unchanged
            continue
        if sensor[s] and uniform2(k_event, i, 1) < p[FALSE_ALERT]:
            acc_day[c, g, cs[ALERTS]] += 1.0
            acc_day[c, g, cs[FALSE_ALERTS]] += 1.0
            alerts_by_grid[grid[i]] += 1
        u = uniform2(k_event, i, 0)
        fall = u < p_fall[s]
        if not fall and u >= p_fall[s] + p[EMERGENCY]:
            continue
        if fall:
            acc_day[c, g, cs[FALLS]] += 1.0
            if uniform2(k_event, i, 2) >= p[CANNOT_GET_UP]:
                continue
        else:
            acc_day[c, g, cs[EMERGENCIES]] += 1.0
        t = _exp(p[ALONE_HOURS] if g == ELDERLY_ALONE else p[FAMILY_HOURS], uniform2(k_detect, i, 0))
        by = INFORMAL
        if bracelet[s] and uniform2(k_detect, i, 2) < p[BRACELET_USE] and (
                fall or uniform2(k_detect, i, 3) < p[CONSCIOUS]):
            acc_day[c, g, cs[ALERTS]] += 1.0
            alerts_by_grid[grid[i]] += 1
            tb = _exp(p[RESPONSE_HOURS], uniform2(k_detect, i, 4))
            if tb < t:
                t, by = tb, BRACELET
        if sensor[s] and t > p[ALERT_HOURS]:  # nobody came within the threshold: the meter alerts
            acc_day[c, g, cs[ALERTS]] += 1.0
            alerts_by_grid[grid[i]] += 1
            ts = p[ALERT_HOURS] + _exp(p[RESPONSE_HOURS], uniform2(k_detect, i, 1))
            if ts < t:
                t, by = ts, SENSOR
        acc_day[c, g, cs[STARTED]] += 1.0
        pending[s] = True
        fell_at[s] = day * 24.0 + 24.0 * uniform2(k_event, i, 3)
        found_at[s] = fell_at[s] + t
        found_by[s] = by


@njit(cache=True)
def visits(day, k_visit, eld, alone, community, group, grid, next_visit, interval, cap,
           pending, fell_at, found_at, found_by, cs, acc_day):
    """Home visits due today, within each grid's visit capacity ``cap`` (decremented)."""
    for j in range(alone.shape[0]):
        s = alone[j]
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
        tv = day * 24.0 + VISIT_START_HOUR + VISIT_SPAN_HOURS * uniform(k_visit, i)
        if pending[s] and fell_at[s] < tv < found_at[s]:
            found_at[s] = tv
            found_by[s] = VISIT


@njit(cache=True)
def resolve(day, k_outcome, eld, community, group, health, pending, fell_at, found_at, found_by,
            satisfaction, trust, xp, p, cs, acc_day, declined_slots):
    """Close the incidents found by the day's end; return how many residents' health declined.

    The first ``declined`` entries of ``declined_slots`` name them (positions in ``eld``).
    """
    end = (day + 1) * 24.0
    declined = 0
    for s in range(eld.shape[0]):
        if not pending[s] or found_at[s] >= end:
            continue
        i = eld[s]
        c, g = community[i], group[i]
        lie = found_at[s] - fell_at[s]
        acc_day[c, g, cs[INCIDENTS]] += 1.0
        acc_day[c, g, cs[DETECTION_HOURS]] += lie
        acc_day[c, g, cs[FOUND_INFORMAL + found_by[s]]] += 1.0
        if lie >= LONG_LIE_HOURS:
            acc_day[c, g, cs[LONG_LIES]] += 1.0
        p_decline = 1.0 - (1.0 - p[DECLINE_AT_ONCE]) * math.exp(-lie / p[DECLINE_HOURS])
        if health[i] < DISABLED and uniform(k_outcome, i) < p_decline:
            health[i] += 1
            declined_slots[declined] = s
            declined += 1
            acc_day[c, g, cs[DECLINES]] += 1.0
        remember(i, p[SCORE_AT_ONCE] * math.exp(-lie / p[EXPERIENCE_HOURS]), satisfaction, trust, xp)
        pending[s] = False
    return declined


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


def fall_probability(group, age, health, base, alone_factor, old_factor, impaired_factor, old_age=80):
    """Daily chance of a fall: ``1 - exp(-base * factors / 365)`` (numpy, for setup and tests)."""
    rate = np.full(group.shape[0], float(base))
    rate = np.where(group == ELDERLY_ALONE, rate * alone_factor, rate)
    rate = np.where(age >= old_age, rate * old_factor, rate)
    rate = np.where(health >= 2, rate * impaired_factor, rate)
    return 1.0 - np.exp(-rate / 365.0)
