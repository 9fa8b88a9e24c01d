"""End to end, in Debian's Chromium: a browser reload keeps the person where they were.

A reload starts a new Streamlit session, so everything kept in session state is gone; which
journal is open (and so that the welcome was passed) must come back from the address. One
server on one empty journal for the module; each test opens its own browser context.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.e2e


def heading(page: Any) -> Any:
    """The page's title (its first level-one heading in the main area)."""
    return page.get_by_test_id("stMain").get_by_role("heading", level=1).first


def reload(page: Any, wait_idle: Any, assert_no_error: Any) -> None:
    """Reload the browser tab (a new Streamlit session) and wait until the page is drawn."""
    from playwright.sync_api import expect

    page.reload()
    expect(heading(page)).to_be_visible()
    wait_idle(page)
    assert_no_error(page)


def address_params(page: Any) -> dict[str, list[str]]:
    """The query part of the tab's address, parsed."""
    return parse_qs(urlparse(page.url).query)


def welcome(page: Any, url: str, button: str, wait_idle: Any) -> None:
    """Open the app in a new session on the welcome page and press one of its two buttons."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(heading(page)).to_contain_text("Welcome to Tideline")
    wait_idle(page)
    page.get_by_role("button", name=button).click()
    expect(heading(page)).to_have_text("Today")
    wait_idle(page)


def test_a_reload_in_the_demo_story_stays_in_the_demo_story(
    empty_url: str, page: Any, wait_idle: Any, go_to: Any, assert_no_error: Any
) -> None:
    """Demo story -> the Log page from the sidebar -> reload: still Log, still the demo."""
    from playwright.sync_api import expect

    welcome(page, empty_url, "Explore the demo story", wait_idle)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Open: the demo story")

    # A sidebar link clears the address's query; the app must put the journal back.
    go_to(page, "Log")
    expect(heading(page)).to_have_text("Log")
    # A short word in the address and nothing else: no file path, nothing from the journal.
    assert address_params(page) == {"journal": ["demo"]}, page.url

    reload(page, wait_idle, assert_no_error)
    expect(heading(page)).to_have_text("Log")
    expect(sidebar).to_contain_text("Open: the demo story")
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()

    # And the next page after the reload is still the demo's.
    go_to(page, "Today")
    expect(sidebar).to_contain_text("Open: the demo story")
    reload(page, wait_idle, assert_no_error)
    expect(heading(page)).to_have_text("Today")
    expect(sidebar).to_contain_text("Open: the demo story")


def test_a_reload_after_starting_an_empty_journal_keeps_the_page_list(
    empty_url: str, page: Any, wait_idle: Any, go_to: Any, assert_no_error: Any
) -> None:
    """Start my own journal (still empty) -> reload: the page list stays, no welcome again."""
    from playwright.sync_api import expect

    welcome(page, empty_url, "Start my own journal", wait_idle)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    assert address_params(page) == {"journal": ["own"]}, page.url

    reload(page, wait_idle, assert_no_error)
    expect(heading(page)).to_have_text("Today")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Log", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Open: your own journal")

    go_to(page, "Mood")
    reload(page, wait_idle, assert_no_error)
    expect(heading(page)).to_have_text("Mood")
    expect(nav).to_be_visible()


def test_the_sidebar_leads_back_to_the_welcome_screen(
    empty_url: str, page: Any, wait_idle: Any, after_run: Any, assert_no_error: Any
) -> None:
    """Demo story -> "Back to the welcome screen": the welcome, and a reload keeps it there."""
    from playwright.sync_api import expect

    welcome(page, empty_url, "Explore the demo story", wait_idle)
    back = page.get_by_test_id("stSidebar").get_by_role("button", name="Back to the welcome screen")
    after_run(page, back.click)
    assert_no_error(page)
    expect(heading(page)).to_contain_text("Welcome to Tideline")
    # The welcome is a choice of its own: no page list beside it, no journal in the address.
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert "journal" not in address_params(page), page.url

    # The own journal is still empty, so a reload shows the welcome again, not the demo.
    reload(page, wait_idle, assert_no_error)
    expect(heading(page)).to_contain_text("Welcome to Tideline")

    page.get_by_role("button", name="Start my own journal").click()
    expect(heading(page)).to_have_text("Today")
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Open: your own journal")


def test_a_reload_after_the_app_restarted_keeps_the_page_and_the_journal(
    fresh_url: str, page: Any, wait_idle: Any, assert_no_error: Any
) -> None:
    """The first address a new server is asked for is a reloaded tab: /log?journal=demo."""
    from playwright.sync_api import expect

    # A page of the pages/ folder as the server's very first request (its own fresh server).
    page.goto(f"{fresh_url}/log?journal=demo")
    expect(heading(page)).to_have_text("Log")
    wait_idle(page)
    assert_no_error(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Open: the demo story")
    # The page list is the app's (titles), not the folder's file names.
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="No contact", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="welcome")).to_have_count(0)
    assert address_params(page) == {"journal": ["demo"]}, page.url
