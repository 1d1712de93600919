"""Programme kernels against hand-computed cases and analytic shares (statistical tolerance)."""

import numpy as np
import pytest

from sim.enums import Group, Need
from sim.kernels import experience as kx
from sim.kernels import programmes as kp

K1, K2 = np.uint64(11), np.uint64(12)
XP = np.zeros(kx.N_XP)
XP[kx.LAMBDA_SAT], XP[kx.LAMBDA_TRUST] = 0.3, 0.1
P = np.zeros(kp.N_P)
P[kp.ATTEND_BASE], P[kp.ATTEND_PROPENSITY], P[kp.ATTENDED_SCORE], P[kp.UNSERVED_SCORE], P[kp.WEIGHT] = (
    0.5, 0.5, 0.9, 0.2, 1.0)
G = len(Group)


def test_the_codes_match_the_enums():
    assert kp.CHILDCARE == Need.CHILDCARE and kp.ELDERCARE == Need.ELDERCARE
    assert kp.KINDS.index("after_school") == kp.AFTER_SCHOOL and kp.N_KINDS == len(kp.KINDS)


def test_wants_are_drawn_at_the_group_shares():
    n = 60_000
    group = np.repeat(np.array([Group.ELDERLY_ALONE, Group.YOUNG_PARENT], np.int8), n // 2)
    share = np.zeros((G, kp.N_KINDS))
    share[Group.ELDERLY_ALONE, kp.MEALS] = 0.5
    share[Group.YOUNG_PARENT, kp.AFTER_SCHOOL] = 0.2
    wants = kp.draw_wants(K1, group, share)
    meals = (wants >> kp.MEALS) & 1
    school = (wants >> kp.AFTER_SCHOOL) & 1
    sd = np.sqrt(0.25 / (n // 2))
    assert meals[: n // 2].mean() == pytest.approx(0.5, abs=4 * sd)
    assert school[n // 2:].mean() == pytest.approx(0.2, abs=4 * sd)
    assert not meals[n // 2:].any() and not school[: n // 2].any()
    assert not (wants & ~np.uint8((1 << kp.MEALS) | (1 << kp.AFTER_SCHOOL))).any()


def _attend(wants, propensity, group, seats, n_comm=1, p=P):
    n = wants.shape[0]
    community = np.zeros(n, np.int16)
    sat = np.full(n, 0.5, np.float32)
    trust = np.full(n, 0.5, np.float32)
    out = [np.zeros((n_comm, kp.N_KINDS)) for _ in range(2)] + [np.zeros((n_comm, G)) for _ in range(3)]
    holds = np.zeros(n, np.uint8)
    users, user_sat = np.zeros((n_comm, G)), np.zeros((n_comm, G))
    kp.attend(K1, K2, wants, propensity, community, group, seats, p, sat, trust, XP, *out, holds, users, user_sat)
    return sat, trust, out, holds, users, user_sat


def test_seekers_follow_the_seek_probability_and_seats_are_never_exceeded():
    n = 40_000
    wants = np.full(n, 1 << kp.CULTURAL, np.uint8)
    propensity = np.full(n, 0.4, np.float32)
    group = np.full(n, Group.WORKING_ADULT, np.int8)
    seats = np.zeros((1, kp.N_KINDS))
    seats[0, kp.CULTURAL] = 5000
    sat, trust, (att, uns, seekers, att_cg, uns_cg), holds, users, user_sat = _attend(wants, propensity, group, seats)
    expected = 0.5 + 0.5 * 0.4
    assert seekers.sum() / n == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / n))
    assert att[0, kp.CULTURAL] == 5000 == att_cg.sum() == np.count_nonzero(holds) == users.sum()
    assert uns[0, kp.CULTURAL] == seekers.sum() - 5000 == uns_cg.sum()
    # A seated resident moved toward 0.9, an unserved one toward 0.2, with the usual weights (weight 1).
    seated = holds != 0
    assert sat[seated] == pytest.approx(np.float32(0.5 + 0.3 * 0.4))
    assert trust[~seated & (sat != 0.5)] == pytest.approx(np.float32(0.5 + 0.1 * (0.2 - 0.5)))
    assert user_sat.sum() == pytest.approx(sat[seated].sum(), rel=1e-5)


def test_the_lottery_not_the_storage_order_decides_who_is_seated():
    n = 20_000
    group = np.repeat(np.array([Group.ELDERLY_ALONE, Group.NEW_CITIZEN], np.int8), n // 2)  # stored by group
    wants = np.full(n, 1 << kp.HEALTH_CHECK, np.uint8)
    propensity = np.ones(n, np.float32)  # everyone seeks
    seats = np.zeros((1, kp.N_KINDS))
    seats[0, kp.HEALTH_CHECK] = n // 4
    *_, holds, _, _ = _attend(wants, propensity, group, seats)
    first, second = holds[: n // 2].mean(), holds[n // 2:].mean()
    assert first + second == pytest.approx(0.5 * 2 ** kp.HEALTH_CHECK)
    assert first == pytest.approx(second, rel=0.05)


def test_a_resident_seeking_two_kinds_remembers_the_mean_of_the_month():
    wants = np.array([(1 << kp.MEALS) | (1 << kp.DAY_CARE)], np.uint8)
    seats = np.zeros((1, kp.N_KINDS))
    seats[0, kp.MEALS] = 1
    sat, *_ = _attend(wants, np.ones(1, np.float32), np.zeros(1, np.int8), seats)
    assert sat[0] == pytest.approx(np.float32(0.5 + 0.3 * ((0.9 + 0.2) / 2 - 0.5)))


def test_the_survey_estimates_seekers_without_bias():
    n = 50_000
    household = (np.arange(n) // 2).astype(np.int32)
    wants = np.where(np.arange(n) % 3 == 0, 1 << kp.MEALS, 0).astype(np.uint8)
    propensity = np.full(n, 0.6, np.float32)
    community = np.zeros(n, np.int16)
    truth = (wants != 0).sum() * (0.5 + 0.5 * 0.6)
    full = kp.survey_demand(K1, 1.0, household, wants, propensity, community, P, 1)
    assert full[0, kp.MEALS] == pytest.approx(truth) and full[0, kp.CULTURAL] == 0
    est = kp.survey_demand(K1, 0.2, household, wants, propensity, community, P, 1)
    assert est[0, kp.MEALS] == pytest.approx(truth, rel=0.05)
    hh_comm = np.zeros(n // 2, np.int64)
    assert kp.sampled_households(K1, 0.2, hh_comm, 1)[0] == pytest.approx(0.2 * n / 2, rel=0.05)


def test_allocation_seats_the_most_seekers_in_rooms_that_fill():
    hours_per_seat = np.array([2.0, 1.0, 10.0, 0.5, 0.25])
    fac_hours = np.array([100.0, 100.0, 100.0])  # seats: 50, 100, 10, 200, 400
    demand = np.array([120.0, 90.0, 5.0, 150.0, 30.0])
    kind = np.full(3, -1, np.int64)
    kp.allocate(np.arange(3), fac_hours, hours_per_seat, demand, 0.7, kind)
    # Room 1: cultural seats 150 (75% of its 200 seats); health checks would seat only 30 of 400. Room 2: meals
    # seat 90 of 100, more than the after-school class's 50. Room 3: the after-school class, 50 of 120.
    assert kind.tolist() == [kp.CULTURAL, kp.MEALS, kp.AFTER_SCHOOL]
    kind[:] = -1
    kp.allocate(np.arange(3), fac_hours, hours_per_seat, np.zeros(5), 0.7, kind)
    assert kind.tolist() == [0, 1, 2]  # nobody asked: the rooms go round the kinds


def test_attendees_fill_facilities_in_order():
    fac_comm = np.array([0, 0, 0, 1], np.int64)
    fac_kind = np.array([kp.MEALS, kp.CULTURAL, kp.MEALS, kp.MEALS], np.int64)
    fac_seats = np.array([10.0, 5.0, 10.0, 4.0])
    attended = np.zeros((2, kp.N_KINDS))
    attended[0, kp.MEALS], attended[0, kp.CULTURAL], attended[1, kp.MEALS] = 13, 5, 0
    used = np.zeros(4)
    kp.fill_facilities(fac_comm, fac_kind, fac_seats, attended, used)
    assert used.tolist() == [10.0, 5.0, 3.0, 0.0]


def test_held_seats_meet_childcare_and_eldercare_needs_only():
    who = np.array([0, 1, 2, 3, 0], np.int64)
    need = np.array([Need.CHILDCARE, Need.CHILDCARE, Need.ELDERCARE, Need.ELDERCARE, Need.REPAIR], np.int8)
    holds = np.array([1 << kp.AFTER_SCHOOL, 0, 1 << kp.DAY_CARE, 1 << kp.CULTURAL], np.uint8)
    community, group = np.zeros(4, np.int16), np.array([3, 3, 0, 0], np.int8)
    met, keep = np.zeros((1, G)), np.empty(5, np.bool_)
    kp.meet_needs(K1, who, need, holds, 1.0, community, group, met, keep)
    assert keep.tolist() == [False, True, False, True, True]
    assert met[0, 3] == 1 and met[0, 0] == 1
    kp.meet_needs(K1, who, need, holds, 0.0, community, group, met, keep)
    assert keep.all()


def test_a_job_pleases_the_whole_household():
    household = np.array([0, 1, 1, 2], np.int32)
    hh_order = np.argsort(household, kind="stable").astype(np.int64)
    hh_start = np.array([0, 1, 3, 4], np.int64)
    sat, trust = np.full(4, 0.5, np.float32), np.full(4, 0.5, np.float32)
    kp.remember_households(np.array([2], np.int64), household, hh_order, hh_start, 1.0, 0.5, sat, trust, XP)
    assert sat.tolist() == pytest.approx([0.5, 0.575, 0.575, 0.5])
    assert trust[1] == pytest.approx(0.525)
