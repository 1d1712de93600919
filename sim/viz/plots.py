"""Matplotlib figures of a run: never drawn inside the model, only from results."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; the dashboard brings its own backend
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from sim.viz.plain import plain_text

PANELS = (
    ("satisfaction", "Satisfaction (survey share)", (0, 1)),
    ("close_days", "Days to close (weekly mean)", None),
    ("unmet_need_share", "Unmet need share (weekly)", (0, None)),
    ("backlog", "Open requests", (0, None)),
)


MAX_LINES = 8  # more communities than this: one line per group of communities


def community_groups(scenario) -> dict[str, str] | None:
    """Community name -> its group's key, for a scenario with more than ``MAX_LINES`` communities (else None).

    Groups: the roll-out stage (pilots, wave, not reformed) when the reform is staged, else the community type.
    """
    from sim.components import rollout
    from sim.enums import CommunityType

    comms = scenario.communities
    if len(comms) <= MAX_LINES:
        return None
    if scenario.params[f"{rollout.SECTION}.enabled"]:
        types = [int(CommunityType[c.type.upper()]) for c in comms]
        keys = rollout.stages(scenario.params, types, scenario.seed)
    else:
        keys = [c.type for c in comms]
    return {c.name: k for c, k in zip(comms, keys)}


def _lines(ts: pd.DataFrame, col: str, groups: dict[str, str] | None, lang: str):
    """(label, day-indexed series) per line: each community, or each group's mean over its communities."""
    from sim.viz import i18n

    wide = ts.pivot(index="day", columns="community", values=col)
    if groups is None:
        return [(name, wide[name]) for name in ts["community"].unique()]
    from sim.components import rollout

    stage_order = rollout.STAGES
    seen = list(dict.fromkeys(groups[n] for n in ts["community"].unique()))
    rank = {k: stage_order.index(k) if k in stage_order else len(stage_order) + i for i, k in enumerate(seen)}
    out = []
    for key in sorted(seen, key=rank.get):
        members = [n for n, k in groups.items() if k == key and n in wide]
        label = i18n.ui(key, lang) if key in i18n.UI else i18n.community_type(key, lang)
        out.append((f"{label} ({i18n.ui('mean_of', lang).format(n=len(members))})", wide[members].mean(axis=1)))
    return out


@plain_text
def kpi_figure(ts: pd.DataFrame, title: str = "", lang: str = "en", groups: dict[str, str] | None = None):
    """The main indicators over time (labels in ``lang``: en or zh).

    One line per community; with ``groups`` (``community_groups``), one line per group: the mean of its
    communities' values (unweighted, as the survey samples each community alike).
    """
    from sim.viz import i18n

    i18n.use_lang(lang)
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for ax, (col, label, ylim) in zip(axes.flat, PANELS):
        for name, y in _lines(ts, col, groups, lang):
            if col in ("close_days", "unmet_need_share"):
                y = y.rolling(7, min_periods=1).mean()
            ax.plot(y.index, y.values, label=name, lw=1.3)
        ax.set_title(label if lang == "en" else i18n.kpi(col, lang), fontsize=10)
        if ylim:
            ax.set_ylim(*ylim)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel(i18n.ui("day", lang).lower())
    axes[0, 0].legend(fontsize=8, loc="lower left")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


@plain_text
def save_kpi_plot(ts: pd.DataFrame, path: Path, title: str = "", groups: dict[str, str] | None = None) -> None:
    fig = kpi_figure(ts, title, groups=groups)
    fig.savefig(path, dpi=110)
    plt.close(fig)
