"""What the readers of other apps' CSV exports share: text, records, dates, clocks, checks.

Pure functions, no database. Line numbers are the 1-based physical lines of the file where a
record starts (the header is line 1), counted correctly across quoted notes that span lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dashboard.formats import archive
from dashboard.validate import ValidationError, clean_row

_MONTH_NAMES = (
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
)
MONTHS: dict[str, int] = {
    **{name: n for n, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
WEEKDAYS = frozenset(
    word
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for word in (day, day[:3])
)
# Compiled once at import: parsing 20,000 rows must not recompile anything per row.
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")

Record = tuple[int, list[str]]
# What reads one record: (line, values) -> (what it read or None, the problems).
Reader = Callable[[int, list[str]], tuple[Any, list[str]]]
# (at, line, row) of one good entry, before the rows are sorted.
Entry = tuple[str, int, dict[str, Any]]


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


def decode(data: bytes | str) -> str:
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


_PIECE = 1024 * 1024


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, their ends kept, split on \n, \r\n and \r exactly as a file
    opened for csv would (str.splitlines would also split on \u2028 inside a note).

    A StringIO with newline="" splits them so, but holds four bytes a character: the text is
    given to it a piece at a time, each cut after a line's end (never between \r and \n).
    """
    start, size = 0, _PIECE
    while start < len(text):
        stop = start + size
        if stop < len(text):
            cut = text.rfind("\n", start, stop) + 1 or text.rfind("\r", start, stop - 1) + 1
            if not cut:  # one line longer than a piece
                size *= 2
                continue
            stop = cut
        yield from io.StringIO(text[start:stop], newline="")
        start, size = stop, _PIECE


class Records:
    """CSV records read one at a time: (the physical line each starts on, its values); blank
    lines are skipped. Iterating reads the text once, holding one record at a time.

    After the iteration, `broken` is the error at the line of a record that breaks the file
    off (a quote never closed, a value too long for the csv module): nothing after it is read,
    and it is not among the records. `count` is how many records were given.
    """

    def __init__(self, text: str) -> None:
        # Bounded before anything is split: a file of a billion empty lines is refused here.
        archive.check_text(text)
        self.text = text
        self.broken: RowError | None = None
        self.count = 0

    def __iter__(self) -> Iterator[Record]:
        self.broken, self.count = None, 0
        reader = csv.reader(_lines(self.text), skipinitialspace=True)
        held: Record | None = None  # the latest record, given once the next one is read
        end = 0  # the line the latest record ends on
        try:
            for record in reader:
                if record and (record[0].strip() or any(v.strip() for v in record)):
                    if held is not None:
                        yield self._counted(held)
                    held = (end + 1, record)
                end = reader.line_num  # a blank line is skipped, but counted
        except csv.Error as exc:
            self.broken = RowError(end + 1, f"the file cannot be read from here on ({exc})")
        if held is None:
            return
        if self.broken is None and _ends_inside_quotes(
            self.text[_line_start(self.text, held[0]) :]
        ):
            self.broken = RowError(
                held[0],
                'a quoted value that starts here is never closed (a " is missing), so the rest '
                "of the file cannot be read",
            )
            return
        yield self._counted(held)

    def _counted(self, record: Record) -> Record:
        self.count += 1
        if self.count > archive.MAX_ROWS:
            archive.check_rows(self.count - 1)  # the header is no entry
        return record


def _line_start(text: str, line: int) -> int:
    """Where physical line `line` (1-based, as `_lines` splits them) starts in `text`; found
    from the end, as it is the last record's."""
    if line == 1:
        return 0
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        # A lone \r ends a line too: count the lines from the start.
        return sum(map(len, itertools.islice(_lines(text), line - 1)))
    # Every line ends with \n: line L starts after the (L-1)th, the (n-L+2)th from the end.
    start = len(text)
    for _ in range(text.count("\n") - line + 2):
        start = text.rfind("\n", 0, start)
    return start + 1


def records(text: str) -> tuple[list[Record], RowError | None]:
    """Every CSV record at once (see `Records`), and the error of a record that breaks the
    file off, if any."""
    reader = Records(text)
    out = list(reader)
    return out, reader.broken


def header(records: list[Record], app: str, broken: RowError | None = None) -> dict[str, int]:
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


def missing_columns(
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


def require(app: str, columns: dict[str, int], names: tuple[str, ...]) -> None:
    """Raise `missing_columns` when the header lacks any of `names`."""
    missing = [name for name in names if name not in columns]
    if missing:
        raise missing_columns(app, missing, list(columns))


def read_each(
    records: Iterable[Record], width: int, read: Reader
) -> tuple[list[Any], list[RowError]]:
    """`read(line, values)` on every record as wide as the header: what it read, and errors.

    `read` returns (what it read, []) or (None, the problems); (None, []) leaves a record out
    without an error (the reader reports it another way).
    """
    out: list[Any] = []
    errors: list[RowError] = []
    for line, values in records:
        if len(values) != width:
            errors.append(
                RowError(line, f"expected {width} values like the header, found {len(values)}")
            )
            continue
        result, problems = read(line, values)
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
        elif result is not None:
            out.append(result)
    return out, errors


# --- values --------------------------------------------------------------------------------------


def clock(text: str) -> tuple[int, int]:
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


def loose_date(text: str) -> dt.date | None:
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
        elif token in MONTHS and month is None:
            month = MONTHS[token]
        elif token not in WEEKDAYS:
            return None
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def at(day: dt.date, hour: int, minute: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def join_note(first: str, second: str) -> str:
    first, second = first.strip(), second.strip()
    if first and second:
        return f"{first}\n\n{second}"
    return first or second


def cell(record: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(record):
        return ""
    value = record[index].strip()
    if "\r" in value:
        # Notes keep their own line breaks, written the same way whatever phone exported them.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def finish(
    rows: list[Entry], errors: list[RowError], count: int, now: dt.datetime | None = None
) -> ParseResult:
    """Check every row as the store will, sort the good ones oldest first, errors by line."""
    now = now or dt.datetime.now()
    good: list[Entry] = []
    for when, line, row in rows:
        try:
            clean_row("mood", row, now=now)
        except ValidationError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        good.append((when, line, row))
    # Exports list the newest entry first; Tideline keeps time order (ties keep file order).
    good.sort(key=lambda item: (item[0], item[1]))
    errors.sort(key=lambda e: e.line)
    return ParseResult(
        payload={"format": "tideline/1", "mood": [row for _, _, row in good]},
        errors=errors,
        rows=count,
    )


def finish_checked(rows: list[dict[str, Any]], errors: list[RowError], count: int) -> ParseResult:
    """`finish` for rows that are `clean_row`'s already (read in file order): the same rows in
    the same order, as a stable sort by time keeps ties in file order."""
    rows.sort(key=operator.itemgetter("at"))
    errors.sort(key=lambda e: e.line)
    return ParseResult(payload={"format": "tideline/1", "mood": rows}, errors=errors, rows=count)
