"""The house has no hidden cycles: the import graph of ``sim`` is acyclic, imports inside functions included.

The graph is read from the source with ``ast`` (every ``import`` statement,
wherever it is: at the top, in a function, under ``TYPE_CHECKING``), so an
import moved into a function to break a cycle is still seen. Declarations sit
at the bottom: ``sim.params``, ``sim.indicators`` and ``sim.calendar`` import
nothing else from ``sim``; only ``sim.registry`` knows every component and
mechanism.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sim

ROOT = Path(sim.__file__).parent


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    out = {}
    for f in ROOT.rglob("*.py"):
        parts = ("sim", *f.relative_to(ROOT).with_suffix("").parts)
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def _target(name: str, mods) -> str | None:
    """The module an imported dotted name lives in (``sim.x.y`` -> ``sim.x`` if ``y`` is an attribute)."""
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """``module -> modules of sim it imports`` (the package ``sim`` itself left out: everything is in it)."""
    mods = modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                names = [f"{base}.{a.name}" for a in node.names]
            for name in names:
                target = _target(name, mods) if name.startswith("sim") else None
                # importing sim.a.b also runs sim.a's __init__
                while target and target != "sim":
                    if target != mod and not mod.startswith(target + "."):
                        graph[mod].add(target)
                    target = target.rpartition(".")[0]
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(root):
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_reader_sees_imports_inside_functions():
    graph = import_graph()
    assert "sim.registry" in graph["sim.model"]
    assert "sim.results" in graph["sim.model"]  # imported inside GovernanceModel.results()


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_anywhere_in_sim():
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


@pytest.mark.parametrize("leaf", ["sim.params", "sim.indicators", "sim.calendar", "sim.phases", "sim.errors"])
def test_declarations_import_nothing_else_from_sim(leaf):
    assert import_graph()[leaf] == set()


def test_only_the_registry_and_what_sits_above_it_know_the_mechanisms():
    graph = import_graph()
    below = [m for m in graph if m.startswith(("sim.components", "sim.institutions", "sim.kernels"))
             or m in ("sim.params", "sim.indicators", "sim.population", "sim.requests")]
    for mod in below:
        wrong = {t for t in graph[mod] if t.startswith("sim.policies") or t in ("sim.registry", "sim.model",
                                                                                  "sim.results")}
        assert not wrong, f"{mod} imports {sorted(wrong)}"


def test_kernels_import_only_kernels_and_the_random_numbers():
    graph = import_graph()
    for mod in (m for m in graph if m.startswith("sim.kernels")):
        # and two declarations: the enums and the calendar (``NO_DAY``; sim.numba_cache hashes it with the kernels)
        allowed = {"sim.rng", "sim.enums", "sim.calendar"}
        assert {t for t in graph[mod] if not t.startswith("sim.kernels")} <= allowed, mod


def test_each_kernel_module_has_one_short_name_everywhere():
    names: dict[str, set[str]] = {}
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "sim.kernels":
                for a in node.names:
                    if a.asname:
                        names.setdefault(a.asname, set()).add(a.name)
    clashes = {alias: mods for alias, mods in names.items() if len(mods) > 1}
    assert not clashes, f"one short name for several kernel modules: {clashes}"
