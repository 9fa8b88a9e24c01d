"""The `tideline/1` format (PRODUCT.md section 5): parse, import (all or nothing, idempotent),
export.

Every other format is read into a tideline/1 payload (a dict) and imported through
`import_payload`, so the checks, the settings merge and the idempotence are decided here once.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.formats import archive
from dashboard.schema import fields
from dashboard.store import COLUMNS, Store, output_file
from dashboard.validate import (
    SETTINGS_DEFAULTS,
    TABLES,
    ValidationError,
    clean_row,
    clean_settings,
)

FORMAT = "tideline/1"
TOP_KEYS = ("format", "settings", *TABLES)
MAX_ERRORS_SHOWN = 50
# The bad entries of one table listed by name (the rest are counted).
MAX_ERRORS_KEPT = 1000


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


# How settings are named where an import lists what it changes.
SETTING_LABELS = {
    "day_start_hour": "day start",
    "no_contact_goal_days": "no-contact goal",
    "intent": "intent",
    "red_flags": "red flags",
}


def _setting_label(key: str) -> str:
    return SETTING_LABELS.get(key, key.replace("_", " "))


def _setting_value(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value).replace("_", " ")


@dataclass(frozen=True)
class SettingChange:
    """One setting a file would set differently: its key, the journal's value, the file's."""

    key: str
    old: Any
    new: Any

    def text(self) -> str:
        """'day start 4 -> 5', 'red flags added: contempt' (flags are only ever added)."""
        if self.key == "red_flags":
            added = [f for f in self.new if f not in self.old]
            return f"red flags added: {_setting_value(added)}"
        return (
            f"{_setting_label(self.key)} {_setting_value(self.old)} -> {_setting_value(self.new)}"
        )


@dataclass
class SettingsMerge:
    """What a file's settings do to the journal's: what is written, listed, and kept."""

    write: dict[str, Any] = field(default_factory=dict)
    changes: list[SettingChange] = field(default_factory=list)
    # The file's value is not applied because the person chose their own (the intent).
    kept: list[SettingChange] = field(default_factory=list)

    def changes_text(self) -> str:
        """'settings changed: day start 4 -> 5, red flags added: contempt' or 'unchanged'."""
        if not self.changes:
            return "settings unchanged"
        return "settings changed: " + ", ".join(c.text() for c in self.changes)

    def kept_text(self) -> str:
        """'intent stays move on (the file says reconcile)', or '' when nothing was kept."""
        return ", ".join(
            f"{_setting_label(k.key)} stays {_setting_value(k.old)} "
            f"(the file says {_setting_value(k.new)})"
            for k in self.kept
        )

    def text(self) -> str:
        kept = self.kept_text()
        return self.changes_text() + (f"; {kept}" if kept else "")


def merge_settings(
    current: Mapping[str, Any], saved: Mapping[str, Any], incoming: Mapping[str, Any]
) -> SettingsMerge:
    """How a file's settings join the journal's, so an import never weakens safety settings.

    `current` is the journal's settings with defaults, `saved` only those ever written to it
    (`Store.saved_settings`), `incoming` the file's checked settings. Red flags are a union: the
    file can add flags, never clear one. The file's intent applies only when the journal has
    none chosen, which is when no intent was ever written to it (the default "undecided" is
    also a choice one can make, so the value alone cannot tell). Every other setting (day start,
    no-contact goal) is the file's, as the entries' tracking days depend on it. Only what differs
    from `current` is written and listed, so the same file twice changes nothing.
    """
    merge = SettingsMerge()
    for key, value in incoming.items():
        old = current.get(key, SETTINGS_DEFAULTS.get(key))
        if key == "red_flags":
            new = list(old) + [f for f in value if f not in old]
        elif key == "intent" and key in saved:
            if value != old:
                merge.kept.append(SettingChange(key, old, value))
            continue
        else:
            new = value
        if new != old:
            merge.write[key] = new
            merge.changes.append(SettingChange(key, old, new))
    return merge


def plan_settings(store: Store, incoming: Mapping[str, Any]) -> SettingsMerge | None:
    """The merge of a file's settings into this journal's; None when the file carries none."""
    if not incoming:
        return None
    return merge_settings(store.settings(), store.saved_settings(), incoming)


@dataclass
class ImportReport:
    added: dict[str, int]
    skipped: dict[str, int]
    first: dt.date | None = None
    last: dt.date | None = None
    # None when the file carried no settings at all.
    settings: SettingsMerge | None = None

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def settings_changed(self) -> bool:
        return bool(self.settings and self.settings.changes)

    def summary(self, span: str = "") -> str:
        """'added 2 mood; 1 already present, skipped; settings changed: day start 4 -> 5'.

        `span` ('from 3 Jan 2024 to 9 Mar 2026') goes after the entries it describes.
        """
        parts = [f"{n} {t}" for t, n in self.added.items() if n]
        # "added nothing" only when the import changed nothing at all.
        nothing = "no entries" if self.settings_changed else "nothing"
        text = "added " + (", ".join(parts) if parts else nothing)
        skipped = sum(self.skipped.values())
        if skipped:
            text += f"; {skipped} already present, skipped"
        if span:
            text += f"; entries {span}"
        if self.settings is not None:
            text += f"; {self.settings.text()}"
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
        return archive.load_json(data)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def _shown(text: str) -> str:
    """Text safe to print: a lone surrogate as its \\udXXX escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_broken(value: Any) -> bool:
    """True for text holding a lone surrogate (half of a UTF-16 pair, from a JSON escape such
    as "\\ud800"): it passes every other check, and DuckDB cannot store it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list | tuple):
        return any(_is_broken(v) for v in value)
    if isinstance(value, dict):
        return any(_is_broken(k) or _is_broken(v) for k, v in value.items())
    return False


def broken_text(row: Any) -> str | None:
    """Why an entry (or the settings) cannot be stored as text, naming the field; else None."""
    if not isinstance(row, dict):
        return None
    for key, value in row.items():
        if _is_broken(key) or _is_broken(value):
            return (
                f"{_shown(str(key))} holds broken text (a lone UTF-16 surrogate, such as "
                "\\ud800, that is no character); fix or remove it in the file"
            )
    return None


def _check_size(payload: dict[str, Any]) -> None:
    """Refuse (one line) a payload with more entries than one import takes."""
    tables = [payload.get(t) for t in TABLES]
    archive.check_rows(sum(len(rows) for rows in tables if isinstance(rows, list)))


def _clean_table(
    table: str, rows: list[Any], now: dt.datetime, consume: bool
) -> tuple[list[dict[str, Any]], list[tuple[int, str]], int]:
    """Every row of one table checked once: the clean rows, (index, error) of the first
    MAX_ERRORS_KEPT bad ones, and how many bad ones there are.

    With `consume`, each row of `rows` is dropped as soon as its clean copy is made, so a big
    file is never held twice.
    """
    clean: list[dict[str, Any]] = []
    where: list[int] = []
    errors: list[tuple[int, str]] = []
    bad = 0
    for i, row in enumerate(rows):
        try:
            clean.append(clean_row(table, row, now))
            where.append(i)
        except ValidationError as exc:
            bad += 1
            if bad <= MAX_ERRORS_KEPT:
                # Broken text is named first: the other reasons would quote it unprintably.
                errors.append((i, broken_text(row) or str(exc)))
        if consume:
            rows[i] = None
    if consume:
        rows.clear()
    return _without_broken(table, clean, where, errors, bad)


def _without_broken(
    table: str,
    clean: list[dict[str, Any]],
    where: Sequence[int],
    errors: list[tuple[int, str]],
    bad: int,
) -> tuple[list[dict[str, Any]], list[tuple[int, str]], int]:
    """`_clean_table`'s result less the clean rows holding broken text (`where` is each clean
    row's place in the file), those named among the errors."""
    broken = _broken_rows(table, clean)
    if broken:
        bad += len(broken)
        errors += [(where[n], broken_text(clean[n]) or "") for n in broken]
        errors = sorted(errors)[:MAX_ERRORS_KEPT]
        gone = set(broken)
        clean = [row for n, row in enumerate(clean) if n not in gone]
    return clean, errors, bad


