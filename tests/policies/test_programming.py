"""Needs-driven programming: a needs survey first lifts participation above the plan's 'under 50%'."""

import numpy as np
import pytest

from conftest import but_reformed, effect, paired, run, small
from sim.components.programmes import Programmes
from sim.model import GovernanceModel
from sim.policies.programming import Programming

ON = ["programming.enabled=true"]
TOPDOWN = ON + ["programming.needs_survey=false"]
SCENARIO = "commercial-estate"


def test_designed_top_down_programmes_fill_under_half_their_seats_in_every_kind_of_community():
    model = run(small("baseline", days=90, residents=9000, sets=TOPDOWN), validate=True)
    results = model.results()
    for name, kpis in results.kpis_by_community().items():
        assert 0.1 < kpis["programme_attendance"] < 0.5, name
    assert results.costs_by_mechanism()["programming"] == 0  # the status quo costs nothing extra


def test_a_needs_survey_first_lifts_attendance_and_serves_more_of_those_who_seek():
    pairs = paired(ON, TOPDOWN, name=SCENARIO, days=120, residents=6000, seeds=(1, 2, 3))
    for on, off in pairs:
        assert off["programme_attendance"] < 0.5
        assert on["programme_attendance"] > 0.75  # 0.80-0.86 (rooms in proportion, some shared between kinds)
    assert np.all(effect(pairs, "programme_served_share") > 0.02)
    assert np.all(effect(pairs, "requests") < 0)  # held seats meet childcare and elderly-care needs


def test_the_groups_whose_wanted_services_appear_grow_more_satisfied():
    gains = {"young_parent": [], "elderly_alone": [], "elderly_family": []}
    for seed in (1, 2, 3):
        on = run(small(SCENARIO, days=150, residents=6000, seed=seed, sets=ON)).results().kpis_by_group()
        off = run(small(SCENARIO, days=150, residents=6000, seed=seed, sets=TOPDOWN)).results().kpis_by_group()
        for group in gains:
            gains[group].append(on[group]["satisfaction_mean"] - off[group]["satisfaction_mean"])
            assert on[group]["programme_served_share"] > off[group]["programme_served_share"]
    for group, g in gains.items():
        assert np.mean(g) > 0.005 and min(g) > 0, (group, g)


def test_the_survey_costs_what_it_reaches_and_keeps_the_invariants():
    model = GovernanceModel(small(SCENARIO, days=60, residents=5000, sets=ON), validate=True).run()
    surveyed = model.acc[..., model.slot("programming.households_surveyed")].sum()
    assert surveyed == pytest.approx(0.2 * (model.pop.household.max() + 1), rel=0.1)  # one survey in 60 days
    assert model.results().costs_by_mechanism()["programming"] == pytest.approx(30.0 * surveyed)
    policy = model.component(Programming)
    assert policy.surveys == 1 and model.component(Programmes).check_invariants() is None
    acc = model.acc.sum(axis=(0, 1, 2))
    seats, attendees = acc[model.slot("programmes.seats")], acc[model.slot("programmes.attendees")]
    assert 0 < attendees <= seats


def test_a_month_with_more_attendees_than_seats_is_caught():
    model = GovernanceModel(small(SCENARIO, days=30, residents=3000, sets=ON)).run()
    prog = model.component(Programming).prog
    seats = np.ones((1, 5))
    n_g = model.acc.shape[2]
    problem = prog._check_month(seats, seats + 1, seats * 0, np.zeros_like(prog.fac_hours), *(np.zeros((1, n_g)),) * 3)
    assert "more attendees than seats" in problem


def test_the_status_quo_programmes_leave_satisfaction_near_a_world_without_rooms():
    # The top-down programmes run in every scenario; unserved_score is set so that they move satisfaction
    # little (sim/components/programmes.py): a world without community rooms is about as satisfied.
    for name in ("commercial-estate", "village-conversion"):
        with_them = run(small(name, days=180, residents=6000)).results().kpis()
        without = run(small(name, days=180, residents=6000, sets=["programmes.rooms_per_10k=0"])).results().kpis()
        assert with_them["programme_attendance"] > 0 and not without["programme_attendance"] > 0  # NaN: no seats
        assert with_them["satisfaction_mean"] == pytest.approx(without["satisfaction_mean"], abs=0.02), name


def test_without_its_survey_the_mechanism_leaves_the_status_quo_programmes_as_they_are():
    plain = run(small(SCENARIO, days=90, residents=3000))
    topdown = run(small(SCENARIO, days=90, residents=3000, sets=TOPDOWN))
    assert np.array_equal(but_reformed(plain.acc), but_reformed(topdown.acc))
    assert plain.results().kpis()["programme_attendance"] > 0


def test_a_community_the_rollout_reaches_later_is_surveyed_at_its_first_months_end_not_a_year_on():
    # One pilot on day 0; the other two communities reform on days 45 and 50 (wave over days 40-50).
    rollout = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=1", "rollout.wave_start_day=40",
               "rollout.target_day=50"]
    model = run(small(days=100, residents=3000, sets=ON + rollout), validate=True)
    surveyed = model.acc[:, :, 0, model.slot("programming.households_surveyed")]
    for c, reform in enumerate(model.reform_day):
        first = 29 if reform == 0 else 59  # the first month's end on or after the reform day
        assert np.flatnonzero(surveyed[:, c]).tolist() == [first], (c, reform)
    seats = model.acc[:, :, 0, model.slot("programmes.seats")]
    assert np.all(seats[29] > 0) and np.all(seats[59] > 0)  # the world's programmes run before the reform too
