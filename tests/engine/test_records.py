"""Residents' data held by departments leaks in the status quo: privacy incidents with no mechanism on."""

import numpy as np
import pytest

from conftest import run, small
from sim import registry


def test_the_status_quo_counts_privacy_incidents_and_the_residents_they_expose():
    # Incident draws depend on the seed, the day and the community only (not the size): with seed 1 one of
    # the three communities suffers one within the year at the declared hazard (0.2 a community-year).
    model = run(small(days=365, residents=3000, seed=1))
    kpis = model.results().kpis()
    assert not model.mechanisms and kpis["privacy_incidents"] >= 1 and kpis["privacy_exposed"] > 0
    assert kpis["privacy_remediation_yuan"] == kpis["privacy_exposed"] * model.params["records.remediation_yuan"]
    assert model.results().cost_table()["status_quo"]["remediation"] == kpis["privacy_remediation_yuan"]
    assert {"privacy_incidents", "privacy_exposed"} <= set(registry.kpis_of_interest(()))


def test_incidents_happen_at_the_declared_hazard_and_expose_the_declared_share():
    hazard, days, seeds = 5.0, 365, (1, 2, 3)
    incidents = exposed = residents = 0.0
    for seed in seeds:
        model = run(small(days=days, residents=3000, seed=seed, sets=[f"records.incidents_per_year={hazard}"]))
        k = model.results().kpis()
        incidents += k["privacy_incidents"]
        exposed += k["privacy_exposed"]
        residents = model.pop.n / len(model.community_types)
    expected = len(seeds) * 3 * days * (1 - np.exp(-hazard / 365))
    assert incidents == pytest.approx(expected, abs=4 * np.sqrt(expected))
    assert exposed / incidents / residents == pytest.approx(0.05, abs=0.015)


def test_exposed_residents_remember_the_breach():
    calm = run(small(days=90, residents=3000, sets=["records.incidents_per_year=0"])).results().kpis()
    leaky = run(small(days=90, residents=3000, sets=["records.incidents_per_year=10",
                                                     "records.exposed_share=0.5"])).results().kpis()
    assert calm["privacy_incidents"] == 0 < leaky["privacy_incidents"]
    assert leaky["satisfaction_mean"] < calm["satisfaction_mean"]
