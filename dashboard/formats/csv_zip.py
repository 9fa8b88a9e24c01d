"""The CSV zip: one CSV file per table plus a README, written and read back.

Pure functions (no Streamlit, nothing written to disk: the zip is built in memory, so no
plaintext copy is left in a temporary folder). `read_csv_zip` reads the zip back into a
`tideline/1` payload for `dashboard.formats.tideline.import_payload`; `read_lone_csv` does the
same for one of its files taken out of the zip.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
import zipfile
from collections.abc import Iterable
from typing import Any

from dashboard import schema
from dashboard.formats import archive
from dashboard.formats.archive import Budget, check_size, load_json, read_member
from dashboard.formats.csv_safe import from_cell, to_cell
from dashboard.formats.tideline import FORMAT
from dashboard.store import COLUMNS, Store
from dashboard.validate import FIELDS, LOCAL_SETTINGS, SETTINGS_DEFAULTS, TABLES, ValidationError

# One CSV file per table; the header row of each, in this order.
CSV_HEADERS: dict[str, tuple[str, ...]] = {
    **{table: (*COLUMNS[table], "created_at") for table in TABLES},
    "settings": ("key", "value"),
}
_COLUMNS = {c.name: c for t in TABLES for c in schema.TABLES[t].columns}
LIST_COLUMNS = tuple(n for n, c in _COLUMNS.items() if c.is_list)
INT_COLUMNS = tuple(n for n, c in _COLUMNS.items() if c.type == "INTEGER")
BOOL_COLUMNS = tuple(n for n, c in _COLUMNS.items() if c.type == "BOOLEAN")
LIST_SEPARATOR = " | "
_DOC_WIDTH = 94


def _choices(values: tuple[str, ...]) -> str:
    return " or ".join(values) if len(values) == 2 else ", ".join(values)


def _item(text: str) -> list[str]:
    """One '- ' item of the README, wrapped."""
    return textwrap.wrap(text, _DOC_WIDTH, initial_indent="- ", subsequent_indent="  ")


def _cells_doc() -> list[str]:
    """What each kind of cell holds, from the schema's types, ranges and vocabularies."""
    cols = [c for c in _COLUMNS.values() if c.name in {n for h in CSV_HEADERS.values() for n in h}]
    times = ", ".join(c.name for c in cols if c.type == "TIMESTAMP")
    days = ", ".join(c.name for c in cols if c.type == "DATE")
    ranges = ", ".join(
        f"{c.name} {c.low}-{c.high}" + (" (empty when not given)" if c.nullable else "")
        for c in cols
        if c.type == "INTEGER" and c.low is not None
    )
    flags = [c.name for c in cols if c.type == "BOOLEAN"]
    empty = " or ".join(c.name for c in cols if c.type == "BOOLEAN" and c.nullable)
    vocab = " ".join(f"{c.name}: {_choices(c.choices)}." for c in cols if c.choices)
    settings = ", ".join(
        f"{s.key} {json.dumps(s.default, ensure_ascii=False)}"
        for s in schema.SETTINGS
        if not s.local
    )
    return [
        *_item(f"{times}: local time as 2026-01-10T21:30:00; {days}: a date as 2026-01-10."),
        *_item(f"{ranges}: whole numbers."),
        *_item(
            f"{', '.join(flags)}: true or false" + (f" ({empty} may be empty)." if empty else ".")
        ),
        *_item(
            f'{", ".join(LIST_COLUMNS)}: words separated by "{LIST_SEPARATOR}" '
            '(a JSON list when a word holds "|").'
        ),
        *_item(vocab),
        *_item(
            f"settings.csv values are JSON: {settings}. On import, red flags are only ever added "
            "to the journal's, and the intent applies only where none was chosen yet."
        ),
        *_item(
            "A text that starts with =, +, - or @ (or a tab or a carriage return) has a ' before "
            "it, so a spreadsheet shows it as text and never runs it as a formula; a number such "
            "as -3 has none. Importing the zip takes the ' away again."
        ),
    ]


def csv_doc() -> str:
    """The README.txt of the zip: every file's header, then what its cells hold."""
    files = [
        line
        for table, header in CSV_HEADERS.items()
        for line in textwrap.wrap(
            ", ".join(header),
            _DOC_WIDTH,
            initial_indent=f"{table}.csv".ljust(16),
            subsequent_indent=" " * 16,
            break_on_hyphens=False,
        )
    ]
    lines = [
        "Tideline CSV export: one UTF-8 file per table, a header row first.",
        "",
        *files,
        "",
        "Cells",
        *_cells_doc(),
        'Importing the zip again adds nothing twice; an empty created_at means "logged at import".',
    ]
    return "\n".join(lines) + "\n"


CSV_DOC = csv_doc()


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
    # Every cell as text a spreadsheet cannot run (dashboard.formats.csv_safe).
    writer.writerows([to_cell(cell) for cell in row] for row in rows)
    # A byte-order mark lets spreadsheet programs read accents and emoji correctly.
    return buf.getvalue().encode("utf-8-sig")


def settings_rows(store: Store) -> list[tuple[str, str]]:
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
        zf.writestr("settings.csv", _csv_text(CSV_HEADERS["settings"], settings_rows(store)))
        zf.writestr("README.txt", CSV_DOC)
    return buf.getvalue()


# -- reading the CSV zip back -----------------------------------------------------------------
def _open(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise ValidationError("the file is empty")
    check_size(len(data))
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError("the file is not a zip of Tideline CSV files") from None


def _read_members(data: bytes) -> dict[str, str]:
    # Each member is read as a stream against the zip's budget: declared sizes are not trusted.
    budget = Budget()
    with _open(data) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
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
            raw = read_member(zf, info, budget=budget)
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
            return load_json(text)
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
    # A member of millions of short lines is refused before any is read.
    archive.check_text(text)
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
            for column, cell in zip(header, map(from_cell, record), strict=True):
                if cell.strip() == "" and column not in ("note", "title", "trigger"):
                    # An empty cell is "not given": the field's default (or null) applies.
                    if column in ("urge", "got_response"):
                        row[column] = None
                    continue
                row[column] = cell if table == "settings" else _value(column, cell)
            rows.append(row)
            lines.append(start)
            if len(rows) > archive.MAX_ROWS:
                archive.check_rows(len(rows))
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
        # Only the file's head: a one-line file of millions of cells is never split here.
        text = data[: archive.HEAD_CHARS].decode("utf-8-sig", "ignore").split("\n", 1)[0]
        header = {h.strip().lower() for h in next(csv.reader([text]))}
    except (StopIteration, csv.Error):
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
                settings[row.get("key", "")] = load_json(value)
            except json.JSONDecodeError:
                settings[row.get("key", "")] = value
        payload["settings"] = settings
    for table in TABLES:
        rows, lines[table] = _table_rows(table, members[table]) if table in members else ([], [])
        payload[table] = rows
    return payload, lines


def read_csv_zip(data: bytes) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """A CSV zip -> (tideline/1 payload, {table: line of each entry in its CSV file}).

    Entry N of a table (1-based, as `tideline.parse_payload` numbers them) starts on
    `lines[table][N - 1]`.
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
    ValidationError here; bad values are left for `tideline.import_payload`, which reports
    each with its entry number (`read_csv_zip` also gives the line each entry starts on).
    """
    return read_csv_zip(data)[0]
