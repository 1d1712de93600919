"""The dashboard's levers come from the parameter declarations, once, with their bounds."""

from __future__ import annotations

import pytest

from sim.params import registry
from sim.viz import i18n
from sim.viz.dashboard import initial_values, model_params
from sim.viz.levers import by_section, lever_declarations, lever_params, slider_step

LEVERS = [p for p in registry().values() if p.role == "lever"]


def test_every_lever_is_an_input_with_its_declared_bounds():
    inputs = lever_params()
    assert list(inputs) == [p.name for p in LEVERS]  # every lever, in declaration order, nothing else
    for p in LEVERS:
        spec = inputs[p.name]
        if p.kind is bool:
            assert spec["type"] == "Checkbox" and spec["value"] is p.default
        else:
            assert spec["type"] == ("SliderInt" if p.kind is int else "SliderFloat")
            assert (spec["min"], spec["max"], spec["value"]) == (p.lo, p.hi, p.default)
            assert type(spec["value"]) is p.kind


def test_slider_steps_are_round_and_fine_enough():
    for p in lever_declarations():
        if p.kind is float:
            step = slider_step(p)
            assert 0 < step <= (p.hi - p.lo) / 50, p.name
            assert float(f"{step:.1g}") == step, p.name  # one significant digit: 0.01, 1e4, ...
        elif p.kind is int:
            assert slider_step(p) == 1


def test_levers_are_grouped_by_mechanism_with_labels_in_both_languages():
    groups = by_section(lever_params())
    assert sum(len(g) for g in groups.values()) == len(LEVERS)
    assert "one_stop" in groups and "one_stop.max_errands_per_visit" in groups["one_stop"]
    assert "handlers" in groups and "handlers.health.capacity_per_10k" in groups["handlers"]
    for section, group in groups.items():
        en, zh = i18n.section(section, "en"), i18n.section(section, "zh")
        assert en and zh, section  # a mechanism without labels yet shows its name made readable
        if section in i18n.SECTIONS:
            assert en != zh, section
        labels = [spec["label"] for spec in group.values()]
        assert len(set(labels)) == len(labels), section  # no two inputs of a panel look alike


def test_model_params_start_at_the_scenarios_values():
    params = model_params("shanghai-centre", residents=500)
    assert params["one_stop.enabled"]["value"] is True  # set by the scenario file
    assert params["grid.enabled"]["value"] is False  # declared default
    assert params["scenario"] == "shanghai-centre" and params["residents"] == 500
    values = initial_values(params)
    assert values["one_stop.enabled"] is True and values["residents"] == 500
    zh = model_params("shanghai-centre", residents=500, lang="zh")
    assert zh["one_stop.max_errands_per_visit"]["label"] == i18n.KEYS_ZH["max_errands_per_visit"]


def test_labels_fall_back_to_the_readable_name():
    assert i18n.section("a_new_mechanism.enabled", "zh") == "A new mechanism"
    assert i18n.param("a_new_mechanism.some_rate", "zh") == "some rate"
    assert i18n.param("handlers.health.capacity_per_10k", "en") == "Health: capacity per 10k"
    assert i18n.kpi("counter_wait_min", "zh") != i18n.kpi("counter_wait_min", "en")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="supported: en, zh"):
        lever_params(lang="fr")
