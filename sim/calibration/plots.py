"""Figures of a calibration (``fit.png``) and of a sensitivity analysis (``sensitivity.png``).

- ``fit.png``: one panel per indicator and community of the data: the pilot
  figures (dots, with their sampling error bars at 90%) against the simulated
  mean at the best values (line) and the 90% band of a single run (mean +-
  1.645 times the run-to-run standard deviation between seeds: where a
  community's month would fall if the model were right).
- ``sensitivity.png``: one panel per KPI: each parameter's first-order and
  total Sobol index, or Morris' mu* (mean absolute elementary effect), with
  their confidence intervals.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sim.viz.plain import plain_text

MAX_PANELS = 24
Z90 = 1.645


def _axes(n: int, width: float = 4.2, height: float = 3.0):
    cols = min(4, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, 0.8 + height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat)


@plain_text
def save_fit(fit: pd.DataFrame, path: Path, title: str) -> Path:
    """Data against the simulated mean and 90% single-run band, per indicator and community."""
    groups = list(fit.groupby(["indicator", "community"], sort=True))[:MAX_PANELS]
    fig, axes = _axes(max(1, len(groups)))
    for ax, ((ind, comm), part) in zip(axes, groups):
        part = part.sort_values("month")
        m, sd = part["sim_mean"].to_numpy(), part["sim_sd"].to_numpy()
        ax.fill_between(part["month"], m - Z90 * sd, m + Z90 * sd, color="tab:blue", alpha=0.2,
                        label="simulated, 90% band")
        ax.plot(part["month"], m, color="tab:blue", label="simulated mean")
        err = Z90 * np.sqrt(part["var_data"].to_numpy())
        ax.errorbar(part["month"], part["value"], yerr=err, fmt="o", color="black", ms=4, lw=0.8,
                    label="pilot data (90% error)")
        ax.set_title(f"{ind} - {comm}", fontsize=9)
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


@plain_text
def save_indices(table: pd.DataFrame, method: str, path: Path, title: str) -> Path:
    """Sobol S1 and ST (or Morris mu*) per parameter, one panel per KPI, with confidence intervals."""
    kpis = list(dict.fromkeys(table["kpi"]))[:MAX_PANELS]
    n_par = table["parameter"].nunique()
    fig, axes = _axes(max(1, len(kpis)), width=5.0, height=max(2.6, 0.45 * n_par + 1.0))
    for ax, kpi in zip(axes, kpis):
        part = table[table["kpi"] == kpi]
        y = np.arange(len(part))
        if method == "sobol":
            ax.barh(y - 0.2, part["S1"], 0.4, xerr=part["S1_conf"], label="first order (S1)", color="tab:blue")
            ax.barh(y + 0.2, part["ST"], 0.4, xerr=part["ST_conf"], label="total (ST)", color="tab:orange")
            ax.set_xlabel("Sobol index")
        else:
            ax.barh(y, part["mu_star"], 0.6, xerr=part["mu_star_conf"], label="mu* (mean |effect|)",
                    color="tab:blue")
            ax.set_xlabel(f"mu* ({kpi} per parameter range)")
        ax.set_yticks(y, part["parameter"], fontsize=8)
        ax.axvline(0, color="black", lw=0.6)
        ax.set_title(kpi, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
