"""The browser's chart libraries offline: a Solara asset folder that also answers the names the charts ask for.

Solara serves the page's JavaScript from its asset cache, filled by the
``solara-assets`` package (``<prefix>/share/solara/cdn``) and, for a file it
lacks, fetched from a public CDN by the server. Solara's Vega-Lite widget
(the dashboard's line and bar charts, ``sim.viz.vega``) asks for
``vega@5``, ``vega-lite@5`` and ``vega-embed@6``, while ``solara-assets``
ships them under their full versions (``vega@5.21.0``, ...): offline, the
charts would stay blank. ``offline_cdn`` makes a folder of links to every
``solara-assets`` entry plus those major-version names, and ``govsim
dashboard`` points Solara at it (``SOLARA_ASSETS_PROXY_CACHE_DIR``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ASKED = ("vega", "vega-lite", "vega-embed")  # what solara's vegalite.vue requires, by major version


def shipped() -> Path:
    """Where ``solara-assets`` puts its files (Solara's default asset cache)."""
    return Path(sys.prefix) / "share" / "solara" / "cdn"


def default_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govsim" / "solara-cdn"


def _link(target: Path, link: Path) -> None:
    if link.is_symlink() and link.resolve() != target.resolve():
        link.unlink()  # solara-assets was upgraded: point at the new files
    if not link.exists() and not link.is_symlink():
        link.symlink_to(target, target_is_directory=target.is_dir())


def offline_cdn(folder: Path | None = None, source: Path | None = None) -> Path | None:
    """The asset folder for Solara (links into ``source``, plus ``vega@5``-style names); None without solara-assets."""
    source = source or shipped()
    if not source.is_dir():
        return None
    folder = folder or default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        _link(entry, folder / entry.name)
    for name in ASKED:
        versions = sorted(e for e in source.iterdir() if e.name.startswith(f"{name}@") and e.is_dir())
        by_major = {}
        for v in versions:
            by_major[v.name.split("@", 1)[1].split(".")[0]] = v  # the last (sorted) of each major
        for major, v in by_major.items():
            _link(v, folder / f"{name}@{major}")
    return folder
