"""The snapshot's two calendars drawn as shapes: the mood month (charts/mood_calendar: a block
per month, a square per day coloured by its mean mood) and the no-contact calendar
(charts/no_contact: a square per day in columns of weeks, or per week in rows of years)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import pandas as pd

from dashboard.charts import mood_calendar as mc
from dashboard.charts import no_contact as nc
from dashboard.charts.style import DAY_STATES, GUIDE_TEXT, OKABE_ITO
from dashboard.snapshot.drawing import Drawing, text_width
from dashboard.snapshot.plots.common import (
    DOMAIN,
    LABEL_SIZE,
    LEGEND_SIZE,
    PAD,
    WIDTH,
    Key,
    legend,
    title,
    x_axis,
    y_axis,
    y_axis_room,
)

# -- the mood scale --------------------------------------------------------------------------
# Vega interpolates a continuous colour range in HCL (d3.interpolateHcl), not in RGB: between
# the yellow and the sky blue it passes through green and cyan. The same arithmetic here keeps
# a day's square the colour the page gives it (d3-color's CIELAB, D50 white point).
_XN, _YN, _ZN = 0.96422, 1.0, 0.82521
_T0, _T1 = 4 / 29, 6 / 29
_T2, _T3 = 3 * _T1 * _T1, _T1**3


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _xyz_lab(t: float) -> float:
    return t ** (1 / 3) if t > _T3 else t / _T2 + _T0


def _lab_xyz(t: float) -> float:
    return t**3 if t > _T1 else _T2 * (t - _T0)


def _gamma(x: float) -> float:
    return 255 * (12.92 * x if x <= 0.0031308 else 1.055 * x ** (1 / 2.4) - 0.055)


@cache
def _hcl(colour: str) -> tuple[float, float, float]:
    """A hex colour's hue (degrees, NaN for a grey), chroma and lightness."""
    v = colour.lstrip("#")
    r, g, b = (_linear(int(v[i : i + 2], 16)) for i in (0, 2, 4))
    y = _xyz_lab((0.2225045 * r + 0.7168786 * g + 0.0606169 * b) / _YN)
    if r == g == b:
        x = z = y
    else:
        x = _xyz_lab((0.4360747 * r + 0.3850649 * g + 0.1430804 * b) / _XN)
        z = _xyz_lab((0.0139322 * r + 0.0971045 * g + 0.7141733 * b) / _ZN)
    lab_l, lab_a, lab_b = 116 * y - 16, 500 * (x - y), 200 * (y - z)
    if lab_a == 0 and lab_b == 0:
        return math.nan, 0.0, lab_l
    hue = math.degrees(math.atan2(lab_b, lab_a))
    return hue % 360, math.hypot(lab_a, lab_b), lab_l


def _hex(hue: float, chroma: float, light: float) -> str:
    """The HCL colour as hex, each channel rounded and clamped as d3 writes it."""
    if math.isnan(hue):
        lab_a = lab_b = 0.0
    else:
        lab_a = math.cos(math.radians(hue)) * chroma
        lab_b = math.sin(math.radians(hue)) * chroma
    y = (light + 16) / 116
    x = _XN * _lab_xyz(y + lab_a / 500)
    z = _ZN * _lab_xyz(y - lab_b / 200)
    y = _YN * _lab_xyz(y)
    channels = (
        3.1338561 * x - 1.6168667 * y - 0.4906146 * z,
        -0.9787684 * x + 1.9161415 * y + 0.0334540 * z,
        0.0719453 * x - 0.2289914 * y + 1.4052427 * z,
    )
    return "#" + "".join(f"{min(255, max(0, round(_gamma(c)))):02x}" for c in channels)


def hcl_mix(a: str, b: str, t: float) -> str:
    """The colour `t` (0 to 1) of the way from `a` to `b`, as d3.interpolateHcl mixes them:
    the hue the shorter way round, chroma and lightness in a straight line."""
    (h0, c0, l0), (h1, c1, l1) = _hcl(a), _hcl(b)
    # A grey has no hue: it takes the other end's, as d3 does.
    if math.isnan(h0):
        h0 = h1
    if math.isnan(h1):
        h1 = h0
    turn = h1 - h0
    if turn > 180 or turn < -180:
        turn -= 360 * round(turn / 360)
    hue = h0 + t * turn if not math.isnan(h0) else math.nan
    return _hex(hue, c0 + t * (c1 - c0), l0 + t * (l1 - l0))


