"""AppTests of the Log page's recent lists (picked by id) and its support card (issue 11).

The browser side of "edit, then delete, acts on the entry you see" is in
tests/e2e/test_log_browser.py: AppTest keeps a selectbox's value as Python, so it cannot show
the browser falling back to another entry after a label changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.guidance import load_cards
from dashboard.store import Store
from dashboard.ui import cards
from tests.conftest import journal_app

PICKER = "Pick a mood entry to change or delete"


def log_page() -> AppTest:
    """The Log page with its recent mood entries opened (a folded list builds no forms)."""
    at = journal_app("pages/log.py")
    at.session_state["recent_mood"] = True
    return at.run()


def test_a_folded_recent_list_builds_no_forms(journal: Path) -> None:
    with Store(journal) as s:
        row_id = s.add("mood", {"at": dt.datetime.now() - dt.timedelta(hours=2), "mood": 6})
    folded = journal_app("pages/log.py")
    assert not [w for w in folded.select_slider if w.key == f"edit_mood_{row_id}_mood"]
    assert not [s for s in folded.selectbox if s.label == PICKER]
    opened = log_page()
    assert opened.select_slider(key=f"edit_mood_{row_id}_mood").value == 6


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def picker(at: AppTest):
    return next(s for s in at.selectbox if s.label == PICKER)


def rows(path: Path, table: str) -> list[dict]:
    # The app holds the file open in this process; DuckDB shares that database instance.
    with Store(path) as s:
        return s.rows(table)


def support_title() -> str:
    """The support card's title as the page writes it (the card text is data, not code)."""
    card = next(c for c in load_cards() if "safety" in c.tags)
    return cards.md_escape(card.title)


def support_shown(at: AppTest) -> bool:
    return any(support_title() in w.value for w in at.warning)


def test_a_low_mood_just_saved_brings_the_support_card(journal: Path) -> None:
    at = log_page()
    assert not support_shown(at)
    # A 4 is not low (the line is 3 or less): thanks, no card.
    at.select_slider(key="new_mood_0_mood").set_value(4)
    button(at, "Save mood").click().run()
    assert not at.exception
    assert any("Saved your mood" in s.value for s in at.success)
    assert not support_shown(at)

    # A 3 is: the card is on the page after the save's rerun, beside the thanks.
    at.select_slider(key="new_mood_1_mood").set_value(3)
    button(at, "Save mood").click().run()
    assert not at.exception
    assert any("Saved your mood" in s.value for s in at.success)
    assert support_shown(at)
    assert sorted(m["mood"] for m in rows(journal, "mood")) == [3, 4]


def test_an_entry_changed_to_a_low_mood_brings_the_support_card(journal: Path) -> None:
    with Store(journal) as s:
        row_id = s.add("mood", {"at": dt.datetime.now() - dt.timedelta(hours=2), "mood": 6})
    at = log_page()
    at.select_slider(key=f"edit_mood_{row_id}_mood").set_value(2)
    button(at, "Save changes").click().run()
    assert not at.exception
    assert [m["mood"] for m in rows(journal, "mood")] == [2]
    assert support_shown(at)


def test_two_entries_with_one_label_are_told_apart(journal: Path) -> None:
    # Two moods of 4 in the same minute: one label each would make them one choice.
    when = (dt.datetime.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    with Store(journal) as s:
        first = s.add("mood", {"at": when, "mood": 4, "note": "first"})
        second = s.add("mood", {"at": when, "mood": 4, "note": "second"})
    at = log_page()
    box = picker(at)
    # Newest first; at the same moment the later one (higher id) is the newer.
    assert box.options == [
        f"{when:%a %d %b %H:%M} · mood 4/10",
        f"{when:%a %d %b %H:%M} · mood 4/10 (2)",
    ]
    assert box.value == second
    box.set_value(first).run()
    assert picker(at).value == first
    # The form below is the first entry's: changing it changes that one only.
    assert at.text_area(key=f"edit_mood_{first}_note").value == "first"
    at.text_area(key=f"edit_mood_{first}_note").input("first, fixed")
    button(at, "Save changes").click().run()
    assert not at.exception
    notes = {m["id"]: m["note"] for m in rows(journal, "mood")}
    assert notes == {first: "first, fixed", second: "second"}


def test_an_entry_dated_back_past_the_list_is_said_to_have_left_it(journal: Path) -> None:
    # 21 moods an hour apart: the list shows the 20 latest.
    now = dt.datetime.now().replace(second=0, microsecond=0)
    with Store(journal) as s:
        ids = [s.add("mood", {"at": now - dt.timedelta(hours=h), "mood": 5}) for h in range(1, 22)]
    newest, second_newest = ids[0], ids[1]
    at = log_page()
    assert picker(at).value == newest
    assert len(picker(at).options) == 20
    # The newest, dated back a month, sorts after all the others: out of the 20 latest.
    month_ago = (now - dt.timedelta(days=30)).date()
    at.date_input(key=f"edit_mood_{newest}_date").set_value(month_ago)
    button(at, "Save changes").click().run()
    assert not at.exception
    saved = {m["id"]: m["at"] for m in rows(journal, "mood")}
    assert saved[newest].date() == month_ago  # kept, with its new date
    assert any("no longer in this list" in s.value for s in at.success)
    box = picker(at)
    assert box.value == second_newest
    # The 20 latest are now the other 20, the oldest of them included.
    assert len(box.options) == 20
    assert box.options[-1] == f"{now - dt.timedelta(hours=21):%a %d %b %H:%M} · mood 5/10"
