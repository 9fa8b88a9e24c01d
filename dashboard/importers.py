"""Turn another mood app's export into a ``tideline/1`` payload, plus a list of bad rows.

Pure functions, no database: ``dashboard.interchange.import_payload`` writes the payload, and the
caller refuses to import while ``ParseResult.errors`` is not empty (import is all-or-nothing).
Every produced row has already passed ``validate.clean_row("mood", row)``. Line numbers are the
1-based physical lines of the file where a record starts (the header is line 1), counted correctly
across quoted notes that span several lines.

Daylio (CSV export)
-------------------
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

Bearable (CSV export, mood rows only)
-------------------------------------
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
  ``parse_bearable(data, scale=5)`` or ``scale=10`` forces it.
- Note: ``detail`` and ``notes`` (detail, a blank line, then notes when both). Entries are private.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from dashboard.validate import ValidationError, clean_row

DAYLIO_DEFAULT_MOODS: dict[str, int] = {"rad": 10, "good": 8, "meh": 6, "bad": 4, "awful": 2}
BEARABLE_TIMES: dict[str, tuple[int, int]] = {
    "am": (9, 0),
    "mid": (13, 0),
    "pm": (18, 0),
    "late": (22, 0),
}
BEARABLE_NO_TIME = (12, 0)

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9
_WEEKDAYS = frozenset(
    word
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for word in (day, day[:3])
)
# Compiled once at import: parsing 20,000 rows must not recompile anything per row.
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
# How many line numbers one unknown label lists before "and N more".
_MAX_LINES_LISTED = 10


@dataclass
class RowError:
    """One bad record: the physical line where it starts (header = line 1) and why."""

    line: int
    reason: str


@dataclass
class ParseResult:
    """The payload of the good rows, every bad row, and how many entries the file holds.

    ``rows`` counts the records that were read as entries, good and bad: every Daylio record, and
    every Bearable record whose category is Mood.
    """

    payload: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


# --- decoding and CSV records ------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    """Bytes or text -> text without a byte-order mark; ValueError for empty or binary input."""
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"This file is not UTF-8 text (byte {exc.start + 1} cannot be read), so it may be "
                "a binary file or saved in another encoding. Export it again from the app, or "
                "save it as 'CSV UTF-8' and try once more."
            ) from None
    elif isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        raise TypeError(f"expected bytes or text, not {type(data).__name__}")
    if "\x00" in text:
        raise ValueError(
            "This looks like a binary file, not a text export (it contains NUL bytes). "
            "Please choose the CSV or JSON file the app exported."
        )
    if not text.strip():
        raise ValueError("This file is empty: there is nothing to import.")
    return text


def _ends_inside_quotes(segment: str) -> bool:
    """True when a CSV segment leaves a quoted value open (the csv module silently accepts it)."""
    in_quotes = False
    field_start = True
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if in_quotes:
            if c == '"':
                if i + 1 < n and segment[i + 1] == '"':
                    i += 2
                    continue
                in_quotes = False
        elif c == '"' and field_start:
            in_quotes = True
            field_start = False
        elif c in ",\r\n":
            field_start = True
        elif c != " ":
            field_start = False
        i += 1
    return in_quotes


def _records(text: str) -> tuple[list[tuple[int, list[str]]], RowError | None]:
    """CSV records with the physical line each starts on; blank lines are skipped.

    Returns the records read and, if the file breaks off (a quote never closed, a value too long
    for the csv module), an error at the line of the broken record; nothing after it is read.
    """
    # Iterating a StringIO with newline="" splits on \n, \r\n and \r exactly as a file opened
    # for csv would; str.splitlines would also split on \u2028 inside a note and skew the count.
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(lines, skipinitialspace=True)
    out: list[tuple[int, list[str]]] = []
    end = 0
    while True:
        start = end + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            return out, RowError(start, f"the file cannot be read from here on ({exc})")
        end = reader.line_num
        if not record or all(not value.strip() for value in record):
            continue
        out.append((start, record))
    if out and end == len(lines) and _ends_inside_quotes("".join(lines[out[-1][0] - 1 : end])):
        line = out.pop()[0]
        return out, RowError(
            line,
            'a quoted value that starts here is never closed (a " is missing), so the rest '
            "of the file cannot be read",
        )
    return out, None


def _header(
    records: list[tuple[int, list[str]]], app: str, broken: RowError | None = None
) -> dict[str, int]:
    """Column name (trimmed, lower-case) -> index, from the first record."""
    if not records:
        raise ValueError("This file is empty: there is nothing to import.")
    columns: dict[str, int] = {}
    for index, name in enumerate(records[0][1]):
        columns.setdefault(name.strip().lower(), index)
    # A lone record that never closes its quote is an entry gone wrong, not a missing one.
    if len(records) == 1 and broken is None:
        raise ValueError(
            f"This {app} file has a header but no entries: there is nothing to import."
        )
    return columns


def _missing_columns(
    app: str, missing: list[str], found: list[str], either: bool = False
) -> ValueError:
    """The header lacks required columns (``either``: it needs one of ``missing``)."""
    shown = ", ".join(repr(name[:30]) for name in found[:12]) or "nothing"
    names = (" or " if either else " and ").join(repr(m) for m in missing)
    plural = "s" if len(missing) > 1 and not either else ""
    return ValueError(
        f"This doesn't look like a complete {app} export: the header has no {names} "
        f"column{plural} (it has {shown})."
    )


# --- values --------------------------------------------------------------------------------------


def _clock(text: str) -> tuple[int, int]:
    """'10:00 pm', '10:00 PM', '12:05 am', '20:39' -> (hour, minute); ValueError otherwise."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"time {text.strip()!r} is not a time like 20:39 or 8:39 pm")
    hour, minute = int(match[1]), int(match[2])
    half = match[4]
    if minute > 59 or (match[3] is not None and int(match[3]) > 59):
        raise ValueError(f"time {text.strip()!r} has an impossible minute")
    if half is None:
        if hour > 23:
            raise ValueError(f"time {text.strip()!r} has an impossible hour")
        return hour, minute
    if not 1 <= hour <= 12:
        raise ValueError(f"time {text.strip()!r} has an impossible hour for a 12-hour clock")
    # 12 am is the first hour of the day and 12 pm is noon.
    hour %= 12
    if half.lower() == "p":
        hour += 12
    return hour, minute


