"""Data sharing: follow-on errands no longer send residents home for documents."""

import numpy as np

from conftest import effect, paired, run, small

ON = ["data_sharing.enabled=true"]
CENTRE = "shanghai-centre-baseline"


def _pairs(sets_on, sets_off=(), days=120):
    return paired(sets_on, sets_off, name=CENTRE, days=days, residents=10000)


def test_sharing_cuts_trips_per_errand_at_separate_windows_and_at_the_merged_centre():
    separate = _pairs(ON)
    assert np.all(effect(separate, "visits_per_errand") < -0.05), effect(separate, "visits_per_errand")
    assert np.all(effect(separate, "errands_per_visit") > 0)
    merged = _pairs(ON + ["one_stop.enabled=true"], ["one_stop.enabled=true"])
    assert np.all(effect(merged, "visits_per_errand") < -0.05)
    # Cost: the build once, then the upkeep day by day.
    assert all(np.isclose(on["cost_yuan"], 200000 + 30000 * 120 / 365) for on, _ in separate)


def test_a_higher_residual_leaves_more_trips():
    pairs = _pairs(ON + ["data_sharing.residual_prob=0.2"], ON)
    assert np.all(effect(pairs, "visits_per_errand") > 0)


def test_switched_off_its_settings_change_nothing():
    sets = ["data_sharing.residual_prob=0.9", "data_sharing.build_yuan=1", "data_sharing.upkeep_yuan_per_year=1"]
    a = run(small(days=40))
    b = run(small(days=40, sets=sets))
    assert np.array_equal(a.acc, b.acc) and np.array_equal(a.ledger, b.ledger)
