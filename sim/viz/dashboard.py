"""The workshop dashboard: Mesa SolaraViz's page in the trainer's language, levers from the declarations.

The page is ``sim.viz.page.WorkshopPage`` (SolaraViz's layout rebuilt so
that every word follows ``lang``):

- the sidebar: "Controls" (play interval, days per redraw, reset, play /
  pause, step), "Information" (the day) and "Policy levers";
- ``model_params`` holds the fixed settings (scenario, residents, seed,
  language) and the lever inputs of ``sim.viz.levers``: every mechanism's
  switch and, by default, the levers of the mechanisms the scenario switches
  on, each labelled with its mechanism's name (``govsim dashboard --levers``
  shows other sections or all of them);
- the main area: tabs of components (``sim.viz.components``): page 0 the
  KPIs over time (policy against baseline) and the community map, page 1
  the breakdown by resident group and the KPI table.

As in any SolaraViz, lever changes take effect on Reset: a new
``WorkshopModel(**values)`` checks the values against their declarations and
runs the policy and its baseline on the same seed.
"""

from __future__ import annotations

from pathlib import Path

import solara

from sim.viz import i18n
from sim.viz.components import COMPONENTS
from sim.viz.levers import lever_params
from sim.viz.page import WorkshopPage
from sim.viz.workshop_model import WORKSHOP_RESIDENTS, WorkshopModel, policy_document, scenario_document

# SolaraViz's defaults for the speed controls.
PLAY_INTERVAL_MS = 100
RENDER_INTERVAL_DAYS = 1


def model_params(scenario: str, residents: int | None = WORKSHOP_RESIDENTS, seed: int | None = None,
                 lang: str = "en", levers: tuple[str, ...] | None = None) -> dict:
    """Mesa ``model_params`` for ``WorkshopModel``: fixed settings plus the selected levers' inputs.

    ``levers``: the sections to show (``sim.viz.levers.check_selection``; None:
    the mechanisms the scenario switches on). Inputs start at the scenario's
    values (its file's, else the declared defaults).
    """
    from sim import scenario as sc

    doc, source = scenario_document(scenario, residents, seed)
    values = sc.from_document(policy_document(doc, {}), source).params
    return {"scenario": scenario, "residents": residents, "seed": seed, "lang": i18n.check_lang(lang),
            **lever_params(values, lang, levers)}


def initial_values(params: dict) -> dict:
    """The keyword arguments of the first model: fixed values as they are, inputs at their starting value."""
    return {k: (v["value"] if isinstance(v, dict) else v) for k, v in params.items()}


def title(scenario: str, lang: str) -> str:
    return f"{i18n.ui('title', lang)}: {Path(scenario).stem}"


@solara.component
def Dashboard(scenario: str = "baseline", lang: str = "en", residents: int | None = WORKSHOP_RESIDENTS,
              seed: int | None = None, levers: tuple[str, ...] | None = None):
    """The whole page for one scenario in one language, on a ``WorkshopModel``."""
    i18n.use_lang(lang)
    params = solara.use_memo(lambda: model_params(scenario, residents, seed, lang, levers),
                             [scenario, residents, seed, lang, levers])
    first = solara.use_memo(lambda: WorkshopModel(**initial_values(params)), [params])
    return WorkshopPage(first, COMPONENTS, params, i18n.check_lang(lang), title(scenario, lang),
                        play_interval=PLAY_INTERVAL_MS, render_interval=RENDER_INTERVAL_DAYS)
