"""Courtyards: heads raise participation, assemblies pass crowdfunded projects at 75%, households pay part."""

import numpy as np

from civic_runs import NO_LEVERS, SEEDS, model

COURTYARDS = ["courtyards.enabled=true"]


def test_courtyards_raise_participation_and_satisfaction():
    for seed in SEEDS:
        kw = {"seed": seed, "days": 150, "residents": 3000}
        on = model(NO_LEVERS + COURTYARDS, **kw).results().kpis()
        off = model(NO_LEVERS, **kw).results().kpis()
        assert on["participation_rate"] > off["participation_rate"] + 0.02
        assert on["courtyard_projects_completed"] > 0
        assert on["satisfaction_mean"] > off["satisfaction_mean"]


def test_a_higher_threshold_passes_fewer():
    for seed in SEEDS:
        kw = {"seed": seed, "days": 120, "residents": 3000}
        usual = model(COURTYARDS, **kw).results().kpis()["courtyard_pass_share"]
        strict = model(COURTYARDS + ["courtyards.pass_threshold=0.9"], **kw).results().kpis()
        assert strict["courtyard_pass_share"] < usual - 0.1


def test_households_pay_their_share_and_votes_stay_within_the_eligible():
    m = model(COURTYARDS, days=120, residents=3000, validate=True)
    r = m.results()
    acc, layout = r.acc, m.layout
    crowd = acc[..., layout["courtyards.crowdfunded_yuan"]].sum()
    topup = acc[..., layout["courtyards.topup_yuan"]].sum()
    assert crowd > 0 and np.isclose(crowd, topup)  # half and half by default
    allowances = 3 * 3 * 5 * 300.0 * 4  # communities x micro-grids x heads x yuan x months
    hearings = acc[..., layout["courtyards.heads_heard"]].sum() * 30.0  # disputes the heads heard x yuan
    assert np.isclose(r.costs_by_mechanism()["courtyards"], topup + allowances + hearings)
    votes = acc[..., layout["courtyards.votes"]].sum()
    assert 0 < votes <= acc[..., layout["courtyards.eligible"]].sum()
    assert 0 < r.kpis()["courtyard_turnout"] < 1
