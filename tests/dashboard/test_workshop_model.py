"""The dashboard's model factory: lever values applied and checked, the baseline on the same seed."""

from __future__ import annotations

import numpy as np
import pytest

from sim.errors import UserError
from sim.results import kpi_values
from sim.viz import charts
from sim.viz.workshop_model import WorkshopModel

SMALL = 600


def test_lever_values_reach_the_policy_run_only():
    wm = WorkshopModel("shanghai-centre-baseline", residents=SMALL,
                       **{"one_stop.enabled": True, "one_stop.max_errands_per_visit": 3})
    assert wm.policy.params["one_stop.enabled"] is True
    assert wm.policy.params["one_stop.max_errands_per_visit"] == 3
    assert wm.baseline.params["one_stop.enabled"] is False
    assert wm.active() == ["one_stop"]
    assert wm.policy.pop.n == wm.baseline.pop.n == SMALL
    assert wm.policy.scenario.seed == wm.baseline.scenario.seed


def test_baseline_switches_every_mechanism_off():
    wm = WorkshopModel("shanghai-centre", residents=SMALL)
    assert wm.policy.params["one_stop.enabled"] and wm.policy.params["data_sharing.enabled"]
    assert not any(v for k, v in wm.baseline.params.items() if k.endswith(".enabled"))


def test_bad_lever_values_are_one_line_errors():
    with pytest.raises(UserError, match="is not a lever"):
        WorkshopModel("baseline", residents=SMALL, **{"residents.trust_initial": 0.5})
    with pytest.raises(UserError, match="max_errands_per_visit"):
        WorkshopModel("baseline", residents=SMALL, **{"one_stop.max_errands_per_visit": 99})


def test_same_seed_without_levers_the_two_runs_are_identical_and_a_lever_changes_the_policy():
    same = WorkshopModel("shanghai-centre-baseline", residents=3000)
    moved = WorkshopModel("shanghai-centre-baseline", residents=3000, **{"one_stop.enabled": True})
    for _ in range(15):
        same.step()
        moved.step()
    np.testing.assert_array_equal(same.policy.acc, same.baseline.acc)
    np.testing.assert_array_equal(moved.baseline.acc, same.baseline.acc)
    assert not np.array_equal(moved.policy.acc, moved.baseline.acc)
    table = charts.kpi_table(moved).set_index("kpi")
    assert table.loc["counter_wait_min"].iloc[2] < 0  # the one-stop desk shortens the wait


def test_steps_past_the_scenarios_days(tmp_path):
    path = tmp_path / "short.toml"
    path.write_text('name = "short"\ndays = 2\n[[communities]]\nname = "A"\ntype = "old_neighbourhood"\n'
                    "residents = 300\n")
    wm = WorkshopModel(str(path), residents=None)
    for _ in range(5):
        wm.step()
    assert wm.day == 5 and wm.policy.results().acc.shape[0] == 5
    assert kpi_values(wm.policy.results().acc)["needs"] > 0


def test_solaraviz_accepts_the_model_params_and_the_language_is_checked():
    from mesa.visualization.solara_viz import _check_model_params  # what SolaraViz runs on its model_params

    from sim.viz.dashboard import model_params

    _check_model_params(WorkshopModel.__init__, model_params("shanghai-centre", residents=SMALL, levers=("all",)))
    assert WorkshopModel("baseline", residents=SMALL, lang="zh").lang == "zh"
    with pytest.raises(ValueError, match="supported: en, zh"):
        WorkshopModel("baseline", residents=SMALL, lang="fr")
