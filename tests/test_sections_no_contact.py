"""No-contact sections on journals built in code: the calendar's unit at its boundary, its
caption's share only from five days, whole-number count axes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard.sections import no_contact as sections
from dashboard.store import Store

START = dt.date(2026, 1, 1)
HOUR = 4


def nc_journal(make_store: Callable[..., Store], **tables: object) -> Store:
    return make_store(milestones=[{"on": START, "kind": "no_contact_start", "title": ""}], **tables)


def test_calendar_caption_and_share(make_store: Callable[..., Store]) -> None:
    store = nc_journal(
        make_store,
        contacts=[{"at": dt.datetime(2026, 1, 5, 20, 0), "initiator": "me", "channel": "text"}],
    )
    # 1–10 Jan: ten no-contact days, a break on the 5th: 9 of 10 free = 90%.
    ten = sections.calendar(store, None, dt.date(2026, 1, 10), HOUR)
    assert ten.caption == (
        "Of your 10 no-contact days here, 9 had no contact from you (90%): 9 quiet, 0 with an "
        "urge you resisted and 0 with a peek; 1 had a break."
    )
    assert "day" in ten.data.columns
    # 1–4 Jan: four days are too few for a share.
    four = sections.calendar(store, None, dt.date(2026, 1, 4), HOUR)
    assert four.caption == (
        "Of your 4 no-contact days here, 4 had no contact from you: 4 quiet, 0 with an urge "
        "you resisted and 0 with a peek; 0 had a break."
    )


def test_calendar_unit_boundary(make_store: Callable[..., Store]) -> None:
    store = nc_journal(make_store)
    # 731 days from the first no-contact day: one square per day; 732: one per week.
    daily = sections.calendar(store, None, START + dt.timedelta(days=730), HOUR)
    assert "day" in daily.data.columns and len(daily.data) == 731
    weekly = sections.calendar(store, None, START + dt.timedelta(days=731), HOUR)
    assert "day" not in weekly.data.columns
    assert weekly.summary == "Calendar of your days, one square per week."
    outcomes = sections.urges_vs_breaks(store, None, START + dt.timedelta(days=731), HOUR)
    assert set(outcomes.data["unit"]) == {"month"}


def test_no_nc_days_means_no_calendar(make_store: Callable[..., Store]) -> None:
    store = make_store(mood=[{"at": dt.datetime(2026, 1, 3, 9, 0), "mood": 5}])
    section = sections.calendar(store, None, dt.date(2026, 1, 10), HOUR)
    assert section.chart is None
    assert section.empty_text.startswith("There are no no-contact days in this period yet.")


def test_count_axes_are_whole_numbers(make_store: Callable[..., Store]) -> None:
    store = nc_journal(
        make_store,
        urges=[{"at": dt.datetime(2026, 1, 3, 21, 0), "intensity": 5, "outcome": "resisted"}],
    )
    until = dt.date(2026, 1, 14)
    spec = sections.urges_vs_breaks(store, None, until, HOUR).build().to_dict()
    assert (
        spec["encoding"]["y"]["axis"]["format"],
        spec["encoding"]["y"]["axis"]["tickMinStep"],
    ) == (
        "d",
        1,
    )
    runs = sections.streaks(store, None, until, HOUR).build().to_dict()
    assert runs["encoding"]["y"]["axis"]["tickMinStep"] == 1


def test_a_few_weeks_of_squares_are_drawn_at_their_own_size(
    make_store: Callable[..., Store],
) -> None:
    store = nc_journal(make_store)
    # 1 Jan 2026 is a Thursday: 1–4 Jan lie in one week (from Mon 29 Dec), 1 Jan–20 Apr in 17
    # (29 Dec, 5 Jan, ... 20 Apr), 1 Jan–19 Apr in 16.
    first_days = sections.calendar(store, None, dt.date(2026, 1, 4), HOUR)
    sixteen = sections.calendar(store, None, dt.date(2026, 4, 19), HOUR)
    seventeen = sections.calendar(store, None, dt.date(2026, 4, 20), HOUR)
    assert (first_days.width, sixteen.width, seventeen.width) == ("content", "content", "stretch")
    # Weekly squares (past two years of days) always stretch to the page.
    years = sections.calendar(store, None, dt.date(2028, 6, 1), HOUR)
    assert "day" not in years.data.columns and years.width == "stretch"
