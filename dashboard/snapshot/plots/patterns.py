"""The snapshot's drawings of two Patterns charts: when the breaks happened (a weekday × hour
heatmap) and which triggers are resisted and which win (grouped bars). Each takes the page's
own chart arguments (dashboard/charts/patterns.py) and draws what its Altair chart shows."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard import patterns
from dashboard.charts import patterns_shared as shared
from dashboard.charts.style import GUIDE_TEXT, OKABE_ITO
from dashboard.snapshot.drawing import Drawing, fit_text, text_width
from dashboard.snapshot.plots import common
from dashboard.snapshot.plots.common import (
    AXIS_TITLE_SIZE,
    DOMAIN,
    LABEL_SIZE,
    PAD,
    WIDTH,
    Key,
    Linear,
)

# Vega's "blues" scheme (the heatmap's colour scale), its eleven evenly spaced stops: it stops
# short of d3's darkest blues, so the darkest cell is #0a4a90, not navy.
BLUES = (
    "#cfe1f2",
    "#bed8ec",
    "#a8cee5",
    "#8fc1de",
    "#74b2d7",
    "#5ba3cf",
    "#4592c6",
    "#3181bd",
    "#206fb2",
    "#125ca4",
    "#0a4a90",
)
OUTLINE = OKABE_ITO["black"]
OUTLINE_WIDTH = 1.5
ROW_HEIGHT = 26  # the page's row step
GRADIENT_LENGTH = 200  # Vega's default gradient legend length

# Triggers: each bar this tall, a fifth of each trigger's step left between the groups (as
# Vega's band padding); the names' column at most this wide, longer names cut.
BAR_HEIGHT = 10
BAND_PADDING = 0.2
MAX_LABEL_WIDTH = 150
OUTCOMES = ("resisted", "peeked", "broke")
OUTCOME_COLUMNS = {"resisted": "resisted", "peeked": "peeked", "broke": "breaks"}


# -- when the breaks happened -----------------------------------------------------------------
def heatmap(
    grid: pd.DataFrame,
    window: Any = None,
    shares: bool = True,
    *,
    say: Callable[[str], str] = str,
) -> Drawing:
    """Breaks by weekday (rows) × hour (columns from the day-start hour), darker for more,
    grey for none, the risk window's cells outlined; `shares` only changes the page's
    tooltips."""
    outlined = window is not None
    d = Drawing(WIDTH, description=say(shared.heatmap_summary(outlined)))
    top = common.title(
        d, say(shared.HEATMAP_TITLE), say(shared.HEATMAP_SUBTITLE) if outlined else None
    )

    rows, hours = _rows_and_hours(grid)
    left = common.y_axis_room(rows, titled=True)
    right = WIDTH - 2
    cell_w = (right - left) / max(len(hours), 1)
    bottom = top + ROW_HEIGHT * len(rows)
    row_at = {day: top + i * ROW_HEIGHT for i, day in enumerate(rows)}
    col_at = {hour: left + i * cell_w for i, hour in enumerate(hours)}

    # Empty cells are the pale grey background, so "never" reads differently from "once".
    if rows and hours:
        d.rect(left, top, right - left, bottom - top, fill=shared.EMPTY_CELL)
    lo, hi = _draw_cells(d, grid, row_at, col_at, cell_w)
    if outlined:
        _draw_outlines(d, grid, window, row_at, col_at, cell_w)

    common.y_axis(d, left, [(row_at[day] + ROW_HEIGHT / 2, day) for day in rows], top, bottom)
    reach = _y_title(d, left, rows, top, bottom, shared.HEATMAP_Y_TITLE)
    low = _hour_axis(d, bottom, [(col_at[h] + cell_w / 2, h) for h in hours], left, right)
    low = max(low, reach + PAD)
    # Whole numbers only: a count legend never says half a break.
    ticks = count_ticks(lo, hi)
    end = common.gradient_legend(
        d, low + 8, BLUES, lo, hi, shared.BREAKS_LEGEND, ticks, GRADIENT_LENGTH, x=left
    )
    d.height = end
    return d


def _rows_and_hours(grid: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The rows and columns the grid holds (all 168 cells from patterns.heatmap_grid), in the
    page's order: Monday first, hours from the day-start hour."""
    present = set(grid["weekday_name"].to_numpy(dtype=object))
    rows = [day for day in patterns.WEEKDAYS if day in present]
    by_slot = grid.sort_values("slot", kind="stable")
    hours = list(dict.fromkeys(by_slot["hour_label"].to_numpy(dtype=object)))
    return rows, hours


