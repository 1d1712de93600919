"""Smart elderly care: meters, bracelets and visits find fallen residents sooner; the falls stay the world's."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.components.falls import Falls
from sim.kernels import eldercare as ke
from sim.model import GovernanceModel
from sim.policies.eldercare import Eldercare

BASE = "hangzhou-eldercare-baseline"  # the status quo: the falls, found by family, neighbours or chance
# The mechanism on with every lever at 0: what one lever adds on its own.
NO_LEVERS = ["eldercare.enabled=true", "eldercare.sensor_coverage=0", "eldercare.bracelet_coverage=0",
             "eldercare.home_visits_per_month=0", "eldercare.tiered_share_semi_disabled=0",
             "eldercare.tiered_share_disabled=0"]
INCIDENTS = ("falls", "emergencies", "incidents_started")


def _counter(model, name):
    return model.acc[..., model.slot(name if "." in name else f"eldercare.{name}")].sum()


def _falls(model, name):
    return model.acc[..., model.slot(f"falls.{name}")]


def test_switching_it_on_changes_the_hours_until_found_but_not_the_falls():
    """Same seed, same incidents (common random numbers): the falls are the world's, the mechanism only finds
    the fallen sooner. (Lying less could, over a long run, spare a health decline that would have raised a
    resident's fall hazard; over these four months it changes no fall.)"""
    off = run(small(BASE, days=120, residents=6000))
    on = run(small(BASE, days=120, residents=6000, sets=["eldercare.enabled=true"]))
    for name in INCIDENTS:
        assert np.array_equal(_falls(on, name), _falls(off, name)), name
    assert _falls(off, "falls").sum() > 0
    kpis_on, kpis_off = on.results().kpis(), off.results().kpis()
    assert kpis_on["eldercare_falls_per_elderly_year"] == kpis_off["eldercare_falls_per_elderly_year"]
    assert kpis_on["eldercare_detection_hours"] < 0.6 * kpis_off["eldercare_detection_hours"]


def test_a_staged_rollout_leaves_the_unreached_communities_falls_found_as_in_the_status_quo():
    sets = ["eldercare.enabled=true", "rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]
    staged = run(small(days=120, residents=6000, sets=sets), validate=True)
    off = run(small(days=120, residents=6000))
    pilot = staged.reform_day == 0
    assert pilot.sum() == 1
    for name in ("falls", "emergencies", "incidents", "detection_hours", "found_informal", "declines"):
        assert np.array_equal(_falls(staged, name)[:, ~pilot], _falls(off, name)[:, ~pilot]), name
    assert _falls(staged, "falls")[:, ~pilot].sum() > 0
    assert _falls(staged, "found_check")[:, ~pilot].sum() == 0  # no home visits either
    for name in ("found_alarm", "found_monitor", "alarms"):
        assert _falls(staged, name)[:, ~pilot].sum() == 0 < _falls(staged, name)[:, pilot].sum(), name
    assert not np.array_equal(_falls(staged, "detection_hours")[:, pilot], _falls(off, "detection_hours")[:, pilot])


@pytest.mark.parametrize("lever", ["eldercare.sensor_coverage=0.8", "eldercare.bracelet_coverage=0.5",
                                   "eldercare.home_visits_per_month=2"])
def test_meters_bracelets_and_visits_each_cut_the_hours_until_a_fallen_resident_is_found(lever):
    pairs = paired(NO_LEVERS + [lever], name=BASE, days=365, residents=6000)
    assert np.all(effect(pairs, "eldercare_detection_hours") < 0)
    assert all(on["cost_yuan"] > off["cost_yuan"] for on, off in pairs)


def test_the_water_meter_brings_help_about_12_hours_after_a_fall():
    # No warm-up: residents who fell before the meters existed would be found after day 0 with weeks of lying.
    model = run(small(BASE, days=365, residents=8000, sets=NO_LEVERS + ["eldercare.sensor_coverage=1",
                                                                        "falls.alone_found_hours=720",
                                                                        "warmup.days=0"]))
    by_sensor = _counter(model, "falls.found_monitor")
    hours = model.results().kpis_by_group()["elderly_alone"]["eldercare_detection_hours"]
    assert by_sensor > 10 and 10 < hours < 12 + 1 + 1.5  # threshold + mean response, noise allowed


def test_home_visits_reach_the_plans_two_a_month_and_cost_staff_time():
    model = run(small(BASE, days=120, sets=NO_LEVERS + ["eldercare.home_visits_per_month=2"]))
    kpis = model.results().kpis()
    assert kpis["home_visits_per_alone_elderly_month"] >= 2.0 - 1e-9
    assert _counter(model, "visits_deferred") < 0.2 * _counter(model, "visits")  # Sundays', made up on Monday
    paid = model.results().costs_by_mechanism()["eldercare"]
    assert paid == pytest.approx(_counter(model, "visits") * model.params["eldercare.visit_yuan"])
    none = run(small(BASE, days=120, sets=NO_LEVERS)).results()
    assert none.kpis()["home_visits_per_alone_elderly_month"] == 0 and none.costs_by_mechanism()["eldercare"] == 0


def test_a_home_visit_finds_a_resident_lying_alone_whom_nobody_else_would_find_for_weeks():
    model = run(small(BASE, days=120, sets=NO_LEVERS + ["eldercare.home_visits_per_month=2",
                                                        "falls.alone_found_hours=720", "warmup.days=0"]))
    found = model.results().kpis_by_group()["elderly_alone"]["eldercare_detection_hours"]
    assert _counter(model, "falls.found_check") >= 3 and found < 15 * 24  # a visit every 15 days at most


def test_too_few_grid_workers_defer_visits_below_the_plan():
    model = run(small(BASE, days=120, sets=NO_LEVERS + ["eldercare.home_visits_per_month=2",
                                                        "eldercare.visits_per_worker_day=1"]))
    assert _counter(model, "visits_deferred") > 0
    assert model.results().kpis()["home_visits_per_alone_elderly_month"] < 1.9


def test_alert_call_outs_take_the_grid_workers_report_time_and_cost():
    sets = NO_LEVERS + ["eldercare.sensor_coverage=1", "eldercare.false_alerts_per_sensor_year=20"]
    pairs = paired(sets + ["eldercare.alert_report_slots=1"], sets + ["eldercare.alert_report_slots=0"],
                   name=BASE, days=90, residents=6000)
    assert np.all(effect(pairs, "response_days") > 0)
    backlog = effect(pairs, "backlog")  # one day's count: a seed may end level
    assert np.all(backlog >= 0) and backlog.sum() > 0
    model = run(small(BASE, days=30, residents=6000, sets=sets + ["eldercare.sensor_yuan_per_year=0",
                                                                  "eldercare.platform_yuan_per_community_year=0"]))
    call_outs = _counter(model, "falls.alarms") + _counter(model, "false_alerts")
    assert _counter(model, "false_alerts") > 0
    assert model.results().costs_by_mechanism()["eldercare"] == pytest.approx(
        call_outs * model.params["eldercare.alert_response_yuan"])


def test_tiered_home_care_serves_the_impaired_and_spares_the_queues():
    pairs = paired(NO_LEVERS + ["eldercare.tiered_share_semi_disabled=0.5", "eldercare.tiered_share_disabled=0.8"],
                   NO_LEVERS, name=BASE, days=120, residents=6000)
    assert all(on["eldercare_tiered_served"] > 0 == off["eldercare_tiered_served"] for on, off in pairs)
    assert np.all(effect(pairs, "requests") < 0)


def test_the_books_balance_every_day():
    model = GovernanceModel(small("hangzhou-eldercare", days=120), validate=True).run()  # checks daily
    assert model.component(Falls).check_invariants() is None
    assert _counter(model, "falls.found_monitor") + _counter(model, "falls.found_alarm") > 0


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["eldercare.sensor_coverage=0.1", "eldercare.alert_hours=2",
                                 "eldercare.home_visits_per_month=9", "eldercare.tiered_share_disabled=0.1"])).acc
    assert np.array_equal(a, b)


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
        assert on["home_visits_per_alone_elderly_month"] >= 1.98
        assert np.isnan(off["home_visits_per_alone_elderly_month"])  # no mechanism in the status quo
        assert 0.25 < off["eldercare_long_lie_share"] < 0.40  # Fleming & Brayne: 30% lay 1 h or more
        assert 0.15 < off["eldercare_falls_per_elderly_year"] < 0.23
        assert on["eldercare_found_by_device_share"] > 0 == off["eldercare_found_by_device_share"]
        assert on["timebank_hours"] > 0 == off["timebank_hours"]
        assert on["cost_yuan"] > off["cost_yuan"]
    assert np.mean([r[2]["satisfaction_mean"] - r[3]["satisfaction_mean"] for r in rows]) > 0.02
    assert sum(r[0]["eldercare_health_declines"] for r in rows) < sum(r[1]["eldercare_health_declines"] for r in rows)


