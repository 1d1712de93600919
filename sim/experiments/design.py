"""An experiment expanded into its runs: a deterministic list of ``RunSpec``.

Runs = policies x uncertainty points x replicates:

- policies: every combination of the levers' levels (grid), or the named
  ``[[policies]]`` tables (list);
- uncertainty points: every combination of the uncertainties' levels (grid),
  or ``samples`` points of a Latin hypercube (``scipy.stats.qmc``) seeded from
  the experiment's seed (lists are sampled by index, ranges uniformly);
- replicate ``r`` at uncertainty point ``u`` runs with the seed
  ``SeedSequence(seed, spawn_key=(u, r))`` (as a 32-bit integer). Every
  policy at (u, r) shares that seed and so the same random draws (common
  random numbers): a difference between two policies is the policy's, not
  noise. Different (u, r) get independent seeds, so the paired differences
  of a comparison are independent and a t interval over them is valid. More
  replicates later keep the earlier seeds.

The order is replicate-major, then uncertainty point, then policy, so a sweep
stopped early holds complete pairs. ``run_id`` (``p003-u001-r002``) names a
run's folder; ``fingerprint`` hashes everything that determines its result,
so a results folder can tell a finished run of the same experiment from one
of a different experiment.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass

import numpy as np

from sim.experiments.spec import Experiment


@dataclass(frozen=True)
class RunSpec:
    """One run: the base scenario document, the values this run sets, its seed and where it sits in the design."""

    run_id: str
    base_doc: dict
    params: dict  # the levers' and uncertainties' values (dotted names)
    seed: int
    policy: int
    policy_name: str
    point: int
    replicate: int
    fingerprint: str

    def meta(self) -> dict:
        """What the manifest records about the run (JSON-ready)."""
        return {"run_id": self.run_id, "params": self.params, "seed": self.seed, "policy": self.policy,
                "policy_name": self.policy_name, "point": self.point, "replicate": self.replicate,
                "fingerprint": self.fingerprint}


def fmt(value) -> str:
    """A level as written in labels and tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def policies(exp: Experiment) -> list[tuple[str, dict]]:
    """Named policies: every combination of lever levels, or the list design's tables."""
    if exp.policies:
        return [(name, dict(values)) for name, values in exp.policies]
    if not exp.levers:
        return [("as set", {})]
    out = []
    for combo in itertools.product(*(f.grid() for f in exp.levers)):
        values = {f.name: v for f, v in zip(exp.levers, combo)}
        out.append((", ".join(f"{n}={fmt(v)}" for n, v in values.items()), values))
    return out


def points(exp: Experiment) -> list[dict]:
    """The uncertainty points: a grid, or a seeded Latin hypercube."""
    factors = exp.uncertainties
    if not factors:
        return [{}]
    if exp.design.uncertainties == "grid":
        combos = itertools.product(*(f.grid() for f in factors))
        return [{f.name: v for f, v in zip(factors, combo)} for combo in combos]
    return lhs(factors, exp.design.samples, exp.seed)


def lhs(factors, samples: int, seed: int) -> list[dict]:
    """``samples`` points of a Latin hypercube over ``factors`` (``Factor.at``), seeded by ``seed``."""
    from scipy.stats import qmc

    u = qmc.LatinHypercube(d=len(factors), rng=np.random.default_rng(seed)).random(samples)
    return [{f.name: f.at(float(x)) for f, x in zip(factors, row)} for row in u]


def seed(exp: Experiment, point: int, replicate: int) -> int:
    """The scenario seed of a replicate at an uncertainty point, from the experiment's seed."""
    return pair_seed(exp.seed, point, replicate)


def pair_seed(base: int, point: int, replicate: int) -> int:
    """``SeedSequence(base, spawn_key=(point, replicate))`` as a 32-bit scenario seed."""
    child = np.random.SeedSequence(base, spawn_key=(point, replicate))
    return int(child.generate_state(1, dtype=np.uint32)[0])


def run_fingerprint(base_doc: dict, params: dict, seed: int) -> str:
    """A hash of everything that determines a run's result (its ``RunSpec.fingerprint``)."""
    text = json.dumps({"doc": base_doc, "params": params, "seed": seed}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def expand(exp: Experiment) -> list[RunSpec]:
    """Every run of the experiment, in a fixed order (replicate, then uncertainty point, then policy)."""
    pols, pts = policies(exp), points(exp)
    runs = []
    for r in range(exp.replicates):
        for u, point in enumerate(pts):
            s = seed(exp, u, r)
            for p, (name, values) in enumerate(pols):
                params = {**values, **point}
                runs.append(RunSpec(f"p{p:03d}-u{u:03d}-r{r:03d}", exp.base_doc, params, s, p, name, u, r,
                                    run_fingerprint(exp.base_doc, params, s)))
    return runs
