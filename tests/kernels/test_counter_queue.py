"""The service-centre queue against queueing theory, and its bookkeeping over the request pool.

Tolerances: mean waits are compared with theory within 4 standard errors of
batch means (20 batches), and the batch standard error must itself be under
3-4% of the theoretical wait, so the test can fail for a real error. Little's law
L = lambda * W holds on every sample path; the test measures L independently
(the number waiting at many sampled instants) and allows 3%.
"""

import math

import numpy as np
import pytest

from sim import rng
from sim.calendar import NO_DAY
from sim.kernels import counter_queue as kq
from sim.kernels.arrays import HandlerArrays, RequestArrays, ResidentArrays

INF = math.inf


def _draws(stream, n, j=0):
    return rng.uniforms(rng.key(7, stream, j), np.arange(n, dtype=np.uint64))


def _poisson_arrivals(rate, n, stream="arrivals"):
    return np.cumsum(-np.log1p(-_draws(stream, n)) / rate)


def _exp(mean, n, stream):
    return -np.log1p(-_draws(stream, n)) * mean


def _serve(arrive, window, minutes, servers, close=INF, patience=INF, errands=None, n_stops=None):
    """Run the kernel for visitors with stops given as (n, k) arrays (or one stop each as 1-D arrays)."""
    window, minutes = np.atleast_2d(window.T).T, np.atleast_2d(minutes.T).T
    n, k = minutes.shape
    errands = np.ones((n, k), np.int64) if errands is None else errands
    n_stops = np.full(n, k, np.int64) if n_stops is None else n_stops
    wait, done, stops, start = np.empty(n), np.empty(n, np.int64), np.empty(n, np.int64), np.empty((n, k))
    kq.serve(arrive, window.astype(np.int64), minutes, errands, n_stops, np.asarray(servers, np.float64),
             close, patience, wait, done, stops, start)
    return wait, done, stops, start


