"""Fit parameters to pilot data with Optuna; the study is stored on disk, so a calibration resumes.

Each trial proposes values for the file's parameters (within the ranges
from their declarations), runs the base scenario with them on the same
``seeds_per_trial`` seeds (common random numbers: trials differ by their
parameters, not their draws) and scores the runs' monthly indicators against
the pilot data (``objective``). Trials are proposed ``trials_at_once`` at a
time (Optuna's ask/tell; the TPE sampler, seeded from the file's seed and
the number of trials so far, with a constant liar for the pending ones), and
their runs go through the sweep executors (a local process pool or Dask), so
results do not depend on the executor or the number of workers.

The study lives in ``OUT/study.db`` (SQLite, a fixed study name): run the
same command again with more ``--trials`` and it continues where it stopped;
finished trials are never redone, and trials that were running when it
stopped are tried again with the same values. A folder that holds a study of
other data or other settings is refused.

Outputs (``OUT/``): ``best.json`` (best values, loss, the confidence set's
rule and ranges, the fit's p-value), ``best-scenario.toml`` (the base
scenario with the best values: ``govsim run`` takes it), ``trials.csv``,
``uncertainty.csv``, ``fit.csv`` and ``fit.png`` (data against the simulated
mean and 90% band of a single run at the best values), ``trials/NNNNN.parquet``
(each trial's per-point table).
"""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import wait
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration import objective, pilot
from sim.calibration.monthly import months, run_monthly
from sim.calibration.spec import Study, seeds
from sim.experiments import studies
from sim.experiments.executors import open_executor
from sim.experiments.spec import apply
from sim.experiments.store import atomic_write

STUDY_NAME = "govsim-calibration"
SEED_STREAM = 0  # trial seeds; make_pilot.py uses other seeds


@dataclass
class Outcome(studies.Trials):
    """What a calibration did and found."""

    best: dict = field(default_factory=dict)

    def lines(self) -> list[str]:
        return self.trial_lines()


def _optuna():
    return studies.optuna_module("calibrate")


