"""Daylio's CSV export -> a ``tideline/1`` payload of mood rows, plus every bad row.

Pure functions, no database: the caller refuses to import while ``ParseResult.errors`` is not
empty (import is all-or-nothing). Every produced row has already passed
``validate.clean_row("mood", row)``.

- Layouts, chosen by the header: ``full_date,date,weekday,time,mood,activities,note_title,note``
  (current), ``full_date,...,note`` without ``note_title`` (some versions) and the older
  ``year,date,weekday,time,mood,activities,note`` where ``date`` is a day and an English month
  name in either order ("5 Jan", "Jan 5", "28 September") and ``year`` gives the year.
- Times: 12-hour ("10:00 pm", "10:00 PM", "10:00 p.m.", with any space before am/pm, including the
  narrow no-break space newer phones write) or 24-hour ("20:39"). "12:05 am" is 00:05, "12:30 pm"
  is 12:30.
- Moods: rad 10, good 8, meh 6, bad 4, awful 2 (labels trimmed, case-insensitive). A mood map adds
  labels or overrides these. Any other label is one error naming every unknown label and its lines.
- ``activities`` are split on "|", trimmed and lower-cased; ``note_title`` and ``note`` become the
  note (title, a blank line, then the note when both are given). Every imported entry is private.

The Data page's mood-map table (`mood_table`, `mood_map_from_table`) and the command line's
``--mood-map`` text (`parse_mood_map`) both end up as the ``mood_map`` of `parse`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dashboard.formats import text
from dashboard.formats.text import Entry, ParseResult, RowError
from dashboard.wording import plural

DEFAULT_MOODS: dict[str, int] = {"rad": 10, "good": 8, "meh": 6, "bad": 4, "awful": 2}
# How many line numbers one unknown label lists before "and N more".
_MAX_LINES_LISTED = 10
# label (lower-case) -> (the label as the file spells it first, the lines it stands on)
Unknown = dict[str, tuple[str, list[int]]]


# --- mood maps -----------------------------------------------------------------------------------


def parse_mood_map(spec: str) -> dict[str, int]:
    """'label=N,label=N' -> {label: N}; labels trimmed and lower-cased, N a whole number 1-10."""
    out: dict[str, int] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        label, equals, number = item.rpartition("=")
        if not equals:
            raise ValueError(
                f"{item.strip()!r} has no '=': write each mood as label=number, e.g. tired=4"
            )
        label = label.strip().lower()
        if not label:
            raise ValueError(f"{item.strip()!r} has no label before '=': write e.g. tired=4")
        try:
            value = int(number.strip())
        except ValueError:
            raise ValueError(
                f"the mood for {label!r} must be a whole number from 1 to 10, "
                f"not {number.strip()!r}"
            ) from None
        if not 1 <= value <= 10:
            raise ValueError(f"the mood for {label!r} must be from 1 to 10, not {value}")
        if label in out and out[label] != value:
            raise ValueError(f"{label!r} is given twice, as {out[label]} and {value}")
        out[label] = value
    return out


def _normalise_mood_map(mood_map: dict[str, int] | None) -> dict[str, int]:
    """Defaults plus a user's map (which may come straight from a table on the page)."""
    moods = dict(DEFAULT_MOODS)
    for label, value in (mood_map or {}).items():
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"mood map labels must be text, not {label!r}")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise ValueError(f"the mood for {label.strip()!r} must be from 1 to 10, not {value!r}")
        moods[label.strip().lower()] = value
    return moods


def _unknown_labels_error(unknown: Unknown) -> RowError:
    parts = []
    for shown, lines in unknown.values():
        listed = ", ".join(str(n) for n in lines[:_MAX_LINES_LISTED])
        more = len(lines) - _MAX_LINES_LISTED
        where = f"line {listed}" if len(lines) == 1 else f"lines {listed}"
        if more > 0:
            where += f" and {more} more"
        parts.append(f"{shown!r} ({where})")
    example = next(iter(unknown.values()))[0].lower()
    return RowError(
        min(lines[0] for _, lines in unknown.values()),
        f"{plural(len(unknown), 'mood label')} Tideline doesn't know yet: "
        f"{'; '.join(parts)}. Give each a number from 1 to 10 in a mood map "
        f"(e.g. {example}=5); rad, good, meh, bad and awful are known already.",
    )


# --- reading -------------------------------------------------------------------------------------


def _old_layout(columns: dict[str, int]) -> bool:
    """True for the older ``year,date,...`` layout; raises when the header fits neither."""
    if "full_date" in columns:
        old = False
    elif "year" in columns and "date" in columns:
        old = True
    else:
        raise text.missing_columns("Daylio", ["full_date"], list(columns))
    text.require("Daylio", columns, ("time", "mood"))
    return old


