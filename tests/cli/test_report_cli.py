"""`govsim report DIR`: a self-contained HTML page of a run (KPIs, plots, levers, assumptions) or a
comparison; bad input is one line on stderr and exit code 2."""

from __future__ import annotations

import base64
import contextlib
import io
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim import registry


def call(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


class Page(HTMLParser):
    """The parts of a report a reader sees: headings, table cells and embedded images."""

    def __init__(self):
        super().__init__()
        self.images, self.headings, self.cells, self.links = [], [], [], []
        self._tag = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._tag = tag
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag in ("link", "script") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))

    def handle_data(self, data):
        if self._tag in ("h1", "h2", "h3"):
            self.headings.append(data.strip())
        elif self._tag in ("td", "th"):
            self.cells.append(data.strip())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "sc"
    code, _, err = call(["run", "shanghai-centre", "--residents", "1500", "--days", "30", "--quiet",
                         "--set", "one_stop.max_errands_per_visit=5", "--out", out])
    assert code == 0, err
    return out


def test_run_report_has_kpis_plots_levers_and_assumptions(run_dir, tmp_path):
    target = tmp_path / "r.html"
    code, out, _ = call(["report", run_dir, "--out", target])
    assert code == 0 and str(target) in out
    page = parse(target)
    assert len(page.images) >= 2  # the KPIs over time and by group
    for src in page.images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not page.links  # self-contained: nothing fetched
    assert {"KPIs so far", "Policy levers", "Assumptions behind the changed parameters"} <= set(page.headings)
    assert "Counter wait (min) (counter_wait_min)" in page.cells
    assert "Elderly living alone" in page.cells  # by group
    # Every lever is listed; the changed ones carry the assumption behind them (source and doc).
    levers = [p for p in registry.params().values() if p.role == "lever"]
    assert all(p.name in page.cells for p in levers)
    p = registry.params()["one_stop.max_errands_per_visit"]
    text = target.read_text(encoding="utf-8")
    assert '<tr class="changed"><td>one_stop.max_errands_per_visit</td><td>5</td><td>7</td>' in text
    assert p.source in page.cells and p.doc in page.cells
    assert registry.params()["one_stop.enabled"].doc in page.cells  # switched on by the scenario
    assert registry.params()["grid.enabled"].doc not in page.cells  # at its default: no assumption to show


def test_report_defaults_beside_the_run_and_speaks_chinese(run_dir):
    code, _, _ = call(["report", run_dir, "--lang", "zh"])
    page = parse(run_dir / "report.html")
    assert code == 0 and "政策杠杆" in page.headings and "独居老人" in page.cells


def test_comparison_folder_report(tmp_path):
    folder = tmp_path / "cmp"
    folder.mkdir()
    pd.DataFrame([{"factor": "policy", "level": "b", "baseline_level": "a", "kpi": "close_days", "group": "all",
                   "baseline": 3.0, "policy": 2.5, "diff": -0.5, "lo": -0.7, "hi": -0.3, "n": 3}]
                 ).to_csv(folder / "compare.csv", index=False)
    code, _, err = call(["report", folder])
    assert code == 0, err
    page = parse(folder / "report.html")
    assert "Days to close (close_days)" in page.cells and "-0.5" in page.cells


@pytest.mark.parametrize("make, says", [
    (lambda d: d / "missing", "no such folder"),
    (lambda d: d, "neither a run folder"),
    (lambda d: (d / "f.txt").write_text("x") and d / "f.txt", "is not a folder"),
])
def test_bad_folder_is_one_line_exit_2(tmp_path, make, says):
    code, out, err = call(["report", make(tmp_path)])
    assert code == 2 and says in err and err.count("\n") == 1 and "Traceback" not in err
    assert not list(tmp_path.glob("**/report.html"))
