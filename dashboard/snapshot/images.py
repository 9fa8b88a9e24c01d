"""The snapshot's charts: the pages' own sections (dashboard/sections/), each drawn by its
snapshot plot (dashboard/snapshot/plots/) as shapes with its caption, in my words. No Altair
and no JavaScript engine: the drawing is written as SVG or straight into the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dashboard import metrics
from dashboard.charts import cycles as cycles_charts
from dashboard.charts import marks, mood_calendar
from dashboard.charts import mood as mood_charts
from dashboard.charts import no_contact as no_contact_charts
from dashboard.charts import patterns as patterns_charts
from dashboard.sections import Section, cycles, hard_days, mood, no_contact, patterns
from dashboard.snapshot import text
from dashboard.snapshot.drawing import Drawing
from dashboard.snapshot.model import CHART_SECTIONS, SECTIONS, ChartImage
from dashboard.snapshot.plots import calendars as calendar_plots
from dashboard.snapshot.plots import cycles as cycle_plots
from dashboard.snapshot.plots import mood as mood_plots
from dashboard.snapshot.plots import patterns as pattern_plots

if TYPE_CHECKING:
    from dashboard.store import Store

# The snapshot's drawing of each chart the pages draw with Altair: it takes the section's own
# arguments, so the data, grain and rounding are the page's.
PLOTS: dict[Callable[..., Any], Callable[..., Drawing]] = {
    mood_charts.daily_mood: mood_plots.daily_mood,
    no_contact_charts.calendar: calendar_plots.no_contact_calendar,
    patterns_charts.heatmap_chart: pattern_plots.heatmap,
    patterns_charts.top_triggers_chart: pattern_plots.triggers,
    cycles_charts.timeline_chart: cycle_plots.timeline,
    cycles_charts.milestones_chart: cycle_plots.milestones,
}


def image(key: str, section: Section, caption: str | None = None, **more: Any) -> ChartImage:
    """One section as the snapshot's chart: its drawing and its caption, in my words; `more`
    goes to the drawing (the marks on the mood chart)."""
    if not section.drawn:
        return ChartImage(key, SECTIONS[key], text.EMPTY_CHARTS[key], None)
    said = section.caption if caption is None else caption
    drawing = PLOTS[section.chart](*section.args, say=text.first_person, **more)
    return ChartImage(key, SECTIONS[key], text.first_person(said), drawing)


def _mood(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    """Mood over time, with its milestones, therapy sessions and breaks marked."""
    trend = mood.trend(store, start, end, dsh)
    milestones = store.query(
        "metric_milestones", {"as_of": end, "since": start, "day_start_hour": dsh}
    )
    every = marks.marks_frame(milestones, metrics.nc_daily(store, end, start))
    marked, left_off = marks.thin(every)
    said = f"{trend.caption} {text.marks_sentence(marks.counts(marked), left_off)}".strip()
    return image("mood", trend, said, marks=marked)


def _calendar(store: Store, start: dt.date, end: dt.date, dsh: int) -> ChartImage:
    """The mood month: a calendar of mood, a block per month (the latest months of a long
    period only)."""
    first = max(start, mood_calendar.shown_months(start, end)[0])
    daily = hard_days.daily(store, first, end, dsh)
    if not int(daily["entries"].sum()):
        return ChartImage("calendar", SECTIONS["calendar"], text.EMPTY_CHARTS["calendar"], None)
    # Only the months shown are read; the period's own start still bounds the first of them.
    drawing = calendar_plots.mood_calendar(daily, start, end, say=text.first_person)
    return ChartImage(
        "calendar", SECTIONS["calendar"], mood_calendar.caption(daily, start, end), drawing
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
