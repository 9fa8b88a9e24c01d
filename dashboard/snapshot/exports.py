"""Sharing a snapshot: render it, write it whole or not at all, and record the export (when,
which period, which options), never its content; the list of what has been shared."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.snapshot.data import render_json
from dashboard.snapshot.html import render_html
from dashboard.snapshot.model import (
    DEFAULT_DAYS,
    KINDS,
    SECTIONS,
    Report,
    SnapshotError,
    as_date,
    clean_sections,
    describe_period,
    export_options,
)
from dashboard.snapshot.pdf import render_pdf
from dashboard.snapshot.report import build_report

if TYPE_CHECKING:
    from dashboard.store import Store

# Short names for the list of past exports (the section titles are too long for a table cell).
SECTION_NAMES: dict[str, str] = {
    "topics": "topics",
    "mood": "mood",
    "calendar": "mood month",
    "no_contact": "no-contact calendar",
    "breaks_by_time": "break times",
    "triggers": "triggers",
    "cycles": "together and apart",
    "milestones": "milestones",
    "key_days": "key days",
}
# What each kind of record is called in the list; the journal exports hold everything.
EXPORT_KIND_NAMES: dict[str, str] = {
    "snapshot_pdf": "Snapshot (PDF)",
    "snapshot_html": "Snapshot (HTML)",
    "snapshot_json": "Snapshot (JSON)",
    "tideline_json": "Whole journal (JSON)",
    "csv_zip": "Whole journal (CSV zip)",
    "parquet_zip": "Whole journal (Parquet zip)",
}


def record(
    store: Store,
    fmt: str,
    start: dt.date,
    end: dt.date,
    *,
    include_notes: bool = False,
    topics: str = "",
    sections: Iterable[str] | None = None,
    include_situation: bool = False,
) -> None:
    """Remember that a snapshot was shared: format, period and options, never the content."""
    if fmt not in KINDS:
        raise SnapshotError(f"a snapshot is a pdf, an html or a json file, not {fmt!r}")
    options = export_options(include_notes, topics, clean_sections(sections), include_situation)
    store.record_export(KINDS[fmt], start, end, options)


def render(report: Report, fmt: str) -> bytes:
    """The report in one format ('pdf', 'html' or 'json': the report as data) as bytes."""
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "json":
        return render_json(report).encode("utf-8")
    raise SnapshotError(f"a snapshot is a pdf, an html or a json file, not {fmt!r}")


def format_of(path_or_kind: str | Path) -> str:
    """'pdf', 'html' or 'json' from a file name (.pdf, .html, .htm, .json) or the bare word."""
    name = str(path_or_kind)
    if name.lower() in KINDS:
        return name.lower()
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".json":
        return "json"
    raise SnapshotError(f"{name}: the snapshot file must end in .pdf, .html or .json")


def export(
    store: Store,
    start: dt.date,
    end: dt.date,
    path_or_kind: str | Path,
    *,
    include_notes: bool = False,
    topics: str = "",
    sections: Iterable[str] | None = None,
    include_situation: bool = False,
) -> bytes:
    """Build, render and record a snapshot; write it to the path unless given just a format.

    Returns the document's bytes. The record is written only once the file is written.
    """
    fmt = format_of(path_or_kind)
    options = {
        "include_notes": include_notes,
        "topics": topics,
        "sections": sections,
        "include_situation": include_situation,
    }
    report = build_report(store, start, end, **options)
    data = render(report, fmt)
    options["sections"] = report.sections
    if str(path_or_kind).lower() in KINDS:
        record(store, fmt, start, end, **options)
        return data
    from dashboard.store import output_file

    # The file takes its name only once it is whole and recorded: a failure leaves no file.
    with output_file(path_or_kind) as part:
        part.write_bytes(data)
        record(store, fmt, start, end, **options)
    return data


def _past_export(rec: dict[str, Any]) -> dict[str, Any]:
    try:
        options = json.loads(rec["options"] or "{}")
    except ValueError:
        options = {}
    start = None if pd.isna(rec["period_from"]) else as_date(rec["period_from"])
    end = None if pd.isna(rec["period_to"]) else as_date(rec["period_to"])
    whole = rec["kind"] not in KINDS.values()
    return {
        "when": pd.Timestamp(rec["created_at"]).to_pydatetime(),
        "what": EXPORT_KIND_NAMES.get(rec["kind"], rec["kind"]),
        "period": describe_period(start, end) if start and end else "everything",
        # A whole-journal export holds every entry, private notes included.
        "sections": "every entry" if whole else sections_text(options),
        "private notes": "included" if whole or options.get("include_notes") else "left out",
        # A whole-journal export holds the settings, intent and red flags among them.
        "my situation": "included" if whole or options.get("include_situation") else "left out",
    }


def past_exports(store: Store, limit: int = 50) -> pd.DataFrame:
    """What has been shared, newest first: when, what, period and options in words."""
    df = store.query("snapshot_exports", {"limit": limit})
    rows = [_past_export(rec) for rec in df.to_dict("records")]
    columns = ["when", "what", "period", "sections", "private notes", "my situation"]
    return pd.DataFrame(rows, columns=columns)


def sections_text(options: dict[str, Any]) -> str:
    """Which optional sections an export held, in words, from its recorded options."""
    if not isinstance(options.get("sections"), list):
        return "not recorded"
    chosen = [s for s in SECTIONS if s in options["sections"]]
    if not chosen:
        return "summary only"
    if len(chosen) == len(SECTIONS):
        return "all" if options.get("topics") else "all (no topics written)"
    names = [SECTION_NAMES[s] for s in chosen]
    if "topics" in chosen and not options.get("topics"):
        names[0] = "topics (none written)"
    return ", ".join(names)


def default_start(store: Store, today: dt.date) -> dt.date:
    """'Since the last snapshot': the day after the latest day shared, else 4 weeks back."""
    last = store.query("snapshot_last").iloc[0]["period_to"]
    if last is None or pd.isna(last):
        return today - dt.timedelta(days=DEFAULT_DAYS - 1)
    # A snapshot that already covered today leaves just today to show.
    return min(as_date(last) + dt.timedelta(days=1), today)
