"""The therapist snapshot (PRODUCT.md section 9): a period's summary, charts as static images,
milestones and key days, rendered as a PDF (fpdf2, bundled DejaVu font) or one self-contained
HTML file. Private notes stay out unless the user opts in; every export is recorded (period and
options, never the content). No Streamlit here: the page and the CLI both call these functions.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import functools
import html
import io
import json
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from dashboard import DATA_DIR, metrics, patterns
from dashboard.charts import cycles as cycles_charts
from dashboard.charts import mood as mood_charts
from dashboard.charts import no_contact as nc_charts
from dashboard.charts import patterns as patterns_charts
from dashboard.charts.style import MAX_ROWS

if TYPE_CHECKING:
    from dashboard.store import Store

FONTS_DIR = DATA_DIR / "fonts"
FONT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
FONT_FAMILY = "DejaVu Sans"

# Optional sections, in report order; the summary and the note on definitions always come.
SECTIONS: dict[str, str] = {
    "topics": "What I want to talk about",
    "mood": "Mood over time",
    "no_contact": "No-contact calendar",
    "breaks_by_time": "When breaks happened",
    "triggers": "Triggers",
    "cycles": "Together and apart",
    "milestones": "Milestones",
    "key_days": "Key days",
}
CHART_SECTIONS = ("mood", "no_contact", "breaks_by_time", "triggers", "cycles")
KINDS = {"pdf": "snapshot_pdf", "html": "snapshot_html"}
# An entry saved more than this long after the moment it describes is "back-filled".
BACKFILL_AFTER = dt.timedelta(hours=24)
# "Since the last snapshot" with no snapshot yet starts this many days back (4 weeks, today incl.).
DEFAULT_DAYS = 28
LOWEST_DAYS = 5
BREAK_DAYS = 8
ENTRIES_PER_DAY = 8
CHART_WIDTH = 560
# Pixels per chart pixel in the images: about 180 dpi across a printed page.
PNG_SCALE = 2
MILESTONE_LABELS = cycles_charts.KIND_LABELS
CHANNELS = {"in_person": "in person", "social": "social media"}
# What stands in, in the PDF, for a character the bundled font cannot draw (an emoji, say).
REPLACEMENT = "□"
# The PDF's stand-in for its page count. fpdf2 replaces it in every piece of text, so it is made
# of control characters, which `pdf_text` strips from user text: a note cannot contain it (the
# default "{nb}" could be typed). Three characters leave room for up to 999 pages.
PAGE_COUNT_ALIAS = "\x01N\x01"


class SnapshotError(ValueError):
    """A snapshot request that cannot be met; the message is meant for the user."""


# -- the report --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class ChartImage:
    """One chart of the report: its PNG (None when there was nothing to draw) and caption."""

    key: str
    title: str
    caption: str
    png: bytes | None


@dataclass(frozen=True)
class Milestone:
    on: dt.date
    kind: str
    title: str
    note: str  # '' unless notes are included: milestones carry no private flag


@dataclass(frozen=True)
class DayEntry:
    at: dt.datetime
    what: str
    note: str  # '' when the entry had none, or it was private and notes are not included


@dataclass(frozen=True)
class KeyDay:
    day: dt.date
    reasons: tuple[str, ...]
    mean_mood: float | None
    breaks: int
    entries: tuple[DayEntry, ...]
    more_entries: int = 0


@dataclass
class Report:
    """Everything a snapshot shows, computed once and rendered as PDF, HTML or on the page."""

    start: dt.date
    end: dt.date
    created_at: dt.datetime
    include_notes: bool
    topics: str
    sections: tuple[str, ...]
    figures: dict[str, Any]
    summary: list[SummaryRow]
    charts: list[ChartImage] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    key_days: list[KeyDay] = field(default_factory=list)
    break_days_total: int = 0
    definitions: list[str] = field(default_factory=list)
    empty: bool = False

    @property
    def period(self) -> str:
        return describe_period(self.start, self.end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def wants(self, section: str) -> bool:
        return section in self.sections


# -- small helpers -----------------------------------------------------------------------------
def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def describe_period(start: dt.date, end: dt.date) -> str:
    """'1 Mar 2026 – 14 Mar 2026 (14 days)'."""
    n = (end - start).days + 1
    return f"{day_text(start)} – {day_text(end)} ({n} day{'s' if n != 1 else ''})"


def _num(value: float | int | None) -> str:
    """A metric exactly as `metrics.compute` gives it (3 decimals at most), without noise."""
    if value is None:
        return "—"
    return format(value, "g")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _date(value: Any) -> dt.date:
    return value.date() if isinstance(value, pd.Timestamp | dt.datetime) else value


def _options(include_notes: bool, topics: str, sections: Sequence[str]) -> dict[str, Any]:
    # What gets recorded: whether notes went out, which sections, whether topics went out —
    # never the topics themselves (they are content). Words typed while the topics section is
    # off are not in the file, so they are not recorded as shared either.
    return {
        "include_notes": bool(include_notes),
        "sections": list(sections),
        "topics": "topics" in sections and bool(topics.strip()),
    }


def _clean_sections(sections: Iterable[str] | None) -> tuple[str, ...]:
    if sections is None:
        return tuple(SECTIONS)
    chosen = set(sections)
    unknown = sorted(chosen - set(SECTIONS))
    if unknown:
        raise SnapshotError(f"unknown snapshot section(s): {', '.join(unknown)}")
    return tuple(s for s in SECTIONS if s in chosen)


# -- text shared by the PDF, the HTML file and the page's preview ------------------------------
EMPTY_TITLE = "No entries in this period"
EMPTY_TEXT = (
    "Nothing was logged between these dates, so there are no charts or key days to show. "
    "The summary below says what can still be said."
)
TOPICS_TITLE = SECTIONS["topics"]
NO_TOPICS = "Nothing written for this session."
MILESTONES_TITLE = "Milestones in this period"
NO_MILESTONES = "No milestones dated in this period."
KEY_DAYS_TITLE = SECTIONS["key_days"]


def milestone_text(ms: Milestone) -> str:
    """'3 Mar 2026 — Therapy session: Session three'."""
    label = MILESTONE_LABELS.get(ms.kind, ms.kind)
    return f"{day_text(ms.on)} — {label}" + (f": {ms.title}" if ms.title else "")


def milestone_note(ms: Milestone) -> str:
    """'Note: …', or '' when the milestone has none (or notes are left out)."""
    return f"Note: {ms.note}" if ms.note else ""


def entry_text(entry: DayEntry) -> str:
    """One line of a key day: '21:00  Mood 2/10 — lonely'."""
    return f"{entry.at:%H:%M}  {entry.what}"


def entry_note(entry: DayEntry) -> str:
    """The entry's note in quotes, or '' when it has none (or it is private and left out)."""
    return f"“{entry.note}”" if entry.note else ""


