"""`govsim` end to end: a small run writes its four files, reproduces from its own
scenario.toml, the listings work, and every kind of bad input is one line on stderr,
exit code 2, no traceback, nothing written."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim import scenario as sc
from sim.cli import main
from sim import registry
from sim.registry import COSTS, by_name, kpi_names, kpis_of_interest, ledger_items

REPO = Path(__file__).resolve().parents[2]
BUNDLED = ("baseline", "old-neighbourhood", "commercial-estate", "village-conversion")
FILES = ("timeseries.parquet", "summary.json", "scenario.toml", "kpis.png")
TS_COLUMNS = ("satisfaction", "response_days", "close_days", "closed_within_3d", "abandoned_share",
              "unmet_need_share", "bounces_per_request", "requests")

ONE = """\
[[communities]]
name = "A"
type = "old_neighbourhood"
residents = 200
"""


def call(argv) -> tuple[int, str, str]:
    """``main(argv)`` with its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


def assert_user_error(rc: int, err: str, *needles: str) -> str:
    assert rc == 2, f"exit code {rc}, stderr {err!r}"
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    line = lines[0]
    assert line.startswith("govsim: error: "), line
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


# ------------------------------------------------------------------ one good run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    rc, stdout, stderr = call(["run", "baseline", "--days", 20, "--residents", 3000, "--out", out, "--quiet"])
    assert rc == 0, stderr
    return out, stdout, stderr


def test_run_writes_the_four_files(run_dir):
    out, stdout, _ = run_dir
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (out / name).stat().st_size > 0, name
    assert f"wrote {out}/" in stdout


def test_timeseries_has_one_row_per_day_and_community(run_dir):
    out, _, _ = run_dir
    ts = pd.read_parquet(out / "timeseries.parquet")
    for col in ("day", "community", *TS_COLUMNS):
        assert col in ts.columns, col
    assert len(ts) == 20 * 3
    assert not ts.duplicated(["day", "community"]).any()
    assert sorted(ts["day"].unique()) == list(range(20))
    assert list(ts["community"].unique()) == ["Old town", "Riverside Gardens", "East village"]
    assert (ts["requests"] >= 0).all() and ts["requests"].sum() > 0
    for col in ("closed_within_3d", "abandoned_share", "unmet_need_share"):
        values = ts[col].dropna()
        assert ((values >= 0) & (values <= 1)).all(), col


def test_summary_json(run_dir):
    out, _, _ = run_dir
    summary = json.loads((out / "summary.json").read_text())
    for key in ("kpis", "kpis_by_group", "scenario", "seed", "version"):
        assert key in summary, key
    assert summary["scenario"] == "baseline"
    assert summary["seed"] == 1
    assert summary["version"] == sim.__version__
    assert summary["days"] == 20
    assert summary["residents"] == 3000
    assert set(summary["kpis"]) == set(kpi_names())
    by_group = {k for k, i in by_name().items() if i.by_group} - {c.name for c in COSTS}  # money has no group
    assert summary["kpis_by_group"] and all(set(v) == by_group for v in summary["kpis_by_group"].values())
    assert set(summary["cost_yuan_by_mechanism"]) == {item.rsplit(".", 1)[0] for item in ledger_items()}
    by_item = summary["cost_yuan_by_item"]
    assert summary["kpis"]["cost_yuan"] > 0
    assert summary["kpis"]["cost_yuan"] == pytest.approx(sum(by_item.values()))  # the ledger balances
    assert summary["kpis"]["cost_yuan"] == pytest.approx(sum(summary["cost_yuan_by_mechanism"].values()))
    # the KPIs agree with the timeseries they summarise
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert summary["kpis"]["requests"] == pytest.approx(ts["requests"].sum())
    assert summary["kpis"]["needs"] == pytest.approx(ts["needs"].sum())
    assert "kpis_by_stage" not in summary  # nothing staged


