"""AppTests of Today's quick mood: a number, then "Save mood", on a real DuckDB file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.metrics import today as tracking_today
from dashboard.store import Store
from tests.conftest import journal_app

LOG_LINK = "Log your mood in detail"


def today_page() -> AppTest:
    """Today on the own journal (the welcome already passed in this session)."""
    at = journal_app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Today"
    return at


def moods(path: Path) -> list[dict]:
    # The app holds the file open in this process; DuckDB shares that database instance.
    with Store(path) as s:
        return s.rows("mood")


def tap(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_links(at: AppTest) -> list[str]:
    return [el.proto.label for el in at.get("page_link")]


def minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def test_a_number_then_save_mood_logs_it_now_and_private(journal: Path) -> None:
    at = today_page()
    # The scale is ten buttons, 1 to 10, and none is chosen yet.
    scale = [b for b in at.button if b.key and b.key.startswith("quick_mood_")]
    assert [b.label for b in scale] == [str(n) for n in range(1, 11)]
    assert LOG_LINK in page_links(at)

    tap(at, "quick_mood_7")
    assert at.button(key="quick_mood_7").proto.type == "primary"
    assert any(c.value == "You picked 7 of 10." for c in at.caption)
    before = minute(dt.datetime.now())
    tap(at, "quick_save")
    after = minute(dt.datetime.now())

    (row,) = moods(journal)
    assert row["mood"] == 7
    assert before <= row["at"] <= after
    # Only the number was given: no emotions, no note, no urge; private like every new mood.
    assert (row["emotions"], row["note"], row["urge"], row["private"]) == ([], "", None, True)
    (done,) = at.success
    assert (
        done.value == f"Saved your mood: 7/10 at {row['at']:%H:%M}. Thank you for writing it down."
    )
    # The quick mood stays for the next mood of the day, with nothing chosen; the link stays too.
    assert at.button(key="quick_mood_7").proto.type == "secondary"
    assert at.button(key="quick_save").label == "Save mood"
    assert LOG_LINK in page_links(at)
    assert [m.value for m in at.metric if m.label == "Latest"] == ["7/10"]


def test_a_second_mood_with_emotions_and_a_note(journal: Path) -> None:
    at = today_page()
    tap(at, "quick_mood_6")
    tap(at, "quick_save")

    tap(at, "quick_mood_3")
    at.multiselect(key="quick_emotions_1").set_value(["sad", "lonely"])
    at.text_area(key="quick_note_1").input("  Couldn't sleep.  ")
    tap(at, "quick_save")

    rows = sorted(moods(journal), key=lambda r: r["id"])
    assert [r["mood"] for r in rows] == [6, 3]
    assert rows[1]["emotions"] == ["sad", "lonely"]
    assert rows[1]["note"] == "Couldn't sleep."
    # The optional fields start empty again for the next mood.
    assert at.multiselect(key="quick_emotions_2").value == []
    assert at.text_area(key="quick_note_2").value == ""
    # Mean of 6 and 3 is 4.5; the latest is the 3.
    assert [m.value for m in at.metric if m.label == "Latest"] == ["3/10"]
    assert [m.value for m in at.metric if m.label == "Mean today"] == ["4.5"]


def test_save_mood_without_a_number_saves_nothing_and_says_why(journal: Path) -> None:
    at = today_page()
    at.text_area(key="quick_note_0").input("a note first")
    tap(at, "quick_save")
    assert moods(journal) == []
    assert [w.value for w in at.warning] == [
        "Tap a number from 1 to 10 first; nothing was saved yet."
    ]
    # What was typed is still there to go with the number.
    assert at.text_area(key="quick_note_0").value == "a note first"
    tap(at, "quick_mood_5")
    tap(at, "quick_save")
    (row,) = moods(journal)
    assert (row["mood"], row["note"]) == (5, "a note first")


def test_no_quick_mood_when_looking_at_an_earlier_day(journal: Path) -> None:
    """A view of the past ('As of …') logs nothing 'now' by surprise."""
    at = today_page()
    at.sidebar.radio[0].set_value("Custom").run()
    # A period ending three tracking days ago (the day starts at 4 am by default).
    until = tracking_today(4) - dt.timedelta(days=3)
    at.sidebar.date_input[0].set_value((until - dt.timedelta(days=7), until)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith("As of ")
    assert not [b for b in at.button if b.key and b.key.startswith("quick_")]
    assert LOG_LINK in page_links(at)


def support_title() -> str:
    """The title of the library's support card (the first card tagged 'safety')."""
    from dashboard import guidance

    return next(c.title for c in guidance.load_cards() if "safety" in c.tags)


def support_cards(at: AppTest) -> int:
    return sum(support_title() in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("value", "cards"),
    [
        # A single 2: today's rule does not hold (no 1, not three low days), so the card comes
        # under the thanks because of the low mood just saved.
        (2, 1),
        # A 1: the rule holds, the page leads with the card, and it is not shown a second time.
        (1, 1),
        # A 4 is above "3 or less": thanks only.
        (4, 0),
    ],
)
def test_a_low_mood_just_saved_brings_the_support_card_once(
    journal: Path, value: int, cards: int
) -> None:
    at = today_page()
    assert support_cards(at) == 0
    tap(at, f"quick_mood_{value}")
    tap(at, "quick_save")
    assert [r["mood"] for r in moods(journal)] == [value]
    assert at.success[0].value.startswith(f"Saved your mood: {value}/10")
    assert support_cards(at) == cards
