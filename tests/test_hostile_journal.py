"""Hostile journals and interrupted commands (issue 16, points 4, 5 and 7): no plaintext copy
outlives the command that made it, no connection may fetch an extension, and a file that is
damaged, foreign or from a newer Tideline is named for what it is, with nothing written."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pytest

from dashboard import cli, crypto, vault
from dashboard.errors import NotAJournal, StoreCorrupt
from dashboard.formats import tideline
from dashboard.sqlfiles import load_sql
from dashboard.store import Store, StoreError, StoreInUse, is_encrypted

PASS = "correct horse battery"
SECRET = "only-in-the-journal-7f3a"
MOOD = {"at": "2026-03-02T09:00", "mood": 4, "note": SECRET}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tideline: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A plain journal whose one mood note is SECRET."""
    store = Store(tmp_path / "journal.duckdb")
    store.add("mood", MOOD)
    store.close()
    return store.path


def _plain_copy(journal: Path, dest: Path) -> None:
    """A whole plaintext journal under another name, as a killed `decrypt` leaves it."""
    with Store(journal) as store:
        store.cursor().execute("checkpoint")
    shutil.copyfile(journal, dest)


# -- point 4: no plaintext left behind -----------------------------------------------------------
LEFTOVERS = [
    "journal.duckdb.rewrite",
    "journal.duckdb.rewrite.wal",
    "journal.duckdb.restore",
    "journal.duckdb.salt.new",
    "journal.duckdb.tmp/duckdb_temp_storage-0.tmp",
    ".journal.duckdb.a1b2c3.part",
    "backups/.journal-20261202-101010-manual.duckdb.x9y8.part",
]


