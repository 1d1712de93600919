"""Drive a sweep: expand the experiment, skip what is done, run the rest, store as results arrive.

At most about twice the executor's capacity of runs is in flight; each
result is written to the store as it arrives and then dropped, so memory
stays flat however many runs the sweep has. A run that raises is recorded
as failed and the sweep goes on. Stopped (Ctrl-C, a killed worker, a lost
machine), finished runs stay finished: the same command again skips them,
says how many, and runs the rest (failed runs are tried again).
"""

from __future__ import annotations

import time
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sim.experiments.design import expand
from sim.experiments.executors import open_executor
from sim.experiments.runner import run_one
from sim.experiments.spec import Experiment
from sim.experiments.store import OK, Store


@dataclass
class Summary:
    """What a sweep did."""

    total: int
    skipped: int  # finished before this sweep
    retried: int  # failed before, tried again
    other_code: int = 0  # of the skipped, made by other model code (kept as they are)
    others: int = 0  # runs of other experiments in the same folder (kept, left out of the tables)
    done: int = 0
    failed: int = 0
    not_run: int = 0
    seconds: float = 0.0
    stopped: str = ""  # why the sweep stopped early: "interrupted" or "worker died"
    errors: list = field(default_factory=list)  # (run_id, error) of the failed runs

    def lines(self) -> list[str]:
        out = [f"{self.total} runs: {self.done} done now, {self.skipped} skipped (already done), "
               f"{self.failed} failed, {self.not_run} not run ({self.seconds:.1f} s)"]
        if self.retried:
            out.append(f"{self.retried} runs that had failed before were tried again")
        if self.other_code:
            out.append(f"{self.other_code} of the skipped runs were made by other model code and kept as they are; "
                       "to redo them with this code, sweep into another --out")
        if self.others:
            out.append(f"the folder also holds {self.others} runs of other experiments: kept, and left out of "
                       "manifest.csv and the tables")
        for run_id, error in self.errors[:5]:
            out.append(f"  failed {run_id}: {error}")
        if len(self.errors) > 5:
            out.append(f"  ... and {len(self.errors) - 5} more (see manifest.csv)")
        if self.stopped == "interrupted":
            out.append("interrupted: finished runs are kept; run the same command again to resume")
        elif self.stopped:
            out.append(f"stopped: {self.stopped}; finished runs are kept; run the same command again to resume")
        return out


def sweep(exp: Experiment, out: Path, executor: str = "local", workers: int | None = None,
          scheduler: str | None = None, progress: bool = True, fn=run_one) -> Summary:
    """Run every unfinished run of ``exp`` into the results folder ``out``.

    ``fn`` is the function each run calls (``run_one``); tests pass a wrapper.
    """
    specs = expand(exp)
    return run_pending(specs, Store(out), {**exp.document(), "run_ids": [s.run_id for s in specs]}, exp.name,
                       executor, workers, scheduler, progress, fn)


def run_pending(specs: list, store: Store, document: dict, desc: str, executor: str = "local",
                workers: int | None = None, scheduler: str | None = None, progress: bool = True,
                fn=run_one) -> Summary:
    """Run the specs not finished in ``store`` on an executor, saving each as it finishes (resumable: a
    stopped call leaves finished runs complete); ``document`` describes the runs in ``experiment.json``."""
    from tqdm import tqdm

    from sim.run_progress import FirstRuns

    todo, skipped, retried = store.pending(specs)
    store.prepare(document)
    summary = Summary(total=len(specs), skipped=skipped, retried=retried, other_code=store.other_code,
                      not_run=len(todo), others=store.others())
    started = time.perf_counter()
    if todo:
        bar = tqdm(total=len(todo), unit="run", desc=desc, disable=(not progress) or None, leave=False)
        try:
            with open_executor(executor, workers, scheduler) as (ex, capacity):
                run_on(ex, capacity, todo, store, summary, bar, fn, FirstRuns(bar, min(capacity, len(todo))))
        except KeyboardInterrupt:
            summary.stopped = "interrupted"
        finally:
            bar.close()
    summary.seconds = time.perf_counter() - started
    store.write_manifest()
    return summary


def run_on(ex, capacity: int, todo: list, store, summary: Summary, bar, fn=run_one, on_finish=None) -> None:
    """Run ``todo`` on an open executor, about twice its ``capacity`` in flight, ``store.save`` each result as it
    arrives and count it in ``summary``; a dead worker stops it (``summary.stopped``), Ctrl-C propagates.
    ``on_finish`` is called as each run finishes (default: the bar counts it)."""
    pending = iter(todo)
    inflight: dict = {}
    window = 2 * capacity + 1
    finished_one = on_finish or (lambda: bar.update(1))

    def fill():
        while len(inflight) < window:
            spec = next(pending, None)
            if spec is None:
                return
            inflight[ex.submit(fn, spec)] = spec

    fill()
    while inflight:
        finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
        for fut in finished:
            spec = inflight.pop(fut)
            try:
                result = fut.result()
            except BrokenProcessPool:
                summary.stopped = "a worker process died (killed, or out of memory)"
                for other in inflight:
                    other.cancel()
                return
            except Exception as e:  # the executor lost the run (e.g. Dask's KilledWorker)
                result = {"status": "failed", "error": " ".join(f"{type(e).__name__}: {e}".split())[:500],
                          "seconds": 0.0}
            store.save(spec, result)
            summary.not_run -= 1
            if result["status"] == OK:
                summary.done += 1
            else:
                summary.failed += 1
                summary.errors.append((spec.run_id, result["error"]))
            finished_one()
            if summary.failed:
                bar.set_postfix(failed=summary.failed)
        fill()