def _day(record: list[str], columns: dict[str, int], old: bool) -> tuple[dt.date | None, str]:
    """The record's day, or None and why not."""
    if old:
        year, date_text = text.cell(record, columns, "year"), text.cell(record, columns, "date")
        day = text.loose_date(f"{date_text} {year}") if year.isdigit() and len(year) == 4 else None
        return day, "" if day else f"date {date_text!r} in year {year!r} is not a date like 5 Jan"
    date_text = text.cell(record, columns, "full_date")
    try:
        return dt.date.fromisoformat(date_text), ""
    except ValueError:
        return None, f"date {date_text!r} is not a date like 2024-01-05"


def _entry(
    line: int,
    values: list[str],
    columns: dict[str, int],
    old: bool,
    moods: dict[str, int],
    unknown: Unknown,
) -> tuple[Entry | None, list[str]]:
    """One record -> its entry (None for an unknown label, noted in `unknown`) and problems."""
    day, why = _day(values, columns, old)
    problems = [why] if why else []
    clock: tuple[int, int] | None = None
    try:
        clock = text.clock(text.cell(values, columns, "time"))
    except ValueError as exc:
        problems.append(str(exc))
    label = text.cell(values, columns, "mood")
    mood = moods.get(label.lower())
    if not label:
        problems.append("the mood is missing")
    elif mood is None:
        unknown.setdefault(label.lower(), (label, []))[1].append(line)
    if problems or mood is None or day is None or clock is None:
        return None, problems  # an unknown label is reported once for the whole file
    activities = [
        word.strip().lower()
        for word in text.cell(values, columns, "activities").split("|")
        if word.strip()
    ]
    title, body = text.cell(values, columns, "note_title"), text.cell(values, columns, "note")
    note = text.join_note(title, body)
    at = text.at(day, *clock)
    row = {"at": at, "mood": mood, "activities": activities, "note": note, "private": True}
    return (at, line, row), []


def parse(data: bytes | str, mood_map: dict[str, int] | None = None) -> ParseResult:
    """A Daylio CSV export (current or older layout) -> mood rows; see the module docstring."""
    moods = _normalise_mood_map(mood_map)
    records, broken = text.records(text.decode(data))
    columns = text.header(records, "Daylio", broken)
    old = _old_layout(columns)
    width = len(records[0][1])
    unknown: Unknown = {}
    rows, errors = text.read_each(
        records[1:],
        width,
        lambda line, values: _entry(line, values, columns, old, moods, unknown),
    )
    if unknown:
        errors.append(_unknown_labels_error(unknown))
    if broken is not None:
        errors.append(broken)
    return text.finish(rows, errors, len(records) - 1 + (broken is not None))


# --- the mood labels a file uses, for the Data page's mood-map table ------------------------------


def labels(data: bytes) -> list[str]:
    """The distinct mood labels of a Daylio CSV (trimmed, in order of first appearance).

    An unreadable file gives []: `parse` explains what is wrong with it.
    """
    try:
        records, _ = text.records(text.decode(data))
        columns = text.header(records, "Daylio")
    except ValueError:
        return []
    if "mood" not in columns:
        return []
    seen: dict[str, str] = {}
    for _, values in records[1:]:
        label = text.cell(values, columns, "mood")
        if label:
            seen.setdefault(label.lower(), label)
    return list(seen.values())


def unknown_labels(data: bytes) -> list[str]:
    """Mood labels in a Daylio CSV that are not rad, good, meh, bad or awful."""
    return [label for label in labels(data) if label.lower() not in DEFAULT_MOODS]


def mood_table(unknown: list[str]) -> list[dict[str, Any]]:
    """The mapping table's first rows: the default moods, then each unknown label, unset."""
    rows: list[dict[str, Any]] = [
        {"label": label, "mood": value} for label, value in DEFAULT_MOODS.items()
    ]
    rows += [{"label": label, "mood": None} for label in unknown]
    return rows


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from an emptied table cell
        return True
    return isinstance(value, str) and not value.strip()


def _table_mood(name: str, value: Any) -> tuple[int | None, str]:
    """A table cell's mood as a whole number 1-10, or None and the problem."""
    if _blank(value):
        return None, f"give {name!r} a number from 1 to 10"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None, f"the mood for {name!r} must be a number from 1 to 10, not {value!r}"
    if not number.is_integer() or not 1 <= number <= 10:
        return None, f"the mood for {name!r} must be a whole number from 1 to 10"
    return int(number), ""


def mood_map_from_table(rows: list[Mapping[str, Any]]) -> tuple[dict[str, int], list[str]]:
    """The edited mapping table -> ({label: mood}, problems); a problem means don't import yet."""
    mapping: dict[str, int] = {}
    problems: list[str] = []
    for row in rows:
        label, value = row.get("label"), row.get("mood")
        if _blank(label) and _blank(value):
            continue  # an empty row the user added and left
        if _blank(label):
            problems.append(f"the row with mood {value} has no label")
            continue
        name = str(label).strip()
        number, problem = _table_mood(name, value)
        key = name.lower()
        if number is None:
            problems.append(problem)
        elif key in mapping and mapping[key] != number:
            problems.append(f"{name!r} is in the table twice, as {mapping[key]} and {number}")
        else:
            mapping[key] = number
    return mapping, problems
