"""Inputs found by fuzzing and hostile use: each is a clean one-line refusal, or a run that writes all its files.

Regression tests for the first classes of issue 16: numbers too long for
Python to read (in a scenario, an experiment or ``--set``), a pilot-data line
too long for the csv module, and names that matplotlib would read as maths.
"""

from __future__ import annotations

import io

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
