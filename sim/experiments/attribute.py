"""``govsim attribute SCENARIO``: the package, its coalitions' runs, and the values read back from them.

The package is the mechanisms the scenario switches on (``<section>.enabled
= true``; ``sim.registry.MECHANISMS``, in its order). A coalition is the
scenario with only its mechanisms on: the others' ``enabled = false``, every
other setting as the scenario has it. The empty coalition is the scenario's
status quo. For the bundled packages that is their bundled
``<name>-baseline``: ``shenzhen-partners`` with every mechanism off has the
baseline's settings (a mechanism switched off is never built, so its other
settings do not matter), and ``city-rollout`` with every mechanism off keeps
its staged roll-out switched on, which with no mechanism to roll out changes
no KPI (the two give the same KPIs at the same seed). ``status_quo_note``
says which holds for the scenario at hand.

The units attributed are the mechanisms, or named blocks of them
(``sim.experiments.attribute_blocks``). Up to ``shapley.MAX_EXACT`` units,
every coalition of units runs (exact Shapley values); above, the coalitions
that ``permutations`` seeded orders of the units pass through, in antithetic
pairs (``sim.experiments.shapley``). Each coalition runs at seeds 1..N, the
same seeds for every coalition (common random numbers: two coalitions differ
by their mechanisms, not their draws), so its seed-level values pair up.

A run is the sweep's ``runner.run_one`` of a ``RunSpec`` whose values set the
package's switches; it goes through the sweep's executors and results store
(``run_pending``: one folder per coalition and seed, written atomically), so
an interrupted attribution resumes without repeating a run, and a coalition
met by several permutations, or by an attribution by mechanism and one by
blocks, runs once. A run's id names its coalition (a bitmask over the
package's mechanisms, in hexadecimal) and its seed; ``experiment.json``
lists the coalitions' mechanisms (``policy_name``), and ``govsim compare OUT
--by policy`` compares every coalition with the status quo.

``values`` reads every run's KPIs back (all residents and each resident
group) as one array: coalition x seed x KPI x group;
``sim.experiments.attribute_table`` turns it into the attribution.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import UserError
from sim.experiments import shapley
from sim.experiments.attribute_blocks import Unit, units_of

DEFAULT_KPIS = ("satisfaction", "satisfaction_mean", "close_days", "unmet_need_share", "participation_rate",
                "cost_yuan")
MONEY_KPIS = ("satisfaction", "cost_yuan")  # always attributed: the cost-effectiveness table needs them
DEFAULT_SEEDS = 5
# Sampled permutations when there are more than shapley.MAX_EXACT units: 5 antithetic pairs. The bundled
# shenzhen-partners (18 mechanisms) then runs at most 2 + 10 x 17 = 172 coalitions (168: its orders share some)
# x 5 seeds = 840 runs, 19.5 minutes on 2 cores that another sweep shared (benchmarks/README.md); the issue
# asks for under 30.
DEFAULT_PERMUTATIONS = 10
MAX_PERMUTATIONS = 10_000
ORDER_SEED = 1  # the permutations' generator: the same orders on every call


@dataclass(frozen=True)
class Plan:
    """What an attribution runs and attributes; checked in full before anything is run or written."""

    scenario: str  # its name
    source: str  # the file it was read from
    base_doc: dict  # the resolved scenario (``--residents`` and ``--days`` applied), the package on
    days: int
    residents: int
    communities: int
    mechanisms: tuple[str, ...]  # the package, in registry order
    units: tuple[Unit, ...]  # what is attributed: the mechanisms, or blocks of them
    unlisted: tuple[str, ...]  # with blocks: the package's mechanisms no block names (each its own unit)
    seeds: int
    kpis: tuple[str, ...]  # the KPIs asked for (the money table's are attributed too)
    orders: tuple[tuple[int, ...], ...] = ()  # sampled: the orders of the units; exact: none

    @property
    def exact(self) -> bool:
        return not self.orders

    @property
    def k(self) -> int:
        return len(self.units)

    def coalitions(self) -> list[int]:
        """The coalitions of units to run (bitmasks over ``units``), the empty one first."""
        if self.exact:
            return shapley.exact_coalitions(self.k)
        return shapley.sampled_coalitions(np.array(self.orders))

    def mechanism_mask(self, coalition: int) -> int:
        """A coalition of units as a bitmask over the package's mechanisms."""
        mask = 0
        for i, unit in enumerate(self.units):
            if coalition >> i & 1:
                for m in unit.members:
                    mask |= 1 << self.mechanisms.index(m)
        return mask

    def switches(self, mask: int) -> dict:
        """The package's switches of a coalition of mechanisms."""
        return {f"{m}.enabled": bool(mask >> i & 1) for i, m in enumerate(self.mechanisms)}

    def coalition_name(self, mask: int) -> str:
        on = [m for i, m in enumerate(self.mechanisms) if mask >> i & 1]
        return "status quo" if not on else "package" if len(on) == len(self.mechanisms) else "+".join(on)

    def run_id(self, mask: int, seed: int) -> str:
        return f"c{mask:0{(len(self.mechanisms) + 3) // 4}x}-s{seed:03d}"

    def specs(self) -> list:
        """Every run: each coalition at seeds 1..N (seed-major, so a stopped attribution holds whole seeds)."""
        from sim.experiments.design import RunSpec, run_fingerprint

        masks = list(dict.fromkeys(self.mechanism_mask(t) for t in self.coalitions()))
        out = []
        for seed in range(1, self.seeds + 1):
            for mask in masks:
                values = self.switches(mask)
                out.append(RunSpec(self.run_id(mask, seed), self.base_doc, values, seed, mask,
                                   self.coalition_name(mask), 0, seed - 1,
                                   run_fingerprint(self.base_doc, values, seed)))
        return out

    def method(self) -> str:
        if self.exact:
            return f"exact: every one of the {1 << self.k} coalitions"
        pairs = len(self.orders) // 2
        return (f"sampled: {len(self.orders)} permutations in {pairs} antithetic pairs (seed {ORDER_SEED}), "
                f"{len(self.coalitions())} coalitions")

    def document(self, run_ids: list[str]) -> dict:
        """``experiment.json``: what the folder holds (``kpis`` and empty ``levers`` so `govsim compare` reads it)."""
        return {"name": f"attribute-{self.scenario}", "command": "attribute", "scenario": self.scenario,
                "source": self.source, "days": self.days, "residents": self.residents, "seeds": self.seeds,
                "mechanisms": list(self.mechanisms),
                "units": [{"name": u.name, "members": list(u.members)} for u in self.units],
                "method": self.method(), "orders": [list(o) for o in self.orders], "kpis": list(self.kpis),
                "levers": {}, "run_ids": run_ids}


