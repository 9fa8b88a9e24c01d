"""Every page in Debian's Chromium, on the demo story and on an empty journal; the snapshot PDF
downloaded and opened; the Log page at phone width. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

# The pages every build has, by their sidebar titles (new pages are visited too when listed).
CORE = ("Today", "Log", "No contact", "Patterns", "Cycles", "Mood", "Snapshot")
# The least number of charts each page draws on the demo story (six months with two breakups,
# contacts, urges and moods every few days), so a page that silently drew nothing fails.
MIN_CHARTS = {"No contact": 3, "Patterns": 3, "Cycles": 2, "Mood": 4}
# Shown in the README: one screen (1280 × 900) each, kept small.
DOCS = ("Today", "No contact", "Patterns", "Mood")
# Phone width; a pixel of slack for sub-pixel rounding of borders.
PHONE_SLACK = 1


def slug(title: str) -> str:
    """'No contact' -> 'no_contact' (the file name of the page's screenshot)."""
    return re.sub(r"\W+", "_", title.strip().lower())


def sidebar_pages(page: Any) -> dict[str, str]:
    """The sidebar's pages as {title: address}, in their order."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    pages = {}
    for link in links.all():
        # A link's text is its Material icon's name, then the title.
        title = link.inner_text().strip().splitlines()[-1].strip()
        pages[title] = link.get_attribute("href")
    return pages


def expect_heading(page: Any, title: str) -> None:
    """The page has its title; a core page's title names it (Snapshot's is longer)."""
    from playwright.sync_api import expect

    heading = page.get_by_test_id("stMain").get_by_role("heading", level=1).first
    expect(heading).to_be_visible()
    if title in CORE:
        expect(heading).to_contain_text(title)


def test_every_page_on_the_demo_story(demo_url: str, page: Any, open_page: Any, shoot: Any) -> None:
    """Each page loads by its address with no error, draws its charts, and is photographed."""

    open_page(page, demo_url, "")
    pages = sidebar_pages(page)
    assert set(CORE) <= set(pages), pages
    for title, href in pages.items():
        open_page(page, demo_url, href.removeprefix(demo_url).lstrip("/"))
        expect_heading(page, title)
        charts = page.get_by_test_id("stVegaLiteChart").count()
        assert charts >= MIN_CHARTS.get(title, 0), f"{title}: {charts} charts"
        shoot(page, slug(title))
        if title in DOCS:
            shoot(page, f"docs/{slug(title)}", full_page=False)


def test_every_page_on_an_empty_journal(
    empty_url: str, page: Any, wait_idle: Any, assert_no_error: Any, go_to: Any, shoot: Any
) -> None:
    """A first visit is welcomed; then every page explains kindly what will appear, no charts."""
    from playwright.sync_api import expect

    page.goto(empty_url)
    expect(page.get_by_role("heading", name="Welcome to Tideline")).to_be_visible()
    wait_idle(page)
    assert_no_error(page)
    shoot(page, "empty-welcome")
    page.get_by_role("button", name="Start my own journal").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    wait_idle(page)

    pages = sidebar_pages(page)
    assert set(CORE) <= set(pages), pages
    for title in pages:
        go_to(page, title)
        expect_heading(page, title)
        main = page.get_by_test_id("stMain")
        # Nothing logged: no chart is drawn over nothing.
        assert main.get_by_test_id("stVegaLiteChart").count() == 0, title
        shoot(page, f"empty-{slug(title)}")
    # The empty states the pages promise, in the words a new user reads.
    for title, words in {
        "Today": "Your entries will show up here once you log something.",
        "No contact": "There are no no-contact days in this period yet.",
        "Mood": "No mood entries in this period yet.",
        "Cycles": "No milestones in this period yet.",
        "Patterns": "Nothing to look at here yet.",
    }.items():
        go_to(page, title)
        expect(page.get_by_test_id("stMain").get_by_text(words)).to_be_visible()


def test_snapshot_pdf_downloads_and_opens(
    demo_url: str,
    page: Any,
    open_page: Any,
    after_run: Any,
    wait_idle: Any,
    assert_no_error: Any,
    shoot: Any,
    tmp_path: Path,
) -> None:
    """Once prepared, Download PDF gives a real PDF of the period, and the download is listed."""
    from playwright.sync_api import expect
    from pypdf import PdfReader

    open_page(page, demo_url, "snapshot")
    # The click starts a run; waiting for that run to end (not just for an idle page, which the
    # page still is the moment after the click) keeps the preview from being read half drawn.
    after_run(page, page.get_by_role("button", name="Prepare the snapshot").click)
    assert_no_error(page)
    # The preview draws the period's charts as images.
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    expect(page.get_by_test_id("stImage").first).to_be_visible()
    shoot(page, "snapshot-prepared")
    covers = page.get_by_text(re.compile(r"^Covers ")).first.inner_text()
    period = covers.removeprefix("Covers ").rstrip(".")
    with page.expect_download() as caught:
        page.get_by_test_id("stDownloadButton").filter(has_text="Download PDF").click()
    download = caught.value
    assert re.fullmatch(r"tideline-snapshot-\d{8}-\d{8}\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert len(reader.pages) >= 1
    assert "Tideline" in text
    # The file covers the period the page said (e.g. '27 Oct 2026 – 23 Nov 2026 (28 days)').
    assert period in text, (period, text[:400])
    # The click records the export; the page says so and lists it.
    expect(page.get_by_text("Saved in the list below: a PDF snapshot")).to_be_visible()
    wait_idle(page)
    assert_no_error(page)
    expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_visible()
    # The period on the page stays the one just downloaded (a second format matches it).
    expect(page.get_by_text(re.compile(r"^Covers ")).first).to_have_text(covers)


def test_log_page_at_phone_width(
    demo_url: str, browser: Any, new_page: Any, open_page: Any, wait_idle: Any, shoot: Any
) -> None:
    """At 390 × 844 every field of every Log form can be reached and filled; nothing is cut off."""
    from playwright.sync_api import expect

    width = 390
    phone = new_page(browser, {"width": width, "height": 844}, is_mobile=True, has_touch=True)
    try:
        open_page(phone, demo_url, "log")

        def fits(locator: Any, what: str) -> None:
            locator.scroll_into_view_if_needed()
            box = locator.bounding_box()
            assert box is not None, f"{what} is not shown"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + PHONE_SLACK, (what, box)

        texts = {
            "Mood": ["Note (optional)"],
            "Contact": ["What set it off? (optional)", "Note (optional)"],
            "Urge": [
                "The message you wrote instead of sending it (optional)",
                "What set it off? (optional)",
            ],
            "Milestone": ["Title (optional)", "Note (optional)"],
        }
        for tab, labels in texts.items():
            phone.get_by_role("tab", name=tab).click()
            panel = phone.get_by_role("tabpanel", name=tab)
            expect(panel).to_be_visible()
            # A new entry's optional fields are folded under "More details": open them.
            more = panel.get_by_text("More details (optional)")
            if more.count():
                more.first.click()
            # Every control a person can reach: text fields, sliders, date and time parts,
            # choices and buttons (tabindex -1 marks the widgets' own hidden helpers).
            controls = panel.locator(
                "input:not([type=checkbox]):not([type=radio]):not([tabindex='-1']), textarea, "
                "[role=spinbutton], [data-testid=stCheckbox], [data-testid=stRadio], "
                "button:not([tabindex='-1'])"
            )
            count = controls.count()
            assert count >= 4, f"{tab}: only {count} controls"
            for i in range(count):
                control = controls.nth(i)
                if control.is_visible():
                    fits(control, f"{tab} control {i}")
            for label in labels:
                field = panel.get_by_label(label).first
                fits(field, f"{tab}: {label}")
                field.fill(f"typed on a phone: {label}")
                expect(field).to_have_value(f"typed on a phone: {label}")
            save = panel.get_by_role("button", name=re.compile(r"^Save "))
            fits(save, f"{tab}: save button")
            assert phone.evaluate("document.documentElement.scrollWidth") <= width + PHONE_SLACK
        wait_idle(phone)
        shoot(phone, "log-phone")
    finally:
        phone.context.close()
