"""No-contact charts: the calendar of tracking days, the streak history, urges versus breaks.

They take `metrics.nc_daily` (one row per day) or, for ranges longer than two years, the weekly
and monthly aggregates of `queries/nc_weekly*.sql`, and the runs of `metrics.streak_history` or
`queries/metric_streaks.sql`. The small reshaping below works on already aggregated rows and
keeps every chart under `style.MAX_ROWS` rows whatever the length of the history.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import wording
from dashboard.charts.lazy_altair import alt
from dashboard.charts.style import (
    DAY_STATES,
    MAX_ROWS,
    OKABE_ITO,
    Parts,
    fed,
    finish,
    period_axis,
    period_starts,
    period_ticks,
)
from dashboard.sections.base import MIN_SHARE_EVENTS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Worst first: a week on the long-range calendar takes the state of its most difficult day.
SEVERITY = ("break", "peek", "urge resisted", "clean", "not in no contact")
OUTCOMES = {"urges_resisted": "urge resisted", "peeks": "peek", "breaks": "break"}
ENDED_BY = {
    "ongoing": OKABE_ITO["green"],
    "break": OKABE_ITO["orange"],
    "nc ended": OKABE_ITO["grey"],
}


def _days(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.normalize()


# -- calendar --------------------------------------------------------------------------------
# Day-state counts of a `nc_weekly` row, worst first (SEVERITY order).
STATE_COUNTS = (
    ("break_days", "break"),
    ("peek_days", "peek"),
    ("urge_days", "urge resisted"),
    ("clean_days", "clean"),
)


# The calendar's words, shared with the snapshot's drawing (snapshot/plots/calendars); the
# subtitle and the unit of the description are a day's (True) or a week's (False).
CALENDAR_TITLE = "Your no-contact calendar"
CALENDAR_SUBTITLES = {
    True: "One square per day (days start at your day-start hour)",
    False: "One square per week, coloured by its hardest day",
}
CALENDAR_UNITS = {
    True: "day, in columns by week",
    False: "week, in rows by year, taking its hardest day",
}
CALENDAR_DESCRIPTION = (
    "Calendar of your days, one square per {unit}: each square shows whether it was a quiet "
    "no-contact day, had an urge you resisted, a peek or a break, or was outside no contact."
)
CALENDAR_LEGEND = "Day"
DAY_AXIS = "Week starting"
WEEK_AXIS = "Week of the year"
YEAR_AXIS = "Year"


def _is_weekly(frame: pd.DataFrame) -> bool:
    # nc_weekly.sql has one row per week and no `day` column; nc_daily has one per day.
    return "day" not in frame.columns


def weekly_cells(weeks: pd.DataFrame) -> pd.DataFrame:
    """Calendar cells from `nc_weekly` rows: each week takes the state of its hardest day."""
    state = pd.Series("not in no contact", index=weeks.index, dtype="object")
    # Least severe first, so a worse state found later overwrites it.
    for column, name in reversed(STATE_COUNTS):
        state[weeks[column] > 0] = name
    return pd.DataFrame(
        {
            "week": _days(weeks["week"]),
            "breaks": weeks["breaks"].to_numpy(),
            "urges_resisted": weeks["urges_resisted"].to_numpy(),
            "peeks": weeks["peeks"].to_numpy(),
            "state": state.to_numpy(),
            "year": weeks["year"].astype(int).to_numpy(),
            "week_of_year": weeks["week_of_year"].astype(int).to_numpy(),
        }
    )


def calendar_frame(daily: pd.DataFrame) -> pd.DataFrame:
    """Calendar cells: one per day (week × weekday), or one per week when there are too many.

    Takes `metrics.nc_daily` or, for a long range, the weeks of `nc_weekly` as they are.
    """
    if _is_weekly(daily):
        return weekly_cells(daily)
    days = _days(daily["day"])
    if len(daily) <= MAX_ROWS:
        return pd.DataFrame(
            {
                "day": days,
                "week": days - pd.to_timedelta(days.dt.day_of_week, unit="D"),
                "weekday": [WEEKDAYS[d] for d in days.dt.day_of_week],
                "state": daily["state"].to_numpy(),
                "breaks": daily["breaks"].to_numpy(),
                "urges_resisted": daily["urges_resisted"].to_numpy(),
                "peeks": daily["peeks"].to_numpy(),
            }
        )
    rank = {s: i for i, s in enumerate(SEVERITY)}
    frame = pd.DataFrame(
        {
            "week": days - pd.to_timedelta(days.dt.day_of_week, unit="D"),
            "rank": daily["state"].map(rank).to_numpy(),
            "breaks": daily["breaks"].to_numpy(),
            "urges_resisted": daily["urges_resisted"].to_numpy(),
            "peeks": daily["peeks"].to_numpy(),
        }
    )
    weekly = frame.groupby("week", as_index=False).agg(
        rank=("rank", "min"),
        breaks=("breaks", "sum"),
        urges_resisted=("urges_resisted", "sum"),
        peeks=("peeks", "sum"),
    )
    weekly["state"] = [SEVERITY[r] for r in weekly["rank"]]
    weekly["year"] = weekly["week"].dt.isocalendar().year.astype(int)
    weekly["week_of_year"] = weekly["week"].dt.isocalendar().week.astype(int)
    return weekly.drop(columns="rank")


def _calendar_colour() -> alt.Color:
    return alt.Color(
        "state:N",
        title=CALENDAR_LEGEND,
        scale=alt.Scale(domain=list(DAY_STATES), range=list(DAY_STATES.values())),
        legend=alt.Legend(orient="bottom", columns=3, labelLimit=200),
    )


COUNT_TOOLTIPS = (
    ("breaks", "Breaks"),
    ("urges_resisted", "Urges resisted"),
    ("peeks", "Peeks"),
)


def _count_tooltips() -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{c}:Q", title=t, format="d") for c, t in COUNT_TOOLTIPS]


def _squares(
    cells: pd.DataFrame, x: alt.X, y: alt.Y, tips: list[alt.Tooltip], step: int, **mark: Any
) -> alt.Chart:
    """Calendar squares coloured by their no-contact state, each `step` pixels a side, the
    day's (or week's) counts after `tips` in the tooltip."""
    return (
        alt.Chart(cells)
        .mark_rect(**mark)
        .encode(x=x, y=y, color=_calendar_colour(), tooltip=[*tips, *_count_tooltips()])
        .properties(height=alt.Step(step))
    )


def _day_squares(cells: pd.DataFrame) -> alt.Chart:
    """One square per day, weeks in columns: a fixed step keeps squares square on a few weeks."""
    return _squares(
        cells,
        alt.X(
            "yearmonthdate(week):O",
            title=DAY_AXIS,
            axis=alt.Axis(format="%d %b", labelAngle=-45, labelOverlap=True),
        ),
        alt.Y("weekday:O", title=None, sort=list(WEEKDAYS)),
        [
            alt.Tooltip("day:T", title="Day", format="%a %d %b %Y"),
            alt.Tooltip("state:N", title="State"),
        ],
        18,
        cornerRadius=2,
        stroke="white",
        strokeWidth=1,
    )


def _week_squares(cells: pd.DataFrame) -> alt.Chart:
    """One square per week, in rows by year, taking its hardest day's state."""
    return _squares(
        cells,
        alt.X("week_of_year:O", title=WEEK_AXIS, axis=alt.Axis(labelOverlap=True)),
        alt.Y("year:O", title=YEAR_AXIS),
        [
            alt.Tooltip("week:T", title="Week starting", format="%d %b %Y"),
            alt.Tooltip("state:N", title="Hardest day"),
        ],
        14,
        cornerRadius=1,
    )


