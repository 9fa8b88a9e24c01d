"""Exports beside the JSON one: a zip of CSV files, a zip of Parquet files, a reminder `.ics`.

Pure functions (no Streamlit, nothing written to disk: every file is built in memory, so no
plaintext copy is left in a temporary folder). `csv_zip_to_payload` reads the CSV zip back into a
`tideline/1` payload for `dashboard.interchange.import_payload`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.interchange import FORMAT
from dashboard.store import ARROW_TYPES, COLUMNS, Store
from dashboard.validate import FIELDS, LOCAL_SETTINGS, SETTINGS_DEFAULTS, TABLES, ValidationError

# One CSV file per table; the header row of each, in this order.
CSV_HEADERS: dict[str, tuple[str, ...]] = {
    **{table: (*COLUMNS[table], "created_at") for table in TABLES},
    "settings": ("key", "value"),
}
LIST_COLUMNS = ("emotions", "activities")
INT_COLUMNS = ("mood", "urge", "intensity")
BOOL_COLUMNS = ("private", "got_response", "under_influence")
LIST_SEPARATOR = " | "

CSV_DOC = """\
Tideline CSV export: one UTF-8 file per table, a header row first.

mood.csv        at, mood, urge, emotions, activities, note, private, created_at
contacts.csv    at, initiator, channel, got_response, under_influence, trigger, note, private,
                created_at
urges.csv       at, intensity, outcome, trigger, note, private, created_at
milestones.csv  on, kind, title, note, created_at
settings.csv    key, value

Cells
- at, created_at: local time as 2026-01-10T21:30:00; on: a date as 2026-01-10.
- mood 1-10, urge 0-10 (empty when not given), intensity 0-10: whole numbers.
- private, got_response, under_influence: true or false (got_response may be empty).
- emotions, activities: words separated by " | " (a JSON list when a word holds "|").
- initiator: me or them. channel: text, call, video, social, in_person, email, other.
  outcome: resisted or peeked. kind: breakup, no_contact_start, reconnected, first_meetup,
  the_talk, back_together, therapy_session, decided_to_move_on, custom.
- settings.csv values are JSON: day_start_hour 4, no_contact_goal_days 30,
  intent "undecided", red_flags []. On import, red flags are only ever added to
  the journal's, and the intent applies only where none was chosen yet.
Importing the zip again adds nothing twice; an empty created_at means "logged at import".
"""

# A CSV zip holds a few files of text; refuse archives that would unpack to something huge.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if column in LIST_COLUMNS:
        words = [str(w) for w in value]
        if any("|" in w for w in words):
            return json.dumps(words, ensure_ascii=False)
        return LIST_SEPARATOR.join(words)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(header))
    writer.writerows(rows)
    # A byte-order mark lets spreadsheet programs read accents and emoji correctly.
    return buf.getvalue().encode("utf-8-sig")


def _settings_rows(store: Store) -> list[tuple[str, str]]:
    settings = store.settings()
    # The country stays with this place (validate.LOCAL_SETTINGS), like the tideline/1 export.
    return [
        (key, json.dumps(settings[key], ensure_ascii=False))
        for key in SETTINGS_DEFAULTS
        if key not in LOCAL_SETTINGS
    ]


def csv_zip(store: Store) -> bytes:
    """Every table as a CSV file (headers in CSV_HEADERS), plus a README, in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for table in TABLES:
            header = CSV_HEADERS[table]
            rows = ([_cell(c, r[c]) for c in header] for r in store.rows(table))
            zf.writestr(f"{table}.csv", _csv_text(header, rows))
        zf.writestr("settings.csv", _csv_text(CSV_HEADERS["settings"], _settings_rows(store)))
        zf.writestr("README.txt", CSV_DOC)
    return buf.getvalue()


