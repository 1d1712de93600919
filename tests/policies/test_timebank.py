"""Time bank: more volunteers giving more hours where it runs, and credits that are conserved."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.components.volunteering import Volunteering
from sim.enums import Group, HealthTier
from sim.kernels import volunteering as kv
from sim.model import GovernanceModel
from sim.policies.timebank import TimeBank

ON = ["timebank.enabled=true"]
SCENARIO = "old-neighbourhood"


def _total(model, name):
    return model.acc[..., model.slot(name)].sum()


def test_a_year_of_the_bank_credits_every_hour_served_and_conserves_every_credit():
    model = GovernanceModel(small(SCENARIO, days=365, residents=8000, sets=ON), validate=True).run()  # daily
    bank, kpis = model.component(TimeBank), model.results().kpis()
    issued, redeemed, expired = (_total(model, f"timebank.credits_{x}") for x in ("issued", "redeemed", "expired"))
    assert issued > 0 and redeemed > 0
    assert kpis["timebank_credits_outstanding"] == pytest.approx(issued - redeemed - expired)
    assert kpis["timebank_credits_outstanding"] == pytest.approx(bank.balance.sum())
    # Reformed everywhere from day 0: every hour a volunteer served is credited (1 hour = 1 credit).
    assert kpis["timebank_hours"] == issued == kpis["volunteer_hours_served"]
    assert 0 < kpis["volunteer_match_share"] <= 1
    # Plausible sizes: a volunteer gives at most the 48 hours a year offered (4 a month), and more than
    # the ~4 h of an average registered volunteer (Ningbo).
    assert 4 < kpis["volunteer_hours"] <= 48
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
    assert bank.balance.max() <= 2 and _total(model, "timebank.credits_expired") > 0
    assert bank.check_invariants() is None


def _volunteers(sets):
    # Enrolment as drawn, before a warm-up's falls turn some volunteers frail.
    model = GovernanceModel(small(SCENARIO, residents=40_000, sets=sets + ["warmup.days=0"]))
    model.step()
    pop, v = model.pop, model.component(Volunteering)
    who = np.zeros(pop.n, bool)
    who[v.vol[v.active]] = True
    young_old = (pop.group <= Group.ELDERLY_FAMILY) & (pop.health == HealthTier.SELF_CARE) & (pop.age <= 70)
    return pop, who, young_old


def test_the_bank_enrols_the_keen_young_old_at_its_share_on_top_of_those_who_help_anyway():
    pop, bank, young_old = _volunteers(ON)
    _, informal, _ = _volunteers([])
    for who, share in ((bank, 0.15), (informal, 0.05)):
        assert who[young_old].mean() == pytest.approx(share, abs=4 * np.sqrt(share * (1 - share) / young_old.sum()))
    assert pop.propensity[bank & young_old].mean() > pop.propensity[young_old].mean()
    assert not bank[(pop.group <= Group.ELDERLY_FAMILY) & ~young_old].any()
    assert not bank[pop.group == Group.CHILD].any()
    assert np.all(bank[informal])  # the same draw: whoever helps without the bank volunteers with it


def test_the_bank_raises_the_hours_served_and_takes_needs_out_of_the_queues():
    pairs = paired(ON, name=SCENARIO, days=120, residents=6000)
    assert np.all(effect(pairs, "volunteer_hours_served") > 0)
    assert np.all(effect(pairs, "volunteer_served_share") > 0)
    assert np.all(effect(pairs, "volunteer_share") > 0)
    assert np.all(effect(pairs, "requests") < 0)
    assert all(on["cost_yuan"] > off["cost_yuan"] for on, off in pairs)
    assert all(off["volunteer_hours_served"] > 0 == off["timebank_hours"] for _, off in pairs)  # the status quo


def test_more_hours_offered_serve_more_hours():
    few = ["timebank.young_old_enrolment=0.02", "timebank.adult_enrolment=0", "volunteering.young_old_enrolment=0",
           "volunteering.adult_enrolment=0"]
    none = paired(ON + few + ["timebank.hours_offered_per_month=2"], ON + few + ["timebank.hours_offered_per_month=0"],
                  name=SCENARIO, days=120, residents=6000)
    assert all(off["timebank_hours"] == 0 < on["timebank_hours"] for on, off in none)
    more = paired(ON + few + ["timebank.hours_offered_per_month=8"], ON + few + ["timebank.hours_offered_per_month=2"],
                  name=SCENARIO, days=120, residents=6000)
    assert np.all(effect(more, "timebank_hours") > 0)


def test_the_month_refreshes_the_hours_on_offer():
    model = GovernanceModel(small(SCENARIO, days=60, sets=ON)).run(30)  # days 0-29: one month
    v = model.component(Volunteering)
    assert v.hours_used.max() > 0
    model.step()  # day 30 begins a month: fresh hours, some given today
    assert v.hours_used.max() <= 2 * model.params["volunteering.hours_per_service"]
    assert v.hours_used.max() <= model.rules.in_force("volunteering")[0, kv.HOURS_MONTH]


def test_unreached_communities_keep_the_status_quos_volunteers():
    staged = run(small(days=60, residents=4000, sets=ON + ["rollout.enabled=true", "rollout.pilots=1",
                                                           "rollout.target_share=0"]))
    off = run(small(days=60, residents=4000))
    pilot = np.flatnonzero(staged.reform_day == 0)
    rest = np.flatnonzero(staged.reform_day != 0)
    cols = [staged.slot(f"volunteering.{c}") for c in kv.COUNTERS]
    assert len(pilot) == 1 and len(rest) == 2
    assert np.array_equal(staged.acc[:, rest][..., cols], off.acc[:, rest][..., cols])
    assert staged.acc[:, rest][..., cols].any()  # they have volunteers: the status quo's
    assert _total(staged, "volunteering.hours_given") > _total(off, "volunteering.hours_given")


def test_switched_off_its_settings_change_nothing():
    a = run(small(days=40)).acc
    b = run(small(days=40, sets=["timebank.uptake=0.9", "timebank.young_old_enrolment=0.9",
                                 "timebank.hours_offered_per_month=50"])).acc
    assert np.array_equal(a, b)
