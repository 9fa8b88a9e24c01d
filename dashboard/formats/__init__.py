"""File formats: one module per format, each with its read (and write where there is one).

- `tideline` tideline/1 JSON (PRODUCT.md section 5): parse, import into a journal, export.
  Every other format is read into a tideline/1 payload and imported through it.
- `csv_zip`  the CSV zip export (one CSV per table), written and read back; one of its files
  alone (mood.csv...) reads as a zip of one file.
- `parquet_zip` the Parquet zip export, for other tools (write only).
- `daylio`, `bearable` other mood apps' CSV exports (read only), sharing `text`;
  `daylio_backup` Daylio's `.daylio` backup (read only).
- `ics`      the daily check-in reminder for a calendar app (write only).
- `whatsapp`, `telegram`, `meta_messages`, `sms_xml` chat histories (read only, through
  `chat`; `archive` reads zips with care), detected like every file and read by `read_chat`
  (a chat in several files, or a zip of them, by `read_chat_parts`);
  `dashboard.conversations` makes contacts of them (`dashboard.chat_import` plans the import).

This module chooses a format from a file's content (`detect`), reads a file of a given kind into
a payload (`read`) and builds the whole-journal exports (`build_export`). The Data page and the
`tideline` command both go through it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import zipfile
from typing import TYPE_CHECKING, Any

from dashboard.formats import (
    archive,
    bearable,
    chat,
    csv_zip,
    daylio,
    daylio_backup,
    meta_messages,
    sms_xml,
    telegram,
    tideline,
    whatsapp,
)
from dashboard.formats.text import decode
from dashboard.validate import ValidationError

if TYPE_CHECKING:
    from dashboard.store import Store

# What the Data page offers in its format select, in this order.
NAMES: dict[str, str] = {
    "tideline": "Tideline JSON (tideline/1)",
    "csv_zip": "Tideline CSV zip",
    "daylio": "Daylio CSV",
    "daylio_backup": "Daylio backup (.daylio)",
    "bearable": "Bearable CSV (mood rows)",
    "whatsapp": "WhatsApp chat (.txt or .zip)",
    "telegram": "Telegram chat (result.json)",
    "messenger": "Instagram or Messenger chat (message_1.json)",
    "sms": "SMS Backup & Restore (XML)",
}
# The chat histories: read with `read_chat`, made contacts of by `dashboard.conversations`.
CHAT_KINDS = ("whatsapp", "telegram", "messenger", "sms")
# Every zip file starts with a local file header (or, when empty, an end-of-archive record).
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# The whole-journal exports: how each is recorded in the exports list, and its file name's end.
EXPORT_KINDS: dict[str, str] = {"json": "tideline_json", "csv": "csv_zip", "parquet": "parquet_zip"}
_EXPORT_SUFFIXES = {"json": ".json", "csv": "-csv.zip", "parquet": "-parquet.zip"}
# {table: the line each entry starts on in its CSV file}, for the CSV zip only.
Lines = dict[str, list[int]]


def _detect_json(stripped: str) -> str:
    try:
        document = archive.load_json(stripped)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"This looks like JSON but cannot be read (line {exc.lineno}: {exc.msg})."
        ) from None
    if isinstance(document, dict) and str(document.get("format", "")).startswith("tideline/"):
        return "tideline"
    if telegram.looks_like(document):
        return "telegram"
    if meta_messages.looks_like(document):
        return "messenger"
    raise ValueError(
        'This JSON file is not a Tideline export (it has no "format": "tideline/1" key), '
        "nor a Telegram or Instagram/Messenger chat export."
    )


def _detect_text(data: bytes | str) -> str:
    """'daylio', 'bearable', a chat kind or 'tideline' (JSON) from a text file's content;
    ValueError else."""
    stripped = decode(data).lstrip()
    if stripped.startswith(("{", "[")):
        return _detect_json(stripped)
    head = stripped[: archive.HEAD_CHARS].encode("utf-8", "surrogatepass")
    if stripped.startswith("<") and sms_xml.looks_like(head):
        return "sms"
    # A header is short: only the file's head is split, never a one-line file of millions of cells.
    first_line = stripped[: archive.HEAD_CHARS].split("\n", 1)[0]
    try:
        header = next(csv.reader([first_line], skipinitialspace=True))
    except (csv.Error, StopIteration):
        header = []
    names = {name.strip().lower() for name in header}
    if "full_date" in names or {"year", "date", "mood"} <= names:
        return "daylio"
    if daylio.headerless_columns(header) is not None:
        return "daylio"  # an export without its header row, known by its shape
    if {"category", "rating/amount"} <= names:
        return "bearable"
    if whatsapp.looks_like(head):
        return "whatsapp"
    raise ValueError(
        "Tideline can't tell what kind of file this is. It reads a Tideline JSON export, a "
        "Daylio CSV export, a Bearable CSV export and a WhatsApp, Telegram, Instagram, "
        "Messenger or SMS Backup & Restore chat export; please choose one of those."
    )


def _chat_zip(raw: bytes) -> str | None:
    """'messenger' for a zip of message_N.json files, 'sms' for one of the SMS app's backups
    (sms-….xml, calls-….xml); None else (an unreadable zip is the CSV reader's to refuse)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if any(meta_messages.is_member(n) for n in names):
        return "messenger"
    if any(sms_xml.is_member(n) for n in names):
        return "sms"
    return None


def detect(data: bytes | str) -> str:
    """The file's kind (a key of NAMES) from its content; ValidationError when unknown.

    One CSV file taken out of the CSV zip (mood.csv...) counts as a CSV zip of one file.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    archive.check_size(len(raw))
    if raw.startswith(ZIP_MAGIC):
        if daylio_backup.looks_like(raw):
            return "daylio_backup"
        # WhatsApp's, Meta's and the SMS app's zips are known by their members' names; every
        # other zip is read as CSV.
        if whatsapp.looks_like(raw):
            return "whatsapp"
        return _chat_zip(raw) or "csv_zip"
    try:
        return _detect_text(data)
    except ValueError as exc:
        if csv_zip.lone_csv_table(raw) is not None:
            return "csv_zip"
        raise ValidationError(str(exc)) from None


def read(
    data: bytes, kind: str, mood_map: dict[str, int] | None = None
) -> tuple[Any, list[tuple[str, str]], Lines | None]:
    """Read the file as `kind`: (payload, problems found while reading CSV lines, CSV lines).

    The payload is left for `tideline.parse_payload` to check; the problems are (where, why)
    pairs such as ("line 7", "the mood is missing") from the other apps' readers.
    A file over the size limit, or one that cannot be read at all, raises ValidationError.
    """
    archive.check_size(len(data))
    if kind == "tideline":
        return tideline.load_json(data), [], None
    if kind == "csv_zip":
        if data.startswith(ZIP_MAGIC):
            payload, lines = csv_zip.read_csv_zip(data)
        else:
            payload, lines = csv_zip.read_lone_csv(data)
        return payload, [], lines
    if kind == "daylio_backup":
        # Its bad rows are named by their place in the backup's list of entries.
        backup = daylio_backup.parse(data)
        return backup.payload, [(f"entry {e.line}", e.reason) for e in backup.errors], None
    if kind == "daylio":
        result = daylio.parse(data, mood_map)
    elif kind == "bearable":
        result = bearable.parse(data)
    elif kind in CHAT_KINDS:
        raise ValidationError(f"a {NAMES[kind]} is read with read_chat, not read")
    else:
        raise ValidationError(f"unknown format {kind!r} (expected one of {', '.join(NAMES)})")
    return result.payload, [(f"line {e.line}", e.reason) for e in result.errors], None


def read_chat(
    data: bytes, kind: str, date_order: str | None = None, tz: str | None = None
) -> chat.ChatHistory:
    """A chat export read as `kind` (one of CHAT_KINDS) into its history; ChatError (a
    ValidationError, one line) when it cannot be read. `date_order` is WhatsApp's ("dmy",
    "mdy", "ymd"; None = from the dates); `tz` the zone epoch times are read in (None = this
    machine's, or `TZ`); WhatsApp's times are wall times already."""
    archive.check_size(len(data))
    if kind == "whatsapp":
        return whatsapp.parse(data, date_order)
    if kind == "telegram":
        return telegram.parse(data, tz)
    if kind == "messenger":
        return meta_messages.parse(data, tz)
    if kind == "sms":
        return sms_xml.parse(data, tz)
    raise ValidationError(f"unknown chat format {kind!r} (expected one of {', '.join(CHAT_KINDS)})")


def read_chat_parts(
    parts: list[tuple[str, bytes]],
    kind: str,
    date_order: str | None = None,
    tz: str | None = None,
) -> chat.ChatHistory:
    """The files of one chat, (name, bytes) each, read as `kind` and merged into one history
    (`chat.merge`: what two of them hold counts once). A file that cannot be read is named in
    the one-line error; one file is read as `read_chat` reads it."""
    if len(parts) == 1:
        return read_chat(parts[0][1], kind, date_order, tz)
    archive.check_together(sum(len(data) for _, data in parts))
    histories = []
    for name, data in parts:
        try:
            histories.append(read_chat(data, kind, date_order, tz))
        except chat.DateOrderUnknown as exc:
            raise chat.DateOrderUnknown(f"{name}: {exc.question}") from None
        except ValidationError as exc:
            raise chat.ChatError(f"{name}: {exc}") from None
    return chat.merge(histories)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """A file to import, its size checked before it is read (`archive.MAX_FILE_BYTES`)."""
    return archive.read_path(path)


def build_export(store: Store, kind: str) -> bytes:
    """The whole journal as 'json' (tideline/1), 'csv' (zip) or 'parquet' (zip) bytes."""
    if kind == "json":
        return tideline.export_json(store)
    if kind == "csv":
        return csv_zip.csv_zip(store)
    if kind == "parquet":
        # pyarrow loads only for this export.
        from dashboard.formats.parquet_zip import parquet_zip

        return parquet_zip(store)
    raise ValueError(f"unknown export {kind!r} (expected one of {', '.join(EXPORT_KINDS)})")


def export_name(kind: str, day: dt.date) -> str:
    """The download's file name: tideline-20260301.json, -csv.zip, -parquet.zip."""
    return f"tideline-{day:%Y%m%d}{_EXPORT_SUFFIXES[kind]}"
