"""The dashboard's live panels as solara components, each redrawn when the model steps.

Each reads Mesa's ``update_counter`` (which ``ModelController`` bumps after a
step or a reset), so it redraws with the model; the figures themselves come
from ``sim.viz.charts`` (the same pictures the notebooks and reports show).
"""

from __future__ import annotations

import solara
from mesa.visualization.utils import update_counter

from sim.results import by_name, kpis_of_interest
from sim.viz import charts, i18n

PNG_DPI = 80  # enough for a projector; the PNG's size is most of a day's render time


def _figure(fig) -> None:
    solara.FigureMatplotlib(fig, format="png", dpi=PNG_DPI)


@solara.component
def DayCounter(wm, lang: str):
    update_counter.get()
    solara.Markdown(f"**{i18n.ui('day', lang)}: <span id='govsim-day'>{wm.day}</span>** "
                    f"({wm.policy.pop.n:,} {i18n.ui('residents', lang).lower()})")


@solara.component
def KpiCharts(wm, lang: str):
    """KPIs over time, policy against baseline; the trainer picks which."""
    update_counter.get()
    chosen = solara.use_reactive(charts.chart_kpis(wm))
    choices = [k for k in by_name() if k in kpis_of_interest(set(wm.active())) or k in chosen.value]
    with solara.Card(f"{i18n.ui('policy', lang)} / {i18n.ui('baseline', lang)}"):
        solara.SelectMultiple(i18n.ui("kpi", lang), values=chosen, all_values=choices, dense=True)
        if wm.day == 0:
            solara.Info(i18n.ui("no_data", lang))
        elif chosen.value:
            _figure(charts.kpi_lines_figure(wm, chosen.value, lang))


def _fmt(v) -> str:
    if v != v:  # NaN: nothing to measure yet
        return "-"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3f}"


@solara.component
def KpiTable(wm, lang: str):
    """Every KPI of interest so far: policy, baseline, difference (same seed: the policy's effect)."""
    update_counter.get()
    with solara.Card(i18n.ui("kpis", lang)):
        if wm.day == 0:
            solara.Info(i18n.ui("no_data", lang))
            return
        df = charts.kpi_table(wm, lang)
        head = "| | " + " | ".join(df.columns[1:]) + " |\n|---|" + "---:|" * (len(df.columns) - 1) + "\n"
        rows = [f"| {label} | " + " | ".join(_fmt(v) for v in row[1:]) + " |"
                for label, row in zip(df.index, df.itertuples(index=False))]
        solara.Markdown(head + "\n".join(rows))


@solara.component
def GroupBreakdown(wm, lang: str):
    """One KPI by resident group, policy against baseline."""
    update_counter.get()
    kpi = solara.use_reactive("satisfaction_mean")
    choices = [k for k in kpis_of_interest(set(wm.active())) if by_name()[k].by_group and k != "cost_yuan"]
    with solara.Card(i18n.ui("by_group", lang)):
        solara.Select(i18n.ui("kpi", lang), values=choices, value=kpi, dense=True)
        if wm.day == 0:
            solara.Info(i18n.ui("no_data", lang))
        else:
            _figure(charts.group_figure(wm, kpi.value, lang))


@solara.component
def CommunityMap(wm, lang: str):
    """The communities' households and grids coloured by satisfaction or trust."""
    update_counter.get()
    attr = solara.use_reactive(charts.MAP_ATTRS[0])
    with solara.Card(i18n.ui("map", lang)):
        solara.Select(i18n.ui("colour_by", lang), values=list(charts.MAP_ATTRS), value=attr, dense=True)
        _figure(charts.community_map(wm, attr.value, lang))
