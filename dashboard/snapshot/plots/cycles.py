"""The Cycles charts drawn for the snapshot as dashboard/charts/cycles.py draws them for the
pages: "Together and apart" (the together and apart stretches on a lane, the milestones as a
shape per kind on lanes above, the mood beneath on the same dates) and the milestones alone."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from dashboard import wording
from dashboard.charts import cycles as charts
from dashboard.charts.style import GUIDE_TEXT, OKABE_ITO
from dashboard.snapshot.drawing import Drawing, fit_text, text_width
from dashboard.snapshot.plots import common

BAR_HEIGHT = 18
# Vega's symbol sizes are areas (px²); a symbol of size s fits a square of side √s.
MARK_SIZE = 110
THERAPY_SIZE = 45
MARK_OPACITY = 0.85
THERAPY_OPACITY = 0.45
LEGEND_SYMBOL_SIZE = 81
MARK_COLOUR = OKABE_ITO["black"]
MOOD_COLOUR = OKABE_ITO["blue"]
MOOD_HEIGHT = 140
MOOD_TICKS = charts.INSIDE_MOOD_AXIS["values"]
MOOD_LINE_WIDTH = 2
# Vega-Lite's point on a line (size 30), drawn while the line has at most this many periods.
POINT_RADIUS = math.sqrt(30) / 2
MAX_POINTS = 120
# The space Vega-Lite leaves between stacked panels.
PANEL_GAP = 20
# The milestones-alone chart: one lane every MILESTONE_STEP pixels, and room at both ends of
# its time axis so that a shape on the first or last day is not cut in half.
MILESTONE_STEP = 50
EDGE = 8
# Day labels (a few weeks) name whole days and sit under their middle; month and year labels
# sit on the day the month or year starts.
DAY_LABEL_SPAN = 62

SHAPES = dict(zip(charts.KIND_LABELS.values(), charts.KIND_SHAPES, strict=True))
OTHER = "Other"
_H = math.sqrt(3) / 2
_TAN30 = math.tan(math.radians(30))


def symbol(d: Drawing, shape: str, cx: float, cy: float, size: float, opacity: float = 1.0) -> None:
    """Vega's symbol `shape` of area `size` (px²) centred on (cx, cy), filled black."""
    r = math.sqrt(size) / 2
    if shape == "circle":
        d.circle(cx, cy, r, fill=MARK_COLOUR, opacity=opacity)
        return
    if shape == "square":
        d.rect(cx - r, cy - r, 2 * r, 2 * r, fill=MARK_COLOUR, opacity=opacity)
        return
    h = _H * r
    s = r / 2.5
    outline: list[tuple[float, float]] = {
        "diamond": [(-r, 0), (0, -r), (r, 0), (0, r)],
        "cross": [
            (-r, -s),
            (-s, -s),
            (-s, -r),
            (s, -r),
            (s, -s),
            (r, -s),
            (r, s),
            (s, s),
            (s, r),
            (-s, r),
            (-s, s),
            (-r, s),
        ],
        "triangle-up": [(0, -h), (-r, h), (r, h)],
        "triangle-down": [(0, h), (-r, -h), (r, -h)],
        "triangle-right": [(h, 0), (-h, -r), (-h, r)],
        "triangle-left": [(-h, 0), (h, -r), (h, r)],
    }.get(shape) or _wedge(r, h)
    d.polygon([(cx + px, cy + py) for px, py in outline], fill=MARK_COLOUR, opacity=opacity)


def _wedge(r: float, h: float) -> list[tuple[float, float]]:
    """Vega's wedge: a narrow triangle pointing up (the shape of "Other")."""
    o = h - r * _TAN30
    return [(0, -h - o), (-r / 4, h - o), (r / 4, h - o)]


