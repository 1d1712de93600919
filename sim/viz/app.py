"""The solara app that `govsim dashboard` serves: `solara run sim/viz/app.py`.

It reads what to show from the environment, set by `govsim dashboard`:
``GOVSIM_SCENARIO`` (a bundled name or a file; default ``baseline``),
``GOVSIM_LANG`` (``en`` or ``zh``), ``GOVSIM_RESIDENTS``, ``GOVSIM_SEED`` and
``GOVSIM_LEVERS`` (optional; ``--levers``: ``all`` or sections, comma-separated).
Scenario files are data: they are read as TOML, never executed.
"""

from __future__ import annotations

import os
import warnings

import solara

from sim.viz.dashboard import Dashboard
from sim.viz.levers import check_selection
from sim.viz.plain import use_plain_text
from sim.viz.workshop_model import WORKSHOP_RESIDENTS

# Solara warns when the page is opened at 127.0.0.1 rather than "localhost" (its session cookie falls back
# to samesite=lax, which is right for a page that is never embedded): noise to a trainer, so exactly that one.
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https", category=UserWarning)
use_plain_text()  # the dashboard's server process draws names from users' files: never as maths


def settings(env=os.environ) -> dict:
    """The dashboard's arguments from the environment."""
    seed = env.get("GOVSIM_SEED")
    return {
        "scenario": env.get("GOVSIM_SCENARIO", "baseline"),
        "lang": env.get("GOVSIM_LANG", "en"),
        "residents": int(env.get("GOVSIM_RESIDENTS", WORKSHOP_RESIDENTS)),
        "seed": int(seed) if seed else None,
        "levers": check_selection(env.get("GOVSIM_LEVERS")),
    }


@solara.component
def Page():
    Dashboard(**settings())
