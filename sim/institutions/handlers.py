"""The institutions component: handler capacities and their daily decisions.

Responsibilities: declare handler capacities (per 10,000 residents served),
resolution probabilities, overtime behaviour, whether each community type
has a property manager, and grid staffing; build the handler table and one
Mesa agent per handler; release each day's capacity (``before_day``); let
every agent that decides act (``institutions``: ``shuffle_do("act")``).
"""

from mesa.agent import AgentSet

from sim.enums import DEPARTMENTS, CommunityType
from sim.institutions.agents import make_agents
from sim.institutions.table import build_table
from sim.params import Param

# Requests per working day per 10,000 residents (assumption: sized so that each
# department runs close to its capacity and requests take ~3 days, the plan's baseline).
_DEPT_CAPACITY = {
    "civil_affairs": 38.0, "health": 12.4, "social_security": 20.0, "urban_management": 24.7,
    "transport": 6.7, "justice": 3.3, "public_security": 5.7, "education": 52.0,
}
_CAP_SOURCE = ("calibration: sized to plan §figures' 'about 3 days to solve' a request before reform, so "
               "that the baseline takes ~3 days (docs/validation.md)")

PARAMS = (
    *(
        Param(f"handlers.{d.label}.capacity_per_10k", _DEPT_CAPACITY[d.label], 0.0, 1000.0,
              "requests per working day per 10,000 residents", _CAP_SOURCE,
              f"Daily capacity of the {d.label.replace('_', ' ')} department.", "lever")
        for d in DEPARTMENTS
    ),
    Param("handlers.committee.capacity_per_10k", 16.0, 0.0, 1000.0,
          "requests per working day per 10,000 residents",
          "MCA (2020): ~6 community workers per community (~1 per 350 residents); "
          "assumption: a few requests each a day besides other duties",
          "Daily capacity of a residents' committee.", "lever"),
    Param("handlers.property.capacity_per_10k", 14.0, 0.0, 1000.0,
          "requests per day per 10,000 residents", _CAP_SOURCE,
          "Daily capacity of a property manager (works every day).", "lever"),
    Param("handlers.resolve_prob_department", 0.8, 0.01, 1.0, "probability",
          "assumption: most requests are settled at the first working session",
          "Chance that a department's work on a request closes its stage that day."),
    Param("handlers.resolve_prob_committee", 0.7, 0.01, 1.0, "probability",
          "assumption: disputes often need a second session",
          "Chance that a committee's work on a request closes it that day."),
    Param("handlers.resolve_prob_property", 0.7, 0.01, 1.0, "probability",
          "assumption: repairs often need parts or a second visit",
          "Chance that a property manager's work on a request closes it that day."),
    Param("handlers.overtime_max", 0.3, 0.0, 2.0, "share of capacity",
          "assumption: staff can stretch by up to ~30% under pressure",
          "Most extra capacity a handler adds when its backlog is long."),
    Param("handlers.backlog_days_target", 2.0, 0.1, 30.0, "days of capacity",
          "assumption: a backlog beyond two days' work triggers overtime",
          "Backlog (in days of capacity) above which a handler works overtime."),
    *(
        Param(f"community_types.{ct.label}.property_manager", ct == CommunityType.COMMERCIAL_ESTATE,
              None, None, "switch",
              "plan §community types: commercial estates are run by property managers; "
              "old neighbourhoods have none",
              f"Whether a {ct.label.replace('_', ' ')} has a property manager (else repairs go "
              "to urban management).", "structure")
        for ct in CommunityType
    ),
    Param("grids.workers_per_grid", 1, 0, 10, "workers",
          "plan §grid management: 1 grid worker per grid (plus 2 volunteers)",
          "Grid workers per grid.", "lever"),
    Param("grids.reports_per_worker_day", 4.0, 0.0, 200.0, "requests per day",
          "assumption: besides patrols and visits, a grid worker takes up and forwards a few reports a day",
          "Reports a grid worker takes up and forwards a day."),
)


class Institutions:
    """Handler table, handler agents, daily capacity and the agents' decisions."""

    PARAMS = PARAMS
    PHASES = ("before_day", "institutions")

    def __init__(self, model):
        self.model = model
        model.handlers = build_table(model.params, model.community_types, model.pop)
        self.agents = make_agents(model)
        self.deciders = AgentSet([a for a in self.agents if a.DECIDES_OVERTIME], random=model.random)

    def before_day(self) -> None:
        self.model.handlers.release_capacity(self.model.weekday)

    def institutions(self) -> None:
        self.deciders.shuffle_do("act")
