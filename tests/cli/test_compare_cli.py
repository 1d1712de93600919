"""`govsim compare`: two runs (or two folders of replicates) paired by seed, and a sweep by lever or
by policy; writes compare.csv and the plots; bad input is one line, exit code 2."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments import design, spec
from sim.experiments.runner import run_one
from sim.experiments.store import Store

from .test_cli import assert_user_error, call
from .test_sweep_cli import TINY

# Communities of ~4,000: enough clerks to pool for the one-stop centre to cut the wait (at a few hundred
# residents a window has a twentieth of a clerk and 5/8 of them, slower, at one desk cannot).
# Four months: the centre opens on day 0 into the warm-up's walk-in crowd, and its first weeks queue longer.
RUN = ["--days", 120, "--residents", 12000, "--quiet"]


@pytest.fixture(scope="module")
def replicates(tmp_path_factory):
    """Baseline and one-stop runs with seeds 1 and 2, each in its own folder."""
    root = tmp_path_factory.mktemp("runs")
    for seed in (1, 2):
        for side, sets in (("base", []), ("onestop", ["--set", "one_stop.enabled=true"])):
            rc, _, err = call(["run", "baseline", *RUN, "--seed", seed, *sets, "--out", root / side / f"s{seed}"])
            assert rc == 0, err
    return root


def test_compare_two_runs(replicates):
    a, b = replicates / "base" / "s1", replicates / "onestop" / "s1"
    rc, stdout, stderr = call(["compare", a, b])
    assert rc == 0, stderr
    assert "onestop/s1 vs base/s1  (1 pairs" in stdout and "counter_wait_min" in stdout
    assert stdout.startswith("one run of each side: a single draw of the random world, not an effect")
    assert "different communities" not in stdout  # the same city, with and without the policy
    out = b.parent / "compare-base-s1-vs-onestop-s1"
    rows = pd.read_csv(out / "compare.csv")
    assert (out / "compare.png").stat().st_size > 0
    wait = rows[(rows.kpi == "counter_wait_min") & (rows.group == "all")].iloc[0]
    assert wait["diff"] == pytest.approx(wait["policy"] - wait["baseline"]) and wait["diff"] < 0
    money = rows[rows.kpi == "cost_per_satisfaction_point"]
    cost = rows[(rows.kpi == "cost_yuan") & (rows.group == "all")].iloc[0]
    sat = rows[(rows.kpi == "satisfaction") & (rows.group == "all")]
    assert len(money) == 1  # against the paired baseline: extra yuan per point gained, or NaN without a gain
    gain = 100 * sat["diff"].iloc[0] if len(sat) else float("nan")
    expected = cost["diff"] / gain if gain > 0 else float("nan")
    assert money["diff"].iloc[0] == pytest.approx(expected, nan_ok=True)
    # the mechanisms on in either side decide which KPIs are shown
    assert "errands_per_visit" in set(rows.kpi) and "timebank_hours" not in set(rows.kpi)


def test_runs_of_different_communities_are_compared_with_a_note(replicates, tmp_path):
    other = tmp_path / "estate"
    rc, _, err = call(["run", "commercial-estate", *RUN, "--out", other])
    assert rc == 0, err
    rc, stdout, stderr = call(["compare", replicates / "base" / "s1", other, "--out", tmp_path / "cmp"])
    assert rc == 0, stderr
    assert "note: the two runs simulate different communities (A: 3 communities, 12,000 residents" in stdout


def test_compare_folders_of_replicates_pairs_by_seed(replicates, tmp_path):
    rc, stdout, stderr = call(["compare", replicates / "base", replicates / "onestop", "--out", tmp_path / "c",
                               "--kpis", "counter_wait_min,close_days"])
    assert rc == 0, stderr
    rows = pd.read_csv(tmp_path / "c" / "compare.csv")
    assert set(rows.kpi) == {"counter_wait_min", "close_days"}
    assert (rows.n == 2).all() and rows.lo.notna().all()
    assert "by resident group" in stdout and "elderly_alone" in stdout


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    """A tiny sweep's results folder, filled in this process."""
    root = tmp_path_factory.mktemp("sweep")
    (root / "tiny.toml").write_text(TINY)
    exp = spec.load(str(root / "tiny.toml"))
    store = Store(root / "out")
    store.prepare(exp.document())
    for x in design.expand(exp):
        store.save(x, run_one(x))
    return root / "out"