def calendar(daily: pd.DataFrame) -> alt.Chart:
    """A heatmap of tracking days coloured by their no-contact state (weeks when very long)."""
    return _calendar_drawn(_calendar_parts(daily))


def _calendar_parts(daily: pd.DataFrame) -> Parts:
    cells = calendar_frame(daily)
    return Parts((cells,), ("day" in cells.columns,))


def _calendar_drawn(parts: Parts) -> alt.Chart:
    (cells,), (by_day,) = parts.frames, parts.shape
    chart = _day_squares(cells) if by_day else _week_squares(cells)
    return finish(
        chart,
        CALENDAR_TITLE,
        CALENDAR_SUBTITLES[by_day],
        description=CALENDAR_DESCRIPTION.format(unit=CALENDAR_UNITS[by_day]),
    )


fed(calendar, _calendar_parts, _calendar_drawn)


def _state_counts(frame: pd.DataFrame) -> tuple[int, dict[str, int]]:
    """No-contact days and the days in each state, from daily rows or `nc_weekly` rows."""
    if _is_weekly(frame):
        return int(frame["nc_days"].sum()), {
            name: int(frame[column].sum()) for column, name in STATE_COUNTS
        }
    states = frame["state"].value_counts() if len(frame) else pd.Series(dtype=int)
    counts = {name: int(states.get(name, 0)) for _, name in STATE_COUNTS}
    return int(len(frame) - states.get("not in no contact", 0)), counts


