"""What a user sees while simulations start and run: a one-time notice that the kernels are compiling when
numba's cache is cold, and a day progress bar whose time estimate leaves that compilation out.

A cold first run spends 15-60 s compiling kernels inside its first simulated day and prints nothing meanwhile;
a progress bar timed from its start would then estimate the remaining days at that first day's pace (an hour).
"""

from __future__ import annotations

import sys
from pathlib import Path

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
    """A progress callback for a tqdm bar of days that restarts the bar's clock after the first day, so the
    rate and time left are those of simulated days, not of the compilation the first day includes."""

    def __init__(self, bar):
        self.bar = bar
        self.first = True

    def __call__(self) -> None:
        if self.first:
            self.first = False
            self.bar.reset()  # n back to 0 and a fresh clock and rate; the first day is counted again below
        self.bar.update(1)