def _fingerprint(study: Study, data: pd.DataFrame) -> str:
    doc = {k: v for k, v in study.document().items() if k not in ("data", "source", "name")}
    text = json.dumps({"study": doc, "base": study.base_doc}, sort_keys=True, default=str)
    text += data[["community", "month", "indicator", "value", "n"]].to_csv(index=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _distributions(study: Study) -> dict:
    optuna = _optuna()
    return {r.name: (optuna.distributions.IntDistribution(int(r.lo), int(r.hi)) if r.integer
                     else optuna.distributions.FloatDistribution(r.lo, r.hi)) for r in study.ranges}


def open_study(study: Study, data: pd.DataFrame, out: Path):
    """The Optuna study in ``out/study.db``, created or loaded; refused if it holds another calibration."""
    return studies.open_study(out, STUDY_NAME, ["minimize"], _fingerprint(study, data), study.document(),
                              "a calibration of other data or other settings", "calibrate")


def _sampler(study: Study, n_trials_so_far: int):
    optuna = _optuna()
    return optuna.samplers.TPESampler(seed=studies.trial_seed(study.seed, n_trials_so_far),
                                      n_startup_trials=max(5, 4 * len(study.ranges)), constant_liar=True)


def calibrate(study: Study, data_path: Path, out: Path, trials: int, executor: str = "local",
              workers: int | None = None, scheduler: str | None = None, progress: bool = True,
              fn=run_monthly) -> Outcome:
    """Run trials until the study holds ``trials`` complete ones, then write the outputs to ``out``."""
    from tqdm import tqdm

    data = pilot.read(data_path, study.communities, months(study.days))
    ost = open_study(study, data, out)
    outcome = Outcome(retried=studies.requeue_stale(ost))
    outcome.skipped = studies.complete(ost)
    todo = max(0, trials - outcome.skipped)
    started = time.perf_counter()
    if todo or (outcome.skipped and _noise(ost) is None):
        bar = tqdm(total=todo, unit="trial", desc=study.name, disable=(not progress) or None, leave=False)
        try:
            with open_executor(executor, workers, scheduler) as (ex, _):
                if todo:
                    _loop(study, data, ost, ex, todo, outcome, bar, fn, out)
                if not outcome.stopped and studies.complete(ost) and _noise(ost) is None:
                    _measure_noise(study, data, ost, ex, fn)
        except KeyboardInterrupt:
            outcome.stopped = "interrupted"
        finally:
            bar.close()
            studies.requeue_stale(ost)
    outcome.seconds = time.perf_counter() - started
    outcome.trials = studies.complete(ost)
    if outcome.trials:
        outcome.best = write_outputs(study, data, ost, out)
    return outcome


def _evaluate(ex, fn, doc: dict, run_seeds: list[int], names: list[str]):
    """Submit one parameter set's runs (one per seed); the futures."""
    return [ex.submit(fn, {"key": j, "doc": doc, "seed": s, "indicators": names}) for j, s in enumerate(run_seeds)]


def _collect(futures) -> list[dict]:
    from concurrent.futures.process import BrokenProcessPool

    out = []
    for fut in futures:
        try:
            out.append(fut.result())
        except BrokenProcessPool:
            raise
        except Exception as e:  # the executor lost the run
            out.append({"status": "failed", "error": " ".join(f"{type(e).__name__}: {e}".split())[:500]})
    return out


def _loop(study: Study, data: pd.DataFrame, ost, ex, todo: int, outcome: Outcome, bar, fn, folder: Path) -> None:
    from concurrent.futures.process import BrokenProcessPool

    opts = study.options
    run_seeds = seeds(study.seed, opts["seeds_per_trial"], SEED_STREAM)
    names = sorted(set(data["indicator"]))
    dists = _distributions(study)
    (trials_dir := folder / "trials").mkdir(exist_ok=True)
    while outcome.done + outcome.failed < todo:
        ost.sampler = _sampler(study, len(ost.get_trials(deepcopy=False)))
        batch = [ost.ask(dists) for _ in range(min(opts["trials_at_once"], todo - outcome.done - outcome.failed))]
        futures = [_evaluate(ex, fn, apply(study.base_doc, t.params), run_seeds, names) for t in batch]
        wait([f for fs in futures for f in fs])
        for t, fs in zip(batch, futures):
            try:
                runs = _collect(fs)
            except BrokenProcessPool:
                outcome.stopped = "a worker process died (killed, or out of memory)"
                return
            bad = [r for r in runs if r["status"] != "ok"]
            if bad:
                t.set_user_attr("error", bad[0]["error"])
                ost.tell(t, state=_optuna().trial.TrialState.FAIL)
                outcome.failed += 1
                outcome.errors.append((t.number, bad[0]["error"]))
            else:
                values = objective.simulated(data, [r["monthly"] for r in runs])
                loss, table = objective.score(data, values, opts["default_n"], opts["item_cv"])
                atomic_write(trials_dir / f"{t.number:05d}.parquet", table.to_parquet(index=False))
                t.set_user_attr("missing_points", int((~np.isfinite(table["z"])).sum()))
                ost.tell(t, loss)
                outcome.done += 1
            bar.update(1)


def _noise(ost) -> float | None:
    """The loss's Monte-Carlo sd measured at the current best trial, or None if not measured for it."""
    rec = ost.user_attrs.get("noise")
    return rec["sd"] if rec and studies.complete(ost) and rec["trial"] == ost.best_trial.number else None


def _measure_noise(study: Study, data: pd.DataFrame, ost, ex, fn) -> None:
    """The loss at the best values on ``NOISE_SETS`` fresh seed sets; its sd is stored with the study."""
    opts, best = study.options, ost.best_trial
    names = sorted(set(data["indicator"]))
    doc = apply(study.base_doc, best.params)
    futures = [_evaluate(ex, fn, doc, seeds(study.seed, opts["seeds_per_trial"], 100 + r), names)
               for r in range(objective.NOISE_SETS)]
    losses = []
    for fs in futures:
        runs = _collect(fs)
        if any(r["status"] != "ok" for r in runs):
            return
        values = objective.simulated(data, [r["monthly"] for r in runs])
        losses.append(objective.score(data, values, opts["default_n"], opts["item_cv"])[0])
    ost.set_user_attr("noise", {"trial": best.number, "sd": float(np.std(losses, ddof=1)), "losses": losses})


def trials_table(ost) -> pd.DataFrame:
    """Every complete trial: number, loss, parameter values."""
    from optuna.trial import TrialState

    rows = [{"trial": t.number, "loss": t.value, **t.params}
            for t in ost.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))]
    return pd.DataFrame(rows).sort_values("loss", kind="stable").reset_index(drop=True)