def more_entries_text(day: KeyDay) -> str:
    """'… and 3 more entries' when a key day had more than are listed, else ''."""
    if not day.more_entries:
        return ""
    return f"… and {_plural(day.more_entries, 'more entry', 'more entries')}"


def key_day_lines(day: KeyDay) -> list[str]:
    """A key day's entries as lines of plain text, each note indented under its entry."""
    lines = []
    for entry in day.entries:
        lines.append(entry_text(entry))
        if entry.note:
            lines.append("    " + entry_note(entry))
    if day.more_entries:
        lines.append(more_entries_text(day))
    return lines


def key_days_intro(report: Report) -> str:
    """The sentence above the key days: how they were chosen, and whether notes are in."""
    if not report.key_days:
        return "No mood entries or breaks in this period, so there are no key days to show."
    text = (
        f"The {LOWEST_DAYS} days with the lowest mean mood and the days with a break "
        f"(the latest {BREAK_DAYS} when there were more), with what was logged on them."
    )
    if report.break_days_total > BREAK_DAYS:
        text += f" There were {report.break_days_total} days with a break in all."
    if not report.include_notes:
        text += " Private notes are left out."
    return text


def key_day_title(day: KeyDay) -> str:
    """'Mon 2 Mar 2026 — mean mood 2.5, 1 break (one of the lowest-mood days and a break)'."""
    parts = [f"{day.day:%a} {day_text(day.day)}"]
    facts = []
    if day.mean_mood is not None:
        facts.append(f"mean mood {_num(day.mean_mood)}")
    if day.breaks:
        facts.append(_plural(day.breaks, "break"))
    if facts:
        parts.append(", ".join(facts))
    return " — ".join(parts) + f" ({' and '.join(day.reasons)})"


# -- charts as images --------------------------------------------------------------------------
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


def _calendar_chart(store: Store, start: dt.date, end: dt.date) -> ChartImage:
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
    "no_contact": lambda store, start, end, dsh: _calendar_chart(store, start, end),
    "breaks_by_time": _heatmap_chart,
    "triggers": _triggers_chart,
    "cycles": _cycles_chart,
}


# -- key days ----------------------------------------------------------------------------------
def _channel(value: str | None) -> str:
    return CHANNELS.get(value or "", value or "")


def describe_entry(row: dict[str, Any]) -> str:
    """One entry of a key day in words (without its note)."""
    kind = row["kind"]
    trigger = row.get("trigger") or ""
    if kind == "mood":
        text = f"Mood {int(row['value'])}/10"
        return f"{text} — {row['emotions']}" if row.get("emotions") else text
    if kind == "urge":
        outcome = "resisted" if row["outcome"] == "resisted" else "looked at their profile"
        text = f"Urge {int(row['value'])}/10, {outcome}"
        return f"{text}; trigger: {trigger}" if trigger else text
    who = "Contact I started" if row["initiator"] == "me" else "Contact they started"
    text = f"{who} ({_channel(row['channel'])})"
    response = row.get("got_response")
    if row["initiator"] == "me" and response is not None and not pd.isna(response):
        text += ", got a reply" if bool(response) else ", no reply"
    return f"{text}; trigger: {trigger}" if trigger else text


