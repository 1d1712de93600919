"""The day, in a fixed order: the one place the order is written down.

``GovernanceModel.step`` iterates ``PHASES``; in each phase every component
(engine first, then policies) that lists the phase in its ``PHASES`` acts,
in ``sim.registry.STEPPERS`` order. The warm-up's days before day 0
(``sim.components.warmup``) run the same table. A test pins this table.
"""

from typing import NamedTuple


class Phase(NamedTuple):
    """One step of the day: the method name components implement, and what happens in it."""

    name: str
    what: str


PHASES: tuple[Phase, ...] = (
    Phase("before_day", "the roll-out reaches communities; handlers' capacity for the day; property managers' "
                        "terms in force and fees; policies' schedules, start dates, budgets released"),
    Phase("residents", "needs arise; adverse events (falls, emergencies, privacy incidents); volunteers serve "
                       "older residents' care needs; residents learn from peers; time-bank credits booked and "
                       "redeemed"),
    Phase("seats_held", "needs met by the programme seats residents hold this month leave the day's needs"),
    Phase("channels", "each new need picks a channel (app, hotline, counter, grid worker, none); grid visits "
                      "find needs residents did not raise"),
    Phase("intake", "the needs that reached a channel become requests routed to a first handler; disputes first "
                    "heard by courtyard heads; sensitive data waits for approval"),
    Phase("counters", "the walk-in counters serve their queues within opening hours; property managers refusing "
                      "public space kick the day's space disputes back (after every intake rule routed them)"),
    Phase("handling", "handlers' queues, capacities, bounces, deadlines, closure, abandonment; disputes settle or "
                      "not as their handlers conclude them"),
    Phase("community", "property managers' repairs finished today counted (before finished requests are dropped)"),
    Phase("institutions", "institutions act (agents.shuffle_do); policies apply: rooms given to programmes, "
                          "venues repurposed, places bought"),
    Phase("periodic", "monthly: the satisfaction survey; digital-inclusion classes; on a month's first day project "
                      "budgets are released and works under residents' oversight marked"),
    Phase("programmes", "on a month's last day: residents seek and take programme seats; then what acts on the "
                        "month's use: pooled venues paid, partners' jobs, contract ratings and half-yearly "
                        "evaluations, the funding year"),
    Phase("civic", "on a month's first day: the participation round (who takes part, what they voice); proposals "
                   "arrive; residents' oversight delays works; points credited"),
    Phase("decisions", "on a month's first day: pending proposals decided, by the street office every few months "
                       "or by the committee monthly; courtyard assemblies decide micro-grid proposals"),
    Phase("projects", "on a month's first day proposals past their life expire; every day projects due are "
                      "completed and reach the residents they serve"),
    Phase("record", "record the day's indicators; the status quo's running costs into the ledger; with "
                    "validation on, check invariants"),
)

NAMES = tuple(p.name for p in PHASES)
