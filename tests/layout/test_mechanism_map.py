"""The mechanism map: each mechanism's module, kernels, rules written, components used and phases.

The map is built from the registry and the source (``ast``: the kernels a
mechanism's module imports) and printed (``pytest -s``, or run this file:
``PYTHONPATH=.:tests python tests/layout/test_mechanism_map.py``, which also runs
each mechanism to show the rules it changed).

The rules column is checked by behaviour, not by reading code: each mechanism
of ``registry.MECHANISMS`` is switched on alone in a small scenario for a few
days, and every rule table (``model.rules``) is compared with its status quo;
a table that differs must be one the mechanism declares in ``RULES``. A
mechanism can only get a writable table through ``Policy.rule``, which refuses
undeclared names, so the run-time check catches writes that go around it.
"""

from __future__ import annotations

import ast
import inspect
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from conftest import run, small
from sim import registry
from sim.policies.base import Policy, UndeclaredRuleError
from sim.policies.whistle import Whistle

MECHANISMS = [pytest.param(p, id=p.SECTION) for p in registry.MECHANISMS]
DAYS, RESIDENTS = 10, 2000


def kernels_imported(cls) -> list[str]:
    """The ``sim.kernels`` modules the mechanism's module imports (read with ``ast``)."""
    tree = ast.parse(Path(inspect.getsourcefile(cls)).read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sim.kernels.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sim.kernels"):
            if node.module == "sim.kernels":  # from sim.kernels import handling as kh
                found |= {f"sim.kernels.{a.name}" for a in node.names}
            else:  # from sim.kernels.privacy import incidents
                found.add(node.module)
    return sorted(k.removeprefix("sim.kernels.") for k in found)


def mechanism_map() -> list[dict]:
    """One row per registered mechanism, in registry order."""
    return [{"mechanism": cls.SECTION, "module": cls.__module__, "kernels": kernels_imported(cls),
             "rules": list(cls.RULES), "uses": [u.__name__ for u in cls.USES], "phases": list(cls.PHASES)}
            for cls in registry.MECHANISMS]


def format_map(rows, changed: dict | None = None) -> str:
    cols = ["mechanism", "module", "kernels", "rules", "uses", "phases"] + (["changed"] if changed else [])
    cells = [[r["mechanism"], r["module"], *(", ".join(r[c]) or "-" for c in cols[2:6])]
             + ([", ".join(changed[r["mechanism"]]) or "-"] if changed else []) for r in rows]
    width = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, width)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, width)).rstrip() for row in cells]
    return "\n".join(lines)


# Levers set away from their defaults so that a rule a mechanism changes only with them is exercised.
LEVERS = {"digital_inclusion": ["digital_inclusion.manual_windows=false", "digital_inclusion.large_print_manuals=true"],
          "platform": ["channels.app_available=false"]}  # the status quo without an app: the platform brings one


@lru_cache(maxsize=None)
def _alone(section: str):
    return run(small(days=DAYS, residents=RESIDENTS, sets=[f"{section}.enabled=true", *LEVERS.get(section, [])]))


def changed_rules(model) -> set[str]:
    """The rule tables whose reform rows differ from the status quo after the run."""
    return set(model.rules.changed())


def undeclared_writes(cls) -> set[str]:
    """Rule tables the mechanism, switched on alone, changed without declaring them."""
    return changed_rules(_alone(cls.SECTION)) - set(cls.RULES)


def test_the_map_is_complete_and_printed():
    rows = mechanism_map()
    print("\n" + format_map(rows))
    tables = set(registry.rule_tables())
    assert tables == {"routing", "resolve", "disputes", "counters", "channels", "channels_open", "volunteering",
                      "records", "learning", "property"}
    assert [r["mechanism"] for r in rows] == [p.SECTION for p in registry.MECHANISMS]
    for r, cls in zip(rows, registry.MECHANISMS):
        assert r["module"].startswith("sim.policies.")
        assert set(r["rules"]) <= tables, f"{r['mechanism']} declares an unknown rule table"
        assert len(set(r["rules"])) == len(r["rules"])
        assert all(u in registry.STEPPERS for u in cls.USES), f"{r['mechanism']} uses a non-engine component"
    assert "handling" in dict((r["mechanism"], r["kernels"]) for r in rows)["whistle"]


