"""The mood month (issue 15): a calendar of mood, one square a day, the way eMoods and Daylio
print a month, one block per month. Pure: a frame of days in, an Altair chart out.

A long period shows its latest `MAX_MONTHS` months only, so the image stays readable; the
caption says which months it shows.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

import pandas as pd

from dashboard import wording
from dashboard.charts.lazy_altair import alt
from dashboard.charts.style import GUIDE_COLOURS, OKABE_ITO, finish

MAX_MONTHS = 6
MONTH_COLUMNS = 3
CELL = 22  # pixels a side
# A month block on the grid: 7 columns and a gap; its name, its weekday letters, 6 weeks, a gap.
BLOCK_WIDE = 8
FIRST_ROW = 2
BLOCK_TALL = FIRST_ROW + 6 + 1
WEEKDAY_LETTERS = ("M", "T", "W", "T ", "F", "S", "S ")  # distinct names keep 7 columns
# Low moods warm, high moods cool, through yellow: Okabe-Ito colours, apart for colour-blind
# eyes too, and none of them the white of an empty day.
MOOD_DOMAIN = [1, 3, 5.5, 8, 10]
MOOD_RANGE = [
    OKABE_ITO["vermillion"],
    OKABE_ITO["orange"],
    OKABE_ITO["yellow"],
    OKABE_ITO["sky"],
    OKABE_ITO["blue"],
]
EMPTY_STROKE = "#8a9599"
OUTSIDE_TEXT = "#b8b8b8"
DARK_FROM = 9
# The chart's words and its legend, shared with the snapshot's drawing (snapshot/plots/calendars).
TITLE = "My mood, day by day"
SUBTITLE = "One square a day, coloured by its mean mood; a dashed square is a day with no entry"
DESCRIPTION = (
    "Calendar of my mood: one square per day in a block per month, coloured "
    "from orange (low) through yellow to blue (high) by the day's mean mood; a dashed "
    "empty square is a day with no mood entry, and a dark border marks a hard day."
)
LEGEND_TITLE = "Mean mood of the day"
LEGEND_VALUES = (1, 4, 7, 10)
LEGEND_LENGTH = 220


def shown_months(start: dt.date, end: dt.date, max_months: int = MAX_MONTHS) -> list[dt.date]:
    """The first day of each month the calendar shows: the period's, the latest `max_months`."""
    months = []
    month = dt.date(end.year, end.month, 1)
    first = dt.date(start.year, start.month, 1)
    while month >= first and len(months) < max_months:
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def period_months(start: dt.date, end: dt.date) -> int:
    """How many calendar months the period touches."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _ink(state: str, mood: float | None) -> str:
    """The day number's colour: faint outside the period, white on the darkest blues."""
    if state == "outside":
        return OUTSIDE_TEXT
    return "white" if mood is not None and mood >= DARK_FROM else "#222222"


