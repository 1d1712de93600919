"""One-stop service centre: shorter waits, more errands a visit, the plan's 40 -> 15 minutes."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim import calendar
from sim.components.counters import Counters
from sim.kernels import slots

ON = ["one_stop.enabled=true"]
CENTRE = "shanghai-centre-baseline"  # one neighbourhood of 10,000 with 8 separate windows


def _pairs(sets_on, sets_off=(), days=120):
    return paired(sets_on, sets_off, name=CENTRE, days=days, residents=10000)


def test_merging_the_windows_cuts_the_wait_and_does_more_errands_a_visit():
    pairs = _pairs(ON)
    assert np.all(effect(pairs, "counter_wait_min") < -10), effect(pairs, "counter_wait_min")
    assert np.all(effect(pairs, "errands_per_visit") > 0)
    assert np.all(effect(pairs, "visits_per_errand") < 0)  # fewer visits cut short by an hour of queueing
    # Cost: the refit once, then 5 generalists (5 of the 8 clerks) each of the 86 working days of 120.
    assert all(on["paid:one_stop"] == 300000 + 5 * 86 * 80 and off["paid:one_stop"] == 0 for on, off in pairs)


def test_more_generalists_shorten_the_wait_and_the_errand_cap_binds():
    more = _pairs(ON + ["one_stop.desk_share=0.875"], ON)
    assert np.all(effect(more, "counter_wait_min") < 0)
    capped = _pairs(ON + ["one_stop.max_errands_per_visit=1"], ON)
    assert np.all([on["errands_per_visit"] <= 1.0 for on, _ in capped])
    assert np.all(effect(capped, "visits_per_errand") > 0)


def test_the_plans_case_wait_falls_from_about_40_to_about_15_minutes():
    """Bundled scenarios, a full year, three seeds: the mean within 5 minutes of 40 and 4 of 15."""
    seeds = (1, 2, 3)
    before = [run(small(CENTRE, days=365, residents=10000, seed=s)).results().kpis() for s in seeds]
    after = [run(small("shanghai-centre", days=365, residents=10000, seed=s)).results().kpis() for s in seeds]
    wait_before = np.mean([k["counter_wait_min"] for k in before])
    wait_after = np.mean([k["counter_wait_min"] for k in after])
    assert abs(wait_before - 40) < 5, wait_before
    assert abs(wait_after - 15) < 4, wait_after
    assert all(a["counter_wait_min"] < b["counter_wait_min"] - 15 for a, b in zip(after, before))
    assert all(a["errands_per_visit"] > b["errands_per_visit"] for a, b in zip(after, before))


def test_switched_off_its_settings_change_nothing():
    sets = ["one_stop.desk_share=0.1", "one_stop.generalist_factor=2.5", "one_stop.max_errands_per_visit=2",
            "one_stop.staff_day_yuan=1", "one_stop.refit_yuan=7"]
    a = run(small(days=40))
    b = run(small(days=40, sets=sets))
    assert np.array_equal(a.acc, b.acc) and np.array_equal(a.ledger, b.ledger)


def test_a_small_community_gets_generalists_in_proportion_and_pays_for_them():
    # Communities of ~2,000: 0.2 clerk a window (part-time), so 0.625 x 8 x 0.2 = 1.0 generalist at the desks,
    # not the whole clerk a window and 5 generalists that rounding up gave them.
    model = run(small(days=60, residents=6000, sets=ON))
    counters = model.component(Counters)
    assert counters.staff_merged == pytest.approx(0.625 * 8 * counters.staff_windows)
    assert counters.staff_merged.sum() == pytest.approx(0.625 * 8 * 6000 / 1e4)
    working = sum(calendar.is_working_day(d) for d in range(60))
    assert model.results().costs_by_mechanism()["one_stop"] == pytest.approx(3 * 300000 + 3.0 * working * 80)


def test_needs_and_first_day_channels_are_drawn_exactly_as_without_it():
    on = run(small(days=40, sets=ON)).acc
    off = run(small(days=40)).acc
    assert np.array_equal(on[..., slots.NEEDS], off[..., slots.NEEDS])
    assert np.array_equal(on[0, ..., slots.REQUESTS], off[0, ..., slots.REQUESTS])
