"""Every indicator and KPI, defined once, from the kernels' daily counters.

An ``Indicator`` is a ratio (or a count) of sums of raw counters
(``sim.kernels.slots``). The same definition gives the daily timeseries
(one row per day and community), the run's KPIs (sums over the run, or over
the last ``window`` days) and their breakdown by resident group and by
community. ``Results`` writes ``timeseries.parquet`` and ``summary.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim import __version__
from sim.enums import Group
from sim.kernels import slots as s


@dataclass(frozen=True)
class Indicator:
    """A ratio (or count) of sums of counters, named by slot or by counter name."""

    name: str
    num: tuple[int | str, ...]
    den: tuple[int | str, ...] | None  # None: a count
    unit: str
    doc: str
    window: int | None = None  # KPI over the last `window` days only
    snapshot: bool = False  # KPI from the last day's value (state, not flow)
    by_group: bool = True  # False: a community-level quantity (kept in group 0), not split by group


INDICATORS: tuple[Indicator, ...] = (
    Indicator("satisfaction", (s.SURVEY_YES,), (s.SURVEY_N,), "share",
              "Share of surveyed residents who say they are satisfied (monthly survey; "
              "KPI: the last 90 days' waves)", window=90),
    Indicator("satisfaction_mean", (s.SAT_SUM,), (s.RESIDENTS,), "0-1",
              "Mean satisfaction of all residents (the model's truth behind the survey)", snapshot=True),
    Indicator("response_days", (s.RESPONSE_DAYS,), (s.RESPONDED,), "days",
              "Days from a request to its first response"),
    Indicator("responded_in_deadline", (s.RESPONDED_IN_DEADLINE,), (s.RESPONDED,), "share",
              "Share of responses within the response deadline (plan: 1 day)"),
    Indicator("close_days", (s.CLOSE_DAYS,), (s.CLOSED,), "days", "Days from a request to its closure"),
    Indicator("crossdept_close_days", (s.CROSS_CLOSE_DAYS,), (s.CROSS_CLOSED,), "days",
              "Days from a cross-department problem's report to its closure"),
    Indicator("closed_within_3d", (s.CLOSED_3D,), (s.CLOSED, s.ABANDONED), "share",
              "Share of finished requests closed within 3 days (the plan's target)"),
    Indicator("abandoned_share", (s.ABANDONED,), (s.CLOSED, s.ABANDONED), "share",
              "Share of finished requests that were given up"),
    Indicator("unmet_need_share", (s.UNMET,), (s.NEEDS,), "share",
              "Share of needs that reached no channel"),
    Indicator("bounces_per_request", (s.BOUNCES,), (s.CLOSED, s.ABANDONED), "bounces",
              "Times a finished request was passed on by a body that could not resolve it"),
    Indicator("requests", (s.REQUESTS,), None, "requests", "Requests raised"),
    Indicator("needs", (s.NEEDS,), None, "needs", "Needs that arose"),
    Indicator("backlog", (s.BACKLOG,), None, "requests", "Open requests at the end of the day",
              snapshot=True),
    Indicator("share_app", (s.CH_APP,), (s.REQUESTS,), "share", "Share of requests raised in the app"),
    Indicator("share_hotline", (s.CH_HOTLINE,), (s.REQUESTS,), "share", "Share raised by hotline"),
    Indicator("share_walkin", (s.CH_WALKIN,), (s.REQUESTS,), "share", "Share raised at the counter"),
    Indicator("share_grid", (s.CH_GRID,), (s.REQUESTS,), "share", "Share raised via the grid worker"),
    Indicator("mediation_success", (s.DISPUTES_SETTLED,), (s.DISPUTES_CONCLUDED,), "share",
              "Share of concluded disputes (closed or abandoned) that ended settled (plan: 75% -> 90%+)"),
    Indicator("disputes", (s.DISPUTES_NOISE, s.DISPUTES_PARKING, s.DISPUTES_FEE), None, "disputes",
              "Disputes raised (noise, parking, property fees)"),
    Indicator("fee_disputes", (s.DISPUTES_FEE,), None, "disputes",
              "Property-fee disputes raised (only where a property manager runs the community)"),
)
ENGINE_INDICATORS = INDICATORS
# The ledger's total: read from the cost ledger, not from counters (costs have no resident group).
COST = Indicator("cost_yuan", (), None, "yuan", "Money spent by the mechanisms switched on (the common ledger)")
# KPIs of a policy run against its paired baseline (same scenario and seed, the policy off): ``paired_kpis``.
PAIRED = (
    Indicator("cost_per_satisfaction_point", (), None, "yuan per percentage point",
              "Extra money spent per percentage point of satisfaction (survey share) gained over the paired "
              "baseline; undefined (NaN) when satisfaction did not rise"),
)


def paired_kpis(policy: dict, baseline: dict) -> dict[str, float]:
    """KPIs that make mechanisms comparable by money: a policy run's KPIs against its paired baseline's."""
    gain = 100.0 * (policy["satisfaction"] - baseline["satisfaction"])
    extra = policy["cost_yuan"] - baseline["cost_yuan"]
    return {"cost_per_satisfaction_point": extra / gain if gain > 0 else float("nan")}


def _declarers():
    from sim import components, policies

    return list(components.ENGINE) + list(policies.REGISTRY)


def counter_layout() -> dict[str, int]:
    """Every counter's slot: the engine's fixed slots, then each declarer's, in order.

    The layout includes every registered policy whether or not it is enabled,
    so runs with and without a mechanism have the same columns.
    """
    layout = {name: i for i, name in enumerate(s.NAMES)}
    for d in _declarers():
        for name in getattr(d, "COUNTERS", ()):
            layout[f"{d.SECTION}.{name}" if hasattr(d, "SECTION") else name] = len(layout)
    return layout


def all_indicators() -> tuple[Indicator, ...]:
    return ENGINE_INDICATORS + tuple(i for d in _declarers() for i in getattr(d, "INDICATORS", ()))


def kpis_of_interest(active_sections) -> list[str]:
    """The engine's KPIs and those of the mechanisms switched on (the cost too, if any is on)."""
    from sim import components, policies

    names = [i.name for i in ENGINE_INDICATORS]
    names += [i.name for d in components.ENGINE for i in getattr(d, "INDICATORS", ())]
    names += [i.name for p in policies.REGISTRY if p.SECTION in active_sections for i in p.INDICATORS]
    return names + (["cost_yuan"] if active_sections else [])


