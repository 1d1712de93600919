"""Smart elderly care kernels against hand-computed cases."""

import math

import numpy as np
import pytest

from sim.enums import Group, HealthTier, Need
from sim.kernels import eldercare as ke
from sim.kernels import experience as kx
from sim.rng import uniform, uniform2

K_EVENT, K_DETECT, K_VISIT, K_OUT = (np.uint64(x) for x in (11, 22, 33, 44))
CS = np.arange(len(ke.COUNTERS), dtype=np.int64)  # counter k in slot k


def params(**kw):
    p = np.zeros(ke.N_P)
    base = dict(CANNOT_GET_UP=1.0, FAMILY_HOURS=1.5, ALONE_HOURS=48.0, ALERT_HOURS=12.0, RESPONSE_HOURS=1.0,
                FALSE_ALERT=0.0, BRACELET_USE=1.0, CONSCIOUS=0.5, DECLINE_AT_ONCE=0.1, DECLINE_HOURS=48.0,
                EXPERIENCE_HOURS=12.0, EMERGENCY=0.0, SCORE_AT_ONCE=0.6)
    for name, value in {**base, **kw}.items():
        p[getattr(ke, name)] = value
    return p


class World:
    """Three elderly residents (indexes 0, 1, 2), one grid, one community."""

    def __init__(self, groups=(0, 0, 1), p_fall=1.0, sensor=(False,) * 3, bracelet=(False,) * 3):
        n = len(groups)
        self.eld = np.arange(n, dtype=np.int64)
        self.community = np.zeros(n, np.int16)
        self.live = np.ones(1, np.bool_)
        self.group = np.array(groups, np.int8)
        self.grid = np.zeros(n, np.int32)
        self.health = np.full(n, HealthTier.SELF_CARE, np.int8)
        self.p_fall = np.full(n, p_fall)
        self.sensor = np.array(sensor, np.bool_)
        self.bracelet = np.array(bracelet, np.bool_)
        self.pending = np.zeros(n, np.bool_)
        self.fell_at = np.zeros(n)
        self.found_at = np.zeros(n)
        self.found_by = np.zeros(n, np.int8)
        self.acc = np.zeros((1, len(Group), len(ke.COUNTERS)))
        self.alerts = np.zeros(1, np.int64)

    def incidents(self, p, day=0):
        ke.incidents(day, K_EVENT, K_DETECT, self.eld, self.community, self.live, self.group, self.grid,
                     self.p_fall, self.sensor, self.bracelet, self.pending, self.fell_at, self.found_at,
                     self.found_by, p, CS, self.acc, self.alerts)

    def count(self, k):
        return self.acc[..., k].sum()


def informal_hours(i, mean):
    return -mean * math.log(1.0 - uniform2(K_DETECT, i, 0))


def test_the_codes_match_the_enums():
    assert ke.ELDERLY_ALONE == Group.ELDERLY_ALONE and ke.DISABLED == HealthTier.DISABLED
    assert ke.ELDERCARE == Need.ELDERCARE
    assert len(set(ke.COUNTERS)) == len(ke.COUNTERS) == ke.ALONE_MONTHS + 1


def test_without_devices_a_fallen_resident_is_found_by_family_or_neighbours():
    w = World()
    w.incidents(params())
    assert w.count(ke.FALLS) == 3 and w.count(ke.STARTED) == 3 and w.pending.all()
    for i, mean in ((0, 48.0), (1, 48.0), (2, 1.5)):  # two living alone, one with family
        assert w.found_at[i] - w.fell_at[i] == pytest.approx(informal_hours(i, mean))
        assert 24.0 * uniform2(K_EVENT, i, 3) == pytest.approx(w.fell_at[i])
    assert np.all(w.found_by == ke.INFORMAL) and w.count(ke.ALERTS) == 0


def test_a_fall_one_can_get_up_from_is_counted_but_needs_no_finding():
    w = World()
    w.incidents(params(CANNOT_GET_UP=0.0))
    assert w.count(ke.FALLS) == 3 and w.count(ke.STARTED) == 0 and not w.pending.any()


def test_no_hazard_no_incident_and_an_open_incident_blocks_a_second():
    w = World(p_fall=0.0)
    w.incidents(params())
    assert w.acc.sum() == 0
    w.p_fall[:] = 1.0
    w.pending[0] = True
    w.incidents(params(), day=1)
    assert w.count(ke.FALLS) == 2


def test_the_water_meter_alerts_after_12_hours_and_help_follows():
    w = World(sensor=(True, True, False))
    w.incidents(params(ALONE_HOURS=1e6, RESPONSE_HOURS=1e-9, BRACELET_USE=0.0))
    assert np.allclose(w.found_at[:2] - w.fell_at[:2], 12.0)
    assert list(w.found_by[:2]) == [ke.SENSOR, ke.SENSOR]
    assert w.count(ke.ALERTS) == 2 and w.alerts[0] == 2 and w.count(ke.FALSE_ALERTS) == 0


def test_the_meter_stays_silent_when_someone_came_within_the_threshold():
    w = World(sensor=(True, False, False))
    w.incidents(params(ALONE_HOURS=1e-6, BRACELET_USE=0.0))
    assert w.count(ke.ALERTS) == 0 and w.found_by[0] == ke.INFORMAL


