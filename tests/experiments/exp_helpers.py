"""Helpers for the experiment tests: a tiny experiment file, a run function that fails some runs and one
that is interrupted.

This module is importable by spawned worker processes (pytest puts its folder
on ``sys.path``, which ``spawn`` passes on), so ``invalid_for_some`` can be
given to ``sweep(fn=...)`` and ``interrupted_at_the_fourth`` to ``attribute.run(fn=...)``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sim.experiments.runner import run_one

TINY = """\
name = "tiny"
scenario = "baseline"
residents = {residents}
days = {days}
seed = {seed}
replicates = {replicates}
kpis = ["satisfaction", "close_days", "unmet_need_share", "counter_wait_min"]

[levers]
one_stop.enabled = [false, true]

[uncertainties]
residents.digital_literacy_elderly = [0.2, 0.4]
"""


def tiny(folder: Path, name: str = "tiny.toml", residents: int = 1500, days: int = 20, seed: int = 1,
         replicates: int = 2, extra: str = "") -> Path:
    """A small experiment file: 2 policies x 2 uncertainty points x ``replicates``."""
    path = Path(folder) / name
    path.write_text(TINY.format(residents=residents, days=days, seed=seed, replicates=replicates) + extra)
    return path


def invalid_for_some(spec):
    """``run_one``, but the runs of replicate 1 and policy 1 get a value their scenario refuses, so they fail."""
    if spec.replicate == 1 and spec.policy == 1:
        spec = dataclasses.replace(spec, params={**spec.params, "residents.digital_literacy_elderly": 7.0})
    return run_one(spec)


STOP_AT = "c3-s001"  # an attribution's fourth run: coalition 3 (its first two mechanisms) at seed 1


def interrupted_at_the_fourth(spec):
    """``run_one``, but the fourth run of a small attribution is stopped as by Ctrl-C (the driver sees a
    ``KeyboardInterrupt`` and stops the lot, as when a user interrupts it)."""
    if spec.run_id == STOP_AT:
        raise KeyboardInterrupt
    return run_one(spec)
