"""Handler arrays: one row per body that holds a queue of requests.

Rows 0-7 are the city departments (``sim.enums.DEPARTMENTS``), shared by all
communities of a scenario; then each community's residents' committee,
service counter and (where the type has one) property manager; then one grid
worker row per grid (its capacity covers all the grid's workers).

Capacity is per working day; departments, committees and counters work
Monday to Friday, property managers every day, grid workers six days a week.
Fractional capacity carries over to the next open day.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from sim.enums import DEPARTMENTS, HandlerKind
from sim.kernels.arrays import HandlerArrays

_ARRAYS = attrgetter(*HandlerArrays._fields)


@dataclass
class HandlerTable:
    """Every handler's queue-facing state, one row per handler, for the kernels."""

    kind: np.ndarray  # int8, HandlerKind
    community: np.ndarray  # int16, -1 for city departments
    base_capacity: np.ndarray  # float64, requests per open day
    open_days: np.ndarray  # int8, days open per week (5, 6 or 7)
    multiplier: np.ndarray  # float64, today's overtime factor (set by the agents)
    carry: np.ndarray  # float64, fractional capacity carried over
    cap_left: np.ndarray  # int64, requests the handler can still take today
    backlog: np.ndarray  # int64, open requests in the queue at the end of the day
    committee: np.ndarray  # int32 (C,), row of each community's committee
    counter: np.ndarray  # int32 (C,)
    property_mgr: np.ndarray  # int32 (C,), -1 where there is none
    grid_worker: np.ndarray  # int32 (n_grids,)

    @property
    def n(self) -> int:
        return int(self.kind.shape[0])

    def arrays(self) -> tuple:
        """The arrays the request kernels take (``sim.kernels.arrays.HandlerArrays``, as a plain tuple):
        this table's own, not copies (``cap_left`` is written)."""
        return _ARRAYS(self)

    def open_today(self, weekday: int) -> np.ndarray:
        """Whether each handler works on this weekday (0 = Monday)."""
        return weekday < self.open_days

    def release_capacity(self, weekday: int) -> None:
        """Set ``cap_left`` for the day from capacity, overtime and carry-over."""
        cap = np.where(self.open_today(weekday), self.base_capacity * self.multiplier + self.carry, 0.0)
        self.cap_left = np.floor(cap).astype(np.int64)
        self.carry = np.where(self.open_today(weekday), cap - self.cap_left, self.carry)


def build_table(params: dict, community_types, pop) -> HandlerTable:
    """Every handler's row, with capacities scaled to the residents it serves."""
    n_c = len(community_types)
    residents_c = np.diff(pop.community_start).astype(np.float64)
    per10k = residents_c / 1e4
    kinds, comms, caps, open_days = [], [], [], []

    def add(kind, community, capacity, days):
        kinds.append(int(kind)), comms.append(community), caps.append(capacity), open_days.append(days)
        return len(kinds) - 1

    for d in DEPARTMENTS:
        add(d, -1, params[f"handlers.{d.label}.capacity_per_10k"] * per10k.sum(), 5)
    committee = np.empty(n_c, np.int32)
    counter = np.empty(n_c, np.int32)
    property_mgr = np.full(n_c, -1, np.int32)
    for c, ct in enumerate(community_types):
        committee[c] = add(HandlerKind.COMMITTEE, c, params["handlers.committee.capacity_per_10k"] * per10k[c], 5)
        # No fixed daily capacity: the counters component sets cap_left from its within-day queue.
        counter[c] = add(HandlerKind.COUNTER, c, 0.0, 5)
        if params[f"community_types.{ct.label}.property_manager"]:
            property_mgr[c] = add(HandlerKind.PROPERTY, c,
                                  params["handlers.property.capacity_per_10k"] * per10k[c], 7)
    grid_worker = np.empty(pop.n_grids, np.int32)
    per_grid = params["grids.workers_per_grid"] * params["grids.reports_per_worker_day"]
    for g in range(pop.n_grids):
        grid_worker[g] = add(HandlerKind.GRID_WORKER, int(pop.grid_community[g]), per_grid, 6)
    n = len(kinds)
    return HandlerTable(
        kind=np.array(kinds, np.int8),
        community=np.array(comms, np.int16),
        base_capacity=np.array(caps, np.float64),
        open_days=np.array(open_days, np.int8),
        multiplier=np.ones(n),
        carry=np.zeros(n),
        cap_left=np.zeros(n, np.int64),
        backlog=np.zeros(n, np.int64),
        committee=committee,
        counter=counter,
        property_mgr=property_mgr,
        grid_worker=grid_worker,
    )
