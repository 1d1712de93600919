"""The roll-out schedule: pilots spanning the types, the wave to the target share, the rest unreformed."""

import math

import numpy as np
import pytest

from conftest import run, small
from sim.components.rollout import NEVER, schedule
from sim import registry

TYPES = [0] * 50 + [1] * 30 + [2] * 20  # 100 communities of three types


def _params(**overrides):
    p = {name: decl.default for name, decl in registry.params().items() if name.startswith("rollout.")}
    p["rollout.enabled"] = True
    p.update({f"rollout.{k}": v for k, v in overrides.items()})
    return p


def test_without_a_rollout_every_community_reforms_on_day_0():
    assert not schedule(_params(enabled=False), TYPES, seed=1).any()


def test_the_plans_schedule_20_pilots_in_year_1_and_80_percent_by_the_end_of_year_2():
    day = schedule(_params(), TYPES, seed=1)
    pilots = day == 0
    assert pilots.sum() == 20
    assert np.bincount(np.asarray(TYPES)[pilots]).min() >= 6  # the pilots span the types
    assert not np.any((day > 0) & (day <= 365))  # nothing more during the pilot year
    assert (day <= 729).sum() == 80 and day.max() == NEVER and (day == NEVER).sum() == 20
    wave = np.sort(day[(day > 365) & (day <= 729)])
    assert wave[-1] == 729 and np.ptp(np.diff(wave)) <= 1  # evenly spread, the last on the target day


@pytest.mark.parametrize("n", [1, 7, 33])
@pytest.mark.parametrize("share", [0.0, 0.5, 0.8, 1.0])
def test_the_target_share_is_met_whatever_the_size(n, share):
    day = schedule(_params(pilots=3, target_share=share), [c % 3 for c in range(n)], seed=4)
    assert (day <= 729).sum() == max(min(3, n), math.ceil(share * n - 1e-9))


def test_the_order_depends_on_the_seed_and_nothing_else():
    a, b = schedule(_params(), TYPES, seed=1), schedule(_params(), TYPES, seed=1)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, schedule(_params(), TYPES, seed=2))


def test_live_follows_the_reform_days_and_the_reformed_share_is_reported():
    m = run(small(days=40, sets=["grid.enabled=true", "rollout.enabled=true", "rollout.pilots=1",
                                 "rollout.target_share=1", "rollout.wave_start_day=10", "rollout.target_day=30"]))
    assert np.array_equal(m.live, m.reform_day <= m.day - 1)
    share = m.results().timeseries().groupby("day")["reformed_share"].sum()
    assert share.iloc[0] > 0 and share.iloc[-1] == pytest.approx(3.0)  # one row per community, each fully in
    assert m.results().kpis()["reformed_share"] == pytest.approx(1.0)


def test_without_a_mechanism_switched_on_nobody_lives_in_a_reformed_community():
    assert run(small(days=5)).results().kpis()["reformed_share"] == 0.0
    assert run(small(days=5, sets=["grid.enabled=true"])).results().kpis()["reformed_share"] == pytest.approx(1.0)
