"""Chinese labels need a CJK font: found through matplotlib, or one line saying how to install one."""

from __future__ import annotations

import matplotlib

from sim.viz import i18n


def test_missing_font_gives_one_install_line(monkeypatch):
    monkeypatch.setattr(i18n, "cjk_font", lambda: None)
    said = []
    assert i18n.use_lang("zh", warn=said.append) is None
    assert len(said) == 1 and "\n" not in said[0] and "apt-get install fonts-noto-cjk" in said[0]


def test_found_font_goes_first_for_chinese(monkeypatch):
    monkeypatch.setattr(i18n, "cjk_font", lambda: "Some CJK Sans")
    monkeypatch.setitem(matplotlib.rcParams, "font.sans-serif", ["DejaVu Sans"])
    assert i18n.use_lang("zh", warn=lambda _: None) == "Some CJK Sans"
    assert matplotlib.rcParams["font.sans-serif"][0] == "Some CJK Sans"
    assert i18n.use_lang("en") is None  # English needs nothing


def test_cjk_font_lookup_reads_the_installed_fonts(monkeypatch):
    from matplotlib import font_manager

    class Entry:
        def __init__(self, name):
            self.name = name

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Entry("DejaVu Sans"), Entry("WenQuanYi Zen Hei")])
    assert i18n.cjk_font() == "WenQuanYi Zen Hei"
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Entry("DejaVu Sans")])
    assert i18n.cjk_font() is None
