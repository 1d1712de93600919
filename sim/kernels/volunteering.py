"""Volunteering: residents serve older residents' elderly-care needs within the hours they offer.

The volunteer pool (``sim.kernels.arrays.VolunteerArrays``) is held sorted by
grid (``vol``, with ``vstart[g]:vstart[g+1]`` the pool of grid ``g``); grids of
community ``c`` are ``gstart[c]:gstart[c+1]``. Per pool member: ``hours_used``
this month and ``active`` (volunteering under the rules in force today; the
pool also holds residents who volunteer only under the reform's rules).

The ``volunteering`` rule table (one row per community, the status quo's or
the time bank's) has the columns ``ENROL_YOUNG_OLD``, ``ENROL_ADULT`` (who
volunteers, read by the component), ``HOURS_MONTH`` (hours a volunteer offers
a month), ``UPTAKE`` (share of a recipient's care needs that reach a
volunteer) and ``COMMUNITY_WIDE`` (0: a need is served from the recipient's
grid only, neighbours helping neighbours; 1: from the community's other
grids too, when someone matches them).

``serve`` takes today's needs in order (``who[j]``, ``need[j]``): a
*recipient's* need (elderly care, raised by an elderly resident aged
``MIN_AGE`` or more, or semi-disabled or disabled) reaches a volunteer with
chance ``UPTAKE`` of the row of the recipient's community; the kernel looks
for a volunteer in the recipient's grid (then, if ``COMMUNITY_WIDE``, in the
community's other grids in turn), each grid from its round-robin ``cursor``:
one active, still fit (not semi-disabled or disabled), not the recipient, with
``HOURS`` left of the ``HOURS_MONTH`` offered. If found, the volunteer gives
``HOURS``, the need is served (``keep[j]`` false, ``served_by`` gets the pool
slot) and the recipient remembers the service (``SCORE``). Returns the number
of services (the first entries of ``served_by``).

``count`` records today's active, fit volunteers: the snapshot ``VOLUNTEERS``
and a 365th of a volunteer-year each (``VOLUNTEER_YEARS``).
"""

import numpy as np
from numba import njit

from sim.kernels.experience import remember
from sim.rng import uniform2

ELDERLY_FAMILY, SEMI_DISABLED = 1, 2  # codes (sim.enums), pinned by a test
ELDERCARE = 2

# Columns of the ``volunteering`` rule table.
ENROL_YOUNG_OLD, ENROL_ADULT, HOURS_MONTH, UPTAKE, COMMUNITY_WIDE = range(5)
N_VR = 5
ENROL = (ENROL_YOUNG_OLD, ENROL_ADULT)  # by enrolment set: 0 young-old, 1 working-age adults (adjacent columns)

# Positions in the parameter vector ``p``.
MIN_AGE, HOURS, SCORE = range(3)
N_P = 3

# The component's counters, in order; ``cs[k]`` is the ``acc`` slot of counter k.
COUNTERS = ("asked", "offered", "served", "hours_received", "hours_given", "volunteer_years", "volunteers")
ASKED, OFFERED, SERVED, HOURS_RECEIVED, HOURS_GIVEN, VOLUNTEER_YEARS, VOLUNTEERS = range(len(COUNTERS))


@njit(cache=True)
def _find(i, g, c, wide, vol, vstart, gstart, cursor, hours_used, active, health, offered, hours):
    """An active, fit volunteer with ``hours`` left: own grid first, then (``wide``) the community's others;
    -1 if none."""
    n_grids = gstart[c + 1] - gstart[c] if wide else 1
    for step in range(n_grids):
        gg = gstart[c] + (g - gstart[c] + step) % (gstart[c + 1] - gstart[c])
        lo, size = vstart[gg], vstart[gg + 1] - vstart[gg]
        for k in range(size):
            v = lo + (cursor[gg] + k) % size
            r = vol[v]
            if active[v] and r != i and offered - hours_used[v] >= hours and health[r] < SEMI_DISABLED:
                cursor[gg] = (v - lo + 1) % size
                return v
    return -1


@njit(inline="always", cache=True)
def slot_of(i, g, vol, vstart):
    """Resident ``i``'s slot in the pool (``g`` its grid), or -1 if it holds no slot."""
    lo, hi = vstart[g], vstart[g + 1]
    v = lo + np.searchsorted(vol[lo:hi], i)
    return v if v < hi and vol[v] == i else -1


@njit(cache=True)
def serve(k, who, need, community, group, age, health, grid, pool, rows, p, satisfaction, trust, xp, cs, acc_day,
          keep, served_by):
    """Serve today's needs from volunteers; ``keep[j]`` false for the needs served; returns the services."""
    vol, vstart, gstart, cursor, hours_used, active = pool
    h = p[HOURS]
    n = 0
    for j in range(who.shape[0]):
        i = who[j]
        keep[j] = True
        c, g = community[i], group[i]
        if need[j] != ELDERCARE or g > ELDERLY_FAMILY or (age[i] < p[MIN_AGE] and health[i] < SEMI_DISABLED):
            continue
        acc_day[c, g, cs[ASKED]] += 1.0
        if uniform2(k, i, 0) >= rows[c, UPTAKE]:
            continue
        acc_day[c, g, cs[OFFERED]] += 1.0
        v = _find(i, grid[i], c, rows[c, COMMUNITY_WIDE] > 0.0, vol, vstart, gstart, cursor, hours_used, active,
                  health, rows[c, HOURS_MONTH], h)
        if v < 0:
            continue
        r = vol[v]
        hours_used[v] += h
        served_by[n] = v
        n += 1
        acc_day[c, g, cs[SERVED]] += 1.0
        acc_day[c, g, cs[HOURS_RECEIVED]] += h
        acc_day[community[r], group[r], cs[HOURS_GIVEN]] += h
        keep[j] = False
        remember(i, p[SCORE], satisfaction, trust, xp)
    return n


@njit(cache=True)
def count(vol, active, health, community, group, cs, acc_day):
    """Today's active, fit volunteers by (community, group): ``VOLUNTEERS`` (set) and ``VOLUNTEER_YEARS`` (added)."""
    acc_day[:, :, cs[VOLUNTEERS]] = 0.0
    for v in range(vol.shape[0]):
        r = vol[v]
        if active[v] and health[r] < SEMI_DISABLED:
            acc_day[community[r], group[r], cs[VOLUNTEERS]] += 1.0
            acc_day[community[r], group[r], cs[VOLUNTEER_YEARS]] += 1.0 / 365.0
