"""Scenario discovery: the ranges of the uncertainties in which a chosen policy misses a target (PRIM).

Given a sweep's results folder, a target (``satisfaction>=0.85``) and one of
the sweep's policies, each finished run of that policy is a case: its
uncertainty values are the x, and it is of interest when the policy MISSES
the target there (the KPI for all residents, over the run's days). PRIM
(the Patient Rule Induction Method, from EMA Workbench) peels the swept
space down, one thin slice at a time, towards the region where misses are
densest; each step is a box on the peeling trajectory, read as EMA users
read it:

- coverage: the share of all misses that fall inside the box;
- density: the share of the runs inside the box that miss;
- mass: the share of all runs inside the box;
- restricted dimensions: how many uncertainties the box limits, each limit
  with its quasi-p-value (a one-sided binomial test of whether dropping
  that limit would lower the density; small means the limit matters).

The box reported is the last on the trajectory whose density reaches the
threshold (0.8 unless told), or the one asked for; if none reaches it, the
densest, said so. PRIM is run with a density threshold of zero so that it
always returns its whole trajectory (EMA's own threshold would replace a
box below it by the unrestricted one); the threshold here only picks the
box. Replicates are cases of their own: a point where only some seeds miss
lowers the density of the boxes around it, as it should.

A policy that meets the target in every run, or misses it in every run,
leaves nothing to discover: ``Discovery`` is not made, the command says so
plainly, exits 0 and writes nothing. Bad input (a target that is not a KPI
or not ``KPI OP VALUE``, a folder that is not a sweep, a policy with no
runs, a sweep with no uncertainties) is a one-line ``UserError``, raised
before anything is written.

EMA Workbench is imported only here, on first use (it takes seconds), with
its import-time warning that ipyparallel (which we do not use) is missing
silenced.
"""

from __future__ import annotations

import math
import operator
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim import files
from sim.errors import UserError

OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
OP_WORDS = {">=": "ge", "<=": "le", ">": "gt", "<": "lt"}
THRESHOLD = 0.8  # EMA's customary density for a box worth reading
# A peel takes this share of the box's runs off one side. EMA's default, 0.05, is a peel of 5 runs in a sweep of
# 100, where one stray miss in the slice stops PRIM far short of a planted box; 0.1, as EMA's own tutorials use for
# small samples, finds it (tests/experiments/test_discover.py).
PEEL_ALPHA = 0.1
SIGNIFICANT = 0.05  # a quasi-p-value at or above it: the limit may be noise
_TARGET = re.compile(r"\s*([A-Za-z_][\w.]*)\s*(>=|<=|>|<)\s*(\S+)\s*")


@dataclass(frozen=True)
class Target:
    """What the policy should achieve: ``kpi op value`` for all residents."""

    kpi: str
    op: str
    value: float

    def met(self, values) -> np.ndarray:
        return OPS[self.op](np.asarray(values, dtype=float), self.value)

    def __str__(self) -> str:
        return f"{self.kpi} {self.op} {self.value:g}"

    def slug(self) -> str:
        return f"{self.kpi}-{OP_WORDS[self.op]}-{self.value:g}"


def parse_target(text: str) -> Target:
    """``satisfaction>=0.85`` as a ``Target``, or a one-line error from ``--target``."""
    from sim.registry import kpi_problem

    m = _TARGET.fullmatch(text or "")
    value = None
    if m:
        try:
            value = float(m.group(3))
        except ValueError:
            value = None
    if value is None or not math.isfinite(value):
        raise UserError(f"'{text}' is not a target; write KPI OP VALUE, e.g. satisfaction>=0.85, with OP one of "
                        f"{', '.join(OPS)}", "--target")
    if problem := kpi_problem(m.group(1)):
        raise UserError(problem, "--target")
    return Target(m.group(1), m.group(2), value)


# ------------------------------------------------------------------ the cases


@dataclass
class Cases:
    """What PRIM reads: each run's uncertainty values (``x``) and whether the policy misses there (``y``)."""

    x: pd.DataFrame
    y: np.ndarray  # 1 where the policy misses the target, else 0
    policy: str
    policies: int  # how many policies the sweep has
    expected: int  # runs of the policy in the experiment
    undefined: int = 0  # finished runs whose KPI is undefined (left out)
    constant: list = field(default_factory=list)  # uncertainties that take one value only (left out)

    @property
    def misses(self) -> int:
        return int(self.y.sum())


