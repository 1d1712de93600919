"""Smart elderly care kernels (false alerts, home visits, tiered services) against hand-computed cases."""

import numpy as np
import pytest

from sim.enums import Group, Need
from sim.kernels import eldercare as ke
from sim.kernels import experience as kx
from sim.rng import uniform

K_VISIT, K_OUT = np.uint64(33), np.uint64(44)
CS = np.arange(len(ke.COUNTERS), dtype=np.int64)  # counter k in slot k


def test_the_codes_match_the_enums():
    assert ke.ELDERCARE == Need.ELDERCARE
    assert len(set(ke.COUNTERS)) == len(ke.COUNTERS) == ke.ALONE_MONTHS + 1


def _people(n):
    return (np.arange(n, dtype=np.int64), np.zeros(n, np.int16), np.zeros(n, np.int8), np.zeros(n, np.int32),
            np.zeros((1, len(Group), len(ke.COUNTERS))))


def test_false_alerts_come_from_meters_of_residents_not_lying():
    eld, community, group, grid, acc = _people(4)
    meter = np.array([True, True, True, False])
    pending = np.array([False, False, True, False])
    alerts = np.zeros(1, np.int64)
    ke.false_alerts(K_OUT, eld, meter, pending, community, group, grid, 1.0, CS, acc, alerts)
    assert acc[..., ke.FALSE_ALERTS].sum() == 2 == alerts[0]
    ke.false_alerts(K_OUT, eld, meter, pending, community, group, grid, 0.0, CS, acc, alerts)
    assert alerts[0] == 2


def test_a_visit_due_today_is_a_check_in_within_working_hours_and_capacity_defers_the_rest():
    eld, community, group, grid, acc = _people(4)
    next_visit = np.array([0.3, 0.9, 0.0, 0.5])
    check_at = np.full(4, 7.0)
    cap = np.array([3], np.int64)
    ke.visits(0, K_VISIT, eld, np.arange(4, dtype=np.int64), community, group, grid, next_visit, 15.0, cap,
              check_at, CS, acc)
    assert acc[..., ke.VISITS].sum() == 3 and acc[..., ke.DEFERRED].sum() == 1 and cap[0] == 0
    assert list(next_visit) == [15.3, 15.9, 15.0, 0.5]  # the rhythm is kept; the fourth waits
    for i in range(3):
        assert check_at[i] == pytest.approx(ke.VISIT_START_HOUR + ke.VISIT_SPAN_HOURS * uniform(K_VISIT, i))
    assert check_at[3] == np.inf  # deferred: no visit today


def test_a_visit_not_yet_due_does_not_happen():
    eld, community, group, grid, acc = _people(1)
    next_visit, check_at = np.array([1.0]), np.array([5.0])
    ke.visits(0, K_VISIT, eld, np.arange(1, dtype=np.int64), community, group, grid, next_visit, 15.0,
              np.array([5], np.int64), check_at, CS, acc)
    assert acc[..., ke.VISITS].sum() == 0 and next_visit[0] == 1.0 and check_at[0] == np.inf


def test_tiered_service_serves_care_needs_by_health_tier():
    who = np.arange(4, dtype=np.int64)
    need = np.array([Need.ELDERCARE, Need.ELDERCARE, Need.ELDERCARE, Need.REPAIR], np.int8)
    health = np.array([1, 2, 3, 3], np.int8)
    share = np.array([0.0, 0.0, 1.0, 1.0])
    keep = np.empty(4, np.bool_)
    acc = np.zeros((2, len(Group), len(ke.COUNTERS)))
    sat = np.zeros(4, np.float32)
    community = np.array([0, 0, 0, 1], np.int16)
    live = np.ones(2, np.bool_)
    ke.tiered(K_OUT, who, need, community, live, np.zeros(4, np.int8), health, share, 0.9, sat,
              np.zeros(4, np.float32), np.full(kx.N_XP, 0.5), ke.TIERED, acc, keep)
    assert list(keep) == [True, False, False, True]
    assert acc[..., ke.TIERED].sum() == 2 and sat[1] == sat[2] == pytest.approx(0.45)
    need[3] = Need.ELDERCARE  # community 1 has not reformed: its disabled resident's care need stays
    live[1] = False
    ke.tiered(K_OUT, who, need, community, live, np.zeros(4, np.int8), health, share, 0.9, sat,
              np.zeros(4, np.float32), np.full(kx.N_XP, 0.5), ke.TIERED, acc, keep)
    assert list(keep) == [True, False, False, True]
