"""Shared helpers: small scenarios that run in a second or two."""

import pytest

from sim import scenario as sc
from sim.model import GovernanceModel


def small(name="baseline", days=60, residents=3000, seed=1, sets=()):
    """A bundled scenario, scaled down for tests."""
    return sc.load(name, sets=list(sets), residents=residents, days=days, seed=seed)


def run(scenario, validate=False):
    return GovernanceModel(scenario, validate=validate).run()


@pytest.fixture
def small_scenario():
    return small()