def _loose_date(text: str) -> dt.date | None:
    """An ISO date, or a day, an English month name and a year in any order; None otherwise."""
    value = text.strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    year = month = day = None
    for token in value.replace(",", " ").replace(".", " ").lower().split():
        ordinal = _ORDINAL.fullmatch(token)
        if ordinal is not None:
            token = ordinal[1]
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
            else:
                return None
        elif token in _MONTHS and month is None:
            month = _MONTHS[token]
        elif token not in _WEEKDAYS:
            return None
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _at(day: dt.date, hour: int, minute: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _join_note(first: str, second: str) -> str:
    first, second = first.strip(), second.strip()
    if first and second:
        return f"{first}\n\n{second}"
    return first or second


def _cell(record: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(record):
        return ""
    value = record[index].strip()
    if "\r" in value:
        # Notes keep their own line breaks, written the same way whatever phone exported them.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _finish(
    rows: list[tuple[str, int, dict[str, Any]]], errors: list[RowError], count: int
) -> ParseResult:
    """Check every row as the store will, sort the good ones oldest first, errors by line."""
    now = dt.datetime.now()
    good: list[tuple[str, int, dict[str, Any]]] = []
    for at, line, row in rows:
        try:
            clean_row("mood", row, now=now)
        except ValidationError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        good.append((at, line, row))
    # Exports list the newest entry first; Tideline keeps time order (ties keep file order).
    good.sort(key=lambda item: (item[0], item[1]))
    errors.sort(key=lambda e: e.line)
    return ParseResult(
        payload={"format": "tideline/1", "mood": [row for _, _, row in good]},
        errors=errors,
        rows=count,
    )


# --- mood maps -----------------------------------------------------------------------------------


def parse_mood_map(text: str) -> dict[str, int]:
    """'label=N,label=N' -> {label: N}; labels trimmed and lower-cased, N a whole number 1-10."""
    out: dict[str, int] = {}
    for item in text.split(","):
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
    moods = dict(DAYLIO_DEFAULT_MOODS)
    for label, value in (mood_map or {}).items():
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"mood map labels must be text, not {label!r}")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise ValueError(f"the mood for {label.strip()!r} must be from 1 to 10, not {value!r}")
        moods[label.strip().lower()] = value
    return moods


