"""Paired comparison: the t interval covers a zero effect at its stated rate (synthetic data and real
replicates), detects a real one, and a sweep's lever effects pair runs correctly."""

from __future__ import annotations

import math

import numpy as np
import pytest
from exp_helpers import tiny

from sim.errors import UserError
from sim.experiments import compare, design, spec
from sim.experiments.runner import run_one
from sim.experiments.store import Store


@pytest.mark.parametrize("level", [0.95, 0.8])
def test_interval_covers_a_zero_effect_at_the_stated_rate(level):
    rng = np.random.default_rng(7)
    trials, n = 4000, 6
    shared = rng.normal(0, 1.0, (trials, n))  # what both arms share (common random numbers)
    base = 0.5 + shared + rng.normal(0, 0.2, (trials, n))
    policy = 0.5 + shared + rng.normal(0, 0.2, (trials, n))  # no effect
    covered = 0
    for b, p in zip(base, policy):
        _, lo, hi, k = compare.interval(p - b, level)
        assert k == n
        covered += lo <= 0 <= hi
    # binomial sd at 4000 trials is <= 0.0063: allow 3.5 sd
    assert abs(covered / trials - level) < 0.022


def test_interval_detects_a_real_effect_and_handles_edges():
    from scipy import stats

    rng = np.random.default_rng(3)
    effect, sd, n, trials = 0.5, 0.3, 6, 2000
    found = sum(compare.interval(effect + rng.normal(0, sd, n))[1] > 0 for _ in range(trials)) / trials
    # the chance a 95% interval lies above 0: a noncentral t with n - 1 degrees of freedom
    power = stats.nct.sf(stats.t.ppf(0.975, n - 1), n - 1, effect / (sd / math.sqrt(n)))
    assert power > 0.85 and abs(found - power) < 0.03
    mean, lo, hi, n = compare.interval([0.2])
    assert (mean, n) == (0.2, 1) and math.isnan(lo) and math.isnan(hi)
    assert compare.interval([1.0, 1.0, 1.0])[1:3] == (1.0, 1.0)
    assert compare.interval([1.0, np.nan, 3.0])[::3] == (2.0, 2)
    assert compare.interval([])[3] == 0


def _store(tmp_path, replicates=3, days=20, residents=1500):
    """A tiny sweep's results folder, filled in this process (no pool needed)."""
    exp = spec.load(str(tiny(tmp_path, residents=residents, replicates=replicates, days=days)))
    store = Store(tmp_path / "out")
    store.prepare(exp.document())
    for x in design.expand(exp):
        store.save(x, run_one(x))
    return exp, store.root


def test_zero_effect_end_to_end_on_real_replicates(tmp_path):
    """Replicates of one policy paired with other replicates of the same policy: the true difference is 0."""
    exp, root = _store(tmp_path, replicates=8, days=40)  # a survey wave in the window
    df = Store(root).kpis()
    df = df[(df.scope == "all") & (df.policy == 0)].sort_values(["point", "replicate"])
    kpis = ["satisfaction", "close_days", "unmet_need_share", "requests", "bounces_per_request", "response_days"]
    excluded = 0
    for k in kpis:
        a = df[df.replicate < 4][k].to_numpy()
        b = df[df.replicate >= 4][k].to_numpy()
        mean, lo, hi, n = compare.interval(b - a)
        assert n == 8 and hi > lo
        excluded += not lo <= 0 <= hi
    assert excluded <= 1  # 6 intervals at 95%: two or more misses has probability ~3%


def test_sweep_lever_effect_pairs_by_seed_and_point(tmp_path):
    exp, root = _store(tmp_path, residents=12000)  # communities large enough for the merged desks to pool
    rows = compare.compare_sweep(root, "lever", "one_stop=off")
    allg = rows[rows.group == "all"].set_index("kpi")
    assert set(rows.factor) == {"one_stop.enabled"} and set(rows.level) == {"true"}
    assert (allg.n == 2 * 3).all()  # 2 uncertainty points x 3 replicates
    # the one-stop centre's merged queue cuts the wait at the counter
    assert allg.loc["counter_wait_min", "diff"] < 0 < allg.loc["counter_wait_min", "baseline"]
    # by hand: policy 1 minus policy 0, run by run
    df = Store(root).kpis()
    df = df[df.scope == "all"].set_index(["point", "replicate", "policy"])["counter_wait_min"]
    diffs = [df[(u, r, 1)] - df[(u, r, 0)] for u in range(2) for r in range(3)]
    assert allg.loc["counter_wait_min", "diff"] == pytest.approx(np.mean(diffs), rel=1e-12)
    assert set(rows.group) >= {"all", "elderly_alone", "working_adult"}
    # the same as policies
    by_policy = compare.compare_sweep(root, "policy", "one_stop=off")
    assert by_policy[by_policy.group == "all"].set_index("kpi").loc["counter_wait_min", "diff"] == \
        pytest.approx(np.mean(diffs), rel=1e-12)
    # the other way round: the effect flips sign
    back = compare.compare_sweep(root, "lever", "one_stop=on")
    assert back[back.group == "all"].set_index("kpi").loc["counter_wait_min", "diff"] == \
        pytest.approx(-np.mean(diffs), rel=1e-12)


def test_bad_baseline_is_one_line(tmp_path):
    _, root = _store(tmp_path, replicates=1)
    with pytest.raises(UserError, match="'grid' is not a lever of this sweep; its levers: one_stop.enabled"):
        compare.compare_sweep(root, "lever", "grid=off")
    with pytest.raises(UserError, match="is not one of its levels: false, true"):
        compare.compare_sweep(root, "lever", "one_stop.enabled=7")
    with pytest.raises(UserError, match="should be lever=value"):
        compare.compare_sweep(root, "lever", "one_stop")
    with pytest.raises(UserError, match="is not a sweep's results folder"):
        compare.compare_sweep(tmp_path, "lever")


def test_list_design_by_lever_needs_a_lever_changed_alone(tmp_path):
    path = tmp_path / "list.toml"
    path.write_text('scenario = "baseline"\nresidents = 1500\ndays = 10\nreplicates = 2\nkpis = ["close_days"]\n'
                    '[design]\npolicies = "list"\n[[policies]]\nname = "today"\n'
                    '[[policies]]\nname = "more"\ngrids.workers_per_grid = 2\n'
                    'counters.clerks_per_window_per_10k = 2.0\n'
                    '[[policies]]\nname = "grid"\ngrids.workers_per_grid = 3\n')
    exp = spec.load(str(path))
    store = Store(tmp_path / "out")
    store.prepare(exp.document())
    for x in design.expand(exp):
        store.save(x, run_one(x))
    rows = compare.compare_sweep(store.root, "lever")
    # "grid" differs from "today" in workers_per_grid alone; "more" changes two levers at once
    assert set(zip(rows.factor, rows.level)) == {("grids.workers_per_grid", "3")}
    assert rows.attrs["skipped"] == ["grids.workers_per_grid=2", "counters.clerks_per_window_per_10k=2"]
    by_policy = compare.compare_sweep(store.root, "policy", "today")
    assert set(by_policy.level) == {"more", "grid"} and set(by_policy.baseline_level) == {"today"}
    with pytest.raises(UserError, match="matches 0 policies"):
        compare.compare_sweep(store.root, "policy", "grids.workers_per_grid=2,counters.clerks_per_window_per_10k=1")
