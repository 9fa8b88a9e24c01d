"""End to end: the real `streamlit run dashboard/app.py` driven in Debian's Chromium.

A new user starts their own journal, logs a mood on the Log page and sees it on the Mood
page; then the Log page is checked at phone width (390 px).
Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import PROJECT_DIR

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = PROJECT_DIR / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The real app on a free local port with an empty journal in tmp_path."""
    port = free_port()
    env = {
        **os.environ,
        "TIDELINE_DB": str(tmp_path / "journal.duckdb"),
        "TIDELINE_DEMO_DB": str(tmp_path / "demo.duckdb"),
    }
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp_path / "streamlit.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current script run."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30000)
    page.wait_for_timeout(300)


def test_log_a_mood_then_see_it_on_the_mood_page(app_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(30000)
            page.goto(app_url)
            expect(page.get_by_text("Welcome to Tideline")).to_be_visible()
            page.screenshot(path=str(SHOTS / "01-welcome.png"))
            page.get_by_role("button", name="Start my own journal").click()
            expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
            wait_idle(page)

            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Log").click()
            expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible()
            wait_idle(page)
            # The mood slider starts at 5; two steps right make it 7.
            slider = page.get_by_role("slider").first
            slider.focus()
            slider.press("ArrowRight")
            slider.press("ArrowRight")
            expect(slider).to_have_attribute("aria-valuetext", "7")

            page.get_by_role("button", name="Save mood").click()
            expect(page.get_by_text("Saved your mood")).to_be_visible()
            wait_idle(page)

            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Mood").click()
            expect(page.get_by_role("heading", name="Mood", exact=True)).to_be_visible()
            page.wait_for_selector("[data-testid=stVegaLiteChart]")
            wait_idle(page)
            expect(page.get_by_text("Your mood averaged 7.0 over 1 logged day")).to_be_visible()
            page.screenshot(path=str(SHOTS / "03-mood.png"), full_page=True)

            # A phone (390 px): the Log form fits the screen, nothing is cut off sideways.
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.set_default_timeout(30000)
            phone.goto(f"{app_url}/log")
            expect(phone.get_by_role("heading", name="Log", exact=True)).to_be_visible()
            wait_idle(phone)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            for name in ("Save mood", "Recent mood entries (1)"):
                target = phone.get_by_text(name, exact=True).first
                target.scroll_into_view_if_needed()
                box = target.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
            phone.screenshot(path=str(SHOTS / "02-log-phone.png"), full_page=True)
        finally:
            browser.close()
