"""End to end: a Daylio CSV goes through the Data page's real uploader in Debian's Chromium.

The file is picked with the browser's own file input, previewed, imported with one click, and
the page counts the entries; the same file a second time adds nothing. Screenshots go to
artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from dashboard import PROJECT_DIR

SHOTS = PROJECT_DIR / "artifacts" / "screenshots"
# Three days of Daylio history, newest first, with Daylio's own moods (rad 10, good 8, bad 4),
# a 12-hour time and a quoted note over two lines.
DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2024-05-03,May 3,Friday,10:05 pm,bad,alcohol,,"Missed them.\nWent to bed early."\n'
    "2024-05-02,May 2,Thursday,18:20,good,friends | exercise,,\n"
    "2024-05-01,May 1,Wednesday,08:00,rad,,,\n"
)

pytestmark = pytest.mark.e2e


@contextmanager
def data_page(url: str, browser: Any, new_page: Any, wait_idle: Any, **size: int) -> Iterator[Any]:
    """The Data page at `url` on a new page (window `size`, if given), settled; closed after."""
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, size) if size else new_page(browser)
    try:
        page.goto(f"{url}/data")
        expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible()
        wait_idle(page)
        yield page
    finally:
        page.context.close()


def import_entries(page: Any, n: int) -> None:
    """Press "Import n entries": the page says n mood entries came in, from 1 to 3 May 2024."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=f"Import {n} entries").click()
    done = page.get_by_text(f"Imported {n} mood entries from 1 May 2024 to 3 May 2024.")
    expect(done).to_be_visible()


def upload(page: Any, csv_file: Path) -> None:
    """Pick `csv_file` in the Data page's uploader (the browser's own file input)."""
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(csv_file))


def test_import_a_daylio_csv_through_the_uploader(
    fresh_url: str, browser: Any, new_page: Any, wait_idle: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    csv_file = tmp_path / "daylio_export.csv"
    csv_file.write_text(DAYLIO, encoding="utf-8")
    with data_page(fresh_url, browser, new_page, wait_idle) as page:
        upload(page, csv_file)
        # The preview: three entries over three days, nothing written yet.
        expect(page.get_by_text("3 entries read from 1 May 2024 to 3 May 2024")).to_be_visible()
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "10-data-preview.png"), full_page=True)

        import_entries(page, 3)
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "11-data-imported.png"), full_page=True)

        # The same file again: the preview says nothing new, and offers no import.
        upload(page, csv_file)
        expect(page.get_by_text("Nothing new to add")).to_be_visible()
        expect(
            page.get_by_text("3 entries already in your journal will be skipped")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Import 3 entries")).to_have_count(0)


def test_give_an_unknown_daylio_mood_its_number(
    fresh_url: str, browser: Any, new_page: Any, wait_idle: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    csv_file = tmp_path / "daylio_sleepy.csv"
    csv_file.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-05-03,May 3,Friday,20:00,sleepy,,,\n"
        "2024-05-01,May 1,Wednesday,08:00,rad,,,\n",
        encoding="utf-8",
    )
    with data_page(fresh_url, browser, new_page, wait_idle, width=1280, height=1000) as page:
        upload(page, csv_file)
        expect(page.get_by_text("give 'sleepy' a number from 1 to 10")).to_be_visible()
        wait_idle(page)
        expect(page.get_by_role("button", name="Import 2 entries")).to_have_count(0)

        # rad is proposed as 10; sleepy starts blank and gets its own number.
        expect(page.get_by_label("rad", exact=True)).to_have_value("10")
        field = page.get_by_label("sleepy", exact=True)
        field.fill("5")
        field.press("Enter")
        expect(page.get_by_text("give 'sleepy' a number from 1 to 10")).to_have_count(
            0, timeout=15000
        )
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "12-data-mood-table.png"), full_page=True)

        import_entries(page, 2)
