"""What a user sees while simulations start and run: a one-time notice that the kernels are compiling when
numba's cache is cold, and a day progress bar whose time estimate leaves compilation out.

A cold first run spends 15-60 s compiling kernels inside its first simulated days and printed nothing
meanwhile; a progress bar timed through that estimated the remaining days at those days' pace (over an hour).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from numba.core import event

COMPILING = ("compiling the simulation's numba kernels on first use: about 20-60 s, once "
             "(they are cached for later runs)")


def kernel_cache() -> Path | None:
    """The folder numba writes this install's compiled kernels to (``sim.numba_cache``), or None if numba
    keeps them in memory only."""
    import numba
    from numba.core.caching import UserProvidedCacheLocator

    import sim  # noqa: F401  (configures numba's cache folder)

    kernels = Path(__file__).resolve().parent / "kernels" / "__init__.py"
    if not numba.config.CACHE_DIR:
        return kernels.parent / "__pycache__"  # numba's own default, next to the sources
    return Path(numba.config.CACHE_DIR) / UserProvidedCacheLocator.get_suitable_cache_subpath(str(kernels))


def cache_is_cold() -> bool:
    """True when no kernel of this install has been compiled and cached yet."""
    folder = kernel_cache()
    return folder is None or not folder.is_dir() or not any(folder.glob("*.nbi"))


def announce_compiling(stream=None) -> bool:
    """Say once, before any kernel runs, that the kernels compile now and roughly how long it takes; True if
    said."""
    if not cache_is_cold():
        return False
    print(COMPILING, file=stream or sys.stderr, flush=True)
    return True


class DayTicker:
    """A progress callback for a tqdm bar of days whose clock leaves out the time numba spends compiling or
    loading kernels (``numba:compiler_lock`` events), so the rate and time left are those of simulated days
    from the first update on. Use it as a context manager: it listens to numba while entered."""

    def __init__(self, bar, clock=time.perf_counter):
        self.bar, self.clock = bar, clock
        self.depth, self.started, self.compiling, self.excluded = 0, 0.0, 0.0, 0.0

    def __enter__(self):
        self._listener = _Lock(self)
        event.register(LOCK, self._listener)
        return self

    def __exit__(self, *exc) -> None:
        event.unregister(LOCK, self._listener)

    def start(self) -> None:
        if self.depth == 0:  # the lock is re-entrant: time the outermost hold only
            self.started = self.clock()
        self.depth += 1

    def end(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.compiling += self.clock() - self.started

    def __call__(self) -> None:
        pause, self.excluded = self.compiling - self.excluded, self.compiling
        if pause > 0 and not self.bar.disable:  # as if the bar's clock had stopped while numba worked
            self.bar.start_t += pause
            self.bar.last_print_t += pause
        self.bar.update(1)


LOCK = "numba:compiler_lock"  # held while a kernel is compiled or loaded from the cache


class _Lock(event.Listener):
    """Forwards numba's compiler-lock events to a ``DayTicker``."""

    def __init__(self, ticker: DayTicker):
        self.ticker = ticker

    def on_start(self, ev) -> None:
        self.ticker.start()

    def on_end(self, ev) -> None:
        self.ticker.end()


class FirstRuns:
    """For a tqdm bar of runs spread over worker processes: each worker's first run also compiles or loads the
    kernels, so until ``workers`` runs have finished the bar shows no time left (it would be that of the
    compiling), then its clock restarts from the runs done so far."""

    WAIT = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}, workers starting: kernels load or compile]"

    def __init__(self, bar, workers: int):
        self.bar, self.left = bar, max(1, workers)
        if not bar.disable:
            bar.bar_format = self.WAIT
            bar.refresh()

    def __call__(self) -> None:
        """One run finished."""
        self.bar.update(1)
        self.left -= 1
        if self.left == 0 and not self.bar.disable:
            from tqdm.std import EMA

            bar = self.bar  # a fresh clock and rate from here (what tqdm's reset does, keeping the count)
            bar.initial = bar.last_print_n = bar.n  # the rate counts runs from here on only
            bar.start_t = bar.last_print_t = bar._time()
            bar._ema_dn, bar._ema_dt = EMA(bar.smoothing), EMA(bar.smoothing)
            bar.bar_format = None
            bar.refresh()
