"""Volunteering is the world's: neighbours and young-old serve older residents' care needs with no mechanism on."""

import numpy as np
import pytest

from conftest import run, small
from sim import registry
from sim.components.volunteering import Volunteering
from sim.enums import Group, HealthTier
from sim.kernels import slots
from sim.model import GovernanceModel


def test_the_status_quo_has_volunteers_who_serve_older_residents():
    model = run(small(days=120, residents=6000), validate=True)  # the invariants, daily
    kpis = model.results().kpis()
    assert not model.mechanisms
    assert kpis["volunteer_hours_served"] > 0
    # Served needs are a part of the recipients' care needs: at most the share that reaches a volunteer.
    assert 0 < kpis["volunteer_served_share"] <= model.params["volunteering.uptake"]
    assert 0.005 < kpis["volunteer_share"] < 0.05
    assert 0 < kpis["volunteer_hours"] <= 12 * model.params["volunteering.hours_offered_per_month"]
    names = registry.kpis_of_interest(())  # what `govsim run baseline` shows
    assert {"volunteer_hours_served", "volunteer_served_share", "volunteer_share"} <= set(names)


def test_the_status_quo_enrols_at_its_declared_shares():
    m = GovernanceModel(small(residents=40_000))
    m.step()
    pop, v = m.pop, m.component(Volunteering)
    who = np.zeros(pop.n, bool)
    who[v.vol[v.active]] = True
    young_old = (pop.group <= Group.ELDERLY_FAMILY) & (pop.health == HealthTier.SELF_CARE) & (pop.age <= 70)
    adults = np.isin(pop.group, [Group.WORKING_ADULT, Group.YOUNG_PARENT, Group.NEW_CITIZEN])
    for members, share in ((young_old, 0.05), (adults, 0.01)):
        assert who[members].mean() == pytest.approx(share, abs=4 * np.sqrt(share * (1 - share) / members.sum()))
    assert not who[~(young_old | adults)].any()


def test_served_needs_never_become_requests():
    few = run(small(days=90, residents=4000, sets=["volunteering.uptake=0"])).results().kpis()
    many = run(small(days=90, residents=4000, sets=["volunteering.uptake=1"])).results().kpis()
    assert few["volunteer_hours_served"] == 0 < many["volunteer_hours_served"]
    assert many["requests"] < few["requests"] and many["needs"] < few["needs"]


def test_no_volunteers_no_hours():
    model = run(small(days=60, sets=["volunteering.young_old_enrolment=0", "volunteering.adult_enrolment=0"]))
    assert not model.acc[..., model.slot("volunteering.hours_given")].any()
    assert model.acc[..., model.slot("volunteering.asked")].any()  # the needs are there, nobody serves them
    assert model.acc[..., slots.NEEDS].any()
