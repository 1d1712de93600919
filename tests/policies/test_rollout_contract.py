"""Mechanisms that can be rolled out community by community act only where the reform has reached.

For every policy: a roll-out that reaches no community
leaves the run exactly as with the mechanism off; one that reaches every
community on day 0 is exactly the unstaged run; one that reaches two pilots
puts every yuan of the mechanism in them and changes them.
"""

import numpy as np
import pytest

from conftest import but_reformed, run, small, spent
from sim import registry

STAGED = [pytest.param(p, id=p.SECTION) for p in registry.MECHANISMS]


def _model(policy, *rollout, days=60):
    sets = [f"{policy.SECTION}.enabled=true"] + ([] if not rollout else ["rollout.enabled=true", *rollout])
    return run(small(days=days, residents=4000, sets=sets), validate=True)


def _acc(model):
    return but_reformed(model.acc)


@pytest.mark.parametrize("policy", STAGED)
def test_a_rollout_that_reaches_no_community_changes_nothing(policy):
    staged = _model(policy, "rollout.pilots=0", "rollout.target_share=0")
    off = run(small(days=60, residents=4000))
    assert np.array_equal(_acc(staged), _acc(off))
    assert not spent(staged, policy.SECTION).any()
    assert np.array_equal(staged.ledger, off.ledger)  # the status quo's costs too


@pytest.mark.parametrize("policy", STAGED)
def test_a_rollout_that_reaches_every_community_on_day_0_is_the_unstaged_run(policy):
    staged = _model(policy, "rollout.pilots=3")
    unstaged = _model(policy)
    assert np.array_equal(_acc(staged), _acc(unstaged))
    assert np.array_equal(staged.ledger, unstaged.ledger)


@pytest.mark.parametrize("policy", STAGED)
def test_the_pilots_get_all_the_money_and_the_change(policy):
    # Two pilots (types in order of first appearance: the old neighbourhood and the commercial estate, so
    # that a mechanism of managed estates has one); the village is not reached.
    staged = _model(policy, "rollout.pilots=2", "rollout.target_share=0")
    pilots = np.flatnonzero(staged.reform_day == 0)
    off = run(small(days=60, residents=4000))
    paid = spent(staged, policy.SECTION).sum(axis=0)
    assert len(pilots) == 2 and paid[pilots].sum() > 0 and paid.sum() == paid[pilots].sum()
    assert not np.array_equal(_acc(staged)[:, pilots], _acc(off)[:, pilots])

