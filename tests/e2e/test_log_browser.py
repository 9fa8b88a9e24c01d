"""End to end (issue 11, point 1): on the Log page, editing an older entry and then deleting it
acts on that entry, the one the picker shows, in Debian's Chromium.

Streamlit's AppTest cannot show this: the picker's value travels as its label, and after a save
the edited entry's label changes, so it is the browser's own selectbox that used to fall back to
the newest entry. Each test starts the real server on a journal of its own holding three
entries of one kind, made before the server opens the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dashboard.store import Store

pytestmark = pytest.mark.e2e

# Three days, oldest first: the entries are dated so that they sort in this order.
TODAY = dt.date.today()
DAYS = [TODAY - dt.timedelta(days=n) for n in (3, 2, 1)]


def at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 30))


WHENS = [at_nine(day) for day in DAYS]


def mood_label(when: dt.datetime, mood: int) -> str:
    """How the Log page names a mood entry (spec: day, time, 'mood N/10')."""
    return f"{when:%a %d %b %H:%M} · mood {mood}/10"


def contact_label(when: dt.datetime, channel: str) -> str:
    return f"{when:%a %d %b %H:%M} · you reached out ({channel})"


def seeded_url(request: pytest.FixtureRequest, tmp_path: Path, table: str, rows: list) -> str:
    """Write `rows` into this test's journal, then start the app on it (conftest's fresh_url)."""
    with Store(tmp_path / "journal.duckdb") as store:
        for row in rows:
            store.add(table, row)
    # Asked for only now, so the server opens the file after the entries are in it.
    return request.getfixturevalue("fresh_url")


def open_log_on(
    request: pytest.FixtureRequest, page: Any, helpers: dict[str, Any], table: str, rows: list
) -> None:
    """The Log page, on this test's journal holding `rows` of `table` (see seeded_url)."""
    url = seeded_url(request, request.getfixturevalue("tmp_path"), table, rows)
    helpers["open_page"](page, url, "log")


def listed(page: Any, picker: Any) -> list[str]:
    """Every label in the picker's drop-down, top to bottom (the list closes again after)."""
    from playwright.sync_api import expect

    picker.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    labels = options.all_inner_texts()
    picker.press("Escape")
    return labels


def edit_then_delete(
    page: Any,
    helpers: dict[str, Any],
    *,
    tab: str,
    noun: str,
    oldest: str,
    edited: str,
    others: list[str],
    change: Callable[[Any], None],
) -> None:
    """Pick the entry labelled `oldest`, `change` it (it becomes `edited`), save, delete it;
    no error on the page after."""
    from playwright.sync_api import expect

    after_run, wait_idle = helpers["after_run"], helpers["wait_idle"]

    if tab != "Mood":
        after_run(page, page.get_by_role("tab", name=tab).click)
    panel = page.get_by_role("tabpanel", name=tab)
    after_run(page, panel.get_by_text(f"Recent {noun} entries (3)").click)
    picker = panel.get_by_role("combobox", name=f"Pick a {noun} entry to change or delete")
    # It opens on the newest entry; pick the oldest one.
    expect(picker).to_have_value(others[0])
    picker.click()
    after_run(page, page.get_by_role("option", name=oldest, exact=True).click)
    expect(picker).to_have_value(oldest)

    change(panel)
    after_run(page, panel.get_by_role("button", name="Save changes").click)
    expect(page.get_by_text(f"Updated that {noun} entry.")).to_be_visible()
    wait_idle(page)
    # The picker stays on the entry just changed, under its new label, and keeps it through
    # the next run (opening the confirmation is one).
    expect(picker).to_have_value(edited)
    after_run(page, panel.get_by_role("button", name="Delete this entry…").click)
    expect(picker).to_have_value(edited)
    # The confirmation names the entry that will go.
    expect(panel.get_by_text(f"Delete this {noun} entry ({edited})?")).to_be_visible()
    after_run(page, panel.get_by_role("button", name="Yes, delete it").click)
    expect(page.get_by_text(f"Deleted that {noun} entry.")).to_be_visible()
    wait_idle(page)

    recent = panel.get_by_text(f"Recent {noun} entries (2)")
    expect(recent).to_be_visible()
    # The list's title changed with its count, so Streamlit may have folded it.
    if not picker.is_visible():
        after_run(page, recent.click)
    assert listed(page, picker) == others

    # A new session reads the journal afresh: the same two entries, the edited one gone.
    page.reload()
    wait_idle(page)
    if tab != "Mood":
        after_run(page, page.get_by_role("tab", name=tab).click)
    after_run(page, recent.click)
    assert listed(page, picker) == others
    helpers["assert_no_error"](page)


def test_edit_the_oldest_mood_then_delete_it(
    request: pytest.FixtureRequest, page: Any, helpers: dict[str, Any]
) -> None:
    """Three moods (2, 6, 8): the oldest, changed 2 -> 5 and deleted, goes; 6 and 8 stay."""
    moods = [{"at": when, "mood": mood} for when, mood in zip(WHENS, (2, 6, 8), strict=True)]
    open_log_on(request, page, helpers, "mood", moods)

    def to_five(panel: Any) -> None:
        # The second mood slider on the tab is the picked entry's (the first is a new entry's).
        slider = panel.get_by_role("slider", name="How are you feeling?").nth(1)
        expect_value(slider, "2")
        slider.focus()
        for _ in range(3):
            slider.press("ArrowRight")
        expect_value(slider, "5")

    edit_then_delete(
        page,
        helpers,
        tab="Mood",
        noun="mood",
        oldest=mood_label(WHENS[0], 2),
        edited=mood_label(WHENS[0], 5),
        others=[mood_label(WHENS[2], 8), mood_label(WHENS[1], 6)],
        change=to_five,
    )


def test_edit_the_oldest_contact_then_delete_it(
    request: pytest.FixtureRequest, page: Any, helpers: dict[str, Any]
) -> None:
    """Three contacts (text, call, video): the oldest, changed to email and deleted, goes."""
    contacts = [
        {"at": when, "initiator": "me", "channel": channel}
        for when, channel in zip(WHENS, ("text", "call", "video"), strict=True)
    ]
    open_log_on(request, page, helpers, "contacts", contacts)

    def to_email(panel: Any) -> None:
        from playwright.sync_api import expect

        # The last "How?" on the tab is the picked entry's: a new entry's comes first, and is
        # not in the accessibility tree at all while its "More details" stay folded.
        how = panel.get_by_role("combobox", name="How?").last
        expect(how).to_have_value("text")
        how.click()
        # The drop-down draws only the options in view; typing narrows it to the one wanted.
        how.fill("email")
        panel.page.get_by_role("option", name="email", exact=True).click()
        expect(how).to_have_value("email")

    edit_then_delete(
        page,
        helpers,
        tab="Contact",
        noun="contact",
        oldest=contact_label(WHENS[0], "text"),
        edited=contact_label(WHENS[0], "email"),
        others=[contact_label(WHENS[2], "video"), contact_label(WHENS[1], "call")],
        change=to_email,
    )


def expect_value(slider: Any, value: str) -> None:
    """The slider shows `value` (its text starts with the number, e.g. '5 · 😐 okay')."""
    from playwright.sync_api import expect

    expect(slider).to_have_attribute("aria-valuetext", re.compile(rf"^{value}\b"))