def _experiment(root: Path) -> dict:
    from sim.experiments.store import Store

    try:
        return Store(root).experiment()
    except ValueError:
        raise UserError("experiment.json is not valid JSON; is this a sweep's results folder?", str(root)) from None


def sweep_cases(root: Path, target: Target, policy: str | None = None, where: list[str] | None = None) -> Cases:
    """The runs of one policy of a sweep as PRIM's cases, or a one-line error naming what is wrong."""
    from sim.experiments.compare import find_policy
    from sim.experiments.design import fmt
    from sim.experiments.store import Store

    root = Path(root)
    exp = _experiment(root)
    source = str(root / "experiment.json")
    uncertainties = list(exp.get("uncertainties") or {})
    if not uncertainties:
        raise UserError("the experiment varies no uncertainties ([uncertainties] is empty), so there is nothing "
                        "to discover; sweep an experiment with uncertainties", source)
    if policy is not None and where:
        raise UserError("give --policy or --where, not both", "--where")
    df = Store(root).kpis()
    if df.empty:
        raise UserError("has no finished runs yet; run `govsim sweep` into it (it resumes)", str(root))
    df = df[df.scope == "all"]
    if target.kpi not in df:
        raise UserError(f"'{target.kpi}' is not among this sweep's results (made by an older govsim?); sweep "
                        "again into another folder", "--target")
    names = df.groupby("policy")["policy_name"].first().to_dict()
    listed = "; ".join(list(names.values())[:5]) + ("; ..." if len(names) > 5 else "")
    if policy is not None:
        hits = [p for p, name in names.items() if name == policy.strip()]
        if not hits:
            raise UserError(f"no policy named '{policy}' has finished runs in this sweep; its policies: {listed} "
                            "(or choose by levels with --where lever=level)", "--policy")
        chosen = hits[0]
    elif where:
        levers = {name: list(levels) for name, levels in (exp.get("levers") or {}).items()}
        chosen = find_policy(df, levers, ",".join(where), "--where")
    elif len(names) == 1:
        chosen = next(iter(names))
    else:
        raise UserError(f"holds {len(names)} policies; choose one with --policy NAME or --where lever=level "
                        f"(its policies: {listed})", str(root))
    runs = df[df.policy == chosen]
    expected = sum(1 for r in exp.get("run_ids") or [] if r.startswith(f"p{chosen:03d}-")) or len(runs)
    kpi = runs[target.kpi].to_numpy(float)
    defined = np.isfinite(kpi)
    if not defined.any():
        raise UserError(f"{target.kpi} is undefined in every finished run of policy '{names[chosen]}'; choose "
                        "another KPI", "--target")
    x = pd.DataFrame({u: runs[f"param:{u}"].to_numpy() for u in uncertainties})[defined].reset_index(drop=True)
    for u in uncertainties:
        if x[u].map(lambda v: isinstance(v, (bool, np.bool_))).all():  # a switch is a category, not a number
            x[u] = x[u].map(fmt).astype("category")
        else:
            x[u] = pd.to_numeric(x[u])
    constant = [u for u in uncertainties if x[u].nunique() < 2]
    if len(constant) == len(uncertainties):
        raise UserError(f"every uncertainty takes one value only in the runs of policy '{names[chosen]}', so "
                        "there is nothing to discover", source)
    return Cases(x.drop(columns=constant), (~target.met(kpi[defined])).astype(int), names[chosen], len(names),
                 expected, undefined=int((~defined).sum()), constant=constant)


# ------------------------------------------------------------------ PRIM


