"""End to end: a Daylio CSV goes through the Data page's real uploader in Debian's Chromium.

The file is picked with the browser's own file input, previewed, imported with one click, and
the page counts the entries; the same file a second time adds nothing. Screenshots go to
artifacts/screenshots/.
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
APP = PROJECT_DIR / "dashboard" / "app.py"
# Three days of Daylio history, newest first, with Daylio's own moods (rad 10, good 8, bad 4),
# a 12-hour time and a quoted note over two lines.
DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2024-05-03,May 3,Friday,10:05 pm,bad,alcohol,,"Missed them.\nWent to bed early."\n'
    "2024-05-02,May 2,Thursday,18:20,good,friends | exercise,,\n"
    "2024-05-01,May 1,Wednesday,08:00,rad,,,\n"
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def data_page_script() -> tuple[str, str]:
    """(script to run, path of the Data page): the app once its navigation lists the page."""
    if "pages/data.py" in APP.read_text(encoding="utf-8"):
        return "dashboard/app.py", "/data"
    return "dashboard/pages/data.py", "/"


@pytest.fixture
def data_url(tmp_path: Path) -> Iterator[str]:
    """The real app on a free local port with an empty journal in tmp_path; the Data page URL."""
    script, page_path = data_page_script()
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
            script,
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
        yield url + page_path
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


def test_import_a_daylio_csv_through_the_uploader(data_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    csv_file = tmp_path / "daylio_export.csv"
    csv_file.write_text(DAYLIO, encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(30000)
            page.goto(data_url)
            expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible()
            wait_idle(page)

            uploader = page.get_by_test_id("stFileUploader").locator("input[type=file]")
            uploader.set_input_files(str(csv_file))
            # The preview: three entries over three days, nothing written yet.
            expect(page.get_by_text("3 entries read from 1 May 2024 to 3 May 2024")).to_be_visible()
            wait_idle(page)
            page.screenshot(path=str(SHOTS / "10-data-preview.png"), full_page=True)

            page.get_by_role("button", name="Import 3 entries").click()
            expect(
                page.get_by_text("Imported 3 mood entries from 1 May 2024 to 3 May 2024.")
            ).to_be_visible()
            wait_idle(page)
            page.screenshot(path=str(SHOTS / "11-data-imported.png"), full_page=True)

            # The same file again: the preview says nothing new, and offers no import.
            uploader = page.get_by_test_id("stFileUploader").locator("input[type=file]")
            uploader.set_input_files(str(csv_file))
            expect(page.get_by_text("Nothing new to add")).to_be_visible()
            expect(
                page.get_by_text("3 entries already in your journal will be skipped")
            ).to_be_visible()
            expect(page.get_by_role("button", name="Import 3 entries")).to_have_count(0)
        finally:
            browser.close()


def test_map_an_unknown_daylio_mood_in_the_table(data_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    csv_file = tmp_path / "daylio_sleepy.csv"
    csv_file.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-05-03,May 3,Friday,20:00,sleepy,,,\n"
        "2024-05-01,May 1,Wednesday,08:00,rad,,,\n",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(30000)
            page.goto(data_url)
            expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible()
            wait_idle(page)
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
                str(csv_file)
            )
            expect(page.get_by_text("give 'sleepy' a number from 1 to 10")).to_be_visible()
            wait_idle(page)
            expect(page.get_by_role("button", name="Import 2 entries")).to_have_count(0)

            # The grid is drawn on a canvas: the header and each row are 35 px high, and the
            # sixth row (after rad, good, meh, bad and awful) is "sleepy". Select its mood cell
            # (right half), then type: typing into a selected cell opens its editor.
            grid = page.get_by_test_id("stDataFrame").first
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + 35 * 6 + 17)
            page.wait_for_timeout(300)
            page.keyboard.type("5")
            page.wait_for_function("document.activeElement?.tagName === 'INPUT'")
            page.keyboard.press("Enter")
            expect(page.get_by_text("give 'sleepy' a number from 1 to 10")).to_have_count(
                0, timeout=15000
            )
            wait_idle(page)
            page.screenshot(path=str(SHOTS / "12-data-mood-table.png"), full_page=True)

            page.get_by_role("button", name="Import 2 entries").click()
            expect(
                page.get_by_text("Imported 2 mood entries from 1 May 2024 to 3 May 2024.")
            ).to_be_visible()
        finally:
            browser.close()