def test_a_staged_rollout_reports_its_kpis_by_stage(tmp_path):
    rc, stdout, stderr = call(["run", "city-rollout", "--days", 10, "--residents", 3000, "--out", tmp_path / "o",
                               "--quiet"])
    assert rc == 0, stderr
    by_stage = json.loads((tmp_path / "o" / "summary.json").read_text())["kpis_by_stage"]
    assert list(by_stage) == ["pilots", "wave", "not_reformed"]
    assert [k["communities"] for k in by_stage.values()] == [20, 28, 12]
    assert by_stage["pilots"]["reformed_share"] == 1.0 and by_stage["wave"]["reformed_share"] == 0.0
    per_resident = {stage: k["cost_per_resident_year"] for stage, k in by_stage.items()}
    assert per_resident["pilots"] > max(per_resident["wave"], per_resident["not_reformed"]) > 0  # the reform's money
    table = stdout.split("by roll-out stage (communities):")[1]
    assert "pilots (20)" in table and "satisfaction" in table


def test_scenario_toml_is_the_resolved_scenario(run_dir):
    out, _, _ = run_dir
    doc = tomllib.loads((out / "scenario.toml").read_text())
    s = sc.from_document(doc, "scenario.toml")
    assert (s.name, s.days, s.seed, s.residents) == ("baseline", 20, 1, 3000)
    assert dict(s.params) == dict(sc.load("baseline").params)