def _prim():
    """EMA Workbench's PRIM module, imported on first use, without EMA's warning about ipyparallel."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="ipyparallel not installed", category=UserWarning)
            from ema_workbench.analysis import prim
    except ImportError:
        raise UserError("needs ema_workbench: pip install govsim (it is a dependency)", "discover") from None
    return prim


@dataclass
class Discovery:
    """PRIM's peeling trajectory, every box's limits, and the box chosen (with why)."""

    trajectory: pd.DataFrame  # box, coverage, density, mass, runs, misses, restricted_dims, restricted
    limits: list  # per box, a DataFrame: one row per restricted uncertainty (see ``_limits``)
    chosen: int
    why: str
    prim_box: object  # EMA's PrimBox, for its plots

    def box(self, i: int | None = None) -> pd.Series:
        return self.trajectory.iloc[self.chosen if i is None else i]


def discover(x: pd.DataFrame, y, threshold: float = THRESHOLD, box: int | None = None,
             peel_alpha: float = PEEL_ALPHA, paste_alpha: float = 0.05, mass_min: float = 0.05) -> Discovery:
    """PRIM on cases ``x`` (one column per uncertainty: numbers, or categories) and ``y`` (1 = of interest).

    The chosen box is ``box`` if given, else the last on the trajectory with density >= ``threshold``, else
    the densest. ``y`` must hold both 0 and 1.
    """
    prim = _prim()
    y = np.asarray(y, dtype=int)
    with warnings.catch_warnings():  # EMA's own use of pandas' deprecated forms, nothing a user can act on
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="ema_workbench")
        warnings.filterwarnings("ignore", category=FutureWarning, module="ema_workbench")
        finder = prim.Prim(x.reset_index(drop=True), y, threshold=1e-9, peel_alpha=peel_alpha,
                           paste_alpha=paste_alpha, mass_min=mass_min)
        found = finder.find_box()
    t = found.peeling_trajectory
    restricted = [list(qp) for qp in found.qp]
    trajectory = pd.DataFrame({
        "box": np.arange(len(t)), "coverage": t["coverage"].to_numpy(float), "density": t["density"].to_numpy(float),
        "mass": t["mass"].to_numpy(float), "runs": t["n"].to_numpy(int), "misses": t["k"].to_numpy(int),
        "restricted_dims": [len(r) for r in restricted], "restricted": ["; ".join(r) for r in restricted]})
    limits = [_limits(found.box_lims[i], finder.box_init, found.qp[i]) for i in range(len(t))]
    if box is not None:
        if not 0 <= box < len(t):
            raise UserError(f"{box} is not a box on the trajectory; its boxes are 0 to {len(t) - 1}", "--box")
        chosen, why = box, "chosen with --box"
    else:
        meets = np.flatnonzero(trajectory.density.to_numpy() >= threshold - 1e-12)
        if len(meets):
            chosen, why = int(meets[-1]), f"the last box with density >= {threshold:g}"
        else:
            chosen = int(trajectory.density.to_numpy().argmax())
            why = f"no box reaches density {threshold:g}; this is the densest"
            # PRIM stops at the first slice whose removal would not raise the density: a stray run can do that
    return Discovery(trajectory, limits, chosen, why, found)


def _limits(box_lim: pd.DataFrame, box_init: pd.DataFrame, qp: dict) -> pd.DataFrame:
    """One row per restricted uncertainty of a box: its limits, the range the runs span, the quasi-p-values."""
    from sim.experiments.design import fmt

    rows = []
    for u, (qp_lo, qp_hi) in qp.items():
        lo, hi = box_lim[u]
        if isinstance(lo, set):  # a category: the levels kept
            rows.append({"uncertainty": u, "lower": math.nan, "upper": math.nan, "run_min": math.nan,
                         "run_max": math.nan, "levels": "; ".join(sorted(map(fmt, lo))),
                         "all_levels": "; ".join(sorted(map(fmt, box_init[u][0]))),
                         "qp_lower": qp_lo if qp_lo >= 0 else math.nan, "qp_upper": math.nan})
            continue
        run_min, run_max = box_init[u]
        rows.append({"uncertainty": u, "lower": float(lo), "upper": float(hi), "run_min": float(run_min),
                     "run_max": float(run_max), "levels": "", "all_levels": "",
                     "qp_lower": qp_lo if qp_lo >= 0 else math.nan, "qp_upper": qp_hi if qp_hi >= 0 else math.nan})
    return pd.DataFrame(rows, columns=["uncertainty", "lower", "upper", "run_min", "run_max", "levels",
                                       "all_levels", "qp_lower", "qp_upper"])


# ------------------------------------------------------------------ words, files and figures


def _pct(v: float) -> str:
    return f"{100 * v:.0f}%"


def _qp(v: float, side: str = "") -> str:
    """A quasi-p-value as read: ``0.031``, or ``0.46 (not significant)``; ``side`` names the limit."""
    side = f" {side}" if side else ""
    return f"{v:.2g}{side}" + ("" if v < SIGNIFICANT else " (not significant)")


def limit_lines(limits: pd.DataFrame) -> list[str]:
    """Each restricted uncertainty of a box in words: where the box lies within the runs' range."""
    out = []
    for r in limits.itertuples():
        if r.levels:
            out.append(f"  {r.uncertainty}: one of {r.levels} (of {r.all_levels}; quasi-p {_qp(r.qp_lower)})")
            continue
        lower, upper = np.isfinite(r.qp_lower), np.isfinite(r.qp_upper)
        if lower and upper:
            where = f"from {r.lower:.4g} to {r.upper:.4g}"
            qps = f"{_qp(r.qp_lower, 'lower')}, {_qp(r.qp_upper, 'upper')}"
        elif lower:
            where, qps = f"at least {r.lower:.4g}", _qp(r.qp_lower)
        else:
            where, qps = f"at most {r.upper:.4g}", _qp(r.qp_upper)
        out.append(f"  {r.uncertainty}: {where} (runs span {r.run_min:.4g} to {r.run_max:.4g}; quasi-p {qps})")
    return out


