"""The status quo lives every world process, and produces every world KPI.

A reform is compared with a status quo that must already have every process
the reform touches, or the comparison credits the reform with what the status
quo merely lacked. In ``baseline`` with no mechanism on:

- the processes the plan's reforms act on produce their KPIs, non-trivially:
  elderly falls and how long the fallen lie, the street office's projects,
  top-down programmes, residents taking part in hearings, property repairs,
  volunteering, peer learning;
- every KPI the engine's components declare is measured (none is null).

A KPI that is renamed keeps a documented successor (``sim/renamed.py``): the
names below are followed to it, so this contract cannot be dodged by a rename.
"""

from __future__ import annotations

import math

import pytest

from sim import registry, renamed
from sim import scenario as sc
from sim.model import GovernanceModel

# The KPIs of the processes reforms act on, each with what it must at least show in the status quo.
REQUIRED = {
    "eldercare_falls_per_elderly_year": 0.05,  # falls happen (urban 60+: 15-20% a year)
    "eldercare_detection_hours": 0.5,  # and the fallen lie before family, neighbours or chance find them
    "projects_completed": 1,  # the street office builds
    "programme_attendance": 0.05,  # top-down programmes in community rooms draw someone
    "participation_rate": 0.01,  # residents take part in hearings
    "repair_close_days": 0.1,  # property managers repair, slowly or not
    "volunteer_hours_served": 1,  # residents help older neighbours without any time bank
    "peer_learned": 1,  # residents learn the app from each other
    "app_able_share": 0.1,
    "digitally_excluded_share": 0.001,
    "counter_wait_min": 0.1,
    "mediation_success": 0.1,
}


@pytest.fixture(scope="module")
def status_quo():
    scenario = sc.load("baseline", residents=9000, days=200)
    assert not registry.active(scenario.params)
    return GovernanceModel(scenario, validate=True).run().results().kpis()


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_each_process_a_reform_acts_on_runs_in_the_status_quo(status_quo, name):
    kpi = renamed.KPIS.get(name, name)  # a renamed KPI is held to the same contract under its new name
    assert kpi in status_quo, f"{name}: no such KPI and no successor in sim/renamed.py"
    value = status_quo[kpi]
    assert value is not None and not math.isnan(value), f"{kpi} is not measured in the status quo"
    assert value >= REQUIRED[name], f"{kpi} = {value} in the status quo"


def test_every_engine_kpi_is_measured_in_the_status_quo(status_quo):
    mechanisms = {i.name for p in registry.MECHANISMS for i in p.INDICATORS}
    engine = [i.name for i in registry.indicators() if i.name not in mechanisms]
    missing = [n for n in engine if status_quo.get(n) is None or math.isnan(status_quo[n])]
    assert not missing, f"world KPIs not measured in the status quo: {missing}"


def test_the_status_quo_builds_every_engine_component():
    model = GovernanceModel(sc.load("baseline", residents=900, days=1))
    assert [type(c) for c in model.components] == list(registry.STEPPERS)
