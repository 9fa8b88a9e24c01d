"""What every snapshot chart is made of: its title, scales, axes and legends, drawn onto a
Drawing in the pages' look (the Okabe-Ito palette and slate guide text of charts/style)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.charts.style import GUIDE_TEXT
from dashboard.snapshot.drawing import Drawing, fit_text, text_width, wrap

# The width every chart is drawn at (chart pixels); the PDF scales it to its text width.
WIDTH = 560
TITLE_SIZE = 13
SUBTITLE_SIZE = 12
LABEL_SIZE = 11
AXIS_TITLE_SIZE = 11
LEGEND_SIZE = 10
DOMAIN = "#888888"
GRID = "#e6e6e6"
TEXT = "#000000"
PAD = 4


def title(d: Drawing, text: str, subtitle: str | None = None, y: float = 0) -> float:
    """The chart's title in bold (and its subtitle beneath) from the top left; returns the y
    where the chart itself can start."""
    y += TITLE_SIZE + 2
    for line in wrap(text, TITLE_SIZE, d.width, bold=True):
        d.text(0, y, line, size=TITLE_SIZE, fill=TEXT, bold=True)
        y += TITLE_SIZE + 3
    if subtitle:
        for line in wrap(subtitle, SUBTITLE_SIZE, d.width):
            d.text(0, y, line, size=SUBTITLE_SIZE, fill=TEXT)
            y += SUBTITLE_SIZE + 3
    return y + 6


@dataclass(frozen=True)
class Linear:
    """A linear scale from the domain [lo, hi] onto the range [start, end] (pixels)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo
        share = 0.5 if span == 0 else (value - self.lo) / span
        return self.start + share * (self.end - self.start)

    def ticks(self, count: int = 5) -> list[float]:
        """Round values across the domain, about `count` of them (1, 2 or 5 times a power of
        ten apart)."""
        return nice_ticks(self.lo, self.hi, count)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values from lo to hi, about `count` of them."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    values = []
    value = first
    while value <= hi + step * 1e-9:
        values.append(round(value, 10))
        value += step
    return values


def number(value: float) -> str:
    """A tick value as text: whole numbers without a decimal point."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Days:
    """A time scale from the day `first` to the day `last` (each drawn as a whole day) onto
    [start, end] pixels."""

    first: dt.date
    last: dt.date
    start: float
    end: float

    @property
    def day_width(self) -> float:
        return (self.end - self.start) / ((self.last - self.first).days + 1)

    def __call__(self, day: dt.date) -> float:
        """The left edge of `day`."""
        return self.start + (day - self.first).days * self.day_width

    def centre(self, day: dt.date) -> float:
        return self(day) + self.day_width / 2

    def ticks(self, max_labels: int | None = None) -> list[tuple[dt.date, str]]:
        """Labelled days along the scale: days ("3 Dec") over a few weeks, month starts
        ("Dec", with the year on January and on the first) up to a few years, years beyond;
        no more than fit side by side."""
        span = (self.last - self.first).days + 1
        room = max_labels or max(2, int((self.end - self.start) // 60))
        if span <= 62:
            step = max(1, math.ceil(span / room))
            days = [self.first + dt.timedelta(days=i) for i in range(0, span, step)]
            return [(d, f"{d.day} {d:%b}") for d in days]
        months = month_starts(self.first, self.last)
        if len(months) <= room * 12 and span <= 4 * 366:
            step = next(s for s in (1, 2, 3, 4, 6, 12) if len(months) / s <= room or s == 12)
            shown = [m for m in months if (m.month - 1) % step == 0]
            return [
                (m, f"{m:%b %Y}" if m.month == 1 or i == 0 else f"{m:%b}")
                for i, m in enumerate(shown)
            ]
        years = [m for m in months if m.month == 1]
        step = next(s for s in (1, 2, 5, 10, 20, 50) if len(years) / s <= room or s == 50)
        return [(y, f"{y.year}") for y in years if y.year % step == 0]


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months that start within [first, last]."""
    out = []
    y, m = first.year, first.month
    if first.day != 1:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    while dt.date(y, m, 1) <= last:
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def x_axis(
    d: Drawing,
    y: float,
    ticks: Sequence[tuple[float, str]],
    left: float,
    right: float,
    label: str | None = None,
    angle: float = 0,
) -> float:
    """A horizontal axis at y: its line, a tick and label at each (x, text), and its title
    beneath; `angle` turns the labels (-45, say, when they are many). Returns the y below."""
    d.line(left, y, right, y, stroke=DOMAIN)
    low = y + 4
    for x, text in ticks:
        d.line(x, y, x, y + 4, stroke=DOMAIN)
        if angle:
            d.text(x, y + 8, text, size=LABEL_SIZE, fill=GUIDE_TEXT, anchor="end", angle=angle)
            depth = text_width(text, LABEL_SIZE) * abs(math.sin(math.radians(angle)))
            low = max(low, y + 12 + depth)
        else:
            d.text(x, y + 6 + LABEL_SIZE, text, size=LABEL_SIZE, fill=GUIDE_TEXT, anchor="middle")
            low = max(low, y + 8 + LABEL_SIZE)
    if label:
        low += AXIS_TITLE_SIZE + 4
        d.text(
            (left + right) / 2,
            low,
            label,
            size=AXIS_TITLE_SIZE,
            fill=GUIDE_TEXT,
            bold=True,
            anchor="middle",
        )
    return low + PAD


