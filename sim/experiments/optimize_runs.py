"""A candidate policy's runs and what they say: run specs on common random numbers, and objective values.

Every candidate (a set of lever values) runs on the same uncertainty samples
(``samples`` Latin-hypercube points, drawn once from the file's seed) and the
same seeds: sample ``u``, seed ``r`` runs at ``design.pair_seed(seed, u, r)``
for every candidate and for the status quo alike (common random numbers), so
two candidates differ only by their levers. A run's id is its candidate's
key (a hash of the lever values; ``sq`` for the status quo) with ``u`` and
``r`` (``c1a2b3c4d5e-u003-r001``), so the same lever values asked again (a
trial interrupted and asked anew, or proposed twice) find their finished
runs in the store and nothing is run twice. The re-evaluation of the
recommended policy uses fresh seeds of each sample: replicates ``seeds`` to
``seeds + check_seeds - 1``, never the search's.

Objective values from the runs' KPI rows (``values``):

- ``mean``: the KPI for all residents, averaged over the runs;
- ``worst_group``: each resident group's KPI averaged over the runs, then the
  worst of the groups (the lowest where more is better, else the highest);
- ``extra_cost``: the runs' mean yearly cost (``cost_yuan_year``, the full
  ledger) less the status quo's at the same samples and seeds.

``per_sample`` gives the same for each uncertainty sample over its seeds.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from sim.experiments.design import RunSpec, lhs, pair_seed, run_fingerprint
from sim.experiments.optimize_spec import EXTRA_COST, Objective, Search

STATUS_QUO = "sq"
YEARLY = "cost_yuan_year"  # the full ledger's cost over a year of the run's days


def points(search: Search) -> list[dict]:
    """The uncertainty samples every candidate is tried under."""
    return lhs(search.uncertainties, search.samples, search.seed) if search.uncertainties else [{}]


def key(levers: dict) -> str:
    """A candidate's key: a short hash of its lever values (the status quo's is ``sq``)."""
    text = json.dumps(sorted(levers.items()), default=str)
    return "c" + hashlib.sha256(text.encode()).hexdigest()[:10]


def specs(search: Search, label: str, levers: dict, fresh: bool = False) -> list[RunSpec]:
    """The runs of one candidate (``levers``; ``{}`` is the status quo): every sample x the search's seeds, or
    x the fresh seeds of the re-evaluation."""
    reps = range(search.seeds, search.seeds + search.check_seeds) if fresh else range(search.seeds)
    out = []
    for u, point in enumerate(points(search)):
        for r in reps:
            params, s = {**levers, **point}, pair_seed(search.seed, u, r)
            out.append(RunSpec(f"{label}-u{u:03d}-r{r:03d}", search.base_doc, params, s, 0, label, u, r,
                               run_fingerprint(search.base_doc, params, s)))
    return out


def rows(store, run_specs: list[RunSpec]) -> pd.DataFrame:
    """The finished runs' KPI rows (``store.kpi_frame``) for all residents and each resident group: point,
    replicate, seed, group and one column per KPI."""
    frames = []
    for spec in run_specs:
        df = store.kpi_frame(spec.run_id)
        df = df[df.scope.isin(["all", "group"])].drop(columns="scope").rename(columns={"name": "group"})
        df.insert(0, "seed", spec.seed)
        df.insert(0, "replicate", spec.replicate)
        df.insert(0, "point", spec.point)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def yearly_cost(runs: pd.DataFrame) -> float:
    """The runs' mean cost per year, in yuan."""
    return float(runs.loc[runs.group == "all", YEARLY].mean())


def value(obj: Objective, runs: pd.DataFrame, status_quo: pd.DataFrame) -> float:
    """One objective (or target) over ``runs``; ``status_quo`` holds the status quo's runs at the same samples
    and seeds (for the extra cost)."""
    if obj.kpi == EXTRA_COST:
        return yearly_cost(runs) - yearly_cost(status_quo)
    if obj.aggregate == "mean":
        x = runs.loc[runs.group == "all", obj.kpi].to_numpy(float)
        x = x[np.isfinite(x)]
        return float(x.mean()) if len(x) else float("nan")
    groups = runs[runs.group != "all"].groupby("group", sort=True)[obj.kpi].mean().dropna()
    if groups.empty:
        return float("nan")
    return float(groups.min() if obj.sign > 0 else groups.max())


def per_sample(obj: Objective, runs: pd.DataFrame, status_quo: pd.DataFrame) -> list[float]:
    """``value`` in each uncertainty sample, over its seeds."""
    return [value(obj, part, status_quo[status_quo.point == u]) for u, part in runs.groupby("point", sort=True)]


def values(search: Search, runs: pd.DataFrame, status_quo: pd.DataFrame) -> dict:
    """A candidate's objective values (overall and by sample) and its yearly cost, total and extra."""
    cost = yearly_cost(runs)
    return {"values": [value(o, runs, status_quo) for o in search.objectives],
            "per_sample": [per_sample(o, runs, status_quo) for o in search.objectives],
            "cost_year": cost, "extra_cost_year": cost - yearly_cost(status_quo)}
