"""Falls and emergencies of elderly residents: when they happen, how soon the resident is found, what lying costs.

Times are hours from day 0, 00:00. Arrays named per *slot* hold one row per
elderly resident (``eld[slot]`` is the resident's index), so the state costs
nothing for the other residents.

``incidents`` (each day, every elderly resident not already lying):

- one draw ``u`` against the competing daily hazards: a fall if
  ``u < p_fall``, else an emergency if ``u < p_fall + p_emergency``;
- a fall leaves the resident unable to get up with ``cannot_get_up``
  (otherwise nothing more happens); an emergency always does;
- the incident starts at a uniform hour of the day, and the resident is
  found after ``T = min`` of the paths open to them:

      informal (family living with them; else neighbours, callers, chance):
          T_inf ~ Exp(mean family_hours or alone_hours)
      alarm (a device the resident holds, ``alarm[slot]``, used with chance
          alarm_use; in an emergency only if conscious): Exp(response_hours)
      monitor (``monitor[slot]``: no activity for monitor_hours raises an
          alert, unless someone came by then): monitor_hours + Exp(response_hours)

  The status quo has no devices (``alarm`` and ``monitor`` false): informal
  help only. Each alarm raised (pressed or sent by a monitor) is counted, and
  added to ``alarms_by_grid`` for whoever answers it.

The incident draws (stream ``k_event``: whether, which, getting up, the
hour) and the informal finding time (``k_found``) are one per resident and
day whatever devices anyone holds; the devices draw from ``k_device``. So
two runs that differ only in their devices have the same incidents.

``close`` (each day, after ``incidents``): a check-in today at
``check_at[slot]`` (a visit; ``inf`` for none) finds a resident lying since
before it; then the incidents found before the day's end close. With lying
time ``L`` hours:

    P(one health tier worse) = 1 - (1 - decline_at_once) * exp(-L / decline_hours)
    experience score         = score_at_once * exp(-L / experience_hours)   (sim.kernels.experience.remember)
"""

import math

import numpy as np
from numba import njit

from sim.kernels.experience import remember
from sim.rng import uniform, uniform2

# Codes (sim.enums), pinned by a test.
ELDERLY_ALONE = 0
DISABLED = 3

# Who found a resident (``found_by``).
INFORMAL, ALARM, MONITOR, CHECK = range(4)

LONG_LIE_HOURS = 1.0  # Fleming & Brayne (BMJ 2008) report lying "1 h or more"

# Positions in the parameter vector ``p`` (the component's parameters).
(CANNOT_GET_UP, FAMILY_HOURS, ALONE_HOURS, EMERGENCY, DECLINE_AT_ONCE, DECLINE_HOURS, SCORE_AT_ONCE,
 EXPERIENCE_HOURS) = range(8)
N_P = 8

# Positions in the detection vector ``d``: how the devices that residents hold work (set by a mechanism
# that hands them out; nobody holds one in the status quo).
ALARM_USE, ALARM_CONSCIOUS, RESPONSE_HOURS, MONITOR_HOURS = range(4)
N_D = 4

# The component's counters, in order; ``cs[k]`` is the ``acc`` slot of counter k.
COUNTERS = ("falls", "emergencies", "incidents_started", "incidents", "detection_hours", "long_lies",
            "found_informal", "found_alarm", "found_monitor", "found_check", "alarms", "declines", "elderly_years")
(FALLS, EMERGENCIES, STARTED, INCIDENTS, DETECTION_HOURS, LONG_LIES, FOUND_INFORMAL, FOUND_ALARM,
 FOUND_MONITOR, FOUND_CHECK, ALARMS, DECLINES, ELDERLY_YEARS) = range(len(COUNTERS))


@njit(inline="always", cache=True)
def _exp(mean, u):
    return -mean * math.log(1.0 - u)


@njit(cache=True)
def incidents(day, k_event, k_found, k_device, eld, community, group, grid, p_fall, alarm, monitor,
              pending, fell_at, found_at, found_by, p, d, cs, acc_day, alarms_by_grid):
    """Start today's incidents and decide when each resident will be found."""
    # A first pass only marks who has an incident today (a hash and a compare, which the compiler
    # vectorises); the full rule below runs on the same draws for the marked.
    n = eld.shape[0]
    marked = np.empty(n, np.bool_)
    for s in range(n):
        marked[s] = uniform2(k_event, eld[s], 0) < p_fall[s] + p[EMERGENCY]
    for s in range(n):
        if pending[s] or not marked[s]:
            continue
        i = eld[s]
        c, g = community[i], group[i]
        fall = uniform2(k_event, i, 0) < p_fall[s]
        if fall:
            acc_day[c, g, cs[FALLS]] += 1.0
            if uniform2(k_event, i, 1) >= p[CANNOT_GET_UP]:
                continue
        else:
            acc_day[c, g, cs[EMERGENCIES]] += 1.0
        t = _exp(p[ALONE_HOURS] if g == ELDERLY_ALONE else p[FAMILY_HOURS], uniform(k_found, i))
        by = INFORMAL
        if alarm[s] and uniform2(k_device, i, 0) < d[ALARM_USE] and (
                fall or uniform2(k_device, i, 1) < d[ALARM_CONSCIOUS]):
            acc_day[c, g, cs[ALARMS]] += 1.0
            alarms_by_grid[grid[i]] += 1
            ta = _exp(d[RESPONSE_HOURS], uniform2(k_device, i, 2))
            if ta < t:
                t, by = ta, ALARM
        if monitor[s] and t > d[MONITOR_HOURS]:  # nobody came within the threshold: the monitor alerts
            acc_day[c, g, cs[ALARMS]] += 1.0
            alarms_by_grid[grid[i]] += 1
            tm = d[MONITOR_HOURS] + _exp(d[RESPONSE_HOURS], uniform2(k_device, i, 3))
            if tm < t:
                t, by = tm, MONITOR
        acc_day[c, g, cs[STARTED]] += 1.0
        pending[s] = True
        fell_at[s] = day * 24.0 + 24.0 * uniform2(k_event, i, 2)
        found_at[s] = fell_at[s] + t
        found_by[s] = by


@njit(cache=True)
def close(day, k_outcome, eld, community, group, health, pending, fell_at, found_at, found_by, check_at,
          satisfaction, trust, xp, p, cs, acc_day, declined_slots):
    """Today's check-ins find who lies since before them; close the incidents found by the day's end.

    Returns how many residents' health declined: the first ``declined`` entries of ``declined_slots``
    name them (positions in ``eld``).
    """
    end = (day + 1) * 24.0
    declined = 0
    for s in range(eld.shape[0]):
        if not pending[s]:
            continue
        if fell_at[s] < check_at[s] < found_at[s]:
            found_at[s] = check_at[s]
            found_by[s] = CHECK
        if found_at[s] >= end:
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


def fall_probability(group, age, health, base, alone_factor, old_factor, impaired_factor, old_age=80):
    """Daily chance of a fall: ``1 - exp(-base * factors / 365)`` (numpy, for setup and tests)."""
    rate = np.full(group.shape[0], float(base))
    rate = np.where(group == ELDERLY_ALONE, rate * alone_factor, rate)
    rate = np.where(age >= old_age, rate * old_factor, rate)
    rate = np.where(health >= 2, rate * impaired_factor, rate)
    return 1.0 - np.exp(-rate / 365.0)
