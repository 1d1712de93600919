"""Project kernels: who a completed project reaches; one vote per household in an assembly."""

import math

import numpy as np

from sim.components.deliberation import relative
from sim.components.projects import poisson
from sim.enums import Group
from sim.kernels import experience as kx
from sim.kernels import projects as kpr

K = np.uint64(5)


def _xp(lam_sat=0.5, lam_trust=0.1):
    xp = np.zeros(kx.N_XP)
    xp[kx.LAMBDA_SAT], xp[kx.LAMBDA_TRUST] = lam_sat, lam_trust
    return xp


def test_the_child_code_matches_the_enum():
    assert kpr.CHILD == Group.CHILD


def test_a_project_reaches_reach_times_serves_of_its_area_and_moves_them_to_the_score():
    n = 30000
    group = np.repeat(np.array([0, 3], np.int8), n // 2)
    micro = np.tile(np.array([0, 1], np.int64), n // 2)
    sat = np.full(n, 0.5, np.float32)
    trust = np.full(n, 0.5, np.float32)
    serves = np.array([1.0, 0, 0, 0.2, 0, 0])
    reached = kpr.benefit(K, 3, 0, n, micro, 1, group, serves, 0.4, 0.9, sat, trust, _xp())
    assert np.all(sat[micro == 0] == 0.5)  # another micro-grid
    moved = sat != 0.5
    assert reached == moved.sum()
    assert np.allclose(sat[moved], 0.7) and np.allclose(trust[moved], 0.54)
    for g, share in ((0, 0.4), (3, 0.08)):
        got = moved[(group == g) & (micro == 1)].mean()
        assert abs(got - share) < 4 * math.sqrt(share * (1 - share) / (n / 4))


def test_an_assembly_gives_one_vote_per_household_that_took_part():
    household = np.array([0, 0, 1, 2, 2, 3], np.int32)
    took = np.array([1, 1, 0, 0, 2, 1], np.int8)
    micro = np.array([0, 0, 0, 0, 0, 1], np.int64)
    group = np.full(6, 2, np.int8)
    stamp = np.full(4, -1, np.int64)
    serves = np.full(6, 0.5)
    votes, yes = kpr.assembly(K, 7, 0, 6, micro, 0, group, household, took, serves, 50.0, 0.0, stamp)
    assert (votes, yes) == (2, 2)  # households 0 and 2; household 3 is in another micro-grid
    votes, yes = kpr.assembly(K, 8, 0, 6, micro, 0, group, household, took, serves, -50.0, 0.0, stamp)
    assert (votes, yes) == (2, 0)


def test_assembly_yes_share_follows_the_logit():
    n = 40000
    household = np.arange(n, dtype=np.int32)
    group = np.full(n, 3, np.int8)
    serves = np.array([0, 0, 0, 0.8, 0, 0])
    votes, yes = kpr.assembly(K, 1, 0, n, np.zeros(n, np.int64), 0, group, household, np.ones(n, np.int8),
                              serves, 0.5, 2.0, np.full(n, -1, np.int64))
    expected = 1 / (1 + math.exp(-(0.5 + 2.0 * 0.3)))
    assert votes == n and abs(yes / n - expected) < 4 * math.sqrt(expected * (1 - expected) / n)


def test_poisson_draws_have_the_mean_and_variance():
    u = np.random.default_rng(0).random(50000)  # test input only; the model draws from sim.rng
    x = poisson(np.full(u.shape[0], 3.5), u)
    assert abs(x.mean() - 3.5) < 0.05 and abs(x.var() - 3.5) < 0.15


def test_relative_rescales_from_least_to_most():
    assert np.allclose(relative(np.array([0.2, 0.6, 0.4])), [0.0, 1.0, 0.5])
    assert np.allclose(relative(np.array([0.3, 0.3])), [0.5, 0.5])
