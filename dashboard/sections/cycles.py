"""Cycles sections: the together/apart timeline with mood beneath, the periods table, the
milestones alone, and what came before each breakup. The mood beneath the timeline follows
the same grain rule as the Mood page (`mood_grain`, from days logged), then turns monthly past
731 weeks (`timeline_unit`), since its milestones share the chart's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard import metrics, patterns, wording
from dashboard.charts import cycles as charts
from dashboard.charts.marks import MAX_MARKS
from dashboard.sections.base import (
    Section,
    charted,
    frame_dates,
    params,
    timeline_grain,
    timeline_unit,
)
from dashboard.sections.mood import figures as mood_figures
from dashboard.store import Store

# A cycle needs at least two breakups; below, the page shows the milestones alone.
MIN_BREAKUPS = 2


def thin_lanes(marks: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The marks a lane can carry, and a note for each lane left off.

    A lane of more than MAX_MARKS marks (the mood chart's rule) is one black bar on a phone
    over ten years: it is left off, and the note says how many and how to see them."""
    therapy = marks["kind"] == charts.THERAPY
    left: list[str] = []
    keep = pd.Series(True, index=marks.index)
    if int((~therapy).sum()) > MAX_MARKS:
        keep &= therapy
        left.append(wording.plural(int((~therapy).sum()), "milestone"))
    if int(therapy.sum()) > MAX_MARKS:
        keep &= ~therapy
        left.append(wording.plural(int(therapy.sum()), "therapy session"))
    if not left:
        return marks, ()
    note = (
        f"The {' and the '.join(left)} of this period are too many to mark one by one, so the "
        "chart leaves them off; a shorter period marks each one."
    )
    return marks[keep].reset_index(drop=True), (note,)


@dataclass(frozen=True)
class Overview:
    """Breakups in the period and in the whole history, and whether there is anything to show."""

    breakups: int
    breakups_in_all: int
    anything: bool


def _breakups(store: Store, since: dt.date | None, until: dt.date) -> int:
    rows = store.query("metric_milestones", {"as_of": until, "since": since})
    return int(metrics.cycles(rows)["breakups"])


def overview(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The page's opening words, and why there is no cycle to look at when there is none."""
    p = params(since, until, day_start_hour)
    in_period, in_all = _breakups(store, since, until), _breakups(store, None, until)
    milestones = store.query("cycles_milestones", p)
    segments = store.query("cycles_segments", p)
    anything = not milestones.empty or (not segments.empty and in_all >= MIN_BREAKUPS)
    return Section(
        key="cycles.overview",
        data=Overview(in_period, in_all, anything),
        caption=f"Milestones {wording.period(since, until)}. Periods run from a breakup to "
        "getting back together and back again.",
        empty_text="No milestones in this period yet. Milestones (the breakup, starting no "
        "contact, a talk, a therapy session…) are the landmarks of your story; add them on the "
        "Log page and they appear here on one line.",
        evidence=in_all,
        min_evidence=MIN_BREAKUPS,
        notes=(patterns.breakups_message(in_period, in_all),) if in_period < MIN_BREAKUPS else (),
    )


def milestones(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The milestones alone on a time line (for a story with fewer than two breakups)."""
    rows = store.query("cycles_milestones", params(since, until, day_start_hour))
    shown, notes = thin_lanes(rows)
    return charted(
        "cycles.milestones",
        rows,
        charts.milestones_chart,
        (shown,),
        lambda: charts.milestones_caption(rows),
        not shown.empty,
        summary="Your milestones on a time line, a shape for each kind.",
        empty_text=notes[0] if notes else "No milestones in this period yet.",
        evidence=len(rows),
        notes=notes if not shown.empty else (),
    )


def timeline(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Together and apart stretches with the milestones, and the mood beneath (daily, or
    weekly past two years of logged days: the Mood page's rule; monthly past 731 weeks,
    `timeline_unit`)."""
    p = params(since, until, day_start_hour)
    # Includes the stretch already under way when the period began, clipped to its first day.
    segments = store.query("cycles_segments", p)
    shown, left_off = thin_lanes(store.query("cycles_milestones", p))
    grain = timeline_grain(int(mood_figures(store, since, until)["days_logged"]))
    mood = store.query("cycles_mood", p | {"grain": grain})
    if grain == "week" and timeline_unit(*frame_dates(mood, "period_start")) == "month":
        mood = store.query("cycles_mood", p | {"grain": "month"})
    no_mood = "No mood logged in this period, so the chart shows the periods and milestones alone."
    return Section(
        key="cycles.timeline",
        data=segments,
        chart=charts.timeline_chart,
        args=(segments, shown, mood, until),
        caption=charts.timeline_caption(segments, until),
        summary=charts.TIMELINE_DESCRIPTION + ".",
        evidence=len(segments),
        cards=("cycles", "timeline"),
        notes=((no_mood,) if mood.empty else ()) + left_off,
    )


def periods(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The together and apart periods as a table, and whether together keeps getting shorter."""
    segments = store.query("cycles_segments", params(since, until, day_start_hour))
    return Section(
        key="cycles.periods",
        data=patterns.period_table(segments),
        caption=patterns.together_trend(segments),
        evidence=len(patterns.closed_periods(segments, "together")),
        min_evidence=2,
        cards=("cycles", "periods"),
    )


def before_breakup(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> Section:
    """Mood and contacts in the two weeks before each breakup, against the usual mood."""
    days = store.query("cycles_before_breakup", params(since, until, day_start_hour))
    usual = mood_figures(store, since, until)["mean"]
    shown = patterns.breakups_shown_note(days) if len(days) else None
    empty = (
        "No breakup falls in this period, so there is no run-up to one to look at."
        if days.empty
        else "Nothing was logged in the two weeks before these breakups: no mood and no contact "
        "between you, so there is no chart to draw. That is all right; if you log your mood "
        "from time to time, this is where the run-up to a breakup would show."
    )
    return charted(
        "cycles.before_breakup",
        days,
        charts.before_breakup_chart,
        (days,),
        lambda: charts.before_breakup_caption(days, usual),
        patterns.has_before_breakup_data(days),
        summary="Mood and contacts over the 14 days before each breakup.",
        empty_text=empty,
        evidence=int(days["breakup_on"].nunique()) if len(days) else 0,
        cards=("cycles", "before_breakup"),
        notes=(shown,) if shown else (),
    )
