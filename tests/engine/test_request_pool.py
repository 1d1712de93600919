"""The request pool: work order and compaction, the bookkeeping every KPI rests on."""

import numpy as np

from sim.requests import _order


def test_work_order_is_by_handler_then_day_raised_then_arrival():
    rs = np.random.default_rng(3)
    handler = rs.integers(0, 50, 5000).astype(np.int32)
    created = rs.integers(0, 300, 5000).astype(np.int32)
    seq = rs.permutation(10**6)[:5000].astype(np.int64)
    expected = np.lexsort((seq, created, handler))
    assert np.array_equal(_order(handler, created, seq), expected)
    # Fields too wide for one key fall back to lexsort, with the same order.
    wide = seq + (1 << 40)
    wide[0] = 0
    assert np.array_equal(_order(handler, created, wide), np.lexsort((wide, created, handler)))
