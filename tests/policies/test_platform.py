"""The closed-loop platform: funded it draws reports and cuts bounces; unfunded it stops within a year."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.kernels import slots
from sim.kernels.experience import outcome_score
from sim.kernels.platform import finished_app
from sim.model import GovernanceModel
from sim.policies.platform import Platform, next_health

ON = ["platform.enabled=true"]
PLAIN = ON + ["platform.app_utility_gain=0", "platform.dispatch_error_cut=0", "platform.rating_trust_weight=0",
              "platform.progress_abandon_cut=0"]
UNFUNDED = ON + ["platform.om_budget_yuan_per_year=0"]


def test_funded_platform_draws_reports_to_the_app_and_cuts_bounces():
    pairs = paired(ON)
    assert np.all(effect(pairs, "share_app") > 0.03)
    assert np.all(effect(pairs, "bounces_per_request") < 0)
    assert np.all(effect(pairs, "unmet_need_share") < 0)
    assert all(on["platform_up_share"] == 1.0 and on["platform_health"] == 1.0 for on, _ in pairs)
    assert all(on["paid:platform"] > 5_000_000 and off["paid:platform"] == 0 for on, off in pairs)


def test_the_closed_loop_cuts_bounces_and_abandonment_of_app_requests():
    """Against the same platform without dispatch, photo/progress and rating (a plain app)."""
    pairs = paired(ON, PLAIN)
    assert np.all(effect(pairs, "app_bounces_per_request") < -0.05)
    assert np.mean(effect(pairs, "app_abandoned_share")) < 0
    assert np.all(effect(pairs, "satisfaction_mean") > 0)
    on = np.array([a["app_closed_share"] for a, _ in pairs])
    assert np.all((on > 0.95) & (on < 0.995))  # Shanghai 2023: 97.3% closed


def test_a_plain_platform_is_the_basic_app_again():
    on = run(small(days=40, sets=PLAIN)).acc
    off = run(small(days=40)).acc
    assert np.array_equal(on[..., : slots.N_SLOTS], off[..., : slots.N_SLOTS])  # the engine's counters


def test_visible_progress_keeps_app_reporters_from_giving_up():
    pairs = paired(ON, ON + ["platform.progress_abandon_cut=0"], seeds=(1, 2, 3))
    assert np.all(effect(pairs, "app_abandoned_share") < 0)


def test_unfunded_it_stops_within_a_year_and_the_app_disappears():
    model = GovernanceModel(small(days=365, sets=UNFUNDED)).run()
    platform = model.component(Platform)
    assert 0 < platform.stop_day < 365 and not platform.up
    ts = model.results().timeseries()
    before, after = ts[ts.day < platform.stop_day], ts[ts.day >= platform.stop_day]
    assert before.share_app.mean() > 0.2
    assert np.all(after.share_app == 0)
    assert np.all(after.platform_health == 0) and before.platform_health.iloc[0] > 0.99
    kpis = model.results().kpis()
    assert kpis["platform_up_share"] == pytest.approx(platform.stop_day / 365)
    assert model.results().costs_by_mechanism()["platform"] == pytest.approx(5_000_000)  # built, never maintained


def test_health_rule_decays_unfunded_recovers_funded_and_settles_in_between():
    h, days = 1.0, 0
    while h > 0:
        h, days = next_health(h, 0.0, 2.0, 1.25), days + 1
    assert days == int(np.ceil(365 / 1.25))
    h = 0.3
    for _ in range(365):
        h = next_health(h, 1.0, 2.0, 1.25)
    assert h > 0.85
    h = 1.0
    for _ in range(5000):
        h = next_health(h, 0.5, 2.0, 1.25)
    assert h == pytest.approx(1 - 1.25 * 0.5 / (2.0 * 0.5), abs=1e-6)


def test_half_funded_it_runs_with_fading_benefits():
    """40% of the need: health settles near 0.06 (above zero), so the platform runs, degraded."""
    pairs = paired(ON + ["platform.om_budget_yuan_per_year=300000"], ON, days=730, seeds=(1, 2))
    assert all(on["platform_up_share"] == 1.0 and on["platform_health"] < 0.5 for on, _ in pairs)
    assert np.all(effect(pairs, "app_bounces_per_request") > 0)


def test_finished_app_counts_and_rates_closed_requests():
    # Requests: app closed (1 bounce), app abandoned, hotline closed, app still open.
    state = np.array([2, 3, 2, 1], dtype=np.int8)
    channel = np.array([1, 1, 2, 1], dtype=np.int8)
    resident = np.array([0, 1, 2, 3], dtype=np.int32)
    community = np.zeros(4, dtype=np.int16)
    group = np.array([0, 2, 2, 2], dtype=np.int8)
    created = np.array([5, 6, 9, 9], dtype=np.int32)
    bounces = np.array([1, 2, 0, 0], dtype=np.int16)
    trust = np.full(4, 0.5, dtype=np.float32)
    xp = np.array([0.3, 0.1, 3.0, 4.0, 0.15, 0.1, 0.3])
    counts = np.zeros((1, 6, 4))
    reform_day = np.zeros(1, dtype=np.int64)
    finished_app(10, state, channel, resident, community, group, created, reform_day, bounces, trust, 0.2, xp,
                 counts)
    assert counts[0, 0].tolist() == [1, 0, 1, 1] and counts[0, 2].tolist() == [0, 1, 2, 0]
    score = outcome_score.py_func(True, 5, 1, xp)
    assert trust[0] == pytest.approx(0.5 + 0.2 * (score - 0.5), rel=1e-6)
    assert trust[1:].tolist() == [0.5, 0.5, 0.5]
    # Raised before the platform served the community (reform day 6): request 0 is neither counted nor rated.
    trust[:], counts[:] = 0.5, 0.0
    finished_app(10, state, channel, resident, community, group, created, reform_day + 6, bounces, trust, 0.2, xp,
                 counts)
    assert counts[0, 0].tolist() == [0, 0, 0, 0] and counts[0, 2].tolist() == [0, 1, 2, 0]
    assert trust.tolist() == [0.5] * 4


def test_switched_off_its_settings_change_nothing_and_on_it_keeps_invariants():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["platform.om_budget_yuan_per_year=0", "platform.app_utility_gain=3"])).acc
    assert np.array_equal(a, b)
    # Validation every day, through the stop (fast decay: it stops on day 36).
    model = run(small(days=60, sets=UNFUNDED + ["platform.decay_per_year_unfunded=10"]), validate=True)
    assert model.component(Platform).stop_day == 36
