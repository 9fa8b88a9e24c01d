"""Today's sections on journals built in code: the standing in words and whole percentages, the
day's mean mood at one decimal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard.sections import today as sections
from dashboard.store import Store

START = dt.date(2026, 1, 1)
HOUR = 4


def test_streak_and_period_line(make_store: Callable[..., Store]) -> None:
    store = make_store(milestones=[{"on": START, "kind": "no_contact_start", "title": ""}])
    # 1–3 Jan: a 3-day run, no break; three days are too few for a share in the period line.
    section = sections.standing(store, None, dt.date(2026, 1, 3), HOUR)
    figures = {f.label: f.value for f in section.figures}
    assert section.data.lead == "streak"
    assert figures["Current run"] == "3 days"
    assert figures["Adherence"] == "100%"
    assert (section.data.progress, section.data.progress_text) == (0.1, "3 of 30 days")
    assert section.notes == (
        "Up to 3 Jan 2026: 3 of 3 no-contact days were break-free; 0 urges resisted, 0 breaks.",
    )


def test_after_a_slip_strength_leads(make_store: Callable[..., Store]) -> None:
    store = make_store(
        milestones=[{"on": START, "kind": "no_contact_start", "title": ""}],
        contacts=[{"at": dt.datetime(2026, 1, 10, 20, 0), "initiator": "me", "channel": "text"}],
    )
    section = sections.standing(store, None, dt.date(2026, 1, 10), HOUR)
    assert section.data.lead == "strength"
    assert section.caption.endswith("Tomorrow is a fresh day to build on.")
    # 10 no-contact days, one with a break: 9 of 10 = 90%.
    assert section.notes[0].startswith("Up to 10 Jan 2026: 90% of 10 no-contact days")
    assert section.notes[0].endswith("0 urges resisted, 1 break.")


def test_mood_today(make_store: Callable[..., Store]) -> None:
    day = dt.date(2026, 1, 5)
    store = make_store(
        mood=[
            {"at": dt.datetime.combine(day, dt.time(h)), "mood": m}
            for h, m in ((8, 4), (12, 6), (21, 9))
        ]
    )
    section = sections.mood_today(store, None, day, HOUR)
    # (4 + 6 + 9) / 3 = 6.333 -> 6.3; the latest is the 21:00 entry.
    assert [(f.label, f.value, f.explanation) for f in section.figures] == [
        ("Latest", "9/10", "at 21:00"),
        ("Mean today", "6.3", "3 entries"),
    ]
    empty = sections.mood_today(store, None, day + dt.timedelta(days=1), HOUR)
    assert empty.figures == () and empty.empty_text == "Nothing logged yet today."
