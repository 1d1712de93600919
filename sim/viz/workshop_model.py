"""The dashboard's model: a scenario with the workshop's lever values, run in lockstep with its baseline.

``WorkshopModel(scenario=NAME, residents=N, seed=S, lang=L, **levers)`` takes
levers as keyword arguments named by their dotted names
(``**{"one_stop.enabled": True}``), which is how Mesa's SolaraViz passes
``model_params`` when it resets a model (its check of ``model_params`` against
the signature accepts any name only if the catch-all is called ``**kwargs``).
``lang`` is the language of the labels: SolaraViz hands its components the
model and nothing else.
It builds two ``GovernanceModel`` runs on the same seed (common random numbers):

- ``policy``: the scenario file with the lever values applied;
- ``baseline``: the same scenario file with every mechanism switched off
  (``<section>.enabled = false`` for each registered policy) and no lever changes,
  i.e. the community before the reform (for ``shanghai-centre`` this is
  ``shanghai-centre-baseline``).

``step()`` advances both by one day; they can run past the scenario's days
(the engine grows its counters). Values are checked against their declarations
exactly as a scenario file is (one-line ``UserError``). ``unmet`` holds each
run's unmet need by grid for the map (``sim.viz.unmet``).
"""

from __future__ import annotations

import copy

import mesa

from sim import files, registry
from sim import scenario as sc
from sim.errors import UserError
from sim.model import GovernanceModel
from sim.viz.i18n import check_lang
from sim.viz.unmet import UnmetTracker

# Workshop size: thousands of residents render a day well under a second (benchmarks/bench_dashboard.py).
WORKSHOP_RESIDENTS = 3000


def _set(doc: dict, name: str, value) -> None:
    node = doc
    for part in name.split(".")[:-1]:
        node = node.setdefault(part, {})
    node[name.rsplit(".", 1)[1]] = value


def scenario_document(scenario: str, residents: int | None = None, seed: int | None = None) -> tuple[dict, str]:
    """A scenario's document (bundled name or file), scaled and seeded, and its file path."""
    path = files.find(scenario, "scenarios")
    doc = files.read_toml(path)
    doc.setdefault("name", path.stem)
    if residents is not None:
        doc = sc.scale_residents(doc, int(residents))
    if seed is not None:
        doc["seed"] = int(seed)
    return doc, str(path)


def baseline_document(doc: dict) -> dict:
    """The same scenario with every mechanism switched off: the community before the reform."""
    base = copy.deepcopy(doc)
    for p in registry.MECHANISMS:
        _set(base, f"{p.SECTION}.enabled", False)
    base["name"] = f"{doc.get('name', 'scenario')} (baseline)"
    return base


def policy_document(doc: dict, levers: dict) -> dict:
    """The scenario with lever values applied (only declared levers are accepted)."""
    known = registry.params()
    out = copy.deepcopy(doc)
    for name, value in levers.items():
        p = known.get(name)
        if p is None or p.role != "lever":
            raise UserError(f"'{name}' is not a lever; `govsim params` lists them (role lever)", "dashboard")
        _set(out, name, value)
    return out


class WorkshopModel(mesa.Model):
    """A policy run and its baseline, on the same seed, stepped together one day at a time."""

    def __init__(self, scenario: str = "baseline", residents: int | None = WORKSHOP_RESIDENTS,
                 seed: int | None = None, lang: str = "en", **kwargs):
        doc, source = scenario_document(scenario, residents, seed)
        policy = sc.from_document(policy_document(doc, kwargs), source)
        baseline = sc.from_document(baseline_document(doc), source)
        super().__init__(seed=policy.seed)
        self.scenario_name = scenario
        self.lang = check_lang(lang)
        self.levers = dict(kwargs)
        self.policy = GovernanceModel(policy)
        self.baseline = GovernanceModel(baseline)
        self.unmet = {side: UnmetTracker(m) for side, m in self.sides().items()}
        self.running = True

    @property
    def day(self) -> int:
        return self.policy.day

    def step(self) -> None:
        self.policy.step()
        self.baseline.step()

    def sides(self) -> dict[str, GovernanceModel]:
        """The two runs by name, policy first."""
        return {"policy": self.policy, "baseline": self.baseline}

    def active(self) -> list[str]:
        """Sections of the mechanisms switched on in the policy run."""
        return [p.SECTION for p in registry.active(self.policy.params)]
