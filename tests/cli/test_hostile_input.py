"""Inputs found by fuzzing and hostile use: each is a clean one-line refusal, or a run that writes all its files.

Regression tests for the first classes of issue 16: numbers too long for
Python to read (in a scenario, an experiment or ``--set``), a pilot-data line
too long for the csv module, and names that matplotlib would read as maths.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pytest

from sim.files import short
from sim.viz.plots import kpi_figure

from .test_cli import assert_user_error, call

HUGE = "9" * 5000  # Python refuses to turn more than 4,300 digits into an int


def test_a_huge_integer_in_a_scenario_or_experiment_is_one_line(tmp_path):
    for command, name in (("run", "scenario.toml"), ("sweep", "experiment.toml")):
        path = tmp_path / name
        path.write_text(f"days = {HUGE}\n")
        rc, _, err = call([command, path])
        assert_user_error(rc, err, f"{path}: broken TOML: a number has more than 4,300 digits")
    assert not (tmp_path / "runs").exists() and not (tmp_path / "sweeps").exists()


def test_a_huge_integer_in_a_set_is_one_line(tmp_path):
    rc, _, err = call(["run", "baseline", "--set", f"days={HUGE}", "--out", tmp_path / "r"])
    assert_user_error(rc, err, "--set: '999999999999999999999999999999...' is too long a number")
    assert not (tmp_path / "r").exists()


def test_a_refused_huge_value_is_quoted_short():
    assert short(10 ** 4000) == "an integer of about 4,000 digits"
    assert short(123) == "123" and short("x" * 100, 42) == repr("x" * 37 + "...")


def test_a_pilot_data_line_past_the_csv_field_limit_is_one_line(tmp_path):
    data = tmp_path / "pilot.csv"
    data.write_text("community,month,indicator,value\n" + "a" * 1_000_000 + ",1,satisfaction,0.5\n")
    rc, _, err = call(["calibrate", "calibrate-pilot", "--data", data, "--trials", 1, "--out", tmp_path / "cal"])
    assert_user_error(rc, err, f"{data}: line 2: 1,000,019 characters; a line of pilot data has at most 10,000")
    assert not (tmp_path / "cal").exists()


MATHS = ("$\\foo$", "a$^$b", "$$")


def test_names_matplotlib_would_read_as_maths_are_drawn_as_text(tmp_path):
    scenario = tmp_path / "maths.toml"
    communities = "".join(f"[[communities]]\nname = '{n}'\ntype = 'old_neighbourhood'\nresidents = 500\n"
                          for n in MATHS)
    scenario.write_text(f"name = 'a$^$b'\ndays = 10\n{communities}")
    out = tmp_path / "run"
    rc, _, err = call(["run", scenario, "--out", out, "--quiet"])
    assert rc == 0, err
    assert {p.name for p in out.iterdir()} >= {"timeseries.parquet", "summary.json", "scenario.toml", "kpis.png"}
    assert (out / "kpis.png").stat().st_size > 0


def test_a_figure_of_such_names_saves_outside_the_command_line_too():
    import pandas as pd

    from sim.viz.plots import PANELS

    ts = pd.DataFrame([{"day": d, "community": n, **{col: 0.5 for col, _, _ in PANELS}}
                       for d in range(3) for n in MATHS])
    with matplotlib.rc_context({"text.parse_math": True}):  # as in a user's notebook
        fig = kpi_figure(ts, title="a$^$b")
        png = io.BytesIO()
        fig.savefig(png, format="png")  # would raise a mathtext ParseFatalException
    assert png.getvalue().startswith(b"\x89PNG")
    texts = [t for t in fig.findobj(matplotlib.text.Text) if "$" in t.get_text()]
    assert {t.get_text() for t in texts} >= {"a$^$b", *MATHS}  # each name drawn, as written
    assert not any(t.get_parse_math() for t in texts)


@pytest.mark.parametrize("name", MATHS)
def test_plain_text_keeps_the_maths_setting_of_a_notebook(name):
    from sim.viz.plain import plain_text

    with matplotlib.rc_context({"text.parse_math": True}):
        plain_text(lambda: None)()
        assert matplotlib.rcParams["text.parse_math"] is True


@pytest.mark.parametrize("option", [["--days", 3], ["--seed", 4], ["--residents", 600], ["--set", "days=3"]])
def test_an_option_never_hides_a_bad_value_in_the_file(tmp_path, option):
    path = tmp_path / "bad.toml"
    path.write_text('days = "abc"\n[[communities]]\nname = "a"\ntype = "old_neighbourhood"\nresidents = 500\n')
    rc, _, err = call(["run", path, *option, "--out", tmp_path / "r"])
    assert_user_error(rc, err, f"{path}: days = 'abc': input should be a valid integer")
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("folder", ["dir?mode=ro", "with%20escape", "frag#ment"])
def test_a_calibration_folder_a_database_url_cannot_hold_is_one_line_and_nothing_is_made(tmp_path, folder):
    out = tmp_path / folder
    rc, _, err = call(["calibrate", "calibrate-pilot", "--trials", 1, "--out", out])
    assert_user_error(rc, err, f"--out {out}: the study database cannot live under a path with")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_scenario_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'days = 5\n[[communities]]\nname = "a"\ntype = "old_neighbourhood"\n'
                     b"residents = 300\n")
    rc, _, err = call(["run", path, "--out", tmp_path / "r", "--quiet"])
    assert rc == 0, err


def test_too_few_residents_in_an_experiment_blames_its_file_and_key_not_an_option(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text('name = "tiny"\nscenario = "baseline"\nresidents = 20\ndays = 10\n'
                    "[levers]\none_stop.enabled = [false, true]\n")
    rc, _, err = call(["sweep", path, "--out", tmp_path / "s"])
    assert_user_error(rc, err, f"{path}: residents: 20 residents are too few for 3 communities")
    assert "--residents" not in err


# ------------------------------------------------------------------ item 4: names never steer output folders

ONE = 'name = {name}\ndays = 2\n[[communities]]\nname = "a"\ntype = "old_neighbourhood"\nresidents = 300\n'


@pytest.mark.parametrize("name,folder", [('"../../x"', "x-1"), ('"/an/absolute/dir"', "an-absolute-dir-1"),
                                         ('".."', "1")])
def test_a_name_in_a_file_makes_one_folder_under_the_working_folder(tmp_path, monkeypatch, name, folder):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "s.toml").write_text(ONE.format(name=name))
    rc, out, err = call(["run", "s.toml", "--quiet"])
    assert rc == 0, err
    assert (work / "runs" / folder / "summary.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["work"]  # nothing outside the working folder


def test_default_folders_are_one_safe_component():
    from sim.files import default_folder

    assert default_folder("sweeps", "../../x") == Path("sweeps/x")
    assert default_folder("calibrations", "/etc", "pilot") == Path("calibrations/etc-pilot")
    assert default_folder("runs", "..", 3) == Path("runs/3")
    assert default_folder("sweeps", "...") == Path("sweeps/sweep")


@pytest.mark.parametrize("where", ["name", "community"])
def test_a_control_character_in_a_name_is_one_line(tmp_path, where):
    text = ONE.format(name='"a\\u0000b"') if where == "name" else ONE.format(name='"ok"').replace(
        'name = "a"', 'name = "a\\tb"')
    path = tmp_path / "s.toml"
    path.write_text(text)
    rc, _, err = call(["run", path, "--out", tmp_path / "r"])
    key = "name" if where == "name" else "communities[0].name"
    assert_user_error(rc, err, f"{path}: {key}: a name is printable text: it holds a control character")
    assert not (tmp_path / "r").exists()


# ------------------------------------------------------------------ item 9: a run never replaces another in silence


def test_options_that_change_the_scenario_get_their_own_default_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert call(["run", "baseline", "--days", 2, "--residents", 900, "--quiet"])[0] == 0
    assert call(["run", "baseline", "--days", 2, "--residents", 900, "--quiet",
                 "--set", "residents.digital_literacy_elderly=0.6"])[0] == 0
    folders = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert len(folders) == 2 and all(f.startswith("baseline-1-") for f in folders)


def test_a_run_into_another_runs_folder_is_refused_unless_asked(tmp_path):
    out = tmp_path / "r"
    assert call(["run", "baseline", "--days", 2, "--residents", 900, "--quiet", "--out", out])[0] == 0
    (out / "report.html").write_text("<html>the first run</html>")
    before = (out / "summary.json").read_bytes()
    rc, _, err = call(["run", "baseline", "--days", 3, "--residents", 900, "--quiet", "--out", out])
    assert_user_error(rc, err, f"--out {out}: holds the results of another run")
    assert (out / "summary.json").read_bytes() == before  # nothing touched
    rc, _, err = call(["run", "baseline", "--days", 3, "--residents", 900, "--quiet", "--out", out, "--overwrite"])
    assert rc == 0, err
    assert (out / "summary.json").read_bytes() != before
    assert not (out / "report.html").exists()  # the first run's report is gone with its results


def test_the_same_run_again_may_rewrite_its_own_folder(tmp_path):
    out = tmp_path / "r"
    for _ in range(2):
        rc, _, err = call(["run", "baseline", "--days", 2, "--residents", 900, "--quiet", "--out", out])
        assert rc == 0, err


# ------------------------------------------------------------------ item 8: a sweep into a bigger sweep's folder

SWEEP = """\
name = "mix"
scenario = "baseline"
residents = 900
days = 3
replicates = 1
kpis = ["close_days"]

