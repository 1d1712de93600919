"""Queues by hand: capacity, first come first served, bounces, relays, stages, abandonment."""

import numpy as np
import pytest

from sim import rng
from sim.calendar import NO_DAY
from sim.enums import HandlerKind
from sim.kernels import disputes as kd
from sim.kernels import experience as kx
from sim.kernels import handling as kh
from sim.kernels import slots
from sim.kernels.arrays import HandlerArrays, RequestArrays, ResidentArrays

DAY = 10
ALL = np.ones(len(HandlerKind), dtype=np.bool_)
# Handler rows: the eight departments, then a committee (8), a counter (9), a grid worker (10).
KINDS = np.array(list(range(8)) + [HandlerKind.COMMITTEE, HandlerKind.COUNTER, HandlerKind.GRID_WORKER],
                 dtype=np.int8)


def _xp():
    xp = np.zeros(kx.N_XP)
    xp[kx.LAMBDA_SAT], xp[kx.LAMBDA_TRUST], xp[kx.EXPECTED_DAYS] = 0.5, 0.25, 3.0
    xp[kx.TOLERANCE_DAYS], xp[kx.BOUNCE_PENALTY], xp[kx.ABANDONED_SCORE] = 5.0, 0.2, 0.1
    return xp


def _rp(misroute=0.0, abandon=0.0, whistle=0.0):
    rp = np.zeros(kh.N_RP)
    rp[kh.WHISTLE] = whistle
    rp[kh.ABANDON_APP_FACTOR] = 1.0
    rp[[kh.MISROUTE_APP, kh.MISROUTE_HOTLINE, kh.MISROUTE_RELAY, kh.MISROUTE_BOUNCE]] = misroute
    rp[kh.ABANDON_DAILY] = abandon
    rp[kh.RESPONSE_DEADLINE] = 1
    return rp[None, :]  # one row per community; the queue's requests are all in community 0


class Queue:
    """A handful of requests, all for resident i = row, with every field explicit."""

    def __init__(self, handler, target, created, need=None, stages=None):
        n = len(handler)
        self.resident = np.arange(n, dtype=np.int32)
        self.community = np.zeros(n, np.int16)
        self.group = np.full(n, 2, np.int8)
        self.need = np.array(need if need is not None else [1] * n, np.int8)
        self.channel = np.full(n, 2, np.int8)  # hotline
        self.created = np.array(created, np.int32)
        self.target = np.array(target, np.int32)
        self.handler = np.array(handler, np.int32)
        self.state = np.ones(n, np.int8)
        self.responded = np.full(n, NO_DAY, np.int32)
        self.bounces = np.zeros(n, np.int16)
        self.stage = np.zeros(n, np.int8)
        self.stages = np.array(stages if stages is not None else [1] * n, np.int8)
        self.ready = np.zeros(n, np.int32)
        self.worked = np.full(n, NO_DAY, np.int32)
        self.errands = np.zeros(n, np.int8)
        self.errands_left = np.zeros(n, np.int8)
        self.subtype = np.full(n, -1, np.int8)
        self.sat = np.full(n, 0.5)
        self.trust = np.full(n, 0.5)
        self.acc = np.zeros((DAY + 1, 1, 6, slots.N_SLOTS))

    def pool(self):
        return RequestArrays(*(getattr(self, name) for name in RequestArrays._fields))

    def residents(self):
        return ResidentArrays(self.sat, self.trust)

    def work(self, cap, rp=None, resolve=1.0, mask=ALL):
        cap_left = np.array(cap, np.int64)
        order = np.lexsort((np.arange(self.state.shape[0]), self.created, self.handler)).astype(np.int64)
        handlers = HandlerArrays(kind=KINDS, community=np.full(len(KINDS), -1, np.int16), cap_left=cap_left,
                                 committee=np.array([8], np.int32), counter=np.array([9], np.int32),
                                 property_mgr=np.array([-1], np.int32), grid_worker=np.array([10], np.int32))
        kh.work(DAY, rng.key(1, "w", DAY), rng.key(1, "s", DAY), order, mask, self.pool(), handlers,
                self.residents(), _rp() if rp is None else rp, np.full((1, len(HandlerKind)), resolve),
                np.zeros((1, kd.N_DP)), _xp(), self.acc)
        return cap_left

    def total(self, slot):
        return self.acc[DAY, :, :, slot].sum()


def caps(**by_row):
    c = np.zeros(len(KINDS), np.int64)
    for row, value in by_row.items():
        c[int(row[1:])] = value
    return c


def test_capacity_limits_work_and_the_oldest_go_first():
    q = Queue(handler=[2, 2, 2], target=[2, 2, 2], created=[9, 5, 7])
    left = q.work(caps(h2=2))
    assert left[2] == 0
    assert list(q.state) == [1, 2, 2]  # raised on day 9: still waiting
    assert q.total(slots.CLOSED) == 2
    assert q.total(slots.CLOSE_DAYS) == (DAY - 5) + (DAY - 7)
    assert q.total(slots.RESPONDED) == 2 and q.total(slots.RESPONSE_DAYS) == 8
    assert q.total(slots.CLOSED_3D) == 1  # only the one raised on day 7
    assert q.total(slots.RESOLVED) == 2  # closed requests other than disputes are resolved