def scale_colour(value: float, domain: Sequence[float], colours: Sequence[str]) -> str:
    """A piecewise-linear colour scale as Vega draws it: `value` placed between the two domain
    stops around it and mixed in HCL between their colours (clamped to the domain's ends)."""
    value = min(max(value, domain[0]), domain[-1])
    i = max(0, min(int(np.searchsorted(domain, value, side="right")) - 1, len(domain) - 2))
    span = domain[i + 1] - domain[i]
    return hcl_mix(colours[i], colours[i + 1], (value - domain[i]) / span if span else 0.0)


@cache
def mood_colour(mood: float) -> str:
    """A day's mean mood as the mood month colours it (MOOD_DOMAIN onto MOOD_RANGE)."""
    return scale_colour(mood, mc.MOOD_DOMAIN, mc.MOOD_RANGE)


# -- the mood month --------------------------------------------------------------------------
# A grid unit (a day's cell) is at most this many pixels: 23 columns of three month blocks
# fill the width at 24 px; one or two blocks (a first week) keep their squares that size.
MAX_CELL = 24
DAY_NUMBER_SIZE = 9
MONTH_NAME_SIZE = 12
WEEKDAY_SIZE = 10
MONTH_NAME_INK = "#222222"
# cells() names the day number's colour as Vega reads it; the PDF takes hex only.
_INK = {"white": "#ffffff"}
GRADIENT_THICK = 16


