"""Never overwrite what is being protected: the files a command may not write its output into.

A command that writes a file (`export`, `backup`, `snapshot`) first asks `refuse_target` about
its target. The journal itself, DuckDB's write-ahead log beside it (`<journal>.wal`), the salt
of an encrypted journal (`<journal>.salt`, without which it never opens again) and the files
already in its backups folder (`backups/` beside the journal, where `Store.backup` writes) are
refused, however the target is spelled: relative paths, `..`, symbolic links and hard links all
lead to the same file. The output itself is then written by `dashboard.store.output_file`
(a temporary file in the same folder, renamed into place once whole).

Pure: it reads the file system's names and inodes, and writes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

# DuckDB's write-ahead log and the scrypt salt (dashboard.crypto.salt_path) beside a journal.
WAL_SUFFIX = ".wal"
SALT_SUFFIX = ".salt"
# The folder beside the journal that Store.backup writes into.
BACKUPS_FOLDER = "backups"


class ProtectedTarget(ValueError):
    """The chosen output file is the journal or one of the files it cannot live without."""


def _spellings(path: str | Path) -> set[Path]:
    """The path made absolute as given (symbolic links kept) and with every link resolved."""
    given = Path(os.path.abspath(path))
    return {given, given.resolve()}


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _protected(journal: str | Path) -> dict[Path, str]:
    """The journal's own files, each with what it is, under every spelling of the journal."""
    found: dict[Path, str] = {}
    for base in _spellings(journal):
        found[base] = "the journal itself"
        found[_beside(base, WAL_SUFFIX)] = "the journal's write-ahead log"
        found[_beside(base, SALT_SUFFIX)] = (
            "the journal's salt (without it an encrypted journal can never be opened again)"
        )
    return found


def _backup_folders(journal: str | Path) -> set[Path]:
    return {base.parent / BACKUPS_FOLDER for base in _spellings(journal)}


def _in_backups(target: Path, folders: set[Path]) -> bool:
    """True for a file already in the backups folder, or the log or salt of one there."""
    if target.parent not in folders and target.parent.resolve() not in folders:
        return False
    if target.exists():
        return True
    for suffix in (WAL_SUFFIX, SALT_SUFFIX):
        if target.name.endswith(suffix) and target.with_name(target.name[: -len(suffix)]).exists():
            return True
    return False


def _same_file(target: Path, protected: Path) -> bool:
    """A hard link (or any other name) of an existing protected file."""
    try:
        return target.exists() and protected.exists() and os.path.samefile(target, protected)
    except OSError:
        return False


def protected_reason(journal: str | Path, target: str | Path) -> str | None:
    """What the target is to the journal ('the journal itself', ...), or None when it is free."""
    protected = _protected(journal)
    folders = _backup_folders(journal)
    for spelled in _spellings(target):
        if spelled in protected:
            return protected[spelled]
        if _in_backups(spelled, folders):
            return "a file in the journal's backups folder"
    existing = Path(os.path.abspath(target))
    for path, reason in protected.items():
        if _same_file(existing, path):
            return reason
    for folder in folders:
        if folder.is_dir() and any(_same_file(existing, kept) for kept in folder.iterdir()):
            return "a file in the journal's backups folder"
    return None


def refuse_target(journal: str | Path, target: str | Path, what: str = "the output") -> None:
    """Raise ProtectedTarget (one line for the user) when `target` may not be written."""
    reason = protected_reason(journal, target)
    if reason is not None:
        raise ProtectedTarget(
            f"{target} is {reason}; {what} was not written there and nothing was changed "
            "(choose another file name)"
        )
