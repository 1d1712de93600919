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
    monkeypatch.setattr(i18n, "_fontconfig_cjk_files", lambda: [])  # and fontconfig knows of none either
    assert i18n.cjk_font() is None


def test_a_font_installed_after_matplotlib_listed_its_fonts_is_found(monkeypatch):
    """A stale matplotlib font list (the font came later): fontconfig's CJK fonts are added for the process."""
    import pytest
    from matplotlib import font_manager

    files = i18n._fontconfig_cjk_files()
    if not files:
        pytest.skip("no font with Chinese glyphs on this machine (.ci/run installs one)")
    fm = font_manager.fontManager
    stale = [f for f in fm.ttflist if f.fname not in files]
    monkeypatch.setattr(fm, "ttflist", stale)
    assert i18n.cjk_font() is not None
    assert any(f.fname in files for f in fm.ttflist)


def test_chinese_labels_log_no_font_weight_fallback(caplog):
    """CJK fonts with one weight make matplotlib log a fallback for every text: five lines a plot, noise."""
    import logging

    if i18n.use_lang("zh", warn=lambda _: None) is None:
        import pytest

        pytest.skip("no font with Chinese glyphs on this machine (.ci/run installs one)")
    logger = logging.getLogger("matplotlib.font_manager")
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        logger.warning("findfont: Failed to find font weight normal for Some CJK, now using 500.")
        logger.warning("findfont: Font family 'Nowhere' not found.")
    assert [r.getMessage() for r in caplog.records] == ["findfont: Font family 'Nowhere' not found."]
