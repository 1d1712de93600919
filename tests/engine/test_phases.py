"""The day's fixed order, pinned: changing it must be a deliberate, visible act."""

import pytest

from sim import phases, registry
from sim import scenario as sc
from sim.components.deliberation import Deliberation
from sim.components.programmes import Programmes
from sim.components.projects import Projects
from sim.model import GovernanceModel


def test_phase_order_is_pinned():
    assert phases.NAMES == (
        "before_day", "residents", "seats_held", "channels", "intake", "counters", "handling",
        "community", "institutions", "periodic", "programmes", "civic", "decisions", "projects", "record",
    )


def test_components_act_in_declared_phases_in_a_pinned_order(small_scenario):
    model = GovernanceModel(small_scenario)
    table = {ph: [type(h.__self__).__name__ for h in model._hooks[ph]] for ph in phases.NAMES}
    assert table == {
        "before_day": ["Rollout", "Institutions", "PropertyManagement"],
        "residents": ["Needs", "Falls", "Volunteering", "Records", "Learning"],
        "seats_held": ["Programmes"],
        "channels": ["Intake"],
        "intake": ["Intake", "Exclusion"],
        "counters": ["Counters", "PropertyManagement"],
        "handling": ["Handling"],
        "community": ["PropertyManagement"],
        "institutions": ["Institutions"],
        "periodic": ["Survey", "Projects"],
        "programmes": ["Programmes"],
        "civic": ["Deliberation", "Projects"],
        "decisions": ["Projects"],
        "projects": ["Projects"],
        "record": ["Rollout", "Learning", "Record", "RunningCosts"],
    }


def test_the_monthly_sub_order_is_the_phase_table(small_scenario):
    """With every mechanism on, the month's work runs in the table's order: programmes, then the round,
    proposals, decisions (street office or committee, then courtyards) and projects; no substrate calls a
    mechanism and no mechanism runs a substrate."""
    on = [f"{p.SECTION}.enabled=true" for p in registry.MECHANISMS]
    model = GovernanceModel(sc.load("baseline", sets=on, residents=2000, days=5))
    table = {ph: [type(h.__self__).__name__ for h in model._hooks[ph]] for ph in phases.NAMES}
    assert table["seats_held"] == ["Programmes"]
    assert table["channels"] == ["Intake", "GridManagement"]  # visits find needs after the choice, before requests
    assert table["periodic"] == ["Survey", "Projects", "DigitalInclusion"]
    assert table["programmes"] == ["Programmes", "ResourcePool", "Partners", "Funding", "Evaluation"]
    assert table["civic"] == ["Deliberation", "Projects", "Participation"]
    assert table["decisions"] == ["Projects", "Committee", "Courtyards"]
    assert table["projects"] == ["Projects", "Courtyards"]


@pytest.mark.parametrize("switch", [None, "committee", "programming", "funding"])
def test_every_engine_component_is_built_in_every_run_whatever_is_switched_on(switch):
    sets = [f"{switch}.enabled=true"] if switch else []
    model = GovernanceModel(sc.load("baseline", sets=sets, residents=1000, days=5))
    built = [type(c) for c in model.components][:len(registry.STEPPERS)]
    assert built == list(registry.STEPPERS)
    assert {Deliberation, Projects, Programmes} <= set(built)


def test_every_component_names_only_real_phases_and_has_their_methods():
    for cls in registry.STEPPERS:
        assert set(cls.PHASES) <= set(phases.NAMES), cls
        for ph in cls.PHASES:
            assert callable(getattr(cls, ph)), (cls, ph)


def test_step_advances_one_day_and_records_it(small_scenario):
    model = GovernanceModel(small_scenario)
    model.step()
    model.step()
    assert model.day == 2
    assert model.acc[:2].sum() > 0 and model.acc[2:].sum() == 0
