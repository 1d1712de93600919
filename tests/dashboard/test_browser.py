"""The dashboard in a real browser: Playwright's Python package driving Debian's Chromium.

`govsim dashboard --levers counters` serves the pre-reform Shanghai
neighbourhood; the test steps the model and sees the KPI chart (page 0)
redraw, moves a lever's slider (clerks per counter window, to its maximum)
and sees its label show the new value, resets, steps, and sees the KPI table
(page 1) change: with the slider untouched the policy equals its baseline
(same seed), after it the counter wait differs. Then it colours the map
(page 0) by unmet need and sees it redrawn. The same page with `--lang zh`
shows none of Mesa SolaraViz's English words. Nothing is fetched from
outside localhost. Screenshots go to the test's tmp folder.
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


def _serve(tmp_path_factory, lang: str):
    port = _free_port()
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    with open(log, "w") as out:  # a file, not a pipe: a full pipe would stall the server
        proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "dashboard", "shanghai-centre-baseline",
                                 "--port", str(port), "--residents", "1500", "--levers", "counters",
                                 "--lang", lang],
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
    yield url, log
    _stop(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from _serve(tmp_path_factory, "en")


@pytest.fixture(scope="module")
def server_zh(tmp_path_factory):
    yield from _serve(tmp_path_factory, "zh")


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
    """The day, from the sidebar's "Information" card ("Day: N" in English, "第几天: N" in Chinese)."""
    return page.locator(".govsim-day").inner_text().strip().split()[-1]


def _wait(read, expected, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while read() != expected:
        assert time.monotonic() < deadline, f"still {read()!r}, waited for {expected!r}"
        time.sleep(0.2)


def _step(page, times: int, name: str = "Step") -> None:
    for _ in range(times):
        before = int(_day(page))
        page.get_by_role("button", name=name).click()
        _wait(lambda: _day(page), str(before + 1), 30.0)


TABS = ("KPIs over time and map", "By group and KPI table")


def _tab(page, index: int) -> None:
    page.get_by_role("tab", name=TABS[index]).click()


def _card_image(page, title: str):
    return page.locator(".v-card", has_text=title).locator("img").first


def _settled(locator, seconds: float = 20.0) -> bytes:
    """A screenshot of ``locator`` once it stops changing (two in a row, a second apart, are the same)."""
    deadline = time.monotonic() + seconds
    shot = locator.screenshot()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        again = locator.screenshot()
        if again == shot:
            return shot
        shot = again
    return shot


def _changes(read, before, seconds: float = 20.0) -> bool:
    """Whether ``read()`` differs from ``before`` within ``seconds`` (the browser redraws asynchronously)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if read() != before:
            return True
        time.sleep(0.3)
    return False


def test_slider_reset_step_changes_the_charts_and_the_map(server, tmp_path):
    server, log = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1200})
        external = []
        page.on("request", lambda r: external.append(r.url) if _outside(r.url) else None)
        page.goto(server, timeout=120_000)
        page.get_by_role("button", name="Step").wait_for(timeout=120_000)
        page.get_by_text("Policy levers").first.wait_for()
        assert "enabled" not in page.inner_text("body").lower()  # switches say on or off
        page.screenshot(path=tmp_path / "0-loaded.png")

        _step(page, 3)
        assert _day(page) == "3"
        chart = page.locator(".v-card", has_text="Policy / Baseline").locator(".vega-embed").first
        chart.wait_for(timeout=30_000)
        before = chart.screenshot()
        _step(page, 5)
        assert _changes(lambda: chart.screenshot(), before)  # the KPI chart redraws with the days
        _tab(page, 1)
        page.locator("tr", has_text="Counter wait (min)").first.wait_for(timeout=30_000)
        assert _difference(page, "Counter wait (min)") in ("0.000", "-")  # no lever moved: policy = baseline

        # --levers counters: the engine's counter levers are shown, labelled with their section.
        lever = page.locator(".govsim-lever", has_text="Service counters: clerks per window per 10k")
        shown = re.compile(r"clerks per window per 10k: (\d+)")
        assert shown.search(lever.inner_text()), lever.inner_text()  # the slider shows its value
        slider = lever.locator("[role=slider]")
        assert lever.locator(".v-slider").first.bounding_box()["width"] > 150  # not squashed by its label
        slider.focus()
        slider.press("End")  # to the declared maximum
        assert slider.get_attribute("aria-valuenow") == "50"
        _wait(lambda: shown.search(lever.inner_text()).group(1), "50", 10.0)
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
        by_satisfaction = _settled(world)  # the map as drawn after the tab switch, not while it loads
        page.get_by_role("button", name="unmet need", exact=True).click()
        assert _changes(lambda: world.screenshot(), by_satisfaction)  # the grids recoloured
        assert "v-btn--active" in page.get_by_role("button", name="unmet need", exact=True).get_attribute("class")
        page.screenshot(path=tmp_path / "2-unmet-need.png")
        assert not external, f"the page fetched from outside localhost: {external[:3]}"
        browser.close()
    assert (tmp_path / "1-after-slider.png").stat().st_size > 10_000
    text = log.read_text()
    assert "use_state" not in text and "samesite" not in text, text[-2000:]  # no warnings at startup


# Mesa SolaraViz's own words, which a Chinese workshop must not see (the page writes its own).
MESA_WORDS = ("Controls", "Play Interval", "Render Interval", "Use Threads", "Reset", "Model Parameters",
              "Page 0", "Page 1", "Information", "Step")


def test_the_chinese_page_shows_no_english_controls(server_zh, tmp_path):
    server, _ = server_zh
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        external = []
        page.on("request", lambda r: external.append(r.url) if _outside(r.url) else None)
        page.goto(server, timeout=120_000)
        page.get_by_role("button", name="推进一天").wait_for(timeout=120_000)
        _step(page, 3, name="推进一天")
        page.get_by_role("button", name="播放").click()  # play runs days on its own until paused
        assert _changes(lambda: _day(page), "3", 30.0)
        page.get_by_role("button", name="暂停").click()
        page.get_by_role("button", name="播放").wait_for(timeout=10_000)
        time.sleep(1.0)  # a day already under way finishes
        paused = _day(page)
        time.sleep(1.5)
        assert _day(page) == paused  # and then no more
        page.locator(".v-card", has_text="社区地图").locator("img").first.wait_for(timeout=30_000)
        page.screenshot(path=tmp_path / "zh-page0.png")
        for index in (0, 1):
            page.get_by_role("tab").nth(index).click()
            time.sleep(1.0)
            text = page.inner_text("body").lower()
            shown = [w for w in MESA_WORDS if w.lower() in text]
            assert not shown, f"English on the Chinese page (tab {index}): {shown}"
        page.screenshot(path=tmp_path / "zh-page1.png")
        assert not external, f"the page fetched from outside localhost: {external[:3]}"
        browser.close()
