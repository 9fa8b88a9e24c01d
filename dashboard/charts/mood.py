"""Mood charts: the daily trend, the weekday profile, emotions, and activities against mood.

Each chart takes the DataFrame of one `queries/mood_*.sql` file (already aggregated in DuckDB)
and has a caption function that states its main finding in one sentence (reused by the snapshot).
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard import wording
from dashboard.charts.lazy_altair import alt
from dashboard.charts.style import (
    OKABE_ITO,
    Parts,
    day_ticks,
    fed,
    finish,
    period_axis,
    period_ticks,
)
from dashboard.sections.base import MIN_SHARE_EVENTS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MOOD_SCALE = {"domain": [1, 10]}
DAILY_LABEL = "Daily mean"
WEEKLY_LABEL = "Weekly mean"
# The rolling mean's name by grain (the window mood_daily.sql / mood_weekly.sql average over).
ROLLING_LABELS = {"day": "7-day mean", "week": "4-week mean"}
PERIOD_TITLES = {"day": "Day", "week": "Week"}
MOOD_TITLE = "Mood (1–10)"
TREND_HEIGHT = 280  # the plot's height in pixels
TREND_TITLE = "Mood over time"
# Filled in with the grain ("day" or "week") and the rolling mean's name.
TREND_SUBTITLE = "Each dot is a {period}'s mean; the line smooths it"
TREND_DESCRIPTION = (
    "Dots and a line of your mood on the 1 to 10 scale over time: a dot for "
    "each {period}'s mean mood and a line for the {rolling}."
)


def _num(value: float) -> str:
    """A mood figure at one decimal, half-up (the wording module's rule)."""
    return wording.mood(value)


def _is_weekly(df: pd.DataFrame) -> bool:
    # mood_weekly.sql names its period column `week`; mood_daily.sql names it `day`.
    return "week" in df.columns


# -- daily trend -----------------------------------------------------------------------------
def daily_mood(df: pd.DataFrame) -> alt.Chart:
    """Daily (or weekly) mean mood as points, with the rolling mean as a line."""
    return _daily_mood_drawn(_daily_mood_parts(df))


def _daily_mood_parts(df: pd.DataFrame) -> Parts:
    weekly = _is_weekly(df)
    period = "week" if weekly else "day"
    data = df[[period, "mean_mood", "rolling_mean", "entries"]].copy()
    data[period] = pd.to_datetime(data[period])
    # A short range names its days (or weeks) in one format; a long one is left to Vega.
    ticks = period_ticks(data[period]) if weekly else day_ticks(data[period])
    return Parts((data.rename(columns={period: "period"}),), (weekly, ticks))


def _daily_mood_drawn(parts: Parts) -> alt.LayerChart:
    (data,), (weekly, ticks) = parts.frames, parts.shape
    period = "week" if weekly else "day"
    rolling_label = ROLLING_LABELS[period]
    point_label = WEEKLY_LABEL if weekly else DAILY_LABEL
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(
            domain=[point_label, rolling_label], range=[OKABE_ITO["sky"], OKABE_ITO["blue"]]
        ),
        legend=alt.Legend(orient="bottom"),
    )
    # The data goes on the layer, not on each part: Altair fingerprints identical part data
    # (by printing the whole frame) before it lifts it to the layer.
    base = (
        alt.Chart()
        .transform_fold(["mean_mood", "rolling_mean"], as_=["measure", "value"])
        .transform_calculate(
            series=f"datum.measure == 'mean_mood' ? '{point_label}' : '{rolling_label}'"
        )
        .encode(
            x=alt.X(
                "period:T",
                title=PERIOD_TITLES[period],
                axis=period_axis(ticks, "week" if weekly else "day"),
            ),
            y=alt.Y("value:Q", title=MOOD_TITLE, scale=MOOD_SCALE),
            color=colour,
            tooltip=[
                alt.Tooltip("period:T", title="Week of" if weekly else "Day"),
                alt.Tooltip("mean_mood:Q", title=point_label, format=".1f"),
                alt.Tooltip("rolling_mean:Q", title=rolling_label, format=".1f"),
                alt.Tooltip("entries:Q", title="Entries"),
            ],
        )
    )
    points = base.transform_filter("datum.measure == 'mean_mood'").mark_circle(size=36, opacity=0.7)
    line = base.transform_filter("datum.measure == 'rolling_mean'").mark_line(strokeWidth=3)
    chart = alt.layer(points, line, data=data, height=TREND_HEIGHT)
    return finish(
        chart,
        TREND_TITLE,
        TREND_SUBTITLE.format(period=period),
        description=TREND_DESCRIPTION.format(period=period, rolling=rolling_label),
    )


fed(daily_mood, _daily_mood_parts, _daily_mood_drawn)


def entry_mean(df: pd.DataFrame) -> float | None:
    """The mean of every entry behind a `mood_daily`/`mood_weekly` frame (each period's mean
    weighted by its entries): the section 4 `mean`, not a mean of daily means."""
    entries = df["entries"].astype(float)
    if df.empty or entries.sum() == 0:
        return None
    return float((df["mean_mood"].astype(float) * entries).sum() / entries.sum())


