"""The CSV export cannot be run by a spreadsheet; its import gives every text back as written."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from dashboard.formats import csv_zip, tideline
from dashboard.store import Store

HOSTILE = {
    "mood": [
        {"at": "2026-01-10T21:30", "mood": 3, "note": "=HYPERLINK(\"http://x.example\",\"hi\")"},
        {"at": "2026-01-11T21:30", "mood": 4, "note": "-3"},
        {"at": "2026-01-12T21:30", "mood": 5, "note": "-bad day", "activities": ["@work"]},
        {"at": "2026-01-13T21:30", "mood": 6, "note": "'=already quoted"},
    ],
    "contacts": [
        {"at": "2026-01-11T01:10", "initiator": "me", "channel": "text",
         "trigger": "+1 555 0100", "note": "=cmd|' /C calc'!A0"},
    ],
    "urges": [{"at": "2026-01-12T22:00", "intensity": 7, "outcome": "resisted",
               "trigger": "@sum(1+1)", "note": "plain words"}],
    "milestones": [{"on": "2026-01-10", "kind": "custom", "title": "=1+1", "note": ""}],
}  # fmt: skip


def _files(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {
            name[:-4]: list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8-sig"))))
            for name in zf.namelist()
            if name.endswith(".csv")
        }


def test_cells_a_spreadsheet_would_run_start_with_a_quote(
    make_store: Callable[..., Store],
) -> None:
    files = _files(csv_zip.csv_zip(make_store("hostile", **HOSTILE)))
    mood = {row["at"]: row for row in files["mood"]}
    assert mood["2026-01-10T21:30:00"]["note"] == '\'=HYPERLINK("http://x.example","hi")'
    assert mood["2026-01-11T21:30:00"]["note"] == "-3"  # a number stays a number
    assert mood["2026-01-12T21:30:00"]["note"] == "'-bad day"
    assert mood["2026-01-12T21:30:00"]["activities"] == "'@work"
    assert mood["2026-01-13T21:30:00"]["note"] == "''=already quoted"
    contact = files["contacts"][0]
    assert contact["trigger"] == "'+1 555 0100" and contact["note"] == "'=cmd|' /C calc'!A0"
    assert files["urges"][0]["trigger"] == "'@sum(1+1)"
    assert files["urges"][0]["note"] == "plain words"
    assert files["milestones"][0]["title"] == "'=1+1"
    # Dates, numbers and flags never start with a formula sign, so they are untouched.
    assert contact["at"] == "2026-01-11T01:10:00" and files["urges"][0]["intensity"] == "7"


def test_the_readme_in_the_zip_says_so(make_store: Callable[..., Store]) -> None:
    with zipfile.ZipFile(io.BytesIO(csv_zip.csv_zip(make_store("plain")))) as zf:
        readme = " ".join(zf.read("README.txt").decode("utf-8").split())
    assert "starts with =, +, - or @ (or a tab or a carriage return) has a ' before it" in readme
    assert "Importing the zip takes the ' away again." in readme


def test_import_takes_the_quote_away_again(make_store: Callable[..., Store]) -> None:
    source = make_store("source", **HOSTILE)
    payload, _ = csv_zip.read_csv_zip(csv_zip.csv_zip(source))
    target = make_store("target")
    tideline.import_payload(target, payload)
    for table in HOSTILE:
        fields = ("note", "trigger", "title", "activities")
        before = [{k: r.get(k) for k in fields} for r in source.rows(table)]
        after = [{k: r.get(k) for k in fields} for r in target.rows(table)]
        assert after == before, table
    notes = sorted(r["note"] for r in target.rows("mood"))
    assert notes == sorted(r["note"] for r in HOSTILE["mood"])
