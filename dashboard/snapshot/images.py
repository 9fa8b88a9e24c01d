"""The snapshot's charts as static images: the pages' own sections (dashboard/sections/), their
charts rendered offline to PNG by vl-convert with the bundled font, each with its caption."""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import altair as alt

from dashboard import metrics, vega
from dashboard.charts import marks, mood_calendar
from dashboard.sections import Section, cycles, hard_days, mood, no_contact, patterns
from dashboard.snapshot import text
from dashboard.snapshot.model import CHART_SECTIONS, SECTIONS, ChartImage

if TYPE_CHECKING:
    from dashboard.store import Store

FONT_FAMILY = "DejaVu Sans"
CHART_WIDTH = 560
# Pixels per chart pixel in the images: about 180 dpi across a printed page.
PNG_SCALE = 2


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
    spec = _for_print(chart.to_dict(validate=False))
    spec.setdefault("config", {})["font"] = FONT_FAMILY
    # Charts drawn on a page stretch to the container; an image needs a width of its own.
    if not any(k in spec for k in ("vconcat", "hconcat", "concat", "facet", "repeat")):
        spec.setdefault("width", CHART_WIDTH)
    return vega.png(spec, PNG_SCALE)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _for_print(spec: Any) -> Any:
    """The spec as the snapshot draws it: no tooltips, and its title, subtitle and text
    alternative in the snapshot's first person (the pages' charts speak to the person)."""
    spec = _without_tooltips(spec)
    title = spec.get("title")
    if isinstance(title, dict):
        for key in ("text", "subtitle"):
            if isinstance(title.get(key), str):
                title[key] = text.first_person(title[key])
    elif isinstance(title, str):
        spec["title"] = text.first_person(title)
    if isinstance(spec.get("description"), str):
        spec["description"] = text.first_person(spec["description"])
    return spec


def image(
    key: str,
    section: Section,
    caption: str | None = None,
    chart: Callable[[alt.TopLevelMixin], alt.TopLevelMixin] | None = None,
) -> ChartImage:
    """One section as the snapshot's chart: its chart as a PNG and its caption, in my words;
    `chart` adds to the section's chart (the marks on the mood chart)."""
    if not section.drawn:
        return ChartImage(key, SECTIONS[key], text.EMPTY_CHARTS[key], None)
    said = section.caption if caption is None else caption
    drawn = section.build() if chart is None else chart(section.build())
    return ChartImage(key, SECTIONS[key], text.first_person(said), chart_png(drawn))


def _mood(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    """Mood over time, with its milestones, therapy sessions and breaks marked."""
    trend = mood.trend(store, start, end, dsh)
    milestones = store.query(
        "metric_milestones", {"as_of": end, "since": start, "day_start_hour": dsh}
    )
    every = marks.marks_frame(milestones, metrics.nc_daily(store, end, start))
    marked, left_off = marks.thin(every)
    said = f"{trend.caption} {text.marks_sentence(marks.counts(marked), left_off)}".strip()
    return image("mood", trend, said, lambda chart: marks.with_marks(chart, marked))


def _calendar(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    """The mood month: a calendar of mood, a block per month (the latest months of a long
    period only)."""
    first = max(start, mood_calendar.shown_months(start, end)[0])
    daily = hard_days.daily(store, first, end, dsh)
    if not int(daily["entries"].sum()):
        return ChartImage("calendar", SECTIONS["calendar"], text.EMPTY_CHARTS["calendar"], None)
    # Only the months shown are read; the period's own start still bounds the first of them.
    chart = mood_calendar.mood_calendar(daily, start, end)
    return ChartImage(
        "calendar",
        SECTIONS["calendar"],
        mood_calendar.caption(daily, start, end),
        chart_png(chart),
        text.first_person(chart.description),
    )


def _cycles(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    """Together and apart with the mood beneath; with no such stretch, the milestones alone."""
    timeline = cycles.timeline(store, start, end, dsh)
    if timeline.evidence:
        return image("cycles", timeline, " ".join((timeline.caption, *timeline.notes)))
    alone = cycles.milestones(store, start, end, dsh)
    return image("cycles", alone, " ".join((text.NO_CYCLE, alone.caption, *alone.notes)))


# Each chart of the snapshot is the section the page draws, so grain, rounding and words match.
CHART_BUILDERS: dict[str, Callable[[Store, dt.date, dt.date, int], ChartImage]] = {
    "mood": _mood,
    "calendar": _calendar,
    "no_contact": lambda *period: image("no_contact", no_contact.calendar(*period)),
    "breaks_by_time": lambda *period: image("breaks_by_time", patterns.when(*period)),
    "triggers": lambda *period: image("triggers", patterns.triggers(*period)),
    "cycles": _cycles,
}


def charts(
    store: Store, start: dt.date, end: dt.date, dsh: int, chosen: tuple[str, ...]
) -> list[ChartImage]:
    """The chosen charts of [start, end], in report order."""
    return [CHART_BUILDERS[key](store, start, end, dsh) for key in CHART_SECTIONS if key in chosen]