# ------------------------------------------------------------------ checking the request


def _orders(k: int, permutations: int | None) -> tuple[tuple[int, ...], ...]:
    if k <= shapley.MAX_EXACT:
        return ()
    n = DEFAULT_PERMUTATIONS if permutations is None else permutations
    if not 4 <= n <= MAX_PERMUTATIONS or n % 2:
        raise UserError(f"{n} is not allowed; allowed: an even number from 4 to {MAX_PERMUTATIONS:,} "
                        "(antithetic pairs, each a permutation and its reverse; two pairs at least, so that the "
                        "sampling error can be told)", "--permutations")
    return tuple(tuple(int(u) for u in order) for order in shapley.permutations(k, n, ORDER_SEED))


def prepare(ref: str, seeds: int = DEFAULT_SEEDS, days: int | None = None, residents: int | None = None,
            permutations: int | None = None, kpis=None, blocks: list[str] = (),
            blocks_file: Path | None = None) -> Plan:
    """Check everything an attribution of scenario ``ref`` needs and say what it will run; a one-line
    ``UserError`` for anything wrong, before anything is run or written."""
    from sim import registry
    from sim import scenario as sc
    from sim.experiments.compare import check_kpis
    from sim.experiments.paired import check_seeds

    check_seeds(seeds)
    kpis = tuple(dict.fromkeys(check_kpis(kpis or DEFAULT_KPIS)))
    scenario = sc.load(ref, residents=residents, days=days)
    package = tuple(p.SECTION for p in registry.active(scenario.params))
    if len(package) < 2:
        what = f"a package of one mechanism ({package[0]})" if package else "no mechanism switched on"
        raise UserError(f"{what}: attribution shares a package's effect among its mechanisms, so it needs at "
                        "least 2 switched on (<section>.enabled = true); compare the scenario with its baseline "
                        "instead (`govsim compare BASELINE SCENARIO --seeds 5`)", scenario.source)
    units, unlisted = units_of(package, blocks, blocks_file, scenario.name)
    return Plan(scenario=scenario.name, source=scenario.source, base_doc=sc.to_document(scenario),
                days=scenario.days, residents=scenario.residents, communities=len(scenario.communities),
                mechanisms=package, units=units, unlisted=unlisted, seeds=seeds, kpis=kpis,
                orders=_orders(len(units), permutations))