[levers]
one_stop.enabled = {levels}
"""


def test_a_smaller_sweep_reports_only_its_own_runs(tmp_path):
    import pandas as pd

    out = tmp_path / "sweep"
    big, small = tmp_path / "big.toml", tmp_path / "small.toml"
    big.write_text(SWEEP.format(levels="[false, true]"))
    small.write_text(SWEEP.format(levels="[false]"))
    assert call(["sweep", big, "--out", out, "--quiet", "--workers", 1])[0] == 0
    rc, stdout, err = call(["sweep", small, "--out", out, "--quiet", "--workers", 1])
    assert rc == 0, err
    assert "1 runs: 0 done now, 1 skipped" in stdout
    assert "the folder also holds 1 runs of other experiments" in stdout
    assert len(pd.read_csv(out / "manifest.csv")) == 1
    assert len(list(out.glob("runs/*/run.json"))) == 2  # the bigger sweep's run is kept


# ------------------------------------------------------------------ item 11: smaller message faults


def test_a_misspelt_key_in_a_community_is_named(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(ONE.format(name='"s"').replace("residents = 300", "residnts = 300"))
    rc, _, err = call(["run", path, "--out", tmp_path / "r"])
    assert_user_error(rc, err, f"{path}: unknown key 'communities[0].residnts'; allowed in [communities[0]]: "
                               "name, type, residents")


def test_error_text_keeps_the_spaces_of_a_quoted_value(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(ONE.format(name='"s"').replace('"old_neighbourhood"', '"old   neighbourhood"'))
    rc, _, err = call(["run", path, "--out", tmp_path / "r"])
    assert_user_error(rc, err, "communities[0].type = 'old   neighbourhood' is not allowed")


def test_a_user_error_is_always_one_line():
    from sim.errors import UserError

    assert str(UserError("a\n  b  c\u2028d", "f\nx")) == "f x: a b  c d"


def test_an_experiment_may_not_read_a_scenario_outside_its_folder(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (tmp_path / "elsewhere.toml").write_text(ONE.format(name='"x"'))
    path = work / "exp.toml"
    path.write_text('scenario = "../elsewhere.toml"\n[levers]\none_stop.enabled = [true]\n')
    rc, _, err = call(["sweep", path, "--out", work / "s"])
    assert_user_error(rc, err, f"{path}: scenario = '../elsewhere.toml' leads outside the experiment's folder")
    assert not (work / "s").exists()


def test_a_broken_scenario_is_blamed_from_the_experiment_that_names_it(tmp_path):
    (tmp_path / "bad.toml").write_text("x = \n")
    path = tmp_path / "exp.toml"
    path.write_text('scenario = "bad.toml"\n[levers]\none_stop.enabled = [true]\n')
    rc, _, err = call(["sweep", path, "--out", tmp_path / "s"])
    assert_user_error(rc, err, f"{path}: scenario = 'bad.toml': {tmp_path / 'bad.toml'}: broken TOML")