def _key_days(
    store: Store, start: dt.date, end: dt.date, dsh: int, include_notes: bool
) -> list[KeyDay]:
    params = {"day_start_hour": dsh, "since": start, "until": end}
    lowest = store.query("snapshot_lowest_days", params | {"limit": LOWEST_DAYS})
    breaks = store.query("snapshot_break_days", params | {"limit": BREAK_DAYS})
    reasons: dict[dt.date, list[str]] = {}
    mean: dict[dt.date, float] = {}
    break_count: dict[dt.date, int] = {}
    for rec in lowest.itertuples(index=False):
        reasons.setdefault(_date(rec.day), []).append("one of the lowest-mood days")
    for rec in breaks.itertuples(index=False):
        day = _date(rec.day)
        reasons.setdefault(day, []).append("a break")
        break_count[day] = int(rec.breaks)
    if not reasons:
        return []
    days = sorted(reasons)
    rows = store.query(
        "snapshot_day_entries",
        {"day_start_hour": dsh, "days": days, "include_private": bool(include_notes)},
    )
    by_day: dict[dt.date, list[DayEntry]] = {d: [] for d in days}
    moods: dict[dt.date, list[int]] = {d: [] for d in days}
    for row in rows.to_dict("records"):
        day = _date(row["day"])
        note = row["note"] if isinstance(row["note"], str) else ""
        at = pd.Timestamp(row["at"]).to_pydatetime()
        by_day[day].append(DayEntry(at, describe_entry(row), note.strip()))
        if row["kind"] == "mood":
            moods[day].append(int(row["value"]))
    # The day's mean over all its mood entries (also for a break day that was not a low one).
    for day, values in moods.items():
        if values:
            mean[day] = round(sum(values) / len(values), 3)
    out = []
    for day in days:
        entries = by_day[day]
        out.append(
            KeyDay(
                day=day,
                reasons=tuple(reasons[day]),
                mean_mood=mean.get(day),
                breaks=break_count.get(day, 0),
                entries=tuple(entries[:ENTRIES_PER_DAY]),
                more_entries=max(0, len(entries) - ENTRIES_PER_DAY),
            )
        )
    return out


# -- summary -----------------------------------------------------------------------------------
def previous_mean(store: Store, start: dt.date, end: dt.date) -> float | None:
    """Mean mood over the period of equal length just before [start, end]."""
    n = (end - start).days + 1
    prev_end = start - dt.timedelta(days=1)
    prev_start = start - dt.timedelta(days=n)
    return metrics.mood_over(store, prev_end, prev_start)["mean"]


def cycle_status(store: Store, start: dt.date, end: dt.date, dsh: int) -> dict[str, Any]:
    """Where the relationship stands on `end`, from the whole history up to then.

    'status' ('apart', 'together' or None) and 'since' (the date of the latest breakup or
    getting back together, None when there is none): like the cycle figures and the Cycles
    page, each of these milestones starts a stretch of its own. 'breakups' and 'reunions' count
    those dated in [start, end]; a reunion's earlier breakup may lie before the period.
    """
    rows = store.query("metric_milestones", {"as_of": end, "since": None, "day_start_hour": dsh})
    stages = rows[rows["kind"].isin(("breakup", "back_together"))]
    # The period's counts are the whole history's less those of the days before it, so the
    # rule for a reunion (one after an earlier breakup) stays metrics.cycles' own.
    whole = metrics.cycles(rows)
    before = metrics.cycles(rows[pd.to_datetime(rows["on"]) < pd.Timestamp(start)])
    return {
        "status": whole["status"],
        "since": _date(stages["on"].iloc[-1]) if len(stages) else None,
        "breakups": whole["breakups"] - before["breakups"],
        "reunions": whole["reunions"] - before["reunions"],
    }


def logged_days(store: Store, start: dt.date, end: dt.date, dsh: int) -> dict[str, int]:
    """Days of the period with any entry, its no-contact days, and those with any entry."""
    rec = store.query(
        "snapshot_logged_days", {"day_start_hour": dsh, "since": start, "until": end}
    ).iloc[0]
    return {key: int(rec[key]) for key in ("days_with_entries", "nc_days", "nc_days_with_entries")}


