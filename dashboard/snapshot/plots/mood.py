"""The snapshot's "Mood over time" drawn natively: a dot for each day's (or week's) mean mood, the
rolling mean as a line, and the period's marks beneath them (the page's charts/mood.daily_mood
with charts/marks.with_marks, as the snapshot draws it)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from dashboard.charts import marks as mark_charts
from dashboard.charts import mood as mood_charts
from dashboard.charts.style import OKABE_ITO
from dashboard.snapshot.drawing import Drawing, text_width
from dashboard.snapshot.plots import common

# The page's marks, in chart pixels: Vega sizes a circle and a symbol by their area (px²).
DOT_R = math.sqrt(36 / math.pi)
DOT_OPACITY = 0.7
LINE_WIDTH = 3.0
RULE_WIDTH = 1.2
RULE_OPACITY = 0.55
SESSION_DASH = (3.0, 3.0)
# Vega's triangle-up of size 55: half its base is √55 / 2, half its height that times √3 / 2.
TRIANGLE_R = math.sqrt(55) / 2
TRIANGLE_H = TRIANGLE_R * math.sqrt(3) / 2
TRIANGLE_OPACITY = 0.9
MOOD_LO, MOOD_HI = 1, 10
# Room right of the plot for half of a label centred on its last day.
RIGHT_PAD = 14
# Unlabelled ticks (every month, year or day between the labelled ones) closer than this are
# left off: they would read as a thick line.
MINOR_MIN_GAP = 4.0
# Common.Days names days up to this span, month starts or years beyond (its own rule).
DAY_LABEL_SPAN = 62


def _days(values: object) -> np.ndarray:
    """Dates, ISO text or date-times as numpy days (NaT where there is none)."""
    return pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[D]")


def _date(day: np.datetime64) -> dt.date:
    return day.astype("datetime64[D]").astype(dt.date)


def _runs(ok: np.ndarray) -> list[tuple[int, int]]:
    """The [start, stop) index ranges of the runs of True in `ok`."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _minor_ticks(days: common.Days, labelled: list[tuple[dt.date, str]]) -> list[dt.date]:
    """The unlabelled ticks between the labelled ones: each day over a few weeks, each month
    start while months are named, each year once only years are."""
    span = (days.last - days.first).days + 1
    if span <= DAY_LABEL_SPAN:
        every = [days.first + dt.timedelta(days=i) for i in range(span)]
        gap = days.day_width
    elif labelled and all(label.isdigit() for _, label in labelled):
        every = [dt.date(y, 1, 1) for y in range(days.first.year + 1, days.last.year + 1)]
        gap = 365 * days.day_width
    else:
        every = common.month_starts(days.first, days.last)
        gap = 28 * days.day_width
    if gap < MINOR_MIN_GAP:
        return []
    named = {day for day, _ in labelled}
    return [day for day in every if day not in named]


def daily_mood(
    df: pd.DataFrame,
    marks: pd.DataFrame | None = None,
    *,
    say: Callable[[str], str] = str,
) -> Drawing:
    """Mood over time: each day's (or, with a `week` column, each week's) mean mood as a dot
    and the rolling mean as a line that breaks where it is missing, on the 1–10 scale; `marks`
    (`day` as ISO text, `what` a kind of charts/marks) adds a rule on each milestone's day
    (dashed for a therapy session) and a triangle at mood 1 on each day with a break."""
    weekly = mood_charts._is_weekly(df)
    period = "week" if weekly else "day"
    point_label = mood_charts.WEEKLY_LABEL if weekly else mood_charts.DAILY_LABEL
    rolling_label = mood_charts.ROLLING_LABELS[period]
    d = Drawing(
        common.WIDTH,
        description=say(mood_charts.TREND_DESCRIPTION.format(period=period, rolling=rolling_label)),
    )
    top = common.title(
        d, say(mood_charts.TREND_TITLE), say(mood_charts.TREND_SUBTITLE.format(period=period))
    )
    # Half a label's height above the top tick ("10") so it is not cut by the subtitle.
    top += 4
    bottom = top + mood_charts.TREND_HEIGHT
    y_labels = [str(v) for v in range(MOOD_LO, MOOD_HI + 1)]
    left = common.y_axis_room(y_labels) + 2
    right = common.WIDTH - RIGHT_PAD
    y = common.Linear(MOOD_LO, MOOD_HI, bottom, top)

    starts, means, rolling = _mood_rows(df, period)
    mark_days, whats = _mark_rows(marks)
    # A week is drawn across its seven days, its dot at their middle.
    length = 7 if weekly else 1
    days = _time_scale(starts, length, mark_days, left, right)
    if days is not None:
        # Marks first, beneath the mood (the snapshot layers them under its dots and line).
        _draw_marks(d, days, mark_days, whats, y(MOOD_LO), top, bottom)
        _draw_mood(d, days, starts, length, means, rolling, top, bottom)

    common.y_axis(
        d,
        left,
        [(y(int(v)), v) for v in y_labels],
        top,
        bottom,
        mood_charts.MOOD_TITLE,
    )
    low = _time_axis(d, days, bottom, left, right, mood_charts.PERIOD_TITLES[period])
    d.height = _legends(d, low + 2, point_label, rolling_label, set(whats.tolist()))
    return d


