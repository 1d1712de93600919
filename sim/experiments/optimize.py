"""``govsim optimize``: a search for good policies under a budget with Optuna's multi-objective samplers.

The search, in order:

1. The status quo (the base scenario as given) runs on every uncertainty
   sample and seed (``optimize_runs``). Its yearly cost is the floor of any
   budget: a ``budget_yuan_year`` below it is refused in one line before
   anything is written. A candidate may cost at most ``budget - status quo``
   a year more than the status quo (or ``extra_budget_yuan_year``).
2. Trials are asked ``trials_at_once`` at a time (TPE or NSGA-II, seeded
   from the file's seed and the number of trials so far; the limit is each
   trial's Optuna constraint, ``Trial.set_constraint``, which the samplers
   and the Pareto set read). Each trial's runs (samples x seeds, the same
   for every trial) go through the sweep executors (``run_on``: a local
   process pool or Dask); once the batch is done its trials are told their
   objective values in the order they were asked, never in the order runs
   finished, so the study is the same on any executor and any number of
   workers.
3. The report (``optimize_report``): the feasible Pareto set, the
   recommended policy re-evaluated on fresh seeds against the status quo,
   its robustness over the samples.

The study lives in ``OUT/study.db`` and every run in ``OUT/runs/`` (the
sweep's store, KPIs only): the same command again continues the study; runs
are keyed by their lever values, sample and seed, so a trial that was
running when the search stopped is asked again with the same values and
only its missing runs run. A folder holding another search is refused.
"""

from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.errors import UserError
from sim.experiments import optimize_runs as oruns
from sim.experiments import studies
from sim.experiments.executors import open_executor
from sim.experiments.optimize_spec import Search
from sim.experiments.runner import run_kpis
from sim.experiments.store import OK, Store
from sim.experiments.sweep import Summary, run_on

STUDY_NAME = "govsim-optimize"
SAVED = ("per_sample", "cost_year", "extra_cost_year")  # what a trial keeps besides its values (user attr "search")
BUDGET = "budget"  # the constraint's name: the yearly cost over the status quo's, less the most allowed


@dataclass
class Outcome(studies.Trials):
    """What a search did and found."""

    runs: Summary = field(default_factory=lambda: Summary(total=0, skipped=0, retried=0))
    status_quo: dict = field(default_factory=dict)  # its objective values and yearly cost
    limit: float | None = None  # the most a candidate may cost a year over the status quo
    report: dict = field(default_factory=dict)  # optimize_report.build

    def lines(self) -> list[str]:
        r = self.runs
        rate = r.done / self.seconds if self.seconds > 0 else 0.0
        out = self.trial_lines("finished trials and runs are kept")
        out.insert(1, f"runs: {r.done} done now, {r.skipped} already done, {r.failed} failed ({rate:.2f} runs/s)")
        return out


class _Held:
    """The results of a batch of runs, read as they arrive (while the workers go on) and kept until the batch is
    scored; saved to the store as they arrive, or (``write=False``) only on ``flush``: the status quo's wait
    until the budget is checked, so that a refused search writes nothing."""

    def __init__(self, store: Store, write: bool = True):
        self.store, self.write, self.results, self.frames = store, write, {}, {}

    def save(self, spec, result: dict) -> None:
        if self.write:
            self.store.save(spec, result)
        self.results[spec.run_id] = (spec, result)
        if result["status"] == OK:
            self.frames[spec.run_id] = pd.read_parquet(io.BytesIO(result["kpis"]))

    def flush(self) -> None:
        for spec, result in self.results.values():
            self.store.save(spec, result)

    def kpi_frame(self, run_id: str) -> pd.DataFrame:
        return self.frames[run_id] if run_id in self.frames else self.store.kpi_frame(run_id)

    def failures(self, specs: list) -> list[tuple[str, str]]:
        """(run id, error) of the specs whose run did not finish."""
        out = []
        for s in specs:
            rec = self.results[s.run_id][1] if s.run_id in self.results else self.store.record(s.run_id)
            if rec is None or rec.get("status") != OK:
                out.append((s.run_id, (rec or {}).get("error") or "not run"))
        return out


@dataclass
class _Runner:
    """An open executor and what every batch of runs shares."""

    ex: object
    capacity: int
    store: Store
    summary: Summary
    bar: object
    fn: object

    def run(self, specs: list, write: bool = True) -> _Held:
        """Run the specs not finished in the store (each once); their results."""
        unique = list({s.run_id: s for s in specs}.values())
        todo, skipped, retried = self.store.pending(unique)
        self.summary.total += len(unique)
        self.summary.skipped += skipped
        self.summary.retried += retried
        self.summary.not_run += len(todo)
        held = _Held(self.store, write)
        run_on(self.ex, self.capacity, todo, held, self.summary, self.bar, self.fn)
        return held


def distributions(search: Search) -> dict:
    """Each lever's Optuna distribution: a float or integer range, or its list of levels."""
    optuna = studies.optuna_module("optimize")
    d = optuna.distributions
    out = {}
    for f in search.levers:
        if f.levels is not None:
            out[f.name] = d.CategoricalDistribution(list(f.levels))
        elif f.kind is int:
            out[f.name] = d.IntDistribution(int(f.lo), int(f.hi))
        else:
            out[f.name] = d.FloatDistribution(float(f.lo), float(f.hi))
    return out


def sampler(search: Search, trials_so_far: int):
    """The file's sampler for the next batch, seeded from the file's seed and the trials so far."""
    optuna = studies.optuna_module("optimize")
    seed = studies.trial_seed(search.seed, trials_so_far)
    if search.sampler == "nsga2":  # a generation is a batch
        return optuna.samplers.NSGAIISampler(population_size=max(2, search.trials_at_once), seed=seed)
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=max(10, 2 * (len(search.levers) + 1)),
                                      constant_liar=True)


