"""Peer learning (Bass form) and classes: hand-computed hazards, the analytic Bass curve, seats."""

import math

import numpy as np

from sim import rng
from sim.kernels import learning as kl

EA, EF, WA, YP, NC, CH = range(6)


def _tiny():
    """Three households over two grids (see the hand computation below)."""
    literacy = np.array([0.2, 0.9, 0.0, 0.3, 0.8, 0.4], dtype=np.float32)
    group = np.array([EF, YP, CH, EA, WA, WA], dtype=np.int8)
    household = np.array([0, 0, 0, 1, 2, 2], dtype=np.int32)
    grid = np.array([0, 0, 0, 0, 1, 1], dtype=np.int32)
    return literacy, group, household, grid


def _counts(literacy, group, household, grid):
    return kl.new_counts(literacy, group, household, grid, np.zeros(literacy.shape[0], np.int16), 1)


def _probabilities(literacy, group, household, grid, p_day, q_day, w):
    """Chances with one community's self-learning rates ``p_day`` (by group)."""
    counts = _counts(literacy, group, household, grid)
    community = np.zeros(literacy.shape[0], np.int16)
    return kl.probabilities(literacy, group, household, grid, community, *counts[:4], p_day[None, :], q_day, w)


def test_daily_probability_matches_a_hand_computation():
    literacy, group, household, grid = _tiny()
    p_day = np.array([0.001, 0.002, 0.003, 0.004, 0.005, 0.0])
    q, w = 0.01, 0.5
    got = _probabilities(literacy, group, household, grid, p_day, q, w)
    # 0: household peer 1 is able (1/1); grid peers 1 and 3 (the child does not count): 1/2.
    # 3: lives alone (no household peers: 0); grid peers 0 and 1: 1/2.
    # 5: household peer 4 able (1/1); grid peer 4 able (1/1).
    want = [1 - math.exp(-(0.002 + q * (w * 1.0 + (1 - w) * 0.5))), 0.0, 0.0,
            1 - math.exp(-(0.001 + q * (w * 0.0 + (1 - w) * 0.5))), 0.0,
            1 - math.exp(-(0.003 + q * 1.0))]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_learners_are_those_whose_draw_falls_below_their_probability():
    literacy, group, household, grid = _tiny()
    p_day = np.full(6, 0.3)
    prob = _probabilities(literacy, group, household, grid, p_day, 0.5, 0.5)
    k = rng.key(7, "test.learn", 3)
    learned = np.zeros(6, dtype=np.bool_)
    lit = literacy.copy()
    counts = _counts(lit, group, household, grid)
    learners = np.zeros((1, 6))
    kl.learn(k, np.arange(6), lit, group, household, grid, np.zeros(6, np.int16), counts, p_day[None, :], 0.5, 0.5,
             0.6, learned, learners)
    u = rng.uniforms(k, np.arange(6, dtype=np.uint64))
    np.testing.assert_array_equal(learned, (prob > 0) & (u < prob))
    np.testing.assert_allclose(lit[learned], 0.6, rtol=1e-6)
    np.testing.assert_array_equal(learners[0], np.bincount(group[learned], minlength=6))
    np.testing.assert_array_equal(lit[~learned], literacy[~learned])
    # The counts kept by adding the day's learners equal a recount.
    for kept, fresh in zip(counts, _counts(lit, group, household, grid)):
        np.testing.assert_array_equal(kept, fresh)


def test_self_learning_rates_are_per_community():
    literacy, group, household, grid = _tiny()
    community = np.array([0, 0, 0, 0, 0, 1], np.int16)  # resident 5 alone in community 1
    p_day = np.array([[0.3] * 6, [50.0] * 6])  # in community 1 a non-user learns for sure
    k = rng.key(7, "test.learn", 3)
    lit, learned, learners = literacy.copy(), np.zeros(6, dtype=np.bool_), np.zeros((2, 6))
    counts = kl.new_counts(lit, group, household, grid, community, 2)
    kl.learn(k, np.arange(6), lit, group, household, grid, community, counts, p_day, 0.0, 0.5, 0.6, learned, learners)
    # no peer pull (q = 0): each learner's chance is 1 - exp(-p) of its own community
    u = rng.uniforms(k, np.arange(6, dtype=np.uint64))
    can = (group != CH) & (literacy <= kl.ABLE)
    np.testing.assert_array_equal(learned, can & (u < 1 - np.exp(-p_day[community, group])))
    assert learned[5] and learners[1, WA] == 1


