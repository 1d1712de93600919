"""Experience moves satisfaction and trust, with exponential memory.

An outcome scores ``s`` in [0, 1]:

    closed:    s = exp(-max(0, days - expected) / tolerance) * (1 - bounce_penalty) ** bounces
               (a dispute closed without settlement: s = min(s, unsettled_score),
               ``disputes.unsettled_score``, see ``concluded_score``)
    abandoned: s = abandoned_score
    unmet:     s = unmet_score          (a need the resident took to no channel)
    a visit to the service counter: s = exp(-minutes waited / wait_tolerance_min),
               remembered with ``visit_weight`` times the usual weights

and moves the resident's state: ``sat += lambda_sat * (s - sat)``,
``trust += lambda_trust * (s - trust)``.
"""

import math

from numba import njit

# Positions in the parameter vector ``xp``.
LAMBDA_SAT, LAMBDA_TRUST, EXPECTED_DAYS, TOLERANCE_DAYS, BOUNCE_PENALTY, ABANDONED_SCORE, UNMET_SCORE = range(7)
WAIT_TOLERANCE_MIN, VISIT_WEIGHT = 7, 8
N_XP = 9


@njit(inline="always", cache=True)
def outcome_score(closed, days, bounces, xp):
    if not closed:
        return xp[ABANDONED_SCORE]
    late = max(0.0, days - xp[EXPECTED_DAYS])
    return math.exp(-late / xp[TOLERANCE_DAYS]) * (1.0 - xp[BOUNCE_PENALTY]) ** bounces


@njit(inline="always", cache=True)
def concluded_score(closed, settled, days, bounces, xp, unsettled_score):
    """The outcome score; a closure that left a dispute unsettled scores no better than ``unsettled_score``."""
    score = outcome_score(closed, days, bounces, xp)
    if closed and not settled:
        return min(score, unsettled_score)
    return score


@njit(inline="always", cache=True)
def remember(r, score, satisfaction, trust, xp):
    satisfaction[r] += xp[LAMBDA_SAT] * (score - satisfaction[r])
    trust[r] += xp[LAMBDA_TRUST] * (score - trust[r])


@njit(inline="always", cache=True)
def remember_visit(r, wait_min, satisfaction, trust, xp):
    score = math.exp(-wait_min / xp[WAIT_TOLERANCE_MIN])
    w = xp[VISIT_WEIGHT]
    satisfaction[r] += w * xp[LAMBDA_SAT] * (score - satisfaction[r])
    trust[r] += w * xp[LAMBDA_TRUST] * (score - trust[r])


@njit(cache=True)
def remember_unmet(who, satisfaction, trust, xp):
    """Apply the unmet-need score to residents ``who`` in order."""
    for j in range(who.shape[0]):
        remember(who[j], xp[UNMET_SCORE], satisfaction, trust, xp)