def optimize(search: Search, out: Path, trials: int | None = None, executor: str = "local",
             workers: int | None = None, scheduler: str | None = None, progress: bool = True,
             fn=run_kpis) -> Outcome:
    """Run the search until the study holds ``trials`` complete trials, then report into ``out``.

    ``fn`` is the function each run calls (``run_kpis``); tests pass a stand-in.
    """
    from tqdm import tqdm

    from sim.experiments import optimize_report as report

    trials = search.trials if trials is None else trials
    studies.check_study_folder(out)
    store, outcome = Store(out), Outcome()
    ost = _open(search, out) if (out / studies.DB).is_file() else None  # another search's folder: refused first
    per_trial = search.samples * search.seeds
    bar = tqdm(total=per_trial * (trials + 1) + 2 * search.samples * search.check_seeds, unit="run",
               desc=search.name, disable=(not progress) or None, leave=False)
    started = time.perf_counter()
    try:
        with open_executor(executor, workers, scheduler) as (ex, capacity):
            runner = _Runner(ex, capacity, store, outcome.runs, bar, fn)
            sq = _status_quo(search, runner, outcome)
            ost = ost or _open(search, out)
            store.prepare(search.document())
            sq.flush()
            sq_rows = oruns.rows(sq, oruns.specs(search, oruns.STATUS_QUO, {}))
            outcome.retried = studies.requeue_stale(ost)
            outcome.skipped = studies.complete(ost)
            _loop(search, ost, runner, sq_rows, max(0, trials - outcome.skipped), outcome)
            if not outcome.stopped and studies.complete(ost):
                outcome.report = report.build(search, ost, runner)
    except KeyboardInterrupt:
        outcome.stopped = "interrupted"
    finally:
        bar.close()
        if ost is not None:
            studies.requeue_stale(ost)
    outcome.seconds = time.perf_counter() - started
    if ost is not None:
        outcome.trials = studies.complete(ost)
        store.write_manifest()
        if outcome.report:
            report.write(search, outcome, out)
    return outcome


def _open(search: Search, out: Path):
    return studies.open_study(out, STUDY_NAME, [o.direction for o in search.objectives], search.fingerprint(),
                              search.document(), "a search of another file or other settings", "optimize")


def _status_quo(search: Search, runner: _Runner, outcome: Outcome) -> _Held:
    """Run the status quo (held in memory) and check the budget against its yearly cost."""
    specs = oruns.specs(search, oruns.STATUS_QUO, {})
    held = runner.run(specs, write=False)
    if runner.summary.stopped:
        raise UserError(f"the status quo's runs stopped: {runner.summary.stopped}", search.source)
    bad = held.failures(specs)
    if bad:
        raise UserError(f"the status quo's run {bad[0][0]} failed: {bad[0][1]}", search.source)
    rows = oruns.rows(held, specs)
    sq = oruns.values(search, rows, rows)
    cost = sq["cost_year"]
    outcome.status_quo = {"values": sq["values"], "per_sample": sq["per_sample"], "cost_year": cost}
    if search.budget is not None:
        if search.budget < cost:
            raise UserError(f"budget_yuan_year = {search.budget:,.0f} is below the status quo's own cost of "
                            f"{cost:,.0f} yuan a year (the base scenario as given, mean over {search.samples} "
                            f"samples x {search.seeds} seeds); allowed: at least {math.ceil(cost):,} (or give "
                            "extra_budget_yuan_year, the cost allowed over the status quo's)", search.source)
        outcome.limit = search.budget - cost
    elif search.extra_budget is not None:
        outcome.limit = search.extra_budget
    return held


def _loop(search: Search, ost, runner: _Runner, sq_rows: pd.DataFrame, todo: int, outcome: Outcome) -> None:
    optuna = studies.optuna_module("optimize")
    dists = distributions(search)
    while outcome.done + outcome.failed < todo:
        ost.sampler = sampler(search, len(ost.get_trials(deepcopy=False)))
        batch = [ost.ask(dists) for _ in range(min(search.trials_at_once, todo - outcome.done - outcome.failed))]
        planned = [(t, oruns.specs(search, oruns.key(t.params), t.params)) for t in batch]
        held = runner.run([s for _, specs in planned for s in specs])
        if runner.summary.stopped:
            outcome.stopped = runner.summary.stopped
            return
        for t, specs in planned:  # told in the order asked, whatever finished first
            bad = held.failures(specs)
            result = None if bad else oruns.values(search, oruns.rows(held, specs), sq_rows)
            if result is not None and not all(math.isfinite(v) for v in result["values"]):
                undefined = [o.label for o, v in zip(search.objectives, result["values"]) if not math.isfinite(v)]
                bad = [("", f"objective {undefined[0]} is undefined (nothing to measure in these runs)")]
            if bad:
                t.set_user_attr("error", bad[0][1])
                ost.tell(t, state=optuna.trial.TrialState.FAIL)
                outcome.failed += 1
                outcome.errors.append((t.number, f"{bad[0][0]}: {bad[0][1]}".lstrip(": ")))
                continue
            t.set_user_attr("search", {"key": oruns.key(t.params), **{k: result[k] for k in SAVED}})  # one write
            if search.constrained:  # feasible at 0 or below; every Optuna sampler and best_trials read it
                t.set_constraint(BUDGET, result["extra_cost_year"] - outcome.limit)
            ost.tell(t, result["values"])
            outcome.done += 1
