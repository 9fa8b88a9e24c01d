"""No command writes its output over the journal, its log, its salt or its backups."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dashboard import cli, vault
from dashboard.store import Store

PASS = "correct horse battery"
ENTRY = {"at": "2026-01-10T21:30", "mood": 3, "note": "kept safe"}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _digests(*paths: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "journal.duckdb"
    with Store(path) as s:
        s.add("mood", ENTRY)
    return path


@pytest.fixture
def encrypted(plain: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    vault.encrypt(plain, PASS)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    return plain


def _notes(path: Path, passphrase: str | None = None) -> list[str]:
    with Store(path, passphrase=passphrase) as s:
        return [r["note"] for r in s.rows("mood")]


def test_export_onto_the_journal_is_refused_and_the_journal_stays_whole(
    plain: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digests(plain)
    code, out, err = _run(["--db", str(plain), "export", str(plain)], capsys)
    assert code == 1 and out == ""
    assert err == (
        f"tideline: error: {plain} is the journal itself; the export was not written there "
        "and nothing was changed (choose another file name)\n"
    )
    assert _digests(plain) == before
    assert _notes(plain) == ["kept safe"]


@pytest.mark.parametrize("command", ["export", "backup"])
def test_export_or_backup_onto_the_salt_is_refused(
    encrypted: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    salt = encrypted.with_name("journal.duckdb.salt")
    before = _digests(encrypted, salt)
    code, _, err = _run(["--db", str(encrypted), command, str(salt)], capsys)
    assert code == 1
    assert err.startswith(f"tideline: error: {salt} is the journal's salt")
    assert f"the {command} was not written there" in err and err.count("\n") == 1
    assert _digests(encrypted, salt) == before
    # The journal still opens with its passphrase.
    assert _notes(encrypted, PASS) == ["kept safe"]


def test_every_spelling_of_the_journal_is_refused(
    plain: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    link = tmp_path / "export.json"
    link.symlink_to(plain)
    before = _digests(plain)
    monkeypatch.chdir(tmp_path)
    for argv in (
        ["--db", "journal.duckdb", "export", "./journal.duckdb"],
        ["--db", "journal.duckdb", "export", "journal.duckdb.wal", "--format", "csv"],
        ["--db", str(plain), "export", "export.json"],  # a symbolic link to the journal
        ["--db", "journal.duckdb", "backup", "journal.duckdb"],
        ["--db", "journal.duckdb", "snapshot", "--from", "2026-01-01", "--to", "2026-01-31",
         "--out", "journal.duckdb"],
    ):  # fmt: skip
        code, _, err = _run(argv, capsys)
        assert code == 1 and "nothing was changed" in err, argv
    assert link.is_symlink() and not (tmp_path / "journal.duckdb.wal").exists()
    assert _digests(plain) == before and _notes(plain) == ["kept safe"]


def test_a_backup_over_an_earlier_backup_is_refused(
    encrypted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["--db", str(encrypted), "backup"], capsys)
    assert code == 0
    (earlier,) = (encrypted.parent / "backups").glob("*.duckdb")
    before = _digests(earlier, earlier.with_name(earlier.name + ".salt"))
    for target in (earlier, earlier.with_name(earlier.name + ".salt")):
        code, _, err = _run(["--db", str(encrypted), "backup", str(target)], capsys)
        assert code == 1 and "a file in the journal's backups folder" in err
    assert _digests(earlier, earlier.with_name(earlier.name + ".salt")) == before
    assert _notes(earlier, PASS) == ["kept safe"]


def test_other_files_are_written_as_before(
    encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "journal.json"
    assert _run(["--db", str(encrypted), "export", str(out)], capsys)[0] == 0
    assert b"kept safe" in out.read_bytes()
    copy = tmp_path / "copy.duckdb"
    assert _run(["--db", str(encrypted), "backup", str(copy)], capsys)[0] == 0
    assert _notes(copy, PASS) == ["kept safe"]
