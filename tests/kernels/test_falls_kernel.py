"""Falls and emergencies kernels against hand-computed cases."""

import math

import numpy as np
import pytest

from sim.enums import Group, HealthTier
from sim.kernels import experience as kx
from sim.kernels import falls as kf
from sim import rng
from sim.rng import uniform, uniform2

K_EVENT, K_FOUND, K_DEVICE, K_OUT = (np.uint64(x) for x in (11, 22, 33, 44))
CS = np.arange(len(kf.COUNTERS), dtype=np.int64)  # counter k in slot k


def params(**kw):
    p = np.zeros(kf.N_P)
    base = dict(CANNOT_GET_UP=1.0, FAMILY_HOURS=1.5, ALONE_HOURS=48.0, EMERGENCY=0.0, DECLINE_AT_ONCE=0.1,
                DECLINE_HOURS=48.0, EXPERIENCE_HOURS=12.0, SCORE_AT_ONCE=0.6)
    for name, value in {**base, **kw}.items():
        p[getattr(kf, name)] = value
    return p


def detection(**kw):
    d = np.zeros(kf.N_D)
    for name, value in {**dict(ALARM_USE=1.0, ALARM_CONSCIOUS=0.5, RESPONSE_HOURS=1.0, MONITOR_HOURS=12.0),
                        **kw}.items():
        d[getattr(kf, name)] = value
    return d


class World:
    """Elderly residents (three by default, indexes 0, 1, 2), one grid, one community."""

    def __init__(self, groups=(0, 0, 1), p_fall=1.0, monitor=None, alarm=None):
        n = len(groups)
        self.eld = np.arange(n, dtype=np.int64)
        self.community = np.zeros(n, np.int16)
        self.group = np.array(groups, np.int8)
        self.grid = np.zeros(n, np.int32)
        self.health = np.full(n, HealthTier.SELF_CARE, np.int8)
        self.p_fall = np.full(n, p_fall)
        self.monitor = np.zeros(n, np.bool_) if monitor is None else np.array(monitor, np.bool_)
        self.alarm = np.zeros(n, np.bool_) if alarm is None else np.array(alarm, np.bool_)
        self.pending = np.zeros(n, np.bool_)
        self.fell_at = np.zeros(n)
        self.found_at = np.zeros(n)
        self.found_by = np.zeros(n, np.int8)
        self.check_at = np.full(n, np.inf)
        self.acc = np.zeros((1, len(Group), len(kf.COUNTERS)))
        self.alarms = np.zeros(1, np.int64)

    def incidents(self, p, d=None, day=0, keys=(K_EVENT, K_FOUND, K_DEVICE)):
        kf.incidents(day, *keys, self.eld, self.community, self.group, self.grid, self.p_fall,
                     self.alarm, self.monitor, self.pending, self.fell_at, self.found_at, self.found_by, p,
                     detection() if d is None else d, CS, self.acc, self.alarms)

    def close(self, p, day=0):
        sat = np.full(self.eld.shape[0], 0.5, np.float32)
        trust = np.full(self.eld.shape[0], 0.5, np.float32)
        xp = np.zeros(kx.N_XP)
        xp[kx.LAMBDA_SAT], xp[kx.LAMBDA_TRUST] = 0.5, 0.1
        n = kf.close(day, K_OUT, self.eld, self.community, self.group, self.health, self.pending, self.fell_at,
                     self.found_at, self.found_by, self.check_at, sat, trust, xp, p, CS, self.acc,
                     np.empty(self.eld.shape[0], np.int64))
        return n, sat, trust

    def count(self, k):
        return self.acc[..., k].sum()


def informal_hours(i, mean):
    return -mean * math.log(1.0 - uniform(K_FOUND, i))


