"""The warm-up: days the world lives before day 0 so that no KPI starts from empty queues.

A run starts with no request open, no handler behind and every resident's
memory of services blank; left alone, the backlog takes months to fill and
the first weeks' requests close faster than any later ones. So the model
(``sim.model.GovernanceModel``, when it is built) first lives ``warmup.days``
days, numbered ``-W .. -1``, exactly as it lives any day: every engine
component in every phase, the calendar's weeks, months and budget years
(``sim.calendar`` runs on backwards: day 0 stays a Monday and a month's first
day), the same counter-based random streams keyed by those days. Day 0 then
begins in steady state.

What the warm-up is not:

- the reform: reform days are day 0 or later (``sim.components.rollout``), so
  during the warm-up every community lives the status quo and mechanisms
  switched on do nothing and pay nothing; they start on their reform day in a
  world that has been running;
- counted: the warm-up's counters and costs go to a scratch table that is
  dropped on day 0, so the daily counters (``model.acc``), the ledger, the
  timeseries and ``summary.json`` hold days ``0 .. days-1`` only (validation
  still checks the warm-up's days and keeps its totals, ``model.counted``).

How a request raised in the warm-up counts: every event counts on the day it
happens, as for any request. A request raised on day -5 is not among the
run's ``requests``; if it first gets a response or closes on day 2 it counts
in ``response_days`` or ``close_days`` then, with its whole age (7 days). The
run is a window on a stream that was flowing before it opened, just as
requests still open on the last day count in ``backlog`` and in no closure.

The default (13 weeks) was measured on ``baseline`` run for three years
without a warm-up: its open requests climb for about three months (57% of
their later mean after 2 weeks, 78% after 8, 91% after 13, four-week
averages), and from then on stay within their own week-to-week noise (weekly
means vary by about 5%). ``warmup.days = 0`` switches the warm-up off: the
run starts on day 0 from empty queues, as it did before.
"""

from sim.params import Param

SECTION = "warmup"

PARAMS = (
    Param(f"{SECTION}.days", 91, 0, 730, "days",
          "assumption: the baseline's backlog of open requests settles within about 13 weeks from empty queues "
          "(measured without a warm-up: 78% of its later level after 8 weeks, 91% after 13, within its "
          "week-to-week noise from then on)",
          "Days the world lives before day 0 (days -W .. -1, status quo everywhere, counted in no KPI or "
          "cost) so that day 0 starts in steady state; 0 starts from empty queues.", "structure"),
)


def days(params: dict) -> int:
    """The warm-up's length in days (``W``: the run's first day is ``-W``)."""
    return int(params[f"{SECTION}.days"])
