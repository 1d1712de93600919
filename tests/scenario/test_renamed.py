"""Renamed parameters and KPIs: an old name is refused in one line that names its successor."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import registry, renamed
from sim.errors import UserError
from sim.scenario import apply_sets, load

DOC = Path(__file__).resolve().parents[2] / "docs" / "renamed.md"


def test_every_successor_exists_and_no_old_name_is_still_in_use():
    params, kpis = registry.params(), registry.kpi_names()
    for old, new in renamed.PARAMS.items():
        assert new in params and old not in params, (old, new)
    for old, new in renamed.KPIS.items():
        assert new in kpis and old not in kpis, (old, new)


def test_the_docs_list_every_rename():
    text = DOC.read_text()
    for old, new in (*renamed.PARAMS.items(), *renamed.KPIS.items()):
        assert f"| `{old}` | `{new}` |" in text, f"docs/renamed.md does not list {old} -> {new}"


@pytest.fixture
def one_rename(monkeypatch):
    monkeypatch.setitem(renamed.PARAMS, "one_stop.staff", "one_stop.desk_share")
    monkeypatch.setitem(renamed.KPIS, "wait_minutes", "counter_wait_min")


def test_an_old_parameter_in_a_file_names_its_successor(tmp_path, one_rename):
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\ndays = 10\n[one_stop]\nstaff = 0.5\n[[communities]]\nname = "a"\n'
                    'type = "old_neighbourhood"\nresidents = 1000\n')
    with pytest.raises(UserError) as e:
        load(path)
    assert "'one_stop.staff' was renamed 'one_stop.desk_share'" in str(e.value)


def test_an_old_parameter_in_a_set_names_its_successor(one_rename):
    with pytest.raises(UserError, match="'one_stop.staff' was renamed 'one_stop.desk_share'"):
        apply_sets({}, ["one_stop.staff=0.5"])


def test_an_old_kpi_names_its_successor(one_rename):
    assert registry.kpi_problem("wait_minutes") == \
        "the KPI 'wait_minutes' was renamed 'counter_wait_min' (docs/renamed.md)"
    assert registry.kpi_problem("counter_wait_min") is None
    assert "did you mean counter_wait_min" in registry.kpi_problem("counter_wait_mn")
