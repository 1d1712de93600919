"""Courtyard heads as first-line mediators: they settle neighbours' disputes early, learn, and keep to capacity.

The heads' role is isolated by giving them no room (``head_cases_per_month=0``): courtyards run the same
(micro-grids, assemblies, projects) but every dispute goes its normal route.
"""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.enums import Need
from sim.kernels import slots
from sim.model import GovernanceModel
from sim.policies.courtyards import Courtyards

ON = ["courtyards.enabled=true"]
NO_HEADS = ON + ["courtyards.head_cases_per_month=0"]
RAISED = [slots.DISPUTES_NOISE, slots.DISPUTES_PARKING, slots.DISPUTES_FEE]


def _counts(m, *names):
    return [m.acc[..., m.layout[f"courtyards.{n}"]].sum() for n in names]


def test_heads_raise_mediation_success_and_satisfaction():
    pairs = paired(ON, NO_HEADS, seeds=(1, 2, 3), days=150, residents=4000)
    assert np.all(effect(pairs, "mediation_success") > 0.08)  # heads settle 50-60% early on, the rest as before
    assert np.all(effect(pairs, "satisfaction_mean") > 0)
    for on, off in pairs:
        assert on["courtyard_heads_heard_share"] > 0.95 and np.isnan(off["courtyard_heads_settle_share"])


def test_head_settle_prob_grows_from_start_to_end():
    m = run(small(days=1, residents=500, sets=ON))
    c = m.component(Courtyards)
    p = [c.head_settle_prob(t) for t in (0, 100, 365, 730, 1095, 1e6)]
    assert p[0] == pytest.approx(0.5) and p[-1] == pytest.approx(0.97)
    assert np.all(np.diff(p) > 0)
    assert p[2] == pytest.approx(0.97 - 0.47 * np.exp(-1.0))


def test_heads_settle_as_often_as_their_chance_says():
    # Learning switched off (a century's time scale): the heads' settle share is their fixed chance, 0.7.
    m = run(small(days=120, residents=6000, sets=ON + ["courtyards.head_settle_start=0.7",
                                                       "courtyards.head_learning_days=36500"]))
    heard, settled = _counts(m, "heads_heard", "heads_settled")
    assert heard > 500
    assert abs(settled / heard - 0.7) < 3 * np.sqrt(0.7 * 0.3 / heard)


def test_more_experienced_heads_settle_more():
    for seed in (1, 2):
        fast = run(small(days=240, residents=4000, seed=seed, sets=ON + ["courtyards.head_learning_days=30"]))
        slow = run(small(days=240, residents=4000, seed=seed, sets=ON + ["courtyards.head_learning_days=3000"]))
        rate = {}
        for name, m in (("fast", fast), ("slow", slow)):
            h, s = (m.acc[..., m.layout[f"courtyards.{n}"]] for n in ("heads_heard", "heads_settled"))
            rate[name] = s.sum() / h.sum()
            if name == "fast":  # they learn as they go (the slow ones gain ~2 points in these months)
                assert s[60:].sum() / h[60:].sum() > s[:60].sum() / h[:60].sum() + 0.1
        assert rate["fast"] > rate["slow"] + 0.1
        assert fast.results().kpis()["mediation_success"] > slow.results().kpis()["mediation_success"]


def test_heads_keep_to_their_monthly_capacity_and_the_rest_go_the_normal_route():
    # 0.4 cases a head a month: 2 per micro-grid, 6 per community a 30-day month.
    m = run(small(days=120, residents=4000, sets=ON + ["courtyards.head_cases_per_month=0.4"]), validate=True)
    heard = m.acc[..., m.layout["courtyards.heads_heard"]].sum(axis=2)  # (day, community)
    full = m.acc[..., m.layout["courtyards.heads_full"]].sum(axis=2)
    raised = m.acc[..., RAISED].sum(axis=(2, 3))
    monthly = heard.reshape(4, 30, -1).sum(axis=1)
    assert monthly.max() <= 6 and monthly.min() >= 1
    assert full.sum() > 0 and np.array_equal(heard + full, raised)  # every new dispute: heard or turned away


def test_invariants_hold_with_the_mediation_centre_behind_the_heads():
    scenario = small(days=90, residents=4000, sets=ON + ["mediation.enabled=true"])
    carried_in = np.count_nonzero(GovernanceModel(scenario).requests.need == Need.DISPUTE)  # open on day 0
    m = run(scenario, validate=True)
    heard, settled = _counts(m, "heads_heard", "heads_settled")
    done = m.acc.sum(axis=(0, 1, 2))
    assert 0 < settled < heard and carried_in > 0
    assert settled <= done[slots.DISPUTES_SETTLED] <= done[slots.DISPUTES_CONCLUDED] <= done[RAISED].sum() + carried_in
    costs = m.results().costs_by_mechanism()
    assert costs["courtyards"] >= heard * 30.0 and costs["mediation"] > 0  # 30 yuan a hearing, plus the rest


def test_heads_start_afresh_where_the_reform_arrives_later():
    # Communities reform on days 0, 30 and 60; heads learn fast (a month), from newly elected at 0.2 to 1.0.
    wave = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=1", "rollout.wave_start_day=0",
            "rollout.target_day=60", "courtyards.head_settle_start=0.2", "courtyards.head_settle_end=1.0",
            "courtyards.head_learning_days=30"]
    for seed in (1, 2):
        m = run(small(days=90, residents=6000, seed=seed, sets=ON + wave), validate=True)
        heard, settled = (m.acc[..., m.layout[f"courtyards.{n}"]].sum(axis=2) for n in ("heads_heard", "heads_settled"))
        for c, day in enumerate(m.reform_day):
            assert heard[:day, c].sum() == 0 and heard[day:, c].sum() > 0  # no heads before the reform
        first, last = int(np.argmin(m.reform_day)), int(np.argmax(m.reform_day))
        share = {c: settled[60:, c].sum() / heard[60:, c].sum() for c in (first, last)}
        assert share[first] > share[last] + 0.25  # in the same month: experienced heads vs new ones
        chances = m.component(Courtyards).settle_chances()
        assert chances == pytest.approx([m.component(Courtyards).head_settle_prob(m.day - d) for d in m.reform_day])
