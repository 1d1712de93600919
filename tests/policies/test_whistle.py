"""The whistle: cross-department problems close much sooner when departments act together."""

import numpy as np

from conftest import effect, paired, run, small

ON = ["whistle.enabled=true"]


def test_joint_action_cuts_the_days_to_close_cross_department_problems():
    pairs = paired(ON, residents=12000)
    cut = effect(pairs, "crossdept_close_days")
    assert np.all(cut < -1.0), cut  # departments in turn take days longer than one joint visit
    on = np.array([a["crossdept_close_days"] for a, _ in pairs])
    assert np.all(on <= 3.5)  # the plan: on site within 3 working days
    assert all(a["cost_yuan"] > b["cost_yuan"] for a, b in pairs)


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["whistle.cost_per_problem_yuan=5"])).acc
    assert np.array_equal(a, b)