def mood_calendar(
    daily: pd.DataFrame, start: dt.date, end: dt.date, *, say: Callable[[str], str] = str
) -> Drawing:
    """The mood month: a block per month shown, a square per day in the period coloured by its
    mean mood (a hard day outlined, a day without an entry dashed), days outside it faint."""
    d = Drawing(WIDTH, description=say(mc.DESCRIPTION))
    top = title(d, say(mc.TITLE), say(mc.SUBTITLE))
    data = mc.cells(daily, start, end)
    months = list(dict.fromkeys(data["month"])) if len(data) else []
    bottom = top
    if months:
        wide = min(mc.MONTH_COLUMNS, len(months)) * mc.BLOCK_WIDE - 1
        cell = min(MAX_CELL, WIDTH / wide)
        for block, name in enumerate(months):
            # Where cells() puts the block: its first column and the row of its name.
            left = (block % mc.MONTH_COLUMNS) * mc.BLOCK_WIDE
            row = (block // mc.MONTH_COLUMNS) * mc.BLOCK_TALL
            y = top + (row + 0.5) * cell
            d.text(
                left * cell + 1,
                y + MONTH_NAME_SIZE * 0.35,
                name,
                size=MONTH_NAME_SIZE,
                fill=MONTH_NAME_INK,
                bold=True,
            )
            y += cell
            for i, letter in enumerate(mc.WEEKDAY_LETTERS):
                cx = (left + i + 0.5) * cell
                d.text(
                    cx,
                    y + WEEKDAY_SIZE * 0.35,
                    letter.strip(),
                    size=WEEKDAY_SIZE,
                    fill=GUIDE_TEXT,
                    anchor="middle",
                )
        _mood_days(d, data, top, cell)
        bottom = top + (float(data["y"].max()) + 1) * cell
    d.height = _mood_legend(d, bottom + 10)
    return d


def _mood_days(d: Drawing, data: pd.DataFrame, top: float, cell: float) -> None:
    """Each day's square (none outside the period) and its number."""
    side = cell - 3  # as the page's squares: a 3 px white gap between neighbours
    columns = ("x", "y", "n", "state", "mood", "low", "ink")
    for x, y, n, state, mood, low, ink in zip(*(data[c].to_numpy() for c in columns), strict=True):
        cx, cy = (x + 0.5) * cell, top + (y + 0.5) * cell
        sx, sy = cx - side / 2, cy - side / 2
        if state == "empty":
            d.rect(sx, sy, side, side, fill="#ffffff", stroke=mc.EMPTY_STROKE, dash=(2, 2))
        elif state == "logged" and mood is not None and not math.isnan(mood):
            # A day without a mean (which a logged day should not be) gets no square, as Vega
            # leaves out a value its scale cannot place.
            fill = mood_colour(round(float(mood), 3))
            if low:
                d.rect(sx, sy, side, side, fill=fill, stroke=OKABE_ITO["black"], stroke_width=2)
            else:
                d.rect(sx, sy, side, side, fill=fill)
        d.text(
            cx,
            cy + DAY_NUMBER_SIZE * 0.35,
            str(n),
            size=DAY_NUMBER_SIZE,
            fill=_INK.get(ink, ink),
            anchor="middle",
        )


def _mood_legend(d: Drawing, y: float) -> float:
    """The colour bar of the mood scale (1 to 10) with its heading and values; the y below."""
    lo, hi = mc.MOOD_DOMAIN[0], mc.MOOD_DOMAIN[-1]
    length = mc.LEGEND_LENGTH
    y += LEGEND_SIZE + 2
    d.text(0, y, mc.LEGEND_TITLE, size=LEGEND_SIZE + 1, fill=GUIDE_TEXT, bold=True)
    y += 5
    steps = 88  # 2.5 px strips: smooth to the eye, few shapes
    for i in range(steps):
        colour = mood_colour(round(lo + (hi - lo) * (i + 0.5) / steps, 3))
        d.rect(i * length / steps, y, length / steps + 0.3, GRADIENT_THICK, fill=colour)
    values = mc.LEGEND_VALUES
    for k, value in enumerate(values):
        x = (value - lo) / (hi - lo) * length
        d.line(x, y + GRADIENT_THICK, x, y + GRADIENT_THICK + 3, stroke=DOMAIN)
        # As Vega's gradient legend: the end labels kept within the bar.
        anchor = "start" if k == 0 and x <= 0 else "end" if x >= length else "middle"
        d.text(
            x,
            y + GRADIENT_THICK + 4 + LEGEND_SIZE,
            f"{value:g}",
            size=LEGEND_SIZE,
            fill=GUIDE_TEXT,
            anchor=anchor,
        )
    return y + GRADIENT_THICK + 8 + LEGEND_SIZE + PAD


# -- the no-contact calendar -----------------------------------------------------------------
# A square is at most this many pixels a side (a first week's few squares stay squares and
# leave the rest of the width blank), and a year of weeks (53 columns) is a band of its own.
MAX_DAY_CELL = 20
MAX_WEEK_CELL = 14
BAND_WEEKS = 53
# Rotated week labels at least this far apart; week numbers and year labels likewise.
DAY_LABEL_GAP = 30
WEEK_LABEL_GAP = 22
NAMED_WEEKS = 8
YEAR_LABEL_GAP = 12
WEEK_NUMBER_STEPS = (1, 2, 5, 10)


def no_contact_calendar(cells: pd.DataFrame, *, say: Callable[[str], str] = str) -> Drawing:
    """The no-contact calendar from the section's rows (`metrics.nc_daily`, or `nc_weekly`
    past two years): a square per day, weekdays in rows and weeks in columns, or a square per
    week, years in rows, each coloured by its (hardest) day's state."""
    frame = nc.calendar_frame(cells)
    by_day = "day" in frame.columns
    unit = nc.CALENDAR_UNITS[by_day]
    d = Drawing(WIDTH, description=say(nc.CALENDAR_DESCRIPTION.format(unit=unit)))
    top = title(d, say(nc.CALENDAR_TITLE), say(nc.CALENDAR_SUBTITLES[by_day]))
    if len(frame):
        top = _day_grid(d, frame, top) if by_day else _week_grid(d, frame, top)
    keys = [Key(state, colour) for state, colour in DAY_STATES.items()]
    d.height = legend(d, top + 4, keys, heading=nc.CALENDAR_LEGEND)
    return d


def _colours(states: np.ndarray) -> list[str]:
    other = DAY_STATES["not in no contact"]
    return [DAY_STATES.get(s, other) for s in states]


def _day_grid(d: Drawing, frame: pd.DataFrame, top: float) -> float:
    """Days in columns of weeks (rows Mon to Sun), a band per year of weeks; the y below."""
    days = frame["day"].to_numpy(dtype="datetime64[D]")
    week_days = frame["week"].to_numpy(dtype="datetime64[D]")
    weeks = np.unique(week_days)
    column = np.searchsorted(weeks, week_days)
    # 1970-01-01 was a Thursday (weekday 3, counting Monday as 0).
    weekday = (days.astype("int64") + 3) % 7
    colours = np.asarray(_colours(frame["state"].to_numpy()), dtype=object)
    bands = -(-len(weeks) // BAND_WEEKS)
    per_band = -(-len(weeks) // bands)
    room = y_axis_room(nc.WEEKDAYS, titled=False)
    cell = min(MAX_DAY_CELL, (WIDTH - room - 1) / per_band)
    # A band's first label, turned, reaches left of its week: the grid moves right to keep it
    # on the chart.
    reach = 0.0
    for band in range(bands):
        ticks, flat = _week_ticks(weeks[band * per_band : (band + 1) * per_band], cell)
        if not flat:
            reach = max(reach, text_width(ticks[0][1], LABEL_SIZE) * 0.71 + 4 - ticks[0][0])
    left = max(room, reach)
    cell = min(cell, (WIDTH - left - 1) / per_band)
    gap = 1.0 if cell >= 6 else 0.5  # the page's white stroke between squares
    # Small squares leave no room for seven names: every other weekday is named then.
    named = 1 if cell >= 13 else 2
    band_of = column // per_band
    y = top
    for band in range(bands):
        shown = band_of == band
        first = band * per_band
        for col, row, colour in zip(
            column[shown] - first, weekday[shown], colours[shown], strict=True
        ):
            x0, y0 = left + col * cell + gap / 2, y + row * cell + gap / 2
            d.rect(x0, y0, cell - gap, cell - gap, fill=colour)
        rows = [(y + (i + 0.5) * cell, nc.WEEKDAYS[i]) for i in range(0, 7, named)]
        y_axis(d, left, rows, y, y + 7 * cell)
        starts = weeks[first : first + per_band]
        ticks, flat = _week_ticks(starts, cell)
        label = nc.DAY_AXIS if band == bands - 1 else None
        y = x_axis(
            d,
            y + 7 * cell,
            [(left + x, text) for x, text in ticks],
            left,
            left + len(starts) * cell,
            label,
            angle=0 if flat else -45,
        )
        y += 6
    return y


def _week_ticks(starts: np.ndarray, cell: float) -> tuple[list[tuple[float, str]], bool]:
    """A band's week labels (x from the band's left, text) and whether they fit unturned."""
    # A first few weeks are each named (turned, they fit side by side); more, every few.
    step = 1 if len(starts) <= NAMED_WEEKS else max(1, math.ceil(DAY_LABEL_GAP / cell))
    ticks = []
    last_year = None
    for i in range(0, len(starts), step):
        start = pd.Timestamp(starts[i]).date()
        # The page writes "%d %b"; the year joins a band's first label and each new year's,
        # so that a calendar across New Year (or two years of bands) says which is which.
        text = f"{start:%d %b}" if start.year == last_year else f"{start:%d %b %Y}"
        last_year = start.year
        ticks.append(((i + 0.5) * cell, text))
    widest = max(text_width(text, LABEL_SIZE) for _, text in ticks)
    return ticks, len(ticks) == 1 or step * cell >= widest + 8


def _week_grid(d: Drawing, frame: pd.DataFrame, top: float) -> float:
    """Weeks in columns by their week of the year, years in rows (the page's long-range form);
    the y below."""
    week_no = frame["week_of_year"].to_numpy(dtype="int64")
    year = frame["year"].to_numpy(dtype="int64")
    # As Vega's ordinal scales: the weeks and years that occur, in order.
    numbers = np.unique(week_no)
    years = np.unique(year)
    column = np.searchsorted(numbers, week_no)
    row = np.searchsorted(years, year)
    year_text = [str(y) for y in years]
    left = y_axis_room(year_text, titled=True)
    cell = min(MAX_WEEK_CELL, (WIDTH - left - 1) / len(numbers))
    # Touching squares as the page draws them, so a run of weeks of one state in a year is
    # one shape (fifty years of weeks are 2,600 squares, mostly in long runs); a hair of
    # overlap hides the seams in a PDF.
    for r, col, span, colour in _runs(row, column, _colours(frame["state"].to_numpy())):
        d.rect(left + col * cell, top + r * cell, span * cell + 0.2, cell + 0.2, fill=colour)
    bottom = top + len(years) * cell
    year_step = max(1, math.ceil(YEAR_LABEL_GAP / cell))
    rows = [
        (top + (i + 0.5) * cell, text) for i, text in enumerate(year_text) if i % year_step == 0
    ]
    y_axis(d, left, rows, top, bottom, nc.YEAR_AXIS)
    step = next((s for s in WEEK_NUMBER_STEPS if s * cell >= WEEK_LABEL_GAP), 10)
    labelled = [i for i, n in enumerate(numbers) if n % step == 0]
    # The first week is named too (week 1, mostly) unless a round one stands too close.
    if not labelled or labelled[0] * cell >= WEEK_LABEL_GAP:
        labelled.insert(0, 0)
    ticks = [(left + (i + 0.5) * cell, str(numbers[i])) for i in labelled]
    return x_axis(d, bottom, ticks, left, left + len(numbers) * cell, nc.WEEK_AXIS)


def _runs(
    rows: np.ndarray, columns: np.ndarray, colours: Sequence[str]
) -> list[tuple[int, int, int, str]]:
    """Cells of one colour side by side in a row merged: (row, first column, columns, colour)."""
    order = np.lexsort((columns, rows))
    runs: list[tuple[int, int, int, str]] = []
    for r, c, colour in zip(
        rows[order].tolist(),
        columns[order].tolist(),
        np.asarray(colours, dtype=object)[order],
        strict=True,
    ):
        if runs and runs[-1][0] == r and runs[-1][1] + runs[-1][2] == c and runs[-1][3] == colour:
            runs[-1] = (r, runs[-1][1], runs[-1][2] + 1, colour)
        else:
            runs.append((r, c, 1, colour))
    return runs
