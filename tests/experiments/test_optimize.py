"""The policy search: it finds the known optimum of a world built for it (the budget binds), gives the same
study on 1 or 2 workers, resumes an interrupted trial without losing or repeating a run, and refuses a
budget below the status quo's cost before writing anything."""

from __future__ import annotations

import pandas as pd
import pytest
from opt_helpers import FIXED_YUAN, OFFSETS, WORKER_YUAN, known, known_world, satisfaction

from sim.errors import UserError
from sim.experiments import optimize_runs as oruns
from sim.experiments import optimize_spec, studies
from sim.experiments.optimize import STUDY_NAME, distributions, optimize
from sim.experiments.store import Store

LEVER = "grids.workers_per_grid"


def _search(tmp_path, **kw):
    return optimize_spec.load(str(known(tmp_path, **kw)))


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    """The known world searched on 2 workers and again on 1: (search, outcome on 2, folders by workers)."""
    # Satisfaction rises with every grid worker and so does the cost; the status quo (1 worker) costs
    # 150,000 a year and the budget 700,000 in all, so 6 workers is the best policy within it.
    tmp = tmp_path_factory.mktemp("known")
    search = _search(tmp, trials=12, target=0.665)
    folders, outcomes = {}, {}
    for workers in (2, 1):
        folders[workers] = tmp / f"w{workers}"
        outcomes[workers] = optimize(search, folders[workers], workers=workers, progress=False, fn=known_world)
    return search, outcomes[2], folders


def test_the_search_finds_the_known_optimum_at_the_budgets_edge(searched):
    search, outcome, folders = searched
    out = folders[2]
    assert (outcome.trials, outcome.failed, outcome.limit) == (12, 0, 700_000 - 150_000)
    assert outcome.status_quo["cost_year"] == FIXED_YUAN + WORKER_YUAN

    trials = pd.read_csv(out / "trials.csv")
    assert (trials.feasible == (trials[LEVER] <= 6)).all()  # the budget's edge, exactly
    assert (trials.extra_cost_yuan_year == WORKER_YUAN * (trials[LEVER] - 1)).all()
    tried = set(trials[LEVER])
    assert 6 in tried and 7 in tried, tried  # the search went to the edge and past it
    front = pd.read_csv(out / "pareto.csv")
    assert list(front[LEVER]) == sorted((x for x in tried if x <= 6), reverse=True)  # more is better, and dearer

    rec = outcome.report["recommended"]
    assert rec["levers"] == {LEVER: 6}
    checked = pd.read_csv(out / "recommended.csv").set_index(["kpi", "group"])
    assert checked.loc[("cost_yuan", "all"), "diff"] == pytest.approx(5 * WORKER_YUAN)
    assert checked.loc[("satisfaction", "new_citizen"), "diff"] == pytest.approx(5 * 0.02)

    # Robustness: 6 workers is the best feasible policy in every sample (no regret); the target is missed
    # exactly where the elderly's literacy leaves the worst-off group's satisfaction below 0.665.
    rob = pd.read_csv(out / "robustness.csv")
    assert len(rob) == 3 and (rob.regret == 0).all()
    fresh = oruns.specs(search, oruns.key({LEVER: 6}), {LEVER: 6}, fresh=True)
    for u, point in enumerate(oruns.points(search)):
        noise = sum((s.seed % 1000) * 1e-7 for s in fresh if s.point == u) / search.check_seeds
        expected = satisfaction(6, point["residents.digital_literacy_elderly"]) + min(OFFSETS.values()) + noise
        assert rob.loc[u, "satisfaction (worst group) (recommended, fresh seeds)"] == pytest.approx(expected)
        assert rob.loc[u, "meets_target"] == (expected >= 0.665)
    assert 0 < (~rob.meets_target).sum() < 3  # the target was chosen to split the samples
    for name in ("pareto.png", "recommended-scenario.toml", "search.json", "study.db", "manifest.csv"):
        assert (out / name).is_file(), name


def test_one_or_two_workers_give_the_same_study(searched):
    _, _, folders = searched
    pd.testing.assert_frame_equal(*(pd.read_csv(folders[w] / "trials.csv") for w in (1, 2)))


def test_an_interrupted_trial_is_asked_again_and_only_its_missing_runs_run(tmp_path, monkeypatch):
    log = tmp_path / "runs.log"
    monkeypatch.setenv("GOVSIM_TEST_RUNLOG", str(log))
    search = _search(tmp_path, trials=3)
    out = tmp_path / "out"
    optimize(search, out, workers=2, progress=False, fn=known_world)
    first = log.read_text().split()

    # A search killed mid-trial: the trial was asked (still running in the study) and half its runs finished.
    ost = studies.open_study(out, STUDY_NAME, ["maximize", "minimize"], search.fingerprint(), {}, "", "test")
    untried = sorted(set(range(11)) - {t.params[LEVER] for t in ost.get_trials(deepcopy=False)})
    ost.enqueue_trial({LEVER: untried[0]})
    stale = ost.ask(distributions(search))
    specs = oruns.specs(search, oruns.key(stale.params), stale.params)
    store = Store(out)
    for spec in specs[:3]:
        store.save(spec, known_world(spec))

    outcome = optimize(search, out, trials=4, workers=2, progress=False, fn=known_world)
    ran = log.read_text().split()
    assert outcome.retried == 1 and (outcome.done, outcome.skipped) == (1, 3)
    assert len(ran) == len(set(ran)), "a run ran twice"
    assert set(ran[len(first):]) >= {s.run_id for s in specs}  # every run of the stale trial exists now
    assert outcome.runs.done == len(ran) - len(first) - 3  # the 3 saved before were not run again
    redone = [t for t in ost.get_trials(deepcopy=False) if t.params == stale.params and t.number != stale.number]
    assert len(redone) == 1 and redone[0].state.name == "COMPLETE"  # asked again with the same values


def test_a_budget_below_the_status_quos_cost_is_refused_and_nothing_is_written(tmp_path):
    search = _search(tmp_path, budget="budget_yuan_year = 100000")
    out = tmp_path / "out"
    with pytest.raises(UserError, match=r"budget_yuan_year = 100,000 is below the status quo's own cost of "
                                        r"150,000 yuan a year .* allowed: at least 150,000"):
        optimize(search, out, workers=1, progress=False, fn=known_world)
    assert not out.exists()


def test_the_bundled_search_has_a_budget_and_its_status_quo_from_set():
    search = optimize_spec.load("optimize-budget")
    assert 4 <= len(search.levers) <= 6 and search.constrained
    assert (search.samples, search.seeds, search.trials) == (8, 2, 100)
    assert search.status_quo["social_workers.per_10k"] == 6.6  # a lever in [set] is the status quo's value
    assert search.status_quo["one_stop.enabled"] is False  # one not in [set] is the scenario's