def test_a_pressed_bracelet_brings_help_after_the_response_time():
    w = World(bracelet=(True, False, False))
    w.incidents(params(ALONE_HOURS=1e6))
    assert w.found_at[0] - w.fell_at[0] == pytest.approx(-1.0 * math.log(1.0 - uniform2(K_DETECT, 0, 4)))
    assert w.found_by[0] == ke.BRACELET and w.count(ke.ALERTS) == 1
    unworn = World(bracelet=(True, False, False))
    unworn.incidents(params(ALONE_HOURS=1e6, BRACELET_USE=0.0))
    assert unworn.found_by[0] == ke.INFORMAL


def test_nothing_happens_where_the_mechanism_has_not_been_rolled_out():
    w = World(sensor=(True, True, True), bracelet=(True, True, True))
    w.live[0] = False
    w.incidents(params(FALSE_ALERT=1.0))
    assert not w.acc.any() and not w.pending.any() and w.alerts[0] == 0


def test_false_alerts_come_at_the_declared_daily_chance():
    w = World(p_fall=0.0, sensor=(True, True, True))
    w.incidents(params(FALSE_ALERT=1.0))
    assert w.count(ke.FALSE_ALERTS) == 3 == w.count(ke.ALERTS) and w.alerts[0] == 3


def test_a_visit_finds_a_resident_who_fell_before_it_and_capacity_defers_the_rest():
    w = World(groups=(0, 0, 0, 0))
    w.pending[:] = True
    w.fell_at[:] = [1.0, 1.0, 23.5, 1.0]  # day 0; visits fall between 9:00 and 17:00
    w.found_at[:] = 100.0
    next_visit = np.array([0.3, 0.9, 0.0, 0.5])
    cap = np.array([3], np.int64)
    ke.visits(0, K_VISIT, w.eld, np.arange(4, dtype=np.int64), w.community, w.group, w.grid, next_visit, 15.0,
              cap, w.pending, w.fell_at, w.found_at, w.found_by, CS, w.acc)
    assert w.count(ke.VISITS) == 3 and w.count(ke.DEFERRED) == 1 and cap[0] == 0
    assert list(next_visit) == [15.3, 15.9, 15.0, 0.5]  # the rhythm is kept; the fourth waits
    for i in (0, 1):
        assert w.found_at[i] == pytest.approx(ke.VISIT_START_HOUR + ke.VISIT_SPAN_HOURS * uniform(K_VISIT, i))
        assert w.found_by[i] == ke.VISIT
    assert w.found_at[2] == w.found_at[3] == 100.0  # fell after the visit; not visited


def test_a_visit_not_yet_due_does_not_happen():
    w = World(groups=(0,))
    next_visit = np.array([1.0])
    ke.visits(0, K_VISIT, w.eld, np.arange(1, dtype=np.int64), w.community, w.group, w.grid, next_visit, 15.0,
              np.array([5], np.int64), w.pending, w.fell_at, w.found_at, w.found_by, CS, w.acc)
    assert w.count(ke.VISITS) == 0 and next_visit[0] == 1.0


def _resolve(w, p, day=0):
    sat = np.full(3, 0.5, np.float32)
    trust = np.full(3, 0.5, np.float32)
    xp = np.zeros(kx.N_XP)
    xp[kx.LAMBDA_SAT], xp[kx.LAMBDA_TRUST] = 0.5, 0.1
    n = ke.resolve(day, K_OUT, w.eld, w.community, w.group, w.health, w.pending, w.fell_at, w.found_at,
                   w.found_by, sat, trust, xp, p, CS, w.acc, np.empty(w.eld.shape[0], np.int64))
    return n, sat, trust


def test_resolution_records_lying_time_and_its_experience():
    w = World()
    w.pending[:] = [True, True, False]
    w.fell_at[:] = [2.0, 5.0, 0.0]
    w.found_at[:] = [14.0, 30.0, 3.0]  # the second is found tomorrow
    n, sat, _ = _resolve(w, params(DECLINE_AT_ONCE=0.0, DECLINE_HOURS=1e12))
    assert n == 0 and w.count(ke.INCIDENTS) == 1 and w.count(ke.DETECTION_HOURS) == 12.0
    assert w.count(ke.LONG_LIES) == 1 and w.count(ke.FOUND_INFORMAL) == 1
    assert list(w.pending) == [False, True, False]
    assert sat[0] == pytest.approx(0.5 + 0.5 * (0.6 * math.exp(-12.0 / 12.0) - 0.5), rel=1e-6) and sat[1] == 0.5


def test_lying_long_makes_a_worse_health_tier_likelier():
    w = World()
    w.health[:] = [HealthTier.SELF_CARE, HealthTier.SEMI_DISABLED, HealthTier.DISABLED]
    w.pending[:] = True
    w.found_at[:] = 1.0
    n, _, _ = _resolve(w, params(DECLINE_AT_ONCE=1.0))
    assert n == 2 and list(w.health) == [2, 3, 3]  # no tier below disabled
    hours, scale, p0 = 30.0, 48.0, 0.1
    expected = 1 - (1 - p0) * math.exp(-hours / scale)
    w = World()
    w.pending[:] = True
    w.found_at[:] = hours
    n, _, _ = _resolve(w, params(DECLINE_AT_ONCE=p0, DECLINE_HOURS=scale), day=1)
    assert n == sum(uniform(K_OUT, i) < expected for i in range(3))


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


def test_the_fall_probability_formula():
    group = np.array([0, 1, 1, 1], np.int8)
    age = np.array([65, 65, 85, 70], np.int8)
    health = np.array([1, 1, 1, 2], np.int8)
    p = ke.fall_probability(group, age, health, 0.2, 1.2, 1.5, 1.3)
    assert p == pytest.approx(1 - np.exp(-np.array([0.24, 0.2, 0.3, 0.26]) / 365))
