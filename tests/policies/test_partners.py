"""Community partners: firms' contributions buy places and lend venues, earn credit, and hire residents."""

import numpy as np
import pytest

from conftest import effect, paired, run, small
from sim.model import GovernanceModel
from sim.policies.partners import Partners

ON = ["partners.enabled=true"]
STATUS_QUO = ["programming.enabled=true", "programming.needs_survey=false"]  # the same programmes, no partners
SCENARIO = "commercial-estate"


def _total(model, counter):
    return model.acc[..., model.slot(counter)].sum()


def test_at_the_plans_scale_23_firms_leverage_5_million_yuan_a_year_and_earn_credit_by_the_rule():
    # A year (12 month-ends) of 8,000 residents: a tenth of the plan's street of 80,000 (23 firms, 5 M yuan).
    model = GovernanceModel(small(SCENARIO, days=360, residents=8000, sets=ON), validate=True).run()
    kpis = model.results().kpis()
    assert model.component(Partners).firms.sum() == pytest.approx(2.3)
    assert kpis["partners_leveraged_yuan"] == pytest.approx(5e6 / 10)
    assert kpis["partners_credit_points"] == pytest.approx(kpis["partners_leveraged_yuan"] / 1e4)
    assert 0.2 <= kpis["partners_resident_job_share"] <= 0.25  # plan: 20-30%, reserved as floor(25% of jobs)
    assert kpis["partners_funded_seats"] > 0
    # The government pays coordination and the app, a tenth of what the firms bring.
    assert model.results().costs_by_mechanism()["partners"] == pytest.approx(12 * 80000 / 12)


def test_partners_seat_more_residents_and_raise_satisfaction():
    pairs = paired(ON, STATUS_QUO, name=SCENARIO, days=150, residents=6000, seeds=(1, 2, 3))
    assert np.all(effect(pairs, "programme_served_share") > 0.03)
    assert np.all(effect(pairs, "satisfaction_mean") > 0)
    assert all(on["partners_funded_seats"] > 0 == off["partners_funded_seats"] for on, off in pairs)


def test_the_matching_app_puts_the_money_where_residents_wait():
    pairs = paired(ON, ON + ["partners.matching_app=false"], name=SCENARIO, days=150, residents=6000, seeds=(1, 2))
    assert np.all(effect(pairs, "programme_served_share") > 0)
    assert np.all(effect(pairs, "programme_attendance") > 0)


def test_resident_jobs_please_their_households():
    on = run(small(SCENARIO, days=90, residents=6000, sets=ON))
    none = run(small(SCENARIO, days=90, residents=6000, sets=ON + ["partners.resident_job_share=0"]))
    partners = on.component(Partners)
    assert _total(none, "partners.resident_jobs") == 0 < _total(on, "partners.resident_jobs")
    hired = partners.cand[: int(on.acc[89, 0, 0, on.slot("partners.resident_jobs")])]
    before, after = none.pop.satisfaction[hired], on.pop.satisfaction[hired]
    assert after.mean() > before.mean() + 0.03
    assert np.all(after[before < 0.9] > before[before < 0.9])  # a job (score 0.95) lifts all but the happiest


def test_a_broken_book_is_caught():
    model = GovernanceModel(small(SCENARIO, days=60, residents=3000, sets=ON)).run()
    partners = model.component(Partners)
    assert partners.check_invariants() is None
    partners.totals[1] += 1.0
    assert "credit points" in partners.check_invariants()
    partners.totals[1] -= 1.0
    partners.carry[0] += 10.0
    assert "money and equipment" in partners.check_invariants()


def test_under_a_rollout_only_reformed_communities_have_partners_and_their_leverage():
    sets = ON + ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]
    staged = run(small(days=60, residents=4000, sets=sets), validate=True)
    unstaged = run(small(days=60, residents=4000, sets=ON))
    pilot = staged.reform_day == 0
    for counter in ("partners.leveraged_yuan", "partners.credit_points", "partners.resident_jobs"):
        by_comm = staged.acc[..., staged.slot(counter)].sum(axis=(0, 2))
        assert by_comm[pilot] == pytest.approx(unstaged.acc[:, pilot, :, staged.slot(counter)].sum())
        assert by_comm[pilot].sum() > 0 and not by_comm[~pilot].any(), counter
