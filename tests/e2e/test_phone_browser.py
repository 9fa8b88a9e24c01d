"""End to end on a phone (390 × 844, touch, a phone's user agent) in Debian's Chromium: a mood in
three taps from opening the app, the sidebar closing after a page is chosen, nothing wider than
the screen, save buttons and their confirmations on the first screen.

A phone is emulated in full: Streamlit tells phones from narrow desktop windows by the browser's
user agent (it closes the sidebar after a page is chosen on a phone only), so a desktop browser
made narrow is not what a person at 2 am holds. Phone screenshots for the README go to
artifacts/screenshots/docs/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from dashboard.store import Store

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 390, 844
# An iPhone's Safari; Streamlit reads the device type from it.
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
# A pixel of slack for sub-pixel rounding of borders.
SLACK = 1
# Photographed at phone width for the README, beside the desktop shots.
DOCS = ("Today", "Log", "Cycles")
SAVED_MOOD = re.compile(r"^Saved your mood: (\d+)/10 at \d\d:\d\d\.")


def phone(browser: Any, new_page: Any) -> Any:
    """A fresh phone-sized, touch, phone-user-agent page (its own Streamlit session)."""
    return new_page(
        browser,
        {"width": WIDTH, "height": HEIGHT},
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_UA,
    )


def on_screen(locator: Any, what: str) -> None:
    """The element is drawn wholly inside the first screen as it stands (nothing scrolled)."""
    box = locator.bounding_box()
    assert box is not None, f"{what} is not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + SLACK, (what, box)
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT + SLACK, (what, box)


def scrolled(page: Any) -> list[float]:
    """How far the window and Streamlit's main area are scrolled, down and sideways."""
    return page.evaluate(
        """() => { const main = document.querySelector('[data-testid=stMain]');
        return [window.scrollX, window.scrollY, main.scrollLeft, main.scrollTop]; }"""
    )


class Taps:
    """Taps on elements already on the first screen, counted. A tap on an element below the
    fold would make Playwright scroll first, so each target is checked on screen beforehand."""

    def __init__(self, page: Any, after_run: Any) -> None:
        self.page, self.after_run, self.count = page, after_run, 0

    def tap(self, locator: Any, what: str) -> None:
        on_screen(locator, what)
        self.after_run(self.page, locator.tap)
        self.count += 1


def quick(page: Any, label: str) -> Any:
    """A button of Today's quick mood ('1'…'10' or 'Save mood')."""
    return page.get_by_test_id("stMain").get_by_role("button", name=label, exact=True)


def heading(page: Any) -> Any:
    return page.get_by_test_id("stMain").get_by_role("heading", level=1).first


@contextmanager
def opened(url: str, browser: Any, new_page: Any, wait_idle: Any) -> Iterator[Any]:
    """The app at `url` on a new phone page (a new session), once it has settled; closed after."""
    page = phone(browser, new_page)
    try:
        page.goto(url)
        wait_idle(page)
        yield page
    finally:
        page.context.close()


def save_quick_mood(taps: Taps, assert_no_error: Any, mood: str, where: str, in_all: int) -> Any:
    """Tap `mood` and "Save mood" on Today; the confirmation says `mood`/10 and is on screen,
    `in_all` taps were taken and nothing scrolled."""
    from playwright.sync_api import expect

    taps.tap(quick(taps.page, mood), f"mood {mood}")
    taps.tap(quick(taps.page, "Save mood"), "Save mood")
    assert_no_error(taps.page)
    done = taps.page.get_by_text(SAVED_MOOD)
    expect(done).to_have_text(re.compile(rf"^Saved your mood: {mood}/10"))
    on_screen(done, where)
    assert taps.count == in_all
    assert scrolled(taps.page) == [0, 0, 0, 0]
    return done


def test_a_mood_in_three_taps_from_opening_the_app(
    browser: Any,
    new_page: Any,
    serve_app: Any,
    tmp_path: Path,
    wait_idle: Any,
    after_run: Any,
    assert_no_error: Any,
) -> None:
    """A fresh install: the welcome's "Start my own journal", a number, "Save mood" (3 taps).
    Opened again, with a mood in the journal: a number, "Save mood" (2 taps). No scrolling,
    the confirmation on screen, and both moods are in the DuckDB file once the app stops."""
    from playwright.sync_api import expect

    journal = tmp_path / "journal.duckdb"
    begun = dt.datetime.now().replace(second=0, microsecond=0)
    with serve_app(journal, tmp_path) as url:
        with opened(url, browser, new_page, wait_idle) as page:
            # A fresh app opens on the welcome: choosing one's own journal is the first tap.
            expect(heading(page)).to_contain_text("Welcome to Tideline")
            taps = Taps(page, after_run)
            taps.tap(page.get_by_role("button", name="Start my own journal"), "Start my own")
            expect(heading(page)).to_have_text("Today")
            wait_idle(page)
            save_quick_mood(taps, assert_no_error, "6", "the confirmation", in_all=3)

        # Opening the app again (a new session): the journal holds a mood, so Today opens
        # straight away, and the quick mood is there for the second mood of the day.
        with opened(url, browser, new_page, wait_idle) as page:
            expect(heading(page)).to_have_text("Today")
            taps = Taps(page, after_run)
            save_quick_mood(taps, assert_no_error, "8", "the second confirmation", in_all=2)
            expect(page.get_by_test_id("stMetric").filter(has_text="Latest")).to_contain_text(
                "8/10"
            )

        # The night it is a 1: the support card comes with it, under the thanks, and neither
        # pushes the other off the screen.
        with opened(url, browser, new_page, wait_idle) as page:
            expect(heading(page)).to_have_text("Today")
            taps = Taps(page, after_run)
            done = save_quick_mood(taps, assert_no_error, "1", "the confirmation of a 1", in_all=2)
            card = page.get_by_test_id("stAlertContentWarning").first
            expect(card).to_be_visible()
            assert card.bounding_box()["y"] > done.bounding_box()["y"]
            # Opened again in that low stretch, the scale is still on the first screen.
            page.reload()
            wait_idle(page)
            on_screen(quick(page, "Save mood"), "Save mood in a low stretch")
    ended = dt.datetime.now().replace(second=0, microsecond=0)

    # The server has stopped and let go of the file: read what it wrote.
    with Store(journal) as s:
        rows = sorted(s.rows("mood"), key=lambda r: r["id"])
    assert [r["mood"] for r in rows] == [6, 8, 1]
    for row in rows:
        # Stamped when saved; private, as every new mood is by default.
        assert begun <= row["at"] <= ended, row
        assert row["private"] is True
        assert (row["emotions"], row["note"]) == ([], "")