def _no_contact_rows(nc: dict[str, Any], logged: dict[str, int]) -> list[SummaryRow]:
    nc_days = int(nc["nc_days"])
    if not nc_days:
        return [
            SummaryRow("No-contact adherence", "no no-contact days in this period"),
            SummaryRow("Breaks", "none (no no-contact days in this period)"),
            SummaryRow("Urges resisted", "not counted (urges count on no-contact days)"),
            SummaryRow("Longest streak", "no no-contact days in this period"),
        ]
    with_entries = logged["nc_days_with_entries"]
    if with_entries == 0:
        # A day with nothing logged has no break by definition; 100% here would be a guess.
        days = _plural(nc_days, "no-contact day")
        if logged["days_with_entries"] == 0:
            where, detail = "in this period", f"in this period ({days})"
        else:
            where, detail = "on the no-contact days", f"on the {days}"
        return [
            SummaryRow(
                "No-contact adherence",
                f"no breaks logged — but nothing was logged {detail}, so there is no figure",
            ),
            SummaryRow("Breaks", f"none logged (nothing was logged {where})"),
            SummaryRow("Urges resisted", f"none logged (nothing was logged {where})"),
            SummaryRow("Longest streak", f"not counted — nothing was logged {where}"),
        ]
    adherence = f"{_num(nc['adherence_pct'])}% of {_plural(nc_days, 'no-contact day')} had no break"
    if with_entries < nc_days:
        adherence += f" (entries on {with_entries} of these {nc_days} days)"
    return [
        SummaryRow("No-contact adherence", adherence),
        SummaryRow(
            "Breaks",
            f"{nc['breaks']} on {_plural(nc['break_days'], 'day')} "
            "(contacts I started on a no-contact day)",
        ),
        SummaryRow(
            "Urges resisted",
            f"{nc['urges_resisted']} (and {_plural(nc['peeks'], 'peek')} at their profile)",
        ),
        SummaryRow(
            "Longest streak",
            f"{_plural(nc['longest_streak_days'], 'day')} in a row without a break",
        ),
    ]


def _cycle_row(status: dict[str, Any], end: dt.date) -> SummaryRow:
    counts = (
        f"{_plural(status['breakups'], 'breakup')}, {_plural(status['reunions'], 'reunion')} "
        "in this period"
    )
    if status["status"] is None:
        return SummaryRow(
            "Cycle status", f"no breakup or getting back together logged up to {day_text(end)}"
        )
    return SummaryRow(
        "Cycle status", f"{status['status']} since {day_text(status['since'])} ({counts})"
    )


def _summary(
    figures: dict[str, Any],
    start: dt.date,
    end: dt.date,
    counts: dict[str, dict[str, int]],
    milestones: int,
) -> list[SummaryRow]:
    m = figures["metrics"]
    nc, mood = m["no_contact"], m["mood"]
    days = (end - start).days + 1
    entries = sum(c["entries"] for c in counts.values())
    backfilled = sum(c["back_filled"] for c in counts.values())
    rows = [
        SummaryRow("Period", describe_period(start, end)),
        SummaryRow("Days logged", f"{mood['days_logged']} of {days} days have a mood entry"),
        SummaryRow(
            "Entries",
            f"{_plural(counts['mood']['entries'], 'mood entry', 'mood entries')}, "
            f"{_plural(counts['contacts']['entries'], 'contact')}, "
            f"{_plural(counts['urges']['entries'], 'urge')}, "
            f"{_plural(milestones, 'milestone')}",
        ),
        SummaryRow(
            "Back-filled entries",
            f"{backfilled} of {entries} (logged more than 24 hours after the moment)"
            if entries
            else "none (no entries)",
        ),
    ]
    if mood["mean"] is None:
        rows.append(SummaryRow("Mean mood", "no mood entries in this period"))
    else:
        prev, change = figures["previous_mean"], figures["mood_change"]
        compared = (
            f"no mood entries in the previous {days} days to compare"
            if prev is None
            else f"{'+' if change > 0 else ''}{_num(change)} against {_num(prev)} in the "
            f"previous {days} days"
        )
        rows.append(SummaryRow("Mean mood", f"{_num(mood['mean'])} out of 10 ({compared})"))
    rows += _no_contact_rows(nc, figures["logged_days"])
    rows.append(_cycle_row(figures["cycle_status"], end))
    return rows


def definitions(dsh: int, days: int, include_notes: bool) -> list[str]:
    """The short note on how the figures are defined (PRODUCT.md section 4, in plain words)."""
    return [
        f"Days are tracking days: a day runs from {dsh:02d}:00 to {dsh:02d}:00 the next "
        "morning, so a late-night entry counts for the evening before.",
        "Days logged: days with at least one mood entry.",
        "Back-filled: a mood entry, contact or urge saved more than 24 hours after the moment "
        "it describes (milestones are dates, so they are not counted).",
        f"Mean mood: the mean of every mood entry (1–10) in the period; the change compares it "
        f"with the {days} days just before.",
        "No-contact adherence: the share of no-contact days without a break. A break is a "
        "contact the person started on a no-contact day; contacts the ex started are not breaks. "
        "A day with nothing logged counts as a day without a break, so the summary says how "
        "many of the no-contact days have any entry.",
        "Longest streak: the longest run of consecutive break-free no-contact days in the period.",
        "Urges resisted: urges to reach out that did not become contact, on no-contact days; a "
        "peek is looking at the ex's profile or photos.",
        "Cycle status: apart or together on the period's last day, by the latest breakup or "
        "getting-back-together milestone up to then (also from before the period). The "
        "breakups and reunions counted are those dated in the period; a reunion is getting "
        "back together after an earlier breakup.",
        "Private notes are included, at the person's choice."
        if include_notes
        else "Private notes are left out; milestone notes count as private.",
    ]


