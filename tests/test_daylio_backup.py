"""Daylio's .daylio backup (issue 17 point 1): a zip of base64 JSON -> mood rows.

The backup is built here with zipfile and base64; the rows are worked out from the rules in
dashboard/formats/daylio_backup.py (group 1..5 -> 10, 8, 6, 4, 2; month counted from 0).
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import pytest

from dashboard import cli, formats
from dashboard.formats import daylio, daylio_backup
from dashboard.formats.archive import UnreadableFile
from dashboard.store import Store

MOODS = [
    {"id": n, "custom_name": "", "mood_group_id": n, "predefined_name_id": n} for n in range(1, 6)
] + [{"id": 7, "custom_name": "Medium [-]", "mood_group_id": 3, "predefined_name_id": -1}]
TAGS = [{"id": 1, "name": "Work"}, {"id": 2, "name": "Friends"}]
# Daylio lists the newest entry first.
ENTRIES = [
    {
        "year": 2024,
        "month": 1,
        "day": 29,
        "hour": 0,
        "minute": 0,
        "mood": 5,
        "note": "",
        "note_title": "",
        "tags": [],
    },
    {
        "year": 2024,
        "month": 0,
        "day": 31,
        "hour": 23,
        "minute": 5,
        "datetime": 1706738700000,
        "timeZoneOffset": 3600000,
        "mood": 7,
        "note": "Went <b>out</b> &amp; back<br>late",
        "note_title": "Long day",
        "tags": [2, 9],
    },
    {
        "year": 2023,
        "month": 11,
        "day": 25,
        "hour": 9,
        "minute": 0,
        "mood": 1,
        "note": "<p>Merry</p><p>&nbsp;</p><p>day</p>",
        "note_title": "",
        "tags": [1],
    },
]
EXPECTED = [
    {
        "at": "2023-12-25T09:00",
        "mood": 10,
        "activities": ["work"],
        "note": "Merry\n\nday",
        "private": True,
    },
    # The custom "Medium [-]" is in group 3; tag 9 no longer exists.
    {
        "at": "2024-01-31T23:05",
        "mood": 6,
        "activities": ["friends"],
        "note": "Long day\n\nWent out & back\nlate",
        "private": True,
    },
    {"at": "2024-02-29T00:00", "mood": 2, "activities": [], "note": "", "private": True},
]


def _backup(document: object = None, member: bytes | None = None, name: str = "backup.daylio"):
    if member is None:
        document = document or {"customMoods": MOODS, "tags": TAGS, "dayEntries": ENTRIES}
        # encodebytes breaks the text into lines of 76 characters, as the app's backups do.
        member = base64.encodebytes(json.dumps(document).encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, member)
        zf.writestr("assets/photo.jpg", b"\xff\xd8")
    return buf.getvalue()


def test_backup_entries_become_mood_rows_oldest_first() -> None:
    result = daylio_backup.parse(_backup())
    assert result.errors == []
    assert result.rows == 3
    assert result.payload == {"format": "tideline/1", "mood": EXPECTED}
    assert daylio_backup.looks_like(_backup())


def test_the_same_entry_reads_as_the_csv_reader_reads_it() -> None:
    csv = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2024-01-31,January 31,Wednesday,23:05,meh,friends,Long day,"Went out & back\nlate"\n'
    )
    assert daylio.parse(csv.encode()).payload["mood"] == [EXPECTED[1]]


def test_bad_entries_are_listed_by_their_place() -> None:
    entries = [
        dict(ENTRIES[0], month=12),  # month 12 counted from 0 is a thirteenth month
        dict(ENTRIES[1], mood=99),
        ENTRIES[2],
    ]
    result = daylio_backup.parse(
        _backup({"customMoods": MOODS, "tags": TAGS, "dayEntries": entries})
    )
    assert [(e.line, e.reason) for e in result.errors] == [
        (1, "2024-13-29 (month counted from 1) is not a date"),
        (2, "mood 99 is not one of the backup's moods"),
    ]
    assert result.payload["mood"] == [EXPECTED[0]]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"PK\x03\x04 not a zip", "not a readable zip"),
        (_backup()[:-30], "not a readable zip"),
        (_backup(name="other.txt"), "no backup.daylio"),
        (_backup(member=b"this is not base64!"), "not base64"),
        (_backup(member=base64.b64encode(b'{"dayEntries": [')), "JSON"),
        (_backup(member=base64.b64encode(b'{"moods": []}')), "no list of dayEntries"),
        (_backup({"customMoods": MOODS, "dayEntries": []}), "no entries"),
        (b"", "empty"),
    ],
    ids=["corrupt", "truncated", "no member", "base64", "json", "shape", "no entries", "empty"],
)
def test_unreadable_backups_say_why_in_one_line(data: bytes, why: str) -> None:
    with pytest.raises(UnreadableFile, match=why) as caught:
        daylio_backup.parse(data)
    assert "\n" not in str(caught.value)


def test_the_member_is_measured_while_it_unpacks(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _backup()
    monkeypatch.setattr(daylio_backup, "MAX_BACKUP_BYTES", 100)
    with pytest.raises(UnreadableFile, match="more than 100 bytes"):
        daylio_backup.parse(data)


def test_notes_lose_their_tags_and_keep_their_breaks() -> None:
    assert daylio_backup.plain_text("a&lt;b&gt; <i>c</i><br/>d<div>e</div>f") == "a<b> c\nd\ne\nf"


# --- wiring: detected like every file, `tideline import`, errors by entry -----------------------


def test_a_backup_is_detected_and_its_bad_entries_are_named_entry_n() -> None:
    assert formats.detect(_backup()) == "daylio_backup"
    entries = [ENTRIES[0], dict(ENTRIES[1], mood=99), ENTRIES[2]]
    data = _backup({"customMoods": MOODS, "tags": TAGS, "dayEntries": entries})
    payload, problems, lines = formats.read(data, "daylio_backup")
    assert problems == [("entry 2", "mood 99 is not one of the backup's moods")]
    assert lines is None
    assert [row["at"] for row in payload["mood"]] == ["2023-12-25T09:00", "2024-02-29T00:00"]


def test_tideline_import_takes_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "backup_2024_03_01.daylio"
    src.write_bytes(_backup())
    db = tmp_path / "t.duckdb"
    assert cli.main(["--db", str(db), "import", str(src)]) == 0
    out = capsys.readouterr().out
    assert "imported backup_2024_03_01.daylio (Daylio backup): added 3 mood" in out
    with Store(db) as store:
        assert [(r["mood"], r["note"]) for r in store.rows("mood")] == [
            (10, "Merry\n\nday"),
            (6, "Long day\n\nWent out & back\nlate"),
            (2, ""),
        ]
    # A damaged backup: one line, exit 1, nothing written.
    bad = tmp_path / "bad.daylio"
    bad.write_bytes(_backup(member=b"this is not base64!"))
    assert cli.main(["--db", str(db), "import", str(bad), "--format", "daylio-backup"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not base64" in err
    with Store(db) as store:
        assert len(store.rows("mood")) == 3
