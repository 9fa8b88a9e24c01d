"""What the Data page does with files, without Streamlit: detect, preview, import, backups.

An import goes in two steps so the page can show a preview before anything is written:
`prepare(store, data, kind, mood_map)` reads the file and says what would happen (an
`ImportPlan`), then `run_import(store, plan, progress)` writes it in one transaction, calling
`progress(fraction, text)` between its phases (parse, check, write, done). A file that cannot be
read at all (empty, binary, wrong encoding, a Daylio file missing a column) raises
`ValidationError` from `prepare`; a file with bad rows gives a plan listing every one of them,
and `run_import` refuses it. Nothing is written before `run_import`, and then all or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard import exports, importers, interchange
from dashboard.interchange import ImportReport, SettingsMerge
from dashboard.store import Store
from dashboard.validate import TABLES, ValidationError

# What the page offers in its format select, in this order.
FORMATS: dict[str, str] = {
    "tideline": "Tideline JSON (tideline/1)",
    "csv_zip": "Tideline CSV zip",
    "daylio": "Daylio CSV",
    "bearable": "Bearable CSV (mood rows)",
}
NOUNS = {
    "mood": "mood entries",
    "contacts": "contacts",
    "urges": "urges",
    "milestones": "milestones",
}
SINGULAR = {"mood": "mood entry", "contacts": "contact", "urges": "urge", "milestones": "milestone"}
# Every zip file starts with a local file header (or, when empty, an end-of-archive record).
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# "mood[3] (entry 4): reason" from interchange.parse_payload.
_ENTRY_ERROR = re.compile(r"^(\w+)\[\d+\] \(entry (\d+)\): (.*)$", re.DOTALL)

Progress = Callable[[float, str], None]


@dataclass
class ImportPlan:
    """What importing a file would do: entries per table, what is new, every bad row."""

    kind: str
    payload: dict[str, Any] | None = None
    in_file: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    # How the file's settings would join the journal's (None when the file carries none).
    settings_merge: SettingsMerge | None = None
    # (where, why) for every bad row: "line 7", "mood entry 3", "mood.csv line 5", "file".
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def new_total(self) -> int:
        return sum(self.new.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def setting_changes(self) -> list[interchange.SettingChange]:
        return self.settings_merge.changes if self.settings_merge else []

    @property
    def ready(self) -> bool:
        """True when the import can run and would add an entry or change a setting."""
        changes = self.new_total > 0 or bool(self.setting_changes)
        return not self.problems and self.payload is not None and changes

    def table_rows(self) -> list[dict[str, Any]]:
        """One row per table with entries: in the file, new, already present."""
        return [
            {
                "what": NOUNS[t].capitalize(),
                "in the file": self.in_file.get(t, 0),
                "new": self.new.get(t, 0),
                "already there": self.skipped.get(t, 0),
            }
            for t in TABLES
            if self.in_file.get(t, 0)
        ]


# -- detection --------------------------------------------------------------------------------
def detect(data: bytes) -> str:
    """The file's kind (a key of FORMATS) from its content; ValidationError when unknown.

    One CSV file taken out of the CSV zip (mood.csv...) counts as a CSV zip of one file.
    """
    if data.startswith(_ZIP_MAGIC):
        return "csv_zip"
    try:
        return importers.detect_format(data)
    except ValueError as exc:
        if exports.lone_csv_table(data) is not None:
            return "csv_zip"
        raise ValidationError(str(exc)) from None


# -- Daylio mood labels -------------------------------------------------------------------------
def daylio_labels(data: bytes) -> list[str]:
    """The distinct mood labels of a Daylio CSV (trimmed, in order of first appearance).

    An unreadable file gives []: `prepare` explains what is wrong with it.
    """
    try:
        text = data.decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [name.strip().lower() for name in next(reader)]
        column = header.index("mood")
        seen: dict[str, str] = {}
        for record in reader:
            if column < len(record) and record[column].strip():
                label = record[column].strip()
                seen.setdefault(label.lower(), label)
    except (UnicodeDecodeError, StopIteration, ValueError, csv.Error):
        return []
    return list(seen.values())


def unknown_daylio_labels(data: bytes) -> list[str]:
    """Mood labels in a Daylio CSV that are not rad, good, meh, bad or awful."""
    return [
        label
        for label in daylio_labels(data)
        if label.lower() not in importers.DAYLIO_DEFAULT_MOODS
    ]


def mood_table(unknown: list[str]) -> list[dict[str, Any]]:
    """The mapping table's first rows: the default moods, then each unknown label, unset."""
    rows: list[dict[str, Any]] = [
        {"label": label, "mood": value} for label, value in importers.DAYLIO_DEFAULT_MOODS.items()
    ]
    rows += [{"label": label, "mood": None} for label in unknown]
    return rows


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from an emptied table cell
        return True
    return isinstance(value, str) and not value.strip()


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
        if _blank(value):
            problems.append(f"give {name!r} a number from 1 to 10")
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(f"the mood for {name!r} must be a number from 1 to 10, not {value!r}")
            continue
        if not number.is_integer() or not 1 <= number <= 10:
            problems.append(f"the mood for {name!r} must be a whole number from 1 to 10")
            continue
        key = name.lower()
        if key in mapping and mapping[key] != int(number):
            problems.append(f"{name!r} is in the table twice, as {mapping[key]} and {int(number)}")
            continue
        mapping[key] = int(number)
    return mapping, problems


