"""No process of ours outlives the command that started it.

A sweep's driver killed with SIGKILL (as the out-of-memory killer does) cannot
stop its workers, and ``govsim dashboard`` killed by its PID cannot stop the
Solara server it started. So each child process we start asks, as it starts,
to die with its parent: on Linux with ``prctl(PR_SET_PDEATHSIG, SIGKILL)``
(the kernel kills it the moment its parent dies); elsewhere a daemon thread
watches the parent's PID and exits when it changes. Once the workers are
gone, multiprocessing's resource tracker reads the end of its pipe and
exits too. (Dask's own worker processes already exit when their nanny's
process dies.)
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Make this process end when its parent ends (``parent``: the PID it must outlive no longer than).

    Call it first thing in a child: in a pool's initializer, or as ``preexec_fn`` of a subprocess.
    """
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="die-with-parent").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