def _unknown_labels_error(unknown: dict[str, tuple[str, list[int]]]) -> RowError:
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
        f"{len(unknown)} mood label{'s' if len(unknown) > 1 else ''} Tideline doesn't know yet: "
        f"{'; '.join(parts)}. Give each a number from 1 to 10 in a mood map "
        f"(e.g. {example}=5); rad, good, meh, bad and awful are known already.",
    )


# --- Daylio --------------------------------------------------------------------------------------


def parse_daylio(data: bytes | str, mood_map: dict[str, int] | None = None) -> ParseResult:
    """A Daylio CSV export (current or older layout) -> mood rows; see the module docstring."""
    moods = _normalise_mood_map(mood_map)
    records, broken = _records(_decode(data))
    columns = _header(records, "Daylio", broken)
    found = list(columns)
    if "full_date" in columns:
        old = False
    elif "year" in columns and "date" in columns:
        old = True
    else:
        raise _missing_columns("Daylio", ["full_date"], found)
    missing = [name for name in ("time", "mood") if name not in columns]
    if missing:
        raise _missing_columns("Daylio", missing, found)

    width = len(records[0][1])
    rows: list[tuple[str, int, dict[str, Any]]] = []
    errors: list[RowError] = []
    unknown: dict[str, tuple[str, list[int]]] = {}
    for line, record in records[1:]:
        if len(record) != width:
            errors.append(
                RowError(line, f"expected {width} values like the header, found {len(record)}")
            )
            continue
        problems: list[str] = []
        if old:
            year, date_text = _cell(record, columns, "year"), _cell(record, columns, "date")
            day = _loose_date(f"{date_text} {year}") if year.isdigit() and len(year) == 4 else None
            if day is None:
                problems.append(f"date {date_text!r} in year {year!r} is not a date like 5 Jan")
        else:
            date_text = _cell(record, columns, "full_date")
            try:
                day = dt.date.fromisoformat(date_text)
            except ValueError:
                day = None
                problems.append(f"date {date_text!r} is not a date like 2024-01-05")
        clock: tuple[int, int] | None = None
        try:
            clock = _clock(_cell(record, columns, "time"))
        except ValueError as exc:
            problems.append(str(exc))
        label = _cell(record, columns, "mood")
        mood = moods.get(label.lower())
        if not label:
            problems.append("the mood is missing")
        elif mood is None:
            unknown.setdefault(label.lower(), (label, []))[1].append(line)
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        if mood is None or day is None or clock is None:
            continue  # an unknown label, reported once for the whole file below
        activities = [
            word.strip().lower()
            for word in _cell(record, columns, "activities").split("|")
            if word.strip()
        ]
        note = _join_note(_cell(record, columns, "note_title"), _cell(record, columns, "note"))
        at = _at(day, *clock)
        row = {"at": at, "mood": mood, "activities": activities, "note": note, "private": True}
        rows.append((at, line, row))
    if unknown:
        errors.append(_unknown_labels_error(unknown))
    if broken is not None:
        errors.append(broken)
    return _finish(rows, errors, len(records) - 1 + (broken is not None))


# --- Bearable ------------------------------------------------------------------------------------


def _bearable_time(text: str) -> tuple[int, int]:
    value = text.strip().lower()
    if not value:
        return BEARABLE_NO_TIME
    if value in BEARABLE_TIMES:
        return BEARABLE_TIMES[value]
    try:
        return _clock(value)
    except ValueError:
        raise ValueError(
            f"time of day {text.strip()!r} is not am, mid, pm, late or a time like 21:15"
        ) from None


