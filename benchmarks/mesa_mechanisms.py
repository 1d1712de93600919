"""The mechanisms' per-resident daily rules, written the idiomatic Mesa way (for ``bench_engine --mechanisms``).

With ``--mechanisms`` the kernels side runs every registered mechanism, so
the Mesa side runs the rules those mechanisms add *per resident per day*,
in plain Python on each agent, with the same tables the mechanisms built
(read from a GovernanceModel with the same switches):

* falls and emergencies (``sim.kernels.falls``, a world process the kernels
  side runs in every scenario) with smart elderly care's devices and visits
  (``sim.kernels.eldercare``): each elderly resident not already lying draws
  a fall or emergency against the competing daily hazards; one who cannot
  get up is found after the least of the informal, bracelet and
  12-hour-meter times; sensor holders raise false alerts; living-alone
  residents get their home visits when due and the grid has capacity; an
  incident found by the day's end closes with its health decline and
  experience update;
* peer learning (``sim.components.learning``; the kernels side runs it in
  every run, this side only here): an adult who cannot use an app learns
  with ``1 - exp(-(p[c, g] + q * s))`` from the
  household and grid shares of app-able adults at the start of the day
  (counts kept by the model, updated after the day: a synchronous update);
* grid management (``sim.kernels.grid_visits``): a need for which no channel
  was used is found on a visit with the grid's ``p_found``.

Left to the kernels side only (it does strictly more): the time bank's
matching, tiered services, exclusion counts, classes (monthly), the
platform, the counters and all request handling.
"""

import math

from mesa_reference import MesaCommunity, MesaResident
from sim.components.falls import Falls
from sim.components.learning import Learning
from sim.kernels import eldercare as keld
from sim.kernels import falls as kf
from sim.kernels.learning import ABLE
from sim.policies.eldercare import Eldercare
from sim.policies.grid import GridManagement

CHILD = 5
ELDERLY_ALONE = 0
DISABLED = 3


class MesaResidentWithMechanisms(MesaResident):
    """A resident who also falls, learns from peers and may be found by the grid worker."""

    def __init__(self, model, community, group, health, literacy, trust, satisfaction, household, grid, care):
        super().__init__(model, community, group, health, literacy, trust, satisfaction)
        self.household, self.grid = household, grid
        self.care = care is not None
        if self.care:
            self.p_fall, self.sensor, self.bracelet, self.next_visit = care
            self.pending, self.fell_at, self.found_at = False, 0.0, 0.0

    def step(self):
        m = self.model
        if self.care:
            self.eldercare(m, m.random, m.day)
        if self.group != CHILD and self.literacy <= ABLE:
            self.learn(m, m.random)
        super().step()

    def unmet(self, m):
        if m.random.random() < m.p_found[self.grid]:  # a visit with the needs list finds it
            m.found += 1
            return
        super().unmet(m)

    def learn(self, m, rnd):
        h, g = self.household, self.grid
        others_h, others_g = m.hh_adults[h] - 1, m.grid_adults[g] - 1
        s_h = m.hh_able[h] / others_h if others_h > 0 else 0.0
        s_g = m.grid_able[g] / others_g if others_g > 0 else 0.0
        w = m.w
        p = m.p_day[self.community][self.group]
        if rnd.random() < 1.0 - math.exp(-(p + m.q_day * (w * s_h + (1.0 - w) * s_g))):
            self.literacy = m.learned_level
            m.learners.append(self)

    def eldercare(self, m, rnd, day):
        p = m.care_p
        if not self.pending:
            self.incident(m, rnd, day, p, m.detect)
        if self.group == ELDERLY_ALONE and self.next_visit < day + 1.0 and m.visit_cap[self.grid] > 0:
            m.visit_cap[self.grid] -= 1
            self.next_visit = max(self.next_visit + m.interval, day + 1.0)
            tv = day * 24.0 + keld.VISIT_START_HOUR + keld.VISIT_SPAN_HOURS * rnd.random()
            if self.pending and self.fell_at < tv < self.found_at:
                self.found_at = tv
        if self.pending and self.found_at < (day + 1) * 24.0:
            lie = self.found_at - self.fell_at
            p_decline = 1.0 - (1.0 - p[kf.DECLINE_AT_ONCE]) * math.exp(-lie / p[kf.DECLINE_HOURS])
            if self.health < DISABLED and rnd.random() < p_decline:
                self.health += 1
            score = p[kf.SCORE_AT_ONCE] * math.exp(-lie / p[kf.EXPERIENCE_HOURS])
            self.satisfaction += m.experience[m.lam_sat] * (score - self.satisfaction)
            self.trust += m.experience[m.lam_trust] * (score - self.trust)
            self.pending = False

    def incident(self, m, rnd, day, p, d):
        if self.sensor and rnd.random() < m.p_false:
            m.alerts += 1
        u = rnd.random()
        if u >= self.p_fall + p[kf.EMERGENCY]:
            return
        fall = u < self.p_fall
        if fall and rnd.random() >= p[kf.CANNOT_GET_UP]:
            return
        t = rnd.expovariate(1.0 / (p[kf.ALONE_HOURS] if self.group == ELDERLY_ALONE else p[kf.FAMILY_HOURS]))
        if self.bracelet and rnd.random() < d[kf.ALARM_USE] and (fall or rnd.random() < d[kf.ALARM_CONSCIOUS]):
            m.alerts += 1
            t = min(t, rnd.expovariate(1.0 / d[kf.RESPONSE_HOURS]))
        if self.sensor and t > d[kf.MONITOR_HOURS]:
            m.alerts += 1
            t = min(t, d[kf.MONITOR_HOURS] + rnd.expovariate(1.0 / d[kf.RESPONSE_HOURS]))
        m.incidents += 1
        self.pending = True
        self.fell_at = day * 24.0 + 24.0 * rnd.random()
        self.found_at = self.fell_at + t


