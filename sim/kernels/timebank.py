"""Time bank: younger elderly serve older elderly; 1 hour of service = 1 credit, redeemed later.

Volunteers are held sorted by grid (``vol``, with ``vstart[g]:vstart[g+1]``
the volunteers of grid ``g``); grids of community ``c`` are
``gstart[c]:gstart[c+1]``. Per volunteer: ``hours_left`` this month and the
credit ``balance``; ``totals`` = [issued, redeemed, expired] over the run.

``serve`` takes today's needs in order (``who[j]``, ``need[j]``), those of
residents of communities the bank has reached (``live[community]``) only:

- a *recipient's* need (elderly care, raised by an elderly resident aged
  ``min_age`` or more, or semi-disabled or disabled) is offered to the bank
  with chance ``uptake``; the bank looks for a volunteer in the recipient's
  grid, then in the community's other grids in turn, each grid from its
  round-robin ``cursor``: one still fit (not semi-disabled or disabled), not
  the recipient, with ``hours`` left this month. If found, the volunteer
  gives ``hours`` and is credited (``credit``), the need is served
  (``keep[j]`` false) and the recipient remembers the service (``score``);
- otherwise, a *volunteer's* own elderly-care or repair need is served
  against their credits with chance ``redeem_share`` when the balance covers
  ``hours`` (balance -= hours).

``credit``: a balance cannot pass ``cap`` (Nanjing: 1,500 hours); the part
of a service's credit above it is forfeited (``expired``). Hence, always:

    issued - redeemed - expired == sum of balances,  0 <= balance <= cap
"""

import numpy as np
from numba import njit

from sim.kernels.experience import remember
from sim.rng import uniform2

ELDERLY_FAMILY, SEMI_DISABLED = 1, 2  # codes (sim.enums), pinned by a test
REPAIR, ELDERCARE = 0, 2
ISSUED, REDEEMED, EXPIRED = range(3)

# Positions in the parameter vector ``p``.
MIN_AGE, UPTAKE, HOURS, REDEEM_SHARE, CAP, SCORE = range(6)
N_P = 6

# The policy's counters, in order; ``cs[k]`` is the ``acc`` slot of counter k.
COUNTERS = ("offered", "served", "hours_received", "hours_given", "credits_issued", "credits_redeemed",
            "credits_expired", "redemptions", "balance", "volunteer_years")
(OFFERED, SERVED, HOURS_RECEIVED, HOURS_GIVEN, CREDITS_ISSUED, CREDITS_REDEEMED, CREDITS_EXPIRED,
 REDEMPTIONS, BALANCE, VOLUNTEER_YEARS) = range(len(COUNTERS))


@njit(inline="always", cache=True)
def credit(balance, hours, cap):
    """(credited, forfeited): ``hours`` credited up to the cap, the rest forfeited."""
    added = min(hours, max(cap - balance, 0.0))
    return added, hours - added


@njit(cache=True)
def _find(i, g, c, vol, vstart, gstart, cursor, hours_left, health, hours):
    """A fit volunteer with ``hours`` left: own grid first, then the community's others; -1 if none."""
    n_grids = gstart[c + 1] - gstart[c]
    for step in range(n_grids):
        gg = gstart[c] + (g - gstart[c] + step) % n_grids
        lo, size = vstart[gg], vstart[gg + 1] - vstart[gg]
        for k in range(size):
            v = lo + (cursor[gg] + k) % size
            r = vol[v]
            if r != i and hours_left[v] >= hours and health[r] < SEMI_DISABLED:
                cursor[gg] = (v - lo + 1) % size
                return v
    return -1


@njit(inline="always", cache=True)
def _volunteer_slot(i, g, vol, vstart):
    lo, hi = vstart[g], vstart[g + 1]
    v = lo + np.searchsorted(vol[lo:hi], i)
    return v if v < hi and vol[v] == i else -1


@njit(cache=True)
def serve(k, who, need, community, live, group, age, health, grid, vol, vstart, gstart, cursor, hours_left,
          balance, totals, p, satisfaction, trust, xp, cs, acc_day, keep):
    """Serve today's needs from the bank; ``keep[j]`` false for the needs it served."""
    h = p[HOURS]
    for j in range(who.shape[0]):
        i = who[j]
        keep[j] = True
        c, g, t = community[i], group[i], need[j]
        if not live[c]:  # recipients and volunteers are served within their community
            continue
        if t == ELDERCARE and g <= ELDERLY_FAMILY and (age[i] >= p[MIN_AGE] or health[i] >= SEMI_DISABLED):
            if uniform2(k, i, 0) >= p[UPTAKE]:
                continue
            acc_day[c, g, cs[OFFERED]] += 1.0
            v = _find(i, grid[i], c, vol, vstart, gstart, cursor, hours_left, health, h)
            if v < 0:
                continue
            r = vol[v]
            hours_left[v] -= h
            added, lost = credit(balance[v], h, p[CAP])
            balance[v] += added
            totals[ISSUED] += h
            totals[EXPIRED] += lost
            acc_day[c, g, cs[SERVED]] += 1.0
            acc_day[c, g, cs[HOURS_RECEIVED]] += h
            cr, gr = community[r], group[r]
            acc_day[cr, gr, cs[HOURS_GIVEN]] += h
            acc_day[cr, gr, cs[CREDITS_ISSUED]] += h
            acc_day[cr, gr, cs[CREDITS_EXPIRED]] += lost
            keep[j] = False
            remember(i, p[SCORE], satisfaction, trust, xp)
        elif t == ELDERCARE or t == REPAIR:
            v = _volunteer_slot(i, grid[i], vol, vstart)
            if v < 0 or balance[v] < h or uniform2(k, i, 1) >= p[REDEEM_SHARE]:
                continue
            balance[v] -= h
            totals[REDEEMED] += h
            acc_day[c, g, cs[CREDITS_REDEEMED]] += h
            acc_day[c, g, cs[REDEMPTIONS]] += 1.0
            keep[j] = False
            remember(i, p[SCORE], satisfaction, trust, xp)
