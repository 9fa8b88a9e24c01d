"""Encryption at rest, backup and restore, and serving: nothing leaks, nothing is lost."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from dashboard import cli, interchange, metrics, vault
from dashboard.store import Store, StoreLocked, WrongPassphrase, is_encrypted, salt_path

SECRET = "lighthouse-7f3a at dusk"
PASS = "correct horse battery"
AS_OF = dt.date(2026, 1, 20)
TABLES: dict[str, list[dict[str, Any]]] = {
    "mood": [{"at": "2026-01-10T21:30", "mood": 3, "note": f"mood {SECRET}"}],
    "contacts": [{"at": "2026-01-12T01:10", "initiator": "me", "channel": "text",
                  "note": f"contact {SECRET}"}],
    "urges": [{"at": "2026-01-13T22:00", "intensity": 7, "outcome": "resisted",
               "note": f"urge {SECRET}"}],
    "milestones": [{"on": "2026-01-10", "kind": "no_contact_start", "note": f"ms {SECRET}"}],
}  # fmt: skip


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A plain journal holding the secret in every table, closed."""
    path = tmp_path / "journal.duckdb"
    with Store(path) as s:
        s.add_many(TABLES)
    return path


def _snapshot(path: Path, passphrase: str | None = None) -> tuple[dict, dict]:
    with Store(path, passphrase=passphrase) as s:
        return interchange.export_payload(s), metrics.compute(s, as_of=AS_OF)


def _leaks(folder: Path, needle: str = SECRET) -> list[Path]:
    """Every file below folder whose bytes contain the needle (UTF-8)."""
    raw = needle.encode()
    return [p for p in folder.rglob("*") if p.is_file() and raw in p.read_bytes()]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_plain_journal_holds_the_secret_in_clear(journal: Path) -> None:
    # The leak check below is only meaningful if it finds the text in a plain file.
    assert _leaks(journal.parent) == [journal]
    assert not is_encrypted(journal)
    assert not is_encrypted(journal.parent / "missing.duckdb")


def test_encrypt_keeps_every_row_and_leaves_no_plaintext(journal: Path) -> None:
    before = _snapshot(journal)
    with Store(journal) as s:
        s.backup()  # a plaintext backup that encrypt must not leave behind
    counts, backups = vault.encrypt(journal, PASS)
    assert counts["mood"] == counts["contacts"] == counts["urges"] == counts["milestones"] == 1
    assert len(backups) == 1 and is_encrypted(backups[0]) and salt_path(backups[0]).exists()
    assert is_encrypted(journal) and salt_path(journal).exists()
    assert _leaks(journal.parent) == []
    assert _snapshot(journal, PASS) == before
    with vault.unlock(backups[0], PASS) as b:
        assert len(b.rows("mood")) == 1


def test_encrypted_journal_works_like_a_plain_one(journal: Path) -> None:
    vault.encrypt(journal, PASS)
    with Store(journal, passphrase=PASS) as s:
        assert s.encrypted and s.schema_version() == 1
        old_ids = {r["id"] for t in TABLES for r in s.rows(t)}
        # The sequence came across: a new row does not reuse an id.
        new_id = s.add("mood", {"at": "2026-01-14T10:00", "mood": 6, "note": "WAL-ONLY-NOTE"})
        assert new_id not in old_ids
        # Cursors see the attached journal and its macros (NC days 10..14 Jan = 5 days).
        cur = s.cursor()
        n = cur.execute("select count(*) from nc_days(DATE '2026-01-14')").fetchone()[0]
        assert n == 5
        assert s.query("table_counts").iloc[0].tolist() == [2, 1, 1, 1]
        # The uncheckpointed write sits in the WAL, encrypted too.
        assert _leaks(journal.parent, "WAL-ONLY-NOTE") == []
        assert s.passphrase_matches(PASS) and not s.passphrase_matches("nope nope")