def test_walking_only_the_candidates_gives_the_same_learners():
    # Draws are keyed by the resident, and residents who cannot learn are skipped: the list walked changes nothing.
    literacy, group, household, grid = _tiny()
    community = np.zeros(6, np.int16)
    out = []
    for who in (np.arange(6), kl.candidates(literacy, group)):
        lit, learned = literacy.copy(), np.zeros(who.shape[0], dtype=np.bool_)
        kl.learn(rng.key(7, "test.learn", 3), who, lit, group, household, grid, community,
                 _counts(lit, group, household, grid), np.full((1, 6), 0.3), 0.5, 0.5, 0.6, learned, np.zeros((1, 6)))
        out.append((lit, who[learned]))
    assert kl.candidates(literacy, group).tolist() == [0, 3, 5]  # 2 is a child; 1 and 4 can use an app
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


def test_well_mixed_population_follows_the_analytic_bass_curve():
    n, p, q = 20_000, 0.03, 0.38  # yearly rates of Bass's classic fit; one grid, nobody shares a household
    literacy = np.full(n, 0.1, dtype=np.float32)
    group = np.full(n, WA, dtype=np.int8)
    household = np.arange(n, dtype=np.int32)
    grid = np.zeros(n, dtype=np.int32)
    community = np.zeros(n, dtype=np.int16)
    who = np.arange(n)
    counts, learned = kl.new_counts(literacy, group, household, grid, community, 1), np.zeros(n, dtype=np.bool_)
    learners = np.zeros((1, 6))
    p_day = np.full((1, 6), p / 365)
    for year in range(1, 6):
        for day in range(365 * (year - 1), 365 * year):
            kl.learn(rng.key(1, "test.bass", day), who, literacy, group, household, grid, community, counts, p_day,
                     q / 365, 0.0, 0.6, learned, learners)
        e = math.exp(-(p + q) * year)
        analytic = (1 - e) / (1 + q / p * e)
        share = float(np.mean(literacy > kl.ABLE))
        assert abs(share - analytic) < 0.01, (year, share, analytic)


def test_serial_and_parallel_forms_agree():
    r = np.random.default_rng(0)  # test data only; the model never uses numpy's generators
    n = 150_000  # more than one parallel block
    literacy = r.random(n).astype(np.float32)
    group = r.integers(0, 6, n).astype(np.int8)
    household = (np.arange(n) // 3).astype(np.int32)
    grid = (np.arange(n) // 600).astype(np.int32)
    community = (np.arange(n) // 50_000).astype(np.int16)
    p_day, k = np.array([[0.01] * 6, [0.02] * 6, [0.0] * 6]), rng.key(3, "test.par", 0)
    out = []
    serial = lambda *a: kl._learn_block(0, n, *a)  # noqa: E731
    for kernel in (serial, kl._learn_parallel):
        lit, learned = literacy.copy(), np.zeros(n, dtype=np.bool_)
        counts = _counts(lit, group, household, grid)
        kernel(k, np.arange(n), lit, group, household, grid, community, *counts[:4], p_day, 0.2, 0.5, 0.6, learned)
        out.append((lit, learned))
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


def test_classes_seat_only_elderly_who_cannot_use_an_app():
    # Community 0: residents 0-5; community 1: residents 6-8.
    literacy = np.array([0.1, 0.45, 0.7, 0.3, 0.2, 0.95, 0.1, 0.2, 0.4], dtype=np.float32)
    group = np.array([EA, EF, EF, WA, EA, EA, EF, CH, EA], dtype=np.int8)
    start = np.array([0, 6, 9], dtype=np.int64)
    counts = np.zeros((2, 6, 2))
    lit = literacy.copy()
    household = np.array([0, 0, 1, 1, 2, 2, 3, 3, 4], dtype=np.int64)
    grid = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2], dtype=np.int64)
    community = np.repeat(np.arange(2), np.diff(start))
    peers = kl.new_counts(literacy, group, household, grid, community, 2)
    kl.classes(rng.key(1, "test.class", 0), start, np.array([2, 5], dtype=np.int64), lit, group, 0.3, counts,
               household, grid, peers[0], peers[2], peers[4])
    # The peer counts the classes kept equal a recount.
    for kept, fresh in zip(peers, kl.new_counts(lit, group, household, grid, community, 2)):
        np.testing.assert_array_equal(kept, fresh)
    gained = np.flatnonzero(lit != literacy)
    # Community 0 has three eligible (0, 1, 4) for two seats; community 1 two (6, 8) for five seats.
    assert set(gained[gained < 6]) < {0, 1, 4} and len(gained[gained < 6]) == 2
    assert set(gained[gained >= 6]) == {6, 8}
    np.testing.assert_allclose(lit[gained], literacy[gained] + 0.3, rtol=1e-6)
    assert counts[..., 0].sum() == 4
    assert counts[..., 1].sum() == np.count_nonzero(lit[gained] > kl.ABLE)
    assert counts[1, EF, 0] == 1 and counts[1, EA, 0] == 1
