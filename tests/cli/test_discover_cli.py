"""`govsim discover`: on a tiny real sweep it finds where a policy misses a target and writes the
trajectory, the box and two figures; a policy that always meets (or always misses) the target is said
plainly (exit 0, nothing written); a sweep with runs still to finish says how many are left out; bad
input is one line, exit code 2, nothing written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from sim.experiments.store import Store

from .test_cli import REPO, assert_user_error, call

TINY = """\
name = "tiny-discover"
scenario = "shanghai-centre"
residents = 2000
days = 60
seed = 1
replicates = 2
kpis = ["counter_wait_min", "satisfaction"]

[levers]
data_sharing.enabled = [false, true]

[uncertainties]
counters.errands_mean = { lo = 1.5, hi = 2.5 }
counters.peak_share = { lo = 0.3, hi = 0.7 }

[design]
uncertainties = "lhs"
samples = 5
"""
POLICY = "data_sharing.enabled=true"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """2 policies x 5 uncertainty points x 2 seeds of a 2,000-resident one-stop centre for 60 days."""
    root = tmp_path_factory.mktemp("discover")
    (root / "tiny.toml").write_text(TINY)
    rc, _, err = call(["sweep", root / "tiny.toml", "--out", root / "sweep", "--workers", 2, "--quiet"])
    assert rc == 0, err
    return root / "sweep"


def median_wait(sweep) -> float:
    """A target the policy misses in about half of its runs: its median wait."""
    df = Store(sweep).kpis()
    return float(df[(df.scope == "all") & (df.policy_name == POLICY)].counter_wait_min.median())


def test_discover_finds_where_the_policy_misses_and_writes_its_files(sweep, tmp_path):
    target = f"counter_wait_min<={median_wait(sweep):.6f}"
    out = tmp_path / "found"
    rc, stdout, stderr = call(["discover", sweep, "--target", target, "--where", "data_sharing=on", "--out", out])
    assert rc == 0, stderr
    assert stderr == ""
    assert f"policy '{POLICY}'" in stdout and "10 runs of the policy" in stdout
    assert "it misses the target in 5 (50%)" in stdout
    assert "peeling trajectory" in stdout and "of the misses (coverage)" in stdout and "miss (density)" in stdout
    assert {p.name for p in out.iterdir()} == {"discovery.csv", "box.csv", "tradeoff.png", "box.png"}
    trajectory = pd.read_csv(out / "discovery.csv")
    assert list(trajectory.columns) == ["box", "coverage", "density", "mass", "runs", "misses", "restricted_dims",
                                        "restricted"]
    first = trajectory.iloc[0]  # the whole swept space
    assert (first.coverage, first.density, first.mass, first.runs, first.misses) == (1.0, 0.5, 1.0, 10, 5)
    box = pd.read_csv(out / "box.csv")
    assert set(box.uncertainty) <= {"counters.errands_mean", "counters.peak_share"}
    assert (box.lower >= box.run_min).all() and (box.upper <= box.run_max).all()
    chosen = trajectory.iloc[int(box.box.iloc[0])]
    assert f"box {int(chosen.box)} (" in stdout and f"{round(100 * chosen.coverage)}% of the misses" in stdout
    # the same command by policy name finds the same
    again = tmp_path / "again"
    rc, _, stderr = call(["discover", sweep, "--target", target, "--policy", POLICY, "--out", again])
    assert rc == 0, stderr
    assert (again / "discovery.csv").read_bytes() == (out / "discovery.csv").read_bytes()


@pytest.mark.parametrize("target, says", [
    ("counter_wait_min<=100000", "the policy meets the target in every run"),
    ("counter_wait_min<0", "the policy misses the target in every run"),
])
def test_nothing_to_discover_is_said_plainly_and_nothing_is_written(sweep, tmp_path, target, says):
    out = tmp_path / "none"
    rc, stdout, stderr = call(["discover", sweep, "--target", target, "--policy", POLICY, "--out", out])
    assert rc == 0, stderr
    assert says in stdout and "(nothing written)" in stdout
    assert not out.exists()


def test_runs_not_finished_are_counted_and_left_out(sweep, tmp_path):
    part = tmp_path / "part"
    shutil.copytree(sweep, part)
    (part / "runs" / "p001-u000-r001" / "run.json").unlink()  # as a sweep stopped before this run finished
    rc, stdout, stderr = call(["discover", part, "--target", f"counter_wait_min<={median_wait(sweep)}",
                               "--where", "data_sharing=on"])
    assert rc == 0, stderr
    assert "9 runs of the policy" in stdout
    assert "1 of its 10 runs are not finished (failed or not yet run) and are left out" in stdout
    found = [p.name for p in part.glob("discover-*")]  # by default, beside the runs, named for policy and target
    assert found == [f"discover-data_sharing.enabled-true-counter_wait_min-le-{median_wait(sweep):g}"]
    assert f"wrote {part / found[0]}/: discovery.csv, box.csv, tradeoff.png, box.png" in stdout


def _without_uncertainties(sweep, tmp_path):
    folder = tmp_path / "certain"
    folder.mkdir()
    doc = json.loads((sweep / "experiment.json").read_text())
    (folder / "experiment.json").write_text(json.dumps({**doc, "uncertainties": {}}))
    return folder


BAD = [
    (["--target", "satisfactoin>=0.8"], "--target: 'satisfactoin' is not a KPI; did you mean satisfaction"),
    (["--target", "satisfaction=0.8"], "--target: 'satisfaction=0.8' is not a target; write KPI OP VALUE"),
    (["--target", "satisfaction>=0.8", "--policy", "nope"],
     "--policy: no policy named 'nope' has finished runs in this sweep; its policies: data_sharing.enabled=false; "
     "data_sharing.enabled=true"),
    (["--target", "satisfaction>=0.8", "--where", "data_sharing=maybe"],
     "--where: data_sharing.enabled=maybe is not one of its levels: false, true"),
    (["--target", "satisfaction>=0.8", "--where", "one_stop=on"], "--where: 'one_stop' is not a lever of this sweep"),
    (["--target", "satisfaction>=0.8"], "holds 2 policies; choose one with --policy NAME or --where lever=level"),
    (["--target", "satisfaction>=0.8", "--policy", POLICY, "--where", "data_sharing=on"],
     "--where: give --policy or --where, not both"),
    (["--target", "satisfaction>=0.8", "--policy", POLICY, "--threshold", "1.5"], "--threshold: 1.5 is not allowed"),
    (["--target", "satisfaction>=0.8", "--policy", POLICY, "--peel-alpha", "0"], "--peel-alpha: 0 is not allowed"),
    (["--policy", POLICY], "the following arguments are required: --target"),
]


@pytest.mark.parametrize("options, needle", BAD, ids=[b[1][:30] for b in BAD])
def test_bad_input_is_one_line_and_nothing_is_written(sweep, tmp_path, options, needle):
    out = tmp_path / "out"
    rc, _, err = call(["discover", sweep, *options, "--out", out])
    assert_user_error(rc, err, needle)
    assert not out.exists()


def test_a_folder_that_is_not_a_sweep_or_has_no_uncertainties_is_one_line(sweep, tmp_path):
    out = tmp_path / "out"
    for folder, needle in ((tmp_path, f"{tmp_path}: is not a sweep's results folder (no experiment.json)"),
                           (_without_uncertainties(sweep, tmp_path), "varies no uncertainties")):
        rc, _, err = call(["discover", folder, "--target", "satisfaction>=0.8", "--out", out])
        line = assert_user_error(rc, err, needle)
        assert "experiment.json" in line
        assert not out.exists()


def test_a_box_not_on_the_trajectory_or_an_output_that_is_a_file_is_one_line(sweep, tmp_path):
    target = ["--target", f"counter_wait_min<={median_wait(sweep)}", "--policy", POLICY]  # PRIM has work to do
    out = tmp_path / "out"
    rc, _, err = call(["discover", sweep, *target, "--box", 999, "--out", out])
    assert_user_error(rc, err, "--box: 999 is not a box on the trajectory; its boxes are 0 to")
    assert not out.exists()
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    rc, _, err = call(["discover", sweep, *target, "--out", not_a_folder])
    assert_user_error(rc, err, f"--out {not_a_folder}: exists and is not a folder")


def test_only_discover_imports_ema_workbench_and_it_says_nothing_on_stderr(sweep, tmp_path):
    """In a fresh interpreter, as a user's: other commands never pay EMA's import, and its warning that
    ipyparallel is missing is not shown."""
    out = tmp_path / "fresh"
    code = ("import sys; from sim.cli import main; main(['params', '--grep', 'errands_mean']); "
            "assert 'ema_workbench' not in sys.modules, 'imported by another command'; "
            f"sys.exit(main(['discover', {str(sweep)!r}, '--target', 'counter_wait_min<={median_wait(sweep)}', "
            f"'--policy', {POLICY!r}, '--out', {str(out)!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and (out / "box.png").is_file()
