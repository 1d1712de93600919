"""Where numba keeps compiled kernels: a folder named by a hash of the kernel sources.

Numba invalidates a cached kernel only when its own source file changes, not
when a function it inlined from another module does (``sim.rng.uniform`` is
inlined everywhere). Keying the cache folder by a hash of every file that
defines numba code means any change to any of them recompiles everything,
so a cached kernel can never run stale code. A user's own ``NUMBA_CACHE_DIR``
is respected (kept under a sub-folder of the same hash).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def kernel_sources() -> list[Path]:
    """Every file whose numba functions or constants may be compiled into a kernel (kernels read
    ``sim.calendar.NO_DAY``)."""
    return sorted(_HERE.joinpath("kernels").glob("*.py")) + [_HERE / "rng.py", _HERE / "calendar.py"]


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in kernel_sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def configure() -> Path:
    """Point numba's cache at a folder named by the kernel sources' hash (before any kernel is defined)."""
    import numba

    base = os.environ.get("NUMBA_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "govsim-numba" / source_hash()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return folder  # not writable: numba falls back to compiling in memory
    numba.config.CACHE_DIR = str(folder)
    return folder
