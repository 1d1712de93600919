"""Falls and emergencies of the elderly are a world process: in every scenario, as declared, with what lying costs."""

import numpy as np
import pytest

from conftest import run, small
from sim.components.falls import Falls
from sim.components.needs import Needs
from sim.kernels import falls as kf
from sim.kernels.needs import daily_probability
from sim.model import GovernanceModel


def _counter(model, name, axis=None):
    return model.acc[..., model.slot(f"falls.{name}")].sum(axis=axis)


def test_the_status_quo_has_falls_in_every_community_found_by_family_neighbours_or_chance():
    model = run(small("baseline", days=365, residents=6000), validate=True)
    assert not model.mechanisms
    kpis = model.results().kpis()
    assert kpis["eldercare_falls_per_elderly_year"] > 0 and kpis["eldercare_detection_hours"] > 0
    assert 0 < kpis["eldercare_long_lie_share"] < 1 and kpis["eldercare_health_declines"] > 0
    by_community = _counter(model, "falls", axis=(0, 2))
    assert np.all(by_community > 0), by_community
    assert _counter(model, "found_informal") == _counter(model, "incidents") > 0
    alone = model.results().kpis_by_group()["elderly_alone"]["eldercare_detection_hours"]
    family = model.results().kpis_by_group()["elderly_family"]["eldercare_detection_hours"]
    assert family < 3 < 20 < alone  # declared means: 1.5 h with family, 48 h alone


def test_falls_come_at_the_declared_rate_and_match_the_published_shares():
    scenario = small("baseline", days=365, residents=20_000)
    f = GovernanceModel(scenario).component(Falls)
    yearly = 1 - (1 - f.p_fall) ** 365  # chance of falling at least once in a year
    group, age = f.model.pop.group[f.eld], f.model.pop.age[f.eld]
    assert 0.15 <= yearly.mean() <= 0.20  # Kang et al. 2022: 15-20% of urban 60+
    assert yearly[group == 0].mean() == pytest.approx(0.21, abs=0.02)  # living alone: 21%
    assert yearly[age >= 80].mean() == pytest.approx(0.27, abs=0.02)  # 80+: 27%
    model = run(scenario)
    expected = f.p_fall.sum() * 365  # health declines add a little over the year: 1% allowed
    observed = _counter(model, "falls")
    assert abs(observed - expected) < 4.5 * np.sqrt(expected) + 0.01 * expected, (observed, expected)
    stuck = _counter(model, "incidents_started") - _counter(model, "emergencies")
    assert stuck / observed == pytest.approx(0.47, abs=4.5 * np.sqrt(0.25 / observed))


def test_a_worse_health_tier_after_an_incident_feeds_back_into_needs_and_falls():
    model = GovernanceModel(small("baseline", days=365, residents=6000))
    before = model.pop.health.copy()
    model.run()
    pop, f, needs = model.pop, model.component(Falls), model.component(Needs)
    declines = model.results().kpis()["eldercare_health_declines"]
    assert (pop.health.astype(int) - before).sum() == declines > 0
    assert np.array_equal(needs.p_need, daily_probability(pop.community, pop.group, pop.health, needs.p_any))
    p = model.params
    assert np.array_equal(f.p_fall, kf.fall_probability(
        pop.group[f.eld], pop.age[f.eld], pop.health[f.eld], p["falls.fall_rate_per_year"],
        p["falls.fall_factor_alone"], p["falls.fall_factor_80plus"], p["falls.fall_factor_impaired"]))


def test_the_books_balance_every_day():
    model = GovernanceModel(small(days=60), validate=True).run()  # checks daily
    falls = model.component(Falls)
    assert falls.check_invariants() is None
    falls.pending[:] = True  # incidents that never started
    assert "incidents started" in falls.check_invariants()
