"""The warm-up before day 0: the world lives ``warmup.days`` days, which count in no KPI, counter or cost.

Also the calendar and the random keys the warm-up's negative days rely on.
"""

import numpy as np
import pytest
from numba import njit

from conftest import run, small, spent
from sim import calendar, rng
from sim.kernels import slots
from sim.model import GovernanceModel

DAYS = 120


def _backlog(model) -> np.ndarray:
    return model.acc[..., slots.BACKLOG].sum(axis=(1, 2))


def _close_days(model, days: slice) -> float:
    acc = model.acc[days]
    return acc[..., slots.CLOSE_DAYS].sum() / acc[..., slots.CLOSED].sum()


@pytest.fixture(scope="module")
def warm():
    return run(small(days=DAYS, residents=6000), validate=True)


@pytest.fixture(scope="module")
def cold():
    return run(small(days=DAYS, residents=6000, sets=["warmup.days=0"]))


# ------------------------------------------------------------------ the calendar before day 0


def test_the_calendar_runs_on_backwards_without_a_seam():
    days = range(-800, 800)
    assert calendar.weekday(0) == 0 and calendar.weekday(-1) == 6  # day 0 a Monday, day -1 a Sunday
    assert [calendar.is_working_day(d) for d in range(-7, 0)] == [True] * 5 + [False] * 2
    for d in days:
        assert calendar.weekday(d + 1) == (calendar.weekday(d) + 1) % 7
        assert calendar.month_starts(d) == calendar.month_ends(d - 1)
        assert calendar.month_of(d + calendar.MONTH_DAYS) == calendar.month_of(d) + 1
        assert calendar.month_of(d) == calendar.month_of(d + 1) - calendar.month_starts(d + 1)
        assert calendar.first_month_end(d) >= d and calendar.month_ends(calendar.first_month_end(d))
        assert calendar.first_month_end(d) - d < calendar.MONTH_DAYS
    assert calendar.month_starts(0) and calendar.month_ends(-1) and calendar.month_starts(-30)
    assert calendar.month_of(-1) == calendar.month_of(-30) == -1 and calendar.month_of(-31) == -2
    assert calendar.year_ends(-1) and calendar.year_ends(-1 - calendar.YEAR_DAYS) and not calendar.year_ends(-2)
    assert sum(calendar.month_starts(d) for d in days) == len(days) // calendar.MONTH_DAYS
    assert calendar.NO_DAY < -800 and calendar.NO_DAY == np.iinfo(np.int32).min  # fits the pool's int32 days


@njit(cache=False)
def _kernel_calendar(day):
    return day % 7, day // 30, (day + 1) % 30


