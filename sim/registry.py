"""The one module that knows every component and mechanism.

It sits above ``sim.components``, ``sim.institutions`` and ``sim.policies``
(which import only declarations, kernels and each other downward) and below
the model, the results and the tools. It holds:

- ``ENGINE``: what declares the world's parameters, counters and indicators,
  in listing order; ``STEPPERS``: the engine components the model builds, in
  the order they act within a phase (``sim.phases``);
- ``MECHANISMS``: the governance mechanisms, one module of ``sim.policies``
  each, in the order they act within a phase (after the engine's components)
  and the order of their counters and costs in the results;
- from those lists: every parameter (``params()``), the rule tables
  (``rule_tables()``, what the engine's components declare in ``RULES``), the
  counter layout, every indicator and the cost ledger's items.

Adding a mechanism: write its module in ``sim/policies/`` and add its class
to ``MECHANISMS`` (``docs/code.md`` walks through one).
"""

from __future__ import annotations

from functools import lru_cache

from sim import ledger, population
from sim.components import contracts, record, running_costs, warmup
from sim.components.counters import Counters
from sim.components.deliberation import Deliberation
from sim.components.exclusion import Exclusion
from sim.components.experience import Experience
from sim.components.falls import Falls
from sim.components.handling import Handling
from sim.components.intake import Intake
from sim.components.learning import Learning
from sim.components.needs import Needs
from sim.components.programmes import Programmes
from sim.components.projects import Projects
from sim.components.property import PropertyManagement
from sim.components.record import Record
from sim.components.records import Records
from sim.components.rollout import Rollout
from sim.components.running_costs import RunningCosts
from sim.components.survey import Survey
from sim.components.volunteering import Volunteering
from sim.indicators import Indicator
from sim.institutions.handlers import Institutions
from sim.kernels import slots
from sim.params import Param
from sim.policies.committee import Committee
from sim.policies.courtyards import Courtyards
from sim.policies.data_protection import DataProtection
from sim.policies.data_sharing import DataSharing
from sim.policies.digital_inclusion import DigitalInclusion
from sim.policies.eldercare import Eldercare
from sim.policies.evaluation import Evaluation
from sim.policies.first_contact import FirstContact
from sim.policies.funding import Funding
from sim.policies.grid import GridManagement
from sim.policies.mediation import Mediation
from sim.policies.one_stop import OneStop
from sim.policies.participation import Participation
from sim.policies.partners import Partners
from sim.policies.platform import Platform
from sim.policies.programming import Programming
from sim.policies.property import PropertyManagers
from sim.policies.resource_pool import ResourcePool
from sim.policies.social_workers import SocialWorkers
from sim.policies.timebank import TimeBank
from sim.policies.whistle import Whistle

# What declares the world's parameters, counters and indicators (modules or classes), in listing order.
ENGINE = (warmup, population, Rollout, Needs, Falls, Volunteering, Records, Learning, Intake, Exclusion, Counters,
          Handling, Institutions, PropertyManagement, Experience, Survey, Record, Deliberation, Projects, Programmes,
          contracts, RunningCosts)

# The engine components the model builds in every run, in the order they act within a phase.
STEPPERS = (Rollout, Needs, Falls, Volunteering, Records, Learning, Programmes, Intake, Exclusion, Counters, Handling,
            Institutions, PropertyManagement, Survey, Deliberation, Projects, Record, RunningCosts)

MECHANISMS: tuple = (
    FirstContact,
    Whistle,
    GridManagement,
    SocialWorkers,
    Eldercare,
    TimeBank,
    Platform,
    DigitalInclusion,
    OneStop,
    DataSharing,
    DataProtection,
    Programming,
    ResourcePool,
    Partners,
    Participation,
    Committee,
    Courtyards,
    Mediation,
    PropertyManagers,
    Funding,
    Evaluation,
)

DECLARERS = ENGINE + MECHANISMS

# The ledger's total: read from the cost ledger, not from counters (costs have no resident group).
COST = Indicator("cost_yuan", (), None, "yuan", "Full public cost: the status quo's staff and running costs and what "
                 "the mechanisms switched on add (the ledger, sim.ledger)")
COSTS = (
    COST,
    Indicator("cost_yuan_year", (), None, "yuan per year", "cost_yuan over a year of the run's days (budgets are "
              "yearly)"),
    Indicator("cost_per_resident_year", (), None, "yuan per resident per year",
              "cost_yuan per resident, over a year of the run's days"),
)


