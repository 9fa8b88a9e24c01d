"""What the chat-history readers share: the parsed history, epoch times as local wall time,
JSON and text decoding, and the one-line error they raise.

Every reader (`whatsapp`, `telegram`, `meta_messages`, `sms_xml`) turns a file into a
`ChatHistory`: the participants by name and the events (messages and calls) in time order.
`dashboard.conversations` turns a history into contact rows. Pure functions, no database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashboard.formats import archive
from dashboard.formats.archive import UnreadableFile

MESSAGE = "message"
CALL = "call"


class ChatError(UnreadableFile):
    """A chat file that cannot be read: one line saying why (nothing is imported)."""


class DateOrderUnknown(ChatError):
    """Dates that read as day/month and as month/day alike: `question` asks which, and each
    caller says how to answer it (the command line's --date-order, the Data page's select)."""

    def __init__(self, question: str) -> None:
        super().__init__(f"{question}: give the date order (dmy or mdy).")
        self.question = question


# Not frozen: a long chat makes 100,000 of them, and a frozen class's __init__ takes twice as
# long; nothing changes an event once read.
@dataclass(slots=True)
class Event:
    """One message or call: local wall time, who sent or placed it, and what it was.

    `thread` is the other party of a phone's message or call (SMS backups hold every
    correspondent); it is empty where the file is one chat. `duration` is in seconds, calls only
    (0 = not answered). `text` is the message's text ("" for calls).
    """

    at: dt.datetime
    sender: str
    kind: str = MESSAGE
    text: str = ""
    duration: int | None = None
    thread: str = ""


@dataclass
class ChatHistory:
    """A whole chat file read: its source, participants (first seen first) and events.

        `me` is set where the file itself says which participant is the person (an SMS backup's
        sent messages); otherwise the caller names them. `repeated` counts the messages and calls
        that more than one of the files merged into it held (`merge`), counted once; `files` how
    many files it was read from.
    """

    source: str
    participants: list[str]
    events: list[Event]
    me: str | None = None
    skipped: int = 0
    notices: int = 0
    repeated: int = 0
    files: int = 1


def history(source: str, events: list[Event], me: str | None = None, **counts: int) -> ChatHistory:
    """A history with its events in time order (ties keep file order) and its participants."""
    ordered = sorted(events, key=lambda e: e.at)
    names: dict[str, None] = {}
    for event in ordered:
        names.setdefault(event.sender, None)
        if event.thread:
            names.setdefault(event.thread, None)
    if me is not None:
        names.setdefault(me, None)
    if not ordered:
        raise ChatError(f"This {source} file holds no messages or calls: nothing to import.")
    return ChatHistory(source, list(names), ordered, me, **counts)


def _key(event: Event) -> tuple[Any, ...]:
    return (event.at, event.sender, event.kind, event.text, event.duration, event.thread)


def merge(parts: list[ChatHistory]) -> ChatHistory:
    """Several files of one chat as one history: Meta's message_1.json, message_2.json…, an
    SMS backup's messages and calls, or two exports of the same chat that overlap.

    A message (or call) found in more than one file counts once: each one is kept as often as
    the file holding it most often has it (a file's own repeats, two "ok"s in a minute, stay),
    and `repeated` counts the ones left out. Participants keep each file's order, first file
    first."""
    if not parts:
        raise ChatError("No chat files were given: nothing to import.")
    kept: dict[tuple[Any, ...], int] = {}
    events: list[Event] = []
    for part in parts:
        seen: dict[tuple[Any, ...], int] = {}
        for event in part.events:
            key = _key(event)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > kept.get(key, 0):
                kept[key] = seen[key]
                events.append(event)
    merged = history(parts[0].source, events, next((p.me for p in parts if p.me), None))
    names = dict.fromkeys(name for part in parts for name in part.participants)
    merged.participants = list(names)
    merged.skipped = sum(p.skipped for p in parts)
    merged.notices = sum(p.notices for p in parts)
    merged.repeated = sum(len(p.events) for p in parts) - len(events)
    merged.files = sum(p.files for p in parts)
    return merged


def _natural(name: str) -> list[Any]:
    """message_2.json before message_10.json."""
    return [int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", name)]


def zip_members(data: bytes, what: str, wanted: Callable[[str], bool]) -> list[tuple[str, bytes]]:
    """(name, bytes) of each member of the zip `wanted` takes (by its path), in natural order;
    every member counted while it unpacks against the zip's budget (`archive.read_member`)."""
    budget = archive.Budget()
    with archive.open_zip(data, what) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir() and wanted(i.filename)]
        infos.sort(key=lambda i: _natural(i.filename))
        return [(i.filename, archive.read_member(zf, i, budget=budget)) for i in infos]


def is_zip(data: bytes | str) -> bool:
    """Whether the data starts like a zip file."""
    return isinstance(data, bytes | bytearray) and bytes(data[:4]) == b"PK\x03\x04"


def merge_members(
    found: list[tuple[str, bytes]], read: Callable[[bytes], ChatHistory]
) -> ChatHistory:
    """The zip members `zip_members` found, each read and all merged; a member that cannot be
    read is named in the one-line error."""
    parts = []
    for name, member in found:
        try:
            parts.append(read(member))
        except ChatError as exc:
            raise ChatError(f"{name.rpartition('/')[2]} in the zip: {exc}") from None
    return merge(parts)


def zone(tz: str | None) -> ZoneInfo | None:
    """The named time zone, or None for this machine's local time; ChatError when unknown."""
    if tz is None or not tz.strip():
        return None
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ChatError(
            f"Unknown time zone {tz.strip()!r}: give one like Europe/London or America/New_York."
        ) from None


def local_time(seconds: float, tz: ZoneInfo | None) -> dt.datetime:
    """Epoch seconds -> the wall-clock time there (naive), to the minute's seconds."""
    try:
        when = dt.datetime.fromtimestamp(seconds, tz)
    except (OverflowError, OSError, ValueError):
        raise ChatError(f"The time {seconds!r} is not a real moment.") from None
    return when.replace(tzinfo=None, microsecond=0)


def text_of(data: bytes | str, what: str) -> str:
    """UTF-8 text (a byte-order mark dropped); ChatError for binary or empty input."""
    if isinstance(data, str):
        value = data.removeprefix("\ufeff")
    else:
        try:
            value = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ChatError(
                f"This {what} is not UTF-8 text (byte {exc.start + 1} cannot be read)."
            ) from None
    if not value.strip():
        raise ChatError(f"This {what} is empty: there is nothing to import.")
    if "\x00" in value:
        raise ChatError(f"This {what} looks like a binary file, not a chat export.")
    return value


def load_json(data: bytes | str, what: str) -> Any:
    """The JSON document of a chat export; ChatError (one line) when it is not JSON."""
    try:
        return archive.load_json(text_of(data, what))
    except json.JSONDecodeError as exc:
        raise ChatError(f"This {what} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None


def collect(
    source: str, items: Iterable[Any], convert: Callable[[Any], Event | None]
) -> ChatHistory:
    """A history of the items `convert` makes events of; the others count as notices."""
    events: list[Event] = []
    notices = 0
    for item in items:
        event = convert(item)
        if event is None:
            notices += 1
        else:
            events.append(event)
    return history(source, events, notices=notices)
