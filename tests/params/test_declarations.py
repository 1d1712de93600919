"""Every parameter is declared once, completely, and everything reads that declaration."""

import re

import pytest

from sim import params, registry, scenario
from sim.params import Param


def test_every_parameter_is_complete_and_within_its_bounds():
    reg = registry.params()
    assert len(reg) > 100
    for p in reg.values():
        assert p.unit and p.doc and p.source, p.name
        assert p.role in params.ROLES
        if p.kind is not bool:
            assert p.lo <= p.default <= p.hi, p.name


def test_sources_cite_the_plan_a_public_figure_or_say_assumption():
    cited = re.compile(r"plan §|assumption:|MCA|census|survey|CNNIC|Jiangsu|Shanghai|reports", re.I)
    for p in registry.params().values():
        assert cited.search(p.source), (p.name, p.source)


def test_a_parameter_declared_twice_is_refused(monkeypatch):
    class Twice:
        PARAMS = (Param("x.y", 1.0, 0.0, 2.0, "u", "assumption: test", "doc"),) * 2

    monkeypatch.setattr(registry, "DECLARERS", (Twice,))
    registry.params.cache_clear()
    try:
        with pytest.raises(ValueError, match="declared twice"):
            registry.params()
    finally:
        registry.params.cache_clear()


@pytest.mark.parametrize("bad", [
    Param("nosection", 1.0, 0.0, 2.0, "u", "assumption: x", "doc"),
    Param("a.b", 3.0, 0.0, 2.0, "u", "assumption: x", "doc"),
    Param("a.b", 1.0, 0.0, 2.0, "", "assumption: x", "doc"),
    Param("a.b", 1.0, 0.0, 2.0, "u", "assumption: x", "doc", role="knob"),
])
def test_incomplete_declarations_are_refused(bad):
    with pytest.raises(ValueError):
        bad.check()


def test_the_scenario_schema_is_built_from_the_declarations():
    doc = scenario.to_document(scenario.load("baseline"))
    for name, p in registry.params().items():
        node = doc
        for part in name.split("."):
            node = node[part]
        assert node == p.default, name


def test_the_declaring_list_is_explicit():
    assert registry.DECLARERS == registry.ENGINE + registry.MECHANISMS
    assert list(registry.params()) == [p.name for d in registry.DECLARERS for p in d.PARAMS]