def default_folder(plan: Plan, changed: bool) -> Path:
    """``attribute-<scenario>`` in the working folder; with a short hash of the resolved scenario when
    ``--residents`` or ``--days`` changed it, so a smaller look never lands on the full attribution's runs."""
    from sim import files

    name = f"attribute-{plan.scenario}"
    if changed:
        name += "-" + hashlib.sha256(json.dumps(plan.base_doc, sort_keys=True).encode()).hexdigest()[:8]
    return Path(files.safe_name(name, "attribute"))


def status_quo_note(ref: str, plan: Plan, residents: int | None, days: int | None) -> str:
    """How the empty coalition compares with the scenario's ``<name>-baseline``, where there is one."""
    from sim import files, registry
    from sim import scenario as sc
    from sim.experiments.design import fmt

    path = Path(ref)
    candidate = path.with_name(f"{path.stem}-baseline.toml") if path.suffix == ".toml" else None
    if candidate is None or not candidate.is_file():
        candidate = files.bundled("scenarios").get(f"{plan.scenario}-baseline")
    head = f"status quo: {plan.scenario} with every mechanism off"
    if candidate is None:
        return head
    try:
        base = sc.load(str(candidate), residents=residents, days=days)
    except UserError as e:  # a note, not a reason to stop
        return f"{head} ({candidate.stem} cannot be compared: {e})"
    here = sc.from_document(plan.base_doc, plan.source).params
    sections = {p.SECTION for p in registry.MECHANISMS}
    differ = []
    for name, value in base.params.items():
        section, _, key = name.partition(".")
        mine = False if section in sections and key == "enabled" else here[name]
        if (section not in sections or key == "enabled") and value != mine:
            differ.append(f"{name} ({fmt(mine)} here, {fmt(value)} there)")
    if [c.model_dump() for c in base.communities] != plan.base_doc["communities"] or base.days != plan.days:
        differ.insert(0, "its communities or days")
    if not differ:
        return f"{head}: the same settings as {candidate.stem}"
    return f"{head}; it differs from {candidate.stem} in {', '.join(differ[:3])}" + (
        f" and {len(differ) - 3} more" if len(differ) > 3 else "")


# ------------------------------------------------------------------ the runs


def run(plan: Plan, out: Path, executor: str = "local", workers: int | None = None, scheduler: str | None = None,
        progress: bool = True, fn=None):
    """Run every coalition's runs not finished in ``out`` (resumable); the sweep's ``Summary``."""
    from sim.experiments.runner import run_one
    from sim.experiments.store import Store
    from sim.experiments.sweep import run_pending

    specs = plan.specs()
    return run_pending(specs, Store(out), plan.document([s.run_id for s in specs]), f"attribute {plan.scenario}",
                       executor, workers, scheduler, progress, fn or run_one)