def uncertainty(study: Study, table: pd.DataFrame, n_points: int, sd_mc: float | None) -> dict:
    """The confidence set (``objective``'s rule) and each parameter's range in it."""
    k = len(study.ranges)
    best = float(table["loss"].iloc[0])
    measured, sd_mc = sd_mc is not None, sd_mc or 0.0
    thr = objective.threshold(k, sd_mc)
    inside = table[table["loss"] <= best + thr]
    ranges, notes = {}, []
    for r in study.ranges:
        lo, hi = float(inside[r.name].min()), float(inside[r.name].max())
        ranges[r.name] = {"best": _plain(table[r.name].iloc[0]), "lo": lo, "hi": hi, "bounds": [r.lo, r.hi]}
        edge = 0.02 * (r.hi - r.lo)
        if lo <= r.lo + edge:
            notes.append(f"{r.name}: the set reaches the lower bound {r.lo:g}; the data do not rule out lower values")
        if hi >= r.hi - edge:
            notes.append(f"{r.name}: the set reaches the upper bound {r.hi:g}; the data do not rule out higher values")
    if len(inside) < 3:
        notes.append(f"only {len(inside)} trial(s) in the set: its ranges are a lower bound on the uncertainty; "
                     "run more trials")
    p = objective.fit_pvalue(best, n_points, k)
    if p == p and p < 0.01:
        notes.append(f"the best fit is poor (p = {p:.2g}): the model does not reproduce the data within the stated "
                     "noise, so the ranges understate the uncertainty")
    if not measured:
        notes.append("the loss's Monte-Carlo noise was not measured (stopped early): the set ignores it and is "
                     "too narrow; run the same command again")
    return {"rule": objective.rule_text(k, sd_mc), "level": objective.LEVEL, "threshold": thr, "best_loss": best,
            "loss_sd_mc": sd_mc,
            "trials_in_set": int(len(inside)), "trials": int(len(table)), "data_points": n_points,
            "fit_pvalue": p, "ranges": ranges, "notes": notes}


def _plain(x):
    return x.item() if hasattr(x, "item") else x


def write_outputs(study: Study, data: pd.DataFrame, ost, out: Path) -> dict:
    """best.json, best-scenario.toml, trials.csv, uncertainty.csv, fit.csv, fit.png."""
    from sim import scenario as sc
    from sim.calibration.plots import save_fit

    table = trials_table(ost)
    unc = uncertainty(study, table, len(data), _noise(ost))
    best_number = int(table["trial"].iloc[0])
    best_params = {r.name: _plain(table[r.name].iloc[0]) for r in study.ranges}
    best = {"parameters": best_params, "loss": unc["best_loss"], "trial": best_number,
            "uncertainty": unc, "study": study.document()}
    atomic_write(out / "best.json", json.dumps(best, indent=2, default=str, allow_nan=True).encode())
    atomic_write(out / "trials.csv", table.to_csv(index=False).encode())
    atomic_write(out / "uncertainty.csv", pd.DataFrame(
        [{"parameter": n, "best": v["best"], "set_lo": v["lo"], "set_hi": v["hi"], "bound_lo": v["bounds"][0],
          "bound_hi": v["bounds"][1]} for n, v in unc["ranges"].items()]).to_csv(index=False).encode())
    doc = apply(study.base_doc, best_params)
    doc["name"] = f"{study.name}-best"
    doc["description"] = (f"{study.name} calibrated to {Path(study.options.get('data') or 'pilot data').name} "
                          f"(trial {best_number} of {unc['trials']}): " +
                          ", ".join(f"{n}={v:.4g}" for n, v in best_params.items()))[:2000]
    scenario = sc.from_document(doc, "best-scenario.toml", doc["name"])
    atomic_write(out / "best-scenario.toml", sc.dump(scenario).encode())
    fit = pd.read_parquet(out / "trials" / f"{best_number:05d}.parquet")
    atomic_write(out / "fit.csv", fit.to_csv(index=False).encode())
    save_fit(fit, out / "fit.png", f"{study.name}: data against the best trial ({best_number})")
    return best


def summary_lines(best: dict) -> list[str]:
    """The best values and the uncertainty statement, as printed."""
    unc = best["uncertainty"]
    lines = [f"best (trial {best['trial']}, loss {best['loss']:.2f} over {unc['data_points']} data points, "
             f"fit p-value {unc['fit_pvalue']:.2g}):"]
    width = max(map(len, unc["ranges"]))
    for name, r in unc["ranges"].items():
        lines.append(f"  {name:{width}s}  {r['best']:.4g}   {unc['level']:.0%} set: {r['lo']:.4g} .. {r['hi']:.4g}"
                     f"   (searched {r['bounds'][0]:g} .. {r['bounds'][1]:g})")
    lines.append(f"uncertainty: {unc['trials_in_set']} of {unc['trials']} trials fit about as well as the best; "
                 f"rule: {unc['rule']}")
    lines += [f"note: {n}" for n in unc["notes"]]
    return lines
