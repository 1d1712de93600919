"""Invariants hold over a year of every bundled scenario, and the check can fail."""

import numpy as np
import pytest

from conftest import small
from sim import scenario as sc
from sim.components.record import InvariantError, check_invariants
from sim.model import GovernanceModel


@pytest.mark.parametrize("name", sorted(sc.bundled()))
def test_a_year_of_each_bundled_scenario_keeps_every_invariant(name):
    # A year at a reduced size (the bundled sizes and lengths vary): checks after every day.
    model = GovernanceModel(sc.load(name, days=365, residents=6000), validate=True)
    model.run()
    assert model.day == 365
    q = model.requests
    assert q.created_total == len(q) + q.closed_total + q.abandoned_total > 0


def test_the_check_catches_a_request_lost_from_the_books():
    model = GovernanceModel(small(days=10), validate=True).run(5)
    model.requests.created_total += 1
    with pytest.raises(InvariantError, match="do not balance"):
        check_invariants(model)


def test_the_check_catches_satisfaction_out_of_range():
    model = GovernanceModel(small(days=10)).run(3)
    model.pop.satisfaction[0] = np.float32(1.5)
    with pytest.raises(InvariantError, match="satisfaction"):
        check_invariants(model)
