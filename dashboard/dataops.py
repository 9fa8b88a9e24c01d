"""What the Data page does with files, without Streamlit: preview, import, exports, backups.

Reading and writing each file format lives in `dashboard.formats`; this module plans an import
against the journal and words what it did. An import goes in two steps so the page can show a
preview before anything is written:
`prepare(store, data, kind, mood_map)` reads the file and says what would happen (an
`ImportPlan`), then `run_import(store, plan, progress)` writes it in one transaction, calling
`progress(fraction, text)` between its phases (parse, check, write, done). A file that cannot be
read at all (empty, binary, wrong encoding, a Daylio file missing a column) raises
`ValidationError` from `prepare`; a file with bad rows gives a plan listing every one of them,
and `run_import` refuses it. Nothing is written before `run_import`, and then all or nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard import formats
from dashboard.formats import archive, daylio, tideline
from dashboard.formats.tideline import ImportReport, SettingsMerge
from dashboard.store import Store
from dashboard.validate import TABLES, ValidationError
from dashboard.wording import capitalise, plural, span

if TYPE_CHECKING:
    from dashboard.chat_import import ChatOptions

NOUNS = {
    "mood": "mood entries",
    "contacts": "contacts",
    "urges": "urges",
    "milestones": "milestones",
}
SINGULAR = {"mood": "mood entry", "contacts": "contact", "urges": "urge", "milestones": "milestone"}
TOO_DEEP = "the file holds values nested too deep to be entries; nothing was imported"
# "mood[3] (entry 4): reason" from tideline.parse_payload.
_ENTRY_ERROR = re.compile(r"^(\w+)\[\d+\] \(entry (\d+)\): (.*)$", re.DOTALL)


@dataclass
class ImportPlan:
    """What importing a file would do: entries per table, what is new, every bad row."""

    kind: str
    payload: dict[str, Any] | None = None
    # The file's rows already checked (prepare's), imported instead of `payload` when set.
    parsed: tideline.Parsed | None = None
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
    def setting_changes(self) -> list[tideline.SettingChange]:
        return self.settings_merge.changes if self.settings_merge else []

    @property
    def ready(self) -> bool:
        """True when the import can run and would add an entry or change a setting."""
        changes = self.new_total > 0 or bool(self.setting_changes)
        readable = self.payload is not None or self.parsed is not None
        return not self.problems and readable and changes

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


# -- preview and import -----------------------------------------------------------------------
def _place(error: str, lines: formats.Lines | None = None) -> tuple[str, str]:
    """Split tideline's 'mood[3] (entry 4): reason' into where and why.

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


_GC = {"pauses": 0, "was_on": False}
_GC_LOCK = threading.Lock()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while an import reads and writes its rows.

    A big file makes millions of small objects, none in a cycle; each of them would set off
    another pass over all the others (a million-row import spent half its time there). Plain
    reference counting still frees them. Imports in several sessions at once share one pause.
    """
    with _GC_LOCK:
        if _GC["pauses"] == 0:
            _GC["was_on"] = gc.isenabled()
            gc.disable()
        _GC["pauses"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC["pauses"] -= 1
            if _GC["pauses"] == 0 and _GC["was_on"]:
                gc.enable()


def _read(
    data: bytes, kind: str, mood_map: dict[str, int] | None
) -> tuple[Any, list[tuple[str, str]], formats.Lines | None, bool]:
    """`formats.read`, and whether the payload's rows are checked already: a Daylio CSV is
    read straight into checked rows, each made as its record is read (a million-row file is
    then checked once and held once)."""
    if kind != "daylio":
        return *formats.read(data, kind, mood_map), False
    archive.check_size(len(data))
    result = daylio.parse(data, mood_map, checked=True)
    return result.payload, [(f"line {e.line}", e.reason) for e in result.errors], None, True


def prepare(
    store: Store,
    data: bytes,
    kind: str,
    mood_map: dict[str, int] | None = None,
    chat: ChatOptions | None = None,
) -> ImportPlan:
    """Read a file and work out what importing it would do; writes nothing.

    Raises ValidationError when the file cannot be read at all (too big, damaged, nested
    too deep): one sentence, never a traceback. A chat history (`formats.CHAT_KINDS`) is
    planned by `dashboard.chat_import` with `chat` (who is who, the rules' numbers).
    """
    if kind in formats.CHAT_KINDS:
        # Loaded for chats only: the conversation rules are no other import's business.
        from dashboard import chat_import

        return chat_import.prepare(store, data, kind, chat or chat_import.ChatOptions())
    try:
        with gc_paused():
            payload, problems, lines, checked = _read(data, kind, mood_map)
            # The payload is read only to be imported: checking it empties it, so a big
            # file's rows are held once (checked) rather than twice.
            parsed, report = tideline.preview(store, payload, consume=True, checked=checked)
    except ValidationError:
        raise
    except ValueError as exc:
        # The importers speak in ValueError; the page shows one kind of message.
        raise ValidationError(str(exc)) from None
    except RecursionError:
        raise ValidationError(TOO_DEEP) from None
    plan = ImportPlan(kind=kind, problems=problems)
    plan.problems += [_place(e, lines) for e in parsed.errors]
    plan.in_file = {t: len(parsed.tables.get(t, [])) for t in TABLES}
    plan.new, plan.skipped = report.added, report.skipped
    plan.first, plan.last = report.first, report.last
    plan.settings = parsed.settings
    plan.settings_merge = report.settings
    plan.parsed = parsed if isinstance(payload, dict) else None
    return plan


def run_import(
    store: Store, plan: ImportPlan, progress: tideline.Progress | None = None
) -> ImportReport:
    """Write a prepared import in one transaction, reporting progress between phases.

    The rows `prepare` checked are matched again against the journal as it is now, and the
    file's settings merged, never copied (a file can add red flags but not clear one).
    """
    if plan.problems or (plan.payload is None and plan.parsed is None):
        raise tideline.ImportFailed([f"{where}: {why}" for where, why in plan.problems])
    with gc_paused():
        if plan.parsed is not None:
            return tideline.import_parsed(store, plan.parsed, progress)
        return tideline.import_payload(store, plan.payload, progress)


def counts_text(counts: Mapping[str, int]) -> str:
    """'12 mood entries and 1 milestone' (tables with none left out)."""
    parts = [plural(counts[t], SINGULAR[t], NOUNS[t]) for t in TABLES if counts.get(t, 0)]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else "no entries"


def kept_sentence(merge: SettingsMerge | None) -> str:
    """'Intent stays move on (the file says reconcile)', or '' when the file keeps nothing back."""
    return capitalise(merge.kept_text() if merge else "")


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
    entries = plural(skipped, "entry", "entries")
    if report.total_added:
        text = f"Imported {counts_text(report.added)}"
        dates = span(report.first, report.last)
        text += f" {dates}." if dates else "."
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
def record_export(store: Store, kind: str, via: str) -> None:
    """Note that the whole journal left the app: when, in which format, from where; never what."""
    store.record_export(formats.EXPORT_KINDS[kind], None, None, {"via": via})


def export_bytes(store: Store, kind: str, via: str) -> bytes:
    """The whole journal as bytes (see `formats.build_export`), recorded as exported."""
    data = formats.build_export(store, kind)
    record_export(store, kind, via)
    return data


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
    return capitalise(text)