def test_the_rules_the_map_shows():
    declared = {cls.SECTION: set(cls.RULES) for cls in registry.MECHANISMS if cls.RULES}
    assert declared == {
        "first_contact": {"routing"}, "whistle": {"routing"}, "social_workers": {"resolve"},
        "platform": {"routing", "channels", "channels_open"}, "digital_inclusion": {"channels_open", "learning"},
        "one_stop": {"counters"}, "data_sharing": {"counters", "records"}, "data_protection": {"records"},
        "timebank": {"volunteering"}, "mediation": {"disputes"}, "property": {"resolve", "property"},
    }


@pytest.mark.parametrize("policy", MECHANISMS)
def test_a_mechanism_changes_only_the_rules_it_declares(policy):
    model = _alone(policy.SECTION)
    changed = changed_rules(model)
    assert not changed - set(policy.RULES), (
        f"{policy.__name__} changed rules it does not declare: {sorted(changed - set(policy.RULES))}")
    # and the map does not overstate: with its defaults, each rule it declares is changed within the run
    assert changed == set(policy.RULES), f"{policy.__name__} declares rules it did not change: " \
                                         f"{sorted(set(policy.RULES) - changed)}"
    # the status quo itself is never changed
    for name, build in registry.rule_tables().items():
        expected = np.tile(build(model.params), (len(model.community_types), 1))
        assert np.array_equal(model.rules.status_quo(name), expected), name


def test_with_every_mechanism_on_every_changed_rule_is_declared_by_one_of_them():
    sets = [f"{p.SECTION}.enabled=true" for p in registry.MECHANISMS] + [s for v in LEVERS.values() for s in v]
    model = run(small(days=DAYS, residents=RESIDENTS, sets=sets))
    declared = {name for p in registry.MECHANISMS for name in p.RULES}
    assert changed_rules(model) <= declared
    assert changed_rules(model) == set(registry.rule_tables())  # every table is some mechanism's


def test_the_check_fails_for_a_mechanism_that_does_not_declare_what_it_writes(monkeypatch):
    # Whistle writes the routing rule; without the declaration, the guard refuses the write ...
    monkeypatch.setattr(Whistle, "RULES", ())
    with pytest.raises(UndeclaredRuleError, match="routing"):
        run(small(days=1, residents=RESIDENTS, sets=["whistle.enabled=true"]))
    # ... and a write that goes around the guard is caught by the run-time comparison.
    monkeypatch.setattr(Policy, "rule", lambda self, name: self.model.rules.writable(name))
    _alone.cache_clear()
    try:
        assert undeclared_writes(Whistle) == {"routing"}
        with pytest.raises(AssertionError, match="does not declare"):
            test_a_mechanism_changes_only_the_rules_it_declares(Whistle)
    finally:
        _alone.cache_clear()


def test_rule_refuses_an_undeclared_name():
    model = run(small(days=1, residents=RESIDENTS, sets=["whistle.enabled=true"]))
    whistle = model.component(Whistle)
    assert whistle.rule("routing") is model.rules.writable("routing")
    for name in ("counters", "resolve", "channels", "disputes", "no_such_rule"):
        with pytest.raises(UndeclaredRuleError, match=name):
            whistle.rule(name)


def test_a_mechanism_may_not_declare_a_table_that_does_not_exist(monkeypatch):
    monkeypatch.setattr(Whistle, "RULES", ("routing", "no_such_rule"))
    with pytest.raises(ValueError, match="no_such_rule"):
        run(small(days=1, residents=RESIDENTS, sets=["whistle.enabled=true"]))


if __name__ == "__main__":
    print(format_map(mechanism_map(), {p.SECTION: sorted(changed_rules(_alone(p.SECTION)))
                                       for p in registry.MECHANISMS}))
