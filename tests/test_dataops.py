"""The Data page's logic without Streamlit: detect, mood table, preview, import, backups."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from dashboard import dataops, formats, wording
from dashboard.formats import csv_zip, daylio, tideline
from dashboard.store import Store
from dashboard.validate import ValidationError
from tests.test_exports import zip_of

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
# Newest first, as Daylio writes it. Line 1 is the header; "Tired" (line 2) is not a default mood.
DAYLIO = (
    f"{HEADER}\n"
    '2024-03-02,March 2,Saturday,10:15 pm,Tired,work | friends,Long day,"Slept badly"\n'
    "2024-03-02,March 2,Saturday,8:00 am,rad,,,\n"
    "2024-03-01,March 1,Friday,20:39,awful,,,\n"
).encode()


# A Daylio file saved as Latin-1: "café" is not UTF-8.
LATIN1 = f"{HEADER}\n2024-03-01,March 1,Friday,20:39,meh,,caf\xe9,\n".encode("latin-1")
NO_MOOD_COLUMN = b"full_date,date,weekday,time,activities\n2024-03-01,March 1,Friday,20:39,\n"


def snapshot(store: Store) -> dict:
    """Everything in the journal (rows and settings), to compare before and after."""
    payload = tideline.export_payload(store)
    return json.loads(json.dumps(payload, default=str))


@pytest.fixture
def filled(make_store) -> Store:
    """A journal that already holds one entry of each kind."""
    return make_store(
        name="filled",
        mood=[{"at": "2024-02-01T21:00", "mood": 4}],
        contacts=[{"at": "2024-02-02T01:10", "initiator": "me", "channel": "text"}],
        urges=[{"at": "2024-02-03T22:00", "intensity": 7, "outcome": "resisted"}],
        milestones=[{"on": "2024-01-20", "kind": "no_contact_start"}],
    )


# -- detection ----------------------------------------------------------------------------------
def test_detect_each_format(store: Store) -> None:
    assert formats.detect(DAYLIO) == "daylio"
    bearable = b"date formatted,date,weekday,time of day,category,rating/amount,detail,notes\n"
    assert formats.detect(bearable + b"2024-03-14,2024-03-14,Thu,am,Mood,3,,\n") == "bearable"
    assert formats.detect(b'{"format": "tideline/1", "mood": []}') == "tideline"
    assert formats.detect(csv_zip.csv_zip(store)) == "csv_zip"
    with pytest.raises(ValidationError, match="can't tell"):
        formats.detect(b"name,age\nAnna,30\n")


# -- the Daylio mood table ----------------------------------------------------------------------
def test_unknown_labels_and_the_prefilled_table() -> None:
    # rad and awful are Daylio's (10 and 2); Tired is no word it can place, shown as spelt.
    assert daylio.labels(DAYLIO) == ["Tired", "rad", "awful"]
    proposal = daylio.propose(DAYLIO)
    assert proposal.unplaced == ["Tired"]
    assert daylio.proposal_table(proposal) == [
        {"label": "rad", "mood": 10},
        {"label": "awful", "mood": 2},
        {"label": "Tired", "mood": None},
    ]
    # Unreadable input lists nothing; prepare() explains the problem instead.
    assert daylio.labels(b"\xff\xfe\x00junk") == []
    assert daylio.labels(b"full_date,time\n2024-01-01,10:00\n") == []


def test_mood_map_from_table() -> None:
    rows = [
        {"label": "rad", "mood": 10},
        {"label": " Tired ", "mood": 5.0},  # the editor gives floats; 5.0 is a whole number
        {"label": None, "mood": float("nan")},  # an empty row the user added: ignored
    ]
    assert daylio.mood_map_from_table(rows) == ({"rad": 10, "tired": 5}, [])

    mapping, problems = daylio.mood_map_from_table(
        [
            {"label": "tired", "mood": float("nan")},
            {"label": "", "mood": 3},
            {"label": "low", "mood": 0},
            {"label": "high", "mood": 11},
            {"label": "half", "mood": 4.5},
            {"label": "word", "mood": "abc"},
            {"label": "ok", "mood": 6},
            {"label": "OK", "mood": 7},
        ]
    )
    # Only "ok" = 6 is usable; every other row says what is wrong with it.
    assert mapping == {"ok": 6}
    assert problems == [
        "give 'tired' a number from 1 to 10",
        "the row with mood 3 has no label",
        "the mood for 'low' must be a whole number from 1 to 10",
        "the mood for 'high' must be a whole number from 1 to 10",
        "the mood for 'half' must be a whole number from 1 to 10",
        "the mood for 'word' must be a number from 1 to 10, not 'abc'",
        "'OK' is in the table twice, as 6 and 7",
    ]


# -- Daylio: unknown label -> mapping -> preview -> import -> import again ------------------------
def test_daylio_with_an_unknown_label_round_trip(store: Store) -> None:
    before = snapshot(store)
    plan = dataops.prepare(store, DAYLIO, "daylio")
    # Without a mapping the unknown label is a problem naming its line; nothing can be imported.
    assert not plan.ready
    assert len(plan.problems) == 1
    where, why = plan.problems[0]
    assert where == "line 2" and "'Tired' (line 2)" in why
    with pytest.raises(tideline.ImportFailed):
        dataops.run_import(store, plan)
    assert snapshot(store) == before

    mapping, problems = daylio.mood_map_from_table(
        [*daylio.proposal_table(daylio.propose(DAYLIO))[:-1], {"label": "Tired", "mood": 5}]
    )
    assert problems == []
    plan = dataops.prepare(store, DAYLIO, "daylio", mapping)
    assert plan.problems == []
    assert plan.ready
    # Three records, all mood entries, all new; the file spans 1 to 2 March 2024.
    assert plan.in_file == {"mood": 3, "contacts": 0, "urges": 0, "milestones": 0}
    assert plan.new_total == 3 and plan.skipped_total == 0
    assert (plan.first, plan.last) == (dt.date(2024, 3, 1), dt.date(2024, 3, 2))
    assert plan.table_rows() == [
        {"what": "Mood entries", "in the file": 3, "new": 3, "already there": 0}
    ]
    assert snapshot(store) == before  # a preview writes nothing

    steps: list[tuple[float, str]] = []
    report = dataops.run_import(store, plan, lambda f, text: steps.append((f, text)))
    # Four phases: parse, check, write, done.
    assert [f for f, _ in steps] == [0.1, 0.4, 0.7, 1.0]
    assert report.added == {"mood": 3, "contacts": 0, "urges": 0, "milestones": 0}
    assert dataops.success_message(report) == (
        "Imported 3 mood entries from 1 Mar 2024 to 2 Mar 2024."
    )
    rows = [
        (r["at"], r["mood"], r["activities"], r["note"], r["private"]) for r in store.rows("mood")
    ]
    # Oldest first: awful = 2 at 20:39; rad = 10 at 8:00 am; Tired mapped to 5 at 10:15 pm
    # with its activities split on "|" and note title + blank line + note.
    assert rows == [
        (dt.datetime(2024, 3, 1, 20, 39), 2, [], "", True),
        (dt.datetime(2024, 3, 2, 8, 0), 10, [], "", True),
        (dt.datetime(2024, 3, 2, 22, 15), 5, ["work", "friends"], "Long day\n\nSlept badly", True),
    ]

    again = dataops.prepare(store, DAYLIO, "daylio", mapping)
    assert not again.ready and again.problems == []
    assert again.new_total == 0 and again.skipped_total == 3
    second = dataops.run_import(store, again)
    assert second.total_added == 0
    assert dataops.success_message(second) == (
        "Nothing new was added: everything in this file (3 entries) is already in your journal."
    )
    assert len(store.rows("mood")) == 3


def test_a_bad_row_blocks_the_whole_file(filled: Store) -> None:
    text = (
        f"{HEADER}\n"
        "2024-03-02,March 2,Saturday,25:00,good,,,\n"
        "2024-03-01,March 1,Friday,20:39,meh,,,\n"
        "2024-02-30,February 30,Friday,20:39,meh,,,\n"
    )
    before = snapshot(filled)
    plan = dataops.prepare(filled, text.encode(), "daylio")
    # Line 2 has hour 25, line 4 a 30 February; the good line 3 waits with them.
    assert [where for where, _ in plan.problems] == ["line 2", "line 4"]
    assert "impossible hour" in plan.problems[0][1]
    assert "2024-02-30" in plan.problems[1][1]
    assert not plan.ready
    with pytest.raises(tideline.ImportFailed, match="line 2"):
        dataops.run_import(filled, plan)
    assert snapshot(filled) == before


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"", "daylio", "empty"),
        (b"   \n", "tideline", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "daylio", "binary|UTF-8"),
        (LATIN1, "daylio", "UTF-8"),
        (NO_MOOD_COLUMN, "daylio", "'mood'"),
        (b'{"format": "tideline/1", "mood": [', "tideline", "not valid JSON"),
        (b"PK\x03\x04 not really a zip", "csv_zip", "not a zip"),
        (b"date,category\n2024-03-14,Mood\n", "bearable", "rating/amount"),
        (DAYLIO, "nonsense", "unknown format"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing(
    filled: Store, data: bytes, kind: str, message: str
) -> None:
    before = snapshot(filled)
    with pytest.raises(ValidationError, match=message):
        dataops.prepare(filled, data, kind)
    assert snapshot(filled) == before


def test_undetectable_files_say_so() -> None:
    with pytest.raises(ValidationError, match="empty"):
        formats.detect(b"")
    with pytest.raises(ValidationError, match="binary"):
        formats.detect(b"abc\x00def")
    with pytest.raises(ValidationError, match="not a Tideline export"):
        formats.detect(b'{"hello": 1}')


# -- tideline JSON and the CSV zip ----------------------------------------------------------------
def test_tideline_json_bad_entries_are_placed(store: Store) -> None:
    payload = {
        "format": "tideline/1",
        "mood": [{"at": "2024-03-01T20:00", "mood": 5}, {"at": "2024-03-02T20:00", "mood": 11}],
        "milestones": [{"on": "2024-02-30", "kind": "breakup"}],
    }
    plan = dataops.prepare(store, json.dumps(payload).encode(), "tideline")
    # The second mood entry and the first milestone are bad.
    assert [where for where, _ in plan.problems] == ["mood entry 2", "milestones entry 1"]
    assert "mood must be from 1 to 10, not 11" in plan.problems[0][1]
    assert not plan.ready
    assert store.is_empty()


def test_unknown_top_level_key_is_a_file_problem(store: Store) -> None:
    plan = dataops.prepare(store, b'{"format": "tideline/1", "moods": []}', "tideline")
    assert plan.problems == [("file", "unknown key(s) at the top level: moods")]


def test_json_export_imports_into_an_empty_journal_with_its_settings(
    filled: Store, tmp_path: Path
) -> None:
    filled.save_settings({"day_start_hour": 6, "no_contact_goal_days": 45})
    data = tideline.export_json(filled)
    assert json.loads(data)["format"] == "tideline/1"
    with Store(tmp_path / "empty.duckdb") as empty:
        plan = dataops.prepare(empty, data, formats.detect(data))
        assert plan.kind == "tideline"
        # One entry per table, all new; the settings travel with the file.
        assert plan.new == {"mood": 1, "contacts": 1, "urges": 1, "milestones": 1}
        assert plan.settings["day_start_hour"] == 6
        assert plan.settings["no_contact_goal_days"] == 45
        assert plan.first == dt.date(2024, 1, 20) and plan.last == dt.date(2024, 2, 3)
        report = dataops.run_import(empty, plan)
        assert dataops.success_message(report) == (
            "Imported 1 mood entry, 1 contact, 1 urge and 1 milestone "
            "from 20 Jan 2024 to 3 Feb 2024. "
            "Settings changed: day start 4 -> 6, no-contact goal 30 -> 45."
        )
        assert empty.settings()["day_start_hour"] == 6
        assert snapshot(empty)["mood"] == snapshot(filled)["mood"]


def test_csv_zip_round_trip_and_placed_errors(filled: Store, tmp_path: Path) -> None:
    data = csv_zip.csv_zip(filled)
    assert formats.detect(data) == "csv_zip"
    # Importing into the journal it came from finds all four entries already there.
    plan = dataops.prepare(filled, data, "csv_zip")
    assert plan.problems == [] and plan.new_total == 0 and plan.skipped_total == 4

    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("mood.csv", "at,mood\n2024-03-01T20:00:00,5\n2024-03-02T20:00:00,0\n")
    plan = dataops.prepare(filled, broken.read_bytes(), "csv_zip")
    # Entry 2 of mood.csv sits on line 3 (the header is line 1).
    assert [where for where, _ in plan.problems] == ["mood.csv line 3"]


# -- wording ------------------------------------------------------------------------------------
def test_counts_span_and_messages() -> None:
    assert dataops.counts_text({"mood": 2, "urges": 1}) == "2 mood entries and 1 urge"
    assert dataops.counts_text({}) == "no entries"
    assert wording.span(dt.date(2024, 3, 1), dt.date(2024, 3, 1)) == "on 1 Mar 2024"
    assert wording.span(None, None) == ""
    report = tideline.ImportReport(
        {"mood": 2, "contacts": 0, "urges": 0, "milestones": 0},
        {"mood": 1, "contacts": 0, "urges": 0, "milestones": 0},
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 1),
    )
    assert dataops.success_message(report) == (
        "Imported 2 mood entries on 1 Mar 2024. 1 already in your journal was skipped."
    )
    assert formats.export_name("csv", dt.date(2026, 3, 1)) == "tideline-20260301-csv.zip"
    assert (
        dataops.settings_error(ValidationError("no_contact_goal_days must be from 1 to 3650"))
        == "The no-contact goal must be from 1 to 3650"
    )


# -- backups ------------------------------------------------------------------------------------
def test_list_backups_newest_first_and_only_this_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.duckdb"
    assert dataops.list_backups(path) == []
    with Store(path) as s:
        first = s.backup()
        second = s.backup()
    with Store(tmp_path / "other.duckdb") as other:
        other.backup()
    assert first.parent == dataops.backup_dir(path) == tmp_path / "backups"
    found = dataops.list_backups(path)
    # Two backups of this journal (the other journal's is left out); same second -> by name.
    assert {b["file"] for b in found} == {first.name, second.name}
    assert [b["written"] for b in found] == sorted((b["written"] for b in found), reverse=True)
    assert all(b["size_kb"] > 0 for b in found)


def test_csv_zip_problem_after_a_three_line_note_names_the_real_line(filled: Store) -> None:
    text = (
        "at,mood,note\n"  # line 1
        '2024-03-01T20:00:00,5,"one\ntwo\nthree"\n'  # lines 2-4
        "2024-03-02T20:00:00,0,\n"  # line 5: mood 0 is out of range
        "\n"  # line 6
        "2024-03-03T20:00:00,11,\n"  # line 7
    )
    data = zip_of({"mood.csv": text})
    before = snapshot(filled)
    plan = dataops.prepare(filled, data, "csv_zip")
    assert plan.problems == [
        ("mood.csv line 5", "mood must be from 1 to 10, not 0"),
        ("mood.csv line 7", "mood must be from 1 to 10, not 11"),
    ]
    with pytest.raises(tideline.ImportFailed, match="mood.csv line 5"):
        dataops.run_import(filled, plan)
    assert snapshot(filled) == before


def test_a_lone_mood_csv_is_detected_and_imported(filled: Store) -> None:
    text = 'at,mood,note\n2024-03-01T20:00:00,6,"a\nb"\n2024-02-01T21:00:00,4,\n'
    data = text.encode()
    assert formats.detect(data) == "csv_zip"
    plan = dataops.prepare(filled, data, "csv_zip")
    # 1 Feb 21:00 mood 4 with an empty note is already in the journal.
    assert plan.problems == [] and plan.new == {
        "mood": 1,
        "contacts": 0,
        "urges": 0,
        "milestones": 0,
    }
    assert plan.skipped["mood"] == 1
    report = dataops.run_import(filled, plan)
    assert report.added["mood"] == 1
    assert [r["note"] for r in filled.rows("mood")] == ["", "a\nb"]


def test_a_download_from_the_data_page_is_recorded_without_its_content(tmp_path: Path) -> None:
    from dashboard import snapshot

    with Store(tmp_path / "j.duckdb") as s:
        s.add("mood", {"at": dt.datetime(2026, 3, 1, 20), "mood": 4, "note": "secret words"})
        data = dataops.export_bytes(s, "csv", "Data page")
        assert zipfile.ZipFile(io.BytesIO(data)).namelist()  # a real zip
        assert json.loads(dataops.export_bytes(s, "json", "Data page"))["format"] == "tideline/1"
        recorded = s.query("snapshot_exports", {"limit": 10})
        assert list(recorded["kind"]) == ["tideline_json", "csv_zip"]  # newest first
        assert [json.loads(o) for o in recorded["options"]] == [{"via": "Data page"}] * 2
        assert "secret" not in " ".join(recorded["options"])
        listed = snapshot.past_exports(s)
        assert list(listed["what"]) == ["Whole journal (JSON)", "Whole journal (CSV zip)"]
        # A whole-journal file holds private notes: the list must not say they were left out.
        assert list(listed["private notes"]) == ["included", "included"]
        assert list(listed["period"]) == ["everything", "everything"]
        # A whole-journal export does not move "since the last snapshot".
        assert bool(s.query("snapshot_last")["period_to"].isna().iloc[0])
