"""`govsim plan-check` end to end: a small check writes its table and resumes without running again; bad
options and files are one line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import pytest

from .test_cli import assert_user_error, call

FILE = """\
[[figures]]
id = "wait"
figure = "average wait at the separate windows"
plan = "40 min"
where = "mechanism 1 (§1.2)"
kind = "output"
value = 40.0
unit = "min"
scenario = "baseline"
kpi = "counter_wait_min"
assumptions = ["counters.peak_share"]

[[figures]]
id = "items"
figure = "items of business in one trip"
plan = "7"
where = "mechanism 1"
kind = "input"
params = ["one_stop.max_errands_per_visit"]
value = 7.0
"""
QUICK = ["--seeds", 2, "--days", 5, "--residents", 1500, "--quiet"]


def test_plan_check_writes_the_table_and_resumes(tmp_path):
    path = tmp_path / "figures.toml"
    path.write_text(FILE)
    out, store = tmp_path / "docs" / "validation.md", tmp_path / "store"
    rc, stdout, stderr = call(["plan-check", path, "--out", out, "--store", store, "--workers", 1, *QUICK])
    assert rc == 0, stderr
    assert "2 figures, 1 measured in scenarios; 6 runs at seeds 1 to 2" in stdout
    assert "6 runs: 6 done now" in stdout
    assert f"wrote {out}: 1 inputs, 0 calibrations, 1 outputs, 0 not modelled" in stdout
    text = out.read_text()
    assert text.startswith("# The plan's figures against the model")
    assert f"govsim plan-check {path} --seeds 2 --days 5 --residents 1500" in text
    assert "| output |" in text and "input: `one_stop.max_errands_per_visit`" in text
    rc, stdout, _ = call(["plan-check", path, "--out", out, "--store", store, *QUICK])
    assert rc == 0 and "6 runs: 0 done now, 6 skipped (already done)" in stdout
    assert out.read_text() == text


@pytest.mark.parametrize("options,needle", [
    (["--seeds", 1], "--seeds: 1 is not allowed; allowed: 2 to 100 seeds"),
    (["--workers", 0], "--workers: must be at least 1"),
    (["--days", 0], "--days: 0 is not allowed; allowed: 1 to 3650 days"),
    (["--residents", 5], "--residents: 5 is not allowed"),
    (["--seeds", "five"], "argument --seeds: 'five' is not a whole number"),
])
def test_bad_options_are_one_line(tmp_path, options, needle):
    path = tmp_path / "figures.toml"
    path.write_text(FILE)
    rc, _, stderr = call(["plan-check", path, "--out", tmp_path / "v.md", "--store", tmp_path / "s", *options])
    assert_user_error(rc, stderr, needle)
    assert not (tmp_path / "v.md").exists() and not (tmp_path / "s").exists()


def test_a_bad_file_or_out_is_one_line_and_writes_nothing(tmp_path):
    path = tmp_path / "figures.toml"
    path.write_text(FILE.replace('kpi = "counter_wait_min"', 'kpi = "wait_minutes"'))
    rc, _, stderr = call(["plan-check", path, "--out", tmp_path / "v.md", "--store", tmp_path / "s"])
    assert_user_error(rc, stderr, str(path), "figures[0 'wait'].kpi:", "wait_minutes")
    assert not (tmp_path / "v.md").exists() and not (tmp_path / "s").exists()
    rc, _, stderr = call(["plan-check", path, "--out", tmp_path, "--store", tmp_path / "s"])
    assert_user_error(rc, stderr, "is a folder; give the table's file name")
    rc, _, stderr = call(["plan-check", "no-such-file", "--out", tmp_path / "v.md"])
    assert_user_error(rc, stderr, "experiment 'no-such-file' not found")
