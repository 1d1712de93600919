"""The dashboard in a real browser: Playwright's Python package driving Debian's Chromium.

`govsim dashboard` serves the pre-reform Shanghai neighbourhood; the test
moves a lever's slider (clerks per counter window, to its maximum), resets,
steps the model, and sees the KPI table and the chart change: with the
slider untouched the policy equals its baseline (same seed), after it the
counter wait differs. Screenshots go to the test's tmp folder.
"""

from __future__ import annotations

import os
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
def server():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "dashboard", "shanghai-centre-baseline",
                             "--port", str(port), "--residents", "1500"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the dashboard exited: {proc.stdout.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read(100)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the dashboard did not answer within 120 s")
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _outside(url: str) -> bool:
    """A request that would need the network (offline, Solara's assets must come from solara-assets)."""
    parts = urlparse(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost")


def _difference(page, label: str) -> str:
    """The Difference cell of a KPI table row."""
    row = page.locator("tr", has_text=label).first
    return row.locator("td").last.inner_text().strip()


def _day(page) -> str:
    return page.locator("#govsim-day").inner_text().strip()


def _step(page, times: int) -> None:
    for _ in range(times):
        before = _day(page)
        page.get_by_role("button", name="Step").click()
        page.wait_for_function(f"document.querySelector('#govsim-day').innerText.trim() !== '{before}'",
                               timeout=30_000)


def _changes(read, before, seconds: float = 20.0) -> bool:
    """Whether ``read()`` differs from ``before`` within ``seconds`` (the browser redraws asynchronously)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if read() != before:
            return True
        time.sleep(0.3)
    return False


def test_slider_reset_step_changes_the_charts(server, tmp_path):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1200})
        external = []
        page.on("request", lambda r: external.append(r.url) if _outside(r.url) else None)
        page.goto(server, timeout=120_000)
        page.get_by_role("button", name="Step").wait_for(timeout=120_000)
        page.screenshot(path=tmp_path / "0-loaded.png")

        _step(page, 3)
        assert _day(page) == "3"
        assert _difference(page, "Counter wait (min)") in ("0.000", "-")  # no lever moved: policy = baseline
        chart = page.locator("img").first
        before = chart.screenshot()
        _step(page, 5)
        assert _changes(lambda: chart.screenshot(), before)  # the KPI chart redraws with the days

        page.get_by_text("Service counters", exact=True).click()
        slider = page.locator(".v-input", has_text="clerks per window per 10k").locator("[role=slider]")
        slider.focus()
        slider.press("End")  # to the declared maximum
        assert slider.get_attribute("aria-valuenow") == "50"
        page.get_by_role("button", name="Reset").click()
        page.wait_for_function("document.querySelector('#govsim-day').innerText.trim() === '0'", timeout=60_000)
        _step(page, 4)
        assert _changes(lambda: _difference(page, "Counter wait (min)"), "0.000")
        diff = _difference(page, "Counter wait (min)")
        assert diff != "-" and float(diff) < 0, diff  # more clerks: a shorter wait
        assert page.locator("img").count() >= 3  # KPI lines, community map, groups
        page.screenshot(path=tmp_path / "1-after-slider.png")
        assert not external, f"the page fetched from outside localhost: {external[:3]}"
        browser.close()
    assert (tmp_path / "1-after-slider.png").stat().st_size > 10_000
