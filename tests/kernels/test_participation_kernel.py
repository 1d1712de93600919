"""Participation kernel against its logit: rates, online time, observers, fatigue, tallies, skew."""

import math

import numpy as np
import pytest

from sim.enums import Group
from sim.kernels import participation as kp

K = np.uint64(11)


def _params(a0=0.0, a_prop=0.0, a_time=0.5, a_points=0.0, a_fatigue=0.0, retired=0.3, meeting=2.0, online=0.25,
            observer=2.0, decay=0.5):
    p = np.zeros(kp.N_P)
    p[[kp.A0, kp.A_PROP, kp.A_TIME, kp.A_POINTS, kp.A_FATIGUE, kp.RETIRED_TIME_WEIGHT, kp.MEETING_HOURS,
       kp.ONLINE_HOURS, kp.OBSERVER_HOURS, kp.DECAY]] = (a0, a_prop, a_time, a_points, a_fatigue, retired, meeting,
                                                        online, observer, decay)
    return p


def _run(n=40000, group=Group.WORKING_ADULT, literacy=0.0, p=None, online=False, points=0.0, observers=0.0,
         fatigue=0.0, propensity=0.5, boost=0.0):
    grp = np.full(n, group, np.int8)
    fat = np.full(n, fatigue, np.float32)
    took = np.zeros(n, np.int8)
    kp.round_(K, np.zeros(n, np.int16), np.ones(1, np.bool_), grp, np.full(n, propensity, np.float32),
              np.full(n, literacy, np.float32), np.full(n, boost), fat, np.zeros(1), _params() if p is None else p,
              online, points, observers, took)
    return took, fat


def _tol(prob, n=40000):
    return 4 * math.sqrt(prob * (1 - prob) / n)


def test_the_codes_match_the_enums():
    assert kp.CHILD == Group.CHILD and kp.WORKING_ADULT == Group.WORKING_ADULT


def test_the_share_taking_part_is_the_logit_of_the_utility():
    p = _params(a0=-1.0, a_prop=2.0, a_points=0.05)
    took, _ = _run(p=p, points=10.0, propensity=0.4, boost=0.3)
    expected = 1 / (1 + math.exp(-(-1.0 + 2.0 * 0.4 + 0.3 - 0.5 * 2.0 + 0.05 * 10.0)))
    assert abs((took > 0).mean() - expected) < _tol(expected)


def test_the_elderly_pay_a_smaller_time_cost():
    took, _ = _run(group=Group.ELDERLY_FAMILY)
    expected = 1 / (1 + math.exp(0.3 * 0.5 * 2.0))
    assert abs((took > 0).mean() - expected) < _tol(expected)


def test_online_voting_cuts_the_time_cost_of_app_users_only():
    able, _ = _run(literacy=0.9, online=True)
    expected = 1 / (1 + math.exp(0.5 * 0.25))
    assert abs((able > 0).mean() - expected) < _tol(expected)
    assert np.all(able[able > 0] == kp.ONLINE)
    unable, _ = _run(literacy=0.2, online=True)
    assert np.all(unable[unable > 0] == kp.MEETING)
    assert (unable > 0).mean() < (able > 0).mean() - 0.05


def test_observers_are_drawn_at_the_given_share_and_children_never_take_part():
    took, _ = _run(observers=0.1)
    assert abs((took == kp.OBSERVER).mean() - 0.1) < _tol(0.1)
    kids, _ = _run(group=Group.CHILD, observers=0.5, p=_params(a0=10.0))
    assert not kids.any()


def test_fatigue_is_an_exponential_memory_and_lowers_participation():
    took, fat = _run(fatigue=2.0, p=_params(decay=0.5, a_fatigue=0.0))
    assert np.allclose(fat[took == 0], 1.0) and np.allclose(fat[took == kp.MEETING], 2.0)
    tired, _ = _run(fatigue=3.0, p=_params(a_fatigue=0.5))
    fresh, _ = _run(fatigue=0.0, p=_params(a_fatigue=0.5))
    for took, f in ((tired, 3.0), (fresh, 0.0)):
        expected = 1 / (1 + math.exp(1.0 + 0.5 * f))
        assert abs((took > 0).mean() - expected) < _tol(expected)


def test_the_reform_rules_apply_only_where_reformed_and_every_draw_stays_the_same():
    n = 20000
    community = np.repeat(np.array([0, 1], np.int16), n // 2)
    args = (np.full(n, 2, np.int8), np.full(n, 0.5, np.float32), np.full(n, 0.9, np.float32), np.full(n, 0.4))
    no_boost = (*args[:3], np.zeros(0))  # an empty boost: nobody mobilised
    p = _params(a0=-1.0, a_points=0.05)
    took, fat = {}, {}
    for name, reformed, rules in (("both", [True, True], (True, 10.0, 0.1)),
                                  ("first", [True, False], (True, 10.0, 0.1)),
                                  ("status_quo", [False, False], (True, 10.0, 0.1))):
        took[name], fat[name] = np.zeros(n, np.int8), np.full(n, 1.5, np.float32)
        kp.round_(K, community, np.array(reformed), *args, fat[name], np.zeros(2), p, *rules, took[name])
    second = community == 1
    # not reached: the status quo round (offline hearings, no points, observers or mobilisation), draw for draw
    assert took["first"][second].any()
    assert np.array_equal(took["first"][second], took["status_quo"][second])
    assert np.array_equal(fat["first"][second], fat["status_quo"][second])
    assert not np.isin(took["first"][second], [kp.ONLINE, kp.OBSERVER]).any()
    # reached: the reform's round, as if every community had reformed
    assert np.array_equal(took["first"][~second], took["both"][~second])
    assert np.array_equal(fat["first"][~second], fat["both"][~second])
    assert (took["both"][second] > 0).mean() > (took["status_quo"][second] > 0).mean() + 0.1
    # an empty boost is no mobilisation: the reform's round without it
    took["no_boost"] = np.zeros(n, np.int8)
    kp.round_(K, community, np.array([True, True]), *no_boost, np.full(n, 1.5, np.float32), np.zeros(2), p, True,
              10.0, 0.1, took["no_boost"])
    assert (took["no_boost"] > 0).mean() < (took["both"] > 0).mean() - 0.02


def test_tally_counts_by_community_and_group():
    community = np.array([0, 0, 1, 1, 1], np.int16)
    group = np.array([0, 5, 2, 2, 4], np.int8)
    took = np.array([kp.MEETING, 0, kp.ONLINE, 0, kp.OBSERVER], np.int8)
    out = kp.tally(community, group, took, 2, 6)
    assert out[0].sum() == 3 and out[0, 1, 2] == 1 and out[0, 1, 4] == 1
    assert out[1].sum() == 1 and out[2, 1, 4] == 1
    assert out[3].sum() == 4 and out[3, 0, 5] == 0  # children are not adults


@pytest.mark.parametrize("participants, expected", [
    ([[10, 30, 60]], 0.0),  # the adults' own mix
    ([[5, 0, 0]], 0.9),  # all from a group that is 10% of adults
])
def test_the_dissimilarity_index(participants, expected):
    adults = np.array([[100.0, 300.0, 600.0]])
    assert kp.dissimilarity(np.array(participants, float), adults)[0] == pytest.approx(expected)