def chart_edges(page: Any) -> list[tuple[float, float]]:
    """Left and right edge of every chart's drawing (canvas or svg), in pixels."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].map(e => {
            const r = e.querySelector('canvas, svg').getBoundingClientRect();
            return [r.left, r.right]; })"""
    )


def test_every_page_on_a_phone_fits_and_the_sidebar_closes_after_a_choice(
    demo_url: str,
    browser: Any,
    new_page: Any,
    open_page: Any,
    after_run: Any,
    assert_no_error: Any,
    wait_idle: Any,
    shoot: Any,
) -> None:
    """Demo story: each page chosen from the sidebar; the sidebar then closes, the page is no
    wider than the screen and neither is any chart on it."""
    from playwright.sync_api import expect

    page = phone(browser, new_page)
    try:
        open_page(page, demo_url, "")
        sidebar = page.get_by_test_id("stSidebar")
        # Closed to begin with on a narrow screen.
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        nav = page.get_by_test_id("stSidebarNav")
        titles = [
            link.inner_text().strip().splitlines()[-1].strip()
            for link in nav.get_by_role("link").all()
        ]
        assert {"Today", "Log", "Cycles", "Patterns", "Mood", "No contact"} <= set(titles)
        charts = 0
        for title in titles:
            page.get_by_test_id("stExpandSidebarButton").tap()
            expect(sidebar).to_have_attribute("data-collapsed", "false")
            after_run(page, nav.get_by_role("link", name=title, exact=True).tap)
            assert_no_error(page)
            expect(sidebar).to_have_attribute("data-collapsed", "true")
            expect(heading(page)).to_be_visible()
            wait_idle(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH + SLACK, title
            for left, right in chart_edges(page):
                charts += 1
                assert left >= 0 and right <= WIDTH + SLACK, (title, left, right)
            if title in DOCS:
                shoot(page, f"docs/{title.lower()}-phone", full_page=False)
        # The demo story draws charts on several pages: the width check did look at some.
        assert charts >= 8
    finally:
        page.context.close()


def test_log_saves_from_the_first_screen_and_says_so_on_screen(
    demo_url: str,
    browser: Any,
    new_page: Any,
    open_page: Any,
    after_run: Any,
    assert_no_error: Any,
) -> None:
    """Each Log form's save button is on the first screen; a mood saved after opening More
    details and scrolling down to its save button is confirmed where the person is."""
    from playwright.sync_api import expect

    page = phone(browser, new_page)
    try:
        open_page(page, demo_url, "log")
        buttons = {
            "Mood": "Save mood",
            "Contact": "Save contact",
            "Urge": "Save urge",
            "Milestone": "Save milestone",
        }
        for tab, label in buttons.items():
            page.get_by_role("tab", name=tab).tap()
            panel = page.get_by_role("tabpanel", name=tab)
            on_screen(panel.get_by_role("button", name=label), f"{tab}: {label}")
        assert scrolled(page) == [0, 0, 0, 0]

        page.get_by_role("tab", name="Mood").tap()
        panel = page.get_by_role("tabpanel", name="Mood")
        # Straight from the first screen: the default mood, saved.
        after_run(page, panel.get_by_role("button", name="Save mood").tap)
        assert_no_error(page)
        done = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Saved your mood.")
        expect(done).to_be_visible()
        on_screen(done, "the Log confirmation")

        # With the details open the save button is further down; after saving there the
        # confirmation must still be on screen.
        panel.get_by_text("More details (optional)").first.tap()
        note = panel.get_by_label("Note (optional)").first
        note.fill("written on the phone")
        save = panel.get_by_role("button", name="Save mood")
        save.scroll_into_view_if_needed()
        after_run(page, save.tap)
        assert_no_error(page)
        # The message at the top of the page is scrolled away now; the toast is on screen.
        toast = page.get_by_test_id("stToast").filter(has_text="Saved. Thank you.")
        expect(toast).to_be_visible()
        on_screen(toast, "the confirmation after scrolling")
    finally:
        page.context.close()
