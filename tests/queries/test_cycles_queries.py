"""Contract tests for queries/cycles_*.sql, expected rows worked by hand.

The story (day_start_hour 4, as of 1 Dec 2025; 10 Nov 2025 is a Monday):
first meetup 1 Jan; breakup 1 Jun; back together 20 Jun; breakup 1 Sep; breakup again 5 Sep;
therapy 1 Oct; back together 1 Nov; breakup 15 Nov.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import metrics

D = dt.date
UNTIL = D(2025, 12, 1)
PARAMS = {"since": None, "until": UNTIL, "day_start_hour": 4}


@pytest.fixture
def story(make_store):
    return make_store(
        milestones=[
            {"on": "2025-01-01", "kind": "first_meetup", "title": "Met"},
            {"on": "2025-06-01", "kind": "breakup", "title": "First breakup"},
            {"on": "2025-06-20", "kind": "back_together", "title": ""},
            {"on": "2025-09-01", "kind": "breakup", "title": ""},
            {"on": "2025-09-05", "kind": "breakup", "title": "Again"},
            {"on": "2025-10-01", "kind": "therapy_session", "title": ""},
            {"on": "2025-11-01", "kind": "back_together", "title": ""},
            {"on": "2025-11-15", "kind": "breakup", "title": "Last"},
        ],
        mood=[
            {"at": "2025-11-10T10:00", "mood": 4},
            {"at": "2025-11-11T02:00", "mood": 2},  # tracking day 10 Nov
            {"at": "2025-11-12T20:00", "mood": 6},
            {"at": "2025-11-17T09:00", "mood": 8},
            {"at": "2025-12-02T09:00", "mood": 5},  # after as-of
        ],
        contacts=[
            {"at": "2025-11-13T22:00", "initiator": "me", "channel": "text"},
            {"at": "2025-11-14T01:00", "initiator": "me", "channel": "text"},  # day 13 Nov
            {"at": "2025-11-14T12:00", "initiator": "them", "channel": "call"},
            {"at": "2025-11-15T10:00", "initiator": "me", "channel": "text"},  # breakup day
        ],
    )


def test_segments(story, plain_rows):
    df = story.query("cycles_segments", PARAMS)
    assert list(df.columns) == [
        "segment",
        "state",
        "start_on",
        "end_on",
        "title",
        "ended_by",
        "open",
        "counted",
        "days",
        "clipped",
        "began_on",
    ]
    # 1 Jun -> 20 Jun = 19; 20 Jun -> 1 Sep = 10 + 31 + 31 + 1 = 73; 1 Sep -> 5 Sep = 4 (two
    # breakups in a row: not a measured period); 5 Sep -> 1 Nov = 25 + 31 + 1 = 57;
    # 1 Nov -> 15 Nov = 14; 15 Nov -> as of 1 Dec = 16 so far. Without a period nothing is
    # clipped and every stretch began on its own start.
    jun1, jun20, sep1, sep5 = D(2025, 6, 1), D(2025, 6, 20), D(2025, 9, 1), D(2025, 9, 5)
    nov1, nov15 = D(2025, 11, 1), D(2025, 11, 15)
    assert plain_rows(df) == [
        (1, "apart", jun1, jun20, "First breakup", "back_together", False, True, 19, False, jun1),
        (2, "together", jun20, sep1, "", "breakup", False, True, 73, False, jun20),
        (3, "apart", sep1, sep5, "", "breakup", False, False, 4, False, sep1),
        (4, "apart", sep5, nov1, "Again", "back_together", False, True, 57, False, sep5),
        (5, "together", nov1, nov15, "", "breakup", False, True, 14, False, nov1),
        (6, "apart", nov15, None, "Last", None, True, False, 16, False, nov15),
    ]


def test_counted_segments_are_the_cycle_figures(story):
    # The same periods as PRODUCT.md s.4 (and dashboard.metrics): together [73, 14], apart [19, 57].
    df = story.query("cycles_segments", PARAMS)
    counted = df[df["counted"]]
    assert list(counted.loc[counted["state"] == "together", "days"]) == [73, 14]
    assert list(counted.loc[counted["state"] == "apart", "days"]) == [19, 57]
    figures = metrics.compute(story, as_of=UNTIL)["cycles"]
    assert figures["together_periods_days"] == [73, 14]
    assert figures["apart_periods_days"] == [19, 57]


def test_segments_honour_the_period(story, plain_rows):
    # From 3 Sep: the breakup of 1 Sep is carried in, clipped to 3 Sep (3 -> 5 Sep = 2 days in
    # the period, not a measured period); then breakup 5 Sep, back together 1 Nov, breakup 15 Nov.
    sep1, sep3, sep5 = D(2025, 9, 1), D(2025, 9, 3), D(2025, 9, 5)
    nov1, nov10, nov15 = D(2025, 11, 1), D(2025, 11, 10), D(2025, 11, 15)
    df = story.query("cycles_segments", PARAMS | {"since": sep3})
    assert plain_rows(df) == [
        (1, "apart", sep3, sep5, "", "breakup", False, False, 2, True, sep1),
        (2, "apart", sep5, nov1, "Again", "back_together", False, True, 57, False, sep5),
        (3, "together", nov1, nov15, "", "breakup", False, True, 14, False, nov1),
        (4, "apart", nov15, None, "Last", None, True, False, 16, False, nov15),
    ]
    # As of 10 Nov the together period that began on 1 Nov is still open (9 days so far).
    df = story.query("cycles_segments", PARAMS | {"until": nov10})
    assert plain_rows(df)[-1] == (5, "together", nov1, None, "", None, True, False, 9, False, nov1)


def test_segments_carry_in_the_stretch_under_way(story, plain_rows):
    # "Last 30 days"-style view from 20 Nov: no breakup in it, but apart since 15 Nov. One open
    # stretch drawn from 20 Nov through 1 Dec: 11 days in the period, began 15 Nov.
    df = story.query("cycles_segments", PARAMS | {"since": D(2025, 11, 20)})
    assert plain_rows(df) == [
        (1, "apart", D(2025, 11, 20), None, "Last", None, True, False, 11, True, D(2025, 11, 15))
    ]
    # A period starting on a milestone's own day: the stretch before it ends that day, so
    # nothing is carried in (1 Sep -> 5 Sep has no day left in a period from 5 Sep).
    df = story.query("cycles_segments", PARAMS | {"since": D(2025, 9, 5)})
    assert [(r[0], r[1], r[2], r[9]) for r in plain_rows(df)] == [
        (1, "apart", D(2025, 9, 5), False),
        (2, "together", D(2025, 11, 1), False),
        (3, "apart", D(2025, 11, 15), False),
    ]
    # Before the first breakup or reunion there is nothing to carry: the same rows as no period.
    df = story.query("cycles_segments", PARAMS | {"since": D(2025, 2, 1)})
    assert plain_rows(df) == plain_rows(story.query("cycles_segments", PARAMS))


def test_clipped_segments_are_never_counted(story, plain_rows):
    # From 16 Jun: apart since 1 Jun is carried in (16 -> 20 Jun, 4 days) but is not a measured
    # period; the measured ones are those between milestones in the period, as the cycle
    # figures over the same period say: together 20 Jun -> 1 Sep 73 and 1 -> 15 Nov 14,
    # apart 5 Sep -> 1 Nov 57.
    since = D(2025, 6, 16)
    df = story.query("cycles_segments", PARAMS | {"since": since})
    jun1, jun20 = D(2025, 6, 1), D(2025, 6, 20)
    assert plain_rows(df)[0] == (
        1, "apart", since, jun20, "First breakup", "back_together", False, False, 4, True, jun1
    )  # fmt: skip
    counted = df[df["counted"]]
    assert list(counted.loc[counted["state"] == "together", "days"]) == [73, 14]
    assert list(counted.loc[counted["state"] == "apart", "days"]) == [57]
    figures = metrics.compute(story, as_of=UNTIL, since=since)["cycles"]
    assert figures["together_periods_days"] == [73, 14]
    assert figures["apart_periods_days"] == [57]


def test_milestones(story, plain_rows):
    df = story.query("cycles_milestones", PARAMS)
    assert list(df.columns) == ["on", "kind", "title"]
    assert len(df) == 8
    assert plain_rows(df)[0] == (D(2025, 1, 1), "first_meetup", "Met")
    df = story.query("cycles_milestones", PARAMS | {"since": D(2025, 10, 1)})
    assert [r[1] for r in plain_rows(df)] == ["therapy_session", "back_together", "breakup"]


def test_mood_by_day_and_week(story, plain_rows):
    day = story.query("cycles_mood", PARAMS | {"grain": "day"})
    assert list(day.columns) == ["period_start", "entries", "mean_mood", "min_mood", "max_mood"]
    # 10 Nov: 4 and 2 (logged at 02:00 on the 11th) -> mean 3; 2 Dec is after as-of.
    assert plain_rows(day) == [
        (D(2025, 11, 10), 2, 3.0, 2, 4),
        (D(2025, 11, 12), 1, 6.0, 6, 6),
        (D(2025, 11, 17), 1, 8.0, 8, 8),
    ]
    week = story.query("cycles_mood", PARAMS | {"grain": "week"})
    # Week of Mon 10 Nov: (4 + 2 + 6) / 3 = 4.
    assert plain_rows(week) == [(D(2025, 11, 10), 3, 4.0, 2, 6), (D(2025, 11, 17), 1, 8.0, 8, 8)]


def test_before_breakup(story, plain_rows):
    df = story.query("cycles_before_breakup", PARAMS)
    # Four breakups (1 Jun, 1 Sep, 5 Sep, 15 Nov), 14 days each.
    assert len(df) == 4 * 14
    assert df["breakup_on"].nunique() == 4
    last = df[df["breakup_on"] == pd.Timestamp(2025, 11, 15)]
    rows = plain_rows(
        last[["days_before", "day", "mood_entries", "mean_mood", "contacts_me", "contacts_them"]]
    )
    # 14 days before 15 Nov = 1 Nov … 14 Nov, oldest first; the breakup day itself is left out.
    assert rows[0] == (14, D(2025, 11, 1), 0, None, 0, 0)
    assert rows[9] == (5, D(2025, 11, 10), 2, 3.0, 0, 0)
    assert rows[11] == (3, D(2025, 11, 12), 1, 6.0, 0, 0)
    # 13 Nov: my 22:00 text and the 01:00 one (tracking day 13 Nov); 14 Nov: their call.
    assert rows[12] == (2, D(2025, 11, 13), 0, None, 2, 0)
    assert rows[13] == (1, D(2025, 11, 14), 0, None, 0, 1)
    quiet = [r for i, r in enumerate(rows) if i not in (9, 11, 12, 13)]
    assert all(r[2:] == (0, None, 0, 0) for r in quiet)


def test_before_breakup_honours_the_period(story):
    df = story.query("cycles_before_breakup", PARAMS | {"since": D(2025, 11, 1)})
    assert set(df["breakup_on"]) == {pd.Timestamp(2025, 11, 15)}
    assert len(df) == 14


def test_empty_database(store):
    for name in ("cycles_segments", "cycles_milestones", "cycles_before_breakup"):
        assert store.query(name, PARAMS).empty, name
    assert store.query("cycles_mood", PARAMS | {"grain": "day"}).empty
