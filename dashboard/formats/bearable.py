"""Bearable's CSV export (mood rows only) -> a ``tideline/1`` payload, plus every bad row.

Columns ``date formatted,date,weekday,time of day,category,rating/amount,detail,notes``. Only rows
whose category is "Mood" are read; every other category is skipped without comment.

- Date: ``date formatted`` if it parses, else ``date``; ISO dates ("2024-03-14", also with a time
  after it, of which only the date is used) or a day, an English month name and a year in any order
  ("14 Mar 2024", "Mar 14, 2024"). Numeric dates like 03/04/2024 are refused: the order of day and
  month cannot be known.
- Time of day: am -> 09:00, mid -> 13:00, pm -> 18:00, late -> 22:00; a clock time ("21:15",
  "9:15 pm") is used as it is; an empty value -> 12:00.
- Rating: Bearable rates mood 1-5 (1-10 in newer versions). On the 1-5 scale a rating r becomes
  2r (1, 2, 3, 4, 5 -> 2, 4, 6, 8, 10; a half point such as 3.5 -> 7); on the 1-10 scale it is kept.
  The scale is the file's own: 1-10 when any mood rating in the file is above 5, else 1-5.
  ``parse(data, scale=5)`` or ``scale=10`` forces it.
- Note: ``detail`` and ``notes`` (detail, a blank line, then notes when both). Entries are private.
"""

from __future__ import annotations

import datetime as dt

from dashboard.formats import text
from dashboard.formats.text import Entry, ParseResult, RowError

TIMES: dict[str, tuple[int, int]] = {
    "am": (9, 0),
    "mid": (13, 0),
    "pm": (18, 0),
    "late": (22, 0),
}
NO_TIME = (12, 0)
# (line, day, clock, rating, note) of a mood record read without a problem, before its scale.
Reading = tuple[int, dt.date, tuple[int, int], float, str]


def _time(value: str) -> tuple[int, int]:
    word = value.strip().lower()
    if not word:
        return NO_TIME
    if word in TIMES:
        return TIMES[word]
    try:
        return text.clock(word)
    except ValueError:
        raise ValueError(
            f"time of day {value.strip()!r} is not am, mid, pm, late or a time like 21:15"
        ) from None


def _date_columns(columns: dict[str, int]) -> list[str]:
    """The date columns the header has, best first; raises when a needed column is missing."""
    found = [name for name in ("date formatted", "date") if name in columns]
    if not found:
        raise text.missing_columns(
            "Bearable", ["date formatted", "date"], list(columns), either=True
        )
    text.require("Bearable", columns, ("category", "rating/amount"))
    return found


def _rating(value: str) -> tuple[float | None, str]:
    try:
        rating = float(value)
    except ValueError:
        if not value:
            return None, "the mood rating is missing"
        return None, f"mood rating {value!r} is not a number"
    if not 1 <= rating <= 10:
        return None, f"mood rating {value!r} is outside 1 to 10"
    return rating, ""


def _read(
    line: int, values: list[str], columns: dict[str, int], date_columns: list[str]
) -> tuple[Reading | None, list[str]]:
    """One mood record -> what it says (before the scale is known), or its problems."""
    problems: list[str] = []
    day = None
    for name in date_columns:
        day = text.loose_date(text.cell(values, columns, name))
        if day is not None:
            break
    if day is None:
        shown = text.cell(values, columns, date_columns[0])
        problems.append(f"date {shown!r} is not a date like 2024-03-14")
    clock: tuple[int, int] | None = None
    try:
        clock = _time(text.cell(values, columns, "time of day"))
    except ValueError as exc:
        problems.append(str(exc))
    rating, why = _rating(text.cell(values, columns, "rating/amount"))
    if why:
        problems.append(why)
    if problems or day is None or clock is None or rating is None:
        return None, problems
    note = text.join_note(text.cell(values, columns, "detail"), text.cell(values, columns, "notes"))
    return (line, day, clock, rating, note), []


def _entries(readings: list[Reading], scale: int, errors: list[RowError]) -> list[Entry]:
    """The readings on the file's scale as mood entries; a rating off the scale is an error."""
    rows: list[Entry] = []
    for line, day, clock, rating, note in readings:
        value = rating * 2 if scale == 5 else rating
        if not value.is_integer() or not 1 <= value <= 10:
            errors.append(
                RowError(line, f"mood rating {rating:g} does not fit the 1-{scale} scale")
            )
            continue
        at = text.at(day, *clock)
        rows.append((at, line, {"at": at, "mood": int(value), "note": note, "private": True}))
    return rows


def parse(data: bytes | str, scale: int | None = None) -> ParseResult:
    """A Bearable CSV export -> its mood rows; ``scale`` 5 or 10 forces the rating scale."""
    if scale not in (None, 5, 10):
        raise ValueError(f"the Bearable rating scale is 5 or 10, not {scale!r}")
    records, broken = text.records(text.decode(data))
    columns = text.header(records, "Bearable", broken)
    date_columns = _date_columns(columns)
    width = len(records[0][1])
    # Other categories (sleep, symptoms, factors...) are not ours to judge, even when odd.
    moods = [r for r in records[1:] if text.cell(r[1], columns, "category").lower() == "mood"]
    readings, errors = text.read_each(
        moods, width, lambda line, values: _read(line, values, columns, date_columns)
    )
    if scale is None:
        scale = 10 if any(reading[3] > 5 for reading in readings) else 5
    rows = _entries(readings, scale, errors)
    if broken is not None:
        errors.append(broken)
    return text.finish(rows, errors, len(moods))
