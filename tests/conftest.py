"""Shared helpers: small scenarios that run in a second or two."""

import numpy as np
import pytest

from sim import scenario as sc
from sim.model import GovernanceModel
from sim.registry import counter_layout


def small(name="baseline", days=60, residents=3000, seed=1, sets=()):
    """A bundled scenario, scaled down for tests."""
    return sc.load(name, sets=list(sets), residents=residents, days=days, seed=seed)


def run(scenario, validate=False):
    return GovernanceModel(scenario, validate=validate).run()


def but_reformed(acc):
    """Counters ``acc`` without the roll-out's reformed residents, which say whether any mechanism is on:
    what a mechanism that does nothing must leave exactly as it was."""
    return np.delete(acc, counter_layout()["rollout.reformed_residents"], axis=-1)


@pytest.fixture
def small_scenario():
    return small()


def paired(sets_on, sets_off=(), seeds=(1, 2, 3), name="baseline", days=120, residents=6000):
    """KPIs of paired runs (same seeds: common random numbers), mechanism on vs off.

    Returns a list of (on, off) KPI dicts, one pair per seed; each also holds what every payer spent,
    ``"paid:<section>"`` (``"paid:status_quo"`` too).
    """
    out = []
    for seed in seeds:
        on, off = (_kpis_and_payers(run(small(name, days=days, residents=residents, seed=seed, sets=list(sets))))
                   for sets in (sets_on, sets_off))
        out.append((on, off))
    return out


def _kpis_and_payers(model) -> dict:
    results = model.results()
    return {**results.kpis(), **{f"paid:{k}": v for k, v in results.costs_by_mechanism().items()}}


def effect(pairs, kpi):
    """Per-seed differences on - off of one KPI."""
    import numpy as np

    return np.array([on[kpi] - off[kpi] for on, off in pairs])


def spent(model, payer: str) -> np.ndarray:
    """What ``payer`` (a mechanism's section, or ``status_quo``) spent, ``[day, community]``, from the ledger."""
    cols = [i for i, col in enumerate(model.ledger_items) if col.rsplit(".", 1)[0] == payer]
    return model.ledger[..., cols].sum(axis=-1)
