"""The `tideline/1` interchange format: parse, import (all-or-nothing, idempotent), export."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.store import COLUMNS, Store
from dashboard.validate import TABLES, ValidationError, clean_row, clean_settings

FORMAT = "tideline/1"
TOP_KEYS = ("format", "settings", *TABLES)
# Imported settings that travel with the data (they decide tracking days).
MAX_ERRORS_SHOWN = 50


class ImportFailed(ValidationError):
    """The file cannot be imported; `errors` lists every bad row with its place and reason."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        text = "nothing was imported:\n" + "\n".join(f"  {e}" for e in shown)
        if more:
            text += f"\n  … and {more} more"
        super().__init__(text)


@dataclass
class Parsed:
    """A payload checked row by row: clean rows per table, settings, and every error found."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(v) for v in self.tables.values())


@dataclass
class ImportReport:
    added: dict[str, int]
    skipped: dict[str, int]
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def summary(self) -> str:
        parts = [f"{n} {t}" for t, n in self.added.items() if n]
        text = "added " + (", ".join(parts) if parts else "nothing")
        skipped = sum(self.skipped.values())
        if skipped:
            text += f"; {skipped} already present, skipped"
        return text


def load_json(data: bytes | str) -> Any:
    """Decode a JSON file with clear messages for empty, binary or non-UTF-8 input."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("the file is not UTF-8 text (is it the right file?)") from None
    if not data.strip():
        raise ValidationError("the file is empty")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def parse_payload(payload: Any, now: dt.datetime | None = None) -> Parsed:
    """Check a whole tideline/1 object; collect every problem instead of stopping at the first."""
    parsed = Parsed()
    if not isinstance(payload, dict):
        parsed.errors.append(
            f"the file must hold one {FORMAT} object, not {type(payload).__name__}"
        )
        return parsed
    if payload.get("format") != FORMAT:
        parsed.errors.append(f"format must be {FORMAT!r}, not {payload.get('format')!r}")
    unknown = sorted(set(payload) - set(TOP_KEYS))
    if unknown:
        parsed.errors.append(f"unknown key(s) at the top level: {', '.join(unknown)}")
    try:
        parsed.settings = clean_settings(payload.get("settings") or {})
    except ValidationError as exc:
        parsed.errors.append(f"settings: {exc}")
    for table in TABLES:
        rows = payload.get(table, [])
        if not isinstance(rows, list):
            parsed.errors.append(f"{table}: must be a list of entries")
            continue
        clean: list[dict[str, Any]] = []
        for i, row in enumerate(rows):
            try:
                clean.append(clean_row(table, row, now))
            except ValidationError as exc:
                parsed.errors.append(f"{table}[{i}] (entry {i + 1}): {exc}")
        parsed.tables[table] = clean
    return parsed


def _key(table: str, row: dict[str, Any]) -> tuple:
    """What makes two entries the same entry (everything the user typed, not when it was saved)."""
    out = []
    for col in COLUMNS[table]:
        value = row[col]
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, list):
            value = tuple(value)
        elif col == "on" and isinstance(value, dt.datetime):
            value = value.date()
        elif hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime()
        if col == "on" and isinstance(value, dt.datetime):
            value = value.date()
        out.append(value)
    return tuple(out)


def plan_import(store: Store, parsed: Parsed) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """Split parsed rows into new ones and ones already in the database (a multiset match)."""
    new: dict[str, list[dict]] = {}
    skipped: dict[str, int] = {}
    for table, rows in parsed.tables.items():
        existing = Counter(_key(table, r) for r in store.rows(table))
        new[table] = []
        skipped[table] = 0
        for row in rows:
            key = _key(table, row)
            if existing[key] > 0:
                existing[key] -= 1
                skipped[table] += 1
            else:
                new[table].append(row)
    return new, skipped


def _span(tables: dict[str, list[dict]]) -> tuple[dt.date | None, dt.date | None]:
    days = [r["at"].date() for t in ("mood", "contacts", "urges") for r in tables.get(t, [])]
    days += [r["on"] for r in tables.get("milestones", [])]
    return (min(days), max(days)) if days else (None, None)


def preview(store: Store, payload: Any) -> tuple[Parsed, ImportReport]:
    """What an import would do, without writing anything."""
    parsed = parse_payload(payload)
    if parsed.errors:
        return parsed, ImportReport(added={}, skipped={})
    new, skipped = plan_import(store, parsed)
    first, last = _span(parsed.tables)
    return parsed, ImportReport({t: len(r) for t, r in new.items()}, skipped, first, last)


def import_payload(store: Store, payload: Any) -> ImportReport:
    """Import a tideline/1 object in one transaction; raise ImportFailed listing every bad row."""
    parsed = parse_payload(payload)
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    new, skipped = plan_import(store, parsed)
    store.add_many(new, settings=parsed.settings, validated=True)
    first, last = _span(parsed.tables)
    return ImportReport({t: len(r) for t, r in new.items()}, skipped, first, last)


def import_file(store: Store, path: str | Path) -> ImportReport:
    return import_payload(store, load_json(Path(path).read_bytes()))


def _jsonable(table: str, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in (*COLUMNS[table], "created_at"):
        value = row[col]
        if hasattr(value, "tolist"):
            value = value.tolist()
        if hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime()
        if col == "on":
            value = value.date().isoformat() if isinstance(value, dt.datetime) else str(value)
        elif isinstance(value, dt.datetime):
            value = value.replace(microsecond=0).isoformat()
        elif value is not None and isinstance(value, float) and value != value:  # NaN
            value = None
        out[col] = value
    return out


def export_payload(store: Store) -> dict[str, Any]:
    """The whole database as one tideline/1 object."""
    settings = store.settings()
    payload: dict[str, Any] = {
        "format": FORMAT,
        "settings": {k: settings[k] for k in ("day_start_hour", "no_contact_goal_days")}
        | {k: settings[k] for k in ("intent", "red_flags")},
    }
    for table in TABLES:
        payload[table] = [_jsonable(table, r) for r in store.rows(table)]
    return payload


def export_file(store: Store, path: str | Path) -> int:
    """Write the export as JSON; returns the number of entries written."""
    payload = export_payload(store)
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")
    return sum(len(payload[t]) for t in TABLES)
