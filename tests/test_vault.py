"""Encryption at rest, backup and restore, and serving: nothing leaks, nothing is lost."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from dashboard import cli, cli_vault, metrics, vault
from dashboard.formats import tideline
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
        return tideline.export_payload(s), metrics.compute(s, as_of=AS_OF)


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
    monkeypatch.setattr(cli_vault.subprocess, "call", lambda *a, **k: calls.append((a, k)) or 0)
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
    monkeypatch.setattr(cli_vault.subprocess, "call", lambda *a, **k: calls.append((a, k)) or 0)
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


# -- restoring a backup made under another passphrase -----------------------------------------
NEW_PASS = "a second passphrase"


def test_restore_a_backup_made_under_an_old_passphrase(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    db = ["--db", str(journal)]
    monkeypatch.delenv("TIDELINE_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    assert _run([*db, "encrypt"], capsys)[0] == 0
    copy = tmp_path / "old-pass.duckdb"
    assert _run([*db, "backup", str(copy)], capsys)[0] == 0
    monkeypatch.setenv("TIDELINE_NEW_PASSPHRASE", NEW_PASS)
    assert _run([*db, "change-passphrase"], capsys)[0] == 0
    monkeypatch.setenv("TIDELINE_PASSPHRASE", NEW_PASS)
    with vault.unlock(journal, NEW_PASS) as s:
        s.add("mood", {"at": "2026-01-15T10:00", "mood": 8, "note": "after the backup"})
    salt = salt_path(journal).read_bytes()

    # The current passphrase does not open the backup, and nobody is there to type the old one.
    before = _digest(journal.parent)
    code, _, err = _run([*db, "restore", str(copy)], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "old-pass.duckdb is locked with another passphrase" in err
    assert "TIDELINE_BACKUP_PASSPHRASE" in err
    monkeypatch.setenv("TIDELINE_BACKUP_PASSPHRASE", "not the old one")
    code, _, err = _run([*db, "restore", str(copy)], capsys)
    assert code == 1 and "that passphrase does not unlock old-pass.duckdb" in err
    assert _digest(journal.parent) == before

    monkeypatch.setenv("TIDELINE_BACKUP_PASSPHRASE", PASS)
    code, out, err = _run([*db, "restore", str(copy)], capsys)
    assert (code, err) == (0, "")
    assert "opens with your current passphrase" in out
    # One passphrase for the user: the restored journal opens with the current one only.
    with vault.unlock(journal, NEW_PASS) as s:
        assert [r["note"] for r in s.rows("mood")] == [f"mood {SECRET}"]
    with pytest.raises(WrongPassphrase):
        vault.unlock(journal, PASS)
    assert salt_path(journal).read_bytes() == salt
    # The backup itself is untouched and still opens with its own passphrase.
    with Store(copy, read_only=True, passphrase=PASS) as b:
        assert len(b.rows("mood")) == 1
    assert _leaks(tmp_path) == []


def test_a_plain_backup_restored_into_an_encrypted_journal_stays_locked(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    plain = tmp_path / "plain-copy.duckdb"
    with Store(journal) as s:
        s.backup(plain)
    vault.encrypt(journal, PASS)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    code, out, _ = _run(["--db", str(journal), "restore", str(plain)], capsys)
    assert code == 0 and "opens with your current passphrase" in out
    assert is_encrypted(journal)
    assert _leaks(tmp_path) == [plain]  # only the plain backup the user chose holds the text
    with vault.unlock(journal, PASS) as s:
        assert len(s.rows("contacts")) == 1


def test_an_encrypted_backup_restored_into_a_plain_journal_keeps_its_passphrase(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    other = tmp_path / "other" / "j.duckdb"
    with vault.unlock(other, NEW_PASS) as s:
        s.add("mood", {"at": "2026-01-02T10:00", "mood": 7, "note": "from the other one"})
        copy = s.backup(tmp_path / "enc.duckdb")
    monkeypatch.delenv("TIDELINE_PASSPHRASE", raising=False)
    monkeypatch.setenv("TIDELINE_BACKUP_PASSPHRASE", NEW_PASS)
    code, out, _ = _run(["--db", str(journal), "restore", str(copy)], capsys)
    assert code == 0 and "opens with the backup's passphrase" in out
    assert salt_path(journal).read_bytes() == salt_path(copy).read_bytes()
    with vault.unlock(journal, NEW_PASS) as s:
        assert [r["note"] for r in s.rows("mood")] == ["from the other one"]


# -- a restore cut off between its steps ------------------------------------------------------
CUT = """
import os, sys
from dashboard import vault
journal, source, where = sys.argv[1], sys.argv[2], sys.argv[3]
real = vault._swap_in

def swap(incoming, path):
    if where == "before-swap":
        os._exit(9)  # the power goes: no cleanup, no finally
    real(incoming, path)
    os._exit(9)