def _draw_cells(
    d: Drawing,
    grid: pd.DataFrame,
    row_at: dict[str, float],
    col_at: dict[str, float],
    cell_w: float,
) -> tuple[float, float]:
    """A cell for each weekday and hour with a break, darker for more; returns the colour
    scale's domain."""
    names = grid["weekday_name"].to_numpy(dtype=object)
    labels = grid["hour_label"].to_numpy(dtype=object)
    breaks = pd.to_numeric(grid["breaks"], errors="coerce").to_numpy(dtype=float)
    filled = breaks > 0  # NaN is not > 0: drawn as none, as Vega's test says
    lo, hi = _colour_domain(breaks)
    scale = Linear(lo, hi, 0.0, 1.0)
    for day, hour, n in zip(names[filled], labels[filled], breaks[filled], strict=True):
        colour = common.gradient(BLUES, scale(n))
        d.rect(col_at[hour], row_at[day], cell_w, ROW_HEIGHT, fill=colour)
    return lo, hi


def _draw_outlines(
    d: Drawing,
    grid: pd.DataFrame,
    window: Any,
    row_at: dict[str, float],
    col_at: dict[str, float],
    cell_w: float,
) -> None:
    """An outline round each of the risk window's cells."""
    names = grid["weekday_name"].to_numpy(dtype=object)
    labels = grid["hour_label"].to_numpy(dtype=object)
    inside = shared.in_window(grid, window).to_numpy(dtype=bool)
    for day, hour in zip(names[inside], labels[inside], strict=True):
        d.rect(
            col_at[hour],
            row_at[day],
            cell_w,
            ROW_HEIGHT,
            stroke=OUTLINE,
            stroke_width=OUTLINE_WIDTH,
        )


def _colour_domain(breaks: np.ndarray) -> tuple[float, float]:
    """The colour scale's domain: the least and most breaks of any cell, zeros included (Vega
    takes it from every cell, though the empty ones are drawn grey)."""
    known = breaks[~np.isnan(breaks)]
    if not len(known):
        return 0.0, 0.0
    return float(known.min()), float(known.max())


def _y_title(
    d: Drawing, left: float, labels: Sequence[str], top: float, bottom: float, text: str
) -> float:
    """The y axis's title turned to read upwards, clear of its `labels`: centred on the plot,
    or, when longer than the plot is tall, running down from the plot's top (beside the x
    axis's labels rather than up into the subtitle). Returns the y its lower end reaches."""
    span = max(bottom - top, text_width(text, AXIS_TITLE_SIZE, bold=True))
    # Turned upwards, the letters stand left of the baseline and the descenders right of it.
    x = left - common.y_axis_room(labels, titled=False) - 4
    d.text(
        x,
        top + span / 2,
        text,
        size=AXIS_TITLE_SIZE,
        fill=GUIDE_TEXT,
        bold=True,
        anchor="middle",
        angle=-90,
    )
    return top + span


def _hour_axis(
    d: Drawing, y: float, ticks: Sequence[tuple[float, str]], left: float, right: float
) -> float:
    """The hours beneath the heatmap, turned to read upwards (24 do not fit side by side), and
    the axis title below them; returns the y below."""
    d.line(left, y, right, y, stroke=DOMAIN)
    deepest = 0.0
    for x, text in ticks:
        d.line(x, y, x, y + 4, stroke=DOMAIN)
        # Turned upwards the letters stand left of their baseline: move it right by about
        # half their height to centre them on the tick.
        d.text(
            x + LABEL_SIZE * 0.35,
            y + 7,
            text,
            size=LABEL_SIZE,
            fill=GUIDE_TEXT,
            anchor="end",
            angle=-90,
        )
        deepest = max(deepest, text_width(text, LABEL_SIZE))
    low = y + 7 + deepest + AXIS_TITLE_SIZE + 6
    d.text(
        (left + right) / 2,
        low,
        shared.HEATMAP_X_TITLE,
        size=AXIS_TITLE_SIZE,
        fill=GUIDE_TEXT,
        bold=True,
        anchor="middle",
    )
    return low + PAD


# d3's thresholds between step factors: the geometric means of 10 and 5, 5 and 2, 2 and 1.
_STEP_EDGES = ((10, math.sqrt(50)), (5, math.sqrt(10)), (2, math.sqrt(2)))


def count_step(lo: float, hi: float, count: int) -> float:
    """The tick step Vega (d3's tickIncrement) takes for about `count` ticks on [lo, hi]: 1, 2
    or 5 times a power of ten, whichever is nearest; never under 1 (never half a break)."""
    if hi <= lo or count < 1:
        return 1.0
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    factor = next((f for f, edge in _STEP_EDGES if error >= edge), 1)
    return max(1.0, factor * power)


