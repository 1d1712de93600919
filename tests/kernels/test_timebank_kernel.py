"""Time bank kernel against hand-computed cases: matching, crediting, the cap, redemption."""

import numpy as np
import pytest

from sim.enums import Group, HealthTier, Need
from sim.kernels import experience as kx
from sim.kernels import timebank as kt

K = np.uint64(7)
CS = np.arange(len(kt.COUNTERS), dtype=np.int64)


def test_the_codes_match_the_enums():
    assert kt.ELDERLY_FAMILY == Group.ELDERLY_FAMILY and kt.SEMI_DISABLED == HealthTier.SEMI_DISABLED
    assert kt.REPAIR == Need.REPAIR and kt.ELDERCARE == Need.ELDERCARE


@pytest.mark.parametrize("balance, hours, cap, expected", [
    (0.0, 2.0, 1500.0, (2.0, 0.0)),
    (1499.0, 2.0, 1500.0, (1.0, 1.0)),
    (1500.0, 2.0, 1500.0, (0.0, 2.0)),
])
def test_credit_stops_at_the_cap(balance, hours, cap, expected):
    assert kt.credit(balance, hours, cap) == expected


class Bank:
    """One community of two grids. Residents: 0 (grid 0), a 80-year-old; 1, 2 (grid 1) volunteers aged 65;
    3 (grid 0), a 40-year-old volunteer; 4 (grid 0), a 66-year-old who is no volunteer."""

    def __init__(self, uptake=1.0, redeem=1.0, cap=1500.0, hours=2.0):
        self.community = np.zeros(5, np.int16)
        self.live = np.ones(1, np.bool_)
        self.group = np.array([0, 1, 1, 2, 1], np.int8)
        self.age = np.array([80, 65, 65, 40, 66], np.int8)
        self.health = np.array([1, 1, 1, 0, 1], np.int8)
        self.grid = np.array([0, 1, 1, 0, 0], np.int32)
        self.vol = np.array([3, 1, 2], np.int64)  # by grid, then index
        self.vstart = np.array([0, 1, 3], np.int64)
        self.gstart = np.array([0, 2], np.int64)
        self.cursor = np.zeros(2, np.int64)
        self.hours_left = np.array([0.0, 4.0, 4.0])  # the grid-0 volunteer has no hours left
        self.balance = np.zeros(3)
        self.totals = np.zeros(3)
        self.p = np.zeros(kt.N_P)
        self.p[[kt.MIN_AGE, kt.UPTAKE, kt.HOURS, kt.REDEEM_SHARE, kt.CAP, kt.SCORE]] = [75, uptake, hours, redeem,
                                                                                          cap, 0.9]
        self.sat = np.full(5, 0.5, np.float32)
        self.acc = np.zeros((1, len(Group), len(kt.COUNTERS)))

    def serve(self, who, need):
        who, need = np.array(who, np.int64), np.array(need, np.int8)
        keep = np.empty(who.shape[0], np.bool_)
        xp = np.full(kx.N_XP, 0.5)
        kt.serve(K, who, need, self.community, self.live, self.group, self.age, self.health, self.grid, self.vol,
                 self.vstart, self.gstart, self.cursor, self.hours_left, self.balance, self.totals, self.p,
                 self.sat, np.full(5, 0.5, np.float32), xp, CS, self.acc, keep)
        return list(keep)

    def count(self, k):
        return self.acc[..., k].sum()

    def conserved(self):
        issued, redeemed, expired = self.totals
        return issued - redeemed - expired == pytest.approx(self.balance.sum())


def test_an_older_residents_care_need_goes_to_a_volunteer_with_hours_in_the_community_by_turns():
    b = Bank()
    assert b.serve([0], [Need.ELDERCARE]) == [False]  # grid 0's volunteer has no hours: grid 1 serves
    assert list(b.hours_left) == [0.0, 2.0, 4.0] and list(b.balance) == [0.0, 2.0, 0.0]
    assert b.serve([0], [Need.ELDERCARE]) == [False]  # round robin: the next volunteer of grid 1
    assert list(b.balance) == [0.0, 2.0, 2.0]
    assert b.count(kt.SERVED) == 2 and b.count(kt.HOURS_GIVEN) == 4 == b.count(kt.HOURS_RECEIVED)
    assert b.acc[0, Group.ELDERLY_ALONE, kt.HOURS_RECEIVED] == 4 and b.acc[0, Group.ELDERLY_FAMILY, kt.HOURS_GIVEN] == 4
    assert b.sat[0] == pytest.approx(0.8)  # remembered twice: 0.5 -> 0.7 -> 0.8
    assert list(b.totals) == [4.0, 0.0, 0.0] and b.conserved()


def test_who_is_served_only_those_older_or_impaired_and_only_care_needs():
    b = Bank()
    assert b.serve([0, 4], [Need.REPAIR, Need.ELDERCARE]) == [True, True]  # a repair; a 66-year-old
    b.health[4] = HealthTier.SEMI_DISABLED
    assert b.serve([4], [Need.ELDERCARE]) == [False]  # semi-disabled: served at any age
    assert b.count(kt.OFFERED) == 1


def test_no_volunteer_fit_and_free_means_no_service():
    b = Bank()
    b.health[[1, 2]] = HealthTier.SEMI_DISABLED  # the grid-1 volunteers can no longer serve
    assert b.serve([0], [Need.ELDERCARE]) == [True]
    assert b.count(kt.OFFERED) == 1 and b.count(kt.SERVED) == 0 and b.totals.sum() == 0
    assert Bank(uptake=0.0).serve([0], [Need.ELDERCARE]) == [True]


def test_volunteers_redeem_their_credits_for_their_own_needs():
    b = Bank()
    b.serve([0], [Need.ELDERCARE])
    assert b.serve([1], [Need.REPAIR]) == [False]  # volunteer 1 has 2 credits: redeemed
    assert list(b.balance) == [0.0, 0.0, 0.0] and b.count(kt.CREDITS_REDEEMED) == 2
    assert b.serve([1], [Need.REPAIR]) == [True]  # nothing left to redeem
    assert b.serve([4], [Need.REPAIR]) == [True]  # not a volunteer
    assert list(b.totals) == [2.0, 2.0, 0.0] and b.conserved()


def test_a_bank_not_yet_rolled_out_to_the_community_neither_serves_nor_redeems():
    b = Bank()
    b.balance[1] = 10.0
    b.live[0] = False
    assert b.serve([0, 1], [Need.ELDERCARE, Need.REPAIR]) == [True, True]
    assert not b.acc.any() and not b.totals.any() and b.balance[1] == 10.0
    b.live[0] = True
    assert b.serve([0, 1], [Need.ELDERCARE, Need.REPAIR]) == [False, False]


def test_credit_above_the_cap_is_forfeited_and_the_books_still_balance():
    b = Bank(cap=3.0)
    for _ in range(4):
        b.serve([0], [Need.ELDERCARE])
    assert list(b.balance) == [0.0, 3.0, 3.0]
    assert list(b.totals) == [8.0, 0.0, 2.0] and b.count(kt.CREDITS_EXPIRED) == 2 and b.conserved()
    assert b.serve([0], [Need.ELDERCARE]) == [True]  # every volunteer's month is used up
