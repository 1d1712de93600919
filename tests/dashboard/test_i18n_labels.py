"""A Chinese workshop sees Chinese KPI and control labels: every KPI and every page word has one."""

from sim.registry import by_name
from sim.viz import i18n


def test_every_kpi_has_a_chinese_label_and_no_two_look_alike():
    names = list(by_name())
    untranslated = [k for k in names if i18n.kpi(k, "zh") == i18n.kpi(k, "en")]
    assert not untranslated, untranslated
    for lang in i18n.LANGS:
        assert len({i18n.kpi(k, lang) for k in names}) == len(names), lang


def test_the_pages_own_words_are_translated():
    for word in ("controls", "play_interval", "render_interval", "reset", "play", "pause", "step", "information",
                 "levers", "on", "off", "page_0", "page_1"):
        assert i18n.ui(word, "zh") != i18n.ui(word, "en"), word
