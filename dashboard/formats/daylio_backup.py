"""Daylio's backup (`.daylio`, from "Backup & restore") -> a ``tideline/1`` payload of mood rows.

Pure functions, no database; the rows are those the Daylio CSV reader (`daylio.parse`) makes.

- The file is a zip holding a member `backup.daylio` (photos may sit beside it under assets/),
  which is base64 text (it may hold line breaks) of the app's JSON: `customMoods[]` (`id`,
  `custom_name`, `mood_group_id` 1 = best … 5 = worst, `predefined_name_id`), `tags[]` (`id`,
  `name`) and `dayEntries[]` (`year`, `month` counted from 0, `day`, `hour`, `minute`,
  `datetime` and `timeZoneOffset` in ms, `mood` = a customMoods id, `note` as light HTML,
  `note_title`, `tags` = tag ids).
- Mood from the mood's group: 1..5 -> 10, 8, 6, 4, 2, so custom names need no mapping.
- Time: the entry's local wall time, from year, month + 1, day, hour and minute.
- Note: the title, a blank line, then the note as plain text (tags stripped, a line break for
  each <br> and each paragraph's end, entities decoded). Every entry is private.
- Activities: the names of the entry's tags (lower-cased, as the CSV reader does); an id with no
  tag (one since deleted) is left out.
- A bad entry is a `RowError` whose `line` is the entry's place in dayEntries (1 = first).
  A file that cannot be read at all (not a zip, no member, bad base64 or JSON, bigger than
  `MAX_BACKUP_BYTES` once unpacked) raises `UnreadableFile` with one line.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import json
import re
import zipfile
from html import unescape
from typing import Any

from dashboard.formats import text
from dashboard.formats.archive import UnreadableFile, check_rows, load_json, open_zip, read_member
from dashboard.formats.text import Entry, ParseResult, RowError

MEMBER = "backup.daylio"
# Ten years of entries with long notes are a few MB; a bigger member is not a backup.
MAX_BACKUP_BYTES = 64 * 1024 * 1024
MOOD_LEVELS: dict[int, int] = {1: 10, 2: 8, 3: 6, 4: 4, 5: 2}
_WHAT = "Daylio backup"
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul"})
_MANY_BREAKS = re.compile(r"\n{3,}")
# A start or end tag (<br/>, <p class="x">, </div>) and its name; a lone "<" or "<3" is text.
_TAG = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _tag(match: re.Match[str]) -> str:
    name = match[1].lower()
    return "\n" if name == "br" or name in _BLOCKS else ""


def plain_text(html: str) -> str:
    """A Daylio note's HTML as plain text (see the module docstring)."""
    if "<" not in html and "&" not in html:
        return html.replace("\r\n", "\n").strip()
    value = _COMMENT.sub("", html)
    value = _TAG.sub(_tag, value)
    value = unescape(value).replace("\xa0", " ").replace("\r\n", "\n")
    lines = [line.rstrip() for line in value.split("\n")]
    return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()


def _member(data: bytes) -> bytes:
    zf = open_zip(data, _WHAT)
    with zf:
        found = [i for i in zf.infolist() if i.filename.rsplit("/", 1)[-1] == MEMBER]
        if not found:
            raise UnreadableFile(
                f"This zip holds no {MEMBER}: is it a backup from Daylio's Backup & restore?"
            )
        return read_member(zf, found[0], MAX_BACKUP_BYTES)


def _document(data: bytes) -> dict[str, Any]:
    """The backup's JSON object from the file's bytes."""
    if not data:
        raise UnreadableFile("This file is empty: there is nothing to import.")
    encoded = b"".join(_member(data).split())
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UnreadableFile(
            f"The {MEMBER} inside this backup is not base64 text (the file is damaged)."
        ) from None
    try:
        document = load_json(decoded.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UnreadableFile(
            f"The {MEMBER} inside this backup does not hold Daylio's JSON (it is damaged)."
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("dayEntries"), list):
        raise UnreadableFile(f"The {MEMBER} inside this backup has no list of dayEntries.")
    return document


def _by_id(items: Any, key: str) -> dict[Any, Any]:
    """{id: item[key]} of a list of objects (anything else in the list is left out)."""
    if not isinstance(items, list):
        return {}
    return {i.get("id"): i.get(key) for i in items if isinstance(i, dict) and "id" in i}


_WHEN = ("year", "month", "day", "hour", "minute")


def _when(entry: dict[str, Any]) -> tuple[dt.date, int, int]:
    values = [entry.get(name) for name in _WHEN]
    # type() and not isinstance(): True is no month. One pass over ten years' entries.
    for name, value in zip(_WHEN, values, strict=True):
        if type(value) is not int:
            raise ValueError(f"{name} {value!r} is not a whole number")
    year, month, day, hour, minute = values
    try:
        date = dt.date(year, month + 1, day)
    except ValueError:
        raise ValueError(f"{year}-{month + 1}-{day} (month counted from 1) is not a date") from None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"{hour}:{minute:02d} is not a time of day")
    return date, hour, minute


def _level(entry: dict[str, Any], groups: dict[Any, Any]) -> int:
    mood = entry.get("mood")
    if mood not in groups:
        raise ValueError(f"mood {mood!r} is not one of the backup's moods")
    level = MOOD_LEVELS.get(groups[mood]) if isinstance(groups[mood], int) else None
    if level is None:
        raise ValueError(f"mood {mood!r} has a group {groups[mood]!r} outside 1-5")
    return level


def _entry(place: int, entry: Any, groups: dict[Any, Any], tags: dict[Any, Any]) -> Entry:
    if not isinstance(entry, dict):
        raise ValueError("the entry is not an object")
    day, hour, minute = _when(entry)
    ids = entry.get("tags")
    activities = [tags[i] for i in ids if i in tags] if isinstance(ids, list) and ids else []
    title, body = entry.get("note_title"), entry.get("note")
    note = text.join_note(
        plain_text(str(title)) if title else "", plain_text(str(body)) if body else ""
    )
    at = text.at(day, hour, minute)
    row = {
        "at": at,
        "mood": _level(entry, groups),
        "activities": activities,
        "note": note,
        "private": True,
    }
    return at, place, row


def parse(data: bytes) -> ParseResult:
    """A `.daylio` backup's bytes -> mood rows and bad entries; see the module docstring."""
    document = _document(bytes(data))
    groups = _by_id(document.get("customMoods"), "mood_group_id")
    # Tag names as activities once, not per entry: trimmed and lower-cased; blank ones left out.
    names = _by_id(document.get("tags"), "name")
    tags = {i: str(n).strip().lower() for i, n in names.items() if n is not None and str(n).strip()}
    rows: list[Entry] = []
    errors: list[RowError] = []
    entries = document["dayEntries"]
    check_rows(len(entries))
    if not entries:
        raise UnreadableFile("This Daylio backup holds no entries: there is nothing to import.")
    for place, entry in enumerate(entries, start=1):
        try:
            rows.append(_entry(place, entry, groups, tags))
        except ValueError as exc:
            errors.append(RowError(place, str(exc)))
    return text.finish(rows, errors, len(entries))


def looks_like(data: bytes) -> bool:
    """True for a zip that holds a backup.daylio member."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(n.rsplit("/", 1)[-1] == MEMBER for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