def caption_daily_mood(df: pd.DataFrame, mean: float | None = None) -> str:
    """One sentence: the mean of the entries, and the rolling mean now against the start.

    `mean` is the section 4 mean of the period's entries (metrics); without it the frame's
    entries give it. The change is said only over more than two rolling windows.
    """
    if df.empty:
        return "No mood entries in this period yet."
    weekly = _is_weekly(df)
    period = "week" if weekly else "day"
    window = "4-week" if weekly else "7-day"
    span = pd.Timedelta(days=27 if weekly else 6)
    n = len(df)
    mean = entry_mean(df) if mean is None else mean
    days = pd.to_datetime(df[period])
    last = float(df["rolling_mean"].iloc[-1])
    text = f"Your mood averaged {_num(mean)} over {wording.plural(n, 'logged ' + period)}"
    # Compare with the first full window only when the range is longer than two windows.
    if days.iloc[-1] - days.iloc[0] <= 2 * span:
        return f"{text}; the latest {window} mean is {_num(last)}."
    first = float(df["rolling_mean"][days <= days.iloc[0] + span].iloc[-1])
    change = last - first
    if abs(change) < 0.05:
        return f"{text}; the {window} mean is {_num(last)}, where it was at the start."
    direction = "up" if change > 0 else "down"
    return (
        f"{text}; the {window} mean went {direction} from {_num(first)} in the first "
        f"{'four weeks' if weekly else 'week'} to {_num(last)} now."
    )


# -- weekday profile -------------------------------------------------------------------------
def weekday_mood(df: pd.DataFrame) -> alt.Chart:
    """Mean mood per weekday of the tracking day (Monday first)."""
    return _weekday_mood_drawn(_weekday_mood_parts(df))


def _weekday_mood_parts(df: pd.DataFrame) -> Parts:
    return Parts((df[["weekday", "mean_mood", "entries", "days_logged"]],))


def _weekday_mood_drawn(parts: Parts) -> alt.Chart:
    (data,) = parts.frames
    chart = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO["blue"], cornerRadiusEnd=3)
        .encode(
            x=alt.X("weekday:N", title="Weekday", sort=list(WEEKDAYS), axis=alt.Axis(labelAngle=0)),
            # Bars grow from zero: on the 1–10 mood scale they would reach below the plot
            # and hide the weekday labels (and a bar's length would not be its value).
            y=alt.Y("mean_mood:Q", title="Mean mood (1–10)", scale=alt.Scale(domain=[0, 10])),
            tooltip=[
                alt.Tooltip("weekday:N", title="Weekday"),
                alt.Tooltip("mean_mood:Q", title="Mean mood", format=".1f"),
                alt.Tooltip("entries:Q", title="Entries"),
                alt.Tooltip("days_logged:Q", title="Days logged"),
            ],
        )
        .properties(height=240)
    )
    return finish(
        chart,
        "Mood by weekday",
        "Mean of your entries on each day of the week",
        description="Bar chart of your mean mood on the 1 to 10 scale for each day of the "
        "week, Monday to Sunday.",
    )


fed(weekday_mood, _weekday_mood_parts, _weekday_mood_drawn)


def caption_weekday_mood(df: pd.DataFrame) -> str:
    """One sentence: the best and the hardest weekday, with their means."""
    if df.empty:
        return "No mood entries in this period yet."
    ordered = df.sort_values(["mean_mood", "weekday_num"])
    low, high = ordered.iloc[0], ordered.iloc[-1]
    if len(df) == 1 or math.isclose(float(low["mean_mood"]), float(high["mean_mood"])):
        return f"Your mood averages {_num(float(high['mean_mood']))} on the weekdays logged so far."
    return (
        f"Your mood is highest on {high['weekday']} ({_num(float(high['mean_mood']))}) and "
        f"lowest on {low['weekday']} ({_num(float(low['mean_mood']))})."
    )


def _bars(
    data: pd.DataFrame,
    y: alt.Y,
    x: alt.X,
    color: alt.Color,
    tooltip: list[alt.Tooltip],
    step: int,
) -> alt.Chart:
    """Horizontal bars, one row per name, each row `step` pixels high."""
    return (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3)
        .encode(y=y, x=x, color=color, tooltip=tooltip)
        .properties(height=alt.Step(step))
    )


# -- emotions --------------------------------------------------------------------------------
def emotions(df: pd.DataFrame) -> alt.Chart:
    """How often each emotion was named, most named on top, coloured by the mood it came with."""
    return _emotions_drawn(_emotions_parts(df))


def _emotions_parts(df: pd.DataFrame) -> Parts:
    data = df[["emotion", "entries", "share", "mean_mood"]].copy()
    total = int(df["total_entries"].iloc[0]) if "total_entries" in df and len(df) else 0
    shares = total >= MIN_SHARE_EVENTS
    if shares:
        # A share of fewer than five entries says more than they hold: left out below that.
        data["share_pct"] = [wording.percent(v) for v in data["share"]]
    return Parts((data,), (shares,))


