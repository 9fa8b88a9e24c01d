"""Hostile and damaged files (issue 16 points 2 and 3): each is built here in code, and each is
refused with one sentence through the reading API, `tideline import` and the Data page, with
nothing written: false zip sizes, a zip bomb, a file over the size limit, more entries than one
import takes, a bad CRC, a corrupt deflate stream, an encrypted or unsupported-method member,
JSON nested thousands deep and lone surrogates in any text."""

from __future__ import annotations

import hashlib
import io
import json
import resource
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR, cli, dataops, formats
from dashboard.formats import archive, csv_zip, daylio_backup, tideline
from dashboard.store import Store
from dashboard.ui import session
from dashboard.validate import ValidationError

MOOD_CSV = b"at,mood\r\n2026-01-01T10:00,5\r\n2026-01-02T10:00,6\r\n"
# Offsets of the fields patched below, in the local file header (PK\3\4) and the central
# directory header (PK\1\2) of the zip's one member (APPNOTE.TXT 4.3.7 and 4.3.12).
LOCAL = {"flags": 6, "method": 8, "crc": 14, "compressed": 18, "size": 22}
CENTRAL = {"flags": 8, "method": 10, "crc": 16, "compressed": 20, "size": 24}
WIDTH = {"flags": "<H", "method": "<H", "crc": "<L", "compressed": "<L", "size": "<L"}


def one_member_zip(content: bytes, name: str = "mood.csv") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, content)
    return buf.getvalue()


def patched(data: bytes, **fields: int) -> bytes:
    """The one-member zip with header fields set to false values, in both headers."""
    out = bytearray(data)
    local, central = out.find(b"PK\x03\x04"), out.find(b"PK\x01\x02")
    assert local == 0 and central > 0
    for field, value in fields.items():
        struct.pack_into(WIDTH[field], out, local + LOCAL[field], value)
        struct.pack_into(WIDTH[field], out, central + CENTRAL[field], value)
    return bytes(out)


def corrupt_deflate(data: bytes) -> bytes:
    """The member's deflate stream starting with a reserved block type (0b11): invalid."""
    out = bytearray(data)
    name_len, extra_len = struct.unpack_from("<HH", out, 26)
    out[30 + name_len + extra_len] = 0xFF
    return bytes(out)


