"""Contract tests for the one-row metric queries (metric_no_contact, metric_mood, metric_relapse).

Each returns a single row whatever the length of the history; the rows are worked out by hand.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.store import sql_params

D = dt.date
M = 0.5 ** (1 / 13)  # the spec's strength memory
PARAMS = {
    "day_start_hour": 4,
    "since": None,
    "strength_memory": M,
    "low_mood": 3,
    "late_hours": [22, 23, 0, 1, 2, 3],
}


def me(at: str, **kw) -> dict:
    return {"at": at, "initiator": "me", "channel": "text", **kw}


def row(store, name: str, **params) -> dict:
    df = store.query(name, PARAMS | params)
    assert len(df) == 1
    return df.iloc[0].to_dict()


# -- metric_no_contact -----------------------------------------------------------------------
@pytest.fixture
def nc_story(make_store):
    return make_store(
        milestones=[{"on": "2026-01-02", "kind": "no_contact_start"}],
        contacts=[
            me("2026-01-01T12:00"),  # before no contact: not a break
            me("2026-01-04T10:00"),
            me("2026-01-04T18:00"),  # two breaks on Jan 4
            me("2026-01-07T02:00"),  # tracking day Jan 6
            {"at": "2026-01-05T12:00", "initiator": "them", "channel": "call"},  # not a break
        ],
        urges=[
            {"at": "2026-01-01T12:00", "intensity": 4, "outcome": "resisted"},  # not NC
            {"at": "2026-01-03T12:00", "intensity": 4, "outcome": "resisted"},
            {"at": "2026-01-08T12:00", "intensity": 4, "outcome": "peeked"},
        ],
    )


def test_metric_no_contact(nc_story):
    got = row(nc_story, "metric_no_contact", as_of=D(2026, 1, 8))
    # NC days Jan 2..8 = 7; breaks on Jan 4 (2) and Jan 6 (1); clean: 2, 3, 5, 7, 8.
    # Runs: Jan 2-3 (2), Jan 5 (1), Jan 7-8 (2, ends on as_of).
    assert pd.Timestamp(got["last_nc_day"]).date() == D(2026, 1, 8)
    assert (got["nc_days"], got["breaks"], got["break_days"]) == (7, 3, 2)
    assert (got["urges_resisted"], got["peeks"]) == (1, 1)
    assert (got["longest_streak_days"], got["current_streak_days"]) == (2, 2)
    # clean = 1, 1, 0, 1, 0, 1, 1: s7 = (1 - M) * (M^6 + M^5 + M^3 + M + 1)
    assert got["strength"] == pytest.approx((1 - M) * (M**6 + M**5 + M**3 + M + 1))
    assert got["current_period_days"] == 7  # Jan 2..8, breaks or not


def test_metric_no_contact_on_a_break_day_and_from_since(nc_story):
    on_break = row(nc_story, "metric_no_contact", as_of=D(2026, 1, 6))
    assert on_break["current_streak_days"] == 0  # Jan 6 has a break
    assert on_break["nc_days"] == 5  # Jan 2..6
    assert on_break["current_period_days"] == 5
    since = row(nc_story, "metric_no_contact", as_of=D(2026, 1, 8), since=D(2026, 1, 5))
    # Jan 5..8: clean, break, clean, clean
    assert (since["nc_days"], since["breaks"], since["break_days"]) == (4, 1, 1)
    assert (since["longest_streak_days"], since["current_streak_days"]) == (2, 2)
    assert (since["urges_resisted"], since["peeks"]) == (0, 1)
    assert since["strength"] == pytest.approx((1 - M) * (M**3 + M + 1))
    assert since["current_period_days"] == 4  # from since: Jan 5..8


def test_metric_no_contact_without_no_contact(store):
    got = row(store, "metric_no_contact", as_of=D(2026, 1, 8))
    assert (got["nc_days"], got["breaks"], got["longest_streak_days"]) == (0, 0, 0)
    assert pd.isna(got["last_nc_day"]) and pd.isna(got["strength"])
    assert pd.isna(got["current_period_days"])


def test_metric_no_contact_current_period_is_the_open_one(make_store):
    s = make_store(
        milestones=[
            {"on": "2026-01-02", "kind": "no_contact_start"},
            {"on": "2026-01-10", "kind": "reconnected"},  # first period Jan 2..9
            {"on": "2026-01-20", "kind": "no_contact_start"},
        ]
    )
    ended = row(s, "metric_no_contact", as_of=D(2026, 1, 15))
    assert ended["nc_days"] == 8 and pd.isna(ended["current_period_days"])
    second = row(s, "metric_no_contact", as_of=D(2026, 1, 22))
    # Jan 20..22 = 3; nc_days adds the first period's 8.
    assert (second["current_period_days"], second["nc_days"]) == (3, 11)


# -- metric_mood -----------------------------------------------------------------------------
@pytest.fixture
def mood_story(make_store):
    return make_store(
        milestones=[{"on": "2026-01-04", "kind": "no_contact_start"}],
        mood=[
            {"at": "2026-01-01T12:00", "mood": 2},
            {"at": "2026-01-03T12:00", "mood": 3},
            {"at": "2026-01-03T20:00", "mood": 4},  # Jan 3 mean 3.5: not low
            {"at": "2026-01-04T12:00", "mood": 3},  # low (<= 3)
            {"at": "2026-01-05T12:00", "mood": 1},
            {"at": "2026-01-06T02:00", "mood": 2},  # tracking day Jan 5: mean 1.5
        ],
    )


def test_metric_mood(mood_story):
    got = row(mood_story, "metric_mood", as_of=D(2026, 1, 5))
    # 6 entries on Jan 1, 3, 4, 5; 2 + 3 + 4 + 3 + 1 + 2 = 15; all within Dec 30..Jan 5.
    assert (got["entries"], got["days_logged"], got["mood_sum"]) == (6, 4, 15)
    assert (got["last7_entries"], got["last7_sum"]) == (6, 15)
    assert got["min_last_3d"] == 1  # Jan 3..5
    # NC days Jan 4, 5: 3 + 1 + 2 = 6 over 3 entries
    assert (got["nc_entries"], got["nc_mood_sum"]) == (3, 6)
    assert got["current_low_run_days"] == 2  # Jan 5 and Jan 4; Jan 3 (3.5) ends it
    # Lowest per day: Jan 1 2, Jan 3 3, Jan 4 3, Jan 5 1 -> all four are low (<= 3).
    assert got["low_days_7d"] == 4
    assert got["latest_two_days_min"] == 1  # Jan 5 (1, 2) and Jan 4 (3)


def test_metric_mood_a_day_without_entries_ends_the_low_run(mood_story):
    got = row(mood_story, "metric_mood", as_of=D(2026, 1, 6))
    assert got["current_low_run_days"] == 0
    assert got["min_last_3d"] == 1  # Jan 4..6
    since = row(mood_story, "metric_mood", as_of=D(2026, 1, 5), since=D(2026, 1, 4))
    assert (since["entries"], since["days_logged"], since["mood_sum"]) == (3, 2, 6)
    assert since["current_low_run_days"] == 2
    assert (since["low_days_7d"], since["latest_two_days_min"]) == (2, 1)  # Jan 4, 5
    # Jan 8: the window Jan 2..8 holds Jan 3, 4, 5; Jan 1 has left it.
    later = row(mood_story, "metric_mood", as_of=D(2026, 1, 8))
    assert later["low_days_7d"] == 3 and pd.isna(later["min_last_3d"])  # nothing Jan 6..8


def test_metric_mood_empty(store):
    got = row(store, "metric_mood", as_of=D(2026, 1, 5))
    assert (got["entries"], got["days_logged"], got["current_low_run_days"]) == (0, 0, 0)
    assert got["min_last_3d"] is None or pd.isna(got["min_last_3d"])
    assert got["low_days_7d"] == 0 and pd.isna(got["latest_two_days_min"])


# -- metric_relapse --------------------------------------------------------------------------
def test_metric_relapse(make_store):
    s = make_store(
        milestones=[{"on": "2026-01-02", "kind": "no_contact_start"}],
        mood=[
            {"at": "2026-01-02T08:00", "mood": 5},  # exactly at break 1's window start: in
            {"at": "2026-01-02T10:00", "mood": 2},
            {"at": "2026-01-02T21:00", "mood": 4},
            {"at": "2026-01-03T09:00", "mood": 6},
            {"at": "2026-01-03T09:30", "mood": 9},  # exactly at break 2: not in its window
        ],
        contacts=[
            me("2026-01-01T12:00"),  # before no contact
            me("2026-01-03T08:00", trigger=" Alcohol", under_influence=True, got_response=True),
            me("2026-01-03T09:30", trigger="alcohol", got_response=False),
            me("2026-01-03T23:00", trigger="loneliness"),
            me("2026-01-04T01:00", trigger="Boredom"),  # tracking day Jan 3, hour 1
            me("2026-01-05T12:00", trigger="zzz"),
            {"at": "2026-01-03T12:00", "initiator": "them", "channel": "text", "trigger": "x"},
        ],
    )
    got = row(s, "metric_relapse", as_of=D(2026, 1, 6))
    assert got["breaks"] == 5
    assert got["late_night"] == 2  # 23:00 and 01:00
    assert got["under_influence"] == 1
    assert (got["known_response"], got["got_response"]) == (2, 1)
    # windows [b - 24h, b): b1 Jan 3 08:00 -> 5, 2, 4; b2 09:30 -> 2, 4, 6; b3 23:00 -> 6, 9;
    # b4 Jan 4 01:00 -> 6, 9; b5 Jan 5 12:00 -> none. n = 3 + 3 + 2 + 2 = 10;
    # sum = 11 + 12 + 15 + 15 = 53
    assert (got["mood_n_before"], got["mood_sum_before"]) == (10, 53)
    # alcohol 2; boredom, loneliness and zzz 1 each -> by name, three at most
    assert [(t["trigger"], t["n"]) for t in got["top_triggers"]] == [
        ("alcohol", 2),
        ("boredom", 1),
        ("loneliness", 1),
    ]
    since = row(s, "metric_relapse", as_of=D(2026, 1, 6), since=D(2026, 1, 4))
    assert (since["breaks"], since["mood_n_before"]) == (1, 0)  # only the Jan 5 one


def test_metric_relapse_empty(store):
    got = row(store, "metric_relapse", as_of=D(2026, 1, 6))
    assert (got["breaks"], got["mood_n_before"], got["mood_sum_before"]) == (0, 0, 0)
    assert list(got["top_triggers"]) == []


def test_summary_query_parameters():
    assert sql_params("metric_no_contact") == {
        "as_of",
        "since",
        "day_start_hour",
        "strength_memory",
    }
    assert sql_params("metric_mood") == {"as_of", "since", "day_start_hour", "low_mood"}
    assert sql_params("metric_relapse") == {"as_of", "since", "day_start_hour", "late_hours"}
