"""A chart as a list of shapes, drawn once and written as SVG (the HTML and the page's preview)
or straight into the PDF with fpdf2's own lines, so the PDF's charts are vector and their
words real text.

Coordinates are chart pixels from the top left (y grows downwards, as in SVG); text is placed
by its baseline. A PDF draws the chart scaled to the width it is given. The words are measured
with the bundled font's own advance widths, so SVG and PDF lay out alike. No Altair, no
JavaScript engine: a one-year snapshot draws its six charts in a few tens of milliseconds.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard import DATA_DIR

FONTS_DIR = DATA_DIR / "fonts"
FONT_FILES = {False: FONTS_DIR / "DejaVuSans.ttf", True: FONTS_DIR / "DejaVuSans-Bold.ttf"}
FONT_FAMILY = "DejaVu Sans"
# The SVG names fallbacks of about the same width for a browser without the bundled font.
SVG_FONTS = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"
# What a character the font cannot draw is measured (and, in the PDF, drawn) as.
MISSING = "□"
MM_PER_PT = 25.4 / 72
# Letters of right-to-left scripts the bundled font draws (Hebrew, Arabic and their forms).
_RTL = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")

Point = tuple[float, float]


@dataclass(frozen=True)
class _Metrics:
    advances: dict[int, int]  # code point -> advance width in font units
    units: int  # font units per em


@functools.cache
def metrics(bold: bool = False) -> _Metrics:
    """The bundled font's advance widths (read once per process)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_FILES[bold]), lazy=True) as font:
        hmtx = font["hmtx"].metrics
        advances = {code: hmtx[glyph][0] for code, glyph in font["cmap"].getBestCmap().items()}
        return _Metrics(advances, int(font["head"].unitsPerEm))


def needs_shaping(value: str) -> bool:
    """Whether a piece of text holds right-to-left letters (to be shaped, not drawn as typed)."""
    return bool(_RTL.search(value))


def font_chars() -> frozenset[int]:
    """The characters the bundled (regular) font draws."""
    return frozenset(metrics(False).advances)


def text_width(value: str, size: float, bold: bool = False) -> float:
    """The width of `value` set in the bundled font at `size` pixels."""
    m = metrics(bold)
    missing = m.advances.get(ord(MISSING), m.units)
    return sum(m.advances.get(ord(ch), missing) for ch in value) * size / m.units


def fit_text(value: str, size: float, width: float, bold: bool = False) -> str:
    """`value`, cut short with an ellipsis when it is wider than `width`."""
    if text_width(value, size, bold) <= width:
        return value
    while value and text_width(value + "…", size, bold) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def wrap(value: str, size: float, width: float, bold: bool = False) -> list[str]:
    """`value` broken into lines no wider than `width`: at spaces, at each newline, and a word
    wider than a line across lines (nothing is cut). An empty `value` is one empty line."""
    lines: list[str] = []
    space = text_width(" ", size, bold)
    for paragraph in value.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            need = text_width(word, size, bold)
            if line and used + space + need <= width:
                line, used = f"{line} {word}", used + space + need
                continue
            if line:
                lines.append(line)
            while need > width and len(word) > 1:
                cut = _fitting(word, size, width, bold)
                lines.append(word[:cut])
                word = word[cut:]
                need = text_width(word, size, bold)
            line, used = word, need
        lines.append(line)
    return lines


def _fitting(word: str, size: float, width: float, bold: bool) -> int:
    """How many of `word`'s first characters fit in `width` (at least one)."""
    used = 0.0
    for i, ch in enumerate(word):
        used += text_width(ch, size, bold)
        if used > width:
            return max(i, 1)
    return len(word)


