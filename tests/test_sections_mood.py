"""Mood sections on journals built in code: one mean mood string on every surface, the grain
rule at its boundary, and no share of fewer than five entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard import metrics, wording
from dashboard.cli import main
from dashboard.sections import mood as sections
from dashboard.sections.base import calendar_unit, mood_grain
from dashboard.store import Store

UNTIL = dt.date(2026, 3, 1)
HOUR = 4


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def test_mean_mood_is_one_string_on_every_surface(make_store: Callable[..., Store]) -> None:
    d1, d2 = dt.date(2026, 2, 10), dt.date(2026, 2, 11)
    # Day one: 4, 6 and 8 (daily mean 6); day two: 7. The mean of the four entries is
    # 25 / 4 = 6.25 -> '6.3' (half-up); the mean of the daily means would be 6.5.
    store = make_store(
        mood=[
            {"at": at(d1, 9), "mood": 4},
            {"at": at(d1, 13), "mood": 6},
            {"at": at(d1, 20), "mood": 8},
            {"at": at(d2, 9), "mood": 7},
        ]
    )
    mean = sections.mean(store, None, UNTIL, HOUR)
    assert mean.figures[0].value == "6.3"
    assert mean.caption == "Mean mood 6.3 over 4 entries on 2 days."
    # What the command line reports for the same period, in the same words.
    as_cli = metrics.compute(store, as_of=UNTIL)["mood"]["mean"]
    assert wording.mood(as_cli) == "6.3"
    assert sections.mean_text(store, None, UNTIL) == "6.3"
    trend = sections.trend(store, None, UNTIL, HOUR)
    # The chart's caption says the same mean (not 6.5); the 7-day mean on day two is 6.5.
    assert (
        trend.caption == "Your mood averaged 6.3 over 2 logged days; the latest 7-day mean is 6.5."
    )
    # Two days apart: no trend is read into them.
    assert (trend.evidence, trend.min_evidence, trend.enough) == (2, 14, False)


def test_mood_grain_boundary() -> None:
    assert mood_grain(731) == "day"
    assert mood_grain(732) == "week"
    assert calendar_unit(731) == "week"
    assert calendar_unit(732) == "month"


def test_trend_turns_weekly_past_731_logged_days(make_store: Callable[..., Store]) -> None:
    first = dt.date(2023, 1, 1)
    rows = [{"at": at(first + dt.timedelta(days=i), 12), "mood": 5} for i in range(732)]
    store = make_store(name="long", mood=rows)
    last = first + dt.timedelta(days=731)
    assert "week" in sections.trend(store, None, last, HOUR).data.columns
    # One day fewer in the period: 731 logged days still draw days.
    daily = sections.trend(store, first + dt.timedelta(days=1), last, HOUR).data
    assert "day" in daily.columns and len(daily) == 731


def test_emotions_share_needs_five_entries(make_store: Callable[..., Store]) -> None:
    day = dt.date(2026, 2, 10)
    few = make_store(
        name="few",
        mood=[
            {"at": at(day, 9), "mood": 4, "emotions": ["sad"]},
            {"at": at(day, 12), "mood": 5, "emotions": ["sad"]},
            {"at": at(day, 18), "mood": 6, "emotions": ["calm"]},
        ],
    )
    section = sections.emotions(few, None, UNTIL, HOUR)
    assert section.caption == "“sad” was the feeling you named most: in 2 of your 3 entries so far."
    assert not section.enough
    titles = [t["title"] for t in section.build().to_dict()["encoding"]["tooltip"]]
    assert "Share of entries" not in titles
    five = make_store(
        name="five",
        mood=[
            {"at": at(day, h), "mood": 5, "emotions": ["sad"] if h < 12 else ["calm"]}
            for h in (8, 9, 10, 14, 16)
        ],
    )
    # 3 of 5 entries named "sad": 60%.
    assert sections.emotions(five, None, UNTIL, HOUR).caption == (
        "“sad” was the feeling you named most: in 60% of your entries (3 of 5)."
    )


def test_weekday_needs_two_weekdays(make_store: Callable[..., Store]) -> None:
    store = make_store(mood=[{"at": at(dt.date(2026, 2, 10), 9), "mood": 5}])
    section = sections.weekday(store, None, UNTIL, HOUR)
    assert section.chart is None
    assert section.empty_text.startswith("Log your mood on a few different days")


def test_cli_prints_the_same_mean(make_store: Callable[..., Store], capsys) -> None:
    day = dt.date(2026, 2, 10)
    store = make_store(
        name="cli", mood=[{"at": at(day, h), "mood": m} for h, m in ((9, 5), (12, 6), (18, 6))]
    )
    # (5 + 6 + 6) / 3 = 5.667 -> '5.7', on the page and on the command line.
    text = sections.mean_text(store, None, UNTIL)
    path = store.path
    store.close()
    main(["--db", str(path), "metrics", "--as-of", UNTIL.isoformat()])
    assert text == "5.7"
    assert f"mean {text}," in capsys.readouterr().out


def week_of_moods(make_store: Callable[..., Store], weeks: int, name: str) -> Store:
    """`weeks` weeks from Monday 2 Feb 2026, one entry a day: Monday 2, the other days 5."""
    first = dt.date(2026, 2, 2)
    rows = [
        {"at": at(first + dt.timedelta(days=d), 12), "mood": 2 if d % 7 == 0 else 5}
        for d in range(7 * weeks)
    ]
    return make_store(name=name, mood=rows)


def test_weekday_names_no_best_or_hardest_day_from_a_week(
    make_store: Callable[..., Store],
) -> None:
    # One week: every weekday rests on one day, so Monday's 2 is one day, not a pattern.
    one = sections.weekday(week_of_moods(make_store, 1, "one"), None, UNTIL, HOUR)
    assert one.chart is not None
    assert one.caption == (
        "Each weekday so far rests on 1 logged day; which weekdays run higher or lower shows "
        "from 3 of each."
    )
    # Two weeks and a Monday: Monday rests on 3 days, the others on 2.
    store = week_of_moods(make_store, 2, "two")
    store.add_many({"mood": [{"at": at(dt.date(2026, 2, 16), 12), "mood": 2}]})
    two = sections.weekday(store, None, UNTIL, HOUR)
    assert two.caption.startswith("Each weekday so far rests on 2 to 3 logged days;")
    # Three weeks: 3 of each; Monday (2.0) is the hardest, and the other days tie at 5.0, so
    # the highest is the last of them in weekday order (Sun).
    three = sections.weekday(week_of_moods(make_store, 3, "three"), None, UNTIL, HOUR)
    assert three.caption == "Your mood is highest on Sun (5.0) and lowest on Mon (2.0)."


def test_a_thin_weekday_is_named_apart_not_compared(make_store: Callable[..., Store]) -> None:
    # Three weeks from Monday 2 Feb without their last day (Sunday 22 Feb): Sunday rests on 2
    # days, the others on 3. Monday (2.0) is the hardest of those six; Tue–Sat tie at 5.0, so
    # the highest is the last of them (Sat).
    first = dt.date(2026, 2, 2)
    rows = [
        {"at": at(first + dt.timedelta(days=d), 12), "mood": 2 if d % 7 == 0 else 5}
        for d in range(20)
    ]
    section = sections.weekday(make_store(name="thin", mood=rows), None, UNTIL, HOUR)
    assert section.caption == (
        "Your mood is highest on Sat (5.0) and lowest on Mon (2.0). Sun rests on too few days "
        "to compare yet."
    )
