"""Smart elderly care: falls as declared; meters, bracelets and visits find fallen residents sooner."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.components.needs import Needs
from sim.kernels import eldercare as ke
from sim.kernels import slots
from sim.kernels.needs import daily_probability
from sim.model import GovernanceModel
from sim.policies.eldercare import Eldercare

BASE = "hangzhou-eldercare-baseline"  # the falls process on, every smart-care lever at 0


def _counter(model, name):
    return model.acc[..., model.slot(f"eldercare.{name}")].sum()


def test_falls_come_at_the_declared_rate_and_match_the_published_shares():
    scenario = small(BASE, days=365, residents=20_000)
    e = GovernanceModel(scenario).component(Eldercare)
    yearly = 1 - (1 - e.p_fall) ** 365  # chance of falling at least once in a year
    group, age = e.model.pop.group[e.eld], e.model.pop.age[e.eld]
    assert 0.15 <= yearly.mean() <= 0.20  # Kang et al. 2022: 15-20% of urban 60+
    assert yearly[group == 0].mean() == pytest.approx(0.21, abs=0.02)  # living alone: 21%
    assert yearly[age >= 80].mean() == pytest.approx(0.27, abs=0.02)  # 80+: 27%
    model = run(scenario)
    expected = e.p_fall.sum() * 365  # health declines add a little over the year: 1% allowed
    observed = _counter(model, "falls")
    assert abs(observed - expected) < 4.5 * np.sqrt(expected) + 0.01 * expected, (observed, expected)
    share_stuck = _counter(model, "incidents_started") - _counter(model, "emergencies")
    assert share_stuck / observed == pytest.approx(0.47, abs=4.5 * np.sqrt(0.25 / observed))


@pytest.mark.parametrize("lever", ["eldercare.sensor_coverage=0.8", "eldercare.bracelet_coverage=0.5",
                                   "eldercare.home_visits_per_month=2"])
def test_meters_bracelets_and_visits_each_cut_the_hours_until_a_fallen_resident_is_found(lever):
    pairs = paired([lever], name=BASE, days=365, residents=6000)
    assert np.all(effect(pairs, "eldercare_detection_hours") < 0)
    assert all(on["cost_yuan"] > 0 == off["cost_yuan"] for on, off in pairs)


def test_the_water_meter_brings_help_about_12_hours_after_a_fall():
    model = run(small(BASE, days=365, residents=8000, sets=["eldercare.sensor_coverage=1",
                                                             "eldercare.alone_found_hours=720"]))
    by_sensor = _counter(model, "found_sensor")
    hours = model.results().kpis_by_group()["elderly_alone"]["eldercare_detection_hours"]
    assert by_sensor > 10 and 10 < hours < 12 + 1 + 1.5  # threshold + mean response, noise allowed


def test_home_visits_reach_the_plans_two_a_month_and_cost_staff_time():
    model = run(small(BASE, days=120, sets=["eldercare.home_visits_per_month=2"]))
    kpis = model.results().kpis()
    assert kpis["home_visits_per_alone_elderly_month"] >= 2.0 - 1e-9
    assert _counter(model, "visits_deferred") < 0.2 * _counter(model, "visits")  # Sundays', made up on Monday
    assert kpis["cost_yuan"] == pytest.approx(_counter(model, "visits") * model.params["eldercare.visit_yuan"])
    none = run(small(BASE, days=120)).results().kpis()
    assert none["home_visits_per_alone_elderly_month"] == 0 and none["cost_yuan"] == 0


def test_too_few_grid_workers_defer_visits_below_the_plan():
    model = run(small(BASE, days=120, sets=["eldercare.home_visits_per_month=2",
                                            "eldercare.visits_per_worker_day=1"]))
    assert _counter(model, "visits_deferred") > 0
    assert model.results().kpis()["home_visits_per_alone_elderly_month"] < 1.9


def test_alert_call_outs_take_the_grid_workers_report_time():
    sets = ["eldercare.sensor_coverage=1", "eldercare.false_alerts_per_sensor_year=20"]
    pairs = paired(sets + ["eldercare.alert_report_slots=1"], sets + ["eldercare.alert_report_slots=0"],
                   name=BASE, days=90, residents=6000)
    assert np.all(effect(pairs, "response_days") > 0)
    backlog = effect(pairs, "backlog")  # one day's count: a seed may end level
    assert np.all(backlog >= 0) and backlog.sum() > 0


def test_tiered_home_care_serves_the_impaired_and_spares_the_queues():
    pairs = paired(["eldercare.tiered_share_semi_disabled=0.5", "eldercare.tiered_share_disabled=0.8"],
                   name=BASE, days=120, residents=6000)
    assert all(on["eldercare_tiered_served"] > 0 == off["eldercare_tiered_served"] for on, off in pairs)
    assert np.all(effect(pairs, "requests") < 0)


def test_a_worse_health_tier_after_an_incident_feeds_back_into_needs_and_falls():
    model = GovernanceModel(small(BASE, days=365, residents=6000))
    before = model.pop.health.copy()
    model.run()
    pop, e, needs = model.pop, model.component(Eldercare), model.component(Needs)
    declines = model.results().kpis()["eldercare_health_declines"]
    assert (pop.health.astype(int) - before).sum() == declines > 0
    assert np.array_equal(needs.p_need, daily_probability(pop.community, pop.group, pop.health, needs.p_any))
    p = model.params
    assert np.array_equal(e.p_fall, ke.fall_probability(
        pop.group[e.eld], pop.age[e.eld], pop.health[e.eld], p["eldercare.fall_rate_per_year"],
        p["eldercare.fall_factor_alone"], p["eldercare.fall_factor_80plus"], p["eldercare.fall_factor_impaired"]))


def test_the_books_balance_every_day():
    model = GovernanceModel(small("hangzhou-eldercare", days=120), validate=True).run()  # checks daily
    assert model.component(Eldercare).check_invariants() is None
    model.component(Eldercare).pending[:] = True  # incidents that never started
    assert "incidents started" in model.component(Eldercare).check_invariants()


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["eldercare.sensor_coverage=0.1", "eldercare.fall_rate_per_year=1.5",
                                 "eldercare.home_visits_per_month=9", "eldercare.tiered_share_disabled=0.1"])).acc
    assert np.array_equal(a, b)


def test_the_falls_process_leaves_the_days_needs_as_they_were():
    on = run(small(BASE, days=30)).acc
    off = run(small(BASE, days=30, sets=["eldercare.enabled=false"])).acc
    assert np.array_equal(on[0, ..., slots.NEEDS], off[0, ..., slots.NEEDS])


def test_hangzhou_eldercare_moves_the_plans_indicators_against_its_baseline():
    rows = []
    for seed in (1, 2, 3):
        on = run(small("hangzhou-eldercare", days=365, residents=8000, seed=seed)).results()
        off = run(small(BASE, days=365, residents=8000, seed=seed)).results()
        rows.append((on.kpis(), off.kpis(), on.kpis_by_group()["elderly_alone"],
                     off.kpis_by_group()["elderly_alone"]))
    for on, off, on_alone, off_alone in rows:
        assert on["eldercare_detection_hours"] < 0.6 * off["eldercare_detection_hours"]
        assert 25 < off_alone["eldercare_detection_hours"] < 75  # declared: 48 h on average
        assert on_alone["eldercare_detection_hours"] < 20  # 80% of them have a meter: 12 h + response
        assert on["home_visits_per_alone_elderly_month"] >= 1.98 and off["home_visits_per_alone_elderly_month"] == 0
        assert 0.25 < off["eldercare_long_lie_share"] < 0.40  # Fleming & Brayne: 30% lay 1 h or more
        assert 0.15 < off["eldercare_falls_per_elderly_year"] < 0.23
        assert on["timebank_hours"] > 0 == off["timebank_hours"]
        assert on["cost_yuan"] > 0 == off["cost_yuan"]
    assert np.mean([r[2]["satisfaction_mean"] - r[3]["satisfaction_mean"] for r in rows]) > 0.02
    assert sum(r[0]["eldercare_health_declines"] for r in rows) < sum(r[1]["eldercare_health_declines"] for r in rows)


def test_under_a_rollout_the_home_visit_round_starts_on_the_communitys_reform_day():
    """A community that reforms mid-run gets the plan's 2 visits a month from its reform day, not a catch-up."""
    sets = ["eldercare.enabled=true", "rollout.enabled=true", "rollout.pilots=1", "rollout.wave_start_day=10",
            "rollout.target_day=40", "rollout.target_share=1"]
    model = GovernanceModel(small(days=75, residents=6000, sets=sets), validate=True).run()
    e = model.component(Eldercare)
    visits = model.acc[..., e.cs[ke.VISITS]].sum(axis=2)  # per day and community
    alone = np.bincount(model.pop.community[e.eld[e.alone]], minlength=visits.shape[1])
    late = [c for c in range(visits.shape[1]) if 0 < model.reform_day[c] <= 45]
    assert late
    for c in late:
        r = model.reform_day[c]
        assert visits[:r, c].sum() == 0
        assert 1.8 <= visits[r:r + 30, c].sum() / alone[c] <= 2.0