# -- build -------------------------------------------------------------------------------------
def build_report(
    store: Store,
    start: dt.date,
    end: dt.date,
    *,
    include_notes: bool = False,
    topics: str = "",
    sections: Iterable[str] | None = None,
) -> Report:
    """Everything the snapshot of [start, end] shows; an empty period gives an honest report."""
    if start > end:
        raise SnapshotError("the period must start on or before its last day")
    chosen = _clean_sections(sections)
    settings = store.settings()
    dsh = int(settings["day_start_hour"])
    result = metrics.compute(store, as_of=end, since=start)
    prev = previous_mean(store, start, end)
    mean = result["mood"]["mean"]
    figures = {
        "metrics": result,
        "previous_mean": prev,
        "mood_change": None if mean is None or prev is None else round(mean - prev, 3),
    }
    counts = {
        rec.kind: {"entries": int(rec.entries), "back_filled": int(rec.back_filled)}
        for rec in store.query(
            "snapshot_backfilled", {"day_start_hour": dsh, "since": start, "until": end}
        ).itertuples(index=False)
    }
    figures["counts"] = counts
    figures["logged_days"] = logged_days(store, start, end, dsh)
    figures["cycle_status"] = cycle_status(store, start, end, dsh)
    milestone_rows = store.query(
        "metric_milestones", {"as_of": end, "since": start, "day_start_hour": dsh}
    )
    empty = sum(c["entries"] for c in counts.values()) == 0 and milestone_rows.empty
    report = Report(
        start=start,
        end=end,
        created_at=dt.datetime.now().replace(microsecond=0),
        include_notes=bool(include_notes),
        topics=topics.strip(),
        sections=chosen,
        figures=figures,
        summary=_summary(figures, start, end, counts, len(milestone_rows)),
        definitions=definitions(dsh, (end - start).days + 1, include_notes),
        empty=empty,
        break_days_total=int(result["no_contact"]["break_days"]),
    )
    if empty:
        return report
    for key in CHART_SECTIONS:
        if key in chosen:
            report.charts.append(CHART_BUILDERS[key](store, start, end, dsh))
    if "milestones" in chosen:
        report.milestones = [
            Milestone(
                on=_date(r["on"]),
                kind=r["kind"],
                title=r["title"] or "",
                note=(r["note"] or "").strip() if include_notes else "",
            )
            for r in milestone_rows.to_dict("records")
        ]
    if "key_days" in chosen:
        report.key_days = _key_days(store, start, end, dsh, include_notes)
    return report


# -- PDF ---------------------------------------------------------------------------------------
@functools.cache
def _font_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_REGULAR), lazy=True) as font:
        return frozenset(font["cmap"].getBestCmap())


# Letters of right-to-left scripts the bundled font draws (Hebrew, Arabic and their forms).
_RTL = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")


def needs_shaping(text: str) -> bool:
    """Whether a piece of text holds right-to-left letters (to be shaped, not drawn as typed)."""
    return bool(_RTL.search(text))


def pdf_text(text: str) -> str:
    """Text the bundled font can draw: unknown characters (emoji…) become a small box.

    Invisible joiners and variation selectors that glue an emoji together are dropped, so one
    emoji gives one box; other control characters are dropped too.
    """
    chars = _font_chars()
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "\n":
            out.append(ch)
        elif ch == "\t":
            out.append("    ")
        elif unicodedata.category(ch) in ("Cc", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        elif ord(ch) in chars:
            out.append(ch)
        elif unicodedata.category(ch) == "Mn":
            continue  # a combining mark with no glyph: the base letter alone reads fine
        elif not out or out[-1] != REPLACEMENT:
            out.append(REPLACEMENT)
    return "".join(out)


def _make_pdf(report: Report) -> Any:
    from fpdf import FPDF

    period = report.period

    class SnapshotPDF(FPDF):
        def multi_cell(  # type: ignore[override]
            self, w: float, h: float | None = None, text: str = "", *args: Any, **kwargs: Any
        ) -> Any:
            # Hebrew and Arabic need the shaping engine (right-to-left order, joined letters);
            # it is switched on for those paragraphs only, as it doubles the time of the rest.
            shape = needs_shaping(text)
            if shape:
                self.set_text_shaping(True)
            try:
                return super().multi_cell(w, h, text, *args, **kwargs)
            finally:
                if shape:
                    self.set_text_shaping(False)

        def header(self) -> None:
            self.set_font(FONT_FAMILY, "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, pdf_text(f"Tideline snapshot · {period}"), align="L")
            self.ln(8)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT_FAMILY, "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, f"Page {self.page_no()} of {PAGE_COUNT_ALIAS}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = SnapshotPDF(format="A4", unit="mm")
    pdf.alias_nb_pages(PAGE_COUNT_ALIAS)
    pdf.set_title(pdf_text(f"Tideline snapshot, {period}"))
    pdf.set_creator("Tideline")
    pdf.add_font(FONT_FAMILY, "", str(FONT_REGULAR))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_BOLD))
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, margin=18)
    return pdf


