"""Disputes: what each one is about, and whether it ends settled.

A dispute (need ``DISPUTE``) is about one of three things (docs/plan.md: renovation
noise, parking, property-fee rises), its *kind*: ``NOISE``, ``PARKING`` or
``FEE``. ``assign_kinds`` draws the kind of each dispute raised today from its
community's shares (``shares[c, kind]``, summing to 1), once, from a fixed
stream keyed by the request (``request_counter(created, resident)``), and
counts disputes raised by kind.

When the body that resolves disputes concludes one (``verdict``, called by
``sim.kernels.handling.work`` where a request's last stage closes), a draw
``u`` decides, with the dispute-parameter vector ``dp``:

    at the first hearing (dialogue):
        settled                      if u < p = dp[SETTLE + kind]
        to a third-party assessment  if p <= u < p + (1 - p) * dp[ASSESS_SHARE + kind]
        not settled                  otherwise
    after an assessment:
        settled                      if u < dp[ASSESS_SETTLE], else not settled

A dispute sent to assessment stays open at the same body for
``dp[ASSESS_DAYS]`` more days (one more stage). The engine's status quo has
no assessment (``ASSESS_SHARE = 0``) and one settlement chance for every kind
(``disputes.settle_prob``); the mediation centre (``sim.policies.mediation``)
sets its own. A dispute is *concluded* when it closes (settled or not) or is
abandoned (not settled); ``conclude`` counts it, once, where that happens.
"""

from numba import njit

from sim.kernels import slots
from sim.rng import request_counter, uniform

NOISE, PARKING, FEE = 0, 1, 2
N_KINDS = 3

SETTLED, UNSETTLED, ASSESS = 0, 1, 2

# Positions in the dispute-parameter vector ``dp``.
SETTLE = 0  # 3 entries, by kind: chance the first hearing settles
ASSESS_SHARE = 3  # 3 entries, by kind: chance a failed hearing goes to a third-party cost assessment
ASSESS_SETTLE, ASSESS_DAYS, UNSETTLED_SCORE = 6, 7, 8
N_DP = 9

_DISPUTE = 4  # Need.DISPUTE


@njit(cache=True)
def assign_kinds(k_kind, start, created, resident, community, group, need, shares, subtype, acc, day):
    """Draw the kind of every dispute in rows ``start:`` that has none yet; count them by kind.

    Idempotent: a row whose kind is already drawn is left alone, so any rule
    that needs kinds before the handling phase may call it first.
    """
    n_kinds = shares.shape[1]
    for r in range(start, need.shape[0]):
        if need[r] != _DISPUTE or subtype[r] >= 0:
            continue
        c = community[r]
        u = uniform(k_kind, request_counter(created[r], resident[r]))
        kind = 0
        cum = shares[c, 0]
        while kind < n_kinds - 1 and u >= cum:
            kind += 1
            cum += shares[c, kind]
        subtype[r] = kind
        if kind == NOISE:
            acc[day, c, group[r], slots.DISPUTES_NOISE] += 1
        elif kind == PARKING:
            acc[day, c, group[r], slots.DISPUTES_PARKING] += 1
        else:
            acc[day, c, group[r], slots.DISPUTES_FEE] += 1


@njit(inline="always", cache=True)
def verdict(u, kind, assessed, dp):
    """SETTLED, UNSETTLED or ASSESS for a dispute its resolving body concludes (see the module docstring)."""
    if assessed:
        return SETTLED if u < dp[ASSESS_SETTLE] else UNSETTLED
    p = dp[SETTLE + kind]
    if u < p:
        return SETTLED
    if u < p + (1.0 - p) * dp[ASSESS_SHARE + kind]:
        return ASSESS
    return UNSETTLED


@njit(inline="always", cache=True)
def conclude(day, c, g, settled, acc):
    """Count a dispute that closed or was abandoned today (once, where it happens)."""
    acc[day, c, g, slots.DISPUTES_CONCLUDED] += 1
    if settled:
        acc[day, c, g, slots.DISPUTES_SETTLED] += 1