def parquet_zip(store: Store) -> bytes:
    """Every table as a Parquet file with typed columns, in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for table in TABLES:
            types = ARROW_TYPES[table] | {"created_at": pa.timestamp("us")}
            schema = pa.schema(list(types.items()))
            rows = [{c: r[c] for c in types} for r in store.rows(table)]
            zf.writestr(f"{table}.parquet", _parquet_bytes(pa.Table.from_pylist(rows, schema)))
        settings = pa.Table.from_pylist(
            [{"key": k, "value": v} for k, v in _settings_rows(store)],
            pa.schema([("key", pa.string()), ("value", pa.string())]),
        )
        zf.writestr("settings.parquet", _parquet_bytes(settings))
    return buf.getvalue()


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


# -- reading the CSV zip back -----------------------------------------------------------------
def _read_members(data: bytes) -> dict[str, str]:
    if not data:
        raise ValidationError("the file is empty")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationError("the file is not a zip of Tideline CSV files") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise ValidationError("the zip unpacks to more than 200 MB; is it the right file?")
        out: dict[str, str] = {}
        unknown: list[str] = []
        for info in infos:
            name = info.filename.rsplit("/", 1)[-1]
            if not name.lower().endswith(".csv"):
                continue  # README.txt and the like
            table = name[:-4].lower()
            if table not in CSV_HEADERS:
                unknown.append(name)
                continue
            if table in out:
                raise ValidationError(f"the zip holds {name} twice")
            raw = zf.read(info)
            try:
                out[table] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(f"{name} is not UTF-8 text") from None
    if unknown:
        raise ValidationError(
            "unknown file(s) in the zip: "
            + ", ".join(sorted(unknown))
            + f" (expected {', '.join(f'{t}.csv' for t in CSV_HEADERS)})"
        )
    if not out and any(i.filename.lower().endswith(".parquet") for i in infos):
        raise ValidationError(
            "this is the Parquet export, which is for other tools: import the JSON or the CSV "
            "zip export instead"
        )
    if not out:
        raise ValidationError("the zip holds none of " + ", ".join(f"{t}.csv" for t in CSV_HEADERS))
    return out


def _bool(text: str) -> Any:
    low = text.strip().lower()
    if low in ("true", "yes", "1"):
        return True
    if low in ("false", "no", "0"):
        return False
    return text  # validation names the bad value and the entry


def _int(text: str) -> Any:
    try:
        return int(text.strip())
    except ValueError:
        return text


def _words(text: str) -> Any:
    text = text.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return [w.strip() for w in text.split("|") if w.strip()]


def _value(column: str, text: str) -> Any:
    if column in LIST_COLUMNS:
        return _words(text)
    if column in INT_COLUMNS:
        return _int(text)
    if column in BOOL_COLUMNS:
        return _bool(text)
    return text


def _table_rows(table: str, text: str) -> tuple[list[dict[str, Any]], list[int]]:
    """The rows of one CSV file and the line each starts on (the header is line 1).

    A quoted note may span several lines, so the line of a record is the reader's line count
    before it was read plus one, not its position in the file.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], []
    except csv.Error as exc:
        raise ValidationError(f"{table}.csv: {exc}") from None
    allowed = CSV_HEADERS[table]
    unknown = [h for h in header if h not in allowed]
    if unknown:
        raise ValidationError(f"{table}.csv: unknown column(s) {', '.join(unknown)}")
    if len(set(header)) != len(header):
        raise ValidationError(f"{table}.csv: a column appears twice in the header")
    missing = [c for c in _required(table) if c not in header]
    if missing:
        raise ValidationError(f"{table}.csv: missing column(s) {', '.join(missing)}")
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise ValidationError(
                    f"{table}.csv line {start}: {len(record)} cells for {len(header)} columns"
                )
            row: dict[str, Any] = {}
            for column, cell in zip(header, record, strict=True):
                if cell.strip() == "" and column not in ("note", "title", "trigger"):
                    # An empty cell is "not given": the field's default (or null) applies.
                    if column in ("urge", "got_response"):
                        row[column] = None
                    continue
                row[column] = cell if table == "settings" else _value(column, cell)
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        raise ValidationError(f"{table}.csv line {line}: {exc}") from None
    return rows, lines


