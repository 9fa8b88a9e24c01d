"""The snapshot's charts as static images: the pages' own charts, rendered offline to PNG by
vl-convert with the bundled font, each with its caption."""

from __future__ import annotations

import datetime as dt
import functools
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import altair as alt

from dashboard import DATA_DIR, metrics, patterns
from dashboard.charts import cycles as cycles_charts
from dashboard.charts import mood as mood_charts
from dashboard.charts import no_contact as nc_charts
from dashboard.charts import patterns as patterns_charts
from dashboard.charts.style import MAX_ROWS
from dashboard.snapshot.model import CHART_SECTIONS, SECTIONS, ChartImage

if TYPE_CHECKING:
    from dashboard.store import Store

FONTS_DIR = DATA_DIR / "fonts"
FONT_FAMILY = "DejaVu Sans"
CHART_WIDTH = 560
# Pixels per chart pixel in the images: about 180 dpi across a printed page.
PNG_SCALE = 2


@functools.cache
def _vl_convert() -> Any:
    import vl_convert as vlc

    # Charts use the bundled font too, so the images look the same on a machine without fonts.
    vlc.register_font_directory(str(FONTS_DIR))
    return vlc


@functools.cache
def warm_up() -> None:
    """Start the chart and PDF engines once per process, ahead of the first snapshot.

    The first chart a process converts also starts vl-convert's JavaScript engine, and the first
    PDF imports fpdf2: together about half a second. The Snapshot page calls this after drawing
    itself, so the user's first "Prepare" waits only for their own report.
    """
    import fpdf  # noqa: F401  (imported for its side effect: loaded once per process)

    _vl_convert().vegalite_to_png({"mark": "point", "data": {"values": [{"x": 1}]}}, scale=1)


def _without_tooltips(spec: Any) -> Any:
    """The spec without tooltip encodings or mark tooltips (an image has nothing to hover).

    Vega builds every tooltip while it renders, about a fifth of a snapshot's chart time.
    Datasets are left alone: a column may be called anything, "tooltip" included.
    """
    if isinstance(spec, list):
        return [_without_tooltips(v) for v in spec]
    if not isinstance(spec, dict):
        return spec
    out = {}
    for key, value in spec.items():
        if key == "datasets":
            out[key] = value
        elif key == "encoding" and isinstance(value, dict):
            out[key] = {k: _without_tooltips(v) for k, v in value.items() if k != "tooltip"}
        elif key == "mark" and isinstance(value, dict):
            out[key] = {k: v for k, v in value.items() if k != "tooltip"}
        else:
            out[key] = _without_tooltips(value)
    return out


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """Render an Altair chart to a PNG (PNG_SCALE) offline with vl-convert and the bundled font."""
    # The chart functions are the pages' own (validated when drawn there); skipping Altair's
    # schema validation here saves a good share of a long snapshot's time.
    spec = _without_tooltips(chart.to_dict(validate=False))
    spec.setdefault("config", {})["font"] = FONT_FAMILY
    # Charts drawn on a page stretch to the container; an image needs a width of its own.
    if not any(k in spec for k in ("vconcat", "hconcat", "concat", "facet", "repeat")):
        spec.setdefault("width", CHART_WIDTH)
    return _vl_convert().vegalite_to_png(spec, scale=PNG_SCALE)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _mood_chart(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    params = {"day_start_hour": dsh, "since": start, "until": end}
    df = store.query("mood_daily", params)
    if len(df) > MAX_ROWS:
        df = store.query("mood_weekly", params)
    png = chart_png(mood_charts.daily_mood(df)) if len(df) else None
    return ChartImage("mood", SECTIONS["mood"], mood_charts.caption_daily_mood(df), png)


def _calendar_chart(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    daily = metrics.nc_daily(store, end, start)
    has_nc = bool(len(daily)) and bool(daily["in_nc"].astype(bool).any())
    png = chart_png(nc_charts.calendar(daily)) if has_nc else None
    caption = nc_charts.caption_calendar(daily)
    return ChartImage("no_contact", SECTIONS["no_contact"], caption, png)


def _heatmap_chart(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    cells = store.query(
        "patterns_break_heatmap", {"day_start_hour": dsh, "since": start, "until": end}
    )
    grid = patterns.heatmap_grid(cells, dsh)
    window = patterns.risk_window(grid, dsh)
    png = chart_png(patterns_charts.heatmap_chart(grid, window)) if len(cells) else None
    caption = patterns_charts.heatmap_caption(grid, window)
    return ChartImage("breaks_by_time", SECTIONS["breaks_by_time"], caption, png)


def _triggers_chart(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    triggers = store.query(
        "patterns_triggers", {"day_start_hour": dsh, "since": start, "until": end}
    )
    table = patterns.trigger_table(triggers)
    png = chart_png(patterns_charts.triggers_chart(table)) if len(table) else None
    caption = patterns_charts.triggers_caption(triggers)
    return ChartImage("triggers", SECTIONS["triggers"], caption, png)


def _cycles_chart(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    params = {"day_start_hour": dsh, "since": start, "until": end}
    segments = store.query("cycles_segments", params)
    milestones = store.query("cycles_milestones", params)
    if len(segments):
        # At most one point per day of the period: the same grain rule as the Cycles page.
        grain = patterns.mood_grain((end - start).days + 1)
        mood = store.query("cycles_mood", params | {"grain": grain})
        chart = cycles_charts.timeline_chart(segments, milestones, mood, end)
        caption = cycles_charts.timeline_caption(segments, end)
        return ChartImage("cycles", SECTIONS["cycles"], caption, chart_png(chart))
    if len(milestones):
        png = chart_png(cycles_charts.milestones_chart(milestones))
        caption = (
            "No breakup or getting back together is logged in this period. "
            + cycles_charts.milestones_caption(milestones)
        )
        return ChartImage("cycles", SECTIONS["cycles"], caption, png)
    caption = cycles_charts.timeline_caption(segments, end)
    return ChartImage("cycles", SECTIONS["cycles"], caption, None)


CHART_BUILDERS: dict[str, Callable[[Store, dt.date, dt.date, int], ChartImage]] = {
    "mood": _mood_chart,
    "no_contact": _calendar_chart,
    "breaks_by_time": _heatmap_chart,
    "triggers": _triggers_chart,
    "cycles": _cycles_chart,
}


def charts(
    store: Store, start: dt.date, end: dt.date, dsh: int, chosen: tuple[str, ...]
) -> list[ChartImage]:
    """The chosen charts of [start, end], in report order."""
    return [CHART_BUILDERS[key](store, start, end, dsh) for key in CHART_SECTIONS if key in chosen]
