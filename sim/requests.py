"""The pool of open requests, as a struct of arrays.

A request is born when a need reaches a channel, waits in exactly one
handler's queue, and ends closed or abandoned. Finished requests are counted
into the day's results by the kernels and then dropped by ``compact()``; the
running totals (``created``, ``closed``, ``abandoned``) let validation check
that every request is accounted for exactly once.
"""

from __future__ import annotations

from operator import attrgetter

import numpy as np

from sim.enums import RequestState
from sim.kernels.arrays import RequestArrays
from sim.kernels.handling import order_by_handler

# Each field's dtype, in the order of the kernels' struct ``sim.kernels.arrays.RequestArrays``,
# which says what each holds.
FIELDS: dict[str, type] = {
    "resident": np.int32,
    "community": np.int16,
    "group": np.int8,
    "need": np.int8,
    "channel": np.int8,
    "created": np.int32,
    "target": np.int32,
    "handler": np.int32,
    "state": np.int8,
    "responded": np.int32,
    "bounces": np.int16,
    "stage": np.int8,
    "stages": np.int8,
    "ready": np.int32,
    "worked": np.int32,
    "errands": np.int8,
    "errands_left": np.int8,
    "subtype": np.int8,
}
# Fields a new request starts with whoever creates it (the rule that sets them comes later).
INITIAL = {"subtype": -1}
_ARRAYS = attrgetter(*RequestArrays._fields)


class RequestPool:
    """Open requests plus running totals of everything ever created.

    Each field is a view of the valid rows of a buffer that grows by doubling:
    new requests are written in place (``new_rows``) and ``compact()`` moves the
    open ones down in place, so a day costs what its new and finished requests
    cost, not a copy of the whole pool.
    """

    def __init__(self, capacity: int = 1024):
        self._buf = {name: np.empty(capacity, dtype=dtype) for name, dtype in FIELDS.items()}
        self._n = 0
        self.created_total = 0
        self.closed_total = 0
        self.abandoned_total = 0
        self._order: np.ndarray | None = None
        self.before_compact: list = []  # readers of the day's finished requests, called before they are dropped
        self._views()

    def _views(self) -> None:
        for name, buf in self._buf.items():
            setattr(self, name, buf[: self._n])
        self._order = None

    def __len__(self) -> int:
        return self._n

    def new_rows(self, k: int) -> dict[str, np.ndarray]:
        """Room for ``k`` new requests at the end: the views to fill, field by field."""
        n = self._n
        if n + k > self._buf["state"].shape[0]:
            capacity = max(2 * self._buf["state"].shape[0], n + k)
            for name, buf in self._buf.items():
                grown = np.empty(capacity, dtype=buf.dtype)
                grown[:n] = buf[:n]
                self._buf[name] = grown
        self._n = n + k
        self.created_total += k
        self._views()
        for name, value in INITIAL.items():
            self._buf[name][n : n + k] = value
        return {name: buf[n : n + k] for name, buf in self._buf.items()}

    def extend(self, cols: dict[str, np.ndarray]) -> None:
        """Append new requests (every field given, same length; those of ``INITIAL`` may be left out)."""
        rows = self.new_rows(len(next(iter(cols.values()))))
        for name, view in rows.items():
            if name in cols or name not in INITIAL:
                view[:] = cols[name]

    def compact(self) -> None:
        """Drop finished requests (already counted) and tally them; ``before_compact`` readers see them first."""
        for read in self.before_compact:
            read()
        tally = np.bincount(self.state, minlength=len(RequestState))
        self.closed_total += int(tally[RequestState.CLOSED])
        self.abandoned_total += int(tally[RequestState.ABANDONED])
        if tally[RequestState.QUEUED] < self._n:
            keep = np.flatnonzero(self.state == RequestState.QUEUED)
            m = keep.shape[0]
            for buf in self._buf.values():
                np.take(buf[: self._n], keep, out=buf[:m])  # mode "raise" buffers, so the overlap is safe
            self._n = m
            self._views()

    def arrays(self) -> tuple:
        """The fields as the kernels take them (``sim.kernels.arrays.RequestArrays``, as a plain tuple): the
        pool's own views, not copies."""
        return _ARRAYS(self)

    def queue_order(self) -> np.ndarray:
        """Work order: by handler, then day raised, then creation (first come, first served).

        The pool only grows by appending the day's new requests and ``compact()``
        keeps its order, so it is always sorted by day raised and creation; a
        stable counting sort by handler gives the order. Computed once per change
        of the pool: a request passed on during the day waits until tomorrow.
        """
        if self._order is None:
            self._order = order_by_handler(self.handler)
        return self._order

    def buffers(self) -> list[np.ndarray]:
        """The arrays behind the fields (their capacity, not just the open rows)."""
        return list(self._buf.values())

    @property
    def nbytes(self) -> int:
        return sum(buf.nbytes for buf in self.buffers())

