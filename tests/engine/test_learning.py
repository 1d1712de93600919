"""Peer learning and digital exclusion are the world's: in every run, with no mechanism on."""

import numpy as np

from conftest import effect, paired, run, small
from sim import registry


def test_the_baseline_residents_learn_from_peers_and_the_elderly_app_able_share_rises():
    model = run(small(days=180), validate=True)  # validating: the peer counts kept equal a recount daily
    kpis = model.results().kpis()
    assert kpis["peer_learned"] > 0
    assert 0 < kpis["elderly_app_able_share"] < kpis["app_able_share"] < 1
    ts = model.results().timeseries()
    first, last = ts[ts.day == 0].elderly_app_able_share, ts[ts.day == 179].elderly_app_able_share
    assert np.all(last.to_numpy() > first.to_numpy())


def test_learning_follows_its_rates():
    none = run(small(days=60, sets=["learning.peer_p_per_year=0", "learning.peer_q_per_year=0"]))
    assert none.results().kpis()["peer_learned"] == 0
    faster = paired(["learning.peer_q_per_year=0.5"], days=90, seeds=(1, 2))
    assert np.all(effect(faster, "peer_learned") > 0)


def test_the_learning_rule_is_the_status_quo_self_learning_rate_for_every_group():
    model = run(small(days=1, sets=["learning.peer_p_per_year=0.04"]))
    assert np.all(model.rules.in_force("learning") == 0.04)
    assert "learning" in registry.rule_tables()


def test_the_baseline_counts_its_digitally_excluded_needs_mostly_the_elderly():
    by_group = run(small(days=90)).results().kpis_by_group()
    elderly = by_group["elderly_alone"]["digitally_excluded_share"]
    assert elderly > 0.02  # the low-literacy housebound, with windows open and an app offered
    assert elderly > by_group["working_adult"]["digitally_excluded_share"]
    # Without an app, everyone who cannot walk in is excluded: the count follows the channels offered.
    no_app = run(small(days=90, sets=["channels.app_available=false"])).results().kpis()
    assert no_app["digitally_excluded_share"] > run(small(days=90)).results().kpis()["digitally_excluded_share"]
