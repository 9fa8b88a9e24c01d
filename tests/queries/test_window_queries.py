"""The edges of the windowed queries (issue 14 point 2): each window's exact ends, entries at
the same minute as a contact or a break, windows across midnight, and the entries the queries
leave unread because they cannot fall in any window. Expected rows worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

D = dt.date
HOUR = 4


def _contact(at: str, initiator: str = "me") -> dict:
    return {"at": at, "initiator": initiator, "channel": "text"}


# -- patterns_mood_around_contact -------------------------------------------------------------
# Contacts: A mine Tue 10 Mar 12:00; B theirs Wed 11 Mar 00:30 (tracking day 10 Mar); C mine
# Fri 20 Mar 09:00. Windows: A before [8 Mar 12:00, 10 Mar 12:00), after [10 Mar 12:00,
# 12 Mar 12:00); B before [9 Mar 00:30, 11 Mar 00:30), after [11 Mar 00:30, 13 Mar 00:30);
# C before [18 Mar 09:00, 20 Mar 09:00), after [20 Mar 09:00, 22 Mar 09:00).
MOOD_AROUND = [
    {"at": "2026-03-01T10:00", "mood": 9},  # e1: before every window
    {"at": "2026-03-08T12:00", "mood": 2},  # e2: A's start exactly (in); before B's start
    {"at": "2026-03-09T23:00", "mood": 4},  # e3: A before, B before
    {"at": "2026-03-10T12:00", "mood": 6},  # e4: at A exactly (after A), B before
    {"at": "2026-03-11T00:30", "mood": 5},  # e5: at B exactly (after B), A after
    {"at": "2026-03-12T12:00", "mood": 8},  # e6: A's end exactly (out), B after
    {"at": "2026-03-20T08:59", "mood": 3},  # e7: C before
    {"at": "2026-03-21T10:00", "mood": 7},  # e8: C after
    {"at": "2026-03-22T09:00", "mood": 10},  # e9: C's end exactly (out)
]


@pytest.fixture
def around(make_store):
    return make_store(
        name="around",
        contacts=[
            _contact("2026-03-10T12:00"),
            _contact("2026-03-11T00:30", "them"),
            _contact("2026-03-20T09:00"),
        ],
        mood=MOOD_AROUND,
    )


def test_mood_around_contact_window_ends(around, plain_rows):
    p = {"since": None, "until": D(2026, 3, 22), "day_start_hour": HOUR}
    # Mine (A, C): before e2 2, e3 4 (A) and e7 3 (C) -> 9 / 3; after e4 6, e5 5 (A) and
    # e8 7 (C) -> 18 / 3. Theirs (B): before e3 4, e4 6 -> 5; after e5 5, e6 8 -> 6.5.
    assert plain_rows(around.query("patterns_mood_around_contact", p)) == [
        ("me", "before", 2, 3, 3.0),
        ("me", "after", 2, 3, 6.0),
        ("them", "before", 1, 2, 5.0),
        ("them", "after", 1, 2, 6.5),
    ]


def test_mood_around_contact_reads_a_period_alone(around, plain_rows):
    # From 15 Mar only C is in the period; e1–e6 lie before its window and count nowhere.
    p = {"since": D(2026, 3, 15), "until": D(2026, 3, 22), "day_start_hour": HOUR}
    assert plain_rows(around.query("patterns_mood_around_contact", p)) == [
        ("me", "before", 1, 1, 3.0),
        ("me", "after", 1, 1, 7.0),
    ]
    # As of 20 Mar, e8 (21 Mar) is not logged yet: C's after window is empty.
    p = {"since": D(2026, 3, 15), "until": D(2026, 3, 20), "day_start_hour": HOUR}
    assert plain_rows(around.query("patterns_mood_around_contact", p)) == [
        ("me", "before", 1, 1, 3.0),
        ("me", "after", 1, 0, None),
    ]


def test_mood_around_contact_follows_each_write(make_store, plain_rows):
    # The same story written one entry at a time, read after each write: the contacts' days
    # are grouped once and then only the days around each added row again.
    store = make_store(name="one_by_one")
    p = {"since": None, "until": D(2026, 3, 22), "day_start_hour": HOUR}

    def read() -> list[tuple]:
        return plain_rows(store.query("patterns_mood_around_contact", p))

    assert read() == []
    store.add("contacts", _contact("2026-03-10T12:00"))
    store.add("contacts", _contact("2026-03-11T00:30", "them"))
    assert read() == [
        ("me", "before", 1, 0, None),
        ("me", "after", 1, 0, None),
        ("them", "before", 1, 0, None),
        ("them", "after", 1, 0, None),
    ]
    for entry in MOOD_AROUND[:4]:
        store.add("mood", entry)
        read()
    # e1 is in no window; A: before e2 2, e3 4, after e4 6; B: before e3 4, e4 6.
    assert read() == [
        ("me", "before", 1, 2, 3.0),
        ("me", "after", 1, 1, 6.0),
        ("them", "before", 1, 2, 5.0),
        ("them", "after", 1, 0, None),
    ]
    store.add("mood", MOOD_AROUND[4])
    store.add("mood", MOOD_AROUND[5])
    store.add("contacts", _contact("2026-03-20T09:00"))
    for entry in MOOD_AROUND[6:]:
        read()
        store.add("mood", entry)
    # As test_mood_around_contact_window_ends worked it out for the whole story at once.
    assert read() == [
        ("me", "before", 2, 3, 3.0),
        ("me", "after", 2, 3, 6.0),
        ("them", "before", 1, 2, 5.0),
        ("them", "after", 1, 2, 6.5),
    ]


# -- patterns_urge_before_break ---------------------------------------------------------------
# No contact from Sun 5 Apr. Breaks: b1 Mon 6 Apr 00:30 (tracking day 5 Apr), b2 and b3 both
# Wed 8 Apr 21:00. My contact of 5 Apr 02:00 (tracking day 4 Apr) is no break, nor is theirs.
# Windows: b1 [5 Apr 00:30, 6 Apr 00:30); b2 and b3 [7 Apr 21:00, 8 Apr 21:00).
URGES = [
    {"at": "2026-04-04T12:00", "mood": 5, "urge": 8},  # r1: before every window, not NC
    {"at": "2026-04-05T00:30", "mood": 5, "urge": 9},  # r2: b1's start exactly (in)
    {"at": "2026-04-05T23:00", "mood": 5, "urge": 7},  # r3: b1 (the break the next date)
    {"at": "2026-04-06T00:30", "mood": 5, "urge": 1},  # r4: at b1 exactly (out), NC 5 Apr
    {"at": "2026-04-07T20:59", "mood": 5, "urge": 10},  # r5: a minute before b2's start
    {"at": "2026-04-07T21:00", "mood": 5, "urge": 3},  # r6: b2's and b3's start (in both)
    {"at": "2026-04-08T09:00", "mood": 5, "urge": 5},  # r7: b2 and b3, the same date
    {"at": "2026-04-08T10:00", "mood": 5},  # no rating
    {"at": "2026-04-12T10:00", "mood": 5, "urge": 2},  # r8: NC, no break after
    {"at": "2026-04-13T02:00", "mood": 5, "urge": 6},  # r9: tracking day 12 Apr
    {"at": "2026-04-13T05:00", "mood": 5, "urge": 4},  # r10: tracking day 13 Apr
]


@pytest.fixture
def urges(make_store):
    return make_store(
        name="urges",
        milestones=[{"on": "2026-04-05", "kind": "no_contact_start"}],
        contacts=[
            _contact("2026-04-05T02:00"),
            _contact("2026-04-06T00:30"),
            _contact("2026-04-08T21:00"),
            _contact("2026-04-08T21:00"),
            _contact("2026-04-10T12:00", "them"),
        ],
        mood=URGES,
    )


def test_urge_before_break_window_ends(urges, plain_rows):
    p = {"since": None, "until": D(2026, 4, 12), "day_start_hour": HOUR}
    # Before a break: b1 r2 9, r3 7; b2 and b3 r6 3, r7 5 each -> 6 ratings, 32 / 6.
    # Other NC days (5–12 Apr) in no window: r4 1, r5 10, r8 2, r9 6 -> 19 / 4; r1 is not an
    # NC day and r10 is after as-of.
    assert plain_rows(urges.query("patterns_urge_before_break", p)) == [
        ("before_break", 6, pytest.approx(32 / 6)),
        ("other", 4, 4.75),
    ]


def test_urge_before_break_reads_the_day_before_the_period(urges, plain_rows):
    # From 8 Apr: b2 and b3 only; r6 (7 Apr, the day before the period) is in their windows.
    # Before: r6 3, r7 5 twice each -> 16 / 4. Other: r8 2, r9 6 -> 4.
    p = {"since": D(2026, 4, 8), "until": D(2026, 4, 12), "day_start_hour": HOUR}
    assert plain_rows(urges.query("patterns_urge_before_break", p)) == [
        ("before_break", 4, 4.0),
        ("other", 2, 4.0),
    ]


# -- hard_days_daily ----------------------------------------------------------------------------
# One entry a day at noon: 1 May 7, 2 May 6, 10 May 1, 21–23 May 2, 3, 3, 26 May 6, 27 May 8.
LOW_MAY = [(1, 7), (2, 6), (10, 1), (21, 2), (22, 3), (23, 3), (26, 6), (27, 8)]


@pytest.fixture
def may(make_store):
    return make_store(
        name="may",
        mood=[{"at": dt.datetime(2026, 5, d, 12), "mood": m} for d, m in LOW_MAY],
    )


def _daily(store, plain_rows, since, until) -> list[tuple]:
    p = {"since": since, "until": until, "day_start_hour": HOUR, "low_mood": 3}
    rows = plain_rows(store.query("hard_days_daily", p))
    return [tuple(None if v is pd.NA else v for v in row) for row in rows]


def test_hard_days_windows_reach_before_the_period(may, plain_rows):
    # 25 May: 21–23 May are three low days of its week; the two latest logged days (22, 23)
    # are low, so the card holds. 26 May: the same three, and 23 May (3) is one of the two
    # latest. 27 May: the two latest are 26 (6) and 27 (8): the way out. 28 May: two low days.
    none = (0, None, None, None, False)
    assert _daily(may, plain_rows, D(2026, 5, 25), D(2026, 5, 28)) == [
        (D(2026, 5, 25), *none, True),
        (D(2026, 5, 26), 1, 6, 6, 6.0, False, True),
        (D(2026, 5, 27), 1, 8, 8, 8.0, False, False),
        (D(2026, 5, 28), *none, False),
    ]


def test_hard_days_lowest_mood_of_three_days(may, plain_rows):
    # From the first entry: a 1 on 10 May holds the card that day and the two after.
    none = (0, None, None, None, False)
    rows = _daily(may, plain_rows, None, D(2026, 5, 13))
    assert rows[:2] == [
        (D(2026, 5, 1), 1, 7, 7, 7.0, False, False),
        (D(2026, 5, 2), 1, 6, 6, 6.0, False, False),
    ]
    assert rows[2:9] == [(D(2026, 5, d), *none, False) for d in range(3, 10)]
    assert rows[9:] == [
        (D(2026, 5, 10), 1, 1, 1, 1.0, True, True),
        (D(2026, 5, 11), *none, True),
        (D(2026, 5, 12), *none, True),
        (D(2026, 5, 13), *none, False),
    ]
