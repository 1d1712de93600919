"""The request pool: work order and compaction, the bookkeeping every KPI rests on."""

import numpy as np

from conftest import run, small
from sim.kernels.handling import order_by_handler


def test_work_order_groups_by_handler_and_keeps_the_pools_order_within():
    handler = np.random.default_rng(3).integers(0, 50, 5000).astype(np.int32)
    assert np.array_equal(order_by_handler(handler), np.argsort(handler, kind="stable"))


def test_the_pool_stays_sorted_by_day_raised_so_the_order_is_first_come_first_served():
    model = run(small(days=40))
    q = model.requests
    assert len(q) > 0 and np.all(np.diff(q.created) >= 0)
    order = q.queue_order()
    h, c = q.handler[order], q.created[order]
    same_handler = h[1:] == h[:-1]
    assert np.all(c[1:][same_handler] >= c[:-1][same_handler])
