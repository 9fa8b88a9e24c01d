"""Page one beside the summary (issue 15): the hard days, this period against the three before
it, the back-filled entries by date and what the days held, as blocks of words the PDF and the
HTML draw alike. Every word comes from the sections (dashboard/sections/hard_days.py), from the
record the report holds under figures["hard_days"], so the JSON carries the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard import wording
from dashboard.sections import hard_days
from dashboard.snapshot.model import SummaryRow

# Page one lists this many back-filled days; the rest are counted (the JSON lists them all).
BACKFILLED_LINES = 6


@dataclass(frozen=True)
class Block:
    """One block of page one: a title, an opening sentence, label/value rows, a table (its
    first row the header) and lines."""

    title: str
    intro: str = ""
    rows: tuple[SummaryRow, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    lines: tuple[str, ...] = ()


def _explained(value: str, explanation: str) -> str:
    """'21 (of my 170 logged days …)'; an explanation with brackets of its own follows a dash,
    so that no brackets close twice."""
    return f"{value} — {explanation}" if "(" in explanation else f"{value} ({explanation})"


def _hard(record: dict[str, Any]) -> Block:
    figures = hard_days.hard_figures(record)[1:]  # the mean mood is the summary's own row
    rows = tuple(SummaryRow(f.label, _explained(f.value, f.explanation)) for f in figures)
    return Block("Hard days", rows=rows)


def _periods(record: dict[str, Any]) -> Block:
    table = (hard_days.PERIOD_COLUMNS, *hard_days.period_table(record["periods"]))
    return Block("This period and the three before it", table=table)


def _backfilled(record: dict[str, Any]) -> Block:
    rows = record["backfilled_entries"]
    if not rows:
        return Block("Back-filled entries", "I logged every entry within a day of it.")
    lines = hard_days.backfilled_lines(rows)
    shown = lines[:BACKFILLED_LINES]
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more days")
    n = wording.plural(len(rows), "entry", "entries")
    intro = f"{n} logged more than 24 hours after the moment, by the day they are for:"
    return Block("Back-filled entries", intro, lines=tuple(shown))


def _held(record: dict[str, Any]) -> Block:
    emotions = [hard_days.emotion_text(r) for r in record["top_emotions"]]
    lines = [f"Emotions I named most: {'; '.join(emotions)}."] if emotions else []
    if record["activities"]:
        lines.append(
            "My mood on days with and without each activity (a comparison needs "
            f"{hard_days.MIN_CLAIM_DAYS} days on each side):"
        )
        lines += [hard_days.activity_text(r) for r in record["activities"]]
    if not lines:
        return Block("What my days held", "I named no emotions or activities in this period.")
    return Block("What my days held", lines=tuple(lines))


def blocks(figures: dict[str, Any]) -> list[Block]:
    """Page one's blocks after the summary, from the report's figures (none without them)."""
    record = figures.get("hard_days")
    if not record:
        return []
    return [_hard(record), _periods(record), _backfilled(record), _held(record)]