def test_a_wrong_department_bounces_the_request_on():
    q = Queue(handler=[5], target=[2], created=[DAY])
    q.work(caps(h5=1, h2=1))
    assert q.bounces[0] == 1 and q.handler[0] == 2 and q.state[0] == 1
    assert q.ready[0] == DAY + 1  # the next department works on it tomorrow
    # passing a request on is no response: only the body that owns it responds, when it acts
    assert q.responded[0] == NO_DAY and q.total(slots.RESPONDED) == 0


def test_the_owner_taking_a_request_up_is_its_response():
    q = Queue(handler=[2], target=[2], created=[DAY - 2])
    q.work(caps(h2=1), resolve=0.0)  # worked, not yet resolved: a follow-up
    assert q.responded[0] == DAY and q.state[0] == 1
    assert q.total(slots.RESPONDED) == 1 and q.total(slots.RESPONSE_DAYS) == 2


def test_relays_forward_without_a_bounce():
    q = Queue(handler=[9, 10], target=[0, 3], created=[DAY, DAY], need=[2, 0])
    q.work(caps(h9=1, h10=1))
    assert list(q.handler) == [0, 3] and list(q.bounces) == [0, 0]
    assert list(q.responded) == [NO_DAY, NO_DAY]  # a counter or grid worker passing it on is no response either


def test_the_mask_restricts_which_handlers_work():
    q = Queue(handler=[9, 2], target=[9, 2], created=[DAY, DAY])
    only_counters = np.zeros(len(HandlerKind), np.bool_)
    only_counters[HandlerKind.COUNTER] = True
    q.work(caps(h9=1, h2=1), mask=only_counters)
    assert list(q.state) == [2, 1]


def test_cross_department_problems_visit_departments_in_turn():
    q = Queue(handler=[3], target=[3], created=[DAY], need=[5], stages=[3])
    q.work(caps(h3=1))
    assert q.state[0] == 1 and q.stage[0] == 1
    assert q.handler[0] == kh.TRANSPORT and q.target[0] == kh.TRANSPORT


def test_unresolved_work_is_a_follow_up_in_the_same_queue():
    q = Queue(handler=[2], target=[2], created=[DAY])
    q.work(caps(h2=1), resolve=0.0)
    assert q.state[0] == 1 and q.handler[0] == 2 and q.ready[0] == DAY + 1


def test_closing_moves_satisfaction_by_the_experience_rule():
    q = Queue(handler=[2], target=[2], created=[DAY - 8])
    q.bounces[0] = 1
    q.work(caps(h2=1))
    score = np.exp(-(8 - 3) / 5.0) * 0.8
    assert q.sat[0] == pytest.approx(0.5 + 0.5 * (score - 0.5))
    assert q.trust[0] == pytest.approx(0.5 + 0.25 * (score - 0.5))


@pytest.mark.parametrize("hazard, expected", [(1.0, 3), (0.0, 1)])
def test_abandonment_hazard(hazard, expected):
    q = Queue(handler=[2, 2], target=[2, 2], created=[DAY - 2, DAY - 2])
    q.worked[1] = DAY  # worked today: nobody gives up on it today
    kh.abandon(DAY, rng.key(1, "a", DAY), q.pool(), _rp(abandon=hazard), q.residents(), _xp(), q.acc)
    assert q.state[0] == expected and q.state[1] == 1
    assert q.total(slots.ABANDONED) == (1 if hazard else 0)


def test_misrouting_picks_a_wrong_department_never_the_right_one():
    targets = np.arange(8)
    picks = {(t, kh._route.py_func(t, 1.0, 0.0, u)) for t in targets for u in np.linspace(0, 0.999, 50)}
    assert all(t != d and 0 <= d < 8 for t, d in picks)
    assert {d for t, d in picks if t == 0} == set(range(1, 8))


def test_cross_department_problems_close_at_once_when_the_whistle_convenes_everyone():
    q = Queue(handler=[3, 3], target=[3, 3], created=[DAY - 1, DAY], need=[1, 5], stages=[1, 3])
    left = q.work(caps(h3=1, h4=2, h6=2), rp=_rp(whistle=1.0))
    # The cross-department problem goes first although raised later, and all three stages close.
    assert list(q.state) == [1, 2] and q.stage[1] == 3
    assert left[4] == 1 and left[6] == 1  # transport and public security each spent one unit on site
    assert q.total(slots.CROSS_CLOSED) == 1 and q.total(slots.CROSS_CLOSE_DAYS) == 0


def test_the_whistle_waits_when_a_needed_department_has_no_capacity_left():
    q = Queue(handler=[3], target=[3], created=[DAY], need=[5], stages=[3])
    left = q.work(caps(h3=1, h4=1, h6=0), rp=_rp(whistle=1.0))
    assert q.state[0] == 1 and q.stage[0] == 0 and q.ready[0] == DAY + 1
    assert left[4] == 1  # nobody was convened


def test_a_platform_showing_progress_keeps_app_reporters_from_giving_up():
    q = Queue(handler=[2, 2], target=[2, 2], created=[DAY - 2, DAY - 2])
    q.channel[:] = [1, 2]  # an app report and a hotline call
    rp = _rp(abandon=1.0)
    rp[:, kh.ABANDON_APP_FACTOR] = 0.0
    kh.abandon(DAY, rng.key(1, "a", DAY), q.pool(), rp, q.residents(), _xp(), q.acc)
    assert list(q.state) == [1, 3]
