"""Cycles sections on journals built in code: the mood beneath the timeline follows the Mood
page's grain rule (days logged, not the period's length), and a cycle needs two breakups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from dashboard.sections import cycles as sections
from dashboard.store import Store

FIRST = dt.date(2023, 1, 1)
HOUR = 4


def story(make_store: Callable[..., Store], mood_days: int, name: str) -> Store:
    return make_store(
        name=name,
        milestones=[
            {"on": FIRST, "kind": "breakup", "title": ""},
            {"on": FIRST + dt.timedelta(days=100), "kind": "back_together", "title": ""},
            {"on": FIRST + dt.timedelta(days=300), "kind": "breakup", "title": ""},
        ],
        mood=[
            {"at": dt.datetime.combine(FIRST + dt.timedelta(days=i), dt.time(12)), "mood": 5}
            for i in range(mood_days)
        ],
    )


def test_timeline_mood_grain_follows_days_logged(make_store: Callable[..., Store]) -> None:
    until = FIRST + dt.timedelta(days=1500)  # a period far longer than two years
    # 731 logged days in a long period: still a point per day (the snapshot used to go by the
    # period's length and drew weeks here).
    days = sections.timeline(story(make_store, 731, "days"), None, until, HOUR).args[2]
    assert len(days) == 731
    weeks = sections.timeline(story(make_store, 732, "weeks"), None, until, HOUR).args[2]
    starts = pd.to_datetime(weeks["period_start"])
    assert (starts.diff().dropna() == pd.Timedelta(days=7)).all()


def test_overview_counts_breakups(make_store: Callable[..., Store]) -> None:
    store = story(make_store, 0, "overview")
    until = FIRST + dt.timedelta(days=400)
    whole = sections.overview(store, None, until, HOUR)
    assert (whole.data.breakups, whole.data.breakups_in_all, whole.enough) == (2, 2, True)
    assert whole.notes == ()
    # From day 200 on only the second breakup falls in the period; the note says so.
    part = sections.overview(store, FIRST + dt.timedelta(days=200), until, HOUR)
    assert (part.data.breakups, part.data.breakups_in_all) == (1, 2)
    assert part.notes[0].startswith("Only part of your cycle falls in this period")
    timeline = sections.timeline(store, None, until, HOUR)
    assert timeline.notes == (
        "No mood logged in this period, so the chart shows the periods and milestones alone.",
    )
    assert timeline.caption.startswith("2 breakups and 1 reunion")
