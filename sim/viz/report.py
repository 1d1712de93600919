"""`govsim report DIR`: one self-contained HTML file (plots embedded as PNG) for a run or a comparison.

A run folder (``govsim run``: ``summary.json``, ``scenario.toml``,
``timeseries.parquet``) gives: the run's facts; the KPIs of interest, for all
residents and by group; the KPI plot over time and a by-group plot; every lever
with its value against its declared default; and, for every parameter whose
value differs from its default, the assumption behind it (its declaration's
``source`` and ``doc``).

A comparison folder (``govsim compare``: ``compare.csv`` and its plots) gives
the paired differences with their intervals, overall and by group, and its
plots. Neither is changed; the report is written beside them (or to ``--out``).
"""

from __future__ import annotations

import base64
import html
import io
import json
import sys
from pathlib import Path

import pandas as pd

from sim.errors import UserError
from sim.viz import i18n

REPORT_NAME = "report.html"
_STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
tr.changed { background: #fff4d6; }
img { max-width: 100%; }
"""


def kind(folder: Path) -> str:
    """``run`` or ``compare``, or a one-line error naming the folder."""
    if not folder.exists():
        raise UserError("no such folder", str(folder))
    if not folder.is_dir():
        raise UserError("is not a folder", str(folder))
    if (folder / "summary.json").is_file() and (folder / "scenario.toml").is_file():
        return "run"
    if (folder / "compare.csv").is_file():
        return "compare"
    raise UserError("is neither a run folder (summary.json and scenario.toml from `govsim run`) nor a "
                    "comparison folder (compare.csv from `govsim compare`)", str(folder))


def png(fig, dpi: int = 100) -> str:
    """A matplotlib figure as an embeddable ``<img>``."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return _img(buf.getvalue())


def _img(data: bytes) -> str:
    return f'<img src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">'


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"
    return html.escape(str(v))


def table(df: pd.DataFrame, changed=None, text_cols=()) -> str:
    """A DataFrame as an HTML table; rows whose index is in ``changed`` are highlighted."""
    head = "<tr><th></th>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns) + "</tr>"
    rows = []
    for idx, row in df.iterrows():
        cls = ' class="changed"' if changed and idx in changed else ""
        cells = "".join(f'<td class="text">{html.escape(str(v))}</td>' if c in text_cols else f"<td>{_fmt(v)}</td>"
                        for c, v in row.items())
        rows.append(f"<tr{cls}><td>{html.escape(str(idx))}</td>{cells}</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _page(title: str, body: list[str]) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>\n" + "\n".join(body)
            + "\n</body></html>\n")


# ------------------------------------------------------------------- a run


def run_parts(folder: Path):
    """A run folder's summary, resolved scenario and daily timeseries."""
    from sim import files
    from sim import scenario as sc

    try:
        summary = json.loads((folder / "summary.json").read_text())
    except (OSError, ValueError) as e:
        raise UserError(f"cannot read summary.json: {e}", str(folder)) from None
    scenario = sc.from_document(files.read_toml(folder / "scenario.toml"), str(folder / "scenario.toml"))
    ts_path = folder / "timeseries.parquet"
    ts = pd.read_parquet(ts_path) if ts_path.is_file() else None
    return summary, scenario, ts


def changed_params(params) -> list:
    """Declarations of the parameters whose value differs from their default."""
    from sim import registry

    return [p for name, p in registry.params().items() if params.get(name, p.default) != p.default]


def _kpi_tables(summary: dict, active, lang: str) -> str:
    from sim.registry import kpis_of_interest

    names = [k for k in kpis_of_interest(active) if k in summary["kpis"]]
    df = pd.DataFrame({i18n.ui("all", lang): summary["kpis"],
                       **{i18n.group(g, lang): v for g, v in summary.get("kpis_by_group", {}).items()}})
    df = df.reindex(names)
    df.index = [f"{i18n.kpi(k, lang)} ({k})" for k in names]
    out = table(df)
    comms = summary.get("kpis_by_community", {})
    if len(comms) > 1:
        dc = pd.DataFrame(comms).reindex(names)
        dc.index = df.index
        out += f"<h3>{html.escape(i18n.ui('community', lang))}</h3>" + table(dc)
    return out


def _group_plot(summary: dict, lang: str) -> str:
    from matplotlib.figure import Figure

    kpis = ["satisfaction_mean", "close_days", "unmet_need_share"]
    by = summary.get("kpis_by_group", {})
    if not by:
        return ""
    fig = Figure(figsize=(10, 3))
    fig.subplots_adjust(wspace=0.3, bottom=0.3)
    for ax, k in zip(fig.subplots(1, len(kpis)), kpis):
        groups = list(by)
        ax.bar(range(len(groups)), [by[g].get(k) if by[g].get(k) is not None else float("nan") for g in groups],
               color="C0")
        ax.set_xticks(range(len(groups)), [i18n.group(g, lang) for g in groups], rotation=25, fontsize=7)
        ax.set_title(i18n.kpi(k, lang), fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    return png(fig)


def _lever_table(params, lang: str) -> str:
    from sim import registry

    levers = [p for p in registry.params().values() if p.role == "lever"]
    df = pd.DataFrame({i18n.ui("value", lang): [params[p.name] for p in levers],
                       i18n.ui("default", lang): [p.default for p in levers],
                       "unit": [p.unit for p in levers]}, index=[p.name for p in levers], dtype=object)
    changed = {p.name for p in levers if params[p.name] != p.default}
    return table(df, changed, text_cols=("unit",))


def _assumptions(params, lang: str) -> str:
    rows = changed_params(params)
    if not rows:
        return f"<p>{html.escape(i18n.ui('none', lang))}</p>"
    df = pd.DataFrame({i18n.ui("value", lang): [params[p.name] for p in rows],
                       i18n.ui("default", lang): [p.default for p in rows],
                       "unit": [p.unit for p in rows], "role": [p.role for p in rows],
                       i18n.ui("source", lang): [p.source for p in rows],
                       i18n.ui("meaning", lang): [p.doc for p in rows]},
                      index=[p.name for p in rows], dtype=object)
    cols = ("unit", "role", i18n.ui("source", lang), i18n.ui("meaning", lang))
    return table(df, text_cols=cols)


def run_report(folder: Path, lang: str = "en") -> str:
    """The HTML report of one run folder."""
    from sim import registry
    from sim.viz.plots import community_groups, kpi_figure

    summary, scenario, ts = run_parts(folder)
    active = [p.SECTION for p in registry.active(scenario.params)]
    facts = (f"<p>{html.escape(i18n.ui('scenario', lang))}: <b>{html.escape(scenario.name)}</b> "
             f"({html.escape(scenario.description)}); {summary.get('days')} days, seed {summary.get('seed')}, "
             f"{summary.get('residents', 0):,} {html.escape(i18n.ui('residents', lang).lower())} in "
             f"{len(scenario.communities)} communities; govsim {html.escape(str(summary.get('version', '?')))}. "
             f"{html.escape(i18n.ui('mechanisms_on', lang))}: "
             f"{html.escape(', '.join(i18n.section(s, lang) for s in active) or i18n.ui('none', lang))}.</p>")
    body = [facts, f"<h2>{html.escape(i18n.ui('kpis', lang))}</h2>", _kpi_tables(summary, active, lang)]
    if ts is not None:
        body.append(png(kpi_figure(ts, f"{scenario.name}, seed {scenario.seed}", lang, community_groups(scenario))))
        import matplotlib.pyplot as plt

        plt.close("all")
    body += [f"<h2>{html.escape(i18n.ui('by_group', lang))}</h2>", _group_plot(summary, lang),
             f"<h2>{html.escape(i18n.ui('levers', lang))}</h2>", _lever_table(scenario.params, lang),
             f"<h2>{html.escape(i18n.ui('assumptions', lang))}</h2>", _assumptions(scenario.params, lang)]
    return _page(f"{i18n.ui('report', lang)}: {scenario.name}", body)


# ------------------------------------------------------------ a comparison


def compare_report(folder: Path, lang: str = "en") -> str:
    """The HTML report of a `govsim compare` folder: the paired differences and their plots."""
    rows = pd.read_csv(folder / "compare.csv")
    body = [f"<p>{len(rows)} rows from {html.escape(str(folder / 'compare.csv'))}: each KPI's paired "
            "difference (policy - baseline) with its interval [lo, hi] over n pairs on the same seeds.</p>"]
    for group, part in rows.groupby("group", sort=False):
        label = i18n.ui("all", lang) if group == "all" else i18n.group(str(group), lang)
        body.append(f"<h2>{html.escape(label)}</h2>")
        shown = part.set_index(part["kpi"].map(lambda k: f"{i18n.kpi(k, lang)} ({k})"))
        body.append(table(shown.drop(columns=["kpi", "group"]), text_cols=("factor", "level", "baseline_level")))
    for image in sorted(folder.glob("*.png")):
        body += [f"<h2>{html.escape(image.stem)}</h2>", _img(image.read_bytes())]
    return _page(f"{i18n.ui('report', lang)}: {folder.name}", body)


def write_report(folder: Path, out: Path | None = None, lang: str = "en") -> Path:
    """Write the report of ``folder`` (a run or a comparison) and return its path."""
    i18n.use_lang(lang, warn=lambda msg: print(msg, file=sys.stderr))  # before the first figure is drawn
    text = run_report(folder, lang) if kind(folder) == "run" else compare_report(folder, lang)
    out = out or folder / REPORT_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