def _mood_rows(df: pd.DataFrame, period: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' starts (numpy days), mean moods and rolling means, in day order (the queries
    sort them; a hand-made frame may not be), rows without a day left out."""
    starts = _days(df[period].to_numpy()) if len(df) else np.array([], dtype="datetime64[D]")
    order = np.argsort(starts, kind="stable")
    starts = starts[order]
    means = pd.to_numeric(df["mean_mood"], errors="coerce").to_numpy(dtype=float)[order]
    rolling = pd.to_numeric(df["rolling_mean"], errors="coerce").to_numpy(dtype=float)[order]
    known = ~np.isnat(starts)
    return starts[known], means[known], rolling[known]


def _mark_rows(marks: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """The marks' days (numpy days) and kinds, those without a day or of no known kind left
    out."""
    if marks is None or not len(marks):
        return np.array([], dtype="datetime64[D]"), np.array([], dtype=object)
    mark_days = _days(marks["day"].to_numpy())
    whats = marks["what"].to_numpy()
    keep = ~np.isnat(mark_days) & np.isin(whats, list(mark_charts.MARK_COLOURS))
    return mark_days[keep], whats[keep]


def _time_scale(
    starts: np.ndarray, length: int, mark_days: np.ndarray, left: float, right: float
) -> common.Days | None:
    """One time scale for the mood (rows `length` days long) and the marks, as the page's
    layers share theirs; None with neither."""
    bounds = list(mark_days)
    if len(starts):
        bounds += [starts[0], starts[-1] + np.timedelta64(length - 1, "D")]
    return common.Days(_date(min(bounds)), _date(max(bounds)), left, right) if bounds else None


def _xs(days: common.Days, at: np.ndarray, span: int) -> np.ndarray:
    """The x of the middle of each `span` days from `at` (numpy days)."""
    offset = (at - np.datetime64(days.first, "D")).astype(float)
    return days.start + (offset + span / 2) * days.day_width


def _draw_marks(
    d: Drawing,
    days: common.Days,
    mark_days: np.ndarray,
    whats: np.ndarray,
    base: float,
    top: float,
    bottom: float,
) -> None:
    """A triangle on `base` (mood 1) for each break, a rule across the plot for each other
    mark (dashed for a therapy session)."""
    if not len(mark_days):
        return
    for x, what in zip(_xs(days, mark_days, 1).tolist(), whats.tolist(), strict=True):
        colour = mark_charts.MARK_COLOURS[what]
        if what == mark_charts.BREAK:
            d.polygon(
                [
                    (x, base - TRIANGLE_H),
                    (x + TRIANGLE_R, base + TRIANGLE_H),
                    (x - TRIANGLE_R, base + TRIANGLE_H),
                ],
                fill=colour,
                opacity=TRIANGLE_OPACITY,
            )
        else:
            d.line(
                x,
                top,
                x,
                bottom,
                stroke=colour,
                stroke_width=RULE_WIDTH,
                dash=SESSION_DASH if what == mark_charts.SESSION else None,
                opacity=RULE_OPACITY,
            )


def _draw_mood(
    d: Drawing,
    days: common.Days,
    starts: np.ndarray,
    length: int,
    means: np.ndarray,
    rolling: np.ndarray,
    top: float,
    bottom: float,
) -> None:
    """A dot for each known mean mood and the rolling mean as a line, which breaks where the
    rolling mean is missing rather than joining across it."""
    if not len(starts):
        return
    point_x = _xs(days, starts, length)
    scale = (bottom - top) / (MOOD_HI - MOOD_LO)
    dots = np.isfinite(means)
    for cx, cy in zip(
        point_x[dots].tolist(), (bottom - (means[dots] - MOOD_LO) * scale).tolist(), strict=True
    ):
        d.circle(cx, cy, DOT_R, fill=OKABE_ITO["sky"], opacity=DOT_OPACITY)
    line_y = bottom - (rolling - MOOD_LO) * scale
    for a, b in _runs(np.isfinite(rolling)):
        points = list(zip(point_x[a:b].tolist(), line_y[a:b].tolist(), strict=True))
        if len(points) == 1:
            # A lone value between gaps: the dot a line of no length would leave.
            d.circle(*points[0], LINE_WIDTH / 2, fill=OKABE_ITO["blue"])
        else:
            d.polyline(points, stroke=OKABE_ITO["blue"], stroke_width=LINE_WIDTH)


def _time_axis(
    d: Drawing, days: common.Days | None, bottom: float, left: float, right: float, title: str
) -> float:
    """The time axis beneath the plot: its labels (a label that would run off the chart's right
    edge is left off) and the unlabelled ticks between them; returns the y below."""
    ticks: list[tuple[float, str]] = []
    if days is not None:
        labelled = days.ticks()
        for day, label in labelled:
            x = days.centre(day)
            if x + text_width(label, common.LABEL_SIZE) / 2 <= common.WIDTH:
                ticks.append((x, label))
        for day in _minor_ticks(days, labelled):
            x = days.centre(day)
            d.line(x, bottom, x, bottom + 2, stroke=common.DOMAIN)
    return common.x_axis(d, bottom, ticks, left, right, title)


def _legends(
    d: Drawing, y: float, point_label: str, rolling_label: str, present: set[str]
) -> float:
    """The dot's and the line's legend, then one of the kinds of mark `present`; returns the
    y below."""
    low = common.legend(
        d,
        y,
        [
            common.Key(point_label, OKABE_ITO["sky"], "circle"),
            common.Key(rolling_label, OKABE_ITO["blue"], "line"),
        ],
    )
    shapes = {
        mark_charts.MILESTONE: "line",
        mark_charts.SESSION: "dash",
        mark_charts.BREAK: "triangle",
    }
    keys = [
        common.Key(what, colour, shapes[what])
        for what, colour in mark_charts.MARK_COLOURS.items()
        if what in present
    ]
    return common.legend(d, low, keys, heading=mark_charts.MARKS_TITLE)
