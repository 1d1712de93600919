"""`govsim params` fits the terminal it prints to, never cutting a name or a unit; `--full` gives every column
whole."""

from __future__ import annotations

import contextlib
import io

import pytest

from sim import registry
from sim.cli import main


def _params(monkeypatch, columns: int, *extra) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["params", *extra]) == 0
    return out.getvalue()


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_the_default_table_fits_the_terminal(monkeypatch, columns):
    out = _params(monkeypatch, columns)
    longest_name = max(map(len, registry.params()))
    assert all(len(line) <= max(columns, longest_name) for line in out.splitlines())
    assert "source" not in out.splitlines()[0]


def test_no_name_or_unit_is_cut(monkeypatch):
    out = _params(monkeypatch, 80)
    words = out.split()
    table = registry.param_table()
    assert set(table["name"]) <= set(words)
    for unit in set(table["unit"].dropna()):
        assert all(word in words for word in unit.split()), unit
    assert "…" not in out


def test_a_wide_terminal_gives_one_line_per_parameter(monkeypatch):
    out = _params(monkeypatch, 200, "--grep", "survey.")
    rows = out.split("\n\n")[0].splitlines()[1:]
    assert len(rows) == sum("survey." in n for n in registry.params())
    assert "parameters (--full" in out


def test_full_gives_every_column_whole(monkeypatch):
    out = _params(monkeypatch, 80, "--full", "--grep", "survey.sample_per_community")
    header, row = out.splitlines()[:2]
    assert header.split() == list(registry.param_table().columns)
    p = registry.param_table().set_index("name").loc["survey.sample_per_community"]
    assert p["source"] in row and p["doc"] in row