def erlang_c_wait(lam, mu, c):
    """Mean wait in queue of M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    prob_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return prob_wait / (c * mu - lam)


def _batch_mean_se(x, batches=20):
    means = np.array([b.mean() for b in np.array_split(x, batches)])
    return means.mean(), means.std(ddof=1) / math.sqrt(batches)


def _time_average_waiting(arrive, start, horizon, points=200_000):
    """The number waiting (arrived, not yet started) at evenly spaced instants, averaged."""
    t = (np.arange(points) + 0.5) * horizon / points
    a, s = np.sort(arrive), np.sort(start)
    return float(np.mean(np.searchsorted(a, t, "right") - np.searchsorted(s, t, "right")))


@pytest.mark.parametrize("c, lam, mean_service", [(1, 0.7, 1.0), (3, 2.4, 1.0), (8, 0.25, 24.0)])
def test_merged_queue_matches_erlang_c_and_littles_law(c, lam, mean_service):
    n, warm = 200_000, 2_000
    arrive = _poisson_arrivals(lam, n)
    service = _exp(mean_service, n, "service")
    wait, done, _, start = _serve(arrive, np.zeros(n), service, [c])
    assert np.all(done == 1)
    theory = erlang_c_wait(lam, 1 / mean_service, c)
    mean, se = _batch_mean_se(wait[warm:])
    assert se < 0.04 * theory
    assert abs(mean - theory) < 4 * se, (mean, theory, se)
    # Little's law: time-average number waiting = arrival rate x mean wait.
    horizon = arrive[-1]
    served_in = start[:, 0] <= horizon
    lq = _time_average_waiting(arrive, start[served_in, 0], horizon)
    assert lq == pytest.approx(lam * wait.mean(), rel=0.03)


def test_one_clerk_follows_lindleys_recursion_exactly():
    n = 20_000
    arrive = _poisson_arrivals(0.9, n)
    service = _exp(1.0, n, "service")
    wait, _, _, _ = _serve(arrive, np.zeros(n), service, [1])
    expected = np.zeros(n)
    for i in range(1, n):  # W[i] = max(0, W[i-1] + S[i-1] - (A[i] - A[i-1]))
        expected[i] = max(0.0, expected[i - 1] + service[i - 1] - (arrive[i] - arrive[i - 1]))
    assert np.allclose(wait, expected, atol=1e-8)


def test_separate_windows_with_one_errand_each_are_independent_mm1_queues():
    n, warm, lam = 200_000, 2_000, 1.2
    share = np.array([0.5, 0.2, 0.3])
    mean_service = np.array([1.0, 2.0, 0.5])
    arrive = _poisson_arrivals(lam, n)
    window = np.searchsorted(np.cumsum(share), _draws("window", n), "right")
    service = _exp(1.0, n, "service") * mean_service[window]
    wait, _, _, _ = _serve(arrive, window, service, [1, 1, 1])
    for w in range(3):
        lam_w = lam * share[w]
        rho = lam_w * mean_service[w]
        theory = rho * mean_service[w] / (1 - rho)  # M/M/1: Wq = rho / (mu - lambda)
        mean, se = _batch_mean_se(wait[window == w][warm:])
        assert abs(mean - theory) < 4 * se and se < 0.03 * theory, (w, mean, theory, se)


def test_a_day_with_a_morning_peak_keeps_littles_law_and_closing_time():
    # 400 days of a centre: 60 visitors a day, half in the first two hours, 3 clerks, 18-minute visits.
    days, per_day, close, peak = 400, 60, 390.0, 120.0
    n = days * per_day
    u_peak, u_when = _draws("peak", n), _draws("when", n)
    in_day = np.where(u_peak < 0.5, u_when * peak, u_when * close)
    service = _exp(18.0, n, "service")
    waited, lq = [], []
    for d in range(days):
        sl = slice(d * per_day, (d + 1) * per_day)
        arrive = np.sort(in_day[sl])
        wait, done, _, start = _serve(arrive, np.zeros(per_day), service[sl], [3], close=close)
        begun = start[:, 0] >= 0
        assert np.all(start[begun, 0] < close)  # nobody starts at or after closing
        assert np.all(np.diff(start[begun, 0]) >= 0)  # first come, first served
        assert np.allclose(wait[~begun], close - arrive[~begun])  # the unserved waited until closing
        lq.append(_time_average_waiting(arrive, np.where(begun, start[:, 0], close), close, 4000))
        waited.append(wait.sum())
    # L = lambda * W over the opening hours, lambda = visitors per minute open.
    assert np.mean(lq) == pytest.approx(per_day / close * np.sum(waited) / n, rel=0.03)


def test_never_more_in_service_than_clerks_and_patience_ends_a_visit():
    n, patience = 3000, 30.0
    arrive = np.sort(_draws("a", n) * 390.0)
    window = (_draws("w", n * 3).reshape(n, 3) * 4).astype(np.int64)
    minutes = _exp(10.0, n * 3, "s").reshape(n, 3)
    servers = [2, 1, 1, 3]
    wait, done, stops, start = _serve(arrive, window, minutes, servers, patience=patience)
    for w, c in enumerate(servers):
        at_w = (window == w) & (start >= 0)
        begin, end = start[at_w], start[at_w] + minutes[at_w]
        assert max(np.sum((begin <= t) & (end > t)) for t in begin) <= c
    assert np.array_equal(done, stops) and np.all(stops >= 1)  # no closing time: everyone is served once
    # Minutes waited before each stop: a visitor goes on only while under the patience.
    came = np.column_stack([arrive, start[:, :2] + minutes[:, :2]])
    waited = np.cumsum(np.where(start >= 0, start - came, 0.0), axis=1)
    for k in (1, 2):
        went_on = stops > k
        assert np.all(waited[went_on, k - 1] < patience)
        assert np.all(waited[stops == k, k - 1] >= patience)
    assert np.allclose(wait, waited[np.arange(n), stops - 1])
    assert (stops < 3).sum() > 100  # the rule was exercised


def test_a_part_time_clerk_adds_capacity_in_proportion_to_their_share():
    # A clerk with the share f of their time at the window serves at the usual speed, then is away
    # (1/f - 1) times as long: one part-time clerk alone is a single server of service time s / f.
    n, lam, mean_service, f = 200_000, 0.5, 1.0, 0.8
    arrive = _poisson_arrivals(lam, n)
    service = _exp(mean_service, n, "service")
    wait, _, _, start = _serve(arrive, np.zeros(n), service, [f])
    expected = np.zeros(n)
    for i in range(1, n):  # Lindley with the clerk taken for s / f per visitor
        expected[i] = max(0.0, expected[i - 1] + service[i - 1] / f - (arrive[i] - arrive[i - 1]))
    assert np.allclose(wait, expected, atol=1e-8)
    # The visitor leaves after s (the next stop starts from there), not after s / f.
    minutes = np.array([[10.0, 1.0]] * 3)
    _, _, stops, start = _serve(np.zeros(3), np.array([[0, 1]] * 3), minutes, [0.5, 5.0])
    assert np.all(stops == 2) and np.allclose(start[:, 0], [0.0, 20.0, 40.0])
    assert np.allclose(start[:, 1], start[:, 0] + 10.0)
    # Saturated, 2.5 clerks do 2.5 times one clerk's work: whole clerks plus the part-time one, in proportion.
    busy = np.zeros(4000)
    served = [_serve(busy, np.zeros(4000), np.full(4000, 10.0), [c], close=1000.0)[1].sum() for c in (1, 2, 2.5)]
    assert served == [100, 200, 250]


def test_whole_staff_are_whole_clerks():
    # Staff a hair off a whole number (sums of per-10k rates) are that many clerks, with no part-time one.
    n = 5000
    arrive = _poisson_arrivals(1.8, n)
    service = _exp(1.0, n, "service")
    exact = _serve(arrive, np.zeros(n), service, [2.0])[0]
    assert np.array_equal(_serve(arrive, np.zeros(n), service, [2.0 - 1e-12])[0], exact)
    assert np.array_equal(_serve(arrive, np.zeros(n), service, [2.0 + 1e-12])[0], exact)


# ---------------------------------------------------------------- the pool


class Pool:
    """Walk-ins queued at one counter (handler 9 of community 0), with every field explicit."""

    def __init__(self, n, day=5, created=None):
        self.day = day
        self.handler = np.full(n, 9, np.int32)
        self.kind = np.array(list(range(9)) + [kq.COUNTER], np.int8)
        self.hcomm = np.array([-1] * 9 + [0], np.int16)
        self.state = np.ones(n, np.int8)
        self.ready = np.full(n, day, np.int32)
        self.worked = np.full(n, NO_DAY, np.int32)
        self.created = np.full(n, day, np.int32) if created is None else np.asarray(created, np.int32)
        self.resident = np.arange(n, dtype=np.int32)
        self.community = np.zeros(n, np.int16)
        self.group = np.full(n, 2, np.int8)
        self.errands = np.zeros(n, np.int8)
        self.errands_left = np.zeros(n, np.int8)
        self.cap_left = np.zeros(10, np.int64)
        self.acc = np.zeros((day + 1, 1, 6, kq.N_V))

    def run(self, merged=False, resubmit=0.25, errands_mean=2.0, staff=1, merged_staff=4, patience=60.0):
        cp = np.zeros(kq.N_CP)
        cp[kq.MERGED], cp[kq.OPEN_MIN], cp[kq.PEAK_SHARE], cp[kq.PEAK_MIN] = merged, 390.0, 0.5, 120.0
        cp[kq.ERRANDS_MEAN], cp[kq.MAX_PER_VISIT], cp[kq.GENERALIST_FACTOR] = errands_mean, 7, 1.3
        cp[kq.RESUBMIT_PROB], cp[kq.PATIENCE_MIN] = resubmit, patience
        share = np.array([0.24, 0.12, 0.26, 0.06, 0.04, 0.04, 0.14, 0.10])
        minutes = np.full(8, 15.0)
        order = np.arange(self.state.shape[0], dtype=np.int64)
        d = self.day
        n_res = int(self.resident.max()) + 1 if self.resident.size else 1
        if not hasattr(self, "sat"):
            self.sat, self.trust = np.full(n_res, 0.5), np.full(n_res, 0.5)
            self.xp = np.zeros(9)
            self.xp[[0, 1, 7, 8]] = 0.3, 0.1, 30.0, 0.5  # memory weights, wait tolerance, visit weight
        return kq.counter_day(d, rng.key(1, "e", -1), rng.key(1, "a", d), rng.key(1, "s", d), rng.key(1, "d", d),
                              order, self.pool(), self.handlers(), self.residents(), cp[None, :], share, minutes,
                              np.array([staff], np.float64), np.array([merged_staff], np.float64), self.acc,
                              np.arange(kq.N_V), self.xp)

    def pool(self):
        n = self.state.shape[0]
        return RequestArrays(
            resident=self.resident, community=self.community, group=self.group, need=np.full(n, 1, np.int8),
            channel=np.full(n, 3, np.int8), created=self.created, target=self.handler, handler=self.handler,
            state=self.state, responded=np.full(n, NO_DAY, np.int32), bounces=np.zeros(n, np.int16),
            stage=np.zeros(n, np.int8), stages=np.ones(n, np.int8), ready=self.ready, worked=self.worked,
            errands=self.errands, errands_left=self.errands_left, subtype=np.full(n, -1, np.int8))

    def handlers(self):
        return HandlerArrays(kind=self.kind, community=self.hcomm, cap_left=self.cap_left,
                             committee=np.array([-1], np.int32), counter=np.array([9], np.int32),
                             property_mgr=np.array([-1], np.int32), grid_worker=np.zeros(0, np.int32))

    def residents(self):
        return ResidentArrays(self.sat, self.trust)

    def total(self, v):
        return self.acc[self.day, ..., v].sum()


def test_errands_are_drawn_once_with_the_declared_mean_and_at_distinct_windows():
    p = Pool(20_000)
    p.run(errands_mean=2.5, staff=50)
    assert p.errands.min() >= 1 and p.errands.max() <= kq.N_WINDOWS
    assert p.errands.mean() == pytest.approx(2.5, abs=0.03)
    kinds = np.empty(kq.N_WINDOWS, np.int64)
    share = np.array([0.24, 0.12, 0.26, 0.06, 0.04, 0.04, 0.14, 0.10])
    for r in range(50):
        cnt = rng.request_counter(p.created[r], p.resident[r])
        kq._windows(rng.key(1, "e", -1), cnt, p.errands[r], share, kinds)
        assert len(set(kinds[: p.errands[r]])) == p.errands[r]


def test_the_work_kernel_gets_exactly_the_finished_visitors_and_the_rest_come_back():
    p = Pool(400, created=[5] * 300 + [4] * 100)  # 100 carried over from yesterday
    visits = p.run()
    finished = p.errands_left == 0
    assert visits == 400 and p.total(kq.V_VISITS) == 400
    assert p.cap_left[9] == finished.sum() > 0
    assert np.all(p.ready[finished] == p.day) and np.all(p.ready[~finished] == p.day + 1)
    assert p.total(kq.V_ERRANDS) == (p.errands - p.errands_left).sum()
    assert p.total(kq.V_UNFINISHED) == (~finished).sum()
    partly = ~finished & (p.errands_left < p.errands)
    assert np.all(p.worked[partly] == p.day) and np.all(p.worked[finished] == NO_DAY)


def test_documents_rule_merged_centre_and_determinism():
    # Every follow-on errand needs documents again: one errand a visit.
    p = Pool(2000)
    p.run(merged=True, resubmit=1.0, merged_staff=2000)
    assert np.all(p.errands - p.errands_left == 1)
    # None does, with plenty of generalists: every errand in one visit, no wait to speak of.
    q = Pool(2000)
    q.run(merged=True, resubmit=0.0, merged_staff=2000)
    assert np.all(q.errands_left == 0) and q.total(kq.V_WAIT) == 0
    assert np.array_equal(p.errands, q.errands)  # the errands brought do not depend on the rules
    a, b = Pool(500), Pool(500)
    a.run(), b.run()
    assert np.array_equal(a.acc, b.acc) and np.array_equal(a.errands_left, b.errands_left)


def test_errands_done_earlier_go_to_the_back_office_without_a_visit():
    p = Pool(10, created=[2] * 10)
    p.errands[:] = 3
    p.errands_left[:] = 0
    p.ready[5:] = p.day + 1  # not ready today
    p.run(staff=5)
    assert p.total(kq.V_VISITS) == 0 and p.cap_left[9] == 5 and np.all(p.ready[:5] == p.day)


def test_a_visit_moves_satisfaction_by_its_wait():
    from sim.kernels.experience import remember_visit

    xp = np.zeros(9)
    xp[[0, 1, 7, 8]] = 0.3, 0.1, 30.0, 0.5
    sat, trust = np.array([0.5, 0.5]), np.array([0.5, 0.5])
    remember_visit.py_func(0, 0.0, sat, trust, xp)
    remember_visit.py_func(1, 60.0, sat, trust, xp)
    assert sat[0] == pytest.approx(0.5 + 0.15 * 0.5) and trust[0] == pytest.approx(0.5 + 0.05 * 0.5)
    assert sat[1] == pytest.approx(0.5 + 0.15 * (np.exp(-2) - 0.5))
