"""The dashboard's line and bar charts as Vega-Lite specifications, drawn by the browser.

The same data as ``sim.viz.charts``' matplotlib figures (``daily_kpis``,
``group_values``), as plain Vega-Lite v5 dictionaries for Solara's
``VegaLite`` widget: the server only builds a small JSON document each day,
and the browser draws it (with the vega libraries of ``solara-assets``,
nothing from the internet). Drawing the same charts with matplotlib took
most of a dashboard day (``benchmarks/bench_dashboard.py``); notebooks and
reports keep the matplotlib figures.

- ``kpi_lines_spec``: KPIs over time, policy (solid) against baseline
  (dashed), one small chart per KPI, each with its own scale;
- ``group_spec``: one KPI by resident group, policy beside baseline, bars
  from zero, and beside it their difference.
"""

from __future__ import annotations

import math

from sim.viz import charts, i18n

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # names the version; never fetched
POLICY_COLOUR, BASELINE_COLOUR = "#1f77b4", "#737373"
FONT = "sans-serif"


def _number(v) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None  # JSON has no NaN; Vega-Lite leaves a gap


def _sides(lang: str) -> tuple[list[str], dict]:
    labels = [i18n.ui("policy", lang), i18n.ui("baseline", lang)]
    return labels, {"domain": labels, "range": [POLICY_COLOUR, BASELINE_COLOUR]}


def kpi_lines_spec(wm, names=None, lang: str = "en", width: int = 360, height: int = 150) -> dict:
    """KPIs over time (``charts.daily_kpis``), policy against baseline, one chart per KPI in two columns."""
    names = list(names or charts.chart_kpis(wm))
    labels = {k: i18n.kpi(k, lang) for k in names}
    rows = []
    for side, model in wm.sides().items():
        df = charts.daily_kpis(model, names)
        side_label = i18n.ui(side, lang)
        for k in names:
            if k in df:
                rows += [{"day": int(d), "kpi": labels[k], "side": side_label, "value": _number(v)}
                         for d, v in zip(df.index, df[k].to_numpy())]
    side_labels, colours = _sides(lang)
    return {
        "$schema": SCHEMA,
        "data": {"values": rows},
        "facet": {"field": "kpi", "type": "nominal", "title": None, "sort": [labels[k] for k in names],
                  "header": {"labelFontSize": 12, "labelFont": FONT}},
        "columns": 2,
        "spec": {
            "width": width, "height": height,
            "mark": {"type": "line", "strokeWidth": 1.8},
            "encoding": {
                "x": {"field": "day", "type": "quantitative", "title": i18n.ui("day", lang),
                      "axis": {"tickMinStep": 1}},
                "y": {"field": "value", "type": "quantitative", "title": None, "scale": {"zero": False}},
                "color": {"field": "side", "type": "nominal", "scale": colours, "title": None},
                "strokeDash": {"field": "side", "type": "nominal", "title": None,
                               "scale": {"domain": side_labels, "range": [[1, 0], [5, 3]]}},
            },
        },
        "resolve": {"scale": {"y": "independent"}},
        "config": {"font": FONT, "legend": {"orient": "top"}},
    }


def group_spec(wm, kpi: str = "satisfaction_mean", lang: str = "en", width: int = 360, height: int = 200) -> dict:
    """A KPI by resident group (``charts.group_values``): policy beside baseline from zero, and the difference."""
    df = charts.group_values(wm, kpi)
    side_labels, colours = _sides(lang)
    rows, diffs = [], []
    for g, (pol, base) in zip(df.index, zip(df["policy"], df["baseline"])):
        group = i18n.group(g, lang)
        rows += [{"group": group, "side": side_labels[0], "value": _number(pol)},
                 {"group": group, "side": side_labels[1], "value": _number(base)}]
        d = _number(pol - base)
        diffs.append({"group": group, "value": d, "sign": "gain" if d is None or d >= 0 else "loss"})
    order = [i18n.group(g, lang) for g in df.index]
    x = {"field": "group", "type": "nominal", "sort": order, "title": None, "axis": {"labelAngle": -20}}
    difference = (f"{i18n.ui('difference', lang)} ({i18n.ui('policy', lang)} - {i18n.ui('baseline', lang)})")
    return {
        "$schema": SCHEMA,
        "hconcat": [
            {"title": i18n.kpi(kpi, lang), "data": {"values": rows}, "width": width, "height": height,
             "mark": "bar",
             "encoding": {"x": x, "xOffset": {"field": "side", "sort": side_labels},
                          "y": {"field": "value", "type": "quantitative", "title": None,
                                "scale": {"zero": True}},
                          "color": {"field": "side", "type": "nominal", "scale": colours, "title": None}}},
            {"title": difference, "data": {"values": diffs}, "width": width, "height": height,
             "mark": "bar",
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": None},
                          "color": {"field": "sign", "type": "nominal", "legend": None,
                                    "scale": {"domain": ["gain", "loss"], "range": ["#2ca02c", "#d62728"]}}}},
        ],
        "resolve": {"scale": {"color": "independent"}},  # sides' colours left, gain / loss right
        "config": {"font": FONT, "legend": {"orient": "top"}},
    }
