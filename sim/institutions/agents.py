"""Mesa agents for the bodies that hold queues; each is a view onto its row.

Every handler decides one thing each day, in the ``institutions`` phase:
how hard to work tomorrow. A handler whose backlog exceeds
``backlog_days_target`` days of its capacity works overtime, up to
``overtime_max`` extra capacity, in proportion to the excess:

    multiplier = 1 + overtime_max * clip(backlog / (capacity * target) - 1, 0, 1)

Grid workers take no such decision: they forward reports and their time
goes to patrols and visits. Each agent acts only on its own row, so the
order ``shuffle_do`` picks does not change the result.
"""

from __future__ import annotations

import mesa

from sim.enums import HandlerKind


class Handler(mesa.Agent):
    """A body with a queue: reads and writes row ``row`` of ``model.handlers``."""

    DECIDES_OVERTIME = True

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = row

    @property
    def kind(self) -> HandlerKind:
        return HandlerKind(int(self.model.handlers.kind[self.row]))

    @property
    def capacity(self) -> float:
        return float(self.model.handlers.base_capacity[self.row])

    @property
    def backlog(self) -> int:
        return int(self.model.handlers.backlog[self.row])

    def act(self) -> None:
        t, p = self.model.handlers, self.model.params
        cap = t.base_capacity[self.row]
        if cap <= 0:
            return
        excess = t.backlog[self.row] / (cap * p["handlers.backlog_days_target"]) - 1.0
        t.multiplier[self.row] = 1.0 + p["handlers.overtime_max"] * min(1.0, max(0.0, excess))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(row={self.row}, capacity={self.capacity:.1f}, backlog={self.backlog})"


class Department(Handler):
    """A city department (civil affairs, health, ...): resolves its own kind of need."""


class ResidentsCommittee(Handler):
    """A community's residents' committee: settles disputes, takes reports."""


class ServiceCounter(Handler):
    """A community's walk-in service counter: does errands, forwards the rest."""


class PropertyManager(Handler):
    """A commercial estate's property manager: does repairs."""


class GridWorker(Handler):
    """A grid's workers: take reports from residents and forward them."""

    DECIDES_OVERTIME = False


AGENT_CLASS = {
    HandlerKind.COMMITTEE: ResidentsCommittee,
    HandlerKind.COUNTER: ServiceCounter,
    HandlerKind.PROPERTY: PropertyManager,
    HandlerKind.GRID_WORKER: GridWorker,
}


def make_agents(model) -> list[Handler]:
    """One agent per handler row."""
    return [AGENT_CLASS.get(HandlerKind(int(k)), Department)(model, row)
            for row, k in enumerate(model.handlers.kind)]
