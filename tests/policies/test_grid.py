"""Grid management: proactive visits find unraised needs; volunteers cost money."""

import numpy as np

from conftest import effect, paired, run, small, spent

ON = ["grid.enabled=true"]


def test_visits_find_needs_residents_left_unraised():
    pairs = paired(ON, residents=12000)
    assert np.all(effect(pairs, "unmet_need_share") < -0.01)
    assert np.all(effect(pairs, "share_grid") > 0)
    assert all(on["grid_found_share"] > 0.01 and off["grid_found_share"] == 0 for on, off in pairs)
    assert all(on["cost_yuan"] > off["cost_yuan"] for on, off in pairs)


def test_more_visits_find_more():
    more = paired(ON + ["grid.visits_per_worker_day=20"], ON, seeds=(1, 2))
    assert np.all(effect(more, "grid_found_share") > 0)


def test_found_needs_wait_for_the_visit():
    """A found need counts its wait for the visit: response takes longer than for reports."""
    pairs = paired(ON + ["grid.visits_per_worker_day=2", "grid.visits_per_volunteer_day=0"], seeds=(1, 2))
    assert np.all(effect(pairs, "response_days") > 0)


def test_switched_off_its_settings_change_nothing_and_on_it_keeps_invariants():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["grid.volunteers_per_grid=5", "grid.visit_cost_yuan=1"])).acc
    assert np.array_equal(a, b)
    run(small(days=60, sets=ON), validate=True)


def test_under_a_rollout_volunteers_join_the_grid_workers_on_the_communitys_reform_day():
    from sim.enums import HandlerKind
    from sim.model import GovernanceModel

    sets = ON + ["rollout.enabled=true", "rollout.pilots=1", "rollout.wave_start_day=5", "rollout.target_day=20",
                 "rollout.target_share=1"]
    model = GovernanceModel(small(days=25, sets=sets), validate=True)
    t = model.handlers
    rows = np.flatnonzero(t.kind == HandlerKind.GRID_WORKER)
    late = int(np.argmax(model.reform_day))
    r = int(model.reform_day[late])
    mine = rows[t.community[rows] == late]
    before = t.base_capacity[mine].copy()
    model.run(r - 1)
    assert np.array_equal(t.base_capacity[mine], before)  # still the status quo's grid workers
    model.run(1)  # the eve of the reform: the volunteers join, for the capacity released next morning
    extra = model.params["grid.volunteers_per_grid"] * model.params["grid.volunteer_reports_per_day"]
    assert np.allclose(t.base_capacity[mine], before + extra)
    assert model.acc[:r, late, :, model.slot("grid.found")].sum() == 0 and not spent(model, "grid")[:r, late].any()
    model.run(1)
    assert spent(model, "grid")[r, late] > 0
