"""Every registered mechanism keeps the contract of sim.policies.base."""

import numpy as np
import pytest

from conftest import run, small
from sim import registry
from sim.phases import NAMES

MECHANISMS = [pytest.param(p, id=p.SECTION) for p in registry.MECHANISMS]


def _perturbed(policy):
    """Every numeric setting of the policy moved to the middle of its bounds."""
    sets = []
    for p in policy.PARAMS:
        if p.kind is bool or p.name.endswith(".enabled"):
            continue
        mid = (p.lo + p.hi) / 2
        sets.append(f"{p.name}={int(mid) if p.kind is int else mid}")
    return sets


@pytest.mark.parametrize("policy", MECHANISMS)
def test_declarations_are_complete(policy):
    names = [p.name for p in policy.PARAMS]
    assert names[0] == f"{policy.SECTION}.enabled" and registry.params()[names[0]].default is False
    assert all(n.startswith(policy.SECTION + ".") for n in names)
    assert set(policy.PHASES) <= set(NAMES)
    assert policy.__doc__ and __import__(policy.__module__, fromlist=["_"]).__doc__
    # What it is judged by (the dashboard charts these by default): real KPIs, at least one.
    assert policy.HEADLINE and set(policy.HEADLINE) <= set(registry.by_name()), policy.HEADLINE


@pytest.mark.parametrize("policy", MECHANISMS)
def test_switched_off_nothing_it_declares_changes_the_run(policy):
    base = run(small(days=30, residents=3000)).acc
    off = run(small(days=30, residents=3000, sets=_perturbed(policy))).acc
    assert np.array_equal(base, off)


@pytest.mark.parametrize("policy", MECHANISMS)
def test_switched_on_it_keeps_the_invariants_records_its_cost_and_changes_the_run(policy):
    on = run(small(days=60, residents=4000, sets=[f"{policy.SECTION}.enabled=true"]), validate=True)
    costs = on.results().costs_by_mechanism()
    assert costs[policy.SECTION] > 0
    assert all(v == 0 for k, v in costs.items() if k not in (policy.SECTION, "status_quo"))
    assert costs["status_quo"] > 0
    assert not np.array_equal(on.acc, run(small(days=60, residents=4000)).acc)


# ------------------------------------------------------------------ it never creates a process


def _processes(policy) -> set[str]:
    """The world processes (engine components) a mechanism touches: those it uses, and those whose rule tables
    it writes."""
    owners = {name: d.__name__ for d in registry.ENGINE for name in getattr(d, "RULES", {})}
    return {c.__name__ for c in policy.USES} | {owners[r] for r in policy.RULES}


def test_the_map_of_processes_each_mechanism_touches():
    steppers = {c.__name__ for c in registry.STEPPERS}
    lines = []
    for policy in registry.MECHANISMS:
        touched = _processes(policy)
        assert touched, f"{policy.SECTION} touches no world process"
        assert touched <= steppers, f"{policy.SECTION} names what is no engine component: {touched - steppers}"
        lines.append(f"{policy.SECTION:18s} {', '.join(sorted(touched))}")
    print("\n" + "\n".join(lines))


@pytest.mark.parametrize("policy", MECHANISMS)
def test_switched_on_it_adds_no_process_to_the_world(policy):
    """The same engine components run with it as without it; it only adds itself."""
    on = run(small(days=2, residents=900, sets=[f"{policy.SECTION}.enabled=true"]))
    engine = [type(c) for c in on.components if not hasattr(c, "SECTION") or type(c) in registry.STEPPERS]
    assert engine == list(registry.STEPPERS)
    assert [type(c) for c in on.components if type(c) not in registry.STEPPERS] == [policy]
