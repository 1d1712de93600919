"""The declaration of an indicator: a ratio (or a count) of sums of daily counters.

An ``Indicator`` names its numerator and denominator counters (by slot of
``sim.kernels.slots`` or by counter name, ``<section>.<counter>``). The same
definition gives the daily timeseries, the run's KPIs and their breakdown by
group and community (``sim.results``). Components and mechanisms declare
theirs in an ``INDICATORS`` tuple; ``sim.registry`` lists them all. This
module imports nothing else from ``sim``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """A ratio (or count) of sums of counters, named by slot or by counter name."""

    name: str
    num: tuple[int | str, ...]
    den: tuple[int | str, ...] | None  # None: a count
    unit: str
    doc: str
    window: int | None = None  # KPI over the last `window` days only
    snapshot: bool = False  # KPI from the last day's value (state, not flow)
    by_group: bool = True  # False: a community-level quantity (kept in group 0), not split by group
