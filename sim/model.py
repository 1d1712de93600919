"""GovernanceModel: builds a community from a scenario and lives it day by day.

The model is the Mesa shell: it owns the resident arrays (``pop``), the
request pool (``requests``), the handler table and agents (``handlers``,
``agents``), the day's counters (``acc``) and the components, and ``step()``
runs one day in the fixed order of ``sim.phases.PHASES``. It holds no
behaviour of its own beyond that orchestration.

Building a model includes its warm-up (``sim.components.warmup``): the day
counter starts at ``-warmup.days`` and the world lives days ``-W .. -1`` like
any other, its counters and costs written to a scratch table (``acc[day]``
with a negative day is a row of it) that is dropped when day 0 begins. A
built model stands at day 0 with its queues at their working level; ``acc``,
``ledger`` and the results hold days 0 onwards only.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import calendar, registry, rng
from sim.components import warmup
from sim.components.experience import vector as experience_vector
from sim.components.rules import Rules
from sim.enums import CommunityType, Group
from sim.kernels import handling as kh
from sim.phases import NAMES
from sim.population import Resident, build_population
from sim.requests import RequestPool


class GovernanceModel(mesa.Model):
    """One run of a scenario: ``GovernanceModel(scenario).run()``.

    Built, it has lived its warm-up and stands at day 0; ``progress`` is called after each warm-up day.
    """

    def __init__(self, scenario, validate: bool = False, progress=None):
        super().__init__(seed=scenario.seed)
        self.scenario = scenario
        self.params = dict(scenario.params)
        self.validate = validate
        self.warmup_days = warmup.days(self.params)
        self.day = -self.warmup_days  # components are built on the warm-up's first day
        self.community_types = [CommunityType[c.type.upper()] for c in scenario.communities]
        self.pop = build_population(scenario)
        self.requests = RequestPool()
        # The rules mechanisms change, by name, a row per community: the reform's and the status quo
        # (``sim.components.rules``; declared by the engine's components, ``registry.rule_tables``).
        self.rules = Rules(self, registry.rule_tables())
        self.experience = experience_vector(self.params)  # the experience-memory parameters the kernels read
        self.layout = registry.counter_layout()
        self.ledger_items = registry.ledger_items()
        # The counters and costs of days 0 onwards (``acc[day, community, group, slot]``, ``ledger[day, community,
        # item]``) are made when day 0 begins (``_end_warmup``). Until then, scratch rows, one per warm-up day:
        # ``acc[day]`` with a day of -W .. -1 reaches its row from the end.
        n_c = len(self.community_types)
        self._acc_row, self._ledger_row = (n_c, len(Group), len(self.layout)), (n_c, len(self.ledger_items))
        self.acc = np.zeros((self.warmup_days, *self._acc_row))
        self.ledger = np.zeros((self.warmup_days, *self._ledger_row))
        self._past_totals, self._past_days = np.zeros(len(self.layout)), self.day  # see counted()
        self.today_who = np.empty(0, dtype=np.int64)
        self.today_need = np.empty(0, dtype=np.int8)
        self.mechanisms = registry.active(self.params)
        self.components = []
        for cls in registry.STEPPERS:  # one at a time: a component may hold one built before it
            self.components.append(cls(self))
        for cls in self.mechanisms:  # one at a time: a policy may adjust one built before it
            self.components.append(cls(self))
        self._hooks = {phase: [getattr(c, phase) for c in self.components if phase in c.PHASES]
                       for phase in NAMES}
        while self.day < 0:
            self._live_day()
            if progress is not None:
                progress()
        self._end_warmup()

    def _end_warmup(self) -> None:
        """Day 0 begins: the warm-up's counters and costs are dropped (their totals kept for ``counted``)."""
        while self._past_days < 0:
            self._past_totals += self.acc[self._past_days].sum(axis=(0, 1))
            self._past_days += 1
        days = max(1, self.scenario.days)
        self.acc = np.zeros((days, *self._acc_row))
        self.ledger = np.zeros((days, *self._ledger_row))

    @property
    def weekday(self) -> int:
        return calendar.weekday(self.day)

    @property
    def is_working_day(self) -> bool:
        return calendar.is_working_day(self.day)

    def component(self, cls):
        """The running component (or policy) of class ``cls``, or None if it is not running."""
        return next((c for c in self.components if isinstance(c, cls)), None)

    def slot(self, counter: str) -> int:
        """The ``acc`` slot of a named counter (``sim.registry.counter_layout``)."""
        return self.layout[counter]

    def key(self, stream: str):
        """The random key of ``stream`` for today."""
        return rng.key(self.scenario.seed, stream, self.day)

    def key_fixed(self, stream: str):
        """A random key that does not change with the day (draws fixed for an entity's life)."""
        return rng.key_fixed(self.scenario.seed, stream)

    def step(self) -> None:
        """Live one day of the run (the warm-up's days are lived when the model is built)."""
        if self.day >= self.acc.shape[0]:  # runs past the scenario's days (the dashboard)
            self.acc = np.concatenate([self.acc, np.zeros_like(self.acc)])
            self.ledger = np.concatenate([self.ledger, np.zeros_like(self.ledger)])
        self._live_day()

    def _live_day(self) -> None:
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
        q, rules = self.requests, self.rules
        kh.work(
            self.day, self.key("handling.work"), self.key("disputes.settle"), q.queue_order(), kind_mask,
            q.arrays(), self.handlers.arrays(), self.pop.arrays(),
            rules.in_force("routing"), rules.in_force("resolve"), rules.in_force("disputes"), self.experience, self.acc,
        )

    def counted(self) -> np.ndarray:
        """Every counter summed over the days so far (today's as counted until now), communities and groups.

        For invariant checks, which run daily: the finished days are summed once each (they no longer
        change), so a check costs the same on day 700 as on day 1. After the last day, every day is finished.
        The warm-up's days are counted too (the request pool and components hold what happened in them).
        """
        days = self.acc.shape[0]  # in the warm-up its scratch rows: min(day, days) is the day
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
