"""The calendar: the one definition of a week, a month and a year.

Day 0 is a Monday and the first day of a month and of a budget year. A month
is 30 days; events every few months (the street office's quarterly decisions,
half-yearly evaluations) count months (``month_of``), and a budget year is 12
months (360 days). Monthly and yearly events fall on the same days in every
community, whatever its reform day. Rates stated per year (hazards, wages,
upkeep) are spread over ``DAYS_PER_YEAR`` (365) days.

Days before day 0 are negative: the run's warm-up (``sim.components.warmup``)
lives days ``-W .. -1``. Every function here counts with floor division, so
the calendar runs on backwards without a seam: day -1 is a Sunday and the
last day of a month and of a budget year, days -30 .. -1 are month -1. (The
kernels' ``%`` and ``//`` on integers are Python's too: numba keeps the sign
of the divisor.)

``NO_DAY`` is the day no run reaches: a field that records when something
happened (a request's first response, a project's decision) holds it until
it happens. Never -1, which is a day of the warm-up.
"""

WEEK_DAYS = 7
WORKING_DAYS = 5  # Monday to Friday
MONTH_DAYS = 30
YEAR_MONTHS = 12
YEAR_DAYS = MONTH_DAYS * YEAR_MONTHS  # a budget year of 12 months
DAYS_PER_YEAR = 365.0  # for rates stated per year
NO_DAY = -(2**31)  # "not yet": the smallest int32, far before any warm-up


def weekday(day: int) -> int:
    """0 Monday .. 6 Sunday."""
    return day % WEEK_DAYS


def is_working_day(day: int) -> bool:
    return weekday(day) < WORKING_DAYS


def month_starts(day: int) -> bool:
    """Whether ``day`` is the first day of a month."""
    return day % MONTH_DAYS == 0


def month_ends(day: int) -> bool:
    """Whether ``day`` is the last day of a month."""
    return (day + 1) % MONTH_DAYS == 0


def month_of(day: int) -> int:
    """The month ``day`` falls in (0 for days 0-29, -1 for days -30 .. -1)."""
    return day // MONTH_DAYS


def first_month_end(day: int) -> int:
    """The first last-day-of-a-month on or after ``day``."""
    return (day // MONTH_DAYS + 1) * MONTH_DAYS - 1


def year_ends(day: int) -> bool:
    """Whether ``day`` is the last day of a budget year (12 months)."""
    return (day + 1) % YEAR_DAYS == 0