# ------------------------------------------------------------------ mechanisms


def active(params: dict) -> list:
    """The mechanism classes switched on in a scenario, in registry order."""
    return [p for p in MECHANISMS if params.get(f"{p.SECTION}.enabled", False)]


# ------------------------------------------------------------------ parameters


@lru_cache(maxsize=1)
def params() -> dict[str, Param]:
    """Every parameter, by dotted name, in declaration order."""
    out: dict[str, Param] = {}
    for declarer in DECLARERS:
        for p in declarer.PARAMS:
            p.check()
            if p.name in out:
                raise ValueError(f"parameter {p.name!r} is declared twice")
            out[p.name] = p
    return out


def defaults() -> dict[str, float | int | bool]:
    """Every parameter's default, by dotted name."""
    return {name: p.default for name, p in params().items()}


def param_table():
    """Every parameter as a pandas table (for `govsim params` and the docs)."""
    import pandas as pd

    keys = ("name", "default", "lo", "hi", "unit", "role", "source", "doc")
    return pd.DataFrame([{k: getattr(p, k) for k in keys} for p in params().values()])


def param_problem(name: str) -> str:
    """Why ``name`` is no parameter, in one line: its successor if it was renamed, else close names."""
    import difflib

    from sim import renamed

    if hint := renamed.param_hint(name):
        return hint
    close = difflib.get_close_matches(name, list(params()), n=3)
    return f"unknown parameter '{name}'" + (f"; did you mean {', '.join(close)}?" if close
                                             else "; `govsim params` lists them")


# ------------------------------------------------------------------ rules


def rule_tables() -> dict:
    """Every rule table's builder (params -> vector) by name, as the engine's components declare them
    (``RULES``; ``sim.components.rules``)."""
    out: dict = {}
    for declarer in ENGINE:
        for name, build in getattr(declarer, "RULES", {}).items():
            if name in out:
                raise ValueError(f"rule table {name!r} is declared twice")
            out[name] = build
    return out


# ------------------------------------------------------------------ counters, indicators, ledger


@lru_cache(maxsize=1)
def _layout() -> tuple[tuple[str, int], ...]:
    layout = {name: i for i, name in enumerate(slots.NAMES)}
    for d in DECLARERS:
        for name in getattr(d, "COUNTERS", ()):
            layout[f"{d.SECTION}.{name}" if hasattr(d, "SECTION") else name] = len(layout)
    return tuple(layout.items())


def counter_layout() -> dict[str, int]:
    """Every counter's slot: the engine's fixed slots, then each declarer's, in order.

    The layout includes every registered mechanism whether or not it is enabled,
    so runs with and without a mechanism have the same columns.
    """
    return dict(_layout())


def indicators() -> tuple[Indicator, ...]:
    """Every indicator: the engine's core ones, then each declarer's, in order."""
    return record.INDICATORS + tuple(i for d in DECLARERS for i in getattr(d, "INDICATORS", ()))


def by_name() -> dict[str, Indicator]:
    """Every KPI's definition by name, the cost included."""
    return {i.name: i for i in (*indicators(), *COSTS)}


def kpi_names() -> tuple[str, ...]:
    """The name of every KPI in ``summary.json``, in order."""
    return tuple(by_name())


def kpi_problem(name: str) -> str | None:
    """Why ``name`` is not a KPI, in one line (its successor if it was renamed, else close names), or None."""
    import difflib

    from sim import renamed

    names = kpi_names()
    if name in names:
        return None
    hint = renamed.kpi_hint(name)
    if hint:
        return hint
    close = difflib.get_close_matches(name, names, n=3)
    return f"'{name}' is not a KPI" + (f"; did you mean {', '.join(close)}?" if close else "; summary.json lists them")


def kpis_of_interest(active_sections) -> list[str]:
    """The engine's KPIs, those of the mechanisms switched on, and the costs."""
    names = [i.name for i in record.INDICATORS]
    names += [i.name for d in ENGINE for i in getattr(d, "INDICATORS", ())]
    names += [i.name for p in MECHANISMS if p.SECTION in active_sections for i in p.INDICATORS]
    return names + [c.name for c in COSTS]


def ledger_items() -> list[str]:
    """The cost ledger's columns (``sim.ledger``): the status quo's items, then each mechanism's."""
    return ([ledger.column(ledger.STATUS_QUO, item) for item in running_costs.COSTS]
            + [ledger.column(p.SECTION, item) for p in MECHANISMS for item in p.COSTS])
