"""Needs arise each day by type, at rates by resident group and community type.

Responsibilities: declare the yearly rates of each need per group and the
multipliers per community type and health tier; in the ``residents`` phase,
run the hazard kernel and leave today's needs on the model
(``model.today_who``: residents, ``model.today_need``: need types). Other
world processes may scale a need's declared rates per community
(``rescale``).
"""

import numpy as np

from sim.enums import CommunityType, Group, HealthTier, Need
from sim.kernels.needs import arise, daily_probability, hazard_tables
from sim.params import Param

_ADULT_GROUPS = [g for g in Group if g != Group.CHILD]

# Yearly needs per resident (assumption, sized so that a resident raises ~3 needs
# a year; Jiangsu's 12345 hotline alone takes ~0.5 per resident a year).
_RATES = {
    Need.REPAIR: (0.8, 0.5, 0.4, 0.4, 0.5),
    Need.ADMIN: (1.5, 1.2, 1.0, 1.5, 2.0),
    Need.ELDERCARE: (3.0, 1.5, 0.0, 0.0, 0.0),
    Need.CHILDCARE: (0.0, 0.0, 0.0, 3.0, 2.0),
    Need.DISPUTE: (0.15, 0.15, 0.2, 0.25, 0.25),
    Need.CROSSDEPT: (0.1, 0.1, 0.1, 0.1, 0.1),
}
_RATE_SOURCE = (
    "assumption: ~3 needs per resident a year in total, scaled to Jiangsu 12345 data "
    "(~0.5 hotline requests per resident a year, 85% of them by phone)"
)
# Multipliers per community type (docs/plan.md: old buildings need repairs; commercial
# estates quarrel over noise, parking and fees; migrants in village conversions
# cannot get services).
_TYPE_MULT = {
    CommunityType.OLD_NEIGHBOURHOOD: (1.5, 1.0, 1.0, 1.0, 1.0, 1.2),
    CommunityType.COMMERCIAL_ESTATE: (0.8, 0.8, 1.0, 1.2, 3.0, 1.0),
    CommunityType.VILLAGE_CONVERSION: (1.3, 1.5, 1.0, 1.3, 1.5, 1.5),
}

PARAMS = (
    *(
        Param(f"needs.{need.label}.{g.label}", _RATES[need][g], 0.0, 50.0, "per resident per year",
              _RATE_SOURCE, f"Yearly rate of {need.label} needs raised by a resident of group {g.label}.")
        for need in Need
        for g in _ADULT_GROUPS
    ),
    *(
        Param(f"community_types.{ct.label}.need_{need.label}", _TYPE_MULT[ct][need], 0.0, 10.0, "multiplier",
              "plan §community types: old buildings, property-fee and noise quarrels in commercial "
              "estates ('dozens of quarrels a month'), migrants without services in village conversions; "
              "sizes are assumptions",
              f"Multiplier on {need.label} needs in a {ct.label.replace('_', ' ')}.", "structure")
        for ct in CommunityType
        for need in Need
    ),
    Param("needs.eldercare_factor_semi_disabled", 2.5, 1.0, 10.0, "multiplier",
          "assumption: semi-disabled elderly need care more often than the self-caring",
          "Multiplier on elderly-care needs of semi-disabled elderly."),
    Param("needs.eldercare_factor_disabled", 4.0, 1.0, 20.0, "multiplier",
          "assumption: disabled elderly need care most often",
          "Multiplier on elderly-care needs of disabled elderly."),
    Param("needs.crossdept_departments", 3, 2, 3, "departments",
          "plan §whistle: cross-department problems (a traffic jam by a market) need several "
          "departments; assumption: urban management, transport and public security",
          "Departments a cross-department problem needs, in turn.", "structure"),
)


def yearly_rates(params: dict, community_types: list[CommunityType]) -> np.ndarray:
    """Rates per (community, group, health tier, need type), per resident per year."""
    n_c, n_g, n_h, n_t = len(community_types), len(Group), len(HealthTier), len(Need)
    rates = np.zeros((n_c, n_g, n_h, n_t))
    for c, ct in enumerate(community_types):
        for need in Need:
            mult = params[f"community_types.{ct.label}.need_{need.label}"]
            for g in _ADULT_GROUPS:
                rates[c, g, :, need] = params[f"needs.{need.label}.{g.label}"] * mult
    rates[:, :, HealthTier.SEMI_DISABLED, Need.ELDERCARE] *= params["needs.eldercare_factor_semi_disabled"]
    rates[:, :, HealthTier.DISABLED, Need.ELDERCARE] *= params["needs.eldercare_factor_disabled"]
    return rates


class Needs:
    """Daily needs per resident (competing hazards, ``sim.kernels.needs``)."""

    PARAMS = PARAMS
    PHASES = ("residents",)

    def __init__(self, model):
        self.model = model
        self.rates = yearly_rates(model.params, model.community_types)
        self._declared = self.rates.copy()
        self.p_any, self.cum_rate = hazard_tables(self.rates)
        self.refresh()
        self._flag = np.empty(model.pop.n, dtype=np.bool_)

    def refresh(self, who=None) -> None:
        """Recompute the daily chance of a need: of everyone, or of residents ``who`` whose health changed."""
        pop = self.model.pop
        if who is None:
            self.p_need = daily_probability(pop.community, pop.group, pop.health, self.p_any)
        else:
            self.p_need[who] = daily_probability(pop.community[who], pop.group[who], pop.health[who], self.p_any)

    def rescale(self, need: int, factor: np.ndarray) -> None:
        """Make the rates of ``need`` the declared ones times ``factor[c]`` in each community (a world process
        that changes how often a need arises: the property managers' terms change disputes)."""
        self.rates[..., need] = self._declared[..., need] * factor[:, None, None]
        self.p_any, self.cum_rate = hazard_tables(self.rates)
        self.refresh()

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        m.today_who, m.today_need = arise(m.key("needs.arise"), m.key("needs.kind"), self.p_need,
                                          pop.community, pop.group, pop.health, self.cum_rate, self._flag)
