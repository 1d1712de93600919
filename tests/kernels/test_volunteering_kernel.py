"""Volunteering kernel against hand-computed cases: who is served, by whom, within the hours offered."""

import numpy as np
import pytest

from sim.enums import Group, HealthTier, Need
from sim.kernels import experience as kx
from sim.kernels import volunteering as kv
from sim.kernels.arrays import VolunteerArrays

K = np.uint64(7)
CS = np.arange(len(kv.COUNTERS), dtype=np.int64)


def test_the_codes_match_the_enums():
    assert kv.ELDERLY_FAMILY == Group.ELDERLY_FAMILY and kv.SEMI_DISABLED == HealthTier.SEMI_DISABLED
    assert kv.ELDERCARE == Need.ELDERCARE
    assert kv.ENROL == tuple(range(kv.ENROL[0], kv.ENROL[-1] + 1))  # adjacent: read as one slice


def test_count_records_the_active_fit_volunteers():
    b = Pool()
    b.pool.active[0] = False
    b.health[2] = HealthTier.SEMI_DISABLED
    b.acc[..., kv.VOLUNTEERS] = 5.0  # yesterday's snapshot is replaced
    kv.count(b.pool.vol, b.pool.active, b.health, b.community, b.group, CS, b.acc)
    assert b.acc[0, Group.ELDERLY_FAMILY, kv.VOLUNTEERS] == 1 == b.acc[..., kv.VOLUNTEERS].sum()
    assert b.acc[0, Group.ELDERLY_FAMILY, kv.VOLUNTEER_YEARS] == pytest.approx(1 / 365)


class Pool:
    """One community of two grids. Residents: 0 (grid 0), a 80-year-old; 1, 2 (grid 1) volunteers aged 65;
    3 (grid 0), a 40-year-old volunteer; 4 (grid 0), a 66-year-old who is no volunteer."""

    def __init__(self, uptake=1.0, wide=1.0, offered=4.0, hours=2.0):
        self.community = np.zeros(5, np.int16)
        self.group = np.array([0, 1, 1, 2, 1], np.int8)
        self.age = np.array([80, 65, 65, 40, 66], np.int8)
        self.health = np.array([1, 1, 1, 0, 1], np.int8)
        self.grid = np.array([0, 1, 1, 0, 0], np.int32)
        self.pool = VolunteerArrays(
            vol=np.array([3, 1, 2], np.int64),  # by grid, then index
            vstart=np.array([0, 1, 3], np.int64), gstart=np.array([0, 2], np.int64),
            cursor=np.zeros(2, np.int64),
            hours_used=np.array([offered, 0.0, 0.0]),  # the grid-0 volunteer has no hours left
            active=np.ones(3, np.bool_))
        self.rows = np.zeros((1, kv.N_VR))
        self.rows[0, [kv.HOURS_MONTH, kv.UPTAKE, kv.COMMUNITY_WIDE]] = [offered, uptake, wide]
        self.p = np.zeros(kv.N_P)
        self.p[[kv.MIN_AGE, kv.HOURS, kv.SCORE]] = [75, hours, 0.9]
        self.sat = np.full(5, 0.5, np.float32)
        self.acc = np.zeros((1, len(Group), len(kv.COUNTERS)))

    def serve(self, who, need):
        who, need = np.array(who, np.int64), np.array(need, np.int8)
        keep = np.empty(who.shape[0], np.bool_)
        served_by = np.empty(who.shape[0], np.int64)
        n = kv.serve(K, who, need, self.community, self.group, self.age, self.health, self.grid, tuple(self.pool),
                     self.rows, self.p, self.sat, np.full(5, 0.5, np.float32), np.full(kx.N_XP, 0.5), CS, self.acc,
                     keep, served_by)
        return list(keep), list(served_by[:n])

    def count(self, k):
        return self.acc[..., k].sum()


def test_an_older_residents_care_need_goes_to_a_volunteer_with_hours_in_the_community_by_turns():
    b = Pool()
    assert b.serve([0], [Need.ELDERCARE]) == ([False], [1])  # grid 0's volunteer has no hours: grid 1 serves
    assert list(b.pool.hours_used) == [4.0, 2.0, 0.0]
    assert b.serve([0], [Need.ELDERCARE]) == ([False], [2])  # round robin: the next volunteer of grid 1
    assert b.count(kv.SERVED) == 2 and b.count(kv.HOURS_GIVEN) == 4 == b.count(kv.HOURS_RECEIVED)
    assert b.acc[0, Group.ELDERLY_ALONE, kv.HOURS_RECEIVED] == 4 and b.acc[0, Group.ELDERLY_FAMILY, kv.HOURS_GIVEN] == 4
    assert b.sat[0] == pytest.approx(0.8)  # remembered twice: 0.5 -> 0.7 -> 0.8
    for _ in range(2):
        b.serve([0], [Need.ELDERCARE])
    assert list(b.pool.hours_used) == [4.0, 4.0, 4.0]  # every hour offered is given ...
    assert b.serve([0], [Need.ELDERCARE]) == ([True], [])  # ... and no more
    assert b.count(kv.OFFERED) == 5 == b.count(kv.ASKED) and b.count(kv.SERVED) == 4


def test_without_someone_matching_across_grids_only_the_recipients_grid_serves():
    b = Pool(wide=0.0)
    assert b.serve([0], [Need.ELDERCARE]) == ([True], [])  # grid 0's only volunteer has no hours left
    b.pool.hours_used[0] = 0.0
    assert b.serve([0], [Need.ELDERCARE]) == ([False], [0])


def test_who_is_served_only_those_older_or_impaired_and_only_care_needs():
    b = Pool()
    assert b.serve([0, 4], [Need.REPAIR, Need.ELDERCARE]) == ([True, True], [])  # a repair; a 66-year-old
    assert b.count(kv.ASKED) == 0
    b.health[4] = HealthTier.SEMI_DISABLED
    assert b.serve([4], [Need.ELDERCARE])[0] == [False]  # semi-disabled: served at any age
    assert b.count(kv.OFFERED) == 1


def test_no_volunteer_active_fit_and_free_means_no_service():
    b = Pool()
    b.health[[1, 2]] = HealthTier.SEMI_DISABLED  # the grid-1 volunteers can no longer serve
    assert b.serve([0], [Need.ELDERCARE]) == ([True], [])
    assert b.count(kv.OFFERED) == 1 and b.count(kv.SERVED) == 0
    b = Pool()
    b.pool.active[[1, 2]] = False  # they volunteer only under the reform's rules, not in force here
    assert b.serve([0], [Need.ELDERCARE]) == ([True], [])
    no_uptake = Pool(uptake=0.0)
    assert no_uptake.serve([0], [Need.ELDERCARE]) == ([True], [])
    assert no_uptake.count(kv.ASKED) == 1 and no_uptake.count(kv.OFFERED) == 0
