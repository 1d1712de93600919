"""How well simulated figures fit pilot data, and which parameter values fit about as well as the best.

For data point i (a community, month and indicator) with observed value y_i
and the mean m_i of the K seeds' simulated values at a trial's parameters:

    loss = sum_i (y_i - m_i)^2 / var_i
    var_i = max(v_i, s2_ci) + s2_ci / K

- v_i, the figure's own sampling variance, from its sample size n_i (the
  row's ``n``, or the file's ``default_n``): a share's binomial variance
  p(1-p)/n_i (p = (y_i n_i + 0.5)/(n_i + 1), never 0), a mean of n_i items
  (days, minutes) (item_cv * y_i)^2 / n_i. So a point weighs in proportion
  to its sample size.
- s2_ci, the model's run-to-run variance of that indicator in that
  community (the variance between the K seeds, pooled over months): a pilot
  community's month is one realisation of the same kind of process, so its
  variance is at least that; s2_ci / K is the Monte-Carlo error of the mean.
- A point the model cannot compute at these parameters (no simulated request
  closed in that month, say) adds 25, as if 5 standard errors off.

With independent normal errors the loss is -2 log likelihood up to a
constant. The confidence set is the likelihood-ratio (Wilks) rule, widened
for the simulation's own noise: the trials whose loss is within

    chi2_k(level) + 2 sqrt(2) sd_mc

of the best (k = parameters fitted; chi2 = 4.61 for k = 2 at 90%). sd_mc is
the Monte-Carlo noise of a trial's loss: the standard deviation of the loss
at the best values over ``NOISE_SETS`` fresh sets of seeds. A simulated
loss is jagged in the parameters (a small change reshuffles who does what),
so the best of many trials is partly the luckiest; a difference between two
trials' losses carries up to sqrt(2) sd_mc of noise, and the margin of two
such standard deviations keeps the set from shrinking to the luckiest trial.
Its parameter ranges are the stated uncertainty. They are as good as the
trials that sampled them (more trials, a tighter picture), they assume the
model's structure is right, and they are too narrow when the model does not
fit: ``fit_pvalue`` (chi-square with N - k degrees of freedom for the best
loss) says when that is so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.calibration.monthly import SHARE_UNITS, indicators

KEY = ["community", "month", "indicator"]
MISSING_PENALTY = 25.0
LEVEL = 0.90
NOISE_SETS = 8  # fresh seed sets that measure the loss's Monte-Carlo noise at the best values
NOISE_MARGIN = 2 * 2**0.5


def simulated(data: pd.DataFrame, runs: list[pd.DataFrame]) -> np.ndarray:
    """The simulated values at the data's points: one row per data point, one column per seed."""
    cols = []
    index = pd.MultiIndex.from_frame(data[KEY])
    for run in runs:
        s = run.set_index(KEY)["value"]
        cols.append(s.reindex(index).to_numpy(dtype=float))
    return np.column_stack(cols) if cols else np.empty((len(data), 0))


def score(data: pd.DataFrame, values: np.ndarray, default_n: int, item_cv: float) -> tuple[float, pd.DataFrame]:
    """The loss and a per-point table (data, simulated mean, single-run sd, variance, z)."""
    k = values.shape[1]
    with np.errstate(invalid="ignore"), _quiet():
        mean = np.nanmean(values, axis=1)
        var_seeds = np.nanvar(values, axis=1, ddof=1) if k > 1 else np.zeros(len(data))
    out = data[KEY + ["value", "n"]].copy()
    out["sim_mean"] = mean
    out["var_seeds"] = var_seeds
    # the model's run-to-run variance, pooled over months for each community and indicator
    s2 = out.groupby(["community", "indicator"])["var_seeds"].transform(lambda v: np.nanmean(v) if v.notna().any()
                                                                         else 0.0).fillna(0.0).to_numpy()
    n = out["n"].fillna(default_n).to_numpy(dtype=float)
    y = out["value"].to_numpy(dtype=float)
    share = out["indicator"].map(lambda name: indicators()[name].unit in SHARE_UNITS).to_numpy(dtype=bool)
    p = (y * n + 0.5) / (n + 1)
    v_data = np.where(share, p * (1 - p) / n, (item_cv * np.abs(y)) ** 2 / n)
    var = np.maximum(np.maximum(v_data, s2) + s2 / k, 1e-12)
    z = (y - mean) / np.sqrt(var)
    missing = ~np.isfinite(z)
    out["sim_sd"] = np.sqrt(s2)
    out["var_data"] = v_data
    out["var"] = var
    out["z"] = z
    loss = float(np.sum(z[~missing] ** 2) + MISSING_PENALTY * missing.sum())
    return loss, out.drop(columns=["var_seeds"])


def threshold(n_params: int, sd_mc: float = 0.0, level: float = LEVEL) -> float:
    """How far above the best loss a trial may be and still be in the confidence set."""
    from scipy.stats import chi2

    return float(chi2.ppf(level, n_params)) + NOISE_MARGIN * sd_mc


def fit_pvalue(best_loss: float, n_points: int, n_params: int) -> float:
    """Chance of a loss at least this large if the model and the stated noise were right."""
    from scipy.stats import chi2

    dof = n_points - n_params
    return float(chi2.sf(best_loss, dof)) if dof > 0 else float("nan")


def rule_text(n_params: int, sd_mc: float, level: float = LEVEL) -> str:
    chi = threshold(n_params, 0.0, level)
    return (f"likelihood ratio (Wilks) widened for simulation noise: trials with loss <= best + "
            f"{threshold(n_params, sd_mc, level):.2f} = {chi:.2f} (chi-square {level:.0%} quantile, {n_params} "
            f"degree{'s' if n_params > 1 else ''} of freedom) + 2 sqrt(2) x {sd_mc:.2f} (sd of the loss at the best "
            f"values over {NOISE_SETS} fresh seed sets)")


class _quiet:
    """numpy's 'mean of empty slice' warnings for points no seed could compute are expected."""

    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)
