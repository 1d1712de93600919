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


def test_the_kernels_see_the_pools_and_tables_own_arrays_as_they_are_now():
    from sim.kernels.arrays import HandlerArrays, RequestArrays, ResidentArrays
    from sim.requests import FIELDS, RequestPool

    assert tuple(FIELDS) == RequestArrays._fields  # the struct documents every field, in the pool's order
    q = RequestPool(capacity=2)
    q.extend({name: np.zeros(3, dtype) for name, dtype in FIELDS.items()})
    RequestArrays(*q.arrays()).state[1] = 2  # a kernel's write lands in the pool
    RequestArrays(*q.arrays()).ready[2] = 7
    assert list(q.state) == [0, 2, 0] and list(q.ready) == [0, 0, 7]
    q.extend({name: np.ones(2, dtype) for name, dtype in FIELDS.items()})  # grows past capacity: new buffers
    assert all(a is getattr(q, name) for name, a in zip(RequestArrays._fields, q.arrays()))
    q.state[:] = [1, 2, 2, 2, 2]  # one still queued
    q.compact()
    assert len(q) == 1 and all(a is getattr(q, name) for name, a in zip(RequestArrays._fields, q.arrays()))

    model = run(small(days=2))
    t, pop = model.handlers, model.pop
    h = HandlerArrays(*t.arrays())
    assert h.cap_left is t.cap_left and h.committee is t.committee
    t.release_capacity(0)  # a new day's cap_left: the kernels see the new array
    assert HandlerArrays(*t.arrays()).cap_left is t.cap_left is not h.cap_left
    res = ResidentArrays(*pop.arrays())
    assert res.satisfaction is pop.satisfaction and res.trust is pop.trust
    pop.trust = pop.trust.copy()
    assert ResidentArrays(*pop.arrays()).trust is pop.trust