def test_the_codes_match_the_enums():
    assert kf.ELDERLY_ALONE == Group.ELDERLY_ALONE and kf.DISABLED == HealthTier.DISABLED
    assert len(set(kf.COUNTERS)) == len(kf.COUNTERS) == kf.ELDERLY_YEARS + 1
    assert [kf.FOUND_INFORMAL + by for by in (kf.INFORMAL, kf.ALARM, kf.MONITOR, kf.CHECK)] == \
           [kf.FOUND_INFORMAL, kf.FOUND_ALARM, kf.FOUND_MONITOR, kf.FOUND_CHECK]


def test_without_devices_a_fallen_resident_is_found_by_family_or_neighbours():
    w = World()
    w.incidents(params())
    assert w.count(kf.FALLS) == 3 and w.count(kf.STARTED) == 3 and w.pending.all()
    for i, mean in ((0, 48.0), (1, 48.0), (2, 1.5)):  # two living alone, one with family
        assert w.found_at[i] - w.fell_at[i] == pytest.approx(informal_hours(i, mean))
        assert 24.0 * uniform2(K_EVENT, i, 2) == pytest.approx(w.fell_at[i])
    assert np.all(w.found_by == kf.INFORMAL) and w.count(kf.ALARMS) == 0


def test_a_fall_one_can_get_up_from_is_counted_but_needs_no_finding():
    w = World()
    w.incidents(params(CANNOT_GET_UP=0.0))
    assert w.count(kf.FALLS) == 3 and w.count(kf.STARTED) == 0 and not w.pending.any()


def test_no_hazard_no_incident_and_an_open_incident_blocks_a_second():
    w = World(p_fall=0.0)
    w.incidents(params())
    assert w.acc.sum() == 0
    w.p_fall[:] = 1.0
    w.pending[0] = True
    w.incidents(params(), day=1)
    assert w.count(kf.FALLS) == 2


def test_emergencies_come_from_the_same_draw_above_the_fall_hazard():
    w = World(p_fall=0.0)
    w.incidents(params(EMERGENCY=1.0))
    assert w.count(kf.EMERGENCIES) == 3 == w.count(kf.STARTED) and w.count(kf.FALLS) == 0


def test_the_monitor_alerts_after_its_threshold_and_help_follows():
    w = World(monitor=(True, True, False))
    w.incidents(params(ALONE_HOURS=1e6), detection(RESPONSE_HOURS=1e-9))
    assert np.allclose(w.found_at[:2] - w.fell_at[:2], 12.0)
    assert list(w.found_by[:2]) == [kf.MONITOR, kf.MONITOR] and w.found_by[2] == kf.INFORMAL
    assert w.count(kf.ALARMS) == 2 and w.alarms[0] == 2


def test_the_monitor_stays_silent_when_someone_came_within_the_threshold():
    w = World(monitor=(True, False, False))
    w.incidents(params(ALONE_HOURS=1e-6))
    assert w.count(kf.ALARMS) == 0 and w.found_by[0] == kf.INFORMAL


def test_a_used_alarm_brings_help_after_the_response_time():
    w = World(alarm=(True, False, False))
    w.incidents(params(ALONE_HOURS=1e6))
    assert w.found_at[0] - w.fell_at[0] == pytest.approx(-1.0 * math.log(1.0 - uniform2(K_DEVICE, 0, 2)))
    assert w.found_by[0] == kf.ALARM and w.count(kf.ALARMS) == 1 == w.alarms[0]
    unused = World(alarm=(True, False, False))
    unused.incidents(params(ALONE_HOURS=1e6), detection(ALARM_USE=0.0))
    assert unused.found_by[0] == kf.INFORMAL and unused.count(kf.ALARMS) == 0


def test_an_alarm_in_an_emergency_needs_the_resident_conscious():
    awake, out = World(p_fall=0.0, alarm=(True,) * 3), World(p_fall=0.0, alarm=(True,) * 3)
    awake.incidents(params(EMERGENCY=1.0, ALONE_HOURS=1e6, FAMILY_HOURS=48.0), detection(ALARM_CONSCIOUS=1.0))
    out.incidents(params(EMERGENCY=1.0, ALONE_HOURS=1e6, FAMILY_HOURS=48.0), detection(ALARM_CONSCIOUS=0.0))
    assert awake.count(kf.ALARMS) == 3 and out.count(kf.ALARMS) == 0


