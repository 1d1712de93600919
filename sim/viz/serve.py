"""`govsim dashboard`: check what the dashboard needs, then serve ``sim/viz/app.py`` with ``solara run``.

The scenario is checked first (a bad one is one line, exit 2, nothing
served). Solara loads its JavaScript from a public CDN unless the
``solara-assets`` package of the same version is installed; a training room
may have no internet, so a missing or mismatched ``solara-assets`` is named
in one line with the command that fixes it, and Solara is pointed at a folder
that also answers the vega names its chart widget asks for
(``sim.viz.assets``). The server listens on
127.0.0.1 unless ``--host`` says otherwise, and never checks for updates
(that would wait on the network).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from sim.errors import UserError
from sim.orphans import die_with_parent

INSTALL = 'pip install "govsim[dashboard]" (or, in a checkout, pip install ".[dashboard]")'


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def check_dependencies() -> list[str]:
    """Refuse to start without solara; warnings (one line each) for assets that would need the internet."""
    solara = _version("solara")
    if solara is None or _version("mesa") is None:
        raise UserError(f"the dashboard needs solara: {INSTALL}", "dashboard")
    assets = _version("solara-assets")
    warnings = []
    if assets is None:
        warnings.append(f"solara-assets is not installed: the page loads its JavaScript from the internet and "
                        f"is blank offline; {INSTALL}")
    elif assets != solara:
        warnings.append(f"solara-assets {assets} does not match solara {solara}: the page may be blank; {INSTALL}")
    vuetify = _version("ipyvuetify")
    if vuetify is not None and int(vuetify.split(".")[0]) >= 3:
        warnings.append(f"ipyvuetify {vuetify}: Mesa 3.3's SolaraViz needs ipyvuetify<3; {INSTALL}")
    return warnings


def command(port: int, host: str, open_browser: bool = False) -> list[str]:
    """The ``solara run`` command line for the dashboard app."""
    app = Path(__file__).with_name("app.py")
    return [sys.executable, "-m", "solara", "run", str(app), "--host", host, "--port", str(port), "--production",
            "--no-check-version", "--open" if open_browser else "--no-open"]


def environment(scenario: str, lang: str, residents: int | None, seed: int | None, levers: str | None = None) -> dict:
    """The environment that tells ``sim/viz/app.py`` what to show."""
    from sim.viz.assets import offline_cdn

    env = dict(os.environ, GOVSIM_SCENARIO=scenario, GOVSIM_LANG=lang)
    cdn = offline_cdn()  # the charts' vega libraries from solara-assets, never from the internet
    if cdn is not None and "SOLARA_ASSETS_PROXY_CACHE_DIR" not in os.environ:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(cdn)
    for key, value in (("GOVSIM_RESIDENTS", residents), ("GOVSIM_SEED", seed), ("GOVSIM_LEVERS", levers)):
        if value is not None:
            env[key] = str(value)
        else:
            env.pop(key, None)
    return env


def serve(scenario: str, port: int, host: str, lang: str, residents: int | None, seed: int | None,
          open_browser: bool = False, levers: str | None = None) -> int:
    """Check everything (one-line errors, nothing served), then run the app; ``levers`` as ``--levers`` gives it."""
    from sim import capacity, files
    from sim import scenario as sc
    from sim.viz import i18n
    from sim.viz.levers import check_selection
    from sim.run_progress import announce_compiling
    from sim.viz.workshop_model import WORKSHOP_RESIDENTS

    if port > 65535:
        raise UserError(f"{port} is not allowed; allowed: 0 to 65535", "--port")
    check_selection(levers)
    # Scenario files are data: read and validated here as TOML, exactly as `govsim run` does.
    path = str(files.find(scenario, "scenarios"))
    loaded = sc.load(path, residents=residents if residents is not None else WORKSHOP_RESIDENTS, seed=seed)
    capacity.check(loaded.residents, loaded.days, len(loaded.communities), 2, path)  # the dashboard: two arms
    for line in check_dependencies():
        print(f"govsim: warning: {line}", file=sys.stderr)
    i18n.use_lang(lang, warn=lambda msg: print(msg, file=sys.stderr))
    shown = "localhost" if host in ("127.0.0.1", "localhost") else host
    print(f"govsim dashboard: {scenario} ({lang}) at http://{shown}:{port}/ - Ctrl-C to stop", flush=True)
    announce_compiling()  # the page's first model compiles them: its first load waits that long
    # The server dies with this command, even when it is killed by its PID (``sim.orphans``).
    return subprocess.call(command(port, host, open_browser), env=environment(path, lang, residents, seed, levers),
                           preexec_fn=functools.partial(die_with_parent, os.getpid()))
