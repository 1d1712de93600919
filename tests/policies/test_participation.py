"""Participation incentives: points raise participation, online voting broadens it, boundaries curb delays."""

import numpy as np

from civic_runs import NO_LEVERS, SEEDS, book_stats, model
from conftest import effect, paired
from sim.components.deliberation import ELDERLY_SERVICE
from sim.enums import Group

ON = ["participation.enabled=true"]
PILOT = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]  # one community reforms on day 0


def test_incentive_points_raise_participation():
    pairs = paired(ON, ON + ["participation.points_yuan_per_participation=0"], days=60, residents=3000)
    assert np.all(effect(pairs, "participation_rate") > 0.01)


def test_online_voting_brings_in_the_young_and_lowers_the_skew():
    for seed in SEEDS:
        on = model(NO_LEVERS + ["participation.online_voting=true"], seed=seed, days=90, residents=3000).results()
        off = model(NO_LEVERS, seed=seed, days=90, residents=3000).results()
        for g in (Group.WORKING_ADULT, Group.YOUNG_PARENT):
            assert on.kpis_by_group()[g.label]["participation_rate"] > off.kpis_by_group()[g.label][
                "participation_rate"] + 0.05
        assert on.kpis()["participation_skew"] < off.kpis()["participation_skew"] - 0.1
        assert off.kpis()["participation_online_share"] == 0 < on.kpis()["participation_online_share"]


def test_baseline_participation_is_older_than_the_population_like_shanghai_turnout():
    k = model(NO_LEVERS, days=60, residents=3000).results().kpis_by_group()
    elderly = k[Group.ELDERLY_FAMILY.label]["participation_rate"]
    young = k[Group.WORKING_ADULT.label]["participation_rate"]
    assert elderly > 2.5 * young  # Shanghai: 70-79 turnout 77.7%, 18-29 13.8%
    assert 0.05 < model(NO_LEVERS, days=60, residents=3000).results().kpis()["participation_rate"] < 0.25


def test_over_participation_delays_projects_unless_decision_boundaries_hold():
    crowd = ["participation.points_yuan_per_participation=200"]
    for seed in SEEDS:
        kw = {"seed": seed, "days": 200, "residents": 3000}
        loose = model(ON + crowd + ["participation.decision_boundaries=false"], **kw).results().kpis()
        bounded = model(ON + crowd, **kw).results().kpis()
        calm = model(ON + ["participation.decision_boundaries=false"], **kw).results().kpis()
        assert loose["participation_rate"] > 0.9
        assert 40 <= loose["project_delay_days"] <= 80  # the plan's case: two months late
        assert bounded["project_delay_days"] < loose["project_delay_days"] - 15
        assert calm["project_delay_days"] == 0


def test_free_riding_skews_participants_and_what_gets_built():
    skewed_elderly = broad_elderly = 0
    for seed in SEEDS:
        skewed = model(NO_LEVERS + ["committee.enabled=true"], seed=seed)
        broad = model(NO_LEVERS + ["committee.enabled=true", "participation.online_voting=true",
                                   "participation.observers_per_1000_adults=100"], seed=seed)
        ks, kb = skewed.results().kpis(), broad.results().kpis()
        assert ks["participation_skew"] > kb["participation_skew"] + 0.1
        assert ks["project_need_match"] < kb["project_need_match"]
        skewed_elderly += book_stats(skewed)["kinds"][ELDERLY_SERVICE]
        broad_elderly += book_stats(broad)["kinds"][ELDERLY_SERVICE]
    assert skewed_elderly > 2 * broad_elderly  # the active elderly get their services built


def test_points_are_conserved_and_paid_when_redeemed():
    m = model(ON + ["committee.enabled=true", "courtyards.enabled=true"], days=90, residents=3000, validate=True)
    r = m.results()
    costs = r.costs_by_mechanism()
    k = r.kpis()
    assert k["participation_points_redeemed_yuan"] > 0
    online = 3 * 20000.0 / 12 * 3  # three communities, three months of the voting app
    assert abs(costs["participation"] - k["participation_points_redeemed_yuan"] - online) < 1e-6
    assert all(costs[s] > 0 for s in ("participation", "committee", "courtyards"))


def test_under_a_rollout_the_incentives_reach_the_pilot_and_the_others_keep_the_status_quo_round():
    pilot_only = model(ON + PILOT, days=150)
    everywhere = model(ON, days=150)
    status_quo = model([], days=150)
    pilot = pilot_only.reform_day == 0
    names = ("participants", "online", "observers", "adults")
    staged, full, sq = ({n: m.acc[..., m.layout[f"civic.{n}"]].sum(axis=(0, 2)) for n in names}
                        for m in (pilot_only, everywhere, status_quo))
    for n in names:
        # the pilot's residents decide as they would if the whole city had reformed ...
        assert np.array_equal(staged[n][pilot], full[n][pilot]), n
        # ... and the others as in the status quo: offline hearings, no points, no observers
        assert np.array_equal(staged[n][~pilot], sq[n][~pilot]), n
    assert staged["participants"][~pilot].sum() > 0 and staged["online"][~pilot].sum() == 0
    assert staged["participants"][pilot].sum() > sq["participants"][pilot].sum()
    issued = pilot_only.acc[..., pilot_only.layout["participation.points_issued"]].sum(axis=(0, 2))
    assert issued[pilot].sum() > 0 and issued[~pilot].sum() == 0  # points only where the reform reached