def _emotions_drawn(parts: Parts) -> alt.Chart:
    (data,), (shares,) = parts.frames, parts.shape
    tooltip = [
        alt.Tooltip("emotion:N", title="Emotion"),
        alt.Tooltip("entries:Q", title="Entries", format="d"),
        alt.Tooltip("mean_mood:Q", title="Mean mood with it", format=".1f"),
    ]
    if shares:
        tooltip.insert(2, alt.Tooltip("share_pct:N", title="Share of entries"))
    chart = _bars(
        data,
        alt.Y("emotion:N", title="Emotion", sort="-x"),
        alt.X("entries:Q", title="Entries naming it", axis=alt.Axis(format="d", tickMinStep=1)),
        alt.Color(
            "mean_mood:Q",
            title="Mean mood",
            scale=alt.Scale(scheme="blues", domain=[1, 10]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip,
        step=22,
    )
    return finish(
        chart,
        "Emotions you named",
        "Darker bars came with a better mood",
        description="Bar chart of the emotions you named, the most named at the top: a bar's "
        "length is how many entries named it, and a darker bar came with a better mean mood.",
    )


fed(emotions, _emotions_parts, _emotions_drawn)


def caption_emotions(df: pd.DataFrame) -> str:
    """One sentence: the most named emotion, its count and (from 5 entries) its share."""
    if df.empty:
        return "No emotions named in this period yet."
    top = df.iloc[0]
    named, total = int(top["entries"]), int(top["total_entries"])
    if total < MIN_SHARE_EVENTS:
        return (
            f"“{top['emotion']}” was the feeling you named most: in {named} of your "
            f"{wording.plural(total, 'entry', 'entries')} so far."
        )
    return (
        f"“{top['emotion']}” was the feeling you named most: in "
        f"{wording.percent(float(top['share']))} of your entries ({named} of {total})."
    )


# -- activities ------------------------------------------------------------------------------
def activities(df: pd.DataFrame) -> alt.Chart:
    """Mean mood on days with each activity minus days without it (a diverging bar)."""
    return _activities_drawn(_activities_parts(df))


def _activities_parts(df: pd.DataFrame) -> Parts:
    data = df.dropna(subset=["difference"])[
        ["activity", "days_with", "mean_with", "days_without", "mean_without", "difference"]
    ].copy()
    data["effect"] = ["lifts" if d >= 0 else "lowers" for d in data["difference"]]
    return Parts((data,))


def _activities_drawn(parts: Parts) -> alt.Chart:
    (data,) = parts.frames
    chart = _bars(
        data,
        alt.Y("activity:N", title="Activity", sort="-x"),
        # One decimal, as the captions say it: a range of one value (a first week's single
        # activity, no difference yet) is otherwise labelled "0.000000".
        alt.X(
            "difference:Q",
            title="Mood difference, days with − without",
            axis=alt.Axis(format=".1f"),
        ),
        alt.Color(
            "effect:N",
            title="Mood on those days",
            scale=alt.Scale(
                domain=["lifts", "lowers"], range=[OKABE_ITO["green"], OKABE_ITO["orange"]]
            ),
            legend=alt.Legend(orient="bottom"),
        ),
        [
            alt.Tooltip("activity:N", title="Activity"),
            alt.Tooltip("mean_with:Q", title="Mean mood with it", format=".1f"),
            alt.Tooltip("days_with:Q", title="Days with it", format="d"),
            alt.Tooltip("mean_without:Q", title="Mean mood without", format=".1f"),
            alt.Tooltip("days_without:Q", title="Days without", format="d"),
            alt.Tooltip("difference:Q", title="Difference", format="+.1f"),
        ],
        step=24,
    )
    return finish(
        chart,
        "What your days held",
        "Activities on at least 3 logged days",
        description="Bar chart of your activities: each bar is how much higher (to the right) "
        "or lower (to the left) your mean mood was on days with it than on days without it.",
    )


fed(activities, _activities_parts, _activities_drawn)


def caption_activities(df: pd.DataFrame) -> str:
    """One sentence: the activity that goes with the biggest lift (or the smallest drop)."""
    data = df.dropna(subset=["difference"])
    if data.empty:
        return "Name activities on at least 3 days to compare them with your mood."
    top = data.sort_values(["difference", "activity"], ascending=[False, True]).iloc[0]
    diff = float(top["difference"])
    if wording.mood_value(abs(diff)) == 0:
        relation = "the same as"
    elif diff > 0:
        relation = f"{_num(diff)} higher than"
    else:
        relation = f"{_num(abs(diff))} lower than"
    return (
        f"On days with {top['activity']} your mood averaged {_num(float(top['mean_with']))}, "
        f"{relation} on days without it ({_num(float(top['mean_without']))})."
    )