def render_pdf(report: Report) -> bytes:
    """The report as a PDF: real text in the bundled font, page numbers, the period on top."""
    from fpdf.enums import XPos, YPos

    pdf = _make_pdf(report)
    width = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font(FONT_FAMILY, "B", size)
        pdf.multi_cell(
            0, size * 0.5, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
        )
        pdf.ln(2)

    def para(text: str, size: float = 10, height: float = 5.2) -> None:
        pdf.set_font(FONT_FAMILY, "", size)
        pdf.multi_cell(0, height, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def ensure(space: float) -> None:
        if pdf.get_y() + space > pdf.page_break_trigger:
            pdf.add_page()

    # Page 1: the summary (and the topics when they fit).
    pdf.add_page()
    heading("Snapshot for my therapist", 18)
    para(f"{report.period} · made on {day_text(report.created_at.date())}", 10)
    pdf.ln(3)
    if report.empty:
        heading(EMPTY_TITLE, 12)
        para(EMPTY_TEXT)
        pdf.ln(3)
    heading("Summary")
    label_w = 48
    for row in report.summary:
        top = pdf.get_y()
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.multi_cell(
            label_w, 5.6, pdf_text(row.label), new_x=XPos.RIGHT, new_y=YPos.TOP, align="L"
        )
        pdf.set_font(FONT_FAMILY, "", 10)
        pdf.multi_cell(0, 5.6, pdf_text(row.value), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_y(max(pdf.get_y(), top + 5.6) + 1.2)

    if report.wants("topics"):
        pdf.ln(4)
        heading(TOPICS_TITLE)
        para(report.topics or NO_TOPICS)

    charts = [c for c in report.charts if c.key in report.sections]
    if charts:
        pdf.add_page()
        heading("Charts", 15)
    for chart in charts:
        ensure(20)
        if chart.png is None:
            # An image carries its own title; a chart with nothing to draw needs one here.
            heading(chart.title, 12)
        else:
            px_w, px_h = png_size(chart.png)
            w = width
            h = w * px_h / px_w
            # A tall chart is shrunk so that it and its caption fit on one page.
            max_h = pdf.page_break_trigger - pdf.t_margin - 30
            if h > max_h:
                w, h = w * max_h / h, max_h
            ensure(h + 14)
            pdf.image(io.BytesIO(chart.png), x=pdf.l_margin, w=w, h=h)
            pdf.ln(2)
        para(chart.caption, 9.5, 4.8)
        pdf.ln(5)

    if report.wants("milestones") and not report.empty:
        ensure(30)
        heading(MILESTONES_TITLE, 13)
        if not report.milestones:
            para(NO_MILESTONES)
        for ms in report.milestones:
            para(milestone_text(ms))
            if ms.note:
                para(milestone_note(ms), 9.5, 4.8)
        pdf.ln(4)

    if report.wants("key_days") and not report.empty:
        ensure(30)
        heading(KEY_DAYS_TITLE, 13)
        para(key_days_intro(report), 9.5, 4.8)
        pdf.ln(2)
        for day in report.key_days:
            ensure(16)
            pdf.set_font(FONT_FAMILY, "B", 10.5)
            pdf.multi_cell(
                0, 5.6, pdf_text(key_day_title(day)), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            for entry in day.entries:
                para(entry_text(entry), 9.5, 4.8)
                if entry.note:
                    pdf.set_x(pdf.l_margin + 12)
                    pdf.set_font(FONT_FAMILY, "", 9.5)
                    pdf.multi_cell(
                        0, 4.8, pdf_text(entry_note(entry)), new_x=XPos.LMARGIN, new_y=YPos.NEXT
                    )
            if day.more_entries:
                para(more_entries_text(day), 9, 4.6)
            pdf.ln(3)

    ensure(40)
    pdf.ln(2)
    heading("How the figures are defined", 12)
    for line in report.definitions:
        para(f"• {line}", 9, 4.6)
    return bytes(pdf.output())


# -- HTML --------------------------------------------------------------------------------------
STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5rem; }
header p { color: #555; margin-top: 0; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: 0.3rem; }
table.summary { border-collapse: collapse; width: 100%; }
table.summary th { text-align: left; vertical-align: top; width: 12rem; padding: 0.3rem 0.6rem
                   0.3rem 0; }
table.summary td { padding: 0.3rem 0; }
table.summary tr { border-bottom: 1px solid #eee; }
figure { margin: 1rem 0 1.5rem; }
figure img { max-width: 100%; height: auto; }
figcaption, .small { color: #444; font-size: 0.92rem; }
.notice { background: #f3f7fb; border-left: 4px solid #0072B2; padding: 0.6rem 0.9rem; }
.topics { white-space: pre-wrap; background: #fafafa; padding: 0.6rem 0.9rem; }
blockquote { margin: 0.2rem 0 0.4rem 1.5rem; color: #333; white-space: pre-wrap; }
ul.entries { list-style: none; padding-left: 0.5rem; margin-top: 0.2rem; }
footer { margin-top: 2.5rem; border-top: 1px solid #ccc; font-size: 0.9rem; color: #444; }
@media print { h2 { break-after: avoid; } figure { break-inside: avoid; } }
"""
# Nothing may load or run: no network, no script, only inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(report: Report) -> str:
    """The report as one self-contained HTML file: inline style, images as data: URIs, no script.

    Every piece of user text goes through `html.escape`.
    """
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e('Tideline snapshot, ' + report.period)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Snapshot for my therapist</h1>",
        f"<p>{_e(report.period)} · made on {_e(day_text(report.created_at.date()))}</p>",
        "</header>",
    ]
    if report.empty:
        out.append(f'<p class="notice"><strong>{_e(EMPTY_TITLE)}.</strong> {_e(EMPTY_TEXT)}</p>')
    out += ['<section id="summary">', "<h2>Summary</h2>", '<table class="summary">']
    for row in report.summary:
        out.append(f"<tr><th>{_e(row.label)}</th><td>{_e(row.value)}</td></tr>")
    out += ["</table>", "</section>"]

    if report.wants("topics"):
        out += ['<section id="topics">', f"<h2>{_e(TOPICS_TITLE)}</h2>"]
        if report.topics:
            # dir="auto": a paragraph typed in Hebrew or Arabic reads right to left.
            out.append(f'<div class="topics" dir="auto">{_e(report.topics)}</div>')
        else:
            out.append(f"<p>{_e(NO_TOPICS)}</p>")
        out.append("</section>")

    charts = [c for c in report.charts if c.key in report.sections]
    if charts:
        out += ['<section id="charts">', "<h2>Charts</h2>"]
        for chart in charts:
            out.append(f'<figure id="chart-{_e(chart.key)}">')
            if chart.png is None:
                out.append(f"<h3>{_e(chart.title)}</h3>")
            else:
                data = base64.b64encode(chart.png).decode("ascii")
                out.append(f'<img alt="{_e(chart.title)}" src="data:image/png;base64,{data}">')
            out += [f"<figcaption>{_e(chart.caption)}</figcaption>", "</figure>"]
        out.append("</section>")

    if report.wants("milestones") and not report.empty:
        out += ['<section id="milestones">', f"<h2>{_e(MILESTONES_TITLE)}</h2>"]
        if not report.milestones:
            out.append(f"<p>{_e(NO_MILESTONES)}</p>")
        else:
            out.append("<ul>")
            for ms in report.milestones:
                item = f"<li>{_e(milestone_text(ms))}"
                if ms.note:
                    item += f'<blockquote dir="auto">{_e(ms.note)}</blockquote>'
                out.append(item + "</li>")
            out.append("</ul>")
        out.append("</section>")

    if report.wants("key_days") and not report.empty:
        out += [
            '<section id="key-days">',
            f"<h2>{_e(KEY_DAYS_TITLE)}</h2>",
            f'<p class="small">{_e(key_days_intro(report))}</p>',
        ]
        for day in report.key_days:
            out += [f"<h3>{_e(key_day_title(day))}</h3>", '<ul class="entries">']
            for entry in day.entries:
                item = f"<li>{_e(entry_text(entry))}"
                if entry.note:
                    item += f'<blockquote dir="auto">{_e(entry.note)}</blockquote>'
                out.append(item + "</li>")
            if day.more_entries:
                out.append(f"<li>{_e(more_entries_text(day))}</li>")
            out.append("</ul>")
        out.append("</section>")

    out += ["<footer>", "<h2>How the figures are defined</h2>", "<ul>"]
    out += [f"<li>{_e(line)}</li>" for line in report.definitions]
    out += ["</ul>", "</footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# -- export and its record ---------------------------------------------------------------------
def record(
    store: Store,
    fmt: str,
    start: dt.date,
    end: dt.date,
    *,
    include_notes: bool = False,
    topics: str = "",
    sections: Iterable[str] | None = None,
) -> None:
    """Remember that a snapshot was shared: format, period and options, never the content."""
    if fmt not in KINDS:
        raise SnapshotError(f"a snapshot is a pdf or an html file, not {fmt!r}")
    store.record_export(
        KINDS[fmt], start, end, _options(include_notes, topics, _clean_sections(sections))
    )


def render(report: Report, fmt: str) -> bytes:
    """The report in one format ('pdf' or 'html') as bytes."""
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "html":
        return render_html(report).encode("utf-8")
    raise SnapshotError(f"a snapshot is a pdf or an html file, not {fmt!r}")


def format_of(path_or_kind: str | Path) -> str:
    """'pdf' or 'html' from a file name (.pdf, .html, .htm) or the bare word."""
    text = str(path_or_kind)
    if text.lower() in KINDS:
        return text.lower()
    suffix = Path(text).suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".html", ".htm"):
        return "html"
    raise SnapshotError(f"{text}: the snapshot file must end in .pdf or .html")


def export(
    store: Store,
    start: dt.date,
    end: dt.date,
    path_or_kind: str | Path,
    *,
    include_notes: bool = False,
    topics: str = "",
    sections: Iterable[str] | None = None,
) -> bytes:
    """Build, render and record a snapshot; write it to the path unless given just 'pdf'/'html'.

    Returns the document's bytes. The record is written only once the file is written.
    """
    fmt = format_of(path_or_kind)
    report = build_report(
        store, start, end, include_notes=include_notes, topics=topics, sections=sections
    )
    data = render(report, fmt)
    options = {"include_notes": include_notes, "topics": topics, "sections": report.sections}
    if str(path_or_kind).lower() in KINDS:
        record(store, fmt, start, end, **options)
        return data
    from dashboard.store import output_file

    # The file takes its name only once it is whole and recorded: a failure leaves no file.
    with output_file(path_or_kind) as part:
        part.write_bytes(data)
        record(store, fmt, start, end, **options)
    return data


def past_exports(store: Store, limit: int = 50) -> pd.DataFrame:
    """What has been shared, newest first: when, what, period and options in words."""
    df = store.query("snapshot_exports", {"limit": limit})
    rows = []
    for rec in df.to_dict("records"):
        try:
            options = json.loads(rec["options"] or "{}")
        except ValueError:
            options = {}
        start = None if pd.isna(rec["period_from"]) else _date(rec["period_from"])
        end = None if pd.isna(rec["period_to"]) else _date(rec["period_to"])
        whole = rec["kind"] not in KINDS.values()
        rows.append(
            {
                "when": pd.Timestamp(rec["created_at"]).to_pydatetime(),
                "what": _export_kind(rec["kind"]),
                "period": describe_period(start, end) if start and end else "everything",
                # A whole-journal export holds every entry, private notes included.
                "sections": "every entry" if whole else sections_text(options),
                "private notes": "included"
                if whole or options.get("include_notes")
                else "left out",
            }
        )
    return pd.DataFrame(rows, columns=["when", "what", "period", "sections", "private notes"])


# Short names for the list of past exports (the section titles are too long for a table cell).
SECTION_NAMES: dict[str, str] = {
    "topics": "topics",
    "mood": "mood",
    "no_contact": "no-contact calendar",
    "breaks_by_time": "break times",
    "triggers": "triggers",
    "cycles": "together and apart",
    "milestones": "milestones",
    "key_days": "key days",
}


def sections_text(options: dict[str, Any]) -> str:
    """Which optional sections an export held, in words, from its recorded options."""
    if not isinstance(options.get("sections"), list):
        return "not recorded"
    chosen = [s for s in SECTIONS if s in options["sections"]]
    if not chosen:
        return "summary only"
    if len(chosen) == len(SECTIONS):
        return "all" if options.get("topics") else "all (no topics written)"
    names = [SECTION_NAMES[s] for s in chosen]
    if "topics" in chosen and not options.get("topics"):
        names[0] = "topics (none written)"
    return ", ".join(names)


# What each kind of record is called in the list; the journal exports hold everything.
EXPORT_KIND_NAMES: dict[str, str] = {
    "snapshot_pdf": "Snapshot (PDF)",
    "snapshot_html": "Snapshot (HTML)",
    "tideline_json": "Whole journal (JSON)",
    "csv_zip": "Whole journal (CSV zip)",
    "parquet_zip": "Whole journal (Parquet zip)",
}


def _export_kind(kind: str) -> str:
    return EXPORT_KIND_NAMES.get(kind, kind)


def default_start(store: Store, today: dt.date) -> dt.date:
    """'Since the last snapshot': the day after the latest day shared, else 4 weeks back."""
    last = store.query("snapshot_last").iloc[0]["period_to"]
    if last is None or pd.isna(last):
        return today - dt.timedelta(days=DEFAULT_DAYS - 1)
    # A snapshot that already covered today leaves just today to show.
    return min(_date(last) + dt.timedelta(days=1), today)


# -- command line ------------------------------------------------------------------------------
def _cli_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add `tideline snapshot` to the command line."""
    p = subparsers.add_parser(
        "snapshot", help="a snapshot of a period for your therapist (PDF or offline HTML)"
    )
    p.add_argument("--from", dest="start", type=_cli_date, required=True, help="first day")
    p.add_argument("--to", dest="end", type=_cli_date, required=True, help="last day")
    p.add_argument("--out", required=True, help="FILE.pdf or FILE.html")
    p.add_argument(
        "--include-notes", action="store_true", help="include private notes (left out otherwise)"
    )
    p.add_argument("--topics", default="", help="what you want to talk about in the session")
    p.set_defaults(func=cmd_snapshot)


def cmd_snapshot(args: argparse.Namespace) -> int:
    # Imported here: dashboard.cli imports this module to find its commands.
    from dashboard.cli import CliError, _open

    if args.start > args.end:
        raise SnapshotError("--from must not be after --to")
    format_of(args.out)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise SnapshotError(f"no folder {out.parent} to write {out.name} into")
    try:
        store = _open(args, create=False)
    except CliError as exc:
        # When run as `python -m dashboard.cli`, main() catches its own copy of CliError, not
        # this one; a SnapshotError (a ValueError) is caught either way.
        raise SnapshotError(str(exc)) from None
    with store:
        export(
            store,
            args.start,
            args.end,
            out,
            include_notes=args.include_notes,
            topics=args.topics,
        )
    notes = "with private notes" if args.include_notes else "private notes left out"
    print(f"snapshot of {describe_period(args.start, args.end)} written to {out} ({notes})")
    return 0