# The free-text columns of each table (lists of words included): where broken text can hide.
_TEXT_COLUMNS = {
    table: [c.name for c in fields(table) if c.type.startswith("VARCHAR") and not c.choices]
    for table in TABLES
}


def _broken_rows(table: str, clean: list[dict[str, Any]]) -> list[int]:
    """The positions of the clean rows holding a lone surrogate, found with one encode of each
    column (a million rows are not looked at one by one unless one of them is broken)."""
    for name in _TEXT_COLUMNS[table]:
        values = [row[name] for row in clean]
        if any(isinstance(v, list) for v in values[:1]):
            values = [word for words in values if words for word in words]
        try:
            "".join(filter(None, values)).encode("utf-8")
        except UnicodeEncodeError:
            return [n for n, row in enumerate(clean) if broken_text(row)]
    return []


def parse_payload(payload: Any, now: dt.datetime | None = None, consume: bool = False) -> Parsed:
    """Check a whole tideline/1 object; collect every problem instead of stopping at the first.

    `consume=True` empties the payload's lists while it checks them (for a caller that reads
    a file only to import it: a million rows are then in memory once, not twice).
    """
    parsed = Parsed()
    if not isinstance(payload, dict):
        parsed.errors.append(
            f"the file must hold one {FORMAT} object, not {type(payload).__name__}"
        )
        return parsed
    if payload.get("format") != FORMAT:
        parsed.errors.append(f"format must be {FORMAT!r}, not {payload.get('format')!r}")
    _check_size(payload)
    unknown = sorted(_shown(str(k)) for k in set(payload) - set(TOP_KEYS))
    if unknown:
        parsed.errors.append(f"unknown key(s) at the top level: {', '.join(unknown)}")
    broken = broken_text(payload.get("settings"))
    try:
        if broken:
            raise ValidationError(broken)
        parsed.settings = clean_settings(payload.get("settings") or {})
    except ValidationError as exc:
        parsed.errors.append(f"settings: {exc}")
    now = now or dt.datetime.now()
    unlisted = 0
    for table in TABLES:
        rows = payload.get(table, [])
        if not isinstance(rows, list):
            parsed.errors.append(f"{table}: must be a list of entries")
            continue
        unlisted += _take(parsed, table, *_clean_table(table, rows, now, consume))
    return _told(parsed, unlisted)


