"""The property mechanism: opening public space calms quarrels and stops the kicking, +10% with better service
settles fee disputes and closes repairs sooner, where the reform reaches.

The managers themselves (fees, repairs, refusing public space) are the world's
(``tests/engine/test_property_managers.py``).
"""

import numpy as np
import pytest

from conftest import but_reformed, effect, paired, run, small, spent
from sim import registry

ON = ["property.enabled=true"]
NO_TERMS = [*ON, "property.fee_rise=0", "property.service_gain=0"]  # the status-quo fee and service
SIZE = dict(days=150, residents=9000)


def test_opening_public_space_lowers_disputes_and_stops_the_kicking():
    pairs = paired([*NO_TERMS, "property.open_space=true"], **SIZE)  # against the status quo: refused
    assert np.all(effect(pairs, "disputes") < 0)
    assert all(on["property_kicked_disputes"] == 0 < 20 < off["property_kicked_disputes"] for on, off in pairs)
    assert np.all(effect(pairs, "bounces_per_request") < 0)
    # Not opening it and not changing the terms leaves the status quo as it was, draw for draw.
    idle = run(small(days=60, residents=4000, sets=[*NO_TERMS, "property.open_space=false"]))
    assert np.array_equal(but_reformed(idle.acc), but_reformed(run(small(days=60, residents=4000)).acc))
    assert not spent(idle, "property").any()


def test_ten_percent_more_for_better_service_settles_fee_disputes_and_repairs_improve():
    pairs = paired([*ON, "property.fee_rise=0.10", "property.service_gain=0.20"], NO_TERMS, **SIZE)
    assert np.all(effect(pairs, "fee_disputes") < 0)
    assert np.all(effect(pairs, "repair_closed_within_3d") > 0)
    assert np.all(effect(pairs, "repair_close_days") < 0)
    assert np.all(effect(pairs, "property_fee_income_yuan") > 0)


def test_a_fee_rise_without_better_service_breeds_fee_disputes():
    pairs = paired([*ON, "property.fee_rise=0.10", "property.service_gain=0"], NO_TERMS, **SIZE)
    assert np.all(effect(pairs, "fee_disputes") > 0)


def _defaults(section):
    return {k.split(".", 1)[1]: v.default for k, v in registry.params().items() if k.startswith(section + ".")}


def test_fee_income_follows_the_fee_schedule_and_costs_are_the_negotiation_and_open_space():
    days, settle = 60, 20
    model = run(small(days=days, residents=6000, sets=[*ON, f"property.settlement_day={settle}"]), validate=True)
    p, world = _defaults("property"), _defaults("property_managers")
    managed = model.handlers.property_mgr >= 0
    residents = float(np.diff(model.pop.community_start)[managed].sum())
    per_day = world["m2_per_resident"] * residents * world["collection_rate"] * 12 / 365 * world["fee_yuan_m2_month"]
    income = model.results().kpis()["property_fee_income_yuan"]
    assert income == pytest.approx(per_day * (settle + (days - settle) * (1 + p["fee_rise"])), rel=1e-9)
    cost = model.results().costs_by_mechanism()["property"]
    expected = managed.sum() * p["negotiation_yuan"] + p["open_space_yuan_year_per_10k"] * residents / 1e4 * days / 365
    assert cost == pytest.approx(expected, rel=1e-9)
    ledger = spent(model, "property").sum(axis=1)
    assert ledger[settle] > ledger[settle - 1]  # the negotiation is paid once, on the day it settles


def test_where_no_property_manager_runs_the_community_nothing_changes():
    base = run(small("old-neighbourhood", days=30, residents=3000)).acc
    on = run(small("old-neighbourhood", days=30, residents=3000, sets=[*ON, "property.open_space=false"])).acc
    assert np.array_equal(but_reformed(base), but_reformed(on))


def test_rolled_out_it_acts_in_the_estate_from_its_reform_day_and_settles_after_it():
    # The contract's single pilot of `baseline` is the old neighbourhood, where no manager runs anything;
    # here every community reforms in a wave (days 20, 30, 40), the estate among them.
    settle = 5
    model = run(small(days=60, residents=4000, sets=[*ON, f"property.settlement_day={settle}", "rollout.enabled=true",
                                                     "rollout.pilots=0", "rollout.target_share=1",
                                                     "rollout.wave_start_day=10", "rollout.target_day=40"]),
                validate=True)
    estate = int(np.flatnonzero(model.handlers.property_mgr >= 0)[0])
    r = int(model.reform_day[estate])
    assert 10 < r <= 40
    income = model.acc[:, estate, 0, model.slot("property_managers.fee_income")]
    assert np.all(income > 0) and np.all(income[: r + settle] == income[0])  # the status-quo fee until settled
    assert income[r + settle] == pytest.approx(income[r + settle - 1] * 1.1, rel=1e-12)  # the +10% fee
    ledger = spent(model, "property")
    assert not ledger[:r].any() and not ledger[:, np.arange(ledger.shape[1]) != estate].any()
    p = _defaults("property")
    assert ledger[r + settle, estate] - ledger[r + settle - 1, estate] == pytest.approx(p["negotiation_yuan"])
    # The standing refusal kicks disputes back until the reform opens the space; repairs count throughout.
    kicked = model.acc[:, estate, :, model.slot("property_managers.kicked")].sum(axis=1)
    assert kicked[:r].sum() > 0 and not kicked[r:].any()
    repairs = model.acc[:, estate, :, model.slot("property_managers.repairs_closed")].sum(axis=1)
    assert repairs[:r].sum() > 0 and repairs[r:].sum() > 0


def test_the_terms_change_repairs_only_where_the_reform_reached():
    # Two pilots: the old neighbourhood and the estate; a scenario whose estate is not reached keeps the status
    # quo's repairs and kicking there.
    reached = ["rollout.enabled=true", "rollout.pilots=2", "rollout.target_share=0"]
    missed = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]
    base = run(small(**SIZE))
    on = run(small(**SIZE, sets=[*ON, *reached]))
    off_estate = run(small(**SIZE, sets=[*ON, *missed]))
    estate = int(np.flatnonzero(base.handlers.property_mgr >= 0)[0])
    assert on.reform_day[estate] == 0 and off_estate.reform_day[estate] != 0

    slots = [base.slot(f"property_managers.{c}") for c in ("kicked", "repairs_closed", "repair_close_days")]
    assert np.array_equal(off_estate.acc[..., slots], base.acc[..., slots])
    days = lambda m: m.acc[..., slots[2]].sum() / m.acc[..., slots[1]].sum()  # noqa: E731
    assert days(on) < days(base) and not on.acc[..., slots[0]].any()