def test_locked_and_wrong_passphrase_change_nothing(journal: Path) -> None:
    vault.encrypt(journal, PASS)
    before = _digest(journal.parent)
    with pytest.raises(StoreLocked, match="this journal is locked: a passphrase is needed"):
        Store(journal)
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        Store(journal, passphrase="not the one")
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase(journal, "not the one", "another passphrase")
    with pytest.raises(WrongPassphrase):
        vault.decrypt(journal, "not the one")
    with pytest.raises(vault.VaultError, match="already encrypted"):
        vault.encrypt(journal, PASS)
    assert _digest(journal.parent) == before


def test_change_passphrase_and_decrypt(journal: Path) -> None:
    before = _snapshot(journal)
    vault.encrypt(journal, PASS)
    vault.change_passphrase(journal, PASS, "a brand new one")
    with pytest.raises(WrongPassphrase):
        Store(journal, passphrase=PASS)
    assert _snapshot(journal, "a brand new one") == before
    assert _leaks(journal.parent) == []
    vault.decrypt(journal, "a brand new one")
    assert not is_encrypted(journal) and not salt_path(journal).exists()
    assert _snapshot(journal) == before
    with pytest.raises(vault.VaultError, match="not encrypted"):
        vault.decrypt(journal, PASS)


def test_missing_salt_is_a_clear_error(journal: Path) -> None:
    vault.encrypt(journal, PASS)
    salt_path(journal).rename(journal.parent / "elsewhere.salt")
    with pytest.raises(StoreLocked.__mro__[1], match="salt file .* is missing"):
        Store(journal, passphrase=PASS)


def test_new_journal_with_a_passphrase_is_created_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with vault.unlock(path, PASS) as s:
        s.add("mood", {"at": "2026-01-01T10:00", "mood": 5, "note": SECRET})
    assert is_encrypted(path)
    assert _leaks(tmp_path) == []
    with pytest.raises(StoreLocked):
        vault.unlock(path, "")


# -- the command line -------------------------------------------------------------------------
def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_encrypt_then_every_command_needs_the_passphrase(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(journal)]
    monkeypatch.setenv("TIDELINE_PASSPHRASE", "short")
    code, _, err = _run([*db, "encrypt"], capsys)
    assert code == 1 and "at least 8 characters" in err and not is_encrypted(journal)

    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    code, out, _ = _run([*db, "encrypt"], capsys)
    assert code == 0 and "now encrypted" in out and is_encrypted(journal)
    code, out, _ = _run([*db, "metrics", "--json", "--as-of", "2026-01-20"], capsys)
    assert code == 0 and '"nc_days": 11' in out  # 10..20 Jan

    monkeypatch.delenv("TIDELINE_PASSPHRASE")
    # pytest's stdin is not a terminal, so there is no one to ask.
    code, _, err = _run([*db, "metrics"], capsys)
    assert code == 1 and "locked" in err and "TIDELINE_PASSPHRASE" in err
    assert "Traceback" not in err

    before = _digest(journal.parent)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", "wrong wrong wrong")
    for command in (["metrics"], ["decrypt"], ["change-passphrase"], ["backup"]):
        code, _, err = _run([*db, *command], capsys)
        assert code == 1 and "does not unlock" in err, command
    assert _digest(journal.parent) == before


def test_cli_change_passphrase_and_decrypt(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(journal)]
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    assert _run([*db, "encrypt"], capsys)[0] == 0
    monkeypatch.setenv("TIDELINE_NEW_PASSPHRASE", "second passphrase")
    code, out, _ = _run([*db, "change-passphrase"], capsys)
    assert code == 0 and "was changed" in out
    monkeypatch.setenv("TIDELINE_PASSPHRASE", "second passphrase")
    code, out, _ = _run([*db, "decrypt"], capsys)
    assert code == 0 and not is_encrypted(journal)


def test_prompt_asks_twice_for_a_new_passphrase(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIDELINE_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["first try here", "second try here"])
    with pytest.raises(vault.VaultError, match="differ"):
        vault.ask_passphrase(journal, confirm=True, prompter=lambda _: next(answers))
    answers = iter(["same words here", "same words here"])
    got = vault.ask_passphrase(journal, confirm=True, prompter=lambda _: next(answers))
    assert got == "same words here"