@pytest.mark.parametrize("name", LEFTOVERS)
def test_any_command_scrubs_what_a_killed_command_left(
    journal: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    vault.encrypt(journal, PASS)
    left = journal.parent / name
    left.parent.mkdir(exist_ok=True)
    _plain_copy_of_secret(left)
    # A command that does not even open the journal.
    code, _, _ = _run(["--db", str(journal), "guidance", "--all"], capsys)
    assert code == 0
    assert not left.exists()
    assert is_encrypted(journal)
    with vault.unlock(journal, PASS) as store:
        assert [r["note"] for r in store.rows("mood")] == [SECRET]


def _plain_copy_of_secret(dest: Path) -> None:
    _execute(dest, "create table mood (note varchar)", f"insert into mood values ('{SECRET}')")


def test_the_apps_store_open_scrubs_a_killed_decrypts_copy(journal: Path) -> None:
    left = journal.with_name(journal.name + ".rewrite")
    _plain_copy(journal, left)
    with Store(journal) as store:
        assert len(store.rows("mood")) == 1
    assert not left.exists()


def test_an_output_still_being_written_is_left_alone(tmp_path: Path) -> None:
    part = tmp_path / ".out.json.live.part"
    part.write_text("{}")
    fd = os.open(part, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert crypto.clear_parts(tmp_path, ".out.json.*.part") == []
        assert part.exists()
    finally:
        os.close(fd)
    assert crypto.clear_parts(tmp_path, ".out.json.*.part") == [part]
    assert not part.exists()


def test_a_decrypt_failing_at_its_last_step_leaves_no_readable_plaintext(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.encrypt(journal, PASS)
    real_replace, seen = os.replace, {}

    def failing_swap(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == journal:
            # The plaintext copy, complete and about to take the journal's name.
            seen["mode"] = os.stat(src).st_mode & 0o777
            raise OSError("disk pulled out")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_swap)
    with pytest.raises(OSError, match="disk pulled out"):
        vault.decrypt(journal, PASS)
    monkeypatch.undo()
    # While it existed, no other account could read the copy ...
    assert seen["mode"] & 0o077 == 0, oct(seen["mode"])
    # ... and nothing readable is left: only the encrypted journal and its salt.
    files = sorted(p.name for p in journal.parent.rglob("*") if p.is_file())
    assert files == ["journal.duckdb", "journal.duckdb.salt"]
    assert is_encrypted(journal)
    assert SECRET.encode() not in journal.read_bytes()


# -- point 5: no extension download ----------------------------------------------------------
def _settings(store: Store) -> dict[str, bool]:
    rows = store.query("admin/extension_settings")
    return {name: value.lower() == "true" for name, value in rows.itertuples(index=False)}


OFF = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def test_every_connection_has_extension_downloads_off(journal: Path, tmp_path: Path) -> None:
    with Store(journal) as store:
        assert _settings(store) == OFF
    with Store(journal, read_only=True) as store:
        assert _settings(store) == OFF
    with Store(tmp_path / "locked.duckdb", passphrase=PASS) as store:
        assert _settings(store) == OFF
    for con in (crypto.connect(journal, read_only=True), crypto.vault_connection(journal)):
        try:
            rows = con.execute(load_sql("admin/extension_settings")).fetchall()
        finally:
            con.close()
        assert {n: v.lower() == "true" for n, v in rows} == OFF


def test_a_sqlite_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "some.sqlite"
    con = sqlite3.connect(db)
    con.execute("create table mood (at text, mood integer)")
    con.commit()
    con.close()
    before = _digest(db)
    code, _, err = _run(["--db", str(db), "metrics"], capsys)
    line = _one_line(err)
    assert code == 1 and "SQLite database" in line and "not a Tideline database" in line
    assert "download" not in line.lower() and "extension" not in line.lower()
    assert _digest(db) == before


# -- point 7: honest errors ------------------------------------------------------------------
def _damage(journal: Path) -> None:
    """Flip bytes inside the first data block: its checksum no longer matches."""
    with Store(journal) as store:
        store.cursor().execute("checkpoint")
    data = bytearray(journal.read_bytes())
    for i in range(12288 + 64, 12288 + 1024):
        data[i] ^= 0xFF
    journal.write_bytes(bytes(data))


def test_a_corrupt_journal_is_called_damaged_not_in_use(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(journal)
    with pytest.raises(StoreCorrupt, match="damaged") as caught:
        Store(journal)
    assert not isinstance(caught.value, StoreInUse)
    code, _, err = _run(["--db", str(journal), "metrics"], capsys)
    line = _one_line(err)
    assert code == 1 and "damaged" in line and "in use" not in line


def _execute(path: Path, *statements: str) -> None:
    con = duckdb.connect(str(path), config=dict(crypto.NO_DOWNLOADS))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def _refused_unchanged(
    db: Path, why: str, commands: list[list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The Store and each command refuse the file in one line naming `why`; no byte changes."""
    files = {p.name: _digest(p) for p in db.parent.rglob("*") if p.is_file()}
    with pytest.raises(NotAJournal, match=why):
        Store(db)
    for argv in commands:
        code, _, err = _run(["--db", str(db), *argv], capsys)
        assert code == 1 and why in _one_line(err), argv
    assert {p.name: _digest(p) for p in db.parent.rglob("*") if p.is_file()} == files


def test_a_duckdb_file_that_is_not_a_journal_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "sales.duckdb"
    _execute(other, "create table sales (x integer)", "insert into sales values (1)")
    commands = [["metrics"], ["demo"], ["export", str(tmp_path / "out.json")], ["backup"]]
    _refused_unchanged(other, "not a Tideline database", commands, capsys)


def test_a_journal_from_a_newer_tideline_is_refused_unchanged(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _execute(journal, "insert into schema_version (version) values (999)", "checkpoint")
    commands = [["metrics"], ["demo", "--force"], ["backup"]]
    _refused_unchanged(journal, "newer Tideline", commands, capsys)
    assert not (journal.parent / "backups").exists()


def test_argparse_errors_are_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "j.duckdb")
    for argv in (["metrics", "--bogus"], ["nosuchcommand"], ["metrics", "--as-of", "soon"], []):
        code, _, err = _run(["--db", db, *argv], capsys)
        assert code == 1, argv
        _one_line(err)


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--end", "9999-12-31"],
        ["demo", "--years", "1e6"],
        ["demo", "--years", "nan"],
        ["metrics", "--since", "0001-01-01"],
        ["snapshot", "--from", "0001-01-01", "--to", "2026-12-01", "--out", "s.html"],
        ["snapshot", "--from", "1900-01-01", "--to", "2026-12-01", "--out", "s.html"],
    ],
)
def test_far_dates_and_long_periods_answer_in_one_line(
    journal: Path,
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    fresh = tmp_path / "fresh.duckdb"
    db = fresh if argv[0] == "demo" else journal
    code, out, err = _run(["--db", str(db), *argv], capsys)
    assert code == 1 and out == ""
    _one_line(err)
    assert not fresh.exists()
    assert not (tmp_path / "s.html").exists()


def test_a_failed_demo_leaves_no_empty_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kw: object) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(tideline, "import_payload", refuse)
    db = tmp_path / "new.duckdb"
    code, _, err = _run(["--db", str(db), "demo"], capsys)
    assert code == 1 and "the disk is full" in _one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