def test_under_a_rollout_the_devices_and_the_home_visit_round_start_on_the_communitys_reform_day():
    """A community that reforms mid-run gets the plan's 2 visits a month from its reform day, not a catch-up;
    its devices work from that day."""
    sets = ["eldercare.enabled=true", "rollout.enabled=true", "rollout.pilots=1", "rollout.wave_start_day=10",
            "rollout.target_day=40", "rollout.target_share=1"]
    model = GovernanceModel(small(days=75, residents=6000, sets=sets), validate=True).run()
    e = model.component(Eldercare)
    visits = model.acc[..., e.cs[ke.VISITS]].sum(axis=2)  # per day and community
    device_finds = (_falls(model, "found_alarm") + _falls(model, "found_monitor")).sum(axis=2)
    alone = np.bincount(model.pop.community[e.eld[e.alone]], minlength=visits.shape[1])
    late = [c for c in range(visits.shape[1]) if 0 < model.reform_day[c] <= 45]
    assert late
    for c in late:
        r = model.reform_day[c]
        assert visits[:r, c].sum() == 0 and device_finds[:r, c].sum() == 0
        assert 1.8 <= visits[r:r + 30, c].sum() / alone[c] <= 2.0
    assert np.array_equal(model.component(Falls).monitor, e.sensor)  # every community reached by the end