def zip_bomb(zeros: int) -> bytes:
    """A mood.csv of a header then `zeros` zero digits, streamed in so the test stays small."""
    buf = io.BytesIO()
    block = b"0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("mood.csv", "w", force_zip64=True) as member,
    ):
        member.write(b"at,mood\r\n")
        for _ in range(zeros // len(block)):
            member.write(block)
    return buf.getvalue()


def rows_bomb(size: int) -> bytes:
    """A small zip whose mood.csv unpacks to `size` bytes of one good row, over and over."""
    row = b"2026-01-01T10:00,5\r\n"
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("mood.csv", "w") as member,
    ):
        member.write(b"at,mood\r\n")
        block = row * (1024 * 1024 // len(row))
        for _ in range(size // len(block)):
            member.write(block)
    return buf.getvalue()


def deep_json(depth: int) -> bytes:
    nested = "[" * depth + "]" * depth
    return f'{{"format": "tideline/1", "mood": {nested}}}'.encode()


def surrogate_json() -> bytes:
    # json.dumps writes a lone surrogate as the escape \ud800, as a hostile file would.
    row = {"at": "2026-01-10T21:30", "mood": 3, "note": "bad \ud800 half"}
    return json.dumps({"format": "tideline/1", "mood": [row]}).encode()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb(300 * 1024 * 1024)


GOOD = one_member_zip(MOOD_CSV)
# name -> (file, words the one-line refusal must hold)
DAMAGED: dict[str, tuple[bytes, str]] = {
    "false small sizes": (patched(one_member_zip(MOOD_CSV * 20_000), size=40), "damaged"),
    "false big sizes": (patched(GOOD, size=50_000_000), "damaged"),
    "bad crc": (patched(GOOD, crc=0x12345678), "is damaged (what unpacks does not match"),
    "corrupt deflate": (corrupt_deflate(GOOD), "cannot be unpacked"),
    "encrypted": (patched(GOOD, flags=0x1), "encrypted"),
    "deflate64": (patched(GOOD, method=9), "method 9"),
    "deep json": (deep_json(100_000), "nested thousands of levels deep"),
}


def peak_mb() -> float:
    """This process's peak resident memory so far (informal, printed with -s, never asserted)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def refusal(data: bytes) -> str:
    """The one message a file is refused with, through detect, read and prepare."""
    with Store(":memory:") as store, pytest.raises(ValidationError) as caught:
        dataops.prepare(store, data, formats.detect(data))
    return str(caught.value)


# -- the reading API ---------------------------------------------------------------------------
def test_the_good_zip_the_others_are_made_from_reads() -> None:
    payload, _ = csv_zip.read_csv_zip(GOOD)
    assert [r["mood"] for r in payload["mood"]] == [5, 6]


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_file_is_refused_with_one_sentence(name: str) -> None:
    data, words = DAMAGED[name]
    message = refusal(data)
    assert words in message and "\n" not in message, message
    print(f"{name}: peak {peak_mb():.0f} MB")


def test_a_zip_bomb_is_stopped_at_the_unpacked_limit(bomb: bytes) -> None:
    assert len(bomb) < 1024 * 1024  # a small file...
    message = refusal(bomb)  # ...that would unpack to 300 MB
    assert "unpacks to more than 200 MB" in message and "\n" not in message
    print(f"zip bomb: peak {peak_mb():.0f} MB")


def test_a_zip_under_the_byte_limit_with_millions_of_rows_is_stopped() -> None:
    # 120 MB of 20-byte rows: 6 million lines, more than 5 per entry one import takes.
    bomb = rows_bomb(120 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    message = refusal(bomb)
    assert "more than 5,000,000 lines" in message and "\n" not in message
    print(f"rows bomb: peak {peak_mb():.0f} MB")


def test_a_zip_of_many_members_shares_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each member alone is under the limit; together they are not.
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 90)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mood.csv", MOOD_CSV)  # 49 bytes, then 51
        zf.writestr("urges.csv", b"at,intensity,outcome\r\n2026-01-01T10:00,5,resisted\r\n")
    with pytest.raises(archive.UnreadableFile, match="at urges.csv"):
        csv_zip.read_csv_zip(buf.getvalue())


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(archive.MAX_FILE_BYTES + 1)  # sparse: no time, no disk
    with pytest.raises(archive.UnreadableFile, match="imports files up to 200 MB"):
        formats.read_file(big)
    # Bytes already in memory (an upload) are checked before they are looked at.
    with pytest.raises(ValidationError, match="up to 200 MB"):
        formats.detect(b"PK\x03\x04" + bytes(archive.MAX_FILE_BYTES))


ROWS = {
    "tideline": json.dumps(
        {"format": "tideline/1", "mood": [{"at": f"2026-01-0{d}T10:00", "mood": 5} for d in "1234"]}
    ).encode(),
    "csv_zip": one_member_zip(
        b"at,mood\r\n" + b"".join(b"2026-01-0%dT10:00,5\r\n" % d for d in range(1, 5))
    ),
    "daylio": b"full_date,date,weekday,time,mood,activities,note_title,note\n"
    + b"".join(b"2024-05-0%d,May %d,Wed,07:45,good,,,\n" % (d, d) for d in range(1, 5)),
}


@pytest.mark.parametrize("kind", ROWS)
def test_more_entries_than_one_import_takes_are_refused(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file holds 4 entries; with a limit of 3 every reader stops with one line.
    monkeypatch.setattr(archive, "MAX_ROWS", 3)
    with Store(":memory:") as store, pytest.raises(ValidationError) as caught:
        dataops.prepare(store, ROWS[kind], kind)
    assert "more than one import of at most 3 entries takes" in str(caught.value)
    monkeypatch.setattr(archive, "MAX_ROWS", 4)
    with Store(":memory:") as store:
        assert dataops.prepare(store, ROWS[kind], kind).in_file["mood"] == 4


def test_a_flat_json_of_empty_objects_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(archive, "MAX_ROWS", 10)
    data = b'{"format": "tideline/1", "mood": [' + b",".join([b"{}"] * 41) + b"]}"
    with pytest.raises(ValidationError, match="more than 40 JSON objects and lists"):
        formats.detect(data)


def test_many_empty_lines_are_refused_before_they_are_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(archive, "MAX_ROWS", 10)
    data = b"full_date,date,weekday,time,mood\n" + b"\n" * 60
    with Store(":memory:") as store, pytest.raises(ValidationError, match="more than 50 lines"):
        dataops.prepare(store, data, "daylio")


@pytest.mark.parametrize("kind", ["daylio", "csv_zip"])
def test_a_one_line_file_of_many_cells_is_refused_before_it_is_split(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_ROWS", 10)
    data = b"full_date,date,weekday,time,mood" + b",ab" * 121 + b"\n"
    if kind == "csv_zip":
        data = one_member_zip(b"at,mood" + b",ab" * 121 + b"\r\n")
    with Store(":memory:") as store, pytest.raises(ValidationError, match="more than 120 cells"):
        dataops.prepare(store, data, formats.detect(data))


def test_json_nested_just_under_the_recursion_limit_is_a_sentence_too() -> None:
    # json.loads manages it; what reads the rows afterwards must not raise RecursionError.
    for depth in (900, 990):
        with Store(":memory:") as store:
            try:
                plan = dataops.prepare(store, deep_json(depth), "tideline")
            except ValidationError as exc:
                assert "\n" not in str(exc)
            else:
                assert plan.problems and not plan.ready


def test_a_daylio_backup_nested_thousands_deep_is_one_sentence() -> None:
    import base64

    inner = base64.b64encode(b'{"dayEntries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    with pytest.raises(archive.UnreadableFile, match="nested thousands"):
        daylio_backup.parse(one_member_zip(inner, daylio_backup.MEMBER))


def test_a_json_file_of_far_more_values_than_entries_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With at most 10 entries, at most 8 values each: 80. 81 short words are refused unread;
    # 10 real entries (3 commas and brackets each, 33 in all) are not.
    monkeypatch.setattr(archive, "MAX_ROWS", 10)
    words = b'{"format": "tideline/1", "mood": [' + b",".join([b'"ab"'] * 80) + b"]}"
    with pytest.raises(ValidationError, match="more than 80 JSON values"):
        formats.detect(words)
    rows = [{"at": f"2026-01-{d:02d}T10:00", "mood": 5} for d in range(1, 11)]
    data = json.dumps({"format": "tideline/1", "mood": rows}).encode()
    with Store(":memory:") as store:
        assert dataops.prepare(store, data, formats.detect(data)).new["mood"] == 10


def test_a_json_file_over_its_own_size_limit_is_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(archive, "MAX_JSON_BYTES", 100)
    data = json.dumps({"format": "tideline/1", "mood": [], "pad": "x" * 60}).encode()
    assert len(data) > 100
    with Store(":memory:") as store, pytest.raises(ValidationError) as caught:
        dataops.prepare(store, data, "tideline")
    assert "imports JSON files up to 100 bytes" in str(caught.value)


def test_a_file_of_many_bad_entries_lists_the_first_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tideline, "MAX_ERRORS_KEPT", 2)
    good = {"at": "2026-01-01T10:00", "mood": 5}
    rows = [good, {"mood": 5}, good, {"mood": 11, "at": "2026-01-02T10:00"}, "x", {}, {}]
    errors = tideline.parse_payload({"format": "tideline/1", "mood": rows}).errors
    assert errors == [
        "mood[1] (entry 2): missing at in a mood entry",
        "mood[3] (entry 4): mood must be from 1 to 10, not 11",
        "… and 3 more entries that cannot be imported",
    ]


def test_a_payload_read_only_to_be_imported_is_emptied_as_it_is_checked() -> None:
    rows = [{"at": "2026-01-01T10:00", "mood": 5}, {"at": "2026-01-02T10:00", "mood": 6}]
    kept = {"format": "tideline/1", "mood": list(rows)}
    assert len(tideline.parse_payload(kept).tables["mood"]) == 2
    assert kept["mood"] == rows  # by default the caller's payload is left as it was
    eaten = {"format": "tideline/1", "mood": list(rows)}
    parsed = tideline.parse_payload(eaten, consume=True)
    assert eaten["mood"] == [] and [r["mood"] for r in parsed.tables["mood"]] == [5, 6]


def test_a_bulk_insert_goes_in_batches_keeping_every_entry_and_its_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dashboard import store as store_module

    monkeypatch.setattr(store_module, "BULK_ROWS", 2)
    monkeypatch.setattr(store_module, "BATCH_ROWS", 3)
    rows = [{"at": f"2026-01-0{d}T10:00", "mood": d, "activities": ["walk"]} for d in range(1, 9)]
    with Store(":memory:") as store:
        ids = store.add_many({"mood": rows})
        stored = store.rows("mood")
    assert len(ids) == 8 and ids == sorted(set(ids))  # 3 + 3 + 2, one id each, in order
    assert [(r["mood"], r["activities"]) for r in stored] == [(d, ["walk"]) for d in range(1, 9)]


def test_a_run_import_writes_the_rows_its_preview_checked() -> None:
    data = ROWS["tideline"]
    with Store(":memory:") as store:
        plan = dataops.prepare(store, data, "tideline")
        assert plan.ready and plan.parsed is not None
        # Entries added between the preview and the import are matched again, not added twice.
        store.add("mood", {"at": "2026-01-01T10:00", "mood": 5})
        report = dataops.run_import(store, plan)
        assert report.added == {"mood": 3, "contacts": 0, "urges": 0, "milestones": 0}
        assert report.skipped["mood"] == 1 and len(store.rows("mood")) == 4


def test_an_import_pauses_the_cycle_collector_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    seen = []
    real = tideline.preview
    monkeypatch.setattr(
        tideline, "preview", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k)
    )
    assert gc.isenabled()
    with Store(":memory:") as store:
        with dataops.gc_paused():  # two at once (two sessions): the last one gives it back
            plan = dataops.prepare(store, ROWS["tideline"], "tideline")
            assert not gc.isenabled()
        assert gc.isenabled() and seen == [False]
        with pytest.raises(ValidationError), dataops.gc_paused():
            raise ValidationError("a failed import")
        assert gc.isenabled()
        dataops.run_import(store, plan)
        assert gc.isenabled() and len(store.rows("mood")) == 4


# -- lone surrogates ---------------------------------------------------------------------------
def test_a_lone_surrogate_in_a_json_note_names_the_entry_and_field() -> None:
    with Store(":memory:") as store:
        plan = dataops.prepare(store, surrogate_json(), "tideline")
    assert not plan.ready
    [(where, why)] = plan.problems
    assert where == "mood entry 1" and why.startswith("note holds broken text")


def test_lone_surrogates_among_good_entries_are_named_in_file_order() -> None:
    good = {"at": "2026-01-01T10:00", "mood": 5}
    rows = [
        good,
        {"at": "2026-01-01T11:00", "mood": 5, "activities": ["walk", "ru\udc80n"]},
        {"mood": 5},
        {"at": "2026-01-01T12:00", "mood": 5, "note": "\ud83d"},
        good,
    ]
    parsed = tideline.parse_payload({"format": "tideline/1", "mood": rows})
    assert [e.split(":")[0] for e in parsed.errors] == [
        "mood[1] (entry 2)",
        "mood[2] (entry 3)",
        "mood[3] (entry 4)",
    ]
    assert "activities holds broken text" in parsed.errors[0]
    assert "note holds broken text" in parsed.errors[2]
    assert len(parsed.tables["mood"]) == 2


def test_a_lone_surrogate_in_a_csv_list_cell_names_its_line() -> None:
    data = one_member_zip(b'at,mood,emotions\r\n2026-01-01T10:00,5,"[""\\udc80""]"\r\n')
    with Store(":memory:") as store:
        plan = dataops.prepare(store, data, "csv_zip")
    [(where, why)] = plan.problems
    assert where == "mood.csv line 2" and why.startswith("emotions holds broken text")


def test_a_lone_surrogate_in_settings_or_a_key_is_refused() -> None:
    payload = {
        "format": "tideline/1",
        "settings": {"intent": "\udfff"},
        "mood": [{"at": "2026-01-10T21:30", "mood": 3, "no\ud800te": "x"}],
    }
    errors = tideline.parse_payload(payload).errors
    assert errors[0].startswith("settings: intent holds broken text")
    # The field's name is shown escaped, so the message itself can be printed.
    assert errors[1].startswith("mood[0] (entry 1): no\\ud800te holds broken text")


def test_encoded_surrogates_in_a_csv_file_are_not_utf8() -> None:
    data = b"full_date,date,weekday,time,mood,note\n2024-05-01,May 1,Wed,07:45,good,\xed\xa0\x80\n"
    with Store(":memory:") as store, pytest.raises(ValidationError, match="not UTF-8 text"):
        dataops.prepare(store, data, formats.detect(data))


# -- the command line --------------------------------------------------------------------------
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A journal holding one entry, so "unchanged" is a real check."""
    path, src = tmp_path / "t.duckdb", tmp_path / "one.json"
    row = {"at": "2026-01-09T09:00", "mood": 7}
    src.write_text(json.dumps({"format": "tideline/1", "mood": [row]}), encoding="utf-8")
    assert cli.main(["--db", str(path), "import", str(src)]) == 0
    capsys.readouterr()
    return path


def cli_refuses(db: Path, file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = digest(db)
    code = cli.main(["--db", str(db), "import", str(file)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and err.startswith("tideline: error: "), err
    assert digest(db) == before
    return err


CLI_FILES: dict[str, Callable[[], bytes]] = {
    "bad crc": lambda: DAMAGED["bad crc"][0],
    "corrupt deflate": lambda: DAMAGED["corrupt deflate"][0],
    "encrypted": lambda: DAMAGED["encrypted"][0],
    "deflate64": lambda: DAMAGED["deflate64"][0],
    "false small sizes": lambda: DAMAGED["false small sizes"][0],
    "deep json": lambda: DAMAGED["deep json"][0],
    "surrogate": surrogate_json,
}


@pytest.mark.parametrize("name", CLI_FILES)
def test_cli_import_refuses_a_damaged_file_on_one_line(
    name: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / f"{name.replace(' ', '-')}.zip"
    file.write_bytes(CLI_FILES[name]())
    err = cli_refuses(db, file, capsys)
    assert "Traceback" not in err
    with Store(db) as s:
        assert [r["mood"] for r in s.rows("mood")] == [7]


def test_cli_import_refuses_a_zip_bomb(
    bomb: bytes, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "bomb.zip"
    file.write_bytes(bomb)
    assert "unpacks to more than 200 MB" in cli_refuses(db, file, capsys)


def test_cli_import_refuses_a_file_over_the_size_limit(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "huge.json"
    with file.open("wb") as handle:
        handle.truncate(archive.MAX_FILE_BYTES + 1)
    assert "imports files up to 200 MB" in cli_refuses(db, file, capsys)
    print(f"size limit via the CLI: peak {peak_mb():.0f} MB")


# -- the Data page ------------------------------------------------------------------------------
APP = PROJECT_DIR / "dashboard" / "app.py"


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.duckdb"
    monkeypatch.setenv("TIDELINE_DB", str(path))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(tmp_path / "demo.duckdb"))
    return path


def data_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    at.switch_page("pages/data.py")
    return at.run()


PAGE_FILES = ("bad crc", "corrupt deflate", "encrypted", "deep json", "surrogate")


@pytest.mark.parametrize("name", PAGE_FILES)
def test_the_data_page_says_why_a_damaged_file_is_refused(name: str, journal: Path) -> None:
    at = data_page()
    assert not at.exception
    at.file_uploader[0].set_value((f"{name}.zip", CLI_FILES[name](), "application/zip")).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "nothing" in errors[0].lower(), errors
    assert not [b for b in at.button if b.label.startswith("Import")]
    with Store(journal) as s:
        assert s.rows("mood") == []
