"""Where `govsim run` writes, and the rule that no run replaces another's results unasked.

The default folder is ``runs/<scenario>-<seed>``, with a short hash of the
resolved scenario when options changed the file (``--set``, ``--residents``,
``--days``), so a variant never lands on the plain run's folder. A folder that
holds another run's results is refused unless ``--overwrite``; then that run's
files, its report included, are removed first, so no file of another run is
left beside the new one's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sim import files
from sim.errors import UserError

RUN_FILES = ("timeseries.parquet", "summary.json", "scenario.toml", "kpis.png")  # what `govsim run` writes


def default(scenario, text: str, changed: bool) -> Path:
    """The default folder of a run of ``scenario`` (resolved as ``text``); ``changed``: options changed it."""
    if not changed:
        return files.default_folder("runs", scenario.name, scenario.seed)
    return files.default_folder("runs", scenario.name, scenario.seed, hashlib.sha256(text.encode()).hexdigest()[:8])


def claim(out: Path, text: str, overwrite: bool, which: str) -> None:
    """Make ``out`` ready for the run resolved as ``text``: refuse another run's results unless ``overwrite``,
    then clear them. The same run again may rewrite its own folder."""
    from sim.viz.report import REPORT_NAME

    held = [f for f in RUN_FILES + (REPORT_NAME,) if (out / f).exists()]
    if not held:
        return
    earlier = out / "scenario.toml"
    same = earlier.is_file() and earlier.read_text(errors="replace") == text
    if not (same or overwrite):
        raise UserError(f"holds the results of another run ({', '.join(held)}); pass --overwrite to replace "
                        f"them, or give another --out", f"{which} {out}")
    for name in held:
        (out / name).unlink()
