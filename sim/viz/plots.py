"""Matplotlib figures of a run: never drawn inside the model, only from results."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; the dashboard brings its own backend
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

PANELS = (
    ("satisfaction", "Satisfaction (survey share)", (0, 1)),
    ("close_days", "Days to close (weekly mean)", None),
    ("unmet_need_share", "Unmet need share (weekly)", (0, None)),
    ("backlog", "Open requests", (0, None)),
)


def kpi_figure(ts: pd.DataFrame, title: str = "", lang: str = "en"):
    """The main indicators over time, one line per community (labels in ``lang``: en or zh)."""
    from sim.viz import i18n

    i18n.use_lang(lang)
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for ax, (col, label, ylim) in zip(axes.flat, PANELS):
        for name, part in ts.groupby("community", sort=False):
            y = part.set_index("day")[col]
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


def save_kpi_plot(ts: pd.DataFrame, path: Path, title: str = "") -> None:
    fig = kpi_figure(ts, title)
    fig.savefig(path, dpi=110)
    plt.close(fig)
