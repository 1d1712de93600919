"""First-contact responsibility: fewer bounces, fewer abandoned requests, more satisfaction."""

import numpy as np

from conftest import effect, paired, run, small
from sim.kernels import slots

ON = ["first_contact.enabled=true"]


def test_tracking_cuts_bounces_and_abandonment_and_costs_money():
    pairs = paired(ON)
    assert np.all(effect(pairs, "bounces_per_request") < 0)
    assert np.all(effect(pairs, "abandoned_share") < 0)
    assert np.mean(effect(pairs, "satisfaction_mean")) > 0
    assert all(on["cost_yuan"] > off["cost_yuan"] for on, off in pairs)


def test_intensity_scales_the_effect():
    half = paired(ON + ["first_contact.tracking=0.5"], ON)
    assert np.all(effect(half, "bounces_per_request") > 0)  # half tracking bounces more than full


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["first_contact.tracking=0.2", "first_contact.cost_per_request_yuan=99"])).acc
    assert np.array_equal(a, b)


def test_needs_and_channels_are_drawn_exactly_as_without_it():
    on = run(small(days=40, sets=ON)).acc
    off = run(small(days=40)).acc
    assert np.array_equal(on[..., slots.NEEDS], off[..., slots.NEEDS])
    # Channel choice diverges only once outcomes have moved trust; the first day is identical.
    assert np.array_equal(on[0, ..., slots.REQUESTS], off[0, ..., slots.REQUESTS])
