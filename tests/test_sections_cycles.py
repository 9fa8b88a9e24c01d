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


def lanes_story(make_store: Callable[..., Store], milestones: int, sessions: int) -> Store:
    """Two breakups and a reunion, then `milestones` - 3 talks and `sessions` weekly sessions."""
    rows = [
        {"on": FIRST, "kind": "breakup", "title": ""},
        {"on": FIRST + dt.timedelta(days=100), "kind": "back_together", "title": ""},
        {"on": FIRST + dt.timedelta(days=300), "kind": "breakup", "title": ""},
    ]
    rows += [
        {"on": FIRST + dt.timedelta(days=301 + n), "kind": "the_talk", "title": ""}
        for n in range(milestones - 3)
    ]
    rows += [
        {"on": FIRST + dt.timedelta(weeks=n), "kind": "therapy_session", "title": ""}
        for n in range(sessions)
    ]
    return make_store(name=f"lanes-{milestones}-{sessions}", milestones=rows)


def test_a_lane_of_more_than_sixty_marks_is_left_off_and_counted(
    make_store: Callable[..., Store],
) -> None:
    until = FIRST + dt.timedelta(days=600)
    # 60 milestones and 60 sessions: each lane is marked in full.
    full = sections.timeline(lanes_story(make_store, 60, 60), None, until, HOUR)
    assert len(full.args[1]) == 120 and full.notes[-1].startswith("No mood logged")
    # 61 sessions: the therapy lane goes, the 60 milestones stay, and the note counts them.
    thin = sections.timeline(lanes_story(make_store, 60, 61), None, until, HOUR)
    marks = thin.args[1]
    assert len(marks) == 60 and "therapy_session" not in set(marks["kind"])
    assert thin.notes[-1] == (
        "The 61 therapy sessions of this period are too many to mark one by one, so the chart "
        "leaves them off; a shorter period marks each one."
    )
    both = sections.timeline(lanes_story(make_store, 61, 80), None, until, HOUR)
    assert both.args[1].empty
    assert both.notes[-1].startswith("The 61 milestones and the 80 therapy sessions of this")
    # The caption still counts the breakups and reunions from the periods.
    assert both.caption.startswith("2 breakups and 1 reunion")
    for section in (full, thin, both):
        assert section.build().to_dict()["vconcat"]


def test_the_milestones_alone_thin_their_lanes_too(make_store: Callable[..., Store]) -> None:
    rows = [{"on": FIRST, "kind": "breakup", "title": ""}]
    rows += [
        {"on": FIRST + dt.timedelta(weeks=n), "kind": "therapy_session", "title": ""}
        for n in range(70)
    ]
    store = make_store(name="alone", milestones=rows)
    alone = sections.milestones(store, None, FIRST + dt.timedelta(days=600), HOUR)
    assert list(alone.args[0]["kind"]) == ["breakup"]
    assert alone.notes == (
        "The 70 therapy sessions of this period are too many to mark one by one, so the chart "
        "leaves them off; a shorter period marks each one.",
    )
    # The caption still counts every milestone of the period.
    assert alone.caption.startswith("71 milestones over")