@dataclass
class Drawing:
    """A chart's shapes, `width` × `height` chart pixels; `description` is its text alternative."""

    width: float
    height: float = 0.0
    description: str = ""
    ops: list[tuple[Any, ...]] = field(default_factory=list)

    # -- shapes ---------------------------------------------------------------------------
    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str | None = None,
        stroke: str | None = None,
        stroke_width: float = 1.0,
        dash: tuple[float, float] | None = None,
        opacity: float = 1.0,
    ) -> None:
        self.ops.append(("rect", x, y, w, h, fill, stroke, stroke_width, dash, opacity))

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str,
        stroke_width: float = 1.0,
        dash: tuple[float, float] | None = None,
        opacity: float = 1.0,
    ) -> None:
        self.ops.append(("line", x1, y1, x2, y2, stroke, stroke_width, dash, opacity))

    def polyline(self, points: Sequence[Point], *, stroke: str, stroke_width: float = 1.0) -> None:
        """An open line through `points` (fewer than two draw nothing)."""
        if len(points) >= 2:
            self.ops.append(("polyline", tuple(points), stroke, stroke_width))

    def polygon(self, points: Sequence[Point], *, fill: str, opacity: float = 1.0) -> None:
        self.ops.append(("polygon", tuple(points), fill, opacity))

    def circle(self, cx: float, cy: float, r: float, *, fill: str, opacity: float = 1.0) -> None:
        self.ops.append(("circle", cx, cy, r, fill, opacity))

    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        size: float = 12,
        fill: str = "#000000",
        bold: bool = False,
        anchor: str = "start",
        angle: float = 0,
    ) -> None:
        """Words with their baseline at y; `anchor` start, middle or end; `angle` in degrees
        clockwise (-90 reads upwards)."""
        if value:
            self.ops.append(("text", x, y, value, size, fill, bold, anchor, angle))

    # -- SVG ------------------------------------------------------------------------------
    def svg(self) -> str:
        """The chart as a standalone SVG document (no script, no link: only shapes and text)."""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}" '
            f'height="{_n(self.height)}" viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f'role="img" font-family="{html.escape(SVG_FONTS)}">'
        ]
        if self.description:
            out.append(f"<title>{html.escape(self.description)}</title>")
        out.append(f'<rect width="{_n(self.width)}" height="{_n(self.height)}" fill="#ffffff"/>')
        for op in self.ops:
            out.append(_SVG[op[0]](*op[1:]))
        out.append("</svg>")
        return "".join(out)

    # -- PDF ------------------------------------------------------------------------------
    def to_pdf(
        self, pdf: Any, x: float, y: float, w: float, clean: Callable[[str], str] = str
    ) -> float:
        """Draw the chart into an fpdf2 document at (x, y), `w` wide (in the document's
        units); `clean` makes user text drawable (see pdf.pdf_text). Returns its height."""
        k = w / self.width
        painter = _PdfPainter(pdf, x, y, k, clean)
        # The caller has made room for the chart: no shape of it may start a page.
        breaks, margin = pdf.auto_page_break, pdf.b_margin
        pdf.set_auto_page_break(False)
        try:
            self._paint(pdf, painter)
        finally:
            pdf.set_auto_page_break(breaks, margin)
        return self.height * k

    def _paint(self, pdf: Any, painter: _PdfPainter) -> None:
        with pdf.local_context():
            # fpdf2 sets opacity only in a local context (which puts the colours back when it
            # ends): each run of shapes of one opacity gets one, not each shape (a year of
            # see-through dots would open 366).
            for opacity, ops in itertools.groupby(self.ops, key=_opacity):
                if opacity < 1:
                    painter.forget()
                    with pdf.local_context(fill_opacity=opacity, stroke_opacity=opacity):
                        for op in ops:
                            getattr(painter, op[0])(*op[1:])
                    painter.forget()
                else:
                    for op in ops:
                        getattr(painter, op[0])(*op[1:])


# Where each shape keeps its opacity (polylines and words are always opaque).
_OPACITY_AT = {"rect": 9, "line": 8, "polygon": 3, "circle": 5}


def _opacity(op: tuple[Any, ...]) -> float:
    at = _OPACITY_AT.get(op[0])
    return 1.0 if at is None else op[at]


