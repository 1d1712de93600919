"""Time bank's books: 1 hour of volunteer service = 1 credit, redeemed later for services.

Balances are held per slot of the volunteer pool (``sim.kernels.volunteering``:
``vol`` sorted by grid, ``vstart``); ``totals`` = [issued, redeemed, expired]
over the run.

``book``: each of today's services (``served_by[:n]``, pool slots) given by a
volunteer of a community the bank has reached (``live``) credits ``hours``
(``credit``): a balance cannot pass ``cap`` (Nanjing: 1,500 hours); the part
above it is forfeited (``expired``).

``redeem``: today's remaining needs in order; a volunteer's own elderly-care
or repair need, in a community the bank has reached, is served by the bank's
partner services against their credits with chance ``redeem_share`` when the
balance covers ``hours`` (balance -= hours; the resident remembers the
service with ``score``; ``keep[j]`` false). Hence, always:

    issued - redeemed - expired == sum of balances,  0 <= balance <= cap
"""

from numba import njit

from sim.kernels.experience import remember
from sim.kernels.volunteering import slot_of
from sim.rng import uniform2

REPAIR, ELDERCARE = 0, 2  # codes (sim.enums), pinned by a test
ISSUED, REDEEMED, EXPIRED = range(3)

# Positions in the parameter vector ``p``.
HOURS, REDEEM_SHARE, CAP, SCORE = range(4)
N_P = 4

# The mechanism's counters, in order; ``cs[k]`` is the ``acc`` slot of counter k.
COUNTERS = ("credits_issued", "credits_redeemed", "credits_expired", "redemptions", "balance")
CREDITS_ISSUED, CREDITS_REDEEMED, CREDITS_EXPIRED, REDEMPTIONS, BALANCE = range(len(COUNTERS))


@njit(inline="always", cache=True)
def credit(balance, hours, cap):
    """(credited, forfeited): ``hours`` credited up to the cap, the rest forfeited."""
    added = min(hours, max(cap - balance, 0.0))
    return added, hours - added


@njit(cache=True)
def book(served_by, n, vol, community, group, live, balance, totals, p, cs, acc_day):
    """Credit today's services ``served_by[:n]`` given in communities the bank has reached."""
    h = p[HOURS]
    for s in range(n):
        v = served_by[s]
        r = vol[v]
        c, g = community[r], group[r]
        if not live[c]:
            continue
        added, lost = credit(balance[v], h, p[CAP])
        balance[v] += added
        totals[ISSUED] += h
        totals[EXPIRED] += lost
        acc_day[c, g, cs[CREDITS_ISSUED]] += h
        acc_day[c, g, cs[CREDITS_EXPIRED]] += lost


@njit(cache=True)
def redeem(k, who, need, community, group, live, grid, vol, vstart, balance, totals, p, satisfaction, trust, xp, cs,
           acc_day, keep):
    """Serve volunteers' own care and repair needs against their credits; ``keep[j]`` false for those served."""
    h = p[HOURS]
    for j in range(who.shape[0]):
        i = who[j]
        keep[j] = True
        c = community[i]
        if not live[c] or (need[j] != ELDERCARE and need[j] != REPAIR):
            continue
        v = slot_of(i, grid[i], vol, vstart)
        if v < 0 or balance[v] < h or uniform2(k, i, 0) >= p[REDEEM_SHARE]:
            continue
        balance[v] -= h
        totals[REDEEMED] += h
        acc_day[c, group[i], cs[CREDITS_REDEEMED]] += h
        acc_day[c, group[i], cs[REDEMPTIONS]] += 1.0
        keep[j] = False
        remember(i, p[SCORE], satisfaction, trust, xp)

