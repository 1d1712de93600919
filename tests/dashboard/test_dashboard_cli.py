"""`govsim dashboard`: checks the scenario and the offline assets first, then serves on localhost."""

from __future__ import annotations

import contextlib
import io

import pytest

from sim.cli import build_parser, main
from sim.viz import app, serve


def call(argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


@pytest.mark.parametrize("argv, says", [
    (["dashboard", "no-such-scenario"], "not found"),
    (["dashboard", "baseline", "--port", "70000"], "--port"),
    (["dashboard", "baseline", "--lang", "fr"], "invalid choice"),
    (["dashboard", "baseline", "--levers", "one_stop,no_such_thing"], "--levers: unknown section 'no_such_thing'; "
                                                                      "allowed: all, "),
])
def test_bad_input_is_one_line_exit_2(argv, says, monkeypatch):
    monkeypatch.setattr(serve.subprocess, "call", lambda *a, **k: pytest.fail("must not serve"))
    code, err = call(argv)
    assert code == 2 and says in err and err.count("\n") == 1 and "Traceback" not in err


def test_serves_the_app_on_localhost_by_default(monkeypatch):
    seen = {}
    monkeypatch.setattr(serve.subprocess, "call", lambda cmd, env, **kw: seen.update(cmd=cmd, env=env, **kw) or 0)
    assert call(["dashboard", "shanghai-centre", "--lang", "zh", "--port", "8765"])[0] == 0
    cmd, env = seen["cmd"], seen["env"]
    assert cmd[1:4] == ["-m", "solara", "run"] and cmd[4].endswith("sim/viz/app.py")
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and cmd[cmd.index("--port") + 1] == "8765"
    assert "--no-check-version" in cmd  # no waiting on the network in a training room
    settings = app.settings(env)
    assert settings["scenario"].endswith("shanghai-centre.toml") and settings["lang"] == "zh"
    assert settings["residents"] == 3000 and settings["seed"] is None
    assert settings["levers"] is None and "GOVSIM_LEVERS" not in env  # default: the mechanisms switched on
    assert build_parser().parse_args(["dashboard"]).scenario == "baseline"


@pytest.mark.parametrize("levers, shown", [("all", ("all",)), ("counters,one_stop", ("counters", "one_stop"))])
def test_levers_reach_the_app(levers, shown, monkeypatch):
    seen = {}
    monkeypatch.setattr(serve.subprocess, "call", lambda cmd, env, **kw: seen.update(env=env) or 0)
    assert call(["dashboard", "shanghai-centre", "--levers", levers])[0] == 0
    assert seen["env"]["GOVSIM_LEVERS"] == levers and app.settings(seen["env"])["levers"] == shown


def test_assets_that_would_need_the_internet_are_named(monkeypatch):
    versions = {"solara": "1.58.2", "mesa": "3.3.1", "solara-assets": None, "ipyvuetify": "1.9.4"}
    monkeypatch.setattr(serve, "_version", versions.get)
    assert any("solara-assets is not installed" in w for w in serve.check_dependencies())
    versions["solara-assets"] = "1.50.0"
    assert any("does not match" in w for w in serve.check_dependencies())
    versions["solara-assets"] = "1.58.2"
    assert serve.check_dependencies() == []
    versions["solara"] = None
    with pytest.raises(Exception, match="needs solara"):
        serve.check_dependencies()


def test_installed_assets_match_solara():
    assert serve.check_dependencies() == [], "pip install '.[dashboard]' pins matching versions"
