"""Data protection: fewer and smaller privacy incidents of whatever store holds residents' data, paid in
approvals, delay and money."""

import numpy as np

from conftest import effect, paired, run, small

FREQUENT = ["records.incidents_per_year=10", "data_sharing.incidents_per_year=10"]  # to see them in a short run
SHARING = ["data_sharing.enabled=true", *FREQUENT]
PROTECTED = SHARING + ["data_protection.enabled=true"]


def test_protection_lowers_residents_exposed_and_keeps_their_trust():
    pairs = paired(PROTECTED, SHARING, days=90, residents=4000)
    assert np.all(effect(pairs, "privacy_exposed") < 0)
    on, off = zip(*pairs)
    assert sum(k["privacy_incidents"] for k in on) < sum(k["privacy_incidents"] for k in off)
    assert np.mean(effect(pairs, "satisfaction_mean")) > 0


def test_each_protection_does_its_part():
    base = run(small(days=90, residents=4000, sets=PROTECTED)).results().kpis()
    open_access = run(small(days=90, residents=4000, sets=PROTECTED + ["data_protection.tiered_access=false"]))
    assert open_access.results().kpis()["sensitive_approvals_share"] == 0
    assert base["sensitive_approvals_share"] > 0.05
    full = run(small(days=90, residents=4000, sets=PROTECTED + ["data_protection.minimal_collection=false"]))
    # Same incidents (the same draws and hazard), twice the residents exposed by each.
    assert full.results().kpis()["privacy_incidents"] == base["privacy_incidents"] > 0
    assert full.results().kpis()["privacy_exposed"] > 1.5 * base["privacy_exposed"]


def test_without_data_sharing_protection_lowers_the_departments_incidents_at_a_cost_in_money_and_delay():
    pairs = paired(["data_protection.enabled=true", *FREQUENT], FREQUENT, days=90, residents=4000)
    assert np.all(effect(pairs, "close_days") > 0)  # approvals hold sensitive requests a day
    for on, off in pairs:
        assert on["paid:data_protection"] > 0 == off["paid:data_protection"]
        assert on["privacy_incidents"] <= off["privacy_incidents"]  # common draws, a lower hazard
        assert on["privacy_exposed"] < off["privacy_exposed"]
    assert sum(on["privacy_incidents"] for on, _ in pairs) < sum(off["privacy_incidents"] for _, off in pairs)


def test_minimal_collection_costs_data_sharing_some_of_its_gain():
    sets = ["data_sharing.enabled=true", "data_protection.enabled=true", "data_protection.tiered_access=false",
            "data_protection.logged_use=false", "data_protection.minimal_resubmit_add=0.5"]
    pairs = paired(sets, ["data_sharing.enabled=true"], days=60, residents=6000, seeds=(1, 2))
    assert np.all(effect(pairs, "visits_per_errand") > 0)
