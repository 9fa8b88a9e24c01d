"""CSV and Parquet zips, reading the CSV zip back, and the reminder calendar file."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

import pyarrow.parquet as pq
import pytest

from dashboard import schema
from dashboard.formats import csv_zip, ics, parquet_zip, tideline
from dashboard.store import Store
from dashboard.validate import ValidationError

TABLES = {
    "mood": [
        {"at": "2026-01-10T21:30", "mood": 3, "urge": 8, "emotions": ["lonely", "sad"],
         "activities": ["work", "a|b"], "note": 'line one\nline "two", with comma',
         "private": True, "created_at": "2026-01-12T08:00"},
        {"at": "2026-01-11T07:05", "mood": 9, "note": "🌊 café", "private": False},
    ],
    "contacts": [
        {"at": "2026-01-11T01:10", "initiator": "me", "channel": "text", "got_response": False,
         "under_influence": True, "trigger": "alcohol", "note": "=SUM(A1)"},
        {"at": "2026-01-13T12:00", "initiator": "them", "channel": "call"},
    ],
    "urges": [{"at": "2026-01-12T22:00", "intensity": 7, "outcome": "resisted",
               "trigger": "saw a post", "note": "the message I did not send"}],
    "milestones": [{"on": "2026-01-10", "kind": "breakup", "title": "We broke up",
                    "note": "rain"}],
}  # fmt: skip
SETTINGS = {"day_start_hour": 5, "no_contact_goal_days": 60, "intent": "move_on"}


@pytest.fixture
def filled(make_store: Callable[..., Store]) -> Store:
    return make_store("filled", settings=SETTINGS, **TABLES)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


def test_the_csv_readme_says_what_the_schema_says(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = " ".join(csv_zip.CSV_DOC.split())
    # Every value a cell may hold, as PRODUCT.md section 3 lists them.
    assert "initiator: me or them." in doc
    assert "channel: text, call, video, social, in_person, email, other." in doc
    assert "outcome: resisted or peeked." in doc
    assert "mood 1-10, urge 0-10 (empty when not given), intensity 0-10: whole numbers." in doc
    # The settings that travel with the journal and their defaults; the country stays here.
    assert 'day_start_hour 4, no_contact_goal_days 30, intent "undecided", red_flags []' in doc
    assert "country" not in doc
    # Built from the schema, so a changed default is documented without editing the text.
    changed = tuple(
        dataclasses.replace(s, default=6) if s.key == "day_start_hour" else s
        for s in schema.SETTINGS
    )
    monkeypatch.setattr(schema, "SETTINGS", changed)
    assert "day_start_hour 6," in " ".join(csv_zip.csv_doc().split())


def test_csv_zip_has_one_file_per_table_with_documented_headers(filled: Store) -> None:
    files = _members(csv_zip.csv_zip(filled))
    assert set(files) == {f"{t}.csv" for t in csv_zip.CSV_HEADERS} | {"README.txt"}
    doc = " ".join(csv_zip.CSV_DOC.split())
    for table, header in csv_zip.CSV_HEADERS.items():
        rows = list(csv.reader(io.StringIO(files[f"{table}.csv"].decode("utf-8-sig"))))
        assert tuple(rows[0]) == header
        # The README (and the docs built from CSV_DOC) must not drift from the real headers.
        assert f"{table}.csv {', '.join(header)}" in doc
    mood = list(csv.DictReader(io.StringIO(files["mood.csv"].decode("utf-8-sig"))))
    assert len(mood) == 2
    first = mood[0]
    assert first["at"] == "2026-01-10T21:30:00"
    assert first["emotions"] == "lonely | sad"
    # A word holding "|" cannot be split on it, so the list is written as JSON.
    assert first["activities"] == '["work", "a|b"]'
    assert first["note"] == 'line one\nline "two", with comma'
    assert first["created_at"] == "2026-01-12T08:00:00"
    assert mood[1]["urge"] == "" and mood[1]["private"] == "false"
    contacts = list(csv.DictReader(io.StringIO(files["contacts.csv"].decode("utf-8-sig"))))
    assert contacts[1]["got_response"] == ""
    settings = dict(csv.reader(io.StringIO(files["settings.csv"].decode("utf-8-sig"))))
    assert settings["day_start_hour"] == "5" and settings["intent"] == '"move_on"'


def test_csv_zip_round_trip_gives_the_same_export(
    filled: Store, make_store: Callable[..., Store]
) -> None:
    payload = csv_zip.csv_zip_to_payload(csv_zip.csv_zip(filled))
    empty = make_store("copy")
    report = tideline.import_payload(empty, payload)
    # 2 mood + 2 contacts + 1 urge + 1 milestone = 6 entries.
    assert report.total_added == 6
    assert tideline.export_payload(empty) == tideline.export_payload(filled)
    again = tideline.import_payload(empty, payload)
    assert again.total_added == 0


def test_hand_made_csv_zip_uses_defaults(make_store: Callable[..., Store]) -> None:
    data = zip_of(
        {
            "my export/mood.csv": "at,mood,emotions\r\n2026-02-01T20:00,4,Lonely | anxious\r\n",
            "notes.txt": "ignored",
        }
    )
    payload = csv_zip.csv_zip_to_payload(data)
    assert payload == {
        "format": "tideline/1",
        "mood": [{"at": "2026-02-01T20:00", "mood": 4, "emotions": ["Lonely", "anxious"]}],
        "contacts": [],
        "urges": [],
        "milestones": [],
    }
    store = make_store("hand")
    tideline.import_payload(store, payload)
    [row] = store.rows("mood")
    assert (row["urge"], row["private"], row["emotions"]) == (None, True, ["lonely", "anxious"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 broken", "not a zip"),
        (b"at,mood\n2026-01-01T10:00,5\n", "not a zip"),
        (zip_of({"moods.csv": "at,mood\n"}), "unknown file"),
        (zip_of({"README.txt": "hi"}), "holds none"),
        (zip_of({"mood.csv": "at,mood,colour\n2026-01-01T10:00,5,red\n"}), "unknown column"),
        (zip_of({"mood.csv": "mood\n5\n"}), "missing column"),
        (zip_of({"mood.csv": "at,mood\n2026-01-01T10:00,5,6\n"}), "line 2: 3 cells"),
        (zip_of({"mood.csv": b"at,mood\n\xff\xfe,5\n"}), "not UTF-8"),
    ],
)
def test_broken_csv_zips_are_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        csv_zip.csv_zip_to_payload(data)


def test_bad_values_are_reported_by_entry(make_store: Callable[..., Store]) -> None:
    data = zip_of(
        {"mood.csv": "at,mood,private\n2026-01-01T10:00,5,true\n2026-01-02T10:00,lots,x\n"}
    )
    store = make_store("bad")
    with pytest.raises(tideline.ImportFailed) as caught:
        tideline.import_payload(store, csv_zip.csv_zip_to_payload(data))
    # Entry 2 is line 3 of mood.csv.
    assert any("mood[1] (entry 2)" in e and "'lots'" in e for e in caught.value.errors)
    assert store.is_empty()


def test_parquet_zip_is_typed(filled: Store) -> None:
    files = _members(parquet_zip.parquet_zip(filled))
    assert set(files) == {f"{t}.parquet" for t in csv_zip.CSV_HEADERS}
    mood = pq.read_table(io.BytesIO(files["mood.parquet"]))
    assert mood.column_names == list(csv_zip.CSV_HEADERS["mood"])
    assert mood.num_rows == 2
    assert mood.column("at").to_pylist() == [
        dt.datetime(2026, 1, 10, 21, 30),
        dt.datetime(2026, 1, 11, 7, 5),
    ]
    assert mood.column("emotions").to_pylist()[0] == ["lonely", "sad"]
    milestones = pq.read_table(io.BytesIO(files["milestones.parquet"]))
    assert milestones.column("on").to_pylist() == [dt.date(2026, 1, 10)]
    settings = pq.read_table(io.BytesIO(files["settings.parquet"])).to_pylist()
    assert {"key": "no_contact_goal_days", "value": "60"} in settings


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_reminder_ics_is_a_valid_daily_event_with_an_alarm() -> None:
    now = dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC)
    text = ics.reminder_ics(dt.time(21, 30), dt.date(2026, 3, 2), now=now)
    assert text.endswith("\r\n")
    # Every line break is CRLF (no bare LF or CR).
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    raw_lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw_lines)
    lines = _unfold(text)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    # Blocks nest properly: VCALENDAR > VEVENT > VALARM.
    stack: list[str] = []
    for line in lines:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert stack == []
    event = lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT")]
    props = dict(line.split(":", 1) for line in event if not line.startswith(("BEGIN", "END")))
    assert props["DTSTART"] == "20260302T213000"  # floating local time, no zone
    assert props["RRULE"] == "FREQ=DAILY"
    assert props["DTSTAMP"] == "20260301T120005Z"
    assert re.fullmatch(r"[0-9a-f-]{36}@tideline\.invalid", props["UID"])
    alarm = lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM")]
    assert "ACTION:DISPLAY" in alarm and "TRIGGER:PT0M" in alarm
    assert any(line.startswith("DESCRIPTION:") for line in alarm)


def test_reminder_ics_escapes_and_folds_text() -> None:
    summary = "Check in; breathe, then log " + "ü" * 60
    text = ics.reminder_ics(dt.time(8, 0), dt.date(2026, 1, 1), summary=summary)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    unfolded = _unfold(text)
    assert "SUMMARY:Check in\\; breathe\\, then log " + "ü" * 60 in unfolded


# -- the line each entry starts on (a quoted note may span several lines) ---------------------
MULTILINE_MOOD = (
    "at,mood,note\r\n"  # line 1
    '2026-01-01T10:00,5,"first line\r\nsecond line\r\nthird line"\r\n'  # lines 2-4
    "\r\n"  # line 5, blank
    "2026-01-02T10:00,lots,\r\n"  # line 6
    "2026-01-03T10:00,7,plain\r\n"  # line 7
)


def test_read_csv_zip_gives_each_entry_its_starting_line() -> None:
    payload, lines = csv_zip.read_csv_zip(zip_of({"mood.csv": MULTILINE_MOOD}))
    assert [row["note"] for row in payload["mood"]] == [
        "first line\r\nsecond line\r\nthird line",
        "",
        "plain",
    ]
    # Entry 1 starts on line 2, entry 2 on line 6 (after the three-line note and a blank line).
    assert lines["mood"] == [2, 6, 7]
    assert lines["contacts"] == []


def test_a_ragged_row_after_a_multi_line_note_names_its_own_line() -> None:
    text = 'at,mood,note\n2026-01-01T10:00,5,"a\nb\nc"\n2026-01-02T10:00,6,x,extra\n'
    # The note fills lines 2-4, so the row with four cells is line 5.
    with pytest.raises(ValidationError, match=r"^mood\.csv line 5: 4 cells for 3 columns$"):
        csv_zip.csv_zip_to_payload(zip_of({"mood.csv": text}))


def test_a_lone_table_csv_is_recognised_by_its_header() -> None:
    assert csv_zip.lone_csv_table(b"at,mood,note\n2026-01-01T10:00,5,\n") == "mood"
    assert csv_zip.lone_csv_table("\ufeffon,kind,title\n".encode()) == "milestones"
    assert csv_zip.lone_csv_table(b"at,intensity,outcome\n") == "urges"
    # Settings only travel inside the zip: a stray "key,value" file must not retime the journal.
    assert csv_zip.lone_csv_table(b"key,value\nday_start_hour,0\n") is None
    # Daylio's header, a header missing a required column, and binary data are not ours.
    assert csv_zip.lone_csv_table(b"full_date,date,weekday,time,mood\n") is None
    assert csv_zip.lone_csv_table(b"at,note\n") is None
    assert csv_zip.lone_csv_table(b"\xff\xfe\x00") is None
    payload, lines = csv_zip.read_lone_csv(MULTILINE_MOOD.encode())
    assert len(payload["mood"]) == 3 and lines["mood"] == [2, 6, 7]
    with pytest.raises(ValidationError, match="export a zip from the Data page"):
        csv_zip.read_lone_csv(b"when,how\n1,2\n")


def test_a_parquet_zip_is_refused_with_a_pointer_to_the_right_export(filled: Store) -> None:
    with pytest.raises(ValidationError, match="Parquet export.*JSON or the CSV zip"):
        csv_zip.csv_zip_to_payload(parquet_zip.parquet_zip(filled))
