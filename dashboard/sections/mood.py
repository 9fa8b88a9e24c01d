"""Mood sections: the mean, the trend, the weekday profile, emotions and activities.

Each function takes the store and the period (since, until, day_start_hour) and returns a
`Section`; the Mood page lays them out and the snapshot draws from the same ones.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import metrics, wording
from dashboard.charts import mood as charts
from dashboard.sections.base import (
    MIN_BARS,
    MIN_SHARE_EVENTS,
    MIN_TREND_DAYS,
    Figure,
    OneQuery,
    Section,
    charted,
    frame_dates,
    get,
    mood_grain,
    params,
)
from dashboard.store import Store

TREND_EMPTY = (
    "No mood entries in this period yet. Log how you feel on the Log page, even just a number; "
    "after a few days the patterns start to show."
)


def figures(store: Store, since: dt.date | None, until: dt.date) -> dict[str, object]:
    """The section 4 mood figures of the period (entries, days_logged, mean, …)."""
    return metrics.mood_over(store, until, since)


def mean_text(store: Store, since: dt.date | None, until: dt.date) -> str:
    """The period's mean mood as every surface writes it ('6.0', '—' without entries)."""
    return wording.mood(get(figures(store, since, until), "mean"))


def mean(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The mean mood of the period's entries: the one figure pages, snapshot and CLI share."""
    mood = figures(store, since, until)
    entries, value = int(get(mood, "entries")), get(mood, "mean")
    over = wording.plural(entries, "entry", "entries")
    days = wording.plural(int(get(mood, "days_logged")), "day")
    text = wording.mood(value)
    return Section(
        key="mood.mean",
        data=mood,
        caption=f"Mean mood {text} over {over} on {days}." if entries else TREND_EMPTY,
        summary=f"Mean mood {text}",
        empty_text=TREND_EMPTY,
        evidence=entries,
        figures=(Figure("Mean mood", text, f"over {over}"),),
    )


def trend(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Mood over time: daily means, or weekly past two years of logged days (`mood_grain`)."""
    mood = figures(store, since, until)
    grain = mood_grain(int(get(mood, "days_logged")))
    query = "mood_daily" if grain == "day" else "mood_weekly"
    df = store.query(query, params(since, until, day_start_hour))
    first, last = frame_dates(df, grain)
    span = 0 if first is None or last is None else (last - first).days + 1
    return charted(
        "mood.trend",
        df,
        charts.daily_mood,
        (df,),
        lambda: charts.caption_daily_mood(df, get(mood, "mean")),
        not df.empty,
        summary=f"Mood over time, one point per {grain}, with a rolling mean.",
        empty_text=TREND_EMPTY,
        evidence=span,
        min_evidence=MIN_TREND_DAYS,
        cards=("mood", "daily"),
    )


def _entries(df: pd.DataFrame) -> int:
    return int(df["total_entries"].iloc[0]) if len(df) else 0


# "Highest on Thursday" from a single Thursday is one day, not a pattern: the best and hardest
# weekdays are named once every weekday drawn rests on at least this many logged days.
MIN_WEEKDAY_DAYS = 3


def weekday_caption(df: pd.DataFrame) -> str:
    """The best and hardest of the weekdays resting on MIN_WEEKDAY_DAYS logged days or more;
    the thinner ones are named apart, and with fewer than two to compare, the counts only."""
    if df.empty:
        return charts.caption_weekday_mood(df)
    enough = df[df["days_logged"] >= MIN_WEEKDAY_DAYS]
    thin = df[df["days_logged"] < MIN_WEEKDAY_DAYS]
    if len(enough) < 2:
        fewest, most = int(df["days_logged"].min()), int(df["days_logged"].max())
        days = wording.plural(most, "logged day")
        if fewest != most:
            days = f"{fewest} to {most} logged days"
        return (
            f"Each weekday so far rests on {days}; which weekdays run higher or lower shows "
            f"from {MIN_WEEKDAY_DAYS} of each."
        )
    text = charts.caption_weekday_mood(enough)
    if thin.empty:
        return text
    names = ", ".join(str(d) for d in thin["weekday"])
    return f"{text} {names} rest{'s' if len(thin) == 1 else ''} on too few days to compare yet."


WEEKDAY = OneQuery(
    key="mood.weekday",
    query="mood_weekday",
    build=charts.weekday_mood,
    caption=weekday_caption,
    summary="Mean mood on each day of the week.",
    empty_text="Log your mood on a few different days to see how the weekdays compare.",
    cards=("mood", "weekday"),
    min_evidence=MIN_BARS,
)
EMOTIONS = OneQuery(
    key="mood.emotions",
    query="mood_emotions",
    build=charts.emotions,
    caption=charts.caption_emotions,
    summary="How often you named each emotion.",
    empty_text="Name an emotion or two with your mood entries to see which ones come up most.",
    cards=("mood", "emotions"),
    extra=(("top", 15),),
    # The share of entries naming the first needs five entries; the chart draws from one.
    evidence=_entries,
    min_evidence=MIN_SHARE_EVENTS,
    drawn=lambda df: not df.empty,
)
ACTIVITIES = OneQuery(
    key="mood.activities",
    query="mood_activities",
    build=charts.activities,
    caption=charts.caption_activities,
    summary="How your mood differs on days with each activity.",
    empty_text="Add what your days held (exercise, friends, work…) on at least 3 days, and "
    "some days without it, to see how each one goes with your mood.",
    cards=("mood", "activities"),
    extra=(("top", 20), ("min_days", 3)),
)


def weekday(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Mean mood per weekday; drawn once two weekdays have entries."""
    return WEEKDAY.read(store, since, until, day_start_hour)


def emotions(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The emotions named most; a share of entries only from five entries on."""
    return EMOTIONS.read(store, since, until, day_start_hour)


def activities(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Mood on days with each activity against days without (activities on 3+ days)."""
    return ACTIVITIES.read(store, since, until, day_start_hour)
