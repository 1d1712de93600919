"""The dashboard's live panels: the components the page shows, each redrawn when the model steps.

The page (``sim.viz.page``) calls each component with the model alone, so
each takes the ``WorkshopModel`` and reads its labels' language from
``wm.lang``. Each reads the page's ``update_counter`` (bumped after a step or
a reset), so it redraws with the model. The line and bar charts are
Vega-Lite (``sim.viz.vega``, drawn by the browser: redrawing them with
matplotlib took most of a day); the map is ``sim.viz.charts``' figure (the
same data and pictures the notebooks and reports show).

``COMPONENTS`` are (component, page) pairs, as in SolaraViz: page 0 the KPIs
over time (policy against baseline) and the community
map; page 1 the breakdown by resident group and the table of KPIs.
"""

from __future__ import annotations

import solara

from sim.registry import by_name, kpis_of_interest
from sim.viz import charts, i18n, vega
from sim.viz.page import update_counter

PNG_DPI = 80  # enough for a projector; the PNG's size is most of a day's render time


def _figure(fig, dependencies=None) -> None:
    solara.FigureMatplotlib(fig, dependencies=dependencies, format="png", dpi=PNG_DPI)


def _vega(spec: dict) -> None:
    """A Vega-Lite chart (``sim.viz.vega``), drawn by the browser."""
    solara.widgets.VegaLite.element(spec=spec)


def _day_line(wm) -> None:
    lang = wm.lang
    solara.Markdown(f"**{i18n.ui('day', lang)} {wm.day}** ({wm.policy.pop.n:,} {i18n.ui('residents', lang).lower()})")


def _kpi_labels(names, lang: str) -> tuple[dict, dict]:
    """KPI name -> label in ``lang``, and back (the pickers show labels, the charts take names)."""
    label = {k: i18n.kpi(k, lang) for k in names}
    return label, {v: k for k, v in label.items()}


@solara.component
def KpiCharts(wm):
    """KPIs over time, policy against baseline; the trainer picks which."""
    update_counter.get()
    lang = wm.lang
    chosen = solara.use_reactive(charts.chart_kpis(wm))
    choices = [k for k in by_name() if k in kpis_of_interest(set(wm.active())) or k in chosen.value]
    with solara.Card(f"{i18n.ui('policy', lang)} / {i18n.ui('baseline', lang)}"):
        _day_line(wm)
        label, name = _kpi_labels(choices, lang)
        solara.SelectMultiple(i18n.ui("kpi", lang), values=[label[k] for k in chosen.value],
                              all_values=[label[k] for k in choices], dense=True,
                              on_value=lambda shown: chosen.set([name[v] for v in shown]))
        if wm.day == 0:
            solara.Info(i18n.ui("no_data", lang))
        elif chosen.value:
            _vega(vega.kpi_lines_spec(wm, chosen.value, lang))
        solara.Text(i18n.ui("levers_hint", lang), style={"font-size": "0.85em"})


def _fmt(v, count: bool = False) -> str:
    """A table cell: counts as whole numbers (``252``, not ``252.000``), large values without decimals."""
    if v != v:  # NaN: nothing to measure yet
        return "-"
    text = f"{v:,.0f}" if count or abs(v) >= 1000 else f"{v:.3f}"
    return text.lstrip("-") if float(text.replace(",", "")) == 0 else text  # no "-0.000"


@solara.component
def KpiTable(wm):
    """Every KPI of interest so far: policy, baseline, difference (same seed: the policy's effect)."""
    update_counter.get()
    lang = wm.lang
    with solara.Card(i18n.ui("kpis", lang)):
        _day_line(wm)
        if wm.day == 0:
            solara.Info(i18n.ui("no_data", lang))
            return
        df = charts.kpi_table(wm, lang)
        head = "| | " + " | ".join(df.columns[1:]) + " |\n|---|" + "---:|" * (len(df.columns) - 1) + "\n"
        defs = by_name()
        rows = [f"| {label} | " + " | ".join(_fmt(v, defs[row[0]].den is None) for v in row[1:]) + " |"
                for label, row in zip(df.index, df.itertuples(index=False))]
        solara.Markdown(head + "\n".join(rows))


@solara.component
def GroupBreakdown(wm):
    """One KPI by resident group, policy against baseline."""
    update_counter.get()
    lang = wm.lang
    kpi = solara.use_reactive("satisfaction_mean")
    choices = [k for k in kpis_of_interest(set(wm.active())) if by_name()[k].by_group and k != "cost_yuan"]
    with solara.Card(i18n.ui("by_group", lang)):
        label, name = _kpi_labels(choices, lang)
        solara.Select(i18n.ui("kpi", lang), values=[label[k] for k in choices], value=label.get(kpi.value),
                      on_value=lambda shown: kpi.set(name[shown]), dense=True)
        if wm.day == 0:
            solara.Info(i18n.ui("no_data", lang))
        else:
            _vega(vega.group_spec(wm, kpi.value, lang))


@solara.component
def CommunityMap(wm):
    """The communities' households within their grids, coloured by satisfaction, unmet need or trust.

    A city's map (more than ``charts.MAP_ROWS_IN_FULL`` communities) is redrawn
    weekly and says as of which day.
    """
    update_counter.get()
    lang = wm.lang
    attr = solara.use_reactive(charts.MAP_ATTRS[0])
    with solara.Card(i18n.ui("map", lang)):
        solara.Text(i18n.ui("colour_by", lang))
        with solara.ToggleButtonsSingle(value=attr, dense=True):
            for name in charts.MAP_ATTRS:
                solara.Button(i18n.ui(name, lang), value=name, text=True)
        # A city's map is redrawn weekly (charts.map_every): the figure is remade only when its day changes.
        every = charts.map_every(wm)
        shown = wm.day - wm.day % every
        deps = [id(wm), attr.value, lang, shown]
        fig = solara.use_memo(lambda: charts.community_map(wm, attr.value, lang), deps)
        if every > 1:
            solara.Text(f"{i18n.ui('map_as_of', lang)} {shown}", style={"font-size": "0.85em"})
        _figure(fig, deps)


COMPONENTS = [(KpiCharts, 0), (CommunityMap, 0), (GroupBreakdown, 1), (KpiTable, 1)]
