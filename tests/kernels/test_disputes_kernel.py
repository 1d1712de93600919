"""Dispute kernels by hand: kinds by shares, the verdict's odds, settling, assessing and giving up."""

import numpy as np
import pytest

from sim import rng
from sim.calendar import NO_DAY
from sim.enums import HandlerKind
from sim.kernels import disputes as kd
from sim.kernels import experience as kx
from sim.kernels import handling as kh
from sim.kernels import slots
from sim.kernels.arrays import HandlerArrays, RequestArrays, ResidentArrays

DAY = 20


def _pool(n, community, need=4, created=DAY):
    return dict(created=np.full(n, created, np.int32), resident=np.arange(n, dtype=np.int32),
                community=np.asarray(community, np.int16), group=np.full(n, 2, np.int8),
                need=np.full(n, need, np.int8), subtype=np.full(n, -1, np.int8))


def _assign(p, shares, acc, start=0):
    kd.assign_kinds(rng.key(5, "disputes.kind", -1), start, p["created"], p["resident"], p["community"], p["group"],
                    p["need"], shares, p["subtype"], acc, DAY)


def test_kinds_follow_each_communitys_shares_and_are_counted_once():
    n = 40000
    p = _pool(n, np.arange(n) % 2)
    shares = np.array([[0.5, 0.3, 0.2], [0.7, 0.3, 0.0]])
    acc = np.zeros((DAY + 1, 2, 6, slots.N_SLOTS))
    _assign(p, shares, acc)
    for c in (0, 1):
        kinds = p["subtype"][p["community"] == c]
        freq = np.bincount(kinds, minlength=3) / kinds.size
        tol = 4 * np.sqrt(shares[c] * (1 - shares[c]) / kinds.size) + 1e-12
        assert np.all(np.abs(freq - shares[c]) <= tol), (c, freq)
    assert not np.any(p["subtype"][p["community"] == 1] == kd.FEE)  # a zero share is never drawn
    counted = acc[DAY, :, :, [slots.DISPUTES_NOISE, slots.DISPUTES_PARKING, slots.DISPUTES_FEE]].sum()
    assert counted == n
    before = p["subtype"].copy()
    _assign(p, shares, acc)  # idempotent: nothing drawn or counted twice
    assert np.array_equal(before, p["subtype"])
    assert acc[DAY, :, :, [slots.DISPUTES_NOISE, slots.DISPUTES_PARKING, slots.DISPUTES_FEE]].sum() == n


def test_only_disputes_from_start_on_get_a_kind():
    p = _pool(6, [0] * 6)
    p["need"][1] = 0  # a repair
    acc = np.zeros((DAY + 1, 1, 6, slots.N_SLOTS))
    _assign(p, np.array([[0.4, 0.3, 0.3]]), acc, start=2)
    assert list(p["subtype"][:2]) == [-1, -1]
    assert np.all(p["subtype"][2:] >= 0)


def test_the_verdict_has_the_stated_odds():
    dp = np.zeros(kd.N_DP)
    dp[kd.SETTLE + kd.FEE], dp[kd.ASSESS_SHARE + kd.FEE], dp[kd.ASSESS_SETTLE] = 0.6, 0.5, 0.8
    u = (np.arange(100000) + 0.5) / 100000
    first = np.array([kd.verdict.py_func(x, kd.FEE, False, dp) for x in u])
    assert np.mean(first == kd.SETTLED) == pytest.approx(0.6, abs=1e-4)
    assert np.mean(first == kd.ASSESS) == pytest.approx(0.4 * 0.5, abs=1e-4)
    assert np.mean(first == kd.UNSETTLED) == pytest.approx(0.4 * 0.5, abs=1e-4)
    after = np.array([kd.verdict.py_func(x, kd.FEE, True, dp) for x in u])
    assert np.mean(after == kd.SETTLED) == pytest.approx(0.8, abs=1e-4) and not np.any(after == kd.ASSESS)
    noise = np.array([kd.verdict.py_func(x, kd.NOISE, False, dp) for x in u])
    assert np.all(noise == kd.UNSETTLED)  # no settlement chance and no assessment for noise here