@dataclass(frozen=True)
class Values:
    """Every run's KPIs: ``array[coalition, seed, kpi, group]`` (coalitions of units in ``plan.coalitions()``
    order, seeds 1..N, ``kpis``, ``groups``); NaN where a KPI has nothing to measure (no requests of a group)."""

    array: np.ndarray
    kpis: tuple[str, ...]
    groups: tuple[str, ...]  # "all", then each resident group


def groups() -> tuple[str, ...]:
    from sim.enums import Group

    return ("all", *(g.label for g in Group if g != Group.CHILD))


def values(plan: Plan, out: Path) -> Values | None:
    """The runs' KPIs from the results folder, or None while any run is missing (failed or not run)."""
    from sim.experiments.store import Store

    df = Store(out).kpis()
    if df.empty:
        return None
    kpis = tuple(dict.fromkeys((*plan.kpis, *MONEY_KPIS)))
    names = groups()
    masks = [plan.mechanism_mask(t) for t in plan.coalitions()]  # blocks are disjoint: one mask per coalition
    df = df[df.scope.isin(["all", "group"]) & df.policy.isin(masks) & df.seed.between(1, plan.seeds)]
    done = df[df.scope == "all"]
    if len(set(zip(done.policy, done.seed))) < len(masks) * plan.seeds:
        return None
    arr = np.full((len(masks), plan.seeds, len(kpis), len(names)), np.nan)
    group = df.name.map({n: i for i, n in enumerate(names)}).to_numpy()
    seed, cols, policy = df.seed.to_numpy(), df[list(kpis)].to_numpy(dtype=float), df.policy.to_numpy()
    for row, mask in enumerate(masks):
        sel = policy == mask
        arr[row, seed[sel] - 1, :, group[sel]] = cols[sel]
    return Values(arr, kpis, names)


# ------------------------------------------------------------------ what it says and writes


def header(plan: Plan, permutations: int | None, executor: str, workers: int | None) -> list[str]:
    """What the attribution will run, before it runs."""
    seeds = "seed 1" if plan.seeds == 1 else f"{plan.seeds} paired seeds (1 to {plan.seeds})"
    lines = [f"attribute {plan.scenario}: {len(plan.mechanisms)} mechanisms on, {seeds}; {plan.residents:,} residents "
             f"in {plan.communities} communities, {plan.days} days"]
    blocks = [u for u in plan.units if u.name not in plan.mechanisms or u.members != (u.name,)]
    if blocks:
        lines.append(f"units: {len(blocks)} blocks (" + "; ".join(f"{u.name}: {', '.join(u.members)}" for u in blocks)
                     + ")" + (f" and, in no block, each on its own: {', '.join(plan.unlisted)}" if plan.unlisted
                              else ""))
    else:
        lines.append(f"units: the mechanisms ({', '.join(plan.mechanisms)})")
    runs = len(plan.coalitions()) * plan.seeds
    lines.append(f"{plan.method()} x {plan.seeds} seeds = {runs:,} runs; executor {executor}"
                 + (f", {workers} workers" if workers else ", one worker per core"))
    if plan.exact and permutations is not None:
        lines.append(f"note: {plan.k} units are few enough for exact values; --permutations is not used")
    return lines


FILES = ("attribution.csv", "cost_effectiveness.csv", "attribution.png")


def finish(plan: Plan, out: Path) -> str | None:
    """Attribute from the finished runs and write ``FILES`` into ``out``; the tables as text, or None (and
    nothing written) while a run is missing."""
    from sim.experiments import attribute_table
    from sim.experiments.plots import save_attribution
    from sim.experiments.store import atomic_write

    vals = values(plan, out)
    if vals is None:
        return None
    table = attribute_table.rows(plan, vals)
    costs = attribute_table.cost_effectiveness(plan, vals, table)
    atomic_write(out / "attribution.csv", table.to_csv(index=False).encode())
    atomic_write(out / "cost_effectiveness.csv", costs.to_csv(index=False).encode())
    save_attribution(table, plan.kpis, out / "attribution.png",
                     f"{plan.scenario}: each unit's share of the package's effect ({plan.seeds} paired seeds)")
    return attribute_table.format_tables(plan, table, costs)