def in_words(row: pd.Series) -> str:
    """A box's coverage and density as a sentence."""
    return (f"this box holds {_pct(row.coverage)} of the misses (coverage) and {_pct(row.density)} of the runs "
            f"in it miss (density); it holds {_pct(row.mass)} of the runs (mass: {row.runs} runs, "
            f"{row.misses} of them misses)")


def trajectory_lines(d: Discovery, most: int = 14) -> list[str]:
    """The peeling trajectory as a table, thinned to about ``most`` rows (the chosen and the last kept)."""
    t = d.trajectory
    step = max(1, math.ceil(len(t) / most))
    keep = sorted(set(range(0, len(t), step)) | {d.chosen, len(t) - 1})
    lines = [f"  {'box':>4} {'coverage':>9} {'density':>8} {'mass':>6} {'restricted':>10}"]
    for i in keep:
        r = t.iloc[i]
        mark = "  <- chosen" if i == d.chosen else ""
        lines.append(f"  {i:4d} {r.coverage:9.2f} {r.density:8.2f} {r.mass:6.2f} {r.restricted_dims:10d}{mark}")
    if step > 1:
        lines.append(f"  (one box in {step} shown; discovery.csv has all {len(t)})")
    return lines


def write(d: Discovery, out: Path, title: str) -> list[str]:
    """``discovery.csv``, ``box.csv``, ``tradeoff.png`` and ``box.png`` in ``out``; their names."""
    out.mkdir(parents=True, exist_ok=True)
    d.trajectory.to_csv(out / "discovery.csv", index=False)
    d.limits[d.chosen].assign(box=d.chosen)[["box", *d.limits[d.chosen].columns]].to_csv(out / "box.csv", index=False)
    _figures(d, out, title)
    return ["discovery.csv", "box.csv", "tradeoff.png", "box.png"]


def _figures(d: Discovery, out: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only
    import matplotlib.pyplot as plt

    from sim.viz.plain import plain_text

    @plain_text
    def draw():
        fig = _tradeoff(d, plt)
        fig.axes[0].set_title(title, fontsize=9)
        fig.savefig(out / "tradeoff.png", dpi=120, bbox_inches="tight")
        plt.close(fig)
        if d.box().restricted_dims:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=DeprecationWarning, module="ema_workbench")
                warnings.filterwarnings("ignore", category=FutureWarning, module="ema_workbench")
                fig = d.prim_box.inspect(d.chosen, style="graph")[0]  # EMA's own picture of a box
        else:  # EMA draws nothing for a box that restricts nothing: say so instead
            fig, ax = plt.subplots(figsize=(6, 1.5))
            ax.axis("off")
            ax.text(0.5, 0.5, f"box {d.chosen} restricts no uncertainty", ha="center", va="center")
        fig.suptitle(f"{title}: box {d.chosen}", fontsize=9)
        fig.savefig(out / "box.png", dpi=120, bbox_inches="tight")
        plt.close(fig)

    draw()


def _tradeoff(d: Discovery, plt):
    """Coverage against density along the trajectory, coloured by restricted uncertainties (as EMA's
    ``show_tradeoff``), with box numbers and the chosen box ringed."""
    t = d.trajectory
    top = int(t.restricted_dims.max())
    fig, ax = plt.subplots(figsize=(6.4, 5))
    dots = ax.scatter(t.coverage, t.density, c=t.restricted_dims, cmap=plt.get_cmap("viridis", top + 1),
                      vmin=-0.5, vmax=top + 0.5, zorder=2)
    bar = fig.colorbar(dots, ticks=range(top + 1))
    bar.set_label("restricted uncertainties")
    step = max(1, math.ceil(len(t) / 15))
    for i in sorted(set(range(0, len(t), step)) | {d.chosen, len(t) - 1}):
        ax.annotate(str(i), (t.coverage[i], t.density[i]), xytext=(4, 3), textcoords="offset points", fontsize=7)
    r = d.box()
    ax.scatter([r.coverage], [r.density], s=170, facecolors="none", edgecolors="red", linewidths=1.5, zorder=3,
               label=f"box {d.chosen}: {d.why}")
    ax.legend(loc="lower left", fontsize=8)
    ax.set(xlim=(0, 1.05), ylim=(0, 1.05), xlabel="coverage: share of the misses inside the box",
           ylabel="density: share of the box's runs that miss")
    ax.grid(alpha=0.3)
    return fig


