"""Unmet need by grid, for the dashboard's community map.

The engine counts unmet need by community and resident group only (counters
``UNMET``: needs that reached no channel, the numerator of ``unmet_need_share``;
and ``ABANDONED``: requests given up). The map needs it by grid, so the
dashboard counts the same events by the grid of the resident concerned:

    missed(day, grid) = needs that reached no channel  +  requests given up      (that day)
    unmet(grid) = 100 * ( sum of missed over the last UNMET_WINDOW_DAYS days
                          + open requests raised more than routing.response_deadline_days days ago )
                  / residents(grid)

i.e. per 100 residents of the grid: what went unmet in the last 30 days plus
what is waiting now past the response deadline. Summed over a community's
grids, ``missed`` equals the engine's ``UNMET + ABANDONED`` counters of that day.

``missed_by_grid`` and ``unmet_per_100`` are pure (arrays in, array out, numpy
``bincount``: no loop over residents or requests). ``UnmetTracker`` feeds them
from a run: a day's finished requests are dropped from the pool by
``RequestPool.compact()`` (the record phase, after every rule has acted), so
the tracker is one of the pool's ``before_compact`` readers and counts the
pool and today's needs just before that. It only reads; the run is unchanged.
"""

from __future__ import annotations

import numpy as np

from sim.enums import RequestState

UNMET_WINDOW_DAYS = 30  # needs missed this recently still count on the map


def missed_by_grid(resident_grid: np.ndarray, n_grids: int, need_who: np.ndarray, req_resident: np.ndarray,
                   req_created: np.ndarray, req_state: np.ndarray, day: int) -> np.ndarray:
    """Per grid, today's needs that reached no channel plus today's requests given up.

    ``need_who``: the resident of each of today's needs (``model.today_who``);
    ``req_*``: the pool's fields before today's finished requests are dropped,
    so every request raised today is there (``created == day``) and those
    given up today are ``ABANDONED`` (earlier days' were dropped already).
    """
    grid = resident_grid.astype(np.int64, copy=False)
    needs = np.bincount(grid[need_who], minlength=n_grids)
    raised = np.bincount(grid[req_resident[req_created == day]], minlength=n_grids)
    given_up = np.bincount(grid[req_resident[req_state == RequestState.ABANDONED]], minlength=n_grids)
    return needs - raised + given_up


def unmet_per_100(resident_grid: np.ndarray, n_grids: int, missed_recent: np.ndarray, open_resident: np.ndarray,
                  open_created: np.ndarray, day: int, deadline_days: int) -> np.ndarray:
    """Unmet need per 100 residents of each grid (NaN for a grid without residents).

    ``missed_recent``: needs missed per grid over the recent window; ``open_*``:
    the open requests; ``day``: the number of days simulated (so a request
    raised on day ``day - 1`` has waited one day).
    """
    grid = resident_grid.astype(np.int64, copy=False)
    residents = np.bincount(grid, minlength=n_grids)
    overdue = (day - open_created.astype(np.int64)) > deadline_days
    waiting = np.bincount(grid[open_resident[overdue]], minlength=n_grids)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(residents > 0, 100.0 * (missed_recent + waiting) / np.maximum(residents, 1), np.nan)


class UnmetTracker:
    """A run's needs missed per grid, day by day over the last ``UNMET_WINDOW_DAYS`` days."""

    def __init__(self, model, window: int = UNMET_WINDOW_DAYS):
        self.model = model
        self.daily = np.zeros((window, model.pop.n_grids), dtype=np.int64)  # ring buffer by day % window
        model.requests.before_compact.append(self.count_today)

    def count_today(self) -> None:
        m, q = self.model, self.model.requests
        self.daily[m.day % self.daily.shape[0]] = missed_by_grid(
            m.pop.grid, m.pop.n_grids, m.today_who, q.resident, q.created, q.state, m.day)

    def per_100(self) -> np.ndarray:
        """Unmet need per 100 residents of each grid, as of the days run so far."""
        m, q = self.model, self.model.requests
        return unmet_per_100(m.pop.grid, m.pop.n_grids, self.daily.sum(axis=0), q.resident, q.created, m.day,
                             int(m.params["routing.response_deadline_days"]))
