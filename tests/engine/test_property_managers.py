"""Property managers are the world's: fees, repairs and the refusal to open public space in every managed estate."""

import math

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim import registry

SIZE = dict(days=150, residents=9000)


def _defaults(section):
    return {k.split(".", 1)[1]: v.default for k, v in registry.params().items() if k.startswith(section + ".")}


def test_the_baseline_estate_collects_fees_closes_repairs_and_kicks_the_ball():
    model = run(small(days=90, residents=6000), validate=True)  # validating: fee income = the schedule
    kpis = model.results().kpis()
    assert kpis["repair_close_days"] > 0
    assert 0 < kpis["repair_closed_within_3d"] < 1
    assert kpis["property_kicked_disputes"] > 0
    p = _defaults("property_managers")
    estate = model.handlers.property_mgr >= 0
    residents = float(np.diff(model.pop.community_start)[estate].sum())
    per_day = p["fee_yuan_m2_month"] * p["m2_per_resident"] * p["collection_rate"] * residents * 12 / 365
    assert kpis["property_fee_income_yuan"] == pytest.approx(per_day * 90, rel=1e-9)
    kicked = model.acc[..., model.slot("property_managers.kicked")].sum(axis=(0, 2))
    assert kicked[estate].sum() > 0 and not kicked[~estate].any()


def test_without_a_property_manager_there_are_no_fees_repair_figures_or_kicks():
    kpis = run(small("old-neighbourhood", days=30, residents=3000)).results().kpis()
    assert kpis["property_fee_income_yuan"] == 0 and kpis["property_kicked_disputes"] == 0
    assert kpis["repair_close_days"] is None or math.isnan(kpis["repair_close_days"])


def test_kicking_the_ball_bounces_disputes_and_a_status_quo_of_open_space_calms_quarrels():
    no_kick = paired(["property_managers.refusal_kick_share=0"], **SIZE)
    assert all(on["property_kicked_disputes"] == 0 < off["property_kicked_disputes"] for on, off in no_kick)
    assert np.all(effect(no_kick, "bounces_per_request") < 0)
    opened = paired(["property_managers.open_space=true"], **SIZE)
    assert np.all(effect(opened, "disputes") < 0)
    assert all(on["property_kicked_disputes"] == 0 for on, _ in opened)