def _n(value: float) -> str:
    """A coordinate as short SVG text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _paint(fill: str | None, stroke: str | None, width: float, dash: Any, opacity: float) -> str:
    parts = [f'fill="{fill or "none"}"']
    if stroke:
        parts.append(f'stroke="{stroke}" stroke-width="{_n(width)}"')
        if dash:
            parts.append(f'stroke-dasharray="{_n(dash[0])} {_n(dash[1])}"')
    if opacity < 1:
        parts.append(f'opacity="{_n(opacity)}"')
    return " ".join(parts)


def _svg_rect(x, y, w, h, fill, stroke, width, dash, opacity) -> str:  # noqa: ANN001
    paint = _paint(fill, stroke, width, dash, opacity)
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" {paint}/>'


def _svg_line(x1, y1, x2, y2, stroke, width, dash, opacity) -> str:  # noqa: ANN001
    paint = _paint(None, stroke, width, dash, opacity)
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" {paint}/>'


def _points(points: Sequence[Point]) -> str:
    return " ".join(f"{_n(px)},{_n(py)}" for px, py in points)


def _svg_polyline(points, stroke, width) -> str:  # noqa: ANN001
    paint = _paint(None, stroke, width, None, 1.0)
    return f'<polyline points="{_points(points)}" {paint} stroke-linejoin="round"/>'


def _svg_polygon(points, fill, opacity) -> str:  # noqa: ANN001
    return f'<polygon points="{_points(points)}" {_paint(fill, None, 0, None, opacity)}/>'


def _svg_circle(cx, cy, r, fill, opacity) -> str:  # noqa: ANN001
    paint = _paint(fill, None, 0, None, opacity)
    return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" {paint}/>'


def _svg_text(x, y, value, size, fill, bold, anchor, angle) -> str:  # noqa: ANN001
    attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}"'
    if bold:
        attrs += ' font-weight="bold"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if angle:
        attrs += f' transform="rotate({_n(angle)} {_n(x)} {_n(y)})"'
    return f"<text {attrs}>{html.escape(value)}</text>"


_SVG: dict[str, Callable[..., str]] = {
    "rect": _svg_rect,
    "line": _svg_line,
    "polyline": _svg_polyline,
    "polygon": _svg_polygon,
    "circle": _svg_circle,
    "text": _svg_text,
}


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _PdfPainter:
    """Replays a drawing's shapes with fpdf2, chart pixel (px, py) at (x + k·px, y + k·py)."""

    def __init__(self, pdf: Any, x: float, y: float, k: float, clean: Callable[[str], str]):
        self.pdf, self.x, self.y, self.k, self.clean = pdf, x, y, k, clean
        self._stroke: tuple[Any, ...] | None = None
        self._fill: str | None = None

    def _at(self, px: float, py: float) -> Point:
        return self.x + px * self.k, self.y + py * self.k

    def _set_stroke(self, colour: str, width: float, dash: Any) -> None:
        state = (colour, width, dash)
        if state == self._stroke:
            return
        self.pdf.set_draw_color(*_rgb(colour))
        self.pdf.set_line_width(width * self.k)
        if dash:
            self.pdf.set_dash_pattern(dash[0] * self.k, dash[1] * self.k)
        else:
            self.pdf.set_dash_pattern()
        self._stroke = state

    def _set_fill(self, colour: str) -> None:
        if colour != self._fill:
            self.pdf.set_fill_color(*_rgb(colour))
            self._fill = colour

    def forget(self) -> None:
        """Forget the colours set (a local context that ends puts its own back)."""
        self._stroke = self._fill = None

    def rect(self, px, py, w, h, fill, stroke, width, dash, opacity) -> None:  # noqa: ANN001, ARG002
        if fill:
            self._set_fill(fill)
        if stroke:
            self._set_stroke(stroke, width, dash)
        style = ("F" if fill else "") + ("D" if stroke else "")
        x, y = self._at(px, py)
        self.pdf.rect(x, y, w * self.k, h * self.k, style=style)

    def line(self, x1, y1, x2, y2, stroke, width, dash, opacity) -> None:  # noqa: ANN001, ARG002
        self._set_stroke(stroke, width, dash)
        self.pdf.line(*self._at(x1, y1), *self._at(x2, y2))

    def polyline(self, points, stroke, width) -> None:  # noqa: ANN001
        self._set_stroke(stroke, width, None)
        self.pdf.polyline([self._at(px, py) for px, py in points])

    def polygon(self, points, fill, opacity) -> None:  # noqa: ANN001, ARG002
        self._set_fill(fill)
        self.pdf.polygon([self._at(px, py) for px, py in points], style="F")

    def circle(self, cx, cy, r, fill, opacity) -> None:  # noqa: ANN001, ARG002
        self._set_fill(fill)
        x, y = self._at(cx, cy)
        # fpdf2 (2.8) places a circle by its centre.
        self.pdf.circle(x, y, r * self.k, style="F")

    def text(self, px, py, value, size, fill, bold, anchor, angle) -> None:  # noqa: ANN001
        value = self.clean(value)
        self.pdf.set_font(FONT_FAMILY, "B" if bold else "", size * self.k / MM_PER_PT)
        self.pdf.set_text_color(*_rgb(fill))
        width = text_width(value, size, bold) * self.k
        shift = {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        x, y = self._at(px, py)
        if needs_shaping(value):
            # fpdf2 shapes right-to-left words (order, joined letters) in a cell, not in
            # text(): a cell one line high whose baseline falls on y.
            size_mm = size * self.k
            with self.pdf.rotation(-angle, x, y):
                self.pdf.set_text_shaping(True)
                self.pdf.set_xy(x - shift - self.pdf.c_margin, y - 0.8 * size_mm)
                self.pdf.cell(width + 2 * self.pdf.c_margin, size_mm, value)
                self.pdf.set_text_shaping(False)
        elif angle:
            # Turned about its anchor; fpdf2 turns anticlockwise, the drawing's angles (as
            # SVG's) clockwise.
            with self.pdf.rotation(-angle, x, y):
                self.pdf.text(x - shift, y, value)
        else:
            self.pdf.text(x - shift, y, value)