vault._swap_in = swap
vault.restore(journal, source, os.environ.get("J_PASS") or None, os.environ.get("B_PASS"))
"""


@pytest.mark.parametrize("where", ["before-swap", "after-swap"])
@pytest.mark.parametrize("mode", ["plain", "encrypted"])
def test_a_restore_cut_off_at_any_step_leaves_a_journal_that_opens(
    journal: Path, tmp_path: Path, mode: str, where: str
) -> None:
    """Backup under another passphrase and salt than the journal, process killed mid-way."""
    import os
    import subprocess
    import sys

    from dashboard import PROJECT_DIR

    other = tmp_path / "other" / "j.duckdb"
    with vault.unlock(other, NEW_PASS) as s:
        s.add("mood", {"at": "2026-01-02T10:00", "mood": 7, "note": "from the backup"})
        copy = s.backup(tmp_path / "enc.duckdb")
    current = PASS if mode == "encrypted" else None
    if current:
        vault.encrypt(journal, current)
    salt_before = salt_path(journal).read_bytes() if current else None
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_DIR),
        "B_PASS": NEW_PASS,
        "J_PASS": current or "",
    }
    done = subprocess.run(
        [sys.executable, "-c", CUT, str(journal), str(copy), where],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stderr
    # Whatever step it stopped at, the journal opens with the passphrase that fits its salt.
    if where == "before-swap":
        expected, opens_with = [f"mood {SECRET}"], current
    else:
        # An encrypted journal keeps its passphrase; a plain one takes the backup's.
        expected, opens_with = ["from the backup"], current or NEW_PASS
    with Store(journal, passphrase=opens_with) as s:
        assert [r["note"] for r in s.rows("mood")] == expected
    if current:
        assert salt_path(journal).read_bytes() == salt_before
    # Running it again finishes the job over what was left behind.
    vault.restore(journal, copy, opens_with, NEW_PASS)
    with Store(journal, passphrase=current or NEW_PASS) as s:
        assert [r["note"] for r in s.rows("mood")] == ["from the backup"]
    assert not journal.with_name(journal.name + ".restore").exists()
    if current:
        # (A plain journal's own backups are plain, as it was.)
        assert _leaks(tmp_path) == []


def test_a_failed_swap_cleans_up_and_changes_nothing(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.encrypt(journal, PASS)
    copy = vault.backup(journal, tmp_path / "copy.duckdb", PASS)

    def power_cut(incoming: Path, path: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(vault, "_swap_in", power_cut)
    with vault.unlock(journal, PASS) as s:
        s.add("mood", {"at": "2026-01-15T10:00", "mood": 8})
    with pytest.raises(OSError, match="disk full"):
        vault.restore(journal, copy, PASS)
    with vault.unlock(journal, PASS) as s:
        assert len(s.rows("mood")) == 2
    assert sorted(p.name for p in tmp_path.glob("journal.duckdb*")) == [
        "journal.duckdb",
        "journal.duckdb.salt",
    ]


# -- offline: encryption never reaches for the network ----------------------------------------
def test_encryption_works_with_the_network_blocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # DuckDB installs downloaded extensions below $HOME/.duckdb; a fresh home shows none is.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.create_connection(("192.0.2.1", 443))

    path = tmp_path / "offline.duckdb"
    with vault.unlock(path, PASS) as s:
        s.add("mood", {"at": "2026-01-01T10:00", "mood": 5, "note": SECRET})
        cur = s.cursor()
        httpfs = cur.execute(
            "select loaded, install_mode from duckdb_extensions() where extension_name = 'httpfs'"
        ).fetchone()
    assert httpfs == (True, "NOT_INSTALLED")  # loaded from the package file, never installed
    plain = tmp_path / "plain.duckdb"
    with Store(plain) as s:
        s.add_many(TABLES)
    vault.encrypt(plain, PASS)
    with vault.unlock(path, PASS) as s:
        assert [r["note"] for r in s.rows("mood")] == [SECRET]
    with vault.unlock(plain, PASS) as s:
        assert len(s.rows("urges")) == 1
    assert is_encrypted(path) and is_encrypted(plain)
    assert _leaks(tmp_path) == []
    assert list(home.iterdir()) == []


OFFLINE = """
import sys
from dashboard import vault
path = sys.argv[1]
with vault.unlock(path, "offline passphrase") as s:
    s.add("mood", {"at": "2026-01-01T10:00", "mood": 5})
with vault.unlock(path, "offline passphrase") as s:
    print(len(s.rows("mood")))
"""


def test_encryption_in_a_process_without_any_network(tmp_path: Path) -> None:
    """A new network namespace has no interfaces at all, so even DuckDB's own C++ HTTP client
    could not download anything."""
    import os
    import shutil
    import subprocess
    import sys

    from dashboard import PROJECT_DIR

    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"]).returncode != 0:
        pytest.skip("this machine cannot start a process without network (unshare -rn)")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "HOME": str(tmp_path)}
    done = subprocess.run(
        [unshare, "-rn", sys.executable, "-c", OFFLINE, str(tmp_path / "j.duckdb")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert is_encrypted(tmp_path / "j.duckdb")