# ------------------------------------------------------------------ the command


@dataclass
class Outcome:
    """What ``govsim discover`` found: lines to print, and the files written (none if nothing to discover)."""

    lines: list
    written: list = field(default_factory=list)
    out: Path | None = None


def default_out(root: Path, cases: Cases, target: Target) -> Path:
    """``SWEEP/discover-<target>`` (with the policy's name when the sweep has several)."""
    name = f"discover-{cases.policy}-{target.slug()}" if cases.policies > 1 else f"discover-{target.slug()}"
    return Path(root) / files.safe_name(name, "discover")


def run(root: Path, target_text: str, policy: str | None = None, where: list[str] | None = None,
        threshold: float = THRESHOLD, box: int | None = None, out: Path | None = None,
        peel_alpha: float = PEEL_ALPHA, check_out=lambda out: None) -> Outcome:
    """``govsim discover``: read the sweep, run PRIM, write its files; everything is checked before writing
    (``check_out(folder)`` refuses an output folder that cannot be made)."""
    if not 0 < threshold <= 1:
        raise UserError(f"{threshold:g} is not allowed; allowed: a density above 0 and at most 1", "--threshold")
    if box is not None and box < 0:
        raise UserError(f"{box} is not allowed; allowed: a box number from 0", "--box")
    if not 0 < peel_alpha < 0.5:
        raise UserError(f"{peel_alpha:g} is not allowed; allowed: a share of the box above 0 and below 0.5",
                        "--peel-alpha")
    target = parse_target(target_text)
    cases = sweep_cases(Path(root), target, policy, where)
    n, k = len(cases.y), cases.misses
    head = [f"discover {Path(root).name}: policy '{cases.policy}', target {target} (all residents)",
            f"{n} runs of the policy ({', '.join(cases.x.columns)} as the uncertainties); it misses the target "
            f"in {k} ({_pct(k / n)})"]
    if cases.expected > n + cases.undefined:
        head.append(f"{cases.expected - n - cases.undefined} of its {cases.expected} runs are not finished "
                    "(failed or not yet run) and are left out; sweep again to finish them")
    if cases.undefined:
        head.append(f"{cases.undefined} runs left out: {target.kpi} is undefined in them")
    if cases.constant:
        head.append(f"left out, one value only in these runs: {', '.join(cases.constant)}")
    if k == 0:
        return Outcome(head + ["the policy meets the target in every run: nowhere in the swept ranges does it "
                               "miss, so there is nothing to discover (nothing written)"])
    if k == n:
        return Outcome(head + ["the policy misses the target in every run: it meets it nowhere in the swept "
                               "ranges, so there is no region to find (nothing written)"])
    out = Path(out) if out is not None else default_out(Path(root), cases, target)
    check_out(out)
    d = discover(cases.x, cases.y, threshold, box, peel_alpha)
    chosen = d.box()
    lines = head + ["", "peeling trajectory (PRIM, EMA Workbench; a case is a run that misses):",
                    *trajectory_lines(d), "",
                    f"box {d.chosen} ({d.why}): where the policy misses {target}"]
    lines += limit_lines(d.limits[d.chosen]) or ["  (no uncertainty restricted: the misses are spread everywhere)"]
    lines.append(in_words(chosen))
    if chosen.density < threshold:
        lines.append(f"no box reaches density {threshold:g}: the misses are spread, or PRIM stopped at a stray run; "
                     "more runs (samples or replicates) or another --peel-alpha may find a denser box")
    if d.limits[d.chosen].qp_lower.ge(SIGNIFICANT).any() or d.limits[d.chosen].qp_upper.ge(SIGNIFICANT).any():
        lines.append(f"a limit with quasi-p >= {SIGNIFICANT:g} may be noise: a box without it is about as dense")
    written = write(d, out, f"{cases.policy}: misses of {target}")
    return Outcome(lines, written, out)