def kpi_names() -> tuple[str, ...]:
    """The name of every KPI in ``summary.json``, in order."""
    return tuple(by_name())


def by_name() -> dict[str, Indicator]:
    """Every KPI's definition by name, the cost included."""
    return {i.name: i for i in (*all_indicators(), COST)}


def ledger_items() -> list[str]:
    """The cost ledger's columns: one per registered policy."""
    from sim import policies

    return [p.SECTION for p in policies.REGISTRY]


def _slots(names, layout) -> list[int]:
    return [n if isinstance(n, int) else layout[n] for n in names]


def _ratio(acc: np.ndarray, ind: Indicator, axis, layout=None) -> np.ndarray:
    """The indicator from summed counters; NaN where the denominator is zero."""
    layout = layout or counter_layout()
    num = acc[..., _slots(ind.num, layout)].sum(axis=-1).sum(axis=axis)
    if ind.den is None:
        return num
    den = acc[..., _slots(ind.den, layout)].sum(axis=-1).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def kpi_values(acc: np.ndarray, by_group_only: bool = False) -> dict[str, float]:
    """KPIs of counters ``acc[day, ...]`` summed over everything but the day."""
    out, layout = {}, counter_layout()
    for ind in all_indicators():
        if by_group_only and not ind.by_group:
            continue
        part = acc[-1:] if ind.snapshot else (acc[-ind.window:] if ind.window else acc)
        axes = tuple(range(part.ndim - 1))
        out[ind.name] = float(_ratio(part, ind, axes, layout))
    return out


