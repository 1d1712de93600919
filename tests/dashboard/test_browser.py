"""The dashboard in a real browser: Playwright's Python package driving Debian's Chromium.

`govsim dashboard --levers counters` serves the pre-reform Shanghai
neighbourhood in Mesa's SolaraViz; the test steps the model and sees the KPI
chart (page 0) redraw, moves a lever's slider (clerks per counter window, to
its maximum), resets, steps, and sees the KPI table (page 1) change: with
the slider untouched the policy equals its baseline (same seed), after it
the counter wait differs. Then it colours the map (page 0) by unmet need and
sees it redrawn. Nothing is fetched from outside localhost. Screenshots go to
the test's tmp folder.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                "(apt-get install chromium chromium-driver; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright: pip install '.[test]'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    with open(log, "w") as out:  # a file, not a pipe: a full pipe would stall the server
        proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "dashboard", "shanghai-centre-baseline",
                                 "--port", str(port), "--residents", "1500", "--levers", "counters"],
                                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                start_new_session=True)  # its own process group, with the `solara run` it starts
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _stop(proc)
            pytest.fail(f"the dashboard exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read(100)
            break
        except OSError:
            time.sleep(0.5)
    else:
        _stop(proc)
        pytest.fail("the dashboard did not answer within 120 s")
    yield url
    _stop(proc)


def _stop(proc) -> None:
    """Stop `govsim dashboard` and the `solara run` it started: their process group, politely first."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        deadline = time.monotonic() + 10
        try:
            os.killpg(proc.pid, sig)
            while time.monotonic() < deadline:
                proc.poll()
                os.killpg(proc.pid, 0)  # raises once every process of the group is gone
                time.sleep(0.2)
        except ProcessLookupError:
            return


def _outside(url: str) -> bool:
    """A request that would need the network (offline, Solara's assets must come from solara-assets)."""
    parts = urlparse(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost")


def _difference(page, label: str) -> str:
    """The Difference cell of a KPI table row (page 1)."""
    row = page.locator("tr", has_text=label).first
    return row.locator("td").last.inner_text().strip()


def _day(page) -> str:
    """The day, from SolaraViz's own "Information" card ("Step: N": the model steps one day at a time)."""
    return page.get_by_text(re.compile(r"^Step: \d+$")).inner_text().strip().split()[-1]


def _wait(read, expected, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while read() != expected:
        assert time.monotonic() < deadline, f"still {read()!r}, waited for {expected!r}"
        time.sleep(0.2)


def _step(page, times: int) -> None:
    for _ in range(times):
        before = int(_day(page))
        page.get_by_role("button", name="Step").click()
        _wait(lambda: _day(page), str(before + 1), 30.0)


def _tab(page, index: int) -> None:
    page.get_by_role("tab", name=f"Page {index}").click()


def _card_image(page, title: str):
    return page.locator(".v-card", has_text=title).locator("img").first


def _changes(read, before, seconds: float = 20.0) -> bool:
    """Whether ``read()`` differs from ``before`` within ``seconds`` (the browser redraws asynchronously)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if read() != before:
            return True
        time.sleep(0.3)
    return False


def test_slider_reset_step_changes_the_charts_and_the_map(server, tmp_path):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1200})
        external = []
        page.on("request", lambda r: external.append(r.url) if _outside(r.url) else None)
        page.goto(server, timeout=120_000)
        page.get_by_role("button", name="Step").wait_for(timeout=120_000)
        page.get_by_text("Model Parameters").first.wait_for()  # SolaraViz's own cards
        page.screenshot(path=tmp_path / "0-loaded.png")

        _step(page, 3)
        assert _day(page) == "3"
        chart = _card_image(page, "Policy / Baseline")
        before = chart.screenshot()
        _step(page, 5)
        assert _changes(lambda: chart.screenshot(), before)  # the KPI chart redraws with the days
        _tab(page, 1)
        page.locator("tr", has_text="Counter wait (min)").first.wait_for(timeout=30_000)
        assert _difference(page, "Counter wait (min)") in ("0.000", "-")  # no lever moved: policy = baseline

        # --levers counters: the engine's counter levers are shown, labelled with their section.
        slider = page.locator(".v-input", has_text="Service counters: clerks per window per 10k")
        slider = slider.locator("[role=slider]")
        slider.focus()
        slider.press("End")  # to the declared maximum
        assert slider.get_attribute("aria-valuenow") == "50"
        page.get_by_role("button", name="Reset").click()
        _wait(lambda: _day(page), "0")
        _step(page, 4)
        assert _changes(lambda: _difference(page, "Counter wait (min)"), "0.000")
        diff = _difference(page, "Counter wait (min)")
        assert diff != "-" and float(diff) < 0, diff  # more clerks: a shorter wait (reset applied the lever)
        page.screenshot(path=tmp_path / "1-after-slider.png")

        _tab(page, 0)
        world = _card_image(page, "Community map")
        world.wait_for(timeout=30_000)
        by_satisfaction = world.screenshot()
        page.get_by_role("button", name="unmet need", exact=True).click()
        assert _changes(lambda: world.screenshot(), by_satisfaction)  # the grids recoloured
        assert "v-btn--active" in page.get_by_role("button", name="unmet need", exact=True).get_attribute("class")
        page.screenshot(path=tmp_path / "2-unmet-need.png")
        assert not external, f"the page fetched from outside localhost: {external[:3]}"
        browser.close()
    assert (tmp_path / "1-after-slider.png").stat().st_size > 10_000
