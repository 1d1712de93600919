"""Pilot data files: the documented format is read; bad files are one line naming the line and column;
the simulated monthly indicators add up to the run's KPIs."""

from __future__ import annotations

import numpy as np
import pytest

from sim.calibration import monthly, pilot
from sim.errors import UserError

COMMS = ("Old town", "Riverside Gardens", "East village")
GOOD = """\
# a comment
community,month,indicator,value,n
Old town,1,satisfaction,0.77,200

Old town,2,close_days,3.1,
all,12,mediation_success,0.75,40
"""


def write(tmp_path, text, name="pilot.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_good_file_is_read_with_line_numbers(tmp_path):
    df = pilot.read(write(tmp_path, GOOD), COMMS, 12)
    assert list(df.community) == ["Old town", "Old town", "all"]
    assert list(df.month) == [1, 2, 12]
    assert list(df.line) == [3, 5, 6]
    assert df.n.iloc[0] == 200 and np.isnan(df.n.iloc[1])


def test_n_column_is_optional(tmp_path):
    df = pilot.read(write(tmp_path, "community,month,indicator,value\nEast village,3,unmet_need_share,0.1\n"),
                    COMMS, 12)
    assert len(df) == 1 and np.isnan(df.n.iloc[0])


HEAD = "community,month,indicator,value,n\n"
BAD = [
    (HEAD + "Old town,1,happiness,0.7,200\n", "line 2, column indicator: 'happiness' is not a monthly indicator"),
    (HEAD + "Old town,1,satisfactoin,0.7,200\n", "did you mean satisfaction"),
    (HEAD + "Old town,13,satisfaction,0.7,200\n", "line 2, column month: '13' is not allowed; allowed: a whole "
     "number from 1 to 12"),
    (HEAD + "Old town,1,satisfaction,0.7,200\nOld town,0,satisfaction,0.7,200\n", "line 3, column month: '0'"),
    (HEAD + "Old town,1.5,satisfaction,0.7,200\n", "line 2, column month: '1.5'"),
    (HEAD + "Old town,1,satisfaction,1.3,200\n", "line 2, column value: '1.3' is not allowed for satisfaction "
     "(share); allowed: a number from 0 to 1"),
    (HEAD + "Old town,1,close_days,-2,\n", "line 2, column value: '-2' is not allowed for close_days"),
    (HEAD + "Old town,1,close_days,abc,\n", "line 2, column value: 'abc'"),
    (HEAD + "Old town,1,close_days,nan,\n", "line 2, column value: 'nan'"),
    (HEAD + "Old town,1,satisfaction,0.7,0\n", "line 2, column n: '0' is not allowed"),
    (HEAD + "Old town,1,satisfaction,0.7,2.5\n", "line 2, column n: '2.5'"),
    (HEAD + "New town,1,satisfaction,0.7,200\n", "line 2, column community: 'New town' is not a community of the "
     "scenario; did you mean 'Old town'?"),
    ("community,month,value,n\nOld town,1,0.7,200\n", "line 1: missing column 'indicator'"),
    ("community,month,indicator,val\nOld town,1,satisfaction,0.7\n", "line 1: unknown column 'val'; did you mean "
     "'value'?"),
    ("", "is empty"),
    ("# only a comment\n\n", "is empty"),
    (HEAD, "has a header but no data lines"),
    (HEAD + "Old town,1,satisfaction,0.7,200\nOld town,1,satisfaction,0.8,200\n",
     "line 3: Old town, month 1, satisfaction is given twice (first at line 2)"),
    (HEAD + "Old town,1,satisfaction,0.7,200,9\n", "line 2: 6 fields where the header (line 1) has 5"),
]


@pytest.mark.parametrize("text,needle", BAD, ids=[b[1][:40] for b in BAD])
def test_bad_pilot_file_is_one_line_naming_line_and_column(tmp_path, text, needle):
    path = write(tmp_path, text)
    with pytest.raises(UserError) as err:
        pilot.read(path, COMMS, 12)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path) + ": "), message
    assert needle in message, message


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"community,month\n\xff\xfe\n")
    with pytest.raises(UserError, match="is not UTF-8 text"):
        pilot.read(path, COMMS, 12)
    with pytest.raises(UserError, match="cannot read"):
        pilot.read(tmp_path / "missing.csv", COMMS, 12)


def test_monthly_indicators_add_up_to_the_run_kpis():
    from conftest import run, small

    results = run(small(days=90, residents=1500)).results()
    names = ["close_days", "unmet_need_share", "satisfaction"]
    df = monthly.monthly(results.acc, results.communities, names)
    assert set(df.month) == {1, 2, 3}
    assert set(df.community) == {*results.communities, monthly.ALL}
    pooled = df[df.community == monthly.ALL]
    for name in ("close_days", "unmet_need_share"):  # flows: the n-weighted mean of the months is the run's ratio
        part = pooled[pooled.indicator == name]
        assert np.isclose((part.value * part.n).sum() / part.n.sum(), results.kpis()[name])
    by_comm = results.kpis_by_community()
    for comm in results.communities:
        part = df[(df.community == comm) & (df.indicator == "close_days")]
        assert np.isclose((part.value * part.n).sum() / part.n.sum(), by_comm[comm]["close_days"])
    sat = pooled[pooled.indicator == "satisfaction"]  # one survey wave a month, ~200 respondents a community
    assert (sat.n == 200 * len(results.communities)).all()
    assert np.isclose(sat.value.iloc[-1], results.timeseries().query("day == 89").satisfaction.mean(), atol=0.05)


def test_only_ratio_indicators_are_monthly():
    names = monthly.indicators()
    assert "satisfaction" in names and "close_days" in names and "counter_wait_min" in names
    assert "requests" not in names and "cost_yuan" not in names
    assert monthly.bounds("satisfaction") == (0.0, 1.0) and monthly.bounds("close_days")[1] == np.inf