class MesaCommunityWithMechanisms(MesaCommunity):
    """The Mesa community with the mechanisms' resident rules and the tables they read."""

    def __init__(self, gm):
        from sim.kernels.experience import LAMBDA_SAT, LAMBDA_TRUST

        care, falls = gm.component(Eldercare), gm.component(Falls)
        peers = gm.component(Learning)
        grid = gm.component(GridManagement)
        self.care_p, self.detect, self.p_false = falls.pv.tolist(), falls.detection.tolist(), care.p_false
        self.interval = care.interval
        self.visit_cap_day = [care.visit_cap] * gm.pop.n_grids
        self.visit_cap = list(self.visit_cap_day)
        self.lam_sat, self.lam_trust = LAMBDA_SAT, LAMBDA_TRUST
        hh_able, hh_adults, grid_able, grid_adults, _ = peers.peers
        self.hh_able, self.hh_adults = hh_able.tolist(), hh_adults.tolist()
        self.grid_able, self.grid_adults = grid_able.tolist(), grid_adults.tolist()
        self.p_day, self.q_day = peers.daily_rates().tolist(), peers.q_day
        self.w, self.learned_level = peers.household_weight, peers.learned_literacy
        self.p_found = grid.p_found.tolist()
        self.learners, self.learned = [], 0
        self.incidents = self.alerts = self.found = 0
        slot = {int(i): s for s, i in enumerate(falls.eld)}
        # Every community reforms on day 0: the devices as given out, the round from each one's first visit.
        self._care = lambda i: ((float(falls.p_fall[slot[i]]), bool(care.sensor[slot[i]]),
                                 bool(care.bracelet[slot[i]]), float(care.first_visit[slot[i]]))
                                if i in slot else None)
        super().__init__(gm)

    def add_residents(self, gm):
        pop = gm.pop
        for i, row in enumerate(zip(pop.community.tolist(), pop.group.tolist(), pop.health.tolist(),
                                    pop.literacy.tolist(), pop.trust.tolist(), pop.satisfaction.tolist(),
                                    pop.household.tolist(), pop.grid.tolist())):
            MesaResidentWithMechanisms(self, *row, self._care(i))

    def step(self):
        if self.day % 7 < 5:  # grid workers visit on working days
            self.visit_cap[:] = self.visit_cap_day
        else:
            self.visit_cap[:] = [0] * len(self.visit_cap)
        super().step()
        for a in self.learners:  # the synchronous update: today's learners count from tomorrow
            self.hh_able[a.household] += 1
            self.grid_able[a.grid] += 1
        self.learned += len(self.learners)
        self.learners.clear()
