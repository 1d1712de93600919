"""Record the day's snapshot indicators and, when validating, check invariants.

Responsibilities: at the end of each day, drop the day's finished requests
from the pool (they were counted as they finished), sum satisfaction per community and
group (segment sums over residents stored by community and group); with validation on, check that every
request is in exactly one state, that the counts balance (every request ever
created is open, closed or abandoned; every need is a request or unmet), that
no capacity is negative, that satisfaction and trust stay within 0-1, and
whatever each mechanism's ``check_invariants()`` checks (it returns None, or
what is wrong).
"""

import numpy as np

from sim.enums import RequestState
from sim.kernels import slots
from sim.kernels.aggregate import count_by_group, segment_sums


class InvariantError(AssertionError):
    """An invariant of the simulation failed (a bug, not bad input)."""


class Record:
    """The record phase; see the module docstring."""

    PARAMS = ()
    PHASES = ("record",)

    def __init__(self, model):
        self.model = model
        pop, shape = model.pop, model.acc.shape[1:3]
        # Residents do not move between communities or groups: count them once.
        self.residents = count_by_group(pop.community, pop.group, np.ones(pop.n, np.bool_), *shape)

    def record(self) -> None:
        m, pop = self.model, self.model.pop
        m.requests.compact()  # today's finished requests were counted as they finished
        acc = m.acc[m.day]
        acc[:, :, slots.SAT_SUM] = segment_sums(pop.satisfaction, pop.segment_start, *acc.shape[:2])
        acc[:, :, slots.RESIDENTS] = self.residents
        if m.validate:
            check_invariants(m)


def check_invariants(m) -> None:
    """Raise ``InvariantError`` naming the first invariant that fails."""
    q, h, pop = m.requests, m.handlers, m.pop

    def need(ok, what):
        if not ok:
            raise InvariantError(f"day {m.day}: {what}")

    need(np.all(q.state == RequestState.QUEUED), "the open pool holds a request that is not open")
    need(q.created_total == len(q) + q.closed_total + q.abandoned_total,
         f"requests do not balance: created {q.created_total} != open {len(q)} + closed "
         f"{q.closed_total} + abandoned {q.abandoned_total}")
    done = m.counted()
    need(done[slots.CLOSED] == q.closed_total and done[slots.ABANDONED] == q.abandoned_total,
         "closed or abandoned requests were counted twice or not at all")
    need(done[slots.NEEDS] == done[slots.REQUESTS] + done[slots.UNMET], "needs != requests + unmet")
    need(done[slots.REQUESTS] == q.created_total, "recorded requests != requests created")
    need(np.all(h.cap_left >= 0) and np.all(h.base_capacity >= 0), "a handler has negative capacity")
    need(np.all((q.handler >= 0) & (q.handler < h.n)), "a request waits at a handler that does not exist")
    need(np.all((q.responded < 0) | (q.responded <= m.day)), "a request was answered in the future")
    need(np.all(q.stage < q.stages), "an open request has finished all its stages")
    for name in ("satisfaction", "trust", "literacy"):
        a = getattr(pop, name)
        need(bool(np.all((a >= 0) & (a <= 1))), f"resident {name} left 0-1")
    need(bool(np.all(m.ledger[m.day] >= 0)), "a cost in the ledger is negative")  # spend() writes today's only
    for component in m.components:  # mechanisms check what they add (credits, money, ...)
        problem = component.check_invariants() if hasattr(component, "check_invariants") else None
        need(problem is None, f"{type(component).__name__}: {problem}")