def count_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Whole-number ticks from lo to hi as Vega places them for about `count` (a gradient
    legend takes 4)."""
    step = count_step(lo, hi, count)
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    return [float(i * step) for i in range(first, last + 1)] or [float(round(lo))]


def nice_top(hi: float, count: int = 10) -> float:
    """The top of a count axis from 0, rounded up to a tick as Vega's `nice` does."""
    top = max(hi, 1.0)
    for _ in range(10):
        step = count_step(0, top, count)
        rounded = math.ceil(top / step - 1e-9) * step
        if rounded == top:
            break
        top = rounded
    return float(top)


# -- which triggers I resist ------------------------------------------------------------------
def triggers(table: pd.DataFrame, *, say: Callable[[str], str] = str) -> Drawing:
    """The most frequent triggers of a `patterns_triggers` frame, each with a bar per outcome
    (resisted, peeked, reached out) of how many times it ended so."""
    d = Drawing(WIDTH, description=say(shared.TRIGGERS_DESCRIPTION))
    top = common.title(d, say(shared.TRIGGERS_TITLE))

    names, lanes, counts = _trigger_rows(table)
    labels = [fit_text(name, LABEL_SIZE, MAX_LABEL_WIDTH) for name in names]
    left = common.y_axis_room(labels, titled=True)
    right = WIDTH - 12  # room for the last tick's label
    band = BAR_HEIGHT * max(len(lanes), 1)
    step = band / (1 - BAND_PADDING)
    plot_h = step * (len(names) + BAND_PADDING) if names else step
    bottom = top + plot_h

    # As Vega: the domain from 0 rounded up to a tick.
    hi = nice_top(max((int(counts[o].max()) for o in lanes), default=0))
    x = Linear(0, hi, left, right)
    ticks = _x_ticks(x, hi, left, right)

    row_ticks = []
    for i, label in enumerate(labels):
        band_top = top + step * (BAND_PADDING + i)
        row_ticks.append((band_top + band / 2, label))
        for lane, outcome in enumerate(lanes):
            n = int(counts[outcome][i])
            if n > 0:
                d.rect(
                    left,
                    band_top + lane * BAR_HEIGHT,
                    x(n) - left,
                    BAR_HEIGHT,
                    fill=shared.OUTCOME_COLOURS[outcome],
                )

    common.y_axis(d, left, row_ticks, top, bottom)
    reach = _y_title(d, left, labels, top, bottom, shared.TRIGGERS_Y_TITLE)
    low = common.x_axis(
        d,
        bottom,
        [(x(v), common.number(v)) for v in ticks],
        left,
        right,
        shared.TRIGGERS_X_TITLE,
    )
    # The page's colour scale names all three outcomes, whichever the data holds.
    keys = [Key(shared.OUTCOME_LABELS[o], shared.OUTCOME_COLOURS[o]) for o in OUTCOMES]
    d.height = common.legend(d, max(low, reach + PAD) + 6, keys, shared.TRIGGERS_LEGEND, x=left)
    return d


def _trigger_rows(table: pd.DataFrame) -> tuple[list[str], list[str], dict[str, np.ndarray]]:
    """The most frequent triggers' names, the outcomes drawn (a lane each) and each outcome's
    counts by trigger. The page draws a bar per non-zero count; a trigger or an outcome with
    none anywhere takes no room."""
    shown = patterns.trigger_table(_counts(table))
    counts = {o: shown[OUTCOME_COLUMNS[o]].to_numpy(dtype=int) for o in OUTCOMES}
    totals = sum(counts.values(), np.zeros(len(shown), dtype=int))
    keep = totals > 0
    names = [_name(t) for t in shown["trigger"].to_numpy(dtype=object)[keep]]
    kept = {o: counts[o][keep] for o in OUTCOMES}
    lanes = [o for o in OUTCOMES if kept[o].sum() > 0]
    return names, lanes, kept


def _x_ticks(x: Linear, hi: float, left: float, right: float) -> list[float]:
    """The count axis's ticks as Vega places them: about one per 40 pixels, fewer when the
    numbers are too wide to stand side by side."""
    room = text_width(common.number(hi), LABEL_SIZE) + 8
    count = math.ceil((right - left) / 40)
    ticks = count_ticks(0, hi, count)
    while count > 1 and len(ticks) > 1 and x(ticks[1]) - x(ticks[0]) < room:
        count -= 1
        ticks = count_ticks(0, hi, count)
    return ticks


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    """The query's counts with a missing one as none, so a gap in the data cannot fail."""
    columns = [c for c in OUTCOME_COLUMNS.values() if c in table.columns]
    return table.fillna(dict.fromkeys(columns, 0))


def _name(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
