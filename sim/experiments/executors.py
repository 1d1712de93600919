"""Where runs execute: ``concurrent.futures`` executors, no scheduler of our own.

- ``local``: a ``ProcessPoolExecutor`` of ``workers`` processes started with
  ``spawn`` (safe with numba and threads; nothing is set at import time).
- ``dask``: ``distributed.Client(scheduler).get_executor()`` on a running
  cluster (``--scheduler tcp://host:8786``), or on a ``LocalCluster`` of
  ``workers`` single-threaded worker processes when no scheduler is given.
  Start cluster workers with ``--nthreads 1`` (``dask worker ... --nthreads 1
  --nworkers N``): a worker runs one simulation at a time anyway.

``open_executor`` yields the executor and how many runs it can work on at
once (the sweep keeps about twice that many in flight, so memory stays flat
however many runs the sweep has).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from sim.errors import UserError
from sim.orphans import die_with_parent

KINDS = ("local", "dask")


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def open_executor(kind: str = "local", workers: int | None = None,
                  scheduler: str | None = None) -> Iterator[tuple[Executor, int]]:
    """An executor and its capacity (runs at once); shut down on exit."""
    workers = workers or default_workers()
    if kind == "local":
        if scheduler:
            raise UserError("--scheduler needs --executor dask", "--scheduler")
        # Each worker dies with the driver, even one killed with SIGKILL (``sim.orphans``).
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=die_with_parent, initargs=(os.getpid(),))
        try:
            yield pool, workers
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    if kind != "dask":
        raise UserError(f"'{kind}' is not an executor; allowed: {', '.join(KINDS)}", "--executor")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError("needs dask.distributed: pip install 'govsim[dask]'", "--executor dask") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as e:
            raise UserError(f"cannot reach the Dask scheduler: {' '.join(str(e).split())}",
                            f"--scheduler {scheduler}") from None
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        capacity = max(1, sum(client.nthreads().values()))
        yield client.get_executor(pure=False), capacity
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
