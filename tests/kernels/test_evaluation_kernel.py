"""Contract evaluation kernel (fails, streaks, cancellation after fails in a row) and the quality multiplier."""

import numpy as np
import pytest

from sim.enums import Group
from sim.kernels import experience as kx
from sim.kernels import programmes as kp
from sim.kernels.evaluation import judge


def _rounds(scores, evaluated=None, threshold=0.6, need=2):
    """Run ``judge`` over successive evaluations of one contract; (failed, cancelled) per round."""
    streak = np.zeros(1, np.int64)
    out = []
    for r, s in enumerate(scores):
        failed, cancelled = np.zeros(1, np.bool_), np.zeros(1, np.bool_)
        ev = np.array([True if evaluated is None else evaluated[r]])
        judge(np.array([s]), ev, threshold, need, streak, failed, cancelled)
        out.append((bool(failed[0]), bool(cancelled[0])))
    return out


@pytest.mark.parametrize("scores, cancelled_at", [
    ([0.5, 0.7, 0.5, 0.7], []),  # fails never in a row
    ([0.5, 0.5], [1]),  # the plan: two fails in a row
    ([0.7, 0.5, 0.5, 0.5, 0.5], [2, 4]),  # the new provider needs two fails of its own
    ([0.59999, 0.6, 0.59999], []),  # exactly at the pass mark passes
])
def test_a_contract_is_cancelled_only_after_two_fails_in_a_row(scores, cancelled_at):
    result = _rounds(scores)
    assert [f for f, _ in result] == [s < 0.6 for s in scores]
    assert [r for r, (_, c) in enumerate(result) if c] == cancelled_at


def test_a_contract_closed_for_handover_is_not_judged_and_keeps_its_streak():
    result = _rounds([0.5, 0.1, 0.5], evaluated=[True, False, True])
    assert result == [(True, False), (False, False), (True, True)]


def test_three_fails_needed_when_the_rule_says_three():
    assert [c for _, c in _rounds([0.1] * 6, need=3)] == [False, False, True, False, False, True]


def test_many_contracts_at_once_match_one_at_a_time():
    scores = np.array([[0.5, 0.9, 0.1], [0.5, 0.2, 0.9], [0.3, 0.3, 0.3]])  # rounds x contracts
    streak = np.zeros(3, np.int64)
    cancelled_all = []
    for row in scores:
        failed, cancelled = np.zeros(3, np.bool_), np.zeros(3, np.bool_)
        judge(row, np.ones(3, np.bool_), 0.6, 2, streak, failed, cancelled)
        assert cancelled.sum() <= failed.sum()
        cancelled_all.append(cancelled.copy())
    for j in range(3):
        assert [c[j] for c in cancelled_all] == [c for _, c in _rounds(scores[:, j])]


def test_a_providers_quality_scales_what_a_seat_scores():
    n, g = 2000, len(Group)
    xp = np.zeros(kx.N_XP)
    xp[kx.LAMBDA_SAT], xp[kx.LAMBDA_TRUST] = 0.3, 0.1
    p = np.zeros(kp.N_P)
    p[kp.ATTEND_BASE], p[kp.ATTENDED_SCORE], p[kp.UNSERVED_SCORE], p[kp.WEIGHT] = 1.0, 0.9, 0.2, 1.0
    wants = np.full(n, (1 << kp.MEALS) | (1 << kp.CULTURAL), np.uint8)
    seats = np.full((1, kp.N_KINDS), float(n))  # everyone seated in both kinds
    quality = np.ones((1, kp.N_KINDS))
    quality[0, kp.MEALS] = 0.5

    def month(q, kernel):
        sat = np.full(n, 0.5, np.float32)
        out = [np.zeros((1, kp.N_KINDS)) for _ in range(2)] + [np.zeros((1, g)) for _ in range(3)]
        args = (np.uint64(1), np.uint64(2), wants, np.zeros(n, np.float32), np.zeros(n, np.int16),
                np.full(n, Group.ELDERLY_ALONE, np.int8), seats)
        rest = (p, sat, np.full(n, 0.5, np.float32), xp, *out, np.zeros(n, np.uint8), np.zeros((1, g)),
                np.zeros((1, g)))
        kernel(*args, *rest) if q is None else kernel(*args, q, *rest)
        return sat

    # Mean score of the two seats: (0.9 * 0.5 + 0.9 * 1) / 2 = 0.675.
    assert month(quality, kp.attend_quality) == pytest.approx(np.float32(0.5 + 0.3 * (0.675 - 0.5)))
    # Quality 1 everywhere is exactly the kernel without providers.
    assert np.array_equal(month(np.ones((1, kp.N_KINDS)), kp.attend_quality), month(None, kp.attend))
