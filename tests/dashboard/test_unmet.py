"""Unmet need by grid (the map's colouring): hand-built cases, and the engine's own counters as a check."""

from __future__ import annotations

import numpy as np
import pytest

from sim.enums import RequestState
from sim.kernels import slots
from sim.viz.unmet import UNMET_WINDOW_DAYS, missed_by_grid, unmet_per_100
from sim.viz.workshop_model import WorkshopModel

Q, C, A = int(RequestState.QUEUED), int(RequestState.CLOSED), int(RequestState.ABANDONED)
# Six residents: 0-2 in grid 0, 3-4 in grid 1, 5 in grid 2; grid 3 has nobody.
GRID = np.array([0, 0, 0, 1, 1, 2], dtype=np.int32)


def test_overdue_requests_count_per_100_residents_of_their_grid():
    # Day 10, deadline 1 day: grid 1 has two requests waiting since day 2 and day 5 (overdue), one since
    # day 9 (waited 1 day: not past the deadline); grid 0 has one waiting since day 9.
    open_resident = np.array([3, 4, 4, 0], dtype=np.int32)
    open_created = np.array([2, 5, 9, 9], dtype=np.int32)
    v = unmet_per_100(GRID, 4, np.zeros(4, np.int64), open_resident, open_created, day=10, deadline_days=1)
    np.testing.assert_allclose(v[:3], [0.0, 100.0 * 2 / 2, 0.0])
    assert np.isnan(v[3])  # no residents: nothing to show
    # A longer deadline: nothing is overdue yet; recent misses count on their own.
    v = unmet_per_100(GRID, 4, np.array([3, 0, 1, 0]), open_resident, open_created, day=10, deadline_days=8)
    np.testing.assert_allclose(v[:3], [100.0, 0.0, 100.0])


def test_missed_today_is_needs_without_a_request_plus_requests_given_up():
    need_who = np.array([0, 0, 1, 3, 5, 5], dtype=np.int64)  # today's needs (resident 0 has two)
    # The pool before today's finished requests are dropped: raised today by 0 (one of its two needs)
    # and 3 (then given up the same day); 4's old request given up today; 1's old one closed today.
    req_resident = np.array([4, 1, 0, 3], dtype=np.int32)
    req_created = np.array([2, 3, 7, 7], dtype=np.int32)
    req_state = np.array([A, C, Q, A], dtype=np.int8)
    missed = missed_by_grid(GRID, 4, need_who, req_resident, req_created, req_state, day=7)
    # grid 0: needs 0,0,1 minus one raised = 2; grid 1: need of 3 raised (0) + 2 given up; grid 2: 2 unraised.
    np.testing.assert_array_equal(missed, [2, 2, 2, 0])


@pytest.fixture(scope="module")
def wm():
    m = WorkshopModel("shanghai-centre", residents=2500)
    for _ in range(UNMET_WINDOW_DAYS + 5):
        m.step()
    return m


def test_a_runs_misses_by_grid_add_up_to_the_engines_counters(wm):
    for side, model in wm.sides().items():
        tracker, pop = wm.unmet[side], model.pop
        assert pop.n_grids > 1
        for day in range(model.day - UNMET_WINDOW_DAYS, model.day):
            by_grid = tracker.daily[day % UNMET_WINDOW_DAYS]
            engine = model.acc[day, :, :, slots.UNMET].sum(axis=1) + model.acc[day, :, :, slots.ABANDONED].sum(axis=1)
            np.testing.assert_array_equal(np.bincount(pop.grid_community, weights=by_grid,
                                                      minlength=engine.size), engine)
        assert tracker.daily.sum() > 0
        v = tracker.per_100()
        assert v.shape == (pop.n_grids,) and np.all(np.isfinite(v)) and np.all(v >= 0) and v.max() > 0


def test_tracking_leaves_the_run_unchanged():
    from sim.model import GovernanceModel

    tracked = WorkshopModel("shanghai-centre-baseline", residents=800).policy
    plain = GovernanceModel(tracked.scenario)
    for _ in range(12):
        tracked.step()
        plain.step()
    np.testing.assert_array_equal(tracked.acc, plain.acc)
