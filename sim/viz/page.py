"""The workshop page in the trainer's language: Mesa SolaraViz's layout, rebuilt with translated labels.

Mesa 3.3's ``SolaraViz`` writes its own words ("Controls", "Play Interval
(ms)", "Reset", "Model Parameters", "Page 0", ...) in English with no
argument to change them, so a Chinese workshop would see English controls.
This module builds the same page from the same parts -- an app bar with the
title, a sidebar with the controls (play interval, render interval, reset,
play / pause, step), the levers and the day, and tabs of components that
redraw after each step -- with every word from ``sim.viz.i18n``.

It also shows what SolaraViz hides: every slider shows its value beside its
label (the label sits above the slider, so a long one does not squash it),
and a mechanism's switch says whether it is on or off.

As in SolaraViz, lever changes take effect on Reset (a new model from the
levers' values). Mesa's "Use Threads" option is left out: the dashboard
steps and draws in one thread. It does not import ``mesa.visualization``
(whose import alone prints a warning about Mesa's own tabs component).
"""

from __future__ import annotations

import time

import solara

from sim.viz import i18n

# Bumped after each step or reset; every panel reads it, so it redraws with the model.
update_counter = solara.reactive(0)


def force_update() -> None:
    update_counter.value += 1


def is_input(spec) -> bool:
    """A user input (a Mesa ``model_params`` entry with a "type"), not a fixed setting."""
    return isinstance(spec, dict) and "type" in spec


def shown_value(spec: dict, value) -> str:
    """A lever's value as its label shows it: integers without decimals, floats to the slider's step."""
    if spec["type"] == "Checkbox":
        return ""
    if spec["type"] == "SliderInt":
        return f"{int(value):,}"
    step = float(spec.get("step") or 0.01)
    decimals = max(0, -int(f"{step:e}".split("e")[1]))
    return f"{float(value):,.{decimals}f}"


def switch_label(spec: dict, value: bool, lang: str) -> str:
    """A mechanism switch: its name and whether it is on ("Time bank: on")."""
    return f"{spec['label']}: {i18n.ui('on' if value else 'off', lang)}"


@solara.component
def LeverInputs(specs: dict, values: solara.Reactive, lang: str):
    """The levers: switches say on or off, sliders show their value above a full-width slider."""
    for name, spec in specs.items():
        value = values.value.get(name, spec["value"])

        def set_value(v, name=name):
            values.set({**values.value, name: v})

        if spec["type"] == "Checkbox":
            solara.Switch(label=switch_label(spec, bool(value), lang), value=bool(value), on_value=set_value)
            continue
        slider = solara.SliderInt if spec["type"] == "SliderInt" else solara.SliderFloat
        with solara.Column(gap="0px", classes=["govsim-lever"]):
            solara.Text(f"{spec['label']}: {shown_value(spec, value)}", style={"font-size": "0.9em"})
            slider("", value=value, on_value=set_value, min=spec["min"], max=spec["max"], step=spec["step"],
                   thumb_label=False)


@solara.component
def Controller(model: solara.Reactive, values: solara.Reactive, play_interval: solara.Reactive,
               render_interval: solara.Reactive, lang: str):
    """Reset, play / pause and step, as Mesa's ``ModelController`` (without threads)."""
    playing = solara.use_reactive(False)
    running = solara.use_reactive(True)
    error = solara.use_reactive(None)

    def do_step():
        for _ in range(render_interval.value):
            model.value.step()
            running.value = model.value.running
        force_update()

    def play():
        try:
            while running.value and playing.value:
                time.sleep(play_interval.value / 1000)
                do_step()
        except Exception as e:  # shown on the page: a trainer has no console
            error.value = f"{i18n.ui('error', lang)}: {e}"

    solara.lab.use_task(play, dependencies=[playing.value, running.value], prefer_threaded=True)

    def do_reset():
        error.set(None)
        playing.value = False
        running.value = True
        model.value = model.value.__class__(**values.value)
        force_update()

    with solara.Row(justify="space-between"):
        solara.Button(label=i18n.ui("reset", lang), color="primary", on_click=do_reset)
        solara.Button(label=i18n.ui("pause" if playing.value else "play", lang), color="primary",
                      on_click=lambda: playing.set(not playing.value), disabled=not running.value)
        solara.Button(label=i18n.ui("step", lang), color="primary", on_click=do_step,
                      disabled=playing.value or not running.value)
    if error.value:
        solara.Error(label=error.value)


@solara.component
def DayCounter(model):
    update_counter.get()
    return solara.Text(f"{i18n.ui('day', model.lang)}: {model.day}", classes=["govsim-day"])


@solara.component
def Tabs(pages: dict, model, lang: str):
    """One tab per page, named in ``lang``; only the open tab's panels are drawn."""
    tab, set_tab = solara.use_state(0)
    indices = sorted(pages)
    with solara.v.Tabs(v_model=tab, on_v_model=set_tab):
        for i in indices:
            solara.v.Tab(children=[i18n.ui(f"page_{i}", lang)])
    with solara.Column():
        for panel in pages[indices[tab]]:
            panel(model)


@solara.component
def WorkshopPage(model, components: list, model_params: dict, lang: str, name: str,
                 play_interval: int = 100, render_interval: int = 1):
    """The whole page: SolaraViz's layout with ``lang``'s words; ``components`` are (component, page) pairs."""
    model = solara.use_reactive(model)
    values = solara.use_reactive({k: (v["value"] if is_input(v) else v) for k, v in model_params.items()})
    play = solara.use_reactive(play_interval)
    render = solara.use_reactive(render_interval)
    pages: dict[int, list] = {}
    for component, page in components:
        pages.setdefault(page, []).append(component)

    with solara.AppBar():
        solara.AppBarTitle(name)
    with solara.Sidebar(), solara.Column():
        with solara.Card(i18n.ui("controls", lang)):
            solara.Text(f"{i18n.ui('play_interval', lang)}: {play.value}")
            solara.SliderInt("", value=play, min=10, max=500, step=10, thumb_label=False)
            solara.Text(f"{i18n.ui('render_interval', lang)}: {render.value}")
            solara.SliderInt("", value=render, min=1, max=100, step=1, thumb_label=False)
            Controller(model, values, play, render, lang)
        with solara.Card(i18n.ui("information", lang)):
            DayCounter(model.value)
        with solara.Card(i18n.ui("levers", lang)):
            LeverInputs({k: v for k, v in model_params.items() if is_input(v)}, values, lang)
    Tabs(pages, model.value, lang)
