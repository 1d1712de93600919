"""`govsim compare`'s plots: at most 12 panels, the KPIs asked for or those that moved most, and the command
names what was left out; axes carry the KPI's unit and row labels are whole."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from sim import registry
from sim.experiments.compare import COLUMNS
from sim.experiments.plots import MAX_PANELS, compare_figure, panel_kpis

from .test_cli import call

KPIS = [k for k in registry.by_name() if not k.startswith("cost_per")][:20]


def _rows(moves: dict[str, float], factor="policy", level="reform") -> pd.DataFrame:
    """One comparison's rows for all residents: every KPI at baseline 10, moved by ``moves`` (default 0.1)."""
    rows = [(factor, level, "off", k, "all", 10.0, 10.0 + moves.get(k, 0.1), moves.get(k, 0.1), 0.0, 0.2, 5)
            for k in KPIS]
    return pd.DataFrame(rows, columns=COLUMNS)


def test_the_kpis_that_moved_most_are_drawn_in_the_tables_order():
    last = KPIS[-1]
    drawn, left = panel_kpis(_rows({last: 5.0, KPIS[3]: -4.0}))
    assert len(drawn) == MAX_PANELS and len(left) == len(KPIS) - MAX_PANELS
    assert last in drawn and KPIS[3] in drawn  # moved most, wherever they stand in the table
    assert drawn == [k for k in KPIS if k in drawn] and set(drawn) | set(left) == set(KPIS)


def test_the_kpis_asked_for_are_drawn():
    asked = KPIS[-3:]
    drawn, left = panel_kpis(_rows({}), asked)
    assert drawn == asked and len(left) == len(KPIS) - 3


def test_a_few_kpis_are_all_drawn():
    rows = _rows({})
    rows = rows[rows.kpi.isin(KPIS[:5])]
    assert panel_kpis(rows) == (KPIS[:5], [])


def test_axes_have_units_and_labels_are_whole():
    rows = _rows({}, factor="incentives.yuan_per_participation", level="10")
    rows = pd.concat([rows, rows.assign(level="20")])
    k = KPIS[0]
    fig = compare_figure(rows[rows.kpi == k].assign(group="elderly_alone"), "t", [k])
    ax = fig.axes[0]
    assert ax.get_xlabel() == f"difference ({registry.by_name()[k].unit})"
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "yuan_per_participation=10: elderly_alone" in labels
    plt.close(fig)


def test_compare_names_the_kpis_it_did_not_draw(tmp_path):
    for side, sets in (("s1", []), ("s2", ["--set", "residents.trust_initial=0.3"])):
        rc, _, err = call(["run", "baseline", "--days", 3, "--residents", 200, "--quiet", *sets,
                           "--out", tmp_path / side])
        assert rc == 0, err
    rc, out, err = call(["compare", tmp_path / "s1", tmp_path / "s2", "--out", tmp_path / "cmp"])
    assert rc == 0, err
    shown = pd.read_csv(tmp_path / "cmp" / "compare.csv").kpi.nunique()
    assert shown > MAX_PANELS
    line = next(s for s in out.splitlines() if s.startswith("the plots show"))
    assert line.startswith(f"the plots show {MAX_PANELS} of {shown} KPIs (those that moved most")
    assert len(line.split("left out: ")[1].split(" (--kpis")[0].split(", ")) == shown - MAX_PANELS