def test_backup_and_restore(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(journal)]
    copy = tmp_path / "copy.duckdb"
    code, out, _ = _run([*db, "backup", str(copy)], capsys)
    assert code == 0 and copy.exists()
    with Store(journal) as s:
        s.add("mood", {"at": "2026-01-15T10:00", "mood": 8, "note": "after the backup"})
    code, out, _ = _run([*db, "restore", str(copy)], capsys)
    assert code == 0 and "kept in" in out
    with Store(journal) as s:
        assert [r["note"] for r in s.rows("mood")] == [f"mood {SECRET}"]
    # The journal as it was before the restore was backed up first.
    [saved] = (tmp_path / "backups").glob("journal-*-before-restore.duckdb")
    with Store(saved, read_only=True) as s:
        assert len(s.rows("mood")) == 2


def test_restore_refuses_what_is_not_a_tideline_backup(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"\x00\x01 not a database" * 50)
    other = tmp_path / "other.duckdb"
    import duckdb

    con = duckdb.connect(str(other))
    con.execute("create table sales (x int)")
    con.close()
    before = _digest(journal.parent)
    for source, reason in (
        (junk, "not a Tideline"),
        (other, "not a Tideline backup"),
        (tmp_path / "nowhere.duckdb", "no such file"),
        (journal, "the journal itself"),
    ):
        code, _, err = _run(["--db", str(journal), "restore", str(source)], capsys)
        assert code == 1 and reason in err, (source, err)
    assert _digest(journal.parent) == before


def test_encrypted_backup_and_restore(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    vault.encrypt(journal, PASS)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    copy = tmp_path / "enc-copy.duckdb"
    assert _run(["--db", str(journal), "backup", str(copy)], capsys)[0] == 0
    assert is_encrypted(copy) and salt_path(copy).exists()
    with vault.unlock(journal, PASS) as s:
        s.add("mood", {"at": "2026-01-15T10:00", "mood": 8})
    assert _run(["--db", str(journal), "restore", str(copy)], capsys)[0] == 0
    with vault.unlock(journal, PASS) as s:
        assert len(s.rows("mood")) == 1
    assert _leaks(tmp_path) == []


# -- serving ----------------------------------------------------------------------------------
def test_serve_lan_refuses_a_plain_journal(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(vault.subprocess, "call", lambda *a, **k: calls.append((a, k)) or 0)
    code, _, err = _run(["--db", str(journal), "serve", "--lan"], capsys)
    assert code == 1 and "refusing to serve" in err and "tideline encrypt" in err
    assert calls == []

    code, _, _ = _run(["--db", str(journal), "serve", "--port", "8600"], capsys)
    assert code == 0
    (cmd,), kwargs = calls[0]
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    assert kwargs["env"]["TIDELINE_DB"] == str(journal)


def test_serve_lan_with_an_encrypted_journal(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault.encrypt(journal, PASS)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    calls: list[Any] = []
    monkeypatch.setattr(vault.subprocess, "call", lambda *a, **k: calls.append((a, k)) or 0)
    assert _run(["--db", str(journal), "serve", "--lan"], capsys)[0] == 0
    (cmd,), kwargs = calls[0]
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0"
    assert cmd[cmd.index("run") + 1].endswith("app.py")
    # The app asks for the passphrase on its lock screen; it never inherits it.
    assert "TIDELINE_PASSPHRASE" not in kwargs["env"]


def test_encrypted_spill_files_are_encrypted_and_kept_beside_the_journal(journal: Path) -> None:
    vault.encrypt(journal, PASS)
    with vault.unlock(journal, PASS) as s:
        cur = s.cursor()
        encrypted_spill, folder = cur.execute(
            "select current_setting('temp_file_encryption'), current_setting('temp_directory')"
        ).fetchone()
    assert encrypted_spill is True
    assert Path(folder) == journal.with_name("journal.duckdb.tmp")
    # Closing tidies the (empty) spill folder away.
    assert not Path(folder).exists()