def test_devices_change_when_a_resident_is_found_never_the_incidents():
    """The incident draws are the same with and without devices (common random numbers)."""
    plain = World(groups=(0, 0, 1, 0, 1, 0), p_fall=0.3)
    equipped = World(groups=(0, 0, 1, 0, 1, 0), p_fall=0.3, monitor=(True,) * 6, alarm=(True,) * 6)
    for day in range(40):
        for w in (plain, equipped):
            w.pending[:] = False  # every incident found: each day draws afresh for everyone
            w.incidents(params(EMERGENCY=0.1, CANNOT_GET_UP=0.5), day=day,
                        keys=tuple(rng.key(1, name, day) for name in ("event", "found", "device")))
        assert np.array_equal(plain.fell_at, equipped.fell_at)
    for k in (kf.FALLS, kf.EMERGENCIES, kf.STARTED):
        assert plain.count(k) == equipped.count(k) > 0
    assert plain.count(kf.ALARMS) == 0 < equipped.count(kf.ALARMS)


def test_a_check_in_finds_a_resident_who_fell_before_it():
    w = World(groups=(0, 0, 0))
    w.pending[:] = True
    w.fell_at[:] = [1.0, 12.0, 1.0]
    w.found_at[:] = 100.0
    w.check_at[:] = [10.0, 10.0, np.inf]  # the second fell after the visit; the third had none
    n, _, _ = w.close(params(DECLINE_AT_ONCE=0.0, DECLINE_HOURS=1e12))
    assert w.found_by[0] == kf.CHECK and w.count(kf.FOUND_CHECK) == 1 and w.count(kf.DETECTION_HOURS) == 9.0
    assert list(w.pending) == [False, True, True] and w.found_at[1] == w.found_at[2] == 100.0


def test_resolution_records_lying_time_and_its_experience():
    w = World()
    w.pending[:] = [True, True, False]
    w.fell_at[:] = [2.0, 5.0, 0.0]
    w.found_at[:] = [14.0, 30.0, 3.0]  # the second is found tomorrow
    n, sat, _ = w.close(params(DECLINE_AT_ONCE=0.0, DECLINE_HOURS=1e12))
    assert n == 0 and w.count(kf.INCIDENTS) == 1 and w.count(kf.DETECTION_HOURS) == 12.0
    assert w.count(kf.LONG_LIES) == 1 and w.count(kf.FOUND_INFORMAL) == 1
    assert list(w.pending) == [False, True, False]
    assert sat[0] == pytest.approx(0.5 + 0.5 * (0.6 * math.exp(-12.0 / 12.0) - 0.5), rel=1e-6) and sat[1] == 0.5


def test_lying_long_makes_a_worse_health_tier_likelier():
    w = World()
    w.health[:] = [HealthTier.SELF_CARE, HealthTier.SEMI_DISABLED, HealthTier.DISABLED]
    w.pending[:] = True
    w.found_at[:] = 1.0
    n, _, _ = w.close(params(DECLINE_AT_ONCE=1.0))
    assert n == 2 and list(w.health) == [2, 3, 3]  # no tier below disabled
    hours, scale, p0 = 30.0, 48.0, 0.1
    expected = 1 - (1 - p0) * math.exp(-hours / scale)
    w = World()
    w.pending[:] = True
    w.found_at[:] = hours
    n, _, _ = w.close(params(DECLINE_AT_ONCE=p0, DECLINE_HOURS=scale), day=1)
    assert n == sum(uniform(K_OUT, i) < expected for i in range(3))


def test_the_fall_probability_formula():
    group = np.array([0, 1, 1, 1], np.int8)
    age = np.array([65, 65, 85, 70], np.int8)
    health = np.array([1, 1, 1, 2], np.int8)
    p = kf.fall_probability(group, age, health, 0.2, 1.2, 1.5, 1.3)
    assert p == pytest.approx(1 - np.exp(-np.array([0.24, 0.2, 0.3, 0.26]) / 365))
