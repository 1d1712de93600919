"""The day, in a fixed order: the one place the order is written down.

``GovernanceModel.step`` iterates ``PHASES``; in each phase every component
(engine first, then policies) that lists the phase in its ``PHASES`` acts,
in ``sim.registry.STEPPERS`` order. A test pins this table.
"""

from typing import NamedTuple


class Phase(NamedTuple):
    """One step of the day: the method name components implement, and what happens in it."""

    name: str
    what: str


PHASES: tuple[Phase, ...] = (
    Phase("before_day", "the roll-out reaches communities; policies' schedules, start dates, budgets released; "
                        "handlers' capacity for the day"),
    Phase("residents", "needs arise; adverse events; learning and forgetting"),
    Phase("intake", "each new need picks a channel (app, hotline, counter, grid worker, none)"),
    Phase("counters", "the walk-in counters serve their queues within opening hours"),
    Phase("handling", "handlers' queues, capacities, bounces, deadlines, closure, abandonment"),
    Phase("community", "disputes and mediation; volunteering and the time bank"),
    Phase("institutions", "institutions act (agents.shuffle_do); policies apply"),
    Phase("periodic", "monthly: meetings, votes, surveys; half-yearly: evaluations; yearly: budgets"),
    Phase("record", "record the day's indicators; with validation on, check invariants"),
)

NAMES = tuple(p.name for p in PHASES)
