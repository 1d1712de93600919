"""The dashboard's levers come from the parameter declarations, once, with their bounds; ``--levers`` picks which."""

from __future__ import annotations

import pytest

from sim.errors import UserError
from sim import registry
from sim.viz import i18n
from sim.viz.dashboard import initial_values, model_params
from sim.viz.levers import check_selection, lever_declarations, lever_params, lever_sections, slider_step

LEVERS = [p for p in registry.params().values() if p.role == "lever"]
SWITCHES = [p.name for p in LEVERS if p.name.endswith(".enabled")]
FIXED = ["scenario", "residents", "seed", "lang"]


def _sections(names) -> list[str]:
    return [n.split(".")[0] for n in names]


def test_every_lever_is_an_input_with_its_declared_bounds():
    inputs = lever_params()
    assert sorted(inputs) == sorted(p.name for p in LEVERS)  # every lever, nothing else
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


def test_the_flat_list_reads_grouped_by_mechanism_in_both_languages():
    for lang in i18n.LANGS:
        inputs = lever_params(lang=lang)
        sections = _sections(inputs)
        assert sections == sorted(sections, key=lever_sections().index)  # each section's levers together
        for section in dict.fromkeys(sections):
            names = [n for n in inputs if n.startswith(f"{section}.")]
            if f"{section}.enabled" in names:
                assert names[0] == f"{section}.enabled"  # the switch first
            for n in names:
                if n == f"{section}.enabled":  # the page adds "on" / "off": never "X: enabled" when off
                    assert inputs[n]["label"] == i18n.section(section, lang), n
                else:
                    assert inputs[n]["label"].startswith(f"{i18n.section(section, lang)}: "), n
        labels = [spec["label"] for spec in inputs.values()]
        assert len(set(labels)) == len(labels), lang  # no two inputs look alike
    for section in lever_sections():
        if section in i18n.SECTIONS:
            assert i18n.section(section, "en") != i18n.section(section, "zh"), section
    assert lever_params(lang="zh")["one_stop.max_errands_per_visit"]["label"] == (
        f"{i18n.SECTIONS['one_stop'][1]}: {i18n.KEYS_ZH['max_errands_per_visit']}")


def test_every_mechanism_has_a_switch():
    assert {f"{p.SECTION}.enabled" for p in registry.MECHANISMS} <= set(SWITCHES)


def test_by_default_every_switch_and_the_levers_of_the_mechanisms_switched_on():
    params = model_params("shanghai-centre", residents=500)
    assert list(params)[:4] == FIXED and params["scenario"] == "shanghai-centre" and params["residents"] == 500
    on = {p.SECTION for p in registry.MECHANISMS if params[f"{p.SECTION}.enabled"]["value"]}
    assert on == {"one_stop", "data_sharing"}  # what the scenario file switches on
    expected = set(SWITCHES) | {p.name for p in LEVERS if p.name.split(".")[0] in on}
    assert set(params) - set(FIXED) == expected
    assert "one_stop.max_errands_per_visit" in params and "grid.workers_per_grid" not in params
    assert "counters.clerks_per_window_per_10k" not in params  # engine levers: only when asked for
    assert params["one_stop.enabled"]["value"] is True and params["grid.enabled"]["value"] is False
    values = initial_values(params)
    assert values["one_stop.enabled"] is True and values["residents"] == 500 and values["lang"] == "en"
    assert len(params) < len(LEVERS) / 2  # a card a workshop can read


def test_all_or_named_sections():
    every = model_params("shanghai-centre-baseline", residents=500, levers=check_selection("all"))
    assert set(every) - set(FIXED) == {p.name for p in LEVERS}
    named = model_params("shanghai-centre-baseline", residents=500, levers=check_selection("counters, grid"))
    assert set(named) - set(FIXED) == set(SWITCHES) | {p.name for p in LEVERS
                                                       if p.name.split(".")[0] in ("counters", "grid")}
    assert check_selection(None) is None and check_selection("") is None
    assert check_selection("grid,all") == ("all",)


@pytest.mark.parametrize("text", ["no_such_section", "counters,nope", ","])
def test_an_unknown_section_is_one_line_naming_the_allowed_ones(text):
    with pytest.raises(UserError) as err:
        check_selection(text)
    message = str(err.value)
    assert message.startswith("--levers: unknown section") and "\n" not in message
    assert "allowed: all, " in message and all(s in message for s in lever_sections())


def test_labels_fall_back_to_the_readable_name():
    assert i18n.section("a_new_mechanism.enabled", "zh") == "A new mechanism"
    assert i18n.param("a_new_mechanism.some_rate", "zh") == "some rate"
    assert i18n.param("handlers.health.capacity_per_10k", "en") == "Health: capacity per 10k"
    assert i18n.kpi("counter_wait_min", "zh") != i18n.kpi("counter_wait_min", "en")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="supported: en, zh"):
        lever_params(lang="fr")


def test_kpi_labels_are_distinct_so_the_pickers_can_map_them_back():
    from sim.registry import by_name

    for lang in i18n.LANGS:
        labels = [i18n.kpi(k, lang) for k in by_name()]
        assert len(set(labels)) == len(labels), lang