def test_compare_sweep_by_lever_and_by_policy(sweep_dir):
    rc, stdout, stderr = call(["compare", sweep_dir, "--by", "lever", "--baseline", "one_stop=off"])
    assert rc == 0, stderr
    assert "one_stop.enabled = true vs false  (4 pairs" in stdout
    out = sweep_dir / "compare"
    assert {p.name for p in out.iterdir()} == {"compare.csv", "compare.png", "effects_one_stop.enabled.png"}
    rc, stdout, stderr = call(["compare", sweep_dir, "--by", "policy", "--out", sweep_dir / "bypolicy"])
    assert rc == 0, stderr
    assert "one_stop.enabled=true vs one_stop.enabled=false" in stdout
    assert (sweep_dir / "bypolicy" / "compare.png").is_file()


def test_bad_compare_input_is_one_line(sweep_dir, replicates, tmp_path):
    rc, _, err = call(["compare", sweep_dir, "--baseline", "one_stop=maybe"])
    assert_user_error(rc, err, "--baseline: one_stop.enabled=maybe is not one of its levels: false, true")
    rc, _, err = call(["compare", tmp_path])
    assert_user_error(rc, err, "is not a sweep's results folder")
    rc, _, err = call(["compare", replicates / "base", replicates / "onestop", "--by", "lever"])
    assert_user_error(rc, err, "--by and --baseline are for a sweep's folder")
    rc, _, err = call(["compare", replicates / "base", tmp_path / "nowhere"])
    assert_user_error(rc, err, "nowhere: no bundled scenario, scenario file or folder of runs of that name")
    rc, _, err = call(["compare", "baseline", "shanghai-centr"])  # a misspelt scenario: the one at fault
    assert_user_error(rc, err, "shanghai-centr: no bundled scenario, scenario file or folder of runs")
    rc, _, err = call(["compare", sweep_dir, "--kpis", "happiness"])
    assert_user_error(rc, err, "--kpis: 'happiness' is not a KPI")


def test_compare_two_scenarios_over_paired_seeds(tmp_path):
    """Each pair is the two scenarios at one seed, bit for bit the runs `govsim run` makes; the difference is
    their mean with an interval, overall and by group; every run's KPIs are kept."""
    from sim import scenario as sc
    from sim.model import GovernanceModel

    out = tmp_path / "cmp"
    rc, stdout, stderr = call(["compare", "shanghai-centre-baseline", "shanghai-centre", "--seeds", 2, "--days", 20,
                               "--residents", 1500, "--workers", 1, "--quiet", "--out", out])
    assert rc == 0, stderr
    assert "shanghai-centre vs shanghai-centre-baseline: 2 paired seeds (1 to 2)" in stdout
    assert "(2 pairs, 95% interval" in stdout and "single draw" not in stdout
    assert "different worlds" not in stdout  # a reform and its own baseline
    rows = pd.read_csv(out / "compare.csv")
    wait = rows[(rows.kpi == "counter_wait_min") & (rows.group == "all")].iloc[0]
    assert wait.n == 2 and wait.lo <= wait["diff"] <= wait.hi
    assert set(rows.group) > {"all"}  # by resident group too
    direct = {}
    for name in ("shanghai-centre-baseline", "shanghai-centre"):
        for seed in (1, 2):
            scenario = sc.load(name, residents=1500, days=20, seed=seed)
            direct[name, seed] = GovernanceModel(scenario).run().results().kpis()["counter_wait_min"]
    diffs = [direct["shanghai-centre", s] - direct["shanghai-centre-baseline", s] for s in (1, 2)]
    assert wait["diff"] == pytest.approx(sum(diffs) / 2, rel=1e-12)
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(set(runs.seed)) == [1, 2] and set(runs.scenario) == {"shanghai-centre-baseline", "shanghai-centre"}


def test_scenarios_of_different_worlds_get_a_note_first(tmp_path):
    rc, stdout, stderr = call(["compare", "baseline", "commercial-estate", "--seeds", 1, "--days", 5,
                               "--residents", 600, "--workers", 1, "--quiet", "--out", tmp_path / "c"])
    assert rc == 0, stderr
    table = stdout.index("commercial-estate vs baseline  (1 pairs")
    assert -1 < stdout.index("note: the two scenarios simulate different worlds") < table


def test_bad_paired_seed_input_is_one_line(replicates, tmp_path):
    rc, _, err = call(["compare", "baseline", "shanghai-centre", "--seeds", 0, "--out", tmp_path / "x"])
    assert_user_error(rc, err, "--seeds: 0 is not allowed; allowed: 1 to 1000 paired seeds")
    rc, _, err = call(["compare", replicates / "base", replicates / "onestop", "--seeds", 3])
    assert_user_error(rc, err, "--seeds: is for comparing two scenarios")
    rc, _, err = call(["compare", "baseline", "shanghai-centre", "--residents", 5, "--out", tmp_path / "y"])
    assert_user_error(rc, err, "--residents")
    rc, _, err = call(["compare", "baseline", "shanghai-centre", "--by", "policy"])
    assert_user_error(rc, err, "--by and --baseline are for a sweep's folder")
