"""Resource pool: pooled venues add seats cheaply; facilities idle over 30% are repurposed."""

import numpy as np
import pytest

from conftest import run, small
from sim.model import GovernanceModel
from sim.policies.resource_pool import ResourcePool

POOL = ["resource_pool.enabled=true"]
NEVER = POOL + ["resource_pool.idle_threshold=1"]  # no facility ever counts as idle
STATUS_QUO = ["programming.enabled=true", "programming.needs_survey=false"]  # the same programmes, no pool
SCENARIO = "commercial-estate"


def _total(model, counter):
    return model.acc[..., model.slot(counter)].sum()


def test_pooled_venues_seat_more_residents_for_less_than_buying_places():
    for seed in (1, 2, 3):
        on = run(small(SCENARIO, days=90, residents=6000, seed=seed, sets=NEVER))
        off = run(small(SCENARIO, days=90, residents=6000, seed=seed, sets=STATUS_QUO))
        extra = _total(on, "programmes.attendees") - _total(off, "programmes.attendees")
        assert _total(on, "programmes.seats") > _total(off, "programmes.seats")
        assert extra > 0
        k_on, k_off = on.results().kpis(), off.results().kpis()
        assert k_on["programme_served_share"] > k_off["programme_served_share"]
        # The same places bought at the cheapest price of the kinds the pool hosts (meals, 450 yuan) cost more.
        assert on.results().costs_by_mechanism()["resource_pool"] / extra < on.params["programmes.seat_yuan.meals"]


def test_repurposing_idle_facilities_raises_utilisation():
    for seed in (1, 2):
        on = run(small(SCENARIO, days=180, residents=6000, seed=seed, sets=POOL))
        never = run(small(SCENARIO, days=180, residents=6000, seed=seed, sets=NEVER))
        k_on, k_never = on.results().kpis(), never.results().kpis()
        assert k_never["facilities_repurposed"] == 0 < k_on["facilities_repurposed"]
        assert k_on["venue_utilisation"] > k_never["venue_utilisation"] + 0.1
        assert k_on["programme_served_share"] > k_never["programme_served_share"]


def test_only_facilities_idle_over_the_threshold_for_the_review_period_are_repurposed():
    # no warm-up: the review counts idle months from day 0, the reform day
    model = GovernanceModel(small(SCENARIO, days=120, residents=6000, sets=POOL + ["warmup.days=0"]), validate=True)
    prog = model.component(ResourcePool).prog
    model.run(days=119)  # three month-ends (days 29, 59, 89): idle facilities count 3 months, none repurposed yet
    assert _total(model, "resource_pool.repurposed") == 0
    idle = prog.fac_idle_months >= 3
    assert idle.any() and np.all(prog.utilisation[idle] < 0.7) and not (prog.fac_idle_months > 3).any()
    kinds = prog.fac_kind.copy()
    model.step()  # the fourth month-end
    changed = kinds != prog.fac_kind
    assert changed.any() and np.all(idle[changed])
    assert _total(model, "resource_pool.repurposed") == changed.sum()


def test_the_pool_costs_its_hours_and_agreements_and_keeps_the_invariants():
    model = GovernanceModel(small(SCENARIO, days=60, residents=10000, sets=NEVER),
                            validate=True).run()
    p = model.params
    hours = p["resource_pool.school_hours_per_month"] + 0.5 * p["resource_pool.hospital_hours_per_month"] + \
        p["resource_pool.firm_hours_per_month"]  # per 10,000 residents (1 school, 0.5 hospital, 1 firm)
    venues = 2.5
    assert _total(model, "resource_pool.venue_hours") == pytest.approx(2 * hours)
    expected = 2 * (hours * p["resource_pool.yuan_per_venue_hour"] + venues * 5000.0 / 12)
    assert model.results().costs_by_mechanism()["resource_pool"] == pytest.approx(expected)
    assert _total(model, "programmes.venue_hours_used") <= _total(model, "programmes.venue_hours")
    assert model.component(ResourcePool).check_invariants() is None
