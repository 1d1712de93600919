"""Time bank kernel against hand-computed cases: crediting services, the cap, redemption, the roll-out."""

import numpy as np
import pytest

from sim.enums import Group, Need
from sim.kernels import experience as kx
from sim.kernels import timebank as kt

K = np.uint64(7)
CS = np.arange(len(kt.COUNTERS), dtype=np.int64)


def test_the_codes_match_the_enums():
    assert kt.REPAIR == Need.REPAIR and kt.ELDERCARE == Need.ELDERCARE


@pytest.mark.parametrize("balance, hours, cap, expected", [
    (0.0, 2.0, 1500.0, (2.0, 0.0)),
    (1499.0, 2.0, 1500.0, (1.0, 1.0)),
    (1500.0, 2.0, 1500.0, (0.0, 2.0)),
])
def test_credit_stops_at_the_cap(balance, hours, cap, expected):
    assert kt.credit(balance, hours, cap) == expected


class Books:
    """One community of two grids; the pool: resident 3 (grid 0), residents 1 and 2 (grid 1); resident 4 holds
    no slot."""

    def __init__(self, redeem=1.0, cap=1500.0, hours=2.0):
        self.community = np.zeros(5, np.int16)
        self.live = np.ones(1, np.bool_)
        self.group = np.array([0, 1, 1, 2, 1], np.int8)
        self.grid = np.array([0, 1, 1, 0, 0], np.int32)
        self.vol = np.array([3, 1, 2], np.int64)
        self.vstart = np.array([0, 1, 3], np.int64)
        self.balance = np.zeros(3)
        self.totals = np.zeros(3)
        self.p = np.zeros(kt.N_P)
        self.p[[kt.HOURS, kt.REDEEM_SHARE, kt.CAP, kt.SCORE]] = [hours, redeem, cap, 0.9]
        self.sat = np.full(5, 0.5, np.float32)
        self.acc = np.zeros((1, len(Group), len(kt.COUNTERS)))

    def book(self, served_by):
        served_by = np.array(served_by, np.int64)
        kt.book(served_by, served_by.shape[0], self.vol, self.community, self.group, self.live, self.balance,
                self.totals, self.p, CS, self.acc)

    def redeem(self, who, need):
        who, need = np.array(who, np.int64), np.array(need, np.int8)
        keep = np.empty(who.shape[0], np.bool_)
        kt.redeem(K, who, need, self.community, self.group, self.live, self.grid, self.vol, self.vstart,
                  self.balance, self.totals, self.p, self.sat, np.full(5, 0.5, np.float32), np.full(kx.N_XP, 0.5),
                  CS, self.acc, keep)
        return list(keep)

    def count(self, k):
        return self.acc[..., k].sum()

    def conserved(self):
        issued, redeemed, expired = self.totals
        return issued - redeemed - expired == pytest.approx(self.balance.sum())


def test_each_service_earns_its_volunteer_the_hours_in_credits():
    b = Books()
    b.book([1, 2, 1])
    assert list(b.balance) == [0.0, 4.0, 2.0] and list(b.totals) == [6.0, 0.0, 0.0]
    assert b.acc[0, Group.ELDERLY_FAMILY, kt.CREDITS_ISSUED] == 6 and b.conserved()


def test_volunteers_redeem_their_credits_for_their_own_needs():
    b = Books()
    b.book([1])
    assert b.redeem([1], [Need.REPAIR]) == [False]  # volunteer 1 has 2 credits: redeemed
    assert list(b.balance) == [0.0, 0.0, 0.0] and b.count(kt.CREDITS_REDEEMED) == 2 and b.count(kt.REDEMPTIONS) == 1
    assert b.sat[1] == pytest.approx(0.7)
    assert b.redeem([1], [Need.REPAIR]) == [True]  # nothing left to redeem
    assert b.redeem([4], [Need.REPAIR]) == [True]  # not in the pool
    b.book([2])
    assert b.redeem([2], [Need.ADMIN]) == [True]  # only care and repairs
    assert list(b.totals) == [4.0, 2.0, 0.0] and b.conserved()


def test_a_bank_not_yet_rolled_out_to_the_community_neither_credits_nor_redeems():
    b = Books()
    b.balance[1] = 10.0
    b.live[0] = False
    b.book([1])
    assert b.redeem([1], [Need.REPAIR]) == [True]
    assert not b.acc.any() and not b.totals.any() and b.balance[1] == 10.0
    b.live[0] = True
    assert b.redeem([1], [Need.REPAIR]) == [False]


def test_credit_above_the_cap_is_forfeited_and_the_books_still_balance():
    b = Books(cap=3.0)
    b.book([1, 2, 1, 2])
    assert list(b.balance) == [0.0, 3.0, 3.0]
    assert list(b.totals) == [8.0, 0.0, 2.0] and b.count(kt.CREDITS_EXPIRED) == 2 and b.conserved()