class Disputes:
    """A few disputes waiting at a committee (row 8) of community 0."""

    KINDS = np.array(list(range(8)) + [HandlerKind.COMMITTEE], dtype=np.int8)

    def __init__(self, n, kind=kd.FEE, created=DAY - 1):
        self.q = {**_pool(n, [0] * n, created=created)}
        self.q["subtype"][:] = kind
        for name, value, dtype in (("target", 8, np.int32), ("handler", 8, np.int32), ("state", 1, np.int8),
                                   ("responded", NO_DAY, np.int32), ("bounces", 0, np.int16), ("stage", 0, np.int8),
                                   ("stages", 1, np.int8), ("ready", 0, np.int32), ("worked", NO_DAY, np.int32),
                                   ("channel", 2, np.int8), ("errands", 0, np.int8), ("errands_left", 0, np.int8)):
            self.q[name] = np.full(n, value, dtype)
        self.sat = np.full(n, 0.5)
        self.trust = np.full(n, 0.5)
        self.acc = np.zeros((DAY + 30, 1, 6, slots.N_SLOTS))
        self.xp = np.zeros(kx.N_XP)
        self.xp[kx.LAMBDA_SAT], self.xp[kx.LAMBDA_TRUST], self.xp[kx.EXPECTED_DAYS] = 0.5, 0.25, 3.0
        self.xp[kx.TOLERANCE_DAYS], self.xp[kx.ABANDONED_SCORE] = 5.0, 0.1

    def pool(self):
        return RequestArrays(**self.q)

    def residents(self):
        return ResidentArrays(self.sat, self.trust)

    def work(self, day, dp):
        n = self.q["state"].shape[0]
        rp = np.zeros((1, kh.N_RP))  # one row per community
        rp[:, kh.ABANDON_APP_FACTOR] = 1.0
        handlers = HandlerArrays(kind=self.KINDS, community=np.full(9, -1, np.int16), cap_left=np.full(9, n, np.int64),
                                 committee=np.array([8], np.int32), counter=np.array([-1], np.int32),
                                 property_mgr=np.array([-1], np.int32), grid_worker=np.array([-1], np.int32))
        kh.work(day, rng.key(1, "w", day), rng.key(1, "settle", day), np.arange(n, dtype=np.int64),
                np.ones(len(HandlerKind), np.bool_), self.pool(), handlers, self.residents(), rp,
                np.ones((1, len(HandlerKind))), dp[None, :], self.xp, self.acc)  # one row per community

    def total(self, slot):
        return self.acc[..., slot].sum()


def _dp(settle=0.0, assess=0.0, assess_settle=0.0, days=7, unsettled=0.2):
    dp = np.zeros(kd.N_DP)
    dp[kd.SETTLE : kd.SETTLE + 3] = settle
    dp[kd.ASSESS_SHARE : kd.ASSESS_SHARE + 3] = assess
    dp[kd.ASSESS_SETTLE], dp[kd.ASSESS_DAYS], dp[kd.UNSETTLED_SCORE] = assess_settle, days, unsettled
    return dp


def test_a_concluded_dispute_is_counted_and_settled_or_not():
    d = Disputes(3)
    d.work(DAY, _dp(settle=1.0))
    assert np.all(d.q["state"] == 2)
    assert d.total(slots.DISPUTES_CONCLUDED) == 3 and d.total(slots.DISPUTES_SETTLED) == 3
    d = Disputes(3)
    d.work(DAY, _dp(settle=0.0))
    assert np.all(d.q["state"] == 2)
    assert d.total(slots.DISPUTES_CONCLUDED) == 3 and d.total(slots.DISPUTES_SETTLED) == 0


def test_a_dispute_closed_unsettled_is_closed_but_not_resolved():
    d = Disputes(3)
    d.work(DAY, _dp(settle=0.0))
    assert d.total(slots.CLOSED) == 3 and d.total(slots.RESOLVED) == 0
    d = Disputes(3)
    d.work(DAY, _dp(settle=1.0))
    assert d.total(slots.CLOSED) == 3 and d.total(slots.RESOLVED) == 3


def test_an_unsettled_closure_scores_no_better_than_the_unsettled_score():
    d = Disputes(1)  # closed a day after it was raised: a prompt closure would score 1
    d.work(DAY, _dp(settle=0.0, unsettled=0.2))
    assert d.sat[0] == pytest.approx(0.5 + 0.5 * (0.2 - 0.5))
    settled = Disputes(1)
    settled.work(DAY, _dp(settle=1.0))
    assert settled.sat[0] == pytest.approx(0.5 + 0.5 * (1.0 - 0.5))


def test_a_failed_dialogue_waits_for_the_assessment_then_concludes():
    d = Disputes(2)
    dp = _dp(settle=0.0, assess=1.0, assess_settle=1.0, days=7)
    d.work(DAY, dp)
    q = d.q
    assert np.all(q["state"] == 1) and np.all(q["stages"] == 2) and np.all(q["stage"] == 1)
    assert np.all(q["ready"] == DAY + 7) and d.total(slots.DISPUTES_ASSESSED) == 2
    assert d.total(slots.DISPUTES_CONCLUDED) == 0
    d.work(DAY + 3, dp)  # the report is not in yet: nobody takes it up
    assert np.all(q["state"] == 1) and np.all(q["worked"] == DAY)
    d.work(DAY + 7, dp)
    assert np.all(q["state"] == 2) and d.total(slots.DISPUTES_SETTLED) == 2
    assert d.total(slots.DISPUTES_ASSESSED) == 2  # an assessment is ordered once


def test_an_abandoned_dispute_is_concluded_unsettled():
    d = Disputes(2, created=DAY - 3)
    q = d.q
    rp = np.zeros((1, kh.N_RP))
    rp[:, kh.ABANDON_DAILY], rp[:, kh.ABANDON_APP_FACTOR] = 1.0, 1.0
    kh.abandon(DAY, rng.key(1, "a", DAY), d.pool(), rp, d.residents(), d.xp, d.acc)
    assert np.all(q["state"] == 3)
    assert d.total(slots.DISPUTES_CONCLUDED) == 2 and d.total(slots.DISPUTES_SETTLED) == 0
