"""Optuna studies kept on disk, so that a calibration or a policy search continues where it stopped.

What ``govsim calibrate`` and ``govsim optimize`` share:

- ``open_study``: the study in ``OUT/study.db`` (SQLite, a fixed study name),
  created or loaded; the first call stamps it with a fingerprint of what
  determines its trials, and a later call whose fingerprint differs (other
  data, another file) is refused rather than mixed in;
- ``requeue_stale``: trials left running by a stopped call are marked failed
  and their values queued, so the next call asks them again with the same
  values;
- ``Trials``: what a call did to the trials, and its account in words;
- ``trial_seed``: the sampler's seed for the next batch, from the file's
  seed and the number of trials so far, so a study's proposals depend on its
  history alone (not on how many workers ran it, nor on what finished first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.errors import UserError



@dataclass
class Trials:
    """What one call did to a study's trials (a calibration's and a search's outcomes extend it)."""

    trials: int = 0  # complete trials in the study
    done: int = 0  # run now
    skipped: int = 0  # complete before this call
    failed: int = 0
    retried: int = 0  # trials running when a call stopped, asked again
    seconds: float = 0.0
    stopped: str = ""
    errors: list = field(default_factory=list)  # (trial number, error) of the failed trials

    def trial_lines(self, kept: str = "finished trials are kept") -> list[str]:
        """The trials' account, and what was kept if the call stopped."""
        out = [f"{self.trials} trials in the study: {self.done} run now, {self.skipped} already done, "
               f"{self.failed} failed ({self.seconds:.1f} s)"]
        if self.retried:
            out.append(f"{self.retried} trials that were running when it stopped were tried again")
        for number, error in self.errors[:3]:
            out.append(f"  trial {number} failed: {error}")
        if self.stopped:
            out.append(f"{self.stopped}: {kept}; run the same command again to resume")
        return out


URL_UNSAFE = "?#%"  # characters a SQLite URL would read as a query, a fragment or an escape
DB = "study.db"


def optuna_module(what: str):
    """``optuna``, quiet, or a one-line error naming the command that needs it."""
    try:
        import optuna
    except ImportError:
        raise UserError("needs optuna: pip install govsim (it is a dependency)", what) from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


def check_study_folder(out: Path) -> None:
    """Refuse, before anything is made, a folder whose path a SQLite URL cannot hold as it is."""
    bad = sorted({ch for ch in str(Path(out).resolve()) if ch in URL_UNSAFE})
    if bad:
        raise UserError(f"the study database cannot live under a path with {' or '.join(repr(c) for c in bad)}; "
                        "choose a folder without them", f"--out {out}")


def open_study(out: Path, name: str, directions: list[str], fingerprint: str, document: dict, other: str,
               what: str):
    """The study ``name`` in ``out/study.db``, created (stamped with ``fingerprint`` and ``document``) or loaded;
    refused with ``other`` (why) if it was stamped with another fingerprint."""
    optuna = optuna_module(what)
    check_study_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    storage = optuna.storages.RDBStorage(f"sqlite:///{(out / DB).resolve()}")
    study = optuna.create_study(study_name=name, storage=storage, directions=directions, load_if_exists=True)
    have = study.user_attrs.get("fingerprint")
    if have is None:
        if study.trials:
            raise UserError(f"holds an Optuna study that govsim did not write ({DB}); use another --out", str(out))
        study.set_user_attr("fingerprint", fingerprint)
        study.set_user_attr("study", json.loads(json.dumps(document, default=str)))
    elif have != fingerprint:
        raise UserError(f"holds {other} ({DB}); use another --out, or delete the folder to start again", str(out))
    return study


def requeue_stale(study) -> int:
    """Trials left running by a stopped call: failed, and their values queued to run again."""
    from optuna.trial import TrialState

    stale = list(study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)))
    for t in stale:
        study.enqueue_trial(t.params, skip_if_exists=False)
        study.tell(t.number, state=TrialState.FAIL)
    return len(stale)


def complete(study) -> int:
    """How many trials of ``study`` are complete."""
    from optuna.trial import TrialState

    return len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)))


def trial_seed(seed: int, trials_so_far: int) -> int:
    """The sampler's seed for the batch asked after ``trials_so_far`` trials."""
    return int(np.random.SeedSequence(seed, spawn_key=(1, trials_so_far)).generate_state(1)[0])
