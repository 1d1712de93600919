"""Digital inclusion: classes and manuals raise elderly app use; closing manual windows excludes them.

Peer learning and the exclusion count are the world's (``tests/engine/test_learning.py``); here, what the
mechanism changes in them.
"""

import numpy as np
import pytest

from conftest import but_reformed, effect, paired, run, small
from sim.enums import Group
from sim.kernels.inclusion import count_excluded

ON = ["digital_inclusion.enabled=true"]
NO_CLASSES = ON + ["digital_inclusion.class_seats_per_month_per_10k=0"]
MANY_CLASSES = ON + ["digital_inclusion.class_seats_per_month_per_10k=200",
                     "digital_inclusion.volunteer_hours_per_month_per_10k=1000"]
CLOSED = ON + ["digital_inclusion.manual_windows=false"]
ELDERLY = ("elderly_alone", "elderly_family")


def by_group(sets_on, sets_off, seeds=(1, 2, 3), days=180, residents=6000):
    """Paired runs' (on, off) KPIs by resident group, one pair per seed."""
    return [tuple(run(small(days=days, residents=residents, seed=seed, sets=s)).results().kpis_by_group()
                  for s in (sets_on, sets_off)) for seed in seeds]


def group_effect(pairs, group, kpi):
    return np.array([on[group][kpi] - off[group][kpi] for on, off in pairs])


def test_classes_raise_the_elderly_app_able_share_and_cost_money():
    pairs = paired(ON, NO_CLASSES, days=180)
    assert np.all(effect(pairs, "elderly_app_able_share") > 0.01)
    assert all(on["class_attendance"] > 0 and 0.2 < on["class_able_share"] < 0.8 for on, _ in pairs)
    assert all(on["cost_yuan"] > off["cost_yuan"] for on, off in pairs)


def test_many_classes_raise_elderly_app_use():
    pairs = by_group(MANY_CLASSES, NO_CLASSES)
    for g in ELDERLY:
        gain = group_effect(pairs, g, "share_app")
        assert np.all(gain > 0) and gain.mean() > 0.005, (g, gain)
        assert np.all(group_effect(pairs, g, "digitally_excluded_share") <= 0), g


def test_closing_manual_windows_excludes_low_literacy_elderly_and_lowers_their_satisfaction():
    pairs = by_group(CLOSED, ON)
    for g in ELDERLY:
        assert np.all(group_effect(pairs, g, "digitally_excluded_share") > 0.3), g
        assert np.all(group_effect(pairs, g, "unmet_need_share") > 0), g
        assert np.all(group_effect(pairs, g, "satisfaction_mean") < -0.02), g
        assert all(on[g]["share_walkin"] == 0 for on, _ in pairs)


def test_switched_on_without_classes_or_manuals_peers_learn_draw_for_draw_as_without_it():
    # Peer learning draws from its own stream whatever the mechanism does: nothing to teach, nothing changes.
    off = run(small(days=90))
    quiet = run(small(days=90, sets=NO_CLASSES))
    assert np.array_equal(quiet.pop.literacy, off.pop.literacy)
    assert np.array_equal(but_reformed(quiet.acc), but_reformed(off.acc))
    assert off.results().kpis()["peer_learned"] > 0


def test_peers_keep_learning_beside_the_classes_and_class_learners_join_the_peer_counts():
    pairs = paired(MANY_CLASSES, NO_CLASSES, days=150, seeds=(1, 2))
    assert all(on["peer_learned"] > 0 and off["peer_learned"] > 0 for on, off in pairs)
    # The classes' learners join the peer counts the world's learning reads (its invariant, checked daily).
    run(small(days=62, sets=MANY_CLASSES), validate=True)


def test_volunteer_hours_cap_the_seats():
    capped = run(small(days=180, sets=ON + ["digital_inclusion.volunteer_hours_per_month_per_10k=12"]))
    full = run(small(days=180, sets=ON))
    ratio = capped.results().kpis()["class_attendance"] / full.results().kpis()["class_attendance"]
    assert ratio == pytest.approx(0.5, abs=0.1)  # 12 hours / 1.2 hours a seat = 10 seats, not 20


def test_large_print_manuals_cost_a_copy_per_elderly_resident_and_help_a_little():
    model = run(small(days=90, sets=ON + ["digital_inclusion.large_print_manuals=true"]))
    base = run(small(days=90, sets=ON))
    elderly = np.isin(model.pop.group, [Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY]).sum()
    extra = model.results().costs_by_mechanism()["digital_inclusion"] - base.results().costs_by_mechanism()[
        "digital_inclusion"]
    assert extra == pytest.approx(elderly * 10.0)
    # The default boost is small (a few learners a year in a test-sized town); a large one shows the direction.
    pairs = paired(ON + ["digital_inclusion.large_print_manuals=true",
                         "digital_inclusion.manual_self_learning_boost=5"], ON, days=180)
    assert np.all(effect(pairs, "elderly_app_able_share") > 0)
    # The manuals raise the elderly's self-learning rate (the world's ``learning`` rule) and nobody else's.
    rates = model.rules.in_force("learning")
    assert np.allclose(rates[:, [Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY]], 0.01 * 1.5)
    assert np.allclose(np.delete(rates, [Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY], axis=1), 0.01)


def test_exclusion_rule_by_hand():
    # Residents: 0 low literacy, mobile; 1 low literacy, semi-disabled; 2 able, disabled; 3 able, mobile.
    literacy = np.array([0.2, 0.3, 0.8, 0.9], dtype=np.float32)
    group = np.array([0, 1, 1, 2], dtype=np.int8)
    health = np.array([1, 2, 3, 0], dtype=np.int8)
    community = np.zeros(4, dtype=np.int16)
    who, reached = np.arange(4, dtype=np.int64), np.array([1], dtype=np.int32)
    flag = np.zeros(4, dtype=np.bool_)

    def counts(app_open, walkin_open):
        out = np.zeros((1, 6, 2))
        count_excluded(who, reached, community, group, health, literacy, 0.5, 2, np.array([app_open]),
                       np.array([walkin_open]), flag, out)
        assert not flag.any()
        return out[0]

    kept = counts(True, True)  # only 1: no app, cannot walk in; 1 had a request
    assert kept[:, 0].tolist() == [0, 1, 0, 0, 0, 0] and kept[:, 1].sum() == 0
    closed = counts(True, False)  # 0 and 1; 0 reached no channel
    assert closed[:, 0].tolist() == [1, 1, 0, 0, 0, 0] and closed[:, 1].tolist() == [1, 0, 0, 0, 0, 0]
    no_app = counts(False, True)  # nobody can use an app: 1 and 2 cannot walk in
    assert no_app[:, 0].tolist() == [0, 2, 0, 0, 0, 0]


def test_switched_off_its_settings_change_nothing_and_on_it_keeps_invariants():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["digital_inclusion.manual_windows=false",
                                 "digital_inclusion.class_seats_per_month_per_10k=500"])).acc
    assert np.array_equal(a, b)
    both = ON + ["platform.enabled=true", "digital_inclusion.large_print_manuals=true"]
    run(small(days=90, sets=both), validate=True)
    run(small(days=60, sets=CLOSED + ["platform.enabled=true", "platform.om_budget_yuan_per_year=0",
                                      "platform.decay_per_year_unfunded=20"]), validate=True)
