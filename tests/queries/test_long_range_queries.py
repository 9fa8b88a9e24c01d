"""Contract tests for the queries that keep long ranges light: nc_weekly, nc_weekly_outcomes and
metric_streaks. Rows worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.store import sql_params

D = dt.date
PARAMS = {"day_start_hour": 4, "since": None}


def me(at: str) -> dict:
    return {"at": at, "initiator": "me", "channel": "text"}


def urge(at: str, outcome: str) -> dict:
    return {"at": at, "intensity": 5, "outcome": outcome}


@pytest.fixture
def story(make_store):
    # The first day with data is Sat 3 Jan 2026 (a mood entry); no contact from Tue 6 Jan.
    return make_store(
        milestones=[
            {"on": "2026-01-06", "kind": "no_contact_start"},
            {"on": "2026-01-20", "kind": "reconnected"},  # NC ends on Jan 19
            {"on": "2026-01-25", "kind": "no_contact_start"},
        ],
        mood=[
            {"at": "2026-01-03T12:00", "mood": 5},
            {"at": "2026-01-03T20:00", "mood": 6},
            {"at": "2026-01-04T02:00", "mood": 4},  # tracking day Jan 3
            {"at": "2026-01-10T12:00", "mood": 7},
        ],
        contacts=[
            me("2026-01-04T12:00"),  # before no contact: not a break
            me("2026-01-07T12:00"),
            me("2026-01-13T12:00"),
            me("2026-01-14T01:00"),  # tracking day Jan 13
        ],
        urges=[
            urge("2026-01-04T12:00", "resisted"),  # not a no-contact day
            urge("2026-01-07T13:00", "peeked"),  # a break outranks it
            urge("2026-01-08T12:00", "peeked"),
            urge("2026-01-08T13:00", "resisted"),  # the peek outranks it
            urge("2026-01-09T12:00", "resisted"),
        ],
    )


def test_nc_weekly(story):
    df = story.query("nc_weekly", PARAMS | {"as_of": D(2026, 1, 14)})
    got = [
        (
            r.week.date(),
            r.year,
            r.week_of_year,
            r.days,
            r.nc_days,
            (r.break_days, r.peek_days, r.urge_days, r.clean_days),
            (r.breaks, r.urges_resisted, r.peeks),
        )
        for r in df.itertuples()
    ]
    assert got == [
        # Mon 29 Dec 2025 is ISO week 1 of 2026; the range starts on Sat Jan 3: 2 days, no NC;
        # the urge resisted on Jan 4 is counted as on the daily calendar, the contact is not a
        # break.
        (D(2025, 12, 29), 2026, 1, 2, 0, (0, 0, 0, 0), (0, 1, 0)),
        # Jan 5..11, NC from Jan 6: break Jan 7, peek Jan 8, urge Jan 9, clean 6, 10, 11.
        (D(2026, 1, 5), 2026, 2, 7, 6, (1, 1, 1, 3), (1, 2, 2)),
        # Jan 12..14: two breaks on Jan 13, clean 12 and 14.
        (D(2026, 1, 12), 2026, 3, 3, 3, (1, 0, 0, 2), (2, 0, 0)),
    ]
    since = story.query("nc_weekly", PARAMS | {"as_of": D(2026, 1, 14), "since": D(2026, 1, 9)})
    assert since["days"].tolist() == [3, 3]  # Jan 9..11 and Jan 12..14


def test_nc_weekly_is_empty_without_data(store):
    assert store.query("nc_weekly", PARAMS | {"as_of": D(2026, 1, 14)}).empty


def test_nc_weekly_outcomes(story):
    params = PARAMS | {"as_of": D(2026, 1, 14)}
    weeks = story.query("nc_weekly_outcomes", params | {"grain": "week"})
    got = [(r.period.date(), r.urges_resisted, r.peeks, r.breaks) for r in weeks.itertuples()]
    # No-contact days only: the Jan 4 urge is left out.
    assert got == [(D(2026, 1, 5), 2, 2, 1), (D(2026, 1, 12), 0, 0, 2)]
    months = story.query("nc_weekly_outcomes", params | {"grain": "month"})
    got = [(r.period.date(), r.urges_resisted, r.peeks, r.breaks) for r in months.itertuples()]
    assert got == [(D(2026, 1, 1), 2, 2, 3)]
    since = story.query("nc_weekly_outcomes", params | {"grain": "week", "since": D(2026, 1, 9)})
    got = [(r.period.date(), r.urges_resisted, r.peeks, r.breaks) for r in since.itertuples()]
    assert got == [(D(2026, 1, 5), 1, 0, 0), (D(2026, 1, 12), 0, 0, 2)]


def test_metric_streaks(story):
    df = story.query("metric_streaks", PARAMS | {"as_of": D(2026, 1, 26)})
    got = [(r.start.date(), r.end.date(), r.days, r.ended_by) for r in df.itertuples()]
    # NC Jan 6..19 and Jan 25..26; breaks on Jan 7 and Jan 13.
    assert got == [
        (D(2026, 1, 6), D(2026, 1, 6), 1, "break"),
        (D(2026, 1, 8), D(2026, 1, 12), 5, "break"),
        (D(2026, 1, 14), D(2026, 1, 19), 6, "nc ended"),
        (D(2026, 1, 25), D(2026, 1, 26), 2, "ongoing"),
    ]
    since = story.query(
        "metric_streaks", PARAMS | {"as_of": D(2026, 1, 12), "since": D(2026, 1, 10)}
    )
    got = [(r.start.date(), r.end.date(), r.days, r.ended_by) for r in since.itertuples()]
    assert got == [(D(2026, 1, 10), D(2026, 1, 12), 3, "ongoing")]


def test_long_range_query_parameters():
    assert sql_params("nc_weekly") == {"as_of", "since", "day_start_hour"}
    assert sql_params("nc_weekly_outcomes") == {"as_of", "since", "day_start_hour", "grain"}
    assert sql_params("metric_streaks") == {"as_of", "since", "day_start_hour"}
