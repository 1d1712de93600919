"""Record the day's snapshot indicators and, when validating, check invariants; the engine's core indicators.

``INDICATORS`` defines the KPIs built on the engine's own counters
(``sim.kernels.slots``): satisfaction, response and closure, channels,
disputes. ``sim.registry`` lists them first, before each component's and
mechanism's own.

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

from sim.calendar import NO_DAY
from sim.enums import RequestState
from sim.indicators import Indicator
from sim.kernels import slots
from sim.kernels.aggregate import count_by_group, segment_sums

# The engine's core indicators (listed first; ``sim.registry.indicators``).
INDICATORS: tuple[Indicator, ...] = (
    Indicator("satisfaction", (slots.SURVEY_YES,), (slots.SURVEY_N,), "share",
              "Share of surveyed residents who say they are satisfied (monthly survey; "
              "KPI: the last 90 days' waves)", window=90),
    Indicator("satisfaction_mean", (slots.SAT_SUM,), (slots.RESIDENTS,), "0-1",
              "Mean satisfaction of all residents (the model's truth behind the survey)", snapshot=True),
    Indicator("response_days", (slots.RESPONSE_DAYS,), (slots.RESPONDED,), "days",
              "Days from a request to its first response: the day the body that owns it first acts on it "
              "(passing it on is no response)"),
    Indicator("responded_in_deadline", (slots.RESPONDED_IN_DEADLINE,), (slots.RESPONDED,), "share",
              "Share of responses within the response deadline (plan: 1 day)"),
    Indicator("close_days", (slots.CLOSE_DAYS,), (slots.CLOSED,), "days", "Days from a request to its closure"),
    Indicator("crossdept_close_days", (slots.CROSS_CLOSE_DAYS,), (slots.CROSS_CLOSED,), "days",
              "Days from a cross-department problem's report to its closure"),
    Indicator("closed_within_3d", (slots.CLOSED_3D,), (slots.CLOSED, slots.ABANDONED), "share",
              "Share of finished requests closed within 3 days (the plan's target)"),
    Indicator("abandoned_share", (slots.ABANDONED,), (slots.CLOSED, slots.ABANDONED), "share",
              "Share of finished requests that were given up"),
    Indicator("closed_share", (slots.CLOSED,), (slots.CLOSED, slots.ABANDONED), "share",
              "Share of finished requests that were closed (the plan's 97.3% of requests closed compares with "
              "this), resolved or not"),
    Indicator("resolved_share", (slots.RESOLVED,), (slots.CLOSED, slots.ABANDONED), "share",
              "Share of finished requests closed with the problem resolved (a dispute closed without the parties "
              "settling is closed, not resolved)"),
    Indicator("unmet_need_share", (slots.UNMET,), (slots.NEEDS,), "share",
              "Share of needs that reached no channel"),
    Indicator("bounces_per_request", (slots.BOUNCES,), (slots.CLOSED, slots.ABANDONED), "bounces",
              "Times a finished request was passed on by a body that could not resolve it"),
    Indicator("requests", (slots.REQUESTS,), None, "requests", "Requests raised"),
    Indicator("needs", (slots.NEEDS,), None, "needs", "Needs that arose"),
    Indicator("backlog", (slots.BACKLOG,), None, "requests", "Open requests at the end of the day",
              snapshot=True),
    Indicator("share_app", (slots.CH_APP,), (slots.REQUESTS,), "share", "Share of requests raised in the app"),
    Indicator("share_hotline", (slots.CH_HOTLINE,), (slots.REQUESTS,), "share", "Share raised by hotline"),
    Indicator("share_walkin", (slots.CH_WALKIN,), (slots.REQUESTS,), "share", "Share raised at the counter"),
    Indicator("share_grid", (slots.CH_GRID,), (slots.REQUESTS,), "share", "Share raised via the grid worker"),
    Indicator("mediation_success", (slots.DISPUTES_SETTLED,), (slots.DISPUTES_CONCLUDED,), "share",
              "Share of concluded disputes (closed or abandoned) that ended settled (plan: 75% -> 90%+)"),
    Indicator("disputes", (slots.DISPUTES_NOISE, slots.DISPUTES_PARKING, slots.DISPUTES_FEE), None, "disputes",
              "Disputes raised (noise, parking, property fees)"),
    Indicator("fee_disputes", (slots.DISPUTES_FEE,), None, "disputes",
              "Property-fee disputes raised (only where a property manager runs the community)"),
)


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
    need(done[slots.RESOLVED] <= done[slots.CLOSED], "more requests resolved than closed")
    need(done[slots.REQUESTS] == q.created_total, "recorded requests != requests created")
    need(np.all(h.cap_left >= 0) and np.all(h.base_capacity >= 0), "a handler has negative capacity")
    need(np.all((q.handler >= 0) & (q.handler < h.n)), "a request waits at a handler that does not exist")
    need(np.all((q.responded == NO_DAY) | ((q.responded >= q.created) & (q.responded <= m.day))),
         "a request was answered before it was raised or in the future")
    need(np.all(q.stage < q.stages), "an open request has finished all its stages")
    for name in ("satisfaction", "trust", "literacy"):
        a = getattr(pop, name)
        need(bool(np.all((a >= 0) & (a <= 1))), f"resident {name} left 0-1")
    need(bool(np.all(m.ledger[m.day] >= 0)), "a cost in the ledger is negative")  # spend() writes today's only
    for component in m.components:  # mechanisms check what they add (credits, money, ...)
        problem = component.check_invariants() if hasattr(component, "check_invariants") else None
        need(problem is None, f"{type(component).__name__}: {problem}")
