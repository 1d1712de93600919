"""A run's results: every indicator and KPI from the kernels' daily counters.

Each indicator (``sim.indicators.Indicator``, listed by ``sim.registry``) is a
ratio (or a count) of sums of raw counters. The same definition gives the daily timeseries
(one row per day and community), the run's KPIs (sums over the run, or over
the last ``window`` days) and their breakdown by resident group and by
community. The run's days are 0 .. days-1: the warm-up before day 0
(``sim.components.warmup``) is in none of them. ``Results`` writes ``timeseries.parquet`` and ``summary.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim import __version__, ledger
from sim.components.rollout import STAGES, stages
from sim.enums import Group
from sim.indicators import Indicator
from sim.registry import counter_layout, indicators, ledger_items


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
    for ind in indicators():
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
    ledger: np.ndarray  # (day, community, column), yuan; columns ``registry.ledger_items()`` (``sim.ledger``)
    communities: list[str]
    scenario: str
    seed: int
    residents: int
    stages: list[str] | None = None  # each community's roll-out stage, when the reform is staged
    community_residents: list[int] | None = None  # each community's residents (default: the total, split evenly)

    @classmethod
    def from_model(cls, model) -> "Results":
        p = model.scenario.params
        staged = (stages(p, model.community_types, model.scenario.seed, model.reform_day)
                  if p["rollout.enabled"] else None)
        return cls(model.acc[: model.day].copy(), model.ledger[: model.day].copy(),
                   [c.name for c in model.scenario.communities], model.scenario.name, model.scenario.seed,
                   model.pop.n, staged, np.diff(model.pop.community_start).tolist())

    @property
    def _residents(self) -> np.ndarray:
        if self.community_residents is not None:
            return np.asarray(self.community_residents, dtype=np.float64)
        return np.full(len(self.communities), self.residents / max(1, len(self.communities)))

    def kpis(self) -> dict[str, float]:
        return {**kpi_values(self.acc), **self._costs(self.ledger, self.residents)}

    def _costs(self, ledger: np.ndarray, residents: float) -> dict[str, float]:
        """``cost_yuan`` of a part of the ledger, and per resident per year of the run's days."""
        total = float(ledger.sum())
        year = total * 365.0 / max(1, ledger.shape[0])
        per_year = year / residents if residents > 0 else float("nan")
        return {"cost_yuan": total, "cost_yuan_year": year, "cost_per_resident_year": per_year}

    def kpis_by_group(self) -> dict[str, dict[str, float]]:
        """KPIs by the requester's group (costs are not split by group)."""
        return {g.label: kpi_values(self.acc[:, :, g : g + 1], by_group_only=True) for g in Group
                if g != Group.CHILD}

    def kpis_by_community(self) -> dict[str, dict[str, float]]:
        return {name: {**kpi_values(self.acc[:, c : c + 1]), **self._costs(self.ledger[:, c], self._residents[c])}
                for c, name in enumerate(self.communities)}

    def kpis_by_stage(self) -> dict[str, dict[str, float]]:
        """KPIs of the communities at each roll-out stage (pilots, wave, not reformed); empty if not staged."""
        if self.stages is None:
            return {}
        stages = np.asarray(self.stages)
        out = {}
        for stage in (name for name in STAGES if name in self.stages):
            mine = np.flatnonzero(stages == stage)
            out[stage] = {**kpi_values(self.acc[:, mine]), **self._costs(self.ledger[:, mine],
                                                                           self._residents[mine].sum()),
                          "communities": len(mine)}
        return out

    def cost_table(self) -> dict[str, dict[str, float]]:
        """The ledger's total by payer (``status_quo`` or a mechanism) and item (``sim.ledger.ITEMS``)."""
        out: dict[str, dict[str, float]] = {}
        for i, col in enumerate(ledger_items()):
            out.setdefault(ledger.payer(col), {})[ledger.item(col)] = float(self.ledger[..., i].sum())
        return out

    def costs_by_mechanism(self) -> dict[str, float]:
        """Total cost by payer: ``status_quo`` and each mechanism (0 for one switched off)."""
        return {payer: sum(items.values()) for payer, items in self.cost_table().items()}

    def costs_by_item(self) -> dict[str, float]:
        """Total cost by what it bought, over every payer."""
        out = dict.fromkeys(ledger.ITEMS, 0.0)
        for items in self.cost_table().values():
            for item, yuan in items.items():
                out[item] += yuan
        return out

    def timeseries(self) -> pd.DataFrame:
        """One row per (day, community), one column per indicator."""
        n_days, n_comm = self.acc.shape[:2]
        cols = {"day": np.repeat(np.arange(n_days), n_comm), "community": np.tile(self.communities, n_days)}
        layout = counter_layout()
        for ind in indicators():
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
            "cost_yuan_by_item": self.costs_by_item(),
            "cost_yuan_by_mechanism_item": self.cost_table(),
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