# -- the data ----------------------------------------------------------------------------------
def _days(values: np.ndarray) -> np.ndarray:
    """A column of dates or date-times as numpy days (NaT where missing)."""
    if np.issubdtype(values.dtype, np.datetime64):
        return values.astype("datetime64[D]")
    # Dates or text (a frame built by hand): read one by one.
    return pd.to_datetime(pd.Series(list(values), dtype=object)).to_numpy(dtype="datetime64[D]")


def _valid(days: np.ndarray) -> np.ndarray:
    return days[~np.isnat(days)]


def _segments(segments: pd.DataFrame, until: dt.date) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The stretches' first days, the days after their last (an open stretch runs through
    `until`) and their colours; a stretch of an unknown state or without a start is left out."""
    if segments.empty:
        return np.array([], "datetime64[D]"), np.array([], "datetime64[D]"), []
    starts = _days(segments["start_on"].to_numpy())
    ends = _days(segments["end_on"].to_numpy())
    ends[np.isnat(ends)] = np.datetime64(until + dt.timedelta(days=1), "D")
    labels = [charts.STATE_LABELS.get(s) for s in segments["state"].to_numpy()]
    keep = np.array([lab is not None for lab in labels], bool) & ~np.isnat(starts)
    colours = [charts.STATE_COLOURS[lab] for lab, k in zip(labels, keep, strict=True) if k]
    return starts[keep], ends[keep], colours


def _marks(milestones: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
    """The milestones' days, kinds' names (as the chart's legend names them) and whether each
    is a therapy session (drawn on a lane of its own)."""
    if milestones.empty:
        return np.array([], "datetime64[D]"), [], np.array([], bool)
    days = _days(milestones["on"].to_numpy())
    kinds = milestones["kind"].to_numpy()
    keep = ~np.isnat(days)
    names = [charts.KIND_LABELS.get(k, OTHER) for k, ok in zip(kinds, keep, strict=True) if ok]
    therapy = np.array([k == charts.THERAPY for k in kinds], bool)[keep]
    return days[keep], names, therapy


def _mood(mood: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The periods' first days and mean moods (rounded as the page rounds them) that have one."""
    if mood.empty:
        return np.array([], "datetime64[D]"), np.array([], float)
    days = _days(mood["period_start"].to_numpy())
    values = np.array(
        [wording.mood_value(v) for v in mood["mean_mood"].astype(float).to_numpy()], dtype=float
    )
    keep = ~np.isnat(days) & ~np.isnan(values)
    return days[keep], values[keep]


def _present(names: Sequence[str]) -> list[str]:
    """The kinds among `names`, in the legend's order (every kind keeps its shape)."""
    found = set(names)
    return [k for k in SHAPES if k in found]


# -- the time axis -----------------------------------------------------------------------------
def _scale(start: float, end: float, fallback: dt.date, *columns: np.ndarray) -> common.Days:
    """A Days scale over every day in `columns` (or `fallback` alone when there is none)."""
    days = np.concatenate([_valid(c) for c in columns]) if columns else np.array([])
    if not len(days):
        return common.Days(fallback, fallback, start, end)
    return common.Days(days.min().item(), days.max().item(), start, end)


def _xs(scale: common.Days, days: np.ndarray, centre: bool = False) -> np.ndarray:
    """The left edges (or middles) of `days` on `scale`, for a whole column at once."""
    first = np.datetime64(scale.first, "D")
    xs = scale.start + (days - first).astype(np.int64) * scale.day_width
    return xs + scale.day_width / 2 if centre else xs


def _ticks(scale: common.Days, left: float, right: float) -> list[tuple[float, str]]:
    """The scale's labelled days as axis ticks, leaving out a label that would stick out past
    either end of the axis."""
    daily = (scale.last - scale.first).days + 1 <= DAY_LABEL_SPAN
    out = []
    for day, label in scale.ticks():
        x = scale.centre(day) if daily else scale(day)
        half = text_width(label, common.LABEL_SIZE) / 2
        if x - half >= left - 1 and x + half <= right + 1:
            out.append((x, label))
    return out


# -- the pieces --------------------------------------------------------------------------------
def _draw_marks(
    d: Drawing,
    scale: common.Days,
    marks: tuple[np.ndarray, list[str], np.ndarray],
    rows: dict[str, float],
) -> None:
    """Each milestone as its kind's shape on its lane (`rows`: lane name -> y)."""
    days, names, therapy = marks
    xs = _xs(scale, days, centre=True)
    mark_y, therapy_y = rows.get("Milestones"), rows.get("Therapy")
    for x, name, quiet in zip(xs.tolist(), names, therapy.tolist(), strict=True):
        # Therapy sessions (often weekly) are small and light so they do not bury the rest.
        y = therapy_y if quiet else mark_y
        if y is None:
            continue
        size, opacity = (THERAPY_SIZE, THERAPY_OPACITY) if quiet else (MARK_SIZE, MARK_OPACITY)
        symbol(d, SHAPES.get(name, SHAPES[OTHER]), x, y, size, opacity)


def _lanes(has_segments: bool, therapy: np.ndarray) -> list[str]:
    """The lanes with something on them, top to bottom."""
    filled = {
        "Milestones": bool((~therapy).any()),
        "Therapy": bool(therapy.any()),
        "Together or apart": has_segments,
    }
    return [lane for lane in charts.LANES if filled[lane]]


def _kind_legend(d: Drawing, y: float, kinds: Sequence[str]) -> float:
    """The milestone legend: each kind's shape and name side by side (as common.legend lays
    out its keys), wrapping as the width runs out. Returns the y below it."""
    if not kinds:
        return y
    size = common.LEGEND_SIZE
    y += size + 2
    d.text(0, y, charts.MILESTONE_LEGEND, size=size, fill=GUIDE_TEXT, bold=True)
    y += 4
    row_h = size + 6
    cx, cy = 0.0, y + row_h / 2
    for kind in kinds:
        label = fit_text(kind, size, d.width - 20)
        need = 18 + text_width(label, size) + 14
        if cx > 0 and cx + need > d.width:
            cx, cy = 0.0, cy + row_h
        symbol(d, SHAPES.get(kind, SHAPES[OTHER]), cx + 6, cy, LEGEND_SYMBOL_SIZE)
        d.text(cx + 18, cy + size * 0.35, label, size=size, fill=GUIDE_TEXT)
        cx += need
    return cy + row_h / 2 + common.PAD


def _mood_panel(
    d: Drawing, y: float, scale: common.Days, days: np.ndarray, values: np.ndarray, points: bool
) -> float:
    """The mean mood as a line (with a point per period while they are few), its scale's
    numbers and title inside the panel's left edge as on the page; returns the panel's foot."""
    size = common.LABEL_SIZE
    y += 10 + size
    d.text(0, y, charts.MOOD_TITLE, size=size, fill=GUIDE_TEXT)
    top = y + 12
    bottom = top + MOOD_HEIGHT
    lo, hi = 1.0, 10.0
    mood_y = common.Linear(lo, hi, bottom, top)
    for value in MOOD_TICKS:
        d.text(2, mood_y(value) + size * 0.35, common.number(value), size=size, fill=GUIDE_TEXT)
    xs = _xs(scale, days, centre=True)
    ys = bottom + (np.clip(values, lo, hi) - lo) / (hi - lo) * (top - bottom)
    line = list(zip(xs.tolist(), ys.tolist(), strict=True))
    d.polyline(line, stroke=MOOD_COLOUR, stroke_width=MOOD_LINE_WIDTH)
    if points or len(line) == 1:
        # A single period has no line to draw: its point stands for it.
        for x, v in line:
            d.circle(x, v, POINT_RADIUS, fill=MOOD_COLOUR)
    return bottom


# -- the charts --------------------------------------------------------------------------------
def timeline(
    segments: pd.DataFrame,
    milestones: pd.DataFrame,
    mood: pd.DataFrame,
    until: dt.date,
    *,
    say: Callable[[str], str] = str,
) -> Drawing:
    """Together and apart: the stretches on a lane, the milestones on theirs, and the mean
    mood beneath on the same time axis (left out when the period has no mood), as
    `charts.cycles.timeline_chart(segments, milestones, mood, until)` draws it."""
    starts, ends, colours = _segments(segments, until)
    marks = _marks(milestones)
    mood_days, mood_values = _mood(mood)
    with_mood = bool(len(mood_values))
    d = Drawing(common.WIDTH)
    if with_mood:
        title, d.description = charts.TIMELINE_MOOD_TITLE, charts.TIMELINE_MOOD_DESCRIPTION
    else:
        title, d.description = charts.TIMELINE_TITLE, charts.TIMELINE_DESCRIPTION + "."
    d.description = say(d.description)
    y = common.title(d, say(title))

    pad = charts.TIME_PADDING
    # The days drawn: an open stretch runs through `until` (to the end of that day).
    scale = _scale(pad, d.width - pad, until, starts, ends - 1, marks[0], mood_days)
    lanes = _lanes(bool(len(colours)), marks[2])
    top = y + 2
    rows = {lane: top + charts.LANE_STEP * (i + 0.5) for i, lane in enumerate(lanes)}
    bar_y = rows.get("Together or apart")
    if bar_y is not None:
        lefts, rights = _xs(scale, starts), _xs(scale, ends)
        for x1, x2, colour in zip(lefts.tolist(), rights.tolist(), colours, strict=True):
            d.rect(x1, bar_y - BAR_HEIGHT / 2, max(x2 - x1, 0.5), BAR_HEIGHT, fill=colour)
    _draw_marks(d, scale, marks, rows)
    for lane, lane_y in rows.items():
        # Each lane's name above it, inside the chart, as on the page.
        d.text(0, lane_y + charts.LANE_NAME_DY - 2, lane, size=11, fill=charts.LANE_TEXT)
    ticks = _ticks(scale, 0, d.width)
    y = common.x_axis(d, top + charts.LANE_STEP * len(lanes), ticks, 0, d.width, charts.DATE_TITLE)

    if with_mood:
        points = len(mood) <= MAX_POINTS
        foot = _mood_panel(d, y + PANEL_GAP - 10, scale, mood_days, mood_values, points)
        y = common.x_axis(d, foot, ticks, 0, d.width, charts.DATE_TITLE)

    if len(colours):
        keys = [common.Key(label, charts.STATE_COLOURS[label]) for label in charts.STATE_COLOURS]
        y = common.legend(d, y + 4, keys, heading=charts.PERIOD_LEGEND)
    y = _kind_legend(d, y + 2, _present(marks[1]))
    d.height = y
    return d


def milestones(shown: pd.DataFrame, *, say: Callable[[str], str] = str) -> Drawing:
    """The milestones alone, a shape for each kind on their lanes (therapy sessions on their
    own), as `charts.cycles.milestones_chart(shown)` draws them."""
    marks = _marks(shown)
    d = Drawing(common.WIDTH, description=say(charts.MILESTONES_DESCRIPTION))
    y = common.title(d, say(charts.MILESTONES_TITLE))
    lanes = _lanes(False, marks[2])
    if not lanes:
        d.height = y
        return d
    left = common.y_axis_room(lanes)
    # A lane is drawn only with a mark on it, so the scale has a day: no fallback is used.
    scale = _scale(left + EDGE, d.width - EDGE, dt.date.today(), marks[0])
    top = y + 2
    rows = {lane: top + MILESTONE_STEP * (i + 0.5) for i, lane in enumerate(lanes)}
    bottom = top + MILESTONE_STEP * len(lanes)
    common.y_axis(d, left, [(v, k) for k, v in rows.items()], top, bottom, charts.LANE_AXIS)
    _draw_marks(d, scale, marks, rows)
    y = common.x_axis(d, bottom, _ticks(scale, left, d.width), left, d.width, charts.DATE_TITLE)
    d.height = _kind_legend(d, y + 2, _present(marks[1]))
    return d
