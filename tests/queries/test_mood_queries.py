"""Contract tests for the mood_* and recent_* queries on a small fixture with hand-worked rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from dashboard.store import Store

D = dt.date
MOOD = [
    # 2026-01-05 is a Monday. Day start 04:00, so m3 (02:00 on the 6th) counts for the 5th.
    {
        "at": "2026-01-05T10:00",
        "mood": 4,
        "emotions": ["sad", "lonely"],
        "activities": ["work", "friends"],
    },
    {"at": "2026-01-05T20:00", "mood": 6, "emotions": ["sad"], "activities": ["friends"]},
    {"at": "2026-01-06T02:00", "mood": 2, "emotions": ["lonely"], "activities": ["alcohol"]},
    {
        "at": "2026-01-07T09:00",
        "mood": 7,
        "emotions": ["calm"],
        "activities": ["friends", "exercise"],
    },
    {"at": "2026-01-09T09:00", "mood": 8, "activities": ["friends"]},
    {"at": "2026-01-13T09:00", "mood": 3, "emotions": ["sad"], "activities": ["work"]},
    # 03:59 on Wednesday the 14th still belongs to Tuesday the 13th.
    {"at": "2026-01-14T03:59", "mood": 5, "activities": ["work"]},
]
CONTACTS = [
    {"at": "2026-01-08T23:00", "initiator": "me", "channel": "text", "got_response": False},
    {"at": "2026-01-10T12:00", "initiator": "them", "channel": "in_person"},
]
URGES = [
    {"at": "2026-01-06T22:00", "intensity": 7, "outcome": "resisted"},
    {"at": "2026-01-11T21:00", "intensity": 3, "outcome": "peeked"},
]
MILESTONES = [
    {"on": "2026-01-01", "kind": "breakup"},
    {"on": "2026-01-05", "kind": "no_contact_start", "title": "Day one"},
]


@pytest.fixture
def journal(make_store: Callable[..., Store]) -> Store:
    return make_store(mood=MOOD, contacts=CONTACTS, urges=URGES, milestones=MILESTONES)


def rows(df: pd.DataFrame) -> list[tuple]:
    """Rows as plain tuples (dates as date, NaN as None) so they compare with hand-written ones."""
    out = []
    for rec in df.itertuples(index=False):
        values = []
        for v in rec:
            if not isinstance(v, list | tuple) and not hasattr(v, "__len__") and pd.isna(v):
                v = None
            elif isinstance(v, pd.Timestamp):
                v = v.date() if v == v.normalize() and v.hour == 0 else v.to_pydatetime()
            elif hasattr(v, "item"):
                v = v.item()
            values.append(v)
        out.append(tuple(values))
    return out


UNTIL = D(2026, 1, 20)


def params(since: dt.date | None = None, until: dt.date = UNTIL) -> dict:
    return {"day_start_hour": 4, "since": since, "until": until}


def test_mood_daily_means_and_rolling_week(journal: Store) -> None:
    df = journal.query("mood_daily", params())
    assert list(df.columns) == ["day", "mean_mood", "entries", "rolling_mean"]
    assert rows(df) == [
        (D(2026, 1, 5), 4.0, 3, 4.0),  # (4 + 6 + 2) / 3 = 4; rolling over the 5th alone
        (D(2026, 1, 7), 7.0, 1, 5.5),  # rolling 1st–7th: (4 + 7) / 2
        (D(2026, 1, 9), 8.0, 1, 6.333),  # rolling 3rd–9th: (4 + 7 + 8) / 3 = 6.333
        (D(2026, 1, 13), 4.0, 2, 6.333),  # (3 + 5) / 2 = 4; rolling 7th–13th: (7 + 8 + 4) / 3
    ]


def test_mood_daily_range_keeps_the_week_before_for_the_rolling_mean(journal: Store) -> None:
    df = journal.query("mood_daily", params(D(2026, 1, 7), D(2026, 1, 12)))
    # The 13th is after `until`; the 7th's rolling mean still sees the 5th: (4 + 7) / 2.
    assert rows(df) == [(D(2026, 1, 7), 7.0, 1, 5.5), (D(2026, 1, 9), 8.0, 1, 6.333)]


def test_mood_daily_empty(store: Store) -> None:
    assert store.query("mood_daily", params()).empty


def test_mood_weekly(journal: Store) -> None:
    df = journal.query("mood_weekly", params())
    assert list(df.columns) == ["week", "mean_mood", "days_logged", "entries", "rolling_mean"]
    assert rows(df) == [
        # Week of Mon 5th: daily means 4, 7, 8 -> 19 / 3 = 6.333; 3 days, 3 + 1 + 1 entries.
        (D(2026, 1, 5), 6.333, 3, 5, 6.333),
        # Week of Mon 12th: the 13th only (4.0, 2 entries); rolling (19/3 + 4) / 2 = 5.167.
        (D(2026, 1, 12), 4.0, 1, 2, 5.167),
    ]


def test_mood_weekday(journal: Store) -> None:
    df = journal.query("mood_weekday", params())
    assert rows(df) == [
        (1, "Mon", 4.0, 3, 1),  # 4, 6 and the 02:00 entry (2) on Monday the 5th
        (2, "Tue", 4.0, 2, 1),  # 3 and the 03:59 entry (5) on Tuesday the 13th
        (3, "Wed", 7.0, 1, 1),
        (5, "Fri", 8.0, 1, 1),
    ]


def test_mood_emotions(journal: Store) -> None:
    df = journal.query("mood_emotions", {**params(), "top": 15})
    assert rows(df) == [
        ("sad", 3, 0.429, 7, 4.333),  # entries 1, 2, 6: 3 of 7; moods (4 + 6 + 3) / 3
        ("lonely", 2, 0.286, 7, 3.0),  # entries 1, 3: 2 of 7; moods (4 + 2) / 2
        ("calm", 1, 0.143, 7, 7.0),
    ]
    assert rows(journal.query("mood_emotions", {**params(), "top": 1})) == [
        ("sad", 3, 0.429, 7, 4.333)
    ]


def test_mood_emotions_in_a_range(journal: Store) -> None:
    df = journal.query("mood_emotions", {**params(D(2026, 1, 7), D(2026, 1, 9)), "top": 15})
    # Entries on the 7th (calm) and the 9th (no emotions): calm in 1 of 2.
    assert rows(df) == [("calm", 1, 0.5, 2, 7.0)]


def test_mood_activities(journal: Store) -> None:
    df = journal.query("mood_activities", {**params(), "min_days": 2, "top": 20})
    with_and_without = ["days_with", "mean_with", "days_without", "mean_without"]
    assert list(df.columns) == ["activity", *with_and_without, "difference"]
    # Days and their means: 5th 4.0 (work, friends, alcohol), 7th 7.0 (friends, exercise),
    # 9th 8.0 (friends), 13th 4.0 (work). Alcohol and exercise have one day each.
    assert rows(df) == [
        ("friends", 3, 6.333, 1, 4.0, 2.333),  # (4 + 7 + 8) / 3 vs 4
        ("work", 2, 4.0, 2, 7.5, -3.5),  # (4 + 4) / 2 vs (7 + 8) / 2
    ]
    top1 = journal.query("mood_activities", {**params(), "min_days": 2, "top": 1})
    assert rows(top1) == [("friends", 3, 6.333, 1, 4.0, 2.333)]  # the most days wins the cut


def test_mood_activities_leaves_out_an_activity_on_every_day(journal: Store) -> None:
    # 5th–9th: friends is on all three days, so there is nothing to compare it with.
    df = journal.query(
        "mood_activities", {**params(D(2026, 1, 5), D(2026, 1, 9)), "min_days": 1, "top": 20}
    )
    assert rows(df) == [
        ("exercise", 1, 7.0, 2, 6.0, 1.0),  # 7 vs (4 + 8) / 2
        ("alcohol", 1, 4.0, 2, 7.5, -3.5),  # 4 vs (7 + 8) / 2
        ("work", 1, 4.0, 2, 7.5, -3.5),
    ]
    # Friends has the most days, but being on every day it takes no place in the top two:
    # exercise, alcohol and work have one day each, and by name alcohol and exercise come first.
    top2 = journal.query(
        "mood_activities", {**params(D(2026, 1, 5), D(2026, 1, 9)), "min_days": 1, "top": 2}
    )
    assert rows(top2) == [
        ("exercise", 1, 7.0, 2, 6.0, 1.0),
        ("alcohol", 1, 4.0, 2, 7.5, -3.5),
    ]


def test_mood_day(journal: Store) -> None:
    df = journal.query("mood_day", {"day_start_hour": 4, "day": D(2026, 1, 5)})
    # 4, 6 and the 02:00 entry of the 6th (2): mean 4, the latest one is the 02:00 one.
    assert rows(df) == [(3, 4.0, 2, dt.datetime(2026, 1, 6, 2, 0))]
    midnight = journal.query("mood_day", {"day_start_hour": 0, "day": D(2026, 1, 5)})
    assert rows(midnight) == [(2, 5.0, 6, dt.datetime(2026, 1, 5, 20, 0))]  # (4 + 6) / 2
    empty = journal.query("mood_day", {"day_start_hour": 4, "day": D(2026, 1, 6)})
    assert rows(empty) == [(0, None, None, None)]


def test_mood_activity_words(journal: Store) -> None:
    df = journal.query("mood_activity_words", {"top": 3})
    # friends in entries 1, 2, 4, 5; work in 1, 6, 7; alcohol and exercise once (by name).
    assert rows(df) == [("friends", 4), ("work", 3), ("alcohol", 1)]


def test_recent_tables_newest_first(journal: Store) -> None:
    mood = journal.query("recent_mood", {"limit": 2})
    assert list(mood.columns)[:3] == ["id", "at", "mood"]
    assert [int(m) for m in mood["mood"]] == [5, 3]  # the 14th 03:59, then the 13th
    contacts = journal.query("recent_contacts", {"limit": 20})
    assert list(contacts["initiator"]) == ["them", "me"]
    urges = journal.query("recent_urges", {"limit": 1})
    assert list(urges["outcome"]) == ["peeked"]
    milestones = journal.query("recent_milestones", {"limit": 20})
    assert list(milestones["kind"]) == ["no_contact_start", "breakup"]
    assert "on" in milestones.columns


def test_recent_all(journal: Store) -> None:
    df = journal.query("recent_all", {"limit": 20})
    assert list(df.columns) == ["kind", "id", "at", "summary"]
    assert [(k, s) for k, s in zip(df["kind"], df["summary"], strict=True)] == [
        ("mood", "Mood 5/10"),  # 14th 03:59
        ("mood", "Mood 3/10"),  # 13th 09:00
        ("urge", "Urge 3/10, peeked"),  # 11th 21:00
        ("contact", "They reached out (in person)"),  # 10th 12:00
        ("mood", "Mood 8/10"),  # 9th
        ("contact", "You reached out (text)"),  # 8th 23:00
        ("mood", "Mood 7/10"),  # 7th
        ("urge", "Urge 7/10, resisted"),  # 6th 22:00
        ("mood", "Mood 2/10"),  # 6th 02:00
        ("mood", "Mood 6/10"),  # 5th 20:00
        ("mood", "Mood 4/10"),  # 5th 10:00
        ("milestone", "no contact start: Day one"),  # the 5th at midnight
        ("milestone", "breakup"),  # the 1st
    ]
    assert len(journal.query("recent_all", {"limit": 4})) == 4


def test_mood_day_latest_of_the_same_minute_is_the_one_saved_last(make_store) -> None:
    s = make_store(
        mood=[
            {"at": "2026-01-05T20:00", "mood": 7},
            {"at": "2026-01-05T21:30", "mood": 3},
            {"at": "2026-01-05T21:30", "mood": 8},  # saved after the 3, in the same minute
        ]
    )
    df = s.query("mood_day", {"day_start_hour": 4, "day": D(2026, 1, 5)})
    # Mean (7 + 3 + 8) / 3 = 6; the latest is the 8, saved last at 21:30.
    assert rows(df) == [(3, 6.0, 8, dt.datetime(2026, 1, 5, 21, 30))]
