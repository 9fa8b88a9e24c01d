"""What a snapshot is made of: its sections, its records (summary rows, charts, milestones, key
days) and the Report that holds them, computed once and rendered as PDF, HTML or on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard import wording
from dashboard.snapshot.drawing import Drawing

# Optional sections, in report order; the summary and the note on definitions always come.
SECTIONS: dict[str, str] = {
    "topics": "What I want to talk about",
    "mood": "Mood over time",
    "calendar": "The mood month",
    "no_contact": "No-contact calendar",
    "breaks_by_time": "When breaks happened",
    "triggers": "Triggers",
    "cycles": "Together and apart",
    "milestones": "Milestones",
    "key_days": "Key days",
}
CHART_SECTIONS = ("mood", "calendar", "no_contact", "breaks_by_time", "triggers", "cycles")
KINDS = {"pdf": "snapshot_pdf", "html": "snapshot_html", "json": "snapshot_json"}
# "Since the last snapshot" with no snapshot yet starts this many days back (4 weeks, today incl.).
DEFAULT_DAYS = 28
LOWEST_DAYS = 5
BREAK_DAYS = 8
ENTRIES_PER_DAY = 8
# The longest period a snapshot covers (50 years, as the CLI's dates allow): past it the page
# and the CLI say so and compute nothing (issue 16 point 7).
MAX_YEARS = 50
MAX_DAYS = round(MAX_YEARS * 365.25)


class SnapshotError(ValueError):
    """A snapshot request that cannot be met; the message is meant for the user."""


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class ChartImage:
    """One chart of the report: its drawing (None when there was nothing to draw) and caption."""

    key: str
    title: str
    caption: str
    drawing: Drawing | None

    @property
    def alt(self) -> str:
        """The image's text alternative: the drawing's own description, else the title."""
        return (self.drawing.description if self.drawing else "") or self.title


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


@dataclass(frozen=True)
class Situation:
    """What the person ticked on the Guidance page, in their words: only when they opt in."""

    intent: str  # the intent's id (schema.INTENTS)
    intent_text: str  # its words, "I want to move on"
    red_flags: tuple[str, ...]  # the ids ticked (schema.RED_FLAGS), in the Guidance page's order
    red_flag_texts: tuple[str, ...]  # their words, in the first person


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
    # None unless the person chose "include my situation".
    situation: Situation | None = None

    @property
    def period(self) -> str:
        return describe_period(self.start, self.end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def wants(self, section: str) -> bool:
        return section in self.sections


def describe_period(start: dt.date, end: dt.date) -> str:
    """'1 Mar 2026 – 14 Mar 2026 (14 days)'."""
    n = (end - start).days + 1
    return f"{wording.day(start)} – {wording.day(end)} ({wording.plural(n, 'day')})"


def as_date(value: Any) -> dt.date:
    """A date from what a query gives back (a Timestamp, a datetime or a date)."""
    return value.date() if isinstance(value, pd.Timestamp | dt.datetime) else value


def check_period(start: dt.date, end: dt.date) -> None:
    """Refuse a reversed period or one longer than MAX_YEARS, before anything is computed."""
    if start > end:
        raise SnapshotError("the period must start on or before its last day")
    if (end - start).days >= MAX_DAYS:
        raise SnapshotError(f"a snapshot covers at most {MAX_YEARS} years; choose a shorter period")


def clean_sections(sections: Iterable[str] | None) -> tuple[str, ...]:
    """The chosen sections in report order (all of them for None); unknown names are refused."""
    if sections is None:
        return tuple(SECTIONS)
    chosen = set(sections)
    unknown = sorted(chosen - set(SECTIONS))
    if unknown:
        raise SnapshotError(f"unknown snapshot section(s): {', '.join(unknown)}")
    return tuple(s for s in SECTIONS if s in chosen)


def export_options(
    include_notes: bool, topics: str, sections: Sequence[str], include_situation: bool = False
) -> dict[str, Any]:
    """What gets recorded of an export's options.

    Whether notes went out, which sections, whether topics went out — never the topics
    themselves (they are content). Words typed while the topics section is off are not in the
    file, so they are not recorded as shared either. Whether the situation (intent and red
    flags) went out, never which.
    """
    return {
        "include_notes": bool(include_notes),
        "include_situation": bool(include_situation),
        "sections": list(sections),
        "topics": "topics" in sections and bool(topics.strip()),
    }
