"""Residents as arrays: sizes, ordering, households and grids, and the Mesa view."""

import numpy as np

from conftest import small
from sim.model import GovernanceModel


def test_sizes_are_exact_and_sorted_by_community():
    model = GovernanceModel(small(residents=12_345))
    pop, scenario = model.pop, model.scenario
    assert pop.n == 12_345 == scenario.residents
    assert np.all(np.diff(pop.community) >= 0)
    assert list(np.diff(pop.community_start)) == [c.residents for c in scenario.communities]


def test_households_and_grids_nest_within_communities():
    model = GovernanceModel(small(residents=20_000))
    pop = model.pop
    for key in (pop.household, pop.grid):
        first = np.unique(key, return_index=True)[1]
        comm_of = pop.community[first]
        assert np.array_equal(comm_of[np.searchsorted(np.unique(key), key)], pop.community)
    # Each community is cut into round(households / households_per_grid) grids of equal size (within one).
    per_grid = np.array([np.unique(pop.household[pop.grid == g]).size for g in range(pop.n_grids)])
    for c in range(len(model.scenario.communities)):
        sizes = per_grid[pop.grid_community == c]
        households = np.unique(pop.household[pop.community == c]).size
        assert sizes.max() - sizes.min() <= 1 and sizes.sum() == households
        assert sizes.size == round(households / model.params["grids.households_per_grid"])
    assert np.array_equal(pop.grid_community, pop.community[np.unique(pop.grid, return_index=True)[1]])


def test_a_resident_view_reads_and_writes_the_arrays_and_is_not_scheduled():
    model = GovernanceModel(small())
    before = len(model.agents)
    r = model.resident(42)
    assert r.satisfaction == model.pop.satisfaction[42]
    r.trust = 0.25
    assert model.pop.trust[42] == np.float32(0.25)
    assert len(model.agents) == before  # handlers only; residents act through kernels


def test_memory_per_resident_is_small():
    model = GovernanceModel(small(residents=50_000)).run(5)
    assert model.pop.nbytes / model.pop.n < 64
    assert model.pop.nbytes < model.state_nbytes() < 300 * model.pop.n  # the budget
