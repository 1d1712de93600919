"""GovernanceModel: builds a community from a scenario and lives it day by day.

The model is the Mesa shell: it owns the resident arrays (``pop``), the
request pool (``requests``), the handler table and agents (``handlers``,
``agents``), the day's counters (``acc``) and the components, and ``step()``
runs one day in the fixed order of ``sim.phases.PHASES``. It holds no
behaviour of its own beyond that orchestration.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import policies, rng
from sim.components import STEPPERS
from sim.components.experience import vector as experience_vector
from sim.components.rollout import per_community
from sim.components.handling import dispute_vector, resolve_vector, routing_vector
from sim.enums import CommunityType, Group
from sim.kernels import handling as kh
from sim.phases import NAMES
from sim.population import Resident, build_population
from sim.requests import RequestPool
from sim.results import counter_layout, ledger_items


class GovernanceModel(mesa.Model):
    """One run of a scenario: ``GovernanceModel(scenario).run()``."""

    def __init__(self, scenario, validate: bool = False):
        super().__init__(seed=scenario.seed)
        self.scenario = scenario
        self.params = dict(scenario.params)
        self.validate = validate
        self.day = 0
        self.community_types = [CommunityType[c.type.upper()] for c in scenario.communities]
        self.pop = build_population(scenario)
        self.requests = RequestPool()
        # Rule vectors, one row per community, as mechanisms set them (in place); the status quo is
        # kept for the communities the reform has not reached yet (``rollout.per_community``).
        n_c = len(self.community_types)
        self.rp = np.tile(routing_vector(self.params), (n_c, 1))
        self.rp0 = self.rp.copy()
        self.xp = experience_vector(self.params)
        self.resolve = np.tile(resolve_vector(self.params), (n_c, 1))
        self.resolve0 = self.resolve.copy()
        self.dp = np.tile(dispute_vector(self.params), (n_c, 1))
        self.dp0 = self.dp.copy()
        self.layout = counter_layout()
        self.ledger_items = ledger_items()
        self.acc = np.zeros((max(1, scenario.days), len(self.community_types), len(Group), len(self.layout)))
        self.ledger = np.zeros((self.acc.shape[0], self.acc.shape[1], len(self.ledger_items)))
        self._past_totals, self._past_days = np.zeros(len(self.layout)), 0  # see counted()
        self.today_who = np.empty(0, dtype=np.int64)
        self.today_need = np.empty(0, dtype=np.int8)
        self._shared: dict = {}
        self.components = [cls(self) for cls in STEPPERS]
        for cls in policies.active(self.params):  # one at a time: a policy may adjust one built before it
            self.components.append(cls(self))
        self._hooks = {phase: [getattr(c, phase) for c in self.components if phase in c.PHASES]
                       for phase in NAMES}

    # The calendar: day 0 is a Monday.
    @property
    def weekday(self) -> int:
        return self.day % 7

    @property
    def is_working_day(self) -> bool:
        return self.weekday < 5

    def component(self, cls):
        """The running component (or policy) of class ``cls``, or None if it is not running."""
        return next((c for c in self.components if isinstance(c, cls)), None)

    def shared(self, cls):
        """The one ``cls(self)`` of this run that several policies share, built on first use."""
        if cls not in self._shared:
            self._shared[cls] = cls(self)
        return self._shared[cls]

    def slot(self, counter: str) -> int:
        """The ``acc`` slot of a named counter (``sim.results.counter_layout``)."""
        return self.layout[counter]

    def key(self, stream: str):
        """The random key of ``stream`` for today."""
        return rng.key(self.scenario.seed, stream, self.day)

    def key_fixed(self, stream: str):
        """A random key that does not change with the day (draws fixed for an entity's life)."""
        return rng.key(self.scenario.seed, stream, -1)

    def step(self) -> None:
        if self.day >= self.acc.shape[0]:  # runs past the scenario's days (the dashboard)
            self.acc = np.concatenate([self.acc, np.zeros_like(self.acc)])
            self.ledger = np.concatenate([self.ledger, np.zeros_like(self.ledger)])
        for phase in NAMES:
            for hook in self._hooks[phase]:
                hook()
        self.day += 1

    def run(self, days: int | None = None, progress=None) -> "GovernanceModel":
        """Run ``days`` days (the scenario's by default); ``progress`` is called after each."""
        for _ in range(self.scenario.days if days is None else days):
            self.step()
            if progress is not None:
                progress()
        return self

    def work_queues(self, kind_mask: np.ndarray) -> None:
        """Let handlers of the kinds in ``kind_mask`` work their queues today."""
        q = self.requests
        kh.work(
            self.day, self.key("handling.work"), self.key("disputes.settle"), q.queue_order(), kind_mask,
            q.arrays(), self.handlers.arrays(), self.pop.arrays(),
            self.routing_rules(), per_community(self.resolve, self.resolve0, self.live),
            per_community(self.dp, self.dp0, self.live), self.xp, self.acc,
        )

    def routing_rules(self) -> np.ndarray:
        """The routing vector with one row per community (the reform's where rolled out)."""
        return per_community(self.rp, self.rp0, self.live)

    def counted(self) -> np.ndarray:
        """Every counter summed over the days so far (today's as counted until now), communities and groups.

        For invariant checks, which run daily: the finished days are summed once each (they no longer
        change), so a check costs the same on day 700 as on day 1. After the last day, every day is finished.
        """
        days = self.acc.shape[0]
        while self._past_days < min(self.day, days):
            self._past_totals += self.acc[self._past_days].sum(axis=(0, 1))
            self._past_days += 1
        return self._past_totals + (self.acc[self.day].sum(axis=(0, 1)) if self.day < days else 0.0)

    def state_nbytes(self) -> int:
        """Bytes of every array the run holds: residents, requests, handlers, results, components."""
        arrays = [self.acc, *self.requests.buffers()]
        for holder in (self.pop, self.handlers, *self.components):
            arrays += [v for v in vars(holder).values() if isinstance(v, np.ndarray)]
        return sum({id(a): a.nbytes for a in arrays}.values())

    def resident(self, index: int) -> Resident:
        """A Mesa-agent view of one resident, for inspection."""
        return Resident(self, index)

    def results(self):
        from sim.results import Results

        return Results.from_model(self)
