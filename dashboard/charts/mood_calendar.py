"""The mood month (issue 15): a calendar of mood, one square a day, the way eMoods and Daylio
print a month, one block per month. Pure: a frame of days in, an Altair chart out.

A long period shows its latest `MAX_MONTHS` months only, so the image stays readable; the
caption says which months it shows.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

import altair as alt
import pandas as pd

from dashboard import wording
from dashboard.charts.style import GUIDE_COLOURS, OKABE_ITO, finish

MAX_MONTHS = 6
MONTH_COLUMNS = 3
CELL = 22  # pixels a side
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


def cells(daily: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per day of the months shown: its block, row and column, and its mood.

    `daily` has `day` (a date), `entries`, `mood_mean` and `low` for the days of the period
    (queries/hard_days_daily.sql). `state` is 'logged', 'empty' (in the period, no mood entry)
    or 'outside' (before or after the period, drawn as a faint number only).
    """
    by_day = {d: r for d, r in zip(daily["day"], daily.to_dict("records"), strict=True)}
    rows = []
    for month in shown_months(start, end):
        offset = month.weekday()
        for n in range(1, pycalendar.monthrange(month.year, month.month)[1] + 1):
            day = month.replace(day=n)
            rec = by_day.get(day)
            logged = rec is not None and int(rec["entries"] or 0) > 0
            state = "outside" if not start <= day <= end else "logged" if logged else "empty"
            rows.append(
                {
                    "month": f"{month:%B %Y}",
                    "row": (n + offset - 1) // 7,
                    "weekday": WEEKDAY_LETTERS[day.weekday()],
                    "n": n,
                    "state": state,
                    "mood": float(rec["mood_mean"]) if logged else None,
                    "low": bool(logged and rec["low"]),
                    "ink": _ink(state, float(rec["mood_mean"]) if logged else None),
                }
            )
    return pd.DataFrame(rows)


def _squares(data: pd.DataFrame) -> alt.LayerChart:
    x = alt.X(
        "weekday:O",
        sort=list(WEEKDAY_LETTERS),
        scale=alt.Scale(domain=list(WEEKDAY_LETTERS)),
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0, ticks=False, domain=False, **GUIDE_COLOURS),
    )
    y = alt.Y("row:O", scale=alt.Scale(domain=list(range(6))), axis=None)
    base = alt.Chart().encode(x=x, y=y)
    state = alt.datum.state
    empty = base.transform_filter(state == "empty").mark_rect(
        fill="white",
        stroke=EMPTY_STROKE,
        strokeDash=[2, 2],
        strokeWidth=1,
        width=CELL - 3,
        height=CELL - 3,
    )
    logged = (
        base.transform_filter(state == "logged")
        .mark_rect(width=CELL - 3, height=CELL - 3)
        .encode(
            fill=alt.Fill(
                "mood:Q",
                title="Mean mood of the day",
                scale=alt.Scale(domain=MOOD_DOMAIN, range=MOOD_RANGE),
                legend=alt.Legend(orient="bottom", gradientLength=220, values=[1, 4, 7, 10]),
            ),
            # A hard day (its lowest mood 3 or less) has a dark border, whatever its mean.
            stroke=alt.condition(alt.datum.low, alt.value(OKABE_ITO["black"]), alt.value("white")),
            strokeWidth=alt.condition(alt.datum.low, alt.value(2), alt.value(0)),
        )
    )
    numbers = base.mark_text(fontSize=9).encode(
        text="n:Q",
        color=alt.Color("ink:N", scale=None),
    )
    return alt.layer(empty, logged, numbers, data=data).properties(
        width=alt.Step(CELL), height=alt.Step(CELL)
    )


def mood_calendar(daily: pd.DataFrame, start: dt.date, end: dt.date) -> alt.FacetChart:
    """The calendar of mood: a block per month, a square per day coloured by its mean mood,
    an empty day a white square with a dashed border, a hard day's square outlined."""
    data = cells(daily, start, end)
    months = list(dict.fromkeys(data["month"]))
    chart = _squares(data).facet(
        facet=alt.Facet(
            "month:N",
            sort=months,
            title=None,
            header=alt.Header(labelFontSize=12, labelFontWeight="bold", labelAnchor="start"),
        ),
        columns=min(MONTH_COLUMNS, len(months)),
        spacing=14,
    )
    # Every month block has its weekday letters, under its name, as a printed month does.
    chart.resolve = alt.Resolve(axis=alt.AxisResolveMap(x="independent"))
    chart = finish(
        chart,
        "My mood, day by day",
        "One square a day, coloured by its mean mood; a dashed square is a day with no entry",
        description="Calendar of my mood: one square per day in a block per month, coloured "
        "from orange (low) through yellow to blue (high) by the day's mean mood; a dashed "
        "empty square is a day with no mood entry, and a dark border marks a hard day.",
    )
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
    return (
        f"{which}: {logged} of {wording.plural(len(inside), 'day')} have a mood entry "
        f"(the dashed squares have none); {wording.plural(hard, 'hard day')} outlined "
        "(a lowest mood of 3 or less)."
    )