def caption_calendar(daily: pd.DataFrame) -> str:
    """One sentence: how many no-contact days were break-free and what the others held."""
    nc_days, states = _state_counts(daily)
    if nc_days == 0:
        return "None of these days were in a no-contact period."
    breaks = states["break"]
    free = nc_days - breaks
    share = f" ({wording.percent(free / nc_days)})" if nc_days >= MIN_SHARE_EVENTS else ""
    return (
        f"Of your {wording.plural(nc_days, 'no-contact day')} here, {wording.number(free)} had "
        f"no contact from you{share}: {wording.number(states['clean'])} quiet, "
        f"{wording.number(states['urge resisted'])} with an urge you resisted and "
        f"{wording.number(states['peek'])} with a peek; {wording.number(breaks)} had a break."
    )


# -- streak history --------------------------------------------------------------------------
def streak_history(streaks: pd.DataFrame) -> alt.Chart:
    """Each break-free run as a block from its first to its last day, as tall as it is long."""
    return _streak_history_drawn(_streak_history_parts(streaks))


def _streak_history_parts(streaks: pd.DataFrame) -> Parts:
    data = streaks.tail(MAX_ROWS).copy()
    data["start"] = _days(data["start"])
    data["end"] = _days(data["end"])
    # The block covers its last day too, so it ends at midnight after it.
    data["until"] = data["end"] + pd.Timedelta(days=1)
    # While the runs are few the axis names the day each began.
    return Parts((data,), (period_ticks(data["start"]),))


