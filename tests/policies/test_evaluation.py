"""Contract evaluation: better providers and happier users, cancellation after two fails, noise, books."""

import numpy as np
import pytest

from conftest import run, small
from sim.model import GovernanceModel
from sim.policies.evaluation import Evaluation
from sim.components.programmes import Programmes

PROGRAMMES = ["programming.enabled=true"]
ON = PROGRAMMES + ["evaluation.enabled=true"]
STATUS_QUO = PROGRAMMES + ["programmes.contracts=true"]  # the same providers, nobody evaluating them


def _total(model, counter):
    return model.acc[:, :, 0, model.slot(counter)].sum()


def _quality(model):
    return model.component(Programmes).contracts.quality


def test_without_contracts_every_provider_is_perfect_and_the_run_unchanged():
    plain = run(small(days=60, residents=3000, sets=PROGRAMMES))
    assert plain.component(Programmes).contracts is None
    # Turning contracts on (status quo) changes the run: providers below quality 1 disappoint their users.
    assert not np.array_equal(plain.acc, run(small(days=60, residents=3000, sets=STATUS_QUO)).acc)


def test_evaluation_keeps_providers_better_and_their_users_happier_after_a_year():
    for seed in (1, 2, 3):
        on = run(small(days=360, residents=4000, seed=seed, sets=ON))
        off = run(small(days=360, residents=4000, seed=seed, sets=STATUS_QUO))
        assert _quality(on).mean() > _quality(off).mean() + 0.05  # deterrence and exit against slack
        k_on, k_off = on.results().kpis(), off.results().kpis()
        assert k_on["programme_user_satisfaction"] > k_off["programme_user_satisfaction"]
        assert k_on["evaluation_count"] == 2 * 15  # two rounds (months 6, 12) of 3 communities x 5 kinds
        assert k_on["provider_quality_mean"] == pytest.approx(_quality(on).mean(), abs=0.05)


def test_a_failed_contract_is_cancelled_after_the_second_fail_and_the_service_closes_for_the_handover():
    # Every provider fails (pass mark 1), evaluated monthly: cancelled at month 2, closed in month 3, back in 4.
    model = GovernanceModel(small(days=120, residents=3000, sets=ON + [
        "evaluation.pass_threshold=1.0", "evaluation.interval_months=1", "evaluation.user_weight=0",
        "evaluation.measurement_sd=0"]), validate=True).run()
    acc, slot = model.acc[:, :, 0], model.slot
    assert acc[29, :, slot("evaluation.failed")].sum() == 15 and acc[29, :, slot("evaluation.cancelled")].sum() == 0
    assert acc[59, :, slot("evaluation.cancelled")].sum() == 15
    assert acc[89, :, slot("programmes.seats")].sum() == 0 < acc[119, :, slot("programmes.seats")].sum()
    assert acc[89, :, slot("evaluation.evaluations")].sum() == 0  # nothing to evaluate while closed
    contracts = model.component(Programmes).contracts
    assert np.all(contracts.generation == 1)
    costs = model.results().costs_by_mechanism()["evaluation"]
    ratings = _total(model, "evaluation.ratings")
    assert costs == pytest.approx(10.0 * ratings + 5000.0 * (15 + 15 + 15) + 20000.0 * 15)


def test_huge_measurement_noise_cancels_good_providers():
    # Inspection only (no users' ratings), quarterly, so that a year holds four evaluations.
    exact = PROGRAMMES + ["evaluation.enabled=true", "evaluation.user_weight=0", "evaluation.interval_months=3"]
    wrong = {0.0: 0.0, 1.0: 0.0}
    for seed in (1, 2, 3):
        for sd in wrong:
            model = run(small(days=360, residents=3000, seed=seed, sets=exact + [f"evaluation.measurement_sd={sd}"]))
            wrong[sd] += _total(model, "evaluation.wrongly_cancelled")
    assert wrong[0.0] == 0  # an exact inspection cancels only providers truly below the pass mark
    assert wrong[1.0] >= 5  # sd 1 (ten times the default): about one evaluation in three fails a good provider


def test_a_broken_log_is_caught():
    model = GovernanceModel(small(days=180, residents=3000, sets=ON)).run()
    evaluation = model.component(Evaluation)
    assert evaluation.check_invariants() is None
    evaluated, failed, cancelled = evaluation.log[0]
    evaluation.log[0] = (evaluated, failed, np.ones_like(cancelled))
    assert "without failing" in evaluation.check_invariants()


PILOT = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]


def test_under_a_rollout_providers_the_reform_has_not_reached_slide_as_in_the_status_quo():
    staged = run(small(days=60, residents=3000, sets=ON + ["programmes.contracts=true"] + PILOT), validate=True)
    status_quo = run(small(days=60, residents=3000, sets=STATUS_QUO))
    pilot = staged.reform_day == 0
    assert np.array_equal(_quality(staged)[~pilot], _quality(status_quo)[~pilot])
    assert np.all(_quality(staged)[pilot] > _quality(status_quo)[pilot])  # deterred from slacking
    assert _total(staged, "evaluation.ratings") == staged.acc[:, pilot, 0, staged.slot("evaluation.ratings")].sum() > 0


def test_contracts_the_evaluation_brings_are_in_force_only_where_the_reform_has_reached():
    # programmes.contracts = false (the default): the status quo has no contracted providers anywhere.
    staged = run(small(days=90, residents=3000, sets=ON + PILOT), validate=True)
    plain = run(small(days=90, residents=3000, sets=PROGRAMMES + PILOT))  # the same reform, no evaluation
    pilot = staged.reform_day == 0
    cols = [i for n, i in staged.layout.items() if n.startswith("programmes.") and n != "programmes.user_sat_sum"]
    counts, base = (m.acc[..., cols].sum(axis=(0, 2)) for m in (staged, plain))
    assert np.array_equal(counts[~pilot], base[~pilot])  # unreached: the programmes as without providers
    users = [m.acc[:, pilot, :, m.slot("programmes.user_sat_sum")].sum() for m in (staged, plain)]
    assert users[0] < users[1]  # reached: providers below quality 1 (the evaluation's contracts)
