"""The workshop dashboard: Mesa's SolaraViz, with its levers generated from the parameter declarations.

The page is SolaraViz's layout built from SolaraViz's own parts
(``mesa.visualization.solara_viz``): ``ModelController`` (play, pause, step,
reset), the play-interval and render-interval sliders (speed, days per
update), ``UserInputs`` (the lever inputs, in Mesa's ``model_params`` format)
and Mesa's ``update_counter``. One change: ``SolaraViz`` shows every model
parameter in a single flat card, and a scenario has about a hundred levers,
so here each mechanism's levers sit in their own collapsible panel.

As in SolaraViz, lever changes take effect on Reset: ``ModelController``
builds a new ``WorkshopModel(**model_parameters)``, which checks the values
against their declarations and runs the policy and its baseline on the same seed.
The main area shows the KPIs over time (policy against baseline), the KPI
table with the differences, the breakdown by resident group and the map.
"""

from __future__ import annotations

from pathlib import Path

import solara
from mesa.visualization.solara_viz import ModelController, UserInputs

from sim.viz import i18n
from sim.viz.components import CommunityMap, DayCounter, GroupBreakdown, KpiCharts, KpiTable
from sim.viz.levers import by_section, lever_params
from sim.viz.workshop_model import WORKSHOP_RESIDENTS, WorkshopModel, policy_document, scenario_document

# SolaraViz's own defaults for its speed controls.
PLAY_INTERVAL_MS = 100
RENDER_INTERVAL_DAYS = 1


def model_params(scenario: str, residents: int | None = WORKSHOP_RESIDENTS, seed: int | None = None,
                 lang: str = "en") -> dict:
    """Mesa ``model_params`` for ``WorkshopModel``: fixed scenario settings plus every lever's input.

    Lever inputs start at the scenario's values (its file's, else the declared defaults).
    """
    from sim import scenario as sc

    doc, source = scenario_document(scenario, residents, seed)
    values = sc.from_document(policy_document(doc, {}), source).params
    return {"scenario": scenario, "residents": residents, "seed": seed, **lever_params(values, lang)}


def initial_values(params: dict) -> dict:
    """The keyword arguments of the first model: fixed values as they are, inputs at their starting value."""
    return {k: (v["value"] if isinstance(v, dict) else v) for k, v in params.items()}


@solara.component
def LeverPanel(params: dict, values: solara.Reactive, lang: str):
    """Each mechanism's levers in a collapsible panel; shows and edits ``values`` (used on Reset)."""

    def on_change(name, value):
        values.value = {**values.value, name: value}

    solara.Text(i18n.ui("levers_hint", lang), style={"font-size": "0.85em"})
    inputs = {k: v for k, v in params.items() if isinstance(v, dict)}
    for section, group in by_section(inputs).items():
        with solara.Details(summary=i18n.section(section, lang)):
            UserInputs({k: {**spec, "value": values.value[k]} for k, spec in group.items()}, on_change=on_change)


@solara.component
def Dashboard(scenario: str = "baseline", lang: str = "en", residents: int | None = WORKSHOP_RESIDENTS,
              seed: int | None = None):
    """The whole page for one scenario in one language."""
    i18n.use_lang(lang)
    params = solara.use_memo(lambda: model_params(scenario, residents, seed, lang), [scenario, residents, seed, lang])
    first = solara.use_memo(lambda: WorkshopModel(**initial_values(params)), [params])
    model = solara.use_reactive(first)
    values = solara.use_reactive(initial_values(params))
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    render_interval = solara.use_reactive(RENDER_INTERVAL_DAYS)
    use_threads = solara.use_reactive(False)

    with solara.AppBar():
        solara.AppBarTitle(f"{i18n.ui('title', lang)}: {Path(scenario).stem}")
    with solara.Sidebar(), solara.Column():
        with solara.Card(i18n.ui("controls", lang)):
            solara.SliderInt(i18n.ui("speed", lang), value=play_interval, min=1, max=1000, step=10)
            solara.SliderInt(i18n.ui("days_per_render", lang), value=render_interval, min=1, max=30)
            ModelController(model, model_parameters=values, play_interval=play_interval,
                            render_interval=render_interval, use_threads=use_threads)
            DayCounter(model.value, lang)
        with solara.Card(i18n.ui("levers", lang)):
            LeverPanel(params, values, lang)
    with solara.Column():
        with solara.Columns([3, 2]):
            KpiCharts(model.value, lang)
            CommunityMap(model.value, lang)
        with solara.Columns([3, 2]):
            GroupBreakdown(model.value, lang)
            KpiTable(model.value, lang)