@dataclass
class Results:
    """A run's counters, with the names needed to label them."""

    acc: np.ndarray  # (day, community, group, slot)
    ledger: np.ndarray  # (day, community, mechanism), yuan
    communities: list[str]
    scenario: str
    seed: int
    residents: int
    stages: list[str] | None = None  # each community's roll-out stage, when the reform is staged

    @classmethod
    def from_model(cls, model) -> "Results":
        from sim.components import rollout

        p = model.scenario.params
        stages = (rollout.stages(p, model.community_types, model.scenario.seed, model.reform_day)
                  if p[f"{rollout.SECTION}.enabled"] else None)
        return cls(model.acc[: model.day].copy(), model.ledger[: model.day].copy(),
                   [c.name for c in model.scenario.communities], model.scenario.name, model.scenario.seed,
                   model.pop.n, stages)

    def kpis(self) -> dict[str, float]:
        return {**kpi_values(self.acc), "cost_yuan": float(self.ledger.sum())}

    def kpis_by_group(self) -> dict[str, dict[str, float]]:
        """KPIs by the requester's group (costs are not split by group)."""
        return {g.label: kpi_values(self.acc[:, :, g : g + 1], by_group_only=True) for g in Group
                if g != Group.CHILD}

    def kpis_by_community(self) -> dict[str, dict[str, float]]:
        return {name: {**kpi_values(self.acc[:, c : c + 1]), "cost_yuan": float(self.ledger[:, c].sum())}
                for c, name in enumerate(self.communities)}

    def kpis_by_stage(self) -> dict[str, dict[str, float]]:
        """KPIs of the communities at each roll-out stage (pilots, wave, not reformed); empty if not staged."""
        from sim.components.rollout import STAGES

        if self.stages is None:
            return {}
        stages = np.asarray(self.stages)
        out = {}
        for stage in (name for name in STAGES if name in self.stages):
            mine = np.flatnonzero(stages == stage)
            out[stage] = {**kpi_values(self.acc[:, mine]), "cost_yuan": float(self.ledger[:, mine].sum()),
                          "communities": len(mine)}
        return out

    def costs_by_mechanism(self) -> dict[str, float]:
        return {item: float(self.ledger[..., i].sum()) for i, item in enumerate(ledger_items())}

    def timeseries(self) -> pd.DataFrame:
        """One row per (day, community), one column per indicator."""
        n_days, n_comm = self.acc.shape[:2]
        cols = {"day": np.repeat(np.arange(n_days), n_comm), "community": np.tile(self.communities, n_days)}
        layout = counter_layout()
        for ind in all_indicators():
            cols[ind.name] = _ratio(self.acc, ind, 2, layout).reshape(-1)
        cols["cost_yuan"] = self.ledger.sum(axis=2).reshape(-1)
        df = pd.DataFrame(cols)
        # The survey reports once a wave: carry the last wave forward within each community.
        df["satisfaction"] = df.groupby("community", sort=False)["satisfaction"].ffill()
        return df

    def summary(self) -> dict:
        return {
            "kpis": self.kpis(),
            "kpis_by_group": self.kpis_by_group(),
            "kpis_by_community": self.kpis_by_community(),
            **({"kpis_by_stage": self.kpis_by_stage()} if self.stages is not None else {}),
            "cost_yuan_by_mechanism": self.costs_by_mechanism(),
            "scenario": self.scenario,
            "seed": self.seed,
            "days": int(self.acc.shape[0]),
            "residents": self.residents,
            "version": __version__,
        }

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.timeseries().to_parquet(out / "timeseries.parquet", index=False)
        (out / "summary.json").write_text(json.dumps(_finite(self.summary()), indent=2, allow_nan=False))


def _finite(obj):
    """JSON has no NaN: an indicator with nothing to measure (no requests) becomes null."""
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj
