"""The warm-up: days the world lives before day 0 so that no KPI starts from empty queues.

A run starts with no request open, no handler behind and every resident's
memory of services blank; left alone, the backlog takes months to fill and
the first weeks' requests close faster than any later ones. So the model
(``sim.model.GovernanceModel``, when it is built) first lives ``warmup.days``
days, numbered ``-W .. -1``, exactly as it lives any day: every engine
component in every phase, the calendar's weeks, months and budget years
(``sim.calendar`` runs on backwards: day 0 stays a Monday and a month's first
day), the same counter-based random streams keyed by those days. Day 0 then
begins with queues and backlogs at their working level (how close: below).

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

The default, 13 weeks, was measured on ``baseline`` (27,000 residents, seeds
1-8) against runs of three years without a warm-up, whose later years are
the steady state. Without a warm-up the open requests fill in two stages: the
queues within about three months (38% of their steady level in the first
week, 79% after 8 weeks, 89% after 13), then a slow drift over a year as residents'
trust and satisfaction settle (93% after 18 weeks, 96% after 26). Over a
365-day run, ``close_days`` is 2.79 without a warm-up, 2.97 with 13 weeks and
3.03 with 26, against 3.05 in the steady state (a run's seed-to-seed spread
is about 0.09). So 13 weeks removes the empty start (the first month's
requests close as fast as later ones) and two thirds of the bias, for 25%
more time on a 365-day run; the rest is within one run's noise, and 26 weeks
(``warmup.days = 182``, 50% more time) removes it too. ``warmup.days = 0``
switches the warm-up off: the run starts on day 0 from empty queues.
"""

from sim.params import Param

SECTION = "warmup"

PARAMS = (
    Param(f"{SECTION}.days", 91, 0, 730, "days",
          "assumption: the baseline's queues fill within about 13 weeks from empty (measured: open requests at "
          "79% of their steady level after 8 weeks, 89% after 13; the slower drift left is within a run's "
          "seed-to-seed noise; see sim.components.warmup)",
          "Days the world lives before day 0 (days -W .. -1, status quo everywhere, counted in no KPI or "
          "cost) so that day 0 starts in steady state; 0 starts from empty queues.", "structure"),
)


def days(params: dict) -> int:
    """The warm-up's length in days (``W``: the run's first day is ``-W``)."""
    return int(params[f"{SECTION}.days"])