def _place(block: int, months: int) -> tuple[int, float]:
    """Where a month block starts on the grid (its first column, the row of its name)."""
    return (block % MONTH_COLUMNS) * BLOCK_WIDE, (block // MONTH_COLUMNS) * BLOCK_TALL


def cells(daily: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per day of the months shown: its block, row and column, and its mood.

    `daily` has `day` (a date), `entries`, `mood_mean` and `low` for the days of the period
    (queries/hard_days_daily.sql). `state` is 'logged', 'empty' (in the period, no mood entry)
    or 'outside' (before or after the period, drawn as a faint number only). `x` and `y` are
    the day's place on the one grid all the month blocks share.
    """
    by_day = {d: r for d, r in zip(daily["day"], daily.to_dict("records"), strict=True)}
    months = shown_months(start, end)
    rows = []
    for block, month in enumerate(months):
        left, top = _place(block, len(months))
        offset = month.weekday()
        for n in range(1, pycalendar.monthrange(month.year, month.month)[1] + 1):
            day = month.replace(day=n)
            rec = by_day.get(day)
            logged = rec is not None and int(rec["entries"] or 0) > 0
            state = "outside" if not start <= day <= end else "logged" if logged else "empty"
            mood = float(rec["mood_mean"]) if logged else None
            row = (n + offset - 1) // 7
            rows.append(
                {
                    "month": f"{month:%B %Y}",
                    "row": row,
                    "weekday": WEEKDAY_LETTERS[day.weekday()],
                    "n": n,
                    "state": state,
                    "mood": mood,
                    "low": bool(logged and rec["low"]),
                    "ink": _ink(state, mood),
                    "x": left + day.weekday(),
                    "y": top + FIRST_ROW + row,
                }
            )
    return pd.DataFrame(rows)


def _labels(months: list[str]) -> pd.DataFrame:
    """Each block's name and weekday letters, as text on the grid."""
    rows = []
    for block, month in enumerate(months):
        left, top = _place(block, len(months))
        rows.append({"x": left - 0.45, "y": top, "text": month, "kind": "month"})
        rows += [
            {"x": left + i, "y": top + FIRST_ROW - 1, "text": letter.strip(), "kind": "weekday"}
            for i, letter in enumerate(WEEKDAY_LETTERS)
        ]
    return pd.DataFrame(rows)


def _grid(months: int) -> tuple[alt.X, alt.Y, int, int]:
    """The shared grid's x and y (one unit a cell) and its size in pixels."""
    wide = min(MONTH_COLUMNS, months) * BLOCK_WIDE - 1
    tall = -(-months // MONTH_COLUMNS) * BLOCK_TALL
    x = alt.X("x:Q", scale=alt.Scale(domain=[-0.5, wide - 0.5]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-0.5, tall - 0.5], reverse=True), axis=None)
    return x, y, wide * CELL, tall * CELL


def _days(data: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """The squares (empty, logged) and the day numbers."""
    base = alt.Chart(data).encode(x=x, y=y)
    state = alt.datum.state
    square = (CELL - 3) ** 2
    empty = base.transform_filter(state == "empty").mark_square(
        size=square, fill="white", stroke=EMPTY_STROKE, strokeDash=[2, 2], strokeWidth=1
    )
    logged = (
        base.transform_filter(state == "logged")
        .mark_square(size=square, opacity=1)
        .encode(
            fill=alt.Fill(
                "mood:Q",
                title=LEGEND_TITLE,
                scale=alt.Scale(domain=MOOD_DOMAIN, range=MOOD_RANGE),
                legend=alt.Legend(
                    orient="bottom",
                    direction="horizontal",
                    gradientLength=LEGEND_LENGTH,
                    values=list(LEGEND_VALUES),
                ),
            ),
            # A hard day (its lowest mood 3 or less) has a dark border, whatever its mean.
            stroke=alt.condition(alt.datum.low, alt.value(OKABE_ITO["black"]), alt.value("white")),
            strokeWidth=alt.condition(alt.datum.low, alt.value(2), alt.value(0)),
        )
    )
    numbers = base.mark_text(fontSize=9).encode(text="n:Q", color=alt.Color("ink:N", scale=None))
    return [empty, logged, numbers]


def mood_calendar(daily: pd.DataFrame, start: dt.date, end: dt.date) -> alt.LayerChart:
    """The calendar of mood: a block per month, a square per day coloured by its mean mood,
    an empty day a white square with a dashed border, a hard day's square outlined.

    One view on one grid, not a facet of months: a facet's axes cost Vega twice the time."""
    data = cells(daily, start, end)
    months = list(dict.fromkeys(data["month"]))
    x, y, width, height = _grid(len(months))
    labels = alt.Chart(_labels(months)).encode(x=x, y=y, text="text:N")
    names = labels.transform_filter(alt.datum.kind == "month").mark_text(
        align="left", fontSize=12, fontWeight="bold", color="#222222"
    )
    weekdays = labels.transform_filter(alt.datum.kind == "weekday").mark_text(
        fontSize=10, color=GUIDE_COLOURS["labelColor"]
    )
    chart = alt.layer(*_days(data, x, y), names, weekdays, width=width, height=height)
    chart = finish(chart, TITLE, SUBTITLE, description=DESCRIPTION)
    chart.autosize = alt.AutoSizeParams(type="pad")
    return chart


def caption(daily: pd.DataFrame, start: dt.date, end: dt.date) -> str:
    """Which months the calendar shows, and how many of their days have a mood entry."""
    data = cells(daily, start, end)
    inside = data[data["state"] != "outside"]
    logged = int((inside["state"] == "logged").sum())
    months = shown_months(start, end)
    total = period_months(start, end)
    if total > len(months):
        which = (
            f"The latest {len(months)} of the period's {total} months, "
            f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
        )
    elif len(months) == 1:
        which = f"{months[0]:%B %Y}"
    else:
        which = f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
    hard = int(inside["low"].sum())
    outlined = (
        f"{wording.plural(hard, 'hard day')} outlined (a lowest mood of 3 or less)"
        if hard
        else "no hard day among them (a lowest mood of 3 or less)"
    )
    return (
        f"{which}: {logged} of {wording.plural(len(inside), 'day')} have a mood entry "
        f"(the dashed squares have none); {outlined}."
    )
