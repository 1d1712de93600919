"""The serial and parallel forms of each whole-population kernel agree bit for bit."""

import numpy as np

from sim import rng
from sim.kernels import PARALLEL_MIN, aggregate, needs


def _population(n=300_000, n_comm=3):
    r = rng.uniforms(rng.key(5, "t", 0), np.arange(n, dtype=np.uint64))
    community = np.sort((r * n_comm).astype(np.int16))
    group = (r * 6000 % 6).astype(np.int8)
    return community, group, r.astype(np.float32)


def test_sums_by_group_are_identical_serial_or_parallel():
    community, group, values = _population()
    assert values.shape[0] >= PARALLEL_MIN
    shape = (3, 6)
    n_chunks = (values.shape[0] + aggregate.CHUNK - 1) // aggregate.CHUNK
    parts = [np.zeros((n_chunks,) + shape)
             for _ in range(2)]
    aggregate._chunks_serial(community, group, values, parts[0])
    aggregate._chunks_parallel(community, group, values, parts[1])
    assert np.array_equal(parts[0], parts[1])
    total = aggregate.sum_by_group(community, group, values, *shape)
    assert np.isclose(total.sum(), values.astype(np.float64).sum())


def test_needs_are_identical_serial_or_parallel():
    community, group, _ = _population()
    health = np.zeros_like(group)
    p_any, _ = needs.hazard_tables(np.full((3, 6, 1, 4), 20.0))
    p_need = needs.daily_probability(community, group, health, p_any)
    a = np.empty(group.shape[0], np.bool_)
    b = np.empty(group.shape[0], np.bool_)
    needs._mark_serial(rng.key(1, "x", 3), p_need, a)
    needs._mark_parallel(rng.key(1, "x", 3), p_need, b)
    assert np.array_equal(a, b) and a.any()
