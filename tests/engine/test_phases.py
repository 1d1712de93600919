"""The day's fixed order, pinned: changing it must be a deliberate, visible act."""

from sim import registry
from sim import phases
from sim.model import GovernanceModel


def test_phase_order_is_pinned():
    assert phases.NAMES == (
        "before_day", "residents", "intake", "counters", "handling",
        "community", "institutions", "periodic", "record",
    )


def test_components_act_in_declared_phases_in_a_pinned_order(small_scenario):
    model = GovernanceModel(small_scenario)
    table = {ph: [type(h.__self__).__name__ for h in model._hooks[ph]] for ph in phases.NAMES}
    assert table == {
        "before_day": ["Rollout", "Institutions"],
        "residents": ["Needs"],
        "intake": ["Intake"],
        "counters": ["Counters"],
        "handling": ["Handling"],
        "community": [],
        "institutions": ["Institutions"],
        "periodic": ["Survey"],
        "record": ["Rollout", "Record"],
    }


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
