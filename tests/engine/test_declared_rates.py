"""Statistical checks that what the parameters declare is what the model does."""

import numpy as np

from conftest import run, small
from sim.components.needs import yearly_rates
from sim.enums import CommunityType, Group, HealthTier
from sim.kernels import slots
from sim.model import GovernanceModel


def test_needs_arise_at_the_declared_yearly_rates():
    scenario = small(days=120, residents=60_000)
    model = run(scenario)
    rates = yearly_rates(model.params, model.community_types)
    pop = model.pop
    # Expected needs per (community, group): sum over residents of their total daily hazard.
    p_any = 1 - np.exp(-rates.sum(axis=3) / 365.0)
    expected = np.zeros(model.acc.shape[1:3])
    np.add.at(expected, (pop.community, pop.group), p_any[pop.community, pop.group, pop.health] * 120)
    # Needs that volunteers served the day they arose never reach the engine's ``needs`` count.
    observed = (model.acc[..., slots.NEEDS] + model.acc[..., model.slot("volunteering.served")]).sum(axis=0)
    busy = expected > 500
    assert busy.sum() >= 10
    z = (observed[busy] - expected[busy]) / np.sqrt(expected[busy])
    assert np.all(np.abs(z) < 4.5), z


def test_digital_literacy_share_matches_the_declared_share():
    model = GovernanceModel(small(residents=60_000, sets=["residents.digital_literacy_elderly=0.6"]))
    pop = model.pop
    elderly = (pop.group == Group.ELDERLY_ALONE) | (pop.group == Group.ELDERLY_FAMILY)
    share = (pop.literacy[elderly] > 0.5).mean()
    assert abs(share - 0.6) < 4 * np.sqrt(0.24 / elderly.sum())
    adults = pop.group == Group.WORKING_ADULT
    assert abs((pop.literacy[adults] > 0.5).mean() - model.params["residents.digital_literacy_adults"]) < 0.02


def test_health_tiers_match_the_declared_shares():
    model = GovernanceModel(small(residents=100_000))
    h = model.pop.health[model.pop.group <= Group.ELDERLY_FAMILY]
    assert abs((h == HealthTier.DISABLED).mean() - model.params["residents.elderly_disabled_share"]) < 0.01
    assert abs((h == HealthTier.SEMI_DISABLED).mean() - model.params["residents.elderly_semi_disabled_share"]) < 0.02
    assert np.all(model.pop.health[model.pop.group > Group.ELDERLY_FAMILY] == HealthTier.NA)


def test_community_types_differ_as_the_domain_says():
    model = GovernanceModel(small(residents=60_000))
    pop = model.pop
    share = lambda c, groups: np.isin(pop.group[pop.community == c], groups).mean()  # noqa: E731
    types = model.community_types
    old, estate, village = (types.index(t) for t in CommunityType)
    elderly = [Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY]
    assert share(old, elderly) > 0.25 > share(estate, elderly)
    assert share(village, [Group.NEW_CITIZEN]) > 0.25 > 0.1 > share(old, [Group.NEW_CITIZEN])
    assert share(estate, [Group.YOUNG_PARENT]) > share(old, [Group.YOUNG_PARENT])


def test_the_survey_estimates_adult_satisfaction_without_bias():
    model = run(small(days=360, residents=20_000, sets=["survey.sample_per_community=2000"]))
    said = model.acc[..., slots.SURVEY_YES].sum() / model.acc[..., slots.SURVEY_N].sum()
    assert model.acc[..., Group.CHILD, slots.SURVEY_N].sum() == 0  # children are never asked
    # Truth: mean adult satisfaction on the survey days.
    truth = []
    for day in range(29, 360, 30):
        day_acc = model.acc[day]
        adult = day_acc[:, : Group.CHILD]
        truth.append(adult[..., slots.SAT_SUM].sum() / adult[..., slots.RESIDENTS].sum())
    assert abs(said - np.mean(truth)) < 0.02