def y_axis(
    d: Drawing,
    x: float,
    ticks: Sequence[tuple[float, str]],
    top: float,
    bottom: float,
    label: str | None = None,
    label_x: float | None = None,
) -> None:
    """A vertical axis at x: its line, a tick and right-aligned label at each (y, text), and
    its title turned upwards at `label_x` (default: clear of the widest label)."""
    d.line(x, top, x, bottom, stroke=DOMAIN)
    widest = 0.0
    for y, text in ticks:
        d.line(x - 4, y, x, y, stroke=DOMAIN)
        d.text(x - 6, y + LABEL_SIZE * 0.35, text, size=LABEL_SIZE, fill=GUIDE_TEXT, anchor="end")
        widest = max(widest, text_width(text, LABEL_SIZE))
    if label:
        at = label_x if label_x is not None else x - 10 - widest
        d.text(
            at,
            (top + bottom) / 2,
            label,
            size=AXIS_TITLE_SIZE,
            fill=GUIDE_TEXT,
            bold=True,
            anchor="middle",
            angle=-90,
        )


def y_axis_room(labels: Sequence[str], titled: bool = True) -> float:
    """The width a y axis needs left of its line for `labels` (and its title)."""
    widest = max((text_width(t, LABEL_SIZE) for t in labels), default=0.0)
    return widest + 10 + (AXIS_TITLE_SIZE + 6 if titled else 0)


@dataclass(frozen=True)
class Key:
    """One legend entry: `label` shown beside a `shape` ("square", "circle", "line", "dash"
    or "triangle") in `colour`."""

    label: str
    colour: str
    shape: str = "square"


def legend(
    d: Drawing, y: float, keys: Sequence[Key], heading: str | None = None, x: float = 0
) -> float:
    """A legend from the left at y: its heading in bold, then its keys side by side, wrapping
    to new rows as the width runs out. Returns the y below it."""
    if not keys:
        return y
    if heading:
        y += LEGEND_SIZE + 2
        d.text(x, y, heading, size=LEGEND_SIZE, fill=GUIDE_TEXT, bold=True)
        y += 4
    row_h = LEGEND_SIZE + 6
    cx, cy = x, y + row_h / 2
    for key in keys:
        label = fit_text(key.label, LEGEND_SIZE, d.width - x - 20)
        need = 18 + text_width(label, LEGEND_SIZE) + 14
        if cx > x and cx + need > d.width:
            cx, cy = x, cy + row_h
        swatch(d, cx + 6, cy, key)
        d.text(cx + 18, cy + LEGEND_SIZE * 0.35, label, size=LEGEND_SIZE, fill=GUIDE_TEXT)
        cx += need
    return cy + row_h / 2 + PAD


def swatch(d: Drawing, cx: float, cy: float, key: Key) -> None:
    """The legend's little shape for `key`, centred on (cx, cy)."""
    if key.shape == "circle":
        d.circle(cx, cy, 4, fill=key.colour)
    elif key.shape in ("line", "dash"):
        dash = (3, 3) if key.shape == "dash" else None
        d.line(cx - 6, cy, cx + 6, cy, stroke=key.colour, stroke_width=2, dash=dash)
    elif key.shape == "triangle":
        d.polygon([(cx, cy - 4.5), (cx + 5, cy + 4), (cx - 5, cy + 4)], fill=key.colour)
    else:
        d.rect(cx - 4.5, cy - 4.5, 9, 9, fill=key.colour)


def gradient(colours: Sequence[str], share: float) -> str:
    """The colour at `share` (0 to 1) along evenly spaced `colours`, mixed between its two
    neighbours."""
    share = min(max(share, 0.0), 1.0)
    at = share * (len(colours) - 1)
    i = min(int(at), len(colours) - 2)
    a, b = _rgb(colours[i]), _rgb(colours[i + 1])
    t = at - i
    return "#" + "".join(f"{round(p + (q - p) * t):02x}" for p, q in zip(a, b, strict=True))


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def gradient_legend(
    d: Drawing,
    y: float,
    colours: Sequence[str],
    lo: float,
    hi: float,
    heading: str,
    values: Sequence[float] | None = None,
    width: float = 200,
    x: float = 0,
) -> float:
    """A colour bar from lo to hi with its heading above and `values` marked beneath (default:
    round values across it)."""
    y += LEGEND_SIZE + 2
    d.text(x, y, heading, size=LEGEND_SIZE, fill=GUIDE_TEXT, bold=True)
    y += 5
    steps = 40
    for i in range(steps):
        d.rect(
            x + i * width / steps,
            y,
            width / steps + 0.3,
            10,
            fill=gradient(colours, (i + 0.5) / steps),
        )
    scale = Linear(lo, hi, x, x + width)
    for value in scale.ticks(4) if values is None else values:
        at = scale(value)
        d.line(at, y + 10, at, y + 13, stroke=DOMAIN)
        d.text(
            at,
            y + 14 + LEGEND_SIZE,
            number(value),
            size=LEGEND_SIZE,
            fill=GUIDE_TEXT,
            anchor="middle",
        )
    return y + 18 + LEGEND_SIZE + PAD
