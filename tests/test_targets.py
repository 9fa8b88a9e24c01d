"""The output guard: the journal, its log, its salt and its backups are never an output file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.targets import ProtectedTarget, protected_reason, refuse_target


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A journal's files as Store and Store.backup leave them (the content does not matter)."""
    folder = tmp_path / "data"
    (folder / "backups").mkdir(parents=True)
    path = folder / "journal.duckdb"
    path.write_bytes(b"journal")
    (folder / "journal.duckdb.salt").write_text("00" * 16)
    (folder / "backups" / "journal-20260110-213000-manual.duckdb").write_bytes(b"copy")
    (folder / "backups" / "journal-20260110-213000-manual.duckdb.salt").write_text("00" * 16)
    return path


def test_the_journal_its_log_and_its_salt_are_refused(journal: Path) -> None:
    assert protected_reason(journal, journal) == "the journal itself"
    # The log is refused before DuckDB has written one: it would be replayed into the journal.
    assert protected_reason(journal, journal.parent / "journal.duckdb.wal") == (
        "the journal's write-ahead log"
    )
    assert protected_reason(journal, journal.parent / "journal.duckdb.salt").startswith(
        "the journal's salt"
    )


def test_other_names_beside_the_journal_are_free(journal: Path) -> None:
    folder = journal.parent
    for name in ("journal.json", "journal.duckdb.json", "journal2.duckdb", "export.zip"):
        assert protected_reason(journal, folder / name) is None, name
    # A new backup file in the backups folder is what `tideline backup` writes by default.
    assert protected_reason(journal, folder / "backups" / "mine.duckdb") is None


def test_relative_and_roundabout_spellings_lead_to_the_journal(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(journal.parent.parent)
    assert protected_reason("data/journal.duckdb", "data/journal.duckdb") == "the journal itself"
    assert protected_reason(journal, "data/journal.duckdb") == "the journal itself"
    assert protected_reason("data/journal.duckdb", journal) == "the journal itself"
    (journal.parent / "sub").mkdir()
    assert protected_reason(journal, "data/sub/../journal.duckdb.salt") is not None
    monkeypatch.chdir(journal.parent)
    assert protected_reason("journal.duckdb", "./journal.duckdb.wal") is not None


def test_symbolic_and_hard_links_lead_to_the_journal(journal: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks-like-an-export.json"
    link.symlink_to(journal)
    assert protected_reason(journal, link) == "the journal itself"
    folder_link = tmp_path / "elsewhere"
    folder_link.symlink_to(journal.parent)
    assert protected_reason(journal, folder_link / "journal.duckdb.salt") is not None
    hard = tmp_path / "hard.json"
    os.link(journal, hard)
    assert protected_reason(journal, hard) == "the journal itself"
    # The journal opened through a link: the log and salt beside both names are protected.
    db_link = tmp_path / "db-link.duckdb"
    db_link.symlink_to(journal)
    assert protected_reason(db_link, journal.parent / "journal.duckdb.salt") is not None
    assert protected_reason(db_link, tmp_path / "db-link.duckdb.wal") is not None


def test_the_live_files_of_the_backups_folder_are_refused(journal: Path, tmp_path: Path) -> None:
    backups = journal.parent / "backups"
    kept = backups / "journal-20260110-213000-manual.duckdb"
    for target in (kept, backups / (kept.name + ".salt"), backups / (kept.name + ".wal")):
        assert protected_reason(journal, target) == "a file in the journal's backups folder"
    hard = tmp_path / "copy.json"
    os.link(kept, hard)
    assert protected_reason(journal, hard) == "a file in the journal's backups folder"


def test_refusal_is_one_line_naming_the_file(journal: Path) -> None:
    salt = journal.parent / "journal.duckdb.salt"
    with pytest.raises(ProtectedTarget) as caught:
        refuse_target(journal, salt, "the export")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{salt} is the journal's salt")
    assert "the export was not written there" in message
    refuse_target(journal, journal.parent / "export.json")  # a free name passes
