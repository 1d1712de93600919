"""Data sharing: follow-on errands no longer send residents home for documents; one shared store leaks
differently from the departments' own systems."""

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
    assert all(np.isclose(on["paid:data_sharing"], 200000 + 30000 * 120 / 365) for on, _ in separate)


def test_a_higher_residual_leaves_more_trips():
    pairs = _pairs(ON + ["data_sharing.residual_prob=0.2"], ON)
    assert np.all(effect(pairs, "visits_per_errand") > 0)


def test_the_shared_store_exposes_more_residents_per_incident():
    # The same hazard in both arms: the same incidents (common draws), each exposing a fifth of a community
    # instead of a twentieth (one department's system).
    same = ["records.incidents_per_year=10", "data_sharing.incidents_per_year=10"]
    pairs = paired(ON + same, same, days=90, residents=4000)
    for on, off in pairs:
        assert on["privacy_incidents"] == off["privacy_incidents"] > 0
        assert on["privacy_exposed"] > 2.5 * off["privacy_exposed"]
    assert np.mean(effect(pairs, "satisfaction_mean")) < 0
    # At the defaults the shared store leaks half as often: its incidents are among the status quo's days.
    rare = paired(ON + ["records.incidents_per_year=10", "data_sharing.incidents_per_year=5"],
                  ["records.incidents_per_year=10"], days=90, residents=4000)
    assert all(on["privacy_incidents"] <= off["privacy_incidents"] for on, off in rare)
    assert sum(on["privacy_incidents"] for on, _ in rare) < sum(off["privacy_incidents"] for _, off in rare)


def test_unreached_communities_keep_the_departments_own_systems():
    sets = ["records.incidents_per_year=10", "data_sharing.incidents_per_year=10"]
    staged = run(small(days=90, residents=4000, sets=ON + sets + ["rollout.enabled=true", "rollout.pilots=1",
                                                                   "rollout.target_share=0"]))
    off = run(small(days=90, residents=4000, sets=sets))
    rest = np.flatnonzero(staged.reform_day != 0)
    cols = [staged.slot(f"records.{c}") for c in ("incidents", "exposed")]
    assert np.array_equal(staged.acc[:, rest][..., cols], off.acc[:, rest][..., cols])
    assert staged.acc[:, rest][..., cols].any()


def test_switched_off_its_settings_change_nothing():
    sets = ["data_sharing.residual_prob=0.9", "data_sharing.build_yuan=1", "data_sharing.upkeep_yuan_per_year=1",
            "data_sharing.incidents_per_year=9", "data_sharing.exposed_share=0.9"]
    a = run(small(days=40))
    b = run(small(days=40, sets=sets))
    assert np.array_equal(a.acc, b.acc) and np.array_equal(a.ledger, b.ledger)