def _required(table: str) -> tuple[str, ...]:
    if table == "settings":
        return ("key", "value")
    return tuple(k for k, d in FIELDS[table].items() if d is None)


def lone_csv_table(data: bytes) -> str | None:
    """The entry table a single exported CSV file holds (mood.csv...), judged by its header.

    None when the data is not one of Tideline's per-table entry files. A lone settings.csv is
    not taken: any "key,value" file would look like one, and settings decide the tracking day.
    """
    try:
        text = data.decode("utf-8-sig")
        header = {h.strip().lower() for h in next(csv.reader(io.StringIO(text, newline="")))}
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return None
    for table, allowed in CSV_HEADERS.items():
        if table == "settings":
            continue
        if header <= set(allowed) and set(_required(table)) <= header:
            return table
    return None


def _members_to_payload(members: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[int]]]:
    payload: dict[str, Any] = {"format": FORMAT}
    lines: dict[str, list[int]] = {}
    if "settings" in members:
        settings: dict[str, Any] = {}
        for row in _table_rows("settings", members["settings"])[0]:
            value = row.get("value", "")
            try:
                settings[row.get("key", "")] = json.loads(value)
            except json.JSONDecodeError:
                settings[row.get("key", "")] = value
        payload["settings"] = settings
    for table in TABLES:
        rows, lines[table] = _table_rows(table, members[table]) if table in members else ([], [])
        payload[table] = rows
    return payload, lines


def read_csv_zip(data: bytes) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """A CSV zip -> (tideline/1 payload, {table: line of each entry in its CSV file}).

    Entry N of a table (1-based, as interchange numbers them) starts on `lines[table][N - 1]`.
    """
    return _members_to_payload(_read_members(data))


def read_lone_csv(data: bytes) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """One per-table CSV file (say mood.csv, unzipped) -> the same as `read_csv_zip`."""
    table = lone_csv_table(data)
    if table is None:
        raise ValidationError(
            "this is not a Tideline CSV export: export a zip from the Data page, or choose one of "
            "its files (mood.csv, contacts.csv, urges.csv, milestones.csv) with its header row"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{table}.csv is not UTF-8 text") from None
    return _members_to_payload({table: text})


def csv_zip_to_payload(data: bytes) -> dict[str, Any]:
    """Read a zip of the per-table CSV files into a tideline/1 payload.

    Structural problems (not a zip, unknown files or columns, ragged rows) raise
    ValidationError here; bad values are left for `interchange.import_payload`, which reports
    each with its entry number (`read_csv_zip` also gives the line each entry starts on).
    """
    return read_csv_zip(data)[0]


# -- a daily check-in reminder for any calendar app ------------------------------------------
def _ics_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets (RFC 5545 section 3.1)."""
    out: list[str] = []
    current = ""
    limit = 75
    for ch in line:
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = " " + ch
            limit = 75  # the leading space counts toward the 75 octets of a continuation
        else:
            current += ch
    out.append(current)
    return out


def reminder_ics(
    time: dt.time,
    start: dt.date,
    *,
    summary: str = "Tideline check-in",
    description: str = (
        "A minute for yourself: how is your mood today, and did an urge come up? "
        "Whatever today was, logging it helps you see how far you have come."
    ),
    now: dt.datetime | None = None,
) -> str:
    """A calendar file with a daily check-in reminder at `time` from `start`, with an alarm.

    The time is floating (local wherever the calendar is), so it stays at the chosen hour when
    the clocks change; nothing needs a server.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    begin = dt.datetime.combine(start, time.replace(second=0, microsecond=0, tzinfo=None))
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"tideline-check-in/{begin.isoformat()}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tideline//Check-in reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@tideline.invalid",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{begin:%Y%m%dT%H%M%S}",
        "DURATION:PT5M",
        "RRULE:FREQ=DAILY",
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(description)}",
        # A reminder, not a meeting: it does not make the person look busy.
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_text(summary)}",
        "TRIGGER:PT0M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))
