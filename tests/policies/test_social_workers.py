"""Social workers: more and better-trained staff settle requests sooner; it costs salaries."""

import numpy as np
import pytest

from conftest import effect, paired, run, small, spent

ON = ["social_workers.enabled=true"]


def test_social_workers_close_requests_sooner_and_raise_satisfaction():
    pairs = paired(ON, residents=12000, days=240)
    assert np.all(effect(pairs, "close_days") < -0.2)
    assert np.all(effect(pairs, "satisfaction_mean") > 0)


def test_training_raises_the_trained_share_at_the_declared_pace_and_costs_what_is_declared():
    model = run(small(days=365, residents=10_000, sets=ON))
    k = model.results().kpis()
    assert k["social_workers_trained_share"] == pytest.approx(0.25 + 1.0 / 28 * 364 / 365, abs=1e-6)
    added = (18 - 6.6) * 10_000 / 1e4
    expected = added * 80_000 + 1.0 * 365 / 365 * 3000  # salaries for a year, one worker trained
    assert model.results().costs_by_mechanism()["social_workers"] == pytest.approx(expected, rel=1e-6)


def test_more_social_workers_help_more():
    pairs = paired(ON + ["social_workers.per_10k=30"], ON, seeds=(1, 2), residents=12000)
    assert np.all(effect(pairs, "close_days") < 0)


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    assert np.array_equal(a, run(small(days=40, sets=["social_workers.per_10k=50"])).acc)


def test_rolled_out_each_community_trains_from_its_own_reform_day():
    model = run(small(days=60, residents=4000, sets=ON + ["rollout.enabled=true", "rollout.pilots=1",
                                                          "rollout.target_share=1", "rollout.wave_start_day=10",
                                                          "rollout.target_day=40"]), validate=True)
    acc = model.acc[:, :, 0]
    share = acc[..., model.slot("social_workers.trained_x_residents")] / np.maximum(
        1.0, acc[..., model.slot("social_workers.residents")])
    ledger = spent(model, "social_workers")
    for c, r in enumerate(model.reform_day):
        assert not share[:r, c].any() and not ledger[:r, c].any() and ledger[r:, c].all()
        assert share[59, c] == pytest.approx(0.25 + 1.0 / 28 * (59 - r) / 365, abs=1e-12)
    assert sorted(model.reform_day.tolist()) == [0, 25, 40]