def _streak_history_drawn(parts: Parts) -> alt.Chart:
    (data,), (ticks,) = parts.frames, parts.shape
    chart = (
        alt.Chart(data)
        .mark_bar(opacity=0.85)
        .encode(
            x=alt.X("start:T", title="Date", axis=period_axis(ticks)),
            x2=alt.X2("until"),
            y=alt.Y("days:Q", title="Days in the run", axis=alt.Axis(format="d", tickMinStep=1)),
            y2=alt.Y2(datum=0),
            color=alt.Color(
                "ended_by:N",
                title="Run ended by",
                scale=alt.Scale(domain=list(ENDED_BY), range=list(ENDED_BY.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                alt.Tooltip("end:T", title="To", format="%d %b %Y"),
                alt.Tooltip("days:Q", title="Days"),
                alt.Tooltip("ended_by:N", title="Ended by"),
            ],
        )
        .properties(height=220)
    )
    return finish(
        chart,
        "Your break-free runs",
        "Every run counts, even the short ones",
        description="Bar chart of your break-free runs over time: each block spans a run from "
        "its first to its last day, is as tall as the run is long, and is coloured by what "
        "ended it.",
    )


fed(streak_history, _streak_history_parts, _streak_history_drawn)


def caption_streak_history(streaks: pd.DataFrame) -> str:
    """One sentence: the longest run, the number of runs and the one going on now."""
    if streaks.empty:
        return "No break-free no-contact days in this period yet."
    longest = streaks.sort_values(["days", "start"], ascending=[False, True]).iloc[0]
    start = pd.Timestamp(longest["start"])
    end = pd.Timestamp(longest["end"])
    n = len(streaks)
    text = (
        f"Your longest break-free run here was {wording.plural(int(longest['days']), 'day')} "
        f"({start.day} {start:%b} to {wording.day(end.date())}), one of {wording.plural(n, 'run')}"
    )
    ongoing = streaks[streaks["ended_by"] == "ongoing"]
    if len(ongoing):
        text += f"; the current one is {wording.plural(int(ongoing.iloc[-1]['days']), 'day')} long"
    return text + "."


# -- urges versus breaks ---------------------------------------------------------------------
def weekly_outcomes(daily: pd.DataFrame) -> pd.DataFrame:
    """Urges resisted, peeks and breaks per week of no-contact days (per month if very long).

    Weeks between no-contact periods are kept with an empty count so the lines break there
    instead of drawing a slope across a time that was not no contact.
    """
    nc = daily[daily["in_nc"].astype(bool)]
    days = _days(nc["day"])
    weeks = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    unit = "week"
    span = (weeks.max() - weeks.min()).days // 7 + 1 if len(weeks) else 0
    if span * len(OUTCOMES) > MAX_ROWS:
        weeks = days.dt.to_period("M").dt.start_time
        unit = "month"
    grouped = nc[list(OUTCOMES)].assign(period=weeks.to_numpy()).groupby("period").sum()
    return _outcomes_long(grouped, unit)


def period_outcomes(periods: pd.DataFrame, unit: str) -> pd.DataFrame:
    """`weekly_outcomes`' long frame from the rows of `nc_weekly_outcomes` ($grain = unit)."""
    grouped = periods.assign(period=_days(periods["period"])).set_index("period")
    return _outcomes_long(grouped[list(OUTCOMES)], unit)


def _outcomes_long(grouped: pd.DataFrame, unit: str) -> pd.DataFrame:
    # Every period from the first to the last, empty where there was no no-contact day.
    if len(grouped):
        full = period_starts(grouped.index.min(), grouped.index.max(), unit, name="period")
        grouped = grouped.reindex(full)
    grouped = grouped.rename_axis("period")
    long = grouped.reset_index().melt(id_vars="period", var_name="outcome", value_name="count")
    long["outcome"] = long["outcome"].map(OUTCOMES)
    long["unit"] = unit
    return long.sort_values(["period", "outcome"]).reset_index(drop=True)


def urges_vs_breaks(weekly: pd.DataFrame) -> alt.Chart:
    """Urges resisted, peeks and breaks per week (from `weekly_outcomes`) as three lines."""
    return _urges_vs_breaks_drawn(_urges_vs_breaks_parts(weekly))


def _urges_vs_breaks_parts(weekly: pd.DataFrame) -> Parts:
    unit = str(weekly["unit"].iloc[0]) if len(weekly) else "week"
    # While the periods are few the axis names each one's start.
    return Parts((weekly[["period", "outcome", "count"]],), (unit, period_ticks(weekly["period"])))


def _urges_vs_breaks_drawn(parts: Parts) -> alt.Chart:
    (data,), (unit, ticks) = parts.frames, parts.shape
    chart = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2, invalid="break-paths-show-domains")
        .encode(
            x=alt.X(
                "period:T",
                title="Week" if unit == "week" else "Month",
                axis=period_axis(ticks, unit),
            ),
            y=alt.Y("count:Q", title=f"Times per {unit}", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "outcome:N",
                title=None,
                scale=alt.Scale(
                    domain=list(OUTCOMES.values()),
                    range=[DAY_STATES[s] for s in OUTCOMES.values()],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:T", title=f"{unit.title()} of", format="%d %b %Y"),
                alt.Tooltip("outcome:N", title="What happened"),
                alt.Tooltip("count:Q", title="Times", format="d"),
            ],
        )
        .properties(height=240)
    )
    return finish(
        chart,
        f"Urges resisted and breaks per {unit}",
        "Counted on no-contact days only",
        description=f"Line chart with three lines: how many urges you resisted, peeks and "
        f"breaks there were each {unit}, counted on no-contact days.",
    )


fed(urges_vs_breaks, _urges_vs_breaks_parts, _urges_vs_breaks_drawn)


def caption_urges_vs_breaks(weekly: pd.DataFrame) -> str:
    """One sentence: urges resisted against breaks over the weeks shown."""
    if weekly.empty:
        return "No no-contact days in this period yet."
    unit = str(weekly["unit"].iloc[0])
    n = weekly.dropna(subset=["count"])["period"].nunique()
    totals = weekly.groupby("outcome")["count"].sum()
    resisted = int(totals.get("urge resisted", 0))
    breaks = int(totals.get("break", 0))
    span = f"Over {n} {unit}{'s' if n != 1 else ''}"
    if resisted == 0 and breaks == 0:
        return f"{span} you logged no urges resisted and no breaks."
    urges = f"{span} you resisted {wording.number(resisted)} urge{'s' if resisted != 1 else ''}"
    if breaks == 0:
        return f"{urges} and had no breaks."
    counts = f"{urges} and had {wording.number(breaks)} break{'s' if breaks != 1 else ''}"
    # A ratio of a break or two says more than they hold: the counts alone until there are
    # enough breaks for a share (MIN_SHARE_EVENTS).
    if breaks < MIN_SHARE_EVENTS:
        return counts + "."
    return f"{counts}: {resisted / breaks:.1f} urges resisted for every break."