def parse_bearable(data: bytes | str, scale: int | None = None) -> ParseResult:
    """A Bearable CSV export -> its mood rows; ``scale`` 5 or 10 forces the rating scale."""
    if scale not in (None, 5, 10):
        raise ValueError(f"the Bearable rating scale is 5 or 10, not {scale!r}")
    records, broken = _records(_decode(data))
    columns = _header(records, "Bearable", broken)
    found = list(columns)
    date_columns = [name for name in ("date formatted", "date") if name in columns]
    if not date_columns:
        raise _missing_columns("Bearable", ["date formatted", "date"], found, either=True)
    missing = [name for name in ("category", "rating/amount") if name not in columns]
    if missing:
        raise _missing_columns("Bearable", missing, found)

    width = len(records[0][1])
    parsed: list[tuple[int, dt.date, tuple[int, int], float, str]] = []
    errors: list[RowError] = []
    count = 0
    for line, record in records[1:]:
        # Other categories (sleep, symptoms, factors...) are not ours to judge, even when odd.
        if _cell(record, columns, "category").lower() != "mood":
            continue
        count += 1
        if len(record) != width:
            errors.append(
                RowError(line, f"expected {width} values like the header, found {len(record)}")
            )
            continue
        problems: list[str] = []
        day = None
        for name in date_columns:
            day = _loose_date(_cell(record, columns, name))
            if day is not None:
                break
        if day is None:
            shown = _cell(record, columns, date_columns[0])
            problems.append(f"date {shown!r} is not a date like 2024-03-14")
        clock: tuple[int, int] | None = None
        try:
            clock = _bearable_time(_cell(record, columns, "time of day"))
        except ValueError as exc:
            problems.append(str(exc))
        rating_text = _cell(record, columns, "rating/amount")
        rating: float | None = None
        try:
            rating = float(rating_text)
        except ValueError:
            problems.append(
                "the mood rating is missing"
                if not rating_text
                else f"mood rating {rating_text!r} is not a number"
            )
        else:
            if not 1 <= rating <= 10:
                problems.append(f"mood rating {rating_text!r} is outside 1 to 10")
        if problems or day is None or clock is None or rating is None:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        note = _join_note(_cell(record, columns, "detail"), _cell(record, columns, "notes"))
        parsed.append((line, day, clock, rating, note))

    if scale is None:
        scale = 10 if any(rating > 5 for _, _, _, rating, _ in parsed) else 5
    rows: list[tuple[str, int, dict[str, Any]]] = []
    for line, day, clock, rating, note in parsed:
        value = rating * 2 if scale == 5 else rating
        if not value.is_integer() or not 1 <= value <= 10:
            errors.append(
                RowError(line, f"mood rating {rating:g} does not fit the 1-{scale} scale")
            )
            continue
        at = _at(day, *clock)
        row = {"at": at, "mood": int(value), "note": note, "private": True}
        rows.append((at, line, row))
    if broken is not None:
        errors.append(broken)
    return _finish(rows, errors, count)


# --- detection -----------------------------------------------------------------------------------


def detect_format(data: bytes | str) -> str:
    """'daylio', 'bearable' or 'tideline' (JSON) from the content; ValueError when unknown."""
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"This looks like JSON but cannot be read (line {exc.lineno}: {exc.msg})."
            ) from None
        if isinstance(document, dict) and str(document.get("format", "")).startswith("tideline/"):
            return "tideline"
        raise ValueError(
            'This JSON file is not a Tideline export: it has no "format": "tideline/1" key.'
        )
    first_line = stripped.split("\n", 1)[0]
    try:
        header = next(csv.reader([first_line], skipinitialspace=True))
    except (csv.Error, StopIteration):
        header = []
    names = {name.strip().lower() for name in header}
    if "full_date" in names or {"year", "date", "mood"} <= names:
        return "daylio"
    if {"category", "rating/amount"} <= names:
        return "bearable"
    raise ValueError(
        "Tideline can't tell what kind of file this is. It reads a Tideline JSON export, a "
        "Daylio CSV export and a Bearable CSV export; please choose one of those."
    )