def test_kpi_plot_is_a_png(run_dir):
    out, _, _ = run_dir
    data = (out / "kpis.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5000


def test_printed_table_names_the_kpis(run_dir):
    _, stdout, stderr = run_dir
    assert "baseline: 3,000 residents in 3 communities, 20 days, seed 1" in stdout
    assert "mechanisms on: none" in stdout
    for name in kpis_of_interest([]):
        assert name in stdout, name
    assert "timebank_hours" not in stdout  # a mechanism that is off does not crowd the table
    for group in ("elderly_alone", "working_adult", "new_citizen"):
        assert group in stdout
    assert "Traceback" not in stderr


def test_rerun_of_the_written_scenario_reproduces_the_kpis(run_dir, tmp_path):
    out, _, _ = run_dir
    other = tmp_path / "again"
    rc, _, err = call(["run", out / "scenario.toml", "--out", other, "--quiet"])
    assert rc == 0, err
    first = json.loads((out / "summary.json").read_text())
    second = json.loads((other / "summary.json").read_text())
    assert second["kpis"] == first["kpis"]
    assert second["kpis_by_group"] == first["kpis_by_group"]
    pd.testing.assert_frame_equal(pd.read_parquet(out / "timeseries.parquet"),
                                  pd.read_parquet(other / "timeseries.parquet"))


def test_set_and_seed_reach_the_run(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    common = ["run", "baseline", "--days", 5, "--residents", 600, "--quiet"]
    assert call([*common, "--seed", 3, "--out", a])[0] == 0
    assert call([*common, "--seed", 4, "--out", b, "--set", "residents.trust_initial=0.25"])[0] == 0
    sa = json.loads((a / "summary.json").read_text())
    sb = json.loads((b / "summary.json").read_text())
    assert (sa["seed"], sb["seed"]) == (3, 4)
    written = sc.load(str(b / "scenario.toml"))
    assert written.seed == 4 and written.days == 5
    assert written.params["residents.trust_initial"] == 0.25
    assert not pd.read_parquet(a / "timeseries.parquet").equals(pd.read_parquet(b / "timeseries.parquet"))


def test_default_out_folder_is_runs_name_seed_under_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, _, err = call(["run", "old-neighbourhood", "--days", 2, "--residents", 200, "--seed", 9, "--quiet"])
    assert rc == 0, err
    (folder,) = (tmp_path / "runs").iterdir()  # --days and --residents changed the file: a hash follows its name
    assert folder.name.startswith("old-neighbourhood-9-") and len(folder.name) == len("old-neighbourhood-9-") + 8
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)


def test_run_into_an_existing_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    rc, _, err = call(["run", "baseline", "--days", 1, "--residents", 200, "--out", out, "--quiet"])
    assert rc == 0, err
    assert (out / "summary.json").is_file()


def test_names_containing_nan_survive_in_summary_json(tmp_path):
    # non-finite KPIs become null, but 'NaN' inside a name must not
    path = tmp_path / "n.toml"
    path.write_text('name = "NaNtown"\n' + ONE.replace('"A"', '"NaNa village"'))
    out = tmp_path / "out"
    rc, _, err = call(["run", path, "--days", 2, "--out", out, "--quiet"])
    assert rc == 0, err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "NaNtown"
    assert list(summary["kpis_by_community"]) == ["NaNa village"]


# ---------------------------------------------------------------------- listings


def test_scenarios_lists_the_bundled_scenarios():
    rc, out, err = call(["scenarios"])
    assert rc == 0 and err == ""
    lines = out.splitlines()
    listed = [line.split()[0] for line in lines]
    assert listed == sorted(sc.bundled()) and set(BUNDLED) <= set(listed)
    baseline = next(line for line in lines if line.startswith("baseline "))
    assert "3 communities" in baseline and "27,000" in baseline


def test_params_lists_every_parameter():
    rc, out, err = call(["params"])
    assert rc == 0 and err == ""
    assert set(_listed_names(out)) == set(registry.params())


def _listed_names(out: str) -> list[str]:
    """The names in `govsim params`' short table: each row's first word, on a line of its own when long
    (continuation lines are indented; the footer follows a blank line)."""
    table = out.split("\n\n")[0].splitlines()[1:]
    return [line.split()[0] for line in table if line and not line[0].isspace()]


def test_params_csv_has_every_parameter_with_its_bounds():
    rc, out, _ = call(["params", "--format", "csv"])
    assert rc == 0
    df = pd.read_csv(io.StringIO(out))
    assert list(df["name"]) == list(registry.params())
    row = df.set_index("name").loc["residents.digital_literacy_elderly"]
    assert (row["lo"], row["hi"]) == (0.0, 1.0)
    assert {"default", "unit", "role", "source", "doc"} <= set(df.columns)


@pytest.mark.parametrize("text", ["digital_literacy", "needs.repair.", "grid", "property_manager"])
def test_params_grep_filters(text):
    rc, out, _ = call(["params", "--grep", text, "--format", "csv"])
    assert rc == 0
    names = list(pd.read_csv(io.StringIO(out))["name"])
    assert names == [n for n in registry.params() if text in n]
    assert names  # every query above matches something


def test_params_grep_table_format_filters():
    rc, out, _ = call(["params", "--grep", "survey."])
    assert rc == 0
    assert _listed_names(out) == [n for n in registry.params() if "survey." in n]


def test_params_markdown():
    rc, out, _ = call(["params", "--format", "markdown", "--grep", "survey."])
    assert rc == 0
    header = out.splitlines()[0]
    assert header.lstrip().startswith("|") and "name" in header
    assert out.count("survey.") == sum("survey." in n for n in registry.params())


# -------------------------------------------------------------------- bad input


def _files(tmp: Path) -> dict[str, Path]:
    """Bad scenario files, one per kind of mistake."""
    texts = {
        "broken": ONE + "days = = 3\n",
        "unknown_top": "colour = 'red'\n" + ONE,
        "unknown_section_key": "[residents]\ndigital_literacy_elderli = 0.5\n" + ONE,
        "unknown_nested_key": "[needs.repair]\nteenager = 1.0\n" + ONE,
        "unknown_community_key": ONE + "colour = 'red'\n",
        "wrong_type": "[residents]\ndigital_literacy_elderly = 'high'\n" + ONE,
        "out_of_bounds": "[residents]\ndigital_literacy_elderly = 1.5\n" + ONE,
        "int_param_float": "[grids]\nhouseholds_per_grid = 250.5\n" + ONE,
        "days_zero": "days = 0\n" + ONE,
        "duplicate": ONE + ONE,
        "no_communities": "name = 'x'\n",
        "empty_communities": "communities = []\n",
        "unknown_type": ONE.replace("old_neighbourhood", "suburb"),
        "small_community": ONE.replace("200", "5"),
    }
    out = {}
    for key, text in texts.items():
        out[key] = tmp / f"{key}.toml"
        out[key].write_text(text)
    out["not_utf8"] = tmp / "not_utf8.toml"
    out["not_utf8"].write_bytes(ONE.encode() + b"description = '\xff\xfe'\n")
    out["folder"] = tmp / "folder.toml"
    out["folder"].mkdir()
    out["missing"] = tmp / "missing.toml"
    return out


# (scenario file key or bundled name, extra arguments, needles; "{path}" is the file's path)
BAD = {
    "missing file": ("missing", [], ["{path}", "not found"]),
    "folder": ("folder", [], ["{path}", "not a file"]),
    "broken TOML": ("broken", [], ["{path}", "broken TOML", "line 5"]),
    "non-UTF-8": ("not_utf8", [], ["{path}", "UTF-8"]),
    "unknown top-level key": ("unknown_top", [], ["{path}", "'colour'", "communities"]),
    "unknown section key": ("unknown_section_key", [], ["{path}", "residents.digital_literacy_elderli",
                                                        "digital_literacy_elderly"]),
    "unknown nested key": ("unknown_nested_key", [], ["{path}", "needs.repair.teenager", "elderly_alone"]),
    "unknown community key": ("unknown_community_key", [], ["{path}", "communities[0].colour"]),
    "wrong type": ("wrong_type", [], ["{path}", "residents.digital_literacy_elderly", "a number from 0 to 1"]),
    "out of bounds": ("out_of_bounds", [], ["{path}", "residents.digital_literacy_elderly", "from 0 to 1"]),
    "float for integer": ("int_param_float", [], ["{path}", "grids.households_per_grid", "an integer"]),
    "days zero in file": ("days_zero", [], ["{path}", "days"]),
    "duplicate communities": ("duplicate", [], ["{path}", "unique", "A"]),
    "no communities": ("no_communities", [], ["{path}", "communities"]),
    "empty communities": ("empty_communities", [], ["{path}", "communities"]),
    "unknown community type": ("unknown_type", [], ["{path}", "'suburb'", "old_neighbourhood", "commercial_estate",
                                                    "village_conversion"]),
    "community too small": ("small_community", [], ["{path}", "communities[0].residents"]),
    "--set without =": ("baseline", ["--set", "residents.trust_initial"], ["--set", "key=value"]),
    "--set unknown key": ("baseline", ["--set", "residents.trust_intial=0.5"], ["--set", "residents.trust_initial"]),
    "--set section": ("baseline", ["--set", "residents=0.5"], ["--set", "'residents'"]),
    "--set out of range": ("baseline", ["--set", "residents.trust_initial=2"],
                           ["--set", "residents.trust_initial", "from 0 to 1"]),
    "--set wrong type": ("baseline", ["--set", "channels.app_available=maybe"],
                         ["--set", "channels.app_available", "true or false"]),
    "--set nan": ("baseline", ["--set", "residents.trust_initial=nan"], ["--set", "residents.trust_initial"]),
    "--set days": ("baseline", ["--set", "days=-3"], ["--set", "days"]),
    "--set one good one bad": ("baseline",
                               ["--set", "residents.trust_initial=0.5", "--set", "grids.households_per_grid=1"],
                               ["--set", "grids.households_per_grid", "from 50 to 2000"]),
    "--days text": ("baseline", ["--days", "ten"], ["--days", "'ten'"]),
    "--days negative": ("baseline", ["--days=-1"], ["--days", "negative"]),
    "--days float": ("baseline", ["--days", "1.5"], ["--days"]),
    "--days zero": ("baseline", ["--days", "0"], ["days"]),
    "--days too many": ("baseline", ["--days", "3651"], ["days", "3650"]),
    "--seed text": ("baseline", ["--seed", "x"], ["--seed"]),
    "--seed negative": ("baseline", ["--seed=-7"], ["--seed", "negative"]),
    "--seed too big": ("baseline", ["--seed", str(2**32)], ["seed", "4294967295"]),
    "--residents text": ("baseline", ["--residents", "lots"], ["--residents"]),
    "--residents zero": ("baseline", ["--residents", "0"], ["--residents", "20 to 50000000"]),
    "--residents too few": ("baseline", ["--residents", "19"], ["--residents", "20 to 50000000"]),
    "--residents too many": ("baseline", ["--residents", "50000001"], ["--residents", "20 to 50000000"]),
    "--residents too few to share": ("baseline", ["--residents", "30"], ["residents"]),
    "--threads too many": ("baseline", ["--threads", "100000"], ["--threads"]),
    "unknown option": ("baseline", ["--colour", "red"], ["--colour"]),
    "unknown bundled name": ("nosuch-scenario", [], ["nosuch-scenario", "not found", "baseline"]),
}


def _argv(case, files, out):
    ref, extra, needles = BAD[case]
    scen = str(files[ref]) if ref in files else ref
    argv = ["run", scen, "--out", str(out), "--quiet"]
    if ref != "days_zero" and not any(a.startswith("--days") or "days=" in a for a in extra):
        argv += ["--days", "1"]
    if not any(a.startswith("--residents") for a in extra) and ref in BUNDLED:
        argv += ["--residents", "200"]
    return argv + extra, [n.replace("{path}", scen) for n in needles]


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_line_exit_2_and_writes_nothing(case, tmp_path):
    files = _files(tmp_path)
    out = tmp_path / "out"
    argv, needles = _argv(case, files, out)
    rc, stdout, stderr = call(argv)
    assert_user_error(rc, stderr, *needles)
    assert not out.exists()
    assert "wrote" not in stdout


def test_bad_input_does_not_touch_an_existing_out_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    rc, _, err = call(["run", "baseline", "--days", 1, "--set", "residents.trust_initial=9", "--out", out])
    assert_user_error(rc, err, "--set")
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_out_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "taken"
    out.write_text("mine")
    rc, _, err = call(["run", "baseline", "--days", 1, "--residents", 200, "--out", out, "--quiet"])
    assert_user_error(rc, err, "--out", str(out), "not a folder")
    assert out.read_text() == "mine"


def test_out_below_a_file_is_refused(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("mine")
    rc, _, err = call(["run", "baseline", "--days", 1, "--residents", 200, "--out", blocker / "sub", "--quiet"])
    assert_user_error(rc, err, "--out")


def test_deeply_nested_set_value_is_a_user_error(tmp_path):
    out = tmp_path / "out"
    rc, _, err = call(["run", "baseline", "--days", 1, "--residents", 200, "--out", out, "--quiet",
                       "--set", "residents.trust_initial=" + "[" * 10_000])
    assert_user_error(rc, err, "--set")
    assert not out.exists()


@pytest.mark.parametrize("option, value", [("--days", "0"), ("--days", "4000"), ("--seed", str(2**33))])
def test_days_and_seed_out_of_range_name_the_option(option, value, tmp_path):
    argv = ["run", "baseline", "--residents", "200", "--out", str(tmp_path / "o"), "--quiet", option, value]
    if option != "--days":
        argv += ["--days", "1"]
    rc, _, err = call(argv)
    line = assert_user_error(rc, err, option)
    assert "baseline.toml" not in line


def test_residents_too_few_to_share_names_the_option(tmp_path):
    rc, _, err = call(["run", "baseline", "--residents", "30", "--days", "1", "--out", str(tmp_path / "o")])
    assert_user_error(rc, err, "--residents")


@pytest.mark.parametrize("argv, needle", [
    ([], "command"),
    (["frobnicate"], "frobnicate"),
    (["run"], "scenario"),
    (["params", "--format", "yaml"], "yaml"),
    (["scenarios", "extra"], "extra"),
])
def test_usage_errors(argv, needle):
    rc, _, err = call(argv)
    assert_user_error(rc, err, needle)


# ----------------------------------------------------------- true end to end


def _subprocess(args, cwd):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "sim.cli", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_subprocess_run_from_another_folder(tmp_path):
    proc = _subprocess(["run", "village-conversion", "--days", 3, "--residents", 300, "--out", "here", "--quiet"],
                       tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in (tmp_path / "here").iterdir()) == sorted(FILES)
    assert "village-conversion" in proc.stdout


def test_subprocess_bad_input_is_one_line(tmp_path):
    (tmp_path / "bad.toml").write_text(ONE + "[grids]\nhouseholds_per_grid = 'many'\n")
    proc = _subprocess(["run", "bad.toml", "--out", "o"], tmp_path)
    assert_user_error(proc.returncode, proc.stderr, "bad.toml", "grids.households_per_grid")
    assert proc.stdout == ""
    assert not (tmp_path / "o").exists()


def test_subprocess_version():
    proc = _subprocess(["--version"], REPO)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"govsim {sim.__version__}"


def test_the_table_shows_the_kpis_of_the_mechanisms_switched_on(tmp_path):
    rc, out, err = call(["run", "baseline", "--days", "5", "--residents", "2000", "--quiet", "--out",
                         str(tmp_path / "o"), "--set", "timebank.enabled=true"])
    assert rc == 0 and "mechanisms on: timebank" in out
    assert "timebank_hours" in out and "cost_yuan" in out and "platform_health" not in out
