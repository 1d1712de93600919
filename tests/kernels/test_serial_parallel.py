"""The serial and parallel forms of each whole-population kernel agree bit for bit."""

import numpy as np

from sim import rng
from sim.kernels import aggregate, needs


def _population(n=300_000, n_comm=3):
    r = rng.uniforms(rng.key(5, "t", 0), np.arange(n, dtype=np.uint64))
    community = np.sort((r * n_comm).astype(np.int16))
    group = (r * 6000 % 6).astype(np.int8)
    return community, group, r.astype(np.float32)


def test_segment_sums_equal_sums_by_community_and_group():
    community, group, values = _population()
    order = np.lexsort((group, community))
    community, group, values = community[order], group[order], values[order]
    start = np.concatenate([[0], np.cumsum(np.bincount(community * 6 + group, minlength=18))]).astype(np.int64)
    got = aggregate.segment_sums(values, start, 3, 6)
    want = np.bincount(community * 6 + group, weights=values.astype(np.float64), minlength=18).reshape(3, 6)
    assert np.allclose(got, want, rtol=1e-12)


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
