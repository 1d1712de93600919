"""`govsim sweep` end to end: runs an experiment, resumes without redoing anything, and bad
experiment files or options are one line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import pandas as pd
import pytest

from .test_cli import assert_user_error, call

TINY = """\
name = "tiny"
scenario = "baseline"
residents = 1500
days = 20
replicates = 2
kpis = ["close_days", "counter_wait_min"]

[levers]
one_stop.enabled = [false, true]

[uncertainties]
residents.digital_literacy_elderly = [0.2, 0.4]
"""


def test_sweep_runs_and_resumes(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    out = tmp_path / "sweep"
    rc, stdout, stderr = call(["sweep", path, "--workers", 2, "--out", out, "--quiet"])
    assert rc == 0, stderr
    assert "2 policies x 2 uncertainty points x 2 replicates" in stdout
    assert "8 runs: 8 done now, 0 skipped (already done), 0 failed, 0 not run" in stdout
    assert "one_stop.enabled=true" in stdout and "counter_wait_min" in stdout
    assert len(list(out.glob("runs/*/kpis.parquet"))) == 8
    assert len(list(out.glob("runs/*/timeseries.parquet"))) == 8
    assert (pd.read_csv(out / "manifest.csv").status == "ok").all()
    rc, stdout, stderr = call(["sweep", path, "--out", out, "--quiet"])
    assert rc == 0, stderr
    assert "8 runs: 0 done now, 8 skipped (already done)" in stdout


BAD = [
    ("colour = 1\n" + TINY, [], "unknown key 'colour'; allowed at the top level"),
    (TINY.replace("[0.2, 0.4]", "[0.2, 1.4]"), [], "uncertainties.residents.digital_literacy_elderly[1] = 1.4"),
    (TINY.replace("one_stop.enabled", "one_stop.enable"), [], "unknown parameter 'one_stop.enable'"),
    (TINY.replace("replicates = 2", "replicates = "), [], "broken TOML"),
    (TINY.replace("replicates = 2", "replicates = 0"), [], "replicates = 0"),
    (TINY, ["--workers", 0], "--workers: must be at least 1"),
    (TINY, ["--scheduler", "tcp://127.0.0.1:1"], "--scheduler: needs --executor dask"),
    (TINY, ["--executor", "slurm"], "invalid choice: 'slurm'"),
]


@pytest.mark.parametrize("text,options,needle", BAD, ids=[b[2][:25] for b in BAD])
def test_bad_experiment_or_option_is_one_line(tmp_path, text, options, needle):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out = tmp_path / "sweep"
    rc, _, stderr = call(["sweep", path, "--out", out, "--quiet", *options])
    assert_user_error(rc, stderr, needle)
    assert not out.exists()


def test_unknown_experiment_lists_the_bundled_ones(tmp_path):
    rc, _, stderr = call(["sweep", "no-such-experiment", "--out", tmp_path / "x"])
    assert_user_error(rc, stderr, "no bundled experiment of that name; bundled: allocation, calibrate-pilot, "
                      "discovery, incentives, optimize-budget, package-blocks, plan-check, sensitivity")


@pytest.mark.parametrize("command, bundled, meant", [
    ("sweep", "calibrate-pilot", "calibrate"), ("sweep", "sensitivity", "sensitivity"),
    ("calibrate", "incentives", "sweep"), ("calibrate", "sensitivity", "sensitivity"),
    ("sensitivity", "calibrate-pilot", "calibrate"), ("sensitivity", "allocation", "sweep"),
    ("sweep", "plan-check", "plan-check"), ("plan-check", "incentives", "sweep"),
    ("sweep", "optimize-budget", "optimize"), ("optimize", "allocation", "sweep"),
    ("calibrate", "optimize-budget", "optimize"), ("optimize", "calibrate-pilot", "calibrate"),
])
def test_a_file_for_another_command_says_which(command, bundled, meant, tmp_path):
    rc, _, err = call([command, bundled, "--out", tmp_path / "out"])
    assert_user_error(rc, err, f"{bundled}.toml", f"run `govsim {meant} {bundled}`")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["sweep", "calibrate", "sensitivity", "plan-check"])
def test_the_bundled_blocks_file_says_it_is_for_attribute(command, tmp_path):
    rc, _, err = call([command, "package-blocks", "--out", tmp_path / "out"])
    assert_user_error(rc, err, "package-blocks.toml: this is a file for `govsim attribute`", "run `govsim attribute "
                      "SCENARIO --blocks package-blocks`")
    assert not (tmp_path / "out").exists()
