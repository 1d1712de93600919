"""The pool of open requests, as a struct of arrays.

A request is born when a need reaches a channel, waits in exactly one
handler's queue, and ends closed or abandoned. Finished requests are counted
into the day's results by the kernels and then dropped by ``compact()``; the
running totals (``created``, ``closed``, ``abandoned``) let validation check
that every request is accounted for exactly once.
"""

from __future__ import annotations

import numpy as np

from sim.enums import RequestState

FIELDS: dict[str, type] = {
    "resident": np.int32,
    "community": np.int16,
    "group": np.int8,
    "need": np.int8,
    "channel": np.int8,
    "created": np.int32,  # day the need was raised
    "target": np.int32,  # handler that can resolve the current stage
    "handler": np.int32,  # handler whose queue holds it now
    "state": np.int8,  # RequestState
    "responded": np.int32,  # day of first response, -1 before
    "bounces": np.int16,
    "stage": np.int8,  # departments done so far (cross-department problems)
    "stages": np.int8,  # departments needed
    "ready": np.int32,  # first day the current handler can work on it
    "seq": np.int64,  # queue-entry order, for first-come-first-served ties
    "worked": np.int32,  # last day a handler worked on it
    "errands": np.int8,  # errands a walk-in brought to the counter (0 until its first visit)
    "errands_left": np.int8,  # of those, not yet done
}


class RequestPool:
    """Open requests plus running totals of everything ever created."""

    def __init__(self):
        for name, dtype in FIELDS.items():
            setattr(self, name, np.empty(0, dtype=dtype))
        self.created_total = 0
        self.closed_total = 0
        self.abandoned_total = 0
        self.next_seq = 0
        self._order: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.state.shape[0])

    def extend(self, cols: dict[str, np.ndarray]) -> None:
        """Append new requests (every field given, same length)."""
        n = len(next(iter(cols.values())))
        for name, dtype in FIELDS.items():
            setattr(self, name, np.concatenate([getattr(self, name), cols[name].astype(dtype, copy=False)]))
        self.created_total += n
        self._order = None

    def compact(self) -> None:
        """Drop finished requests (already counted) and tally them."""
        tally = np.bincount(self.state, minlength=len(RequestState))
        self.closed_total += int(tally[RequestState.CLOSED])
        self.abandoned_total += int(tally[RequestState.ABANDONED])
        if tally[RequestState.QUEUED] < len(self):
            keep = np.flatnonzero(self.state == RequestState.QUEUED)
            for name in FIELDS:
                setattr(self, name, getattr(self, name).take(keep))
            self._order = None

    def queue_order(self) -> np.ndarray:
        """Work order: by handler, then day raised, then arrival (first come, first served).

        Computed once per change of the pool: a request passed on during the day
        waits until tomorrow, so the day's order stays valid until ``compact()``.
        """
        if self._order is None:
            self._order = _order(self.handler, self.created, self.seq)
        return self._order

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in FIELDS)


def _order(handler: np.ndarray, created: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """Indices sorted by (handler, created, seq): one int64 key when the fields fit in it."""
    if handler.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    span = int(seq.max() - seq.min())
    if int(handler.max()) < 1 << 21 and 0 <= int(created.min()) and int(created.max()) < 1 << 16 and span < 1 << 26:
        key = (handler.astype(np.int64) << 42) | (created.astype(np.int64) << 26) | (seq - seq.min())
        return np.argsort(key)  # keys are unique (seq is), so any sort gives the same order
    return np.lexsort((seq, created, handler)).astype(np.int64)