def parse_checked(tables: Mapping[str, list[dict[str, Any]]]) -> Parsed:
    """`parse_payload` for entries that are `clean_row`'s output already (another app's reader
    checked each as it read it, `daylio.parse(checked=True)`): only what `clean_row` does not
    look at is checked (how many there are, broken text), and the rows are not copied."""
    archive.check_rows(sum(len(rows) for rows in tables.values()))
    parsed = Parsed()
    unlisted = 0
    for table in TABLES:
        rows = tables.get(table, [])
        unlisted += _take(parsed, table, *_without_broken(table, rows, range(len(rows)), [], 0))
    return _told(parsed, unlisted)


def _take(parsed: Parsed, table: str, clean: list[dict[str, Any]], errors: list, bad: int) -> int:
    """Keep a table's clean rows and its listed errors; returns the bad entries not listed."""
    parsed.errors += [f"{table}[{i}] (entry {i + 1}): {why}" for i, why in errors]
    parsed.tables[table] = clean
    return bad - len(errors)


def _told(parsed: Parsed, unlisted: int) -> Parsed:
    """`parsed`, with the count of the bad entries left out of its list."""
    if unlisted:
        # A file of a million bad entries is told in a page of them, not in a million lines.
        parsed.errors.append(f"… and {unlisted:,} more entries that cannot be imported")
    return parsed


_PLAIN = (str, int, bool, float, dt.date, type(None))


def _key(table: str, row: dict[str, Any]) -> tuple:
    """What makes two entries the same entry (everything the user typed, not when it was saved)."""
    out = []
    for col in COLUMNS[table]:
        value = row[col]
        kind = type(value)
        if kind is list:
            value = tuple(value)
        elif kind is dt.datetime:
            if col == "on":
                value = value.date()
        elif kind not in _PLAIN:
            value = _plain(col, value)
        out.append(value)
    return tuple(out)


def _plain(col: str, value: Any) -> Any:
    """A numpy or pandas value (an array, a Timestamp) as the Python value it stands for."""
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
    return value


