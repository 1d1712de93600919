"""The reform's roll-out: which communities the switched-on mechanisms act in, from which day.

Without a roll-out (``rollout.enabled = false``, the default) every mechanism a
scenario switches on acts in every community from day 0. With one, the plan's
schedule (docs/plan.md, "pilot and roll-out": 20 pilot communities in year 1,
80% of the city's communities by 2026) decides each community's reform day:

- pilots: ``rollout.pilots`` communities reform on ``rollout.pilot_day``,
  chosen to span the community types (round robin over the types, in order of
  first appearance in the scenario; within a type in a seeded random order);
- the wave: the next communities, in a seeded random order, until
  ``ceil(rollout.target_share * communities)`` have reformed, reform on days
  spread evenly over ``(rollout.wave_start_day, rollout.target_day]``, the last
  on ``target_day``;
- the rest do not reform within the run (``NEVER``): the city's unreformed
  communities, a natural comparison group.

State: ``model.reform_day`` (day per community) and ``model.live`` (reformed
by today, updated first thing each day). Reform days are day 0 or later, so
the warm-up before day 0 (``sim.components.warmup``) lives the status quo
everywhere and the reform arrives into a world in steady state. Mechanisms read ``model.live``;
rule tables a mechanism changes apply to reformed communities only
(``model.rules.in_force``, ``sim.components.rules``). Counter
``rollout.reformed_residents`` gives the indicator ``reformed_share``, the
share of residents living in a reformed community
(0 when no mechanism is switched on: there is no reform to reach anyone).
"""

from __future__ import annotations

import math

import numpy as np

from sim import rng
from sim.params import Param
from sim.indicators import Indicator

SECTION = "rollout"
NEVER = np.iinfo(np.int64).max

_SOURCE = "plan §figures, pilot and roll-out: 20 pilot communities in year 1, 80% of the city's communities by 2026"
PARAMS = (
    Param("rollout.enabled", False, None, None, "switch", _SOURCE,
          "Reform community by community (pilots, then a wave) instead of everywhere from day 0.", "lever"),
    Param("rollout.pilots", 20, 0, 10000, "communities", _SOURCE,
          "Pilot communities, chosen to span the community types.", "lever"),
    Param("rollout.pilot_day", 0, 0, 3650, "day",
          "assumption: a run starts when the pilots open, so their reform shows from the start",
          "Day the pilot communities reform.", "lever"),
    Param("rollout.wave_start_day", 365, 0, 3650, "day",
          "plan §figures: pilots in year 1, then the roll-out; the wave starts after the pilot year",
          "Day after which the roll-out beyond the pilots begins.", "lever"),
    Param("rollout.target_share", 0.8, 0.0, 1.0, "share of communities", _SOURCE,
          "Share of communities reformed by the target day (pilots included); the rest stay unreformed.",
          "lever"),
    Param("rollout.target_day", 729, 0, 3650, "day",
          "plan §figures: 80% by 2026; the plan dates from 2025, read as by the last day of the run's year 2 "
          "(days count from 0)",
          "Day by which the target share of communities has reformed.", "lever"),
)


def schedule(params: dict, types: list[int], seed: int) -> np.ndarray:
    """Each community's reform day (``NEVER`` if it does not reform); see the module docstring."""
    n = len(types)
    if not params[f"{SECTION}.enabled"]:
        return np.zeros(n, dtype=np.int64)
    u = rng.uniforms(rng.key_fixed(seed, "rollout.order"), np.arange(n, dtype=np.uint64))
    by_type: dict[int, list[int]] = {}
    for c in range(n):
        by_type.setdefault(types[c], []).append(c)
    queues = [sorted(members, key=lambda c: (u[c], c)) for members in by_type.values()]
    pilots: list[int] = []
    while len(pilots) < min(params[f"{SECTION}.pilots"], n):
        for q in queues:
            if q and len(pilots) < params[f"{SECTION}.pilots"]:
                pilots.append(q.pop(0))
    day = np.full(n, NEVER, dtype=np.int64)
    day[pilots] = params[f"{SECTION}.pilot_day"]
    rest = sorted((c for c in range(n) if day[c] == NEVER), key=lambda c: (u[c], c))
    wave = rest[: max(0, math.ceil(params[f"{SECTION}.target_share"] * n - 1e-9) - len(pilots))]
    start = params[f"{SECTION}.wave_start_day"]
    span = max(0, params[f"{SECTION}.target_day"] - start)
    for k, c in enumerate(wave):
        day[c] = start + ((k + 1) * span) // len(wave) if span else start
    return day


PILOT, WAVE, UNREFORMED = "pilots", "wave", "not_reformed"
STAGES = (PILOT, WAVE, UNREFORMED)


def stages(params: dict, types: list[int], seed: int, reform_day: np.ndarray | None = None) -> list[str]:
    """Each community's roll-out stage: ``pilots`` (reformed on the pilot day), ``wave`` or ``not_reformed``.

    ``reform_day``: a run's (``model.reform_day``), else the schedule's.
    """
    day = schedule(params, types, seed) if reform_day is None else reform_day
    pilot_day = params[f"{SECTION}.pilot_day"]
    return [UNREFORMED if d == NEVER else PILOT if d == pilot_day else WAVE for d in day]


class Rollout:
    """Keeps ``model.live`` (reformed by today) up to date; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("before_day", "record")
    COUNTERS = ("reformed_residents",)
    INDICATORS = (
        Indicator("reformed_share", ("rollout.reformed_residents",), ("residents",), "share",
                  "Share of residents living in a community where the reform has started (roll-out)",
                  snapshot=True, by_group=False),
    )

    def __init__(self, model):
        self.model = model
        model.reform_day = schedule(model.params, [int(t) for t in model.community_types], model.scenario.seed)
        model.live = model.reform_day <= model.day  # reform days are >= 0: none during the warm-up
        self._slot = model.slot(f"{SECTION}.reformed_residents")
        reform = bool(model.mechanisms)
        self._residents = np.diff(model.pop.community_start).astype(np.float64) * reform

    def before_day(self) -> None:
        m = self.model
        np.less_equal(m.reform_day, m.day, out=m.live)  # in place: mechanisms may hold the array

    def record(self) -> None:
        m = self.model
        m.acc[m.day, :, 0, self._slot] = np.where(m.live, self._residents, 0.0)
