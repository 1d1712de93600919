"""The engine's resident-day rules written the idiomatic Mesa way: the reference side of ``bench_engine``.

One ``mesa.Agent`` per resident in a ``mesa.Model`` whose ``step()`` calls
``self.agents.shuffle_do("step")``. Each agent, in plain Python with
``self.model.random``, draws whether a need arises today (competing hazards),
picks a channel with the intake logit, and applies the unmet-need
experience update. Same population and rule tables as a GovernanceModel.
"""

import math

import mesa

from sim.components.experience import vector as experience_vector
from sim.components.intake import Intake, coefficients
from sim.components.needs import yearly_rates
from sim.kernels.experience import LAMBDA_SAT, LAMBDA_TRUST, UNMET_SCORE
from sim.kernels.intake import (B_ADMIN, B_ELD_APP, B_ELD_GRID, B_ELD_WALK, B_HABIT, B_LIT, B_MOB, B_MOB_GRID,
                                B_SAT, B_TRUST, C_APP, C_GRID, C_HOTLINE, C_NONE, C_WALKIN)
from sim.kernels.needs import hazard_tables
from sim.model import GovernanceModel

ADMIN = 1  # Need.ADMIN
WALKIN = 3  # Channel.WALKIN


class MesaResident(mesa.Agent):
    """One resident, with the need-arising, channel-choice and unmet-experience rules."""

    def __init__(self, model, community, group, health, literacy, trust, satisfaction):
        super().__init__(model)
        self.community, self.group, self.health = community, group, health
        self.literacy, self.trust, self.satisfaction = literacy, trust, satisfaction
        self.last_channel = 0
        self.elderly = 1.0 if group <= 1 else 0.0
        self.mobility_limited = 1.0 if health >= 2 else 0.0

    def step(self):
        m, rnd = self.model, self.model.random
        c, g, h = self.community, self.group, self.health
        p_any = m.p_any[c][g][h]
        if p_any <= 0.0 or rnd.random() >= p_any:
            return
        # Which need: in proportion to the daily rates.
        rates = m.daily[c][g][h]
        v = rnd.random() * sum(rates)
        need, acc = 0, rates[0]
        while need < len(rates) - 1 and v >= acc:
            need += 1
            acc += rates[need]
        m.needs += 1
        # Channel choice: multinomial logit over the channels offered today.
        k = m.coef
        eld, mob = self.elderly, self.mobility_limited
        util = [
            k[C_NONE] - k[B_TRUST] * self.trust - k[B_SAT] * self.satisfaction,
            k[C_APP] + k[B_LIT] * (2.0 * self.literacy - 1.0) - k[B_ELD_APP] * eld,
            k[C_HOTLINE],
            k[C_WALKIN] + k[B_ELD_WALK] * eld - k[B_MOB] * mob + (k[B_ADMIN] if need == ADMIN else 0.0),
            k[C_GRID] + k[B_ELD_GRID] * eld + k[B_MOB_GRID] * mob,
        ]
        if self.last_channel > 0:
            util[self.last_channel] += k[B_HABIT]
        avail = m.available[c] if m.day % 7 < 5 else m.available_weekend[c]
        vmax = max(u for u, a in zip(util, avail) if a)
        weights = [math.exp(u - vmax) if a else 0.0 for u, a in zip(util, avail)]
        channel = rnd.choices(range(5), weights=weights)[0]
        if channel > 0:
            self.last_channel = channel
        else:
            self.unmet(m)

    def unmet(self, m):
        """A need for which no channel was used: experience with exponential memory."""
        m.unmet += 1
        score = m.experience[UNMET_SCORE]
        self.satisfaction += m.experience[LAMBDA_SAT] * (score - self.satisfaction)
        self.trust += m.experience[LAMBDA_TRUST] * (score - self.trust)


class MesaCommunity(mesa.Model):
    """The same population and rule tables as a GovernanceModel, as Mesa agents."""

    def __init__(self, gm: GovernanceModel):
        super().__init__(seed=gm.scenario.seed)
        yearly = yearly_rates(gm.params, gm.community_types)
        self.p_any = hazard_tables(yearly)[0].tolist()
        self.daily = (yearly / 365.0).tolist()
        self.coef = coefficients(gm.params).tolist()
        self.experience = experience_vector(gm.params).tolist()
        available = next(c for c in gm.components if isinstance(c, Intake)).available()
        self.available = available.tolist()
        self.available_weekend = [[a and ch != WALKIN for ch, a in enumerate(row)] for row in self.available]
        self.day = self.needs = self.unmet = 0
        self.add_residents(gm)

    def add_residents(self, gm):
        pop = gm.pop
        for row in zip(pop.community.tolist(), pop.group.tolist(), pop.health.tolist(),
                       pop.literacy.tolist(), pop.trust.tolist(), pop.satisfaction.tolist()):
            MesaResident(self, *row)

    def step(self):
        self.agents.shuffle_do("step")
        self.day += 1
