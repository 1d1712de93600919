"""`govsim calibrate` and `govsim sensitivity` end to end: they run, resume, and bad pilot data, bad files
or bad options are one line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import json

import pytest

from .test_cli import assert_user_error, call

CAL = """\
name = "tiny"
scenario = "baseline"
residents = 1500
days = 60
seeds_per_trial = 1

[parameters]
channels.const_none = { lo = 1.5, hi = 3.5 }
"""
DATA = """\
community,month,indicator,value,n
Old town,1,unmet_need_share,0.15,200
Old town,2,unmet_need_share,0.14,200
East village,2,satisfaction,0.75,200
"""
SENS = """\
name = "tiny-sens"
scenario = "baseline"
residents = 1500
days = 20
kpis = ["unmet_need_share"]

[parameters]
channels.const_none = { lo = 1.5, hi = 3.5 }
routing.abandon_daily = {}
"""


def _files(tmp_path, cal=CAL, data=DATA):
    (tmp_path / "cal.toml").write_text(cal)
    (tmp_path / "pilot.csv").write_text(data)
    return tmp_path / "cal.toml", tmp_path / "pilot.csv"


def test_calibrate_runs_and_resumes(tmp_path):
    cal, data = _files(tmp_path)
    out = tmp_path / "out"
    rc, stdout, stderr = call(["calibrate", cal, "--data", data, "--trials", 4, "--out", out, "--workers", 2,
                               "--quiet"])
    assert rc == 0, stderr
    assert "4 trials in the study: 4 run now, 0 already done, 0 failed" in stdout
    assert "channels.const_none" in stdout and "90% set:" in stdout and "likelihood ratio" in stdout
    assert json.loads((out / "best.json").read_text())["uncertainty"]["trials"] == 4
    rc, stdout, stderr = call(["calibrate", cal, "--data", data, "--trials", 6, "--out", out, "--quiet"])
    assert rc == 0, stderr
    assert "6 trials in the study: 2 run now, 4 already done" in stdout


def test_sensitivity_runs(tmp_path):
    path = tmp_path / "sens.toml"
    path.write_text(SENS)
    out = tmp_path / "out"
    rc, stdout, stderr = call(["sensitivity", path, "--method", "morris", "--samples", 2, "--out", out,
                               "--workers", 2, "--quiet"])
    assert rc == 0, stderr
    assert "6 design points x 1 seed(s)" in stdout and "mu_star" in stdout
    assert (out / "indices.csv").is_file() and (out / "sensitivity.png").is_file()


HEAD = "community,month,indicator,value,n\n"
BAD_DATA = [
    (HEAD + "Old town,1,happiness,0.7,200\n", "line 2, column indicator: 'happiness' is not a monthly indicator"),
    (HEAD + "Old town,1,satisfaction,0.7,200\nOld town,3,satisfaction,0.7,200\n",
     "line 3, column month: '3' is not allowed; allowed: a whole number from 1 to 2"),
    (HEAD + "Old town,1,unmet_need_share,2,200\n", "line 2, column value: '2' is not allowed for unmet_need_share"),
    ("community,month,value\nOld town,1,0.7\n", "line 1: missing column 'indicator'"),
    ("", "is empty"),
    (HEAD + "Atlantis,1,satisfaction,0.7,200\n", "line 2, column community: 'Atlantis' is not a community"),
]


@pytest.mark.parametrize("data,needle", BAD_DATA, ids=[b[1][:30] for b in BAD_DATA])
def test_bad_pilot_data_is_one_line(tmp_path, data, needle):
    cal, path = _files(tmp_path, data=data)
    out = tmp_path / "out"
    rc, stdout, stderr = call(["calibrate", cal, "--data", path, "--out", out, "--quiet"])
    line = assert_user_error(rc, stderr, needle)
    assert str(path) in line
    assert stdout == "" and not out.exists()


BAD = [
    (["calibrate"], "colour = 1\n" + CAL, "unknown key 'colour'; allowed at the top level"),
    (["calibrate"], CAL.replace("channels.const_none", "channels.const_nonee"), "unknown parameter "
     "'channels.const_nonee'"),
    (["calibrate"], CAL.replace("hi = 3.5", "hi = 30.0"), "parameters.channels.const_none.hi = 30.0 is not allowed"),
    (["calibrate"], CAL.replace("channels.const_none = { lo = 1.5, hi = 3.5 }", "one_stop.max_errands_per_visit = {}"),
     "declared as a lever, not an uncertainty"),
    (["calibrate"], CAL.replace("days = 60", "days = 20"), "needs at least 30 days"),
    (["calibrate", "--trials", 0], CAL, "--trials: must be at least 1"),
    (["calibrate", "--workers", 0], CAL, "--workers: must be at least 1"),
    (["sensitivity", "--method", "sobol", "--samples", 10], SENS, "--samples: 10 is not allowed for sobol"),
    (["sensitivity"], SENS.replace('"unmet_need_share"', '"unmet_need"'), "kpis[0]: 'unmet_need' is not a KPI"),
    (["sensitivity", "--method", "fast"], SENS, "invalid choice: 'fast'"),
]


@pytest.mark.parametrize("command,text,needle", BAD, ids=[b[2][:30] for b in BAD])
def test_bad_file_or_option_is_one_line(tmp_path, command, text, needle):
    path = tmp_path / "file.toml"
    path.write_text(text)
    (tmp_path / "pilot.csv").write_text(DATA)
    out = tmp_path / "out"
    extra = ["--data", tmp_path / "pilot.csv"] if command[0] == "calibrate" else []
    rc, _, stderr = call([command[0], path, *command[1:], *extra, "--out", out, "--quiet"])
    assert_user_error(rc, stderr, needle)
    assert not out.exists()


def test_calibrate_without_data_says_how(tmp_path):
    path = tmp_path / "cal.toml"
    path.write_text(CAL)
    rc, _, stderr = call(["calibrate", path, "--out", tmp_path / "out"])
    assert_user_error(rc, stderr, "no pilot data: give --data CSV")