def plan_import(store: Store, parsed: Parsed) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """Split parsed rows into new ones and ones already in the database (a multiset match)."""
    new: dict[str, list[dict]] = {}
    skipped: dict[str, int] = {}
    for table, rows in parsed.tables.items():
        existing = Counter(_key(table, r) for r in store.rows(table))
        skipped[table] = 0
        if not existing:
            new[table] = list(rows)  # a table still empty: every entry is new
            continue
        new[table] = []
        for row in rows:
            key = _key(table, row)
            if existing[key] > 0:
                existing[key] -= 1
                skipped[table] += 1
            else:
                new[table].append(row)
    return new, skipped


def _span(tables: dict[str, list[dict]]) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the entries (each table's earliest and latest time, not a
    list of a million days)."""
    days: list[dt.date] = []
    for table, key in (("mood", "at"), ("contacts", "at"), ("urges", "at"), ("milestones", "on")):
        rows = tables.get(table, [])
        if rows:
            when = operator.itemgetter(key)
            days += [min(map(when, rows)), max(map(when, rows))]
    days = [d.date() if isinstance(d, dt.datetime) else d for d in days]
    return (min(days), max(days)) if days else (None, None)


def preview(
    store: Store, payload: Any, consume: bool = False, checked: bool = False
) -> tuple[Parsed, ImportReport]:
    """What an import would do, without writing anything (`consume`: see `parse_payload`;
    `checked`: the payload's entries are clean rows already, see `parse_checked`)."""
    if checked:
        parsed = parse_checked({t: payload.get(t, []) for t in TABLES})
    else:
        parsed = parse_payload(payload, consume=consume)
    if parsed.errors:
        return parsed, ImportReport(added={}, skipped={})
    new, skipped = plan_import(store, parsed)
    first, last = _span(parsed.tables)
    merge = plan_settings(store, parsed.settings)
    return parsed, ImportReport({t: len(r) for t, r in new.items()}, skipped, first, last, merge)


Progress = Callable[[float, str], None]


def _no_progress(fraction: float, text: str) -> None:
    """Where `import_payload` reports its phases when nobody is watching."""


def import_payload(store: Store, payload: Any, progress: Progress | None = None) -> ImportReport:
    """Import a tideline/1 object in one transaction; raise ImportFailed listing every bad row.

    The file's settings are merged (see `merge_settings`), never copied over the journal's.
    `progress(fraction, text)` is called between the phases (read, check, write, done), so the
    Data page can move its progress bar; the file is checked against the journal as it is now.
    """
    progress = progress or _no_progress
    progress(0.1, "Reading the entries…")
    return _write(store, parse_payload(payload), progress)


def import_parsed(store: Store, parsed: Parsed, progress: Progress | None = None) -> ImportReport:
    """Import rows `parse_payload` checked, in one transaction (see `import_payload`); the
    rows are matched against the journal as it is now, so a preview made earlier stays safe."""
    progress = progress or _no_progress
    progress(0.1, "Reading the entries…")
    return _write(store, parsed, progress)


def _write(store: Store, parsed: Parsed, progress: Progress) -> ImportReport:
    """The checked rows not yet in the journal and the merged settings, in one transaction."""
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    progress(0.4, "Checking what is already in your journal…")
    new, skipped = plan_import(store, parsed)
    merge = plan_settings(store, parsed.settings)
    progress(0.7, "Writing everything in one go…")
    store.add_many(new, settings=merge.write if merge else None, validated=True)
    progress(1.0, "Done.")
    first, last = _span(parsed.tables)
    return ImportReport({t: len(r) for t, r in new.items()}, skipped, first, last, merge)


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


def _json_bytes(payload: dict[str, Any]) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_json(store: Store) -> bytes:
    """The whole journal as tideline/1 JSON text (UTF-8), as `tideline export` writes it."""
    return _json_bytes(export_payload(store))


def export_file(store: Store, path: str | Path) -> int:
    """Write the export as JSON (whole or not at all, see `output_file`); returns the number of
    entries written."""
    payload = export_payload(store)
    with output_file(path) as part:
        part.write_bytes(_json_bytes(payload))
    return sum(len(payload[t]) for t in TABLES)