# -- preview and import -----------------------------------------------------------------------
# {table: the line each entry starts on in its CSV file}, for the CSV zip only.
Lines = dict[str, list[int]]


def _payload(
    data: bytes, kind: str, mood_map: dict[str, int] | None
) -> tuple[Any, list[tuple[str, str]], Lines | None]:
    """Read the file as `kind`: (payload, problems found while reading CSV lines, CSV lines)."""
    if kind == "tideline":
        return interchange.load_json(data), [], None
    if kind == "csv_zip":
        if data.startswith(_ZIP_MAGIC):
            payload, lines = exports.read_csv_zip(data)
        else:
            payload, lines = exports.read_lone_csv(data)
        return payload, [], lines
    if kind == "daylio":
        result = importers.parse_daylio(data, mood_map)
    elif kind == "bearable":
        result = importers.parse_bearable(data)
    else:
        raise ValidationError(f"unknown format {kind!r} (expected one of {', '.join(FORMATS)})")
    return result.payload, [(f"line {e.line}", e.reason) for e in result.errors], None


def _place(error: str, lines: Lines | None = None) -> tuple[str, str]:
    """Split interchange's 'mood[3] (entry 4): reason' into where and why.

    With the CSV lines of a CSV zip, the place is the line the entry starts on in its file
    (a quoted note may span several lines, so entry N is not simply line N + 1).
    """
    match = _ENTRY_ERROR.match(error)
    if match is None:
        return "file", error
    table, entry, reason = match.group(1), int(match.group(2)), match.group(3)
    starts = (lines or {}).get(table, [])
    if 0 < entry <= len(starts):
        return f"{table}.csv line {starts[entry - 1]}", reason
    return f"{table} entry {entry}", reason


def prepare(
    store: Store, data: bytes, kind: str, mood_map: dict[str, int] | None = None
) -> ImportPlan:
    """Read a file and work out what importing it would do; writes nothing.

    Raises ValidationError when the file cannot be read at all.
    """
    try:
        payload, problems, lines = _payload(data, kind, mood_map)
    except ValidationError:
        raise
    except ValueError as exc:
        # The importers speak in ValueError; the page shows one kind of message.
        raise ValidationError(str(exc)) from None
    parsed, report = interchange.preview(store, payload)
    plan = ImportPlan(kind=kind, problems=problems)
    plan.problems += [_place(e, lines) for e in parsed.errors]
    plan.in_file = {t: len(parsed.tables.get(t, [])) for t in TABLES}
    plan.new, plan.skipped = report.added, report.skipped
    plan.first, plan.last = report.first, report.last
    plan.settings = parsed.settings
    plan.settings_merge = report.settings
    plan.payload = payload if isinstance(payload, dict) else None
    return plan


def run_import(store: Store, plan: ImportPlan, progress: Progress | None = None) -> ImportReport:
    """Write a prepared import in one transaction, reporting progress between phases.

    The same steps as `interchange.import_payload`, taken one at a time so the page can move
    its progress bar: the file is checked again against the journal as it is now.
    """
    step = progress or (lambda fraction, text: None)
    if plan.problems or plan.payload is None:
        raise interchange.ImportFailed([f"{where}: {why}" for where, why in plan.problems])
    step(0.1, "Reading the entries…")
    parsed = interchange.parse_payload(plan.payload)
    if parsed.errors:
        raise interchange.ImportFailed(parsed.errors)
    step(0.4, "Checking what is already in your journal…")
    new, skipped = interchange.plan_import(store, parsed)
    # Merged, never copied: a file can add red flags but not clear one (see merge_settings).
    merge = interchange.plan_settings(store, parsed.settings)
    step(0.7, "Writing everything in one go…")
    store.add_many(new, settings=merge.write if merge else None, validated=True)
    step(1.0, "Done.")
    counts = {t: len(r) for t, r in new.items()}
    return ImportReport(counts, skipped, plan.first, plan.last, merge)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def span_text(first: dt.date | None, last: dt.date | None) -> str:
    """'from 3 Jan 2024 to 9 Mar 2026', 'on 3 Jan 2024', or '' without dates."""
    if first is None or last is None:
        return ""
    if first == last:
        return f"on {_day(first)}"
    return f"from {_day(first)} to {_day(last)}"


