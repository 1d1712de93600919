"""Time bank: volunteers serve older residents' care needs, and credits are conserved."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.enums import Group, HealthTier
from sim.model import GovernanceModel
from sim.policies.timebank import TimeBank

ON = ["timebank.enabled=true"]
SCENARIO = "old-neighbourhood"


def _total(model, name):
    return model.acc[..., model.slot(f"timebank.{name}")].sum()


def test_a_year_of_the_bank_serves_hours_and_conserves_every_credit():
    model = GovernanceModel(small(SCENARIO, days=365, residents=8000, sets=ON), validate=True).run()  # daily
    bank, kpis = model.component(TimeBank), model.results().kpis()
    issued, redeemed, expired = (_total(model, f"credits_{x}") for x in ("issued", "redeemed", "expired"))
    assert issued > 0 and redeemed > 0
    assert kpis["timebank_credits_outstanding"] == pytest.approx(issued - redeemed - expired)
    assert kpis["timebank_credits_outstanding"] == pytest.approx(bank.balance.sum())
    assert kpis["timebank_hours"] == issued == _total(model, "hours_received")  # 1 hour = 1 credit
    assert 0 < kpis["timebank_match_share"] <= 1
    # Plausible sizes: a volunteer gives at most the 24 hours a year offered (2 a month), and more than
    # the ~4 h of an average registered volunteer (Ningbo); Nanjing: ~2 orders per volunteer.
    assert 4 < kpis["volunteer_hours"] <= 24
    assert np.all(bank.balance >= 0) and bank.check_invariants() is None


def test_a_broken_book_is_caught():
    model = GovernanceModel(small(SCENARIO, days=60, sets=ON)).run()
    bank = model.component(TimeBank)
    bank.balance[0] += 1.0
    assert "not conserved" in bank.check_invariants()


def test_balances_stop_at_the_cap_and_the_rest_is_forfeited():
    model = GovernanceModel(small(SCENARIO, days=120, sets=ON + ["timebank.balance_cap_hours=2"]),
                            validate=True).run()
    bank = model.component(TimeBank)
    assert bank.balance.max() <= 2 and _total(model, "credits_expired") > 0
    assert bank.check_invariants() is None


def test_volunteers_are_the_keen_young_old_and_some_adults_at_the_declared_shares():
    model = GovernanceModel(small(SCENARIO, residents=40_000, sets=ON))
    pop, bank = model.pop, model.component(TimeBank)
    young_old = ((pop.group <= Group.ELDERLY_FAMILY) & (pop.health == HealthTier.SELF_CARE) & (pop.age <= 70))
    enrolled = np.zeros(pop.n, bool)
    enrolled[bank.vol] = True
    share = enrolled[young_old].mean()
    assert share == pytest.approx(0.15, abs=4 * np.sqrt(0.15 * 0.85 / young_old.sum()))
    assert pop.propensity[enrolled & young_old].mean() > pop.propensity[young_old].mean()
    assert not enrolled[(pop.group <= Group.ELDERLY_FAMILY) & ~young_old].any()
    assert not enrolled[pop.group == Group.CHILD].any()
    assert np.all(np.diff(pop.grid[bank.vol]) >= 0)  # held by grid


def test_served_needs_leave_the_queues_and_please_the_served():
    pairs = paired(ON, name=SCENARIO, days=120, residents=6000)
    assert np.all(effect(pairs, "requests") < 0)
    assert all(on["cost_yuan"] > 0 == off["cost_yuan"] for on, off in pairs)


def test_more_hours_offered_serve_more_hours():
    few = paired(ON + ["timebank.hours_offered_per_month=2", "timebank.young_old_enrolment=0.02",
                       "timebank.adult_enrolment=0"], ON + ["timebank.hours_offered_per_month=0"],
                 name=SCENARIO, days=120, residents=6000)
    assert all(off["timebank_hours"] == 0 < on["timebank_hours"] for on, off in few)
    more = paired(ON + ["timebank.hours_offered_per_month=8", "timebank.young_old_enrolment=0.02",
                        "timebank.adult_enrolment=0"],
                  ON + ["timebank.hours_offered_per_month=2", "timebank.young_old_enrolment=0.02",
                        "timebank.adult_enrolment=0"], name=SCENARIO, days=120, residents=6000)
    assert np.all(effect(more, "timebank_hours") > 0)


def test_the_month_refreshes_the_hours_on_offer():
    model = GovernanceModel(small(SCENARIO, days=60, sets=ON)).run(30)  # days 0-29: one month
    bank = model.component(TimeBank)
    assert bank.hours_left.min() < 2 == bank.p["hours_offered_per_month"]
    bank.before_day()  # day 30 begins a month
    assert np.all(bank.hours_left == 2)
    model.step()
    bank.before_day()  # day 31 does not
    assert bank.hours_left.min() < 2


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["timebank.uptake=0.9", "timebank.young_old_enrolment=0.9",
                                 "timebank.hours_offered_per_month=50"])).acc
    assert np.array_equal(a, b)
