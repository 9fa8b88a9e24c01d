"""WhatsApp's "Export chat" (the .txt, or the .zip WhatsApp makes) -> a `ChatHistory`.

- Android lines: ``12/01/2024, 21:30 - Alice: text``; iOS lines: ``[12/01/2024, 21:30:05] Alice:
  text``. Dates with ``/``, ``.`` or ``-``, two- or four-digit years (``24`` is 2024) or
  year first (``2024-01-12``); 24-hour (``21:30``) or 12-hour clocks (``9:30 PM``, ``9:30 pm``,
  ``9:30 p. m.``, with any space before it, the narrow no-break space too). A line that starts
  with no date continues the message above it.
- Day/month order: year first when the first number has four digits; otherwise day first or
  month first, whichever every date allows (a 13 or more rules one out); when both do, the one
  under which the dates run in time order (an export is written oldest first); when still
  undecided, a clear error asking for `date_order` ("dmy", "mdy" or "ymd"), which also forces it.
- System notices are not messages: a line with no "Name: " (Android's notices) or a text that
  is the end-to-end encryption or security notice (iOS writes these under the chat's name,
  starting with a left-to-right mark). "<Media omitted>" and deleted messages were still sent,
  so they count as messages.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile

from dashboard.formats.archive import open_zip, read_member
from dashboard.formats.chat import (
    ChatError,
    ChatHistory,
    DateOrderUnknown,
    Event,
    history,
    text_of,
)

SOURCE = "WhatsApp"
DATE_ORDERS = ("dmy", "mdy", "ymd")
_DATE = r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})"
_TIME = r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[\s\u202f\u00a0]*([AaPp])\.?\s?[Mm]\.?)?"
_ANDROID = re.compile(rf"{_DATE},?\s+{_TIME}\s+[-\u2013]\s+(.*)")
_IOS = re.compile(rf"\[{_DATE},?\s+{_TIME}\]\s+(.*)")
# Direction marks WhatsApp puts around names and notices.
_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# What the encryption and security notices say, in the languages we are sure of.
_NOTICE_WORDS = (
    "end-to-end",
    "ende-zu-ende",
    "de bout en bout",
    "de extremo a extremo",
    "ponta a ponta",
    "сквозным шифрованием",
    "security code",
    "sicherheitsnummer",
    "disappearing messages",
)
_HEAD_LINES = 20


def _clock(match: re.Match[str]) -> tuple[int, int, int] | None:
    return _clock_of(match[5], match[6], match[7], match[8])


# A day has 1,440 minutes: a long chat repeats its clocks, so each is read once.
@functools.lru_cache(maxsize=8192)
def _clock_of(
    hours: str, minutes: str, seconds: str | None, half: str | None
) -> tuple[int, int, int] | None:
    hour, minute = int(hours), int(minutes)
    second = int(seconds) if seconds else 0
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _header(line: str) -> re.Match[str] | None:
    line = line.lstrip("\u200e\ufeff")
    return (_IOS if line.startswith("[") else _ANDROID).match(line)


def _unmarked(value: str) -> str:
    return value if value.isascii() else value.translate(_MARKS)


# (line number, the date's three numbers, clock, the rest of the line, continuation lines)
Raw = tuple[int, tuple[str, str, str], tuple[int, int, int], str, list[str]]


def _raw_records(text: str) -> list[Raw]:
    records: list[Raw] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        match = _header(line)
        clock = _clock(match) if match else None
        if match is not None and clock is not None:
            records.append((number, (match[1], match[3], match[4]), clock, match[9], []))
        elif records:
            records[-1][4].append(line)
    if not records:
        raise ChatError(
            "This is not a WhatsApp chat export: no line starts with a date and a time "
            "like '12/01/2024, 21:30 - '."
        )
    return records


@functools.lru_cache(maxsize=4096)
def _date(parts: tuple[str, str, str], order: str) -> dt.date | None:
    a, b, c = parts
    if order == "ymd":
        year, month, day = a, b, c
    elif order == "dmy":
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if len(year) not in (2, 4) or len(day) > 2 or len(month) > 2:
        return None
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return dt.date(full_year, int(month), int(day))
    except ValueError:
        return None


def _disorder(dates: list[dt.date | None]) -> int | None:
    """How often the dates go back in time; None when one of them is no date."""
    if any(d is None for d in dates):
        return None
    return sum(1 for x, y in zip(dates, dates[1:], strict=False) if y < x)  # type: ignore[operator]


def infer_order(records: list[Raw]) -> str:
    """'ymd', 'dmy' or 'mdy' from the dates themselves (see the module docstring)."""
    if all(len(r[1][0]) == 4 for r in records):
        return "ymd"
    scores: dict[str, int] = {}
    for order in ("dmy", "mdy"):
        score = _disorder([_date(r[1], order) for r in records])
        if score is not None:
            scores[order] = score
    if not scores:
        raise ChatError(
            "The dates in this WhatsApp chat cannot be read in any day/month order "
            f"(line {records[0][0]}: {'/'.join(records[0][1])})."
        )
    if len(scores) == 1 or scores["dmy"] != scores["mdy"]:
        return min(scores, key=lambda k: scores[k])
    if all(r[1][0] == r[1][1] for r in records):
        return "dmy"
    example = next(r for r in records if r[1][0] != r[1][1])
    raise DateOrderUnknown(
        f"Tideline can't tell whether {'/'.join(example[1])} (line {example[0]}) is day/month "
        "or month/day"
    )


def _is_notice(body: str) -> bool:
    if not body.startswith("\u200e"):
        return False
    lowered = _unmarked(body).strip().lower()
    return any(word in lowered for word in _NOTICE_WORDS)


def _event(record: Raw, order: str) -> Event | None:
    number, parts, clock, rest, more = record
    day = _date(parts, order)
    if day is None:
        raise ChatError(f"Line {number} of the WhatsApp chat has no real date: {'/'.join(parts)}.")
    author, sep, body = rest.partition(": ")
    if not sep or _is_notice(body):
        return None
    name = _unmarked(author).strip().lstrip("~").strip("\u202f\u00a0 ")
    if not name:
        return None
    text = "\n".join([_unmarked(body), *more]).strip() if more else _unmarked(body).strip()
    return Event(dt.datetime(day.year, day.month, day.day, *clock), name, text=text)


def _chat_text(data: bytes) -> str:
    zf = open_zip(data, "WhatsApp zip")
    with zf:
        texts = [i for i in zf.infolist() if i.filename.lower().endswith(".txt")]
        if not texts:
            raise ChatError("This zip holds no chat text (_chat.txt or 'WhatsApp Chat….txt').")
        texts.sort(key=lambda i: (i.filename.rsplit("/", 1)[-1] != "_chat.txt", i.filename))
        return text_of(read_member(zf, texts[0]), "WhatsApp chat")


def _check_order(date_order: str | None) -> None:
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ChatError(f"The date order must be one of {', '.join(DATE_ORDERS)}.")


def parse(data: bytes | str, date_order: str | None = None) -> ChatHistory:
    """A WhatsApp export (.txt text or the .zip) -> its history; ChatError with one line."""
    _check_order(date_order)
    if isinstance(data, bytes | bytearray) and bytes(data[:4]) == b"PK\x03\x04":
        text = _chat_text(bytes(data))
    else:
        text = text_of(data, "WhatsApp chat")
    records = _raw_records(text)
    order = date_order or infer_order(records)
    events: list[Event] = []
    for record in records:
        event = _event(record, order)
        if event is not None:
            events.append(event)
    return history(SOURCE, events, notices=len(records) - len(events))


def looks_like(data: bytes) -> bool:
    """True when the text starts like a WhatsApp export, or the zip holds its chat text."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = [n.rsplit("/", 1)[-1].lower() for n in zf.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return any(n == "_chat.txt" or n.startswith("whatsapp chat") for n in names)
    head = data[:8192].decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n")[:_HEAD_LINES]
    return any(_header(line.rstrip("\r")) is not None for line in head)