@pytest.mark.parametrize("day", [-1, -7, -29, -30, -31, -91, -361, 0, 29, 365])
def test_the_kernels_count_days_as_the_calendar_does(day):
    """numba's integer ``%`` and ``//`` are Python's (floor), so ``day % 7`` style rhythms in kernels agree."""
    assert _kernel_calendar(np.int64(day)) == (day % 7, day // 30, (day + 1) % 30)
    assert _kernel_calendar(np.int64(day))[0] == calendar.weekday(day)


def test_fixed_draws_have_a_key_no_day_takes():
    for stream in ("routing.target", "rollout.order"):
        fixed = rng.key_fixed(7, stream)
        assert fixed == rng.key_fixed(7, stream) and fixed != rng.key_fixed(8, stream)
        assert fixed not in {rng.key(7, stream, d) for d in range(-1000, 4000)}


# ------------------------------------------------------------------ what counts


def test_a_built_model_has_lived_its_warm_up_and_stands_at_day_0():
    calls = []
    m = GovernanceModel(small(days=10, sets=["warmup.days=35"]), progress=lambda: calls.append(1))
    assert m.day == 0 and m.warmup_days == 35 and len(calls) == 35
    assert m.requests.created_total > len(m.requests) > 0  # requests raised, some finished, some open
    assert m.acc.shape[0] == 10 and not m.acc.any() and not m.ledger.any()  # nothing of the warm-up recorded


def test_the_warm_up_counts_in_no_row_of_the_results(warm):
    results = warm.results()
    assert results.acc.shape[0] == results.ledger.shape[0] == DAYS
    ts = results.timeseries()
    assert len(ts) == DAYS * len(results.communities) and ts.day.min() == 0 and ts.day.max() == DAYS - 1
    assert results.summary()["days"] == DAYS


def test_requests_raised_in_the_warm_up_count_in_closures_when_they_close(warm):
    """Every request the run finished or left open was raised in the run or carried in from the warm-up."""
    acc = warm.acc.sum(axis=(1, 2))
    carried_in = acc[:, slots.CLOSED].sum() + acc[:, slots.ABANDONED].sum() + len(warm.requests) \
        - acc[:, slots.REQUESTS].sum()
    built = GovernanceModel(small(days=DAYS, residents=6000))
    assert carried_in == len(built.requests) > 0
    assert acc[0, slots.CLOSED] > 0 and acc[0, slots.CLOSE_DAYS] > acc[0, slots.CLOSED]  # older than a day


def test_the_warm_up_costs_nothing_and_the_reform_starts_on_day_0():
    sets = ["social_workers.enabled=true", "one_stop.enabled=true"]
    warm = run(small(days=30, sets=sets), validate=True)
    cold = run(small(days=30, sets=[*sets, "warmup.days=0"]))
    # salaries and training from the reform day on, the centre's refit on it: the same money either way
    for payer in ("one_stop", "social_workers"):
        assert spent(warm, payer).sum() == pytest.approx(spent(cold, payer).sum(), rel=1e-12)
    assert warm.results().costs_by_mechanism()["one_stop"] > 0
    refit = spent(warm, "one_stop").sum(axis=1)
    assert refit[0] > refit[1]
    assert warm.results().kpis()["reformed_share"] == pytest.approx(1.0)


# ------------------------------------------------------------------ steady state


def test_day_0_starts_in_steady_state(warm, cold):
    later = _backlog(warm)[30:].mean()
    assert 0.7 < _backlog(warm)[:7].mean() / later < 1.5
    assert _backlog(cold)[:7].mean() / _backlog(cold)[30:].mean() < 0.5  # without it the queues start empty
    assert _close_days(warm, slice(0, 30)) > 0.85 * _close_days(warm, slice(30, None))
    assert _close_days(cold, slice(0, 30)) < 0.75 * _close_days(cold, slice(30, None))


def test_warm_up_0_starts_from_empty_queues_on_day_0():
    m = GovernanceModel(small(days=20, sets=["warmup.days=0"]))
    assert m.day == 0 and m.warmup_days == 0 and m.requests.created_total == 0 and not m.acc.any()
    m.run()
    day0 = m.acc[0].sum(axis=(0, 1))
    assert m.acc.shape[0] == 20 and 0 < day0[slots.BACKLOG] <= day0[slots.REQUESTS]  # only day 0's own are open


def test_the_warm_up_is_reproducible_and_changes_the_run(warm, cold):
    again = run(small(days=DAYS, residents=6000))
    assert np.array_equal(warm.acc, again.acc) and np.array_equal(warm.pop.satisfaction, again.pop.satisfaction)
    assert not np.array_equal(warm.acc, cold.acc)
    # the run's days draw their needs from their own days' keys, warm-up or not (common random numbers); only
    # what the warm-up changed (health declines after falls, needs volunteers serve) moves a few of them
    needs_warm, needs_cold = warm.acc[..., slots.NEEDS], cold.acc[..., slots.NEEDS]
    assert (needs_warm == needs_cold).mean() > 0.9
    assert abs(needs_warm.sum() / needs_cold.sum() - 1) < 0.01