def counts_text(counts: Mapping[str, int]) -> str:
    """'12 mood entries and 1 milestone' (tables with none left out)."""
    parts = []
    for table in TABLES:
        n = counts.get(table, 0)
        if n:
            noun = NOUNS[table] if n != 1 else SINGULAR[table]
            parts.append(f"{n} {noun}")
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else "no entries"


def kept_sentence(merge: SettingsMerge | None) -> str:
    """'Intent stays move on (the file says reconcile)', or '' when the file keeps nothing back."""
    kept = merge.kept_text() if merge else ""
    return kept[:1].upper() + kept[1:]


def settings_text(merge: SettingsMerge | None) -> str:
    """'Settings changed: day start 4 -> 5, red flags added: contempt.' plus what was kept.

    '' when the file carries no settings; 'Your settings are unchanged.' when none differ.
    """
    if merge is None:
        return ""
    if merge.changes:
        text = "Settings changed: " + ", ".join(c.text() for c in merge.changes) + "."
    else:
        text = "Your settings are unchanged."
    kept = kept_sentence(merge)
    return f"{text} {kept}." if kept else text


def success_message(report: ImportReport) -> str:
    """What the page says after an import, with the counts and every setting it changed."""
    skipped = sum(report.skipped.values())
    entries = f"{skipped} {'entry' if skipped == 1 else 'entries'}"
    if report.total_added:
        text = f"Imported {counts_text(report.added)}"
        span = span_text(report.first, report.last)
        text += f" {span}." if span else "."
        if skipped:
            verb = "was" if skipped == 1 else "were"
            text += f" {skipped} already in your journal {verb} skipped."
    elif report.settings_changed:
        # Not "nothing was added": the settings changed, and the message says how.
        text = (
            f"No new entries ({entries} already in your journal)." if skipped else "No new entries."
        )
    else:
        text = (
            f"Nothing new was added: everything in this file ({entries}) is already in "
            "your journal."
        )
    settings = settings_text(report.settings)
    return f"{text} {settings}" if settings else text


# -- backups ----------------------------------------------------------------------------------
def backup_dir(db_path: str | Path) -> Path:
    """Where `Store.backup()` writes: data/backups/ beside the journal."""
    return Path(db_path).parent / "backups"


def list_backups(db_path: str | Path) -> list[dict[str, Any]]:
    """This journal's backups, newest first: file name, path, when written, size in kB."""
    path = Path(db_path)
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found = []
    for item in folder.glob(f"{path.stem}-*.duckdb"):
        info = item.stat()
        found.append(
            {
                "file": item.name,
                "path": str(item),
                "written": dt.datetime.fromtimestamp(info.st_mtime).replace(microsecond=0),
                "size_kb": round(info.st_size / 1024),
            }
        )
    found.sort(key=lambda b: (b["written"], b["file"]), reverse=True)
    return found


# -- exports ----------------------------------------------------------------------------------
def export_json(store: Store) -> bytes:
    """The whole journal as tideline/1 JSON, the same text `tideline export` writes."""
    text = json.dumps(interchange.export_payload(store), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


# How each whole-journal export is recorded in the exports list (the Snapshot page shows it).
EXPORT_KINDS: dict[str, str] = {"json": "tideline_json", "csv": "csv_zip", "parquet": "parquet_zip"}


def build_export(store: Store, kind: str) -> bytes:
    """The whole journal as 'json' (tideline/1), 'csv' (zip) or 'parquet' (zip) bytes."""
    build = {"json": export_json, "csv": exports.csv_zip, "parquet": exports.parquet_zip}[kind]
    return build(store)


def record_export(store: Store, kind: str, via: str) -> None:
    """Note that the whole journal left the app: when, in which format, from where; never what."""
    store.record_export(EXPORT_KINDS[kind], None, None, {"via": via})


def export_bytes(store: Store, kind: str, via: str) -> bytes:
    """The whole journal as bytes (see build_export), recorded as exported."""
    data = build_export(store, kind)
    record_export(store, kind, via)
    return data


def export_name(kind: str, day: dt.date) -> str:
    """The download's file name: tideline-20260301.json, -csv.zip, -parquet.zip."""
    suffix = {"json": ".json", "csv": "-csv.zip", "parquet": "-parquet.zip"}[kind]
    return f"tideline-{day:%Y%m%d}{suffix}"


# -- settings ---------------------------------------------------------------------------------
SETTING_NAMES = {
    "day_start_hour": "the hour your day starts",
    "no_contact_goal_days": "the no-contact goal",
}


def settings_error(exc: Exception) -> str:
    """A settings ValidationError in the page's words ('the no-contact goal must be ...')."""
    text = str(exc)
    for key, name in SETTING_NAMES.items():
        text = text.replace(key, name)
    return text[:1].upper() + text[1:]
