"""The errors of opening and using a journal; each message is meant for the user.

They live apart from `dashboard.store` so the modules it uses (`dashboard.crypto`) can raise
them too; callers import them from `dashboard.store`, which uses them itself.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """A problem opening or using the database; the message is meant for the user."""


class StoreInUse(StoreError):
    """Another process holds the database file."""


class StoreLocked(StoreError):
    """The journal is encrypted and no passphrase was given."""


class WrongPassphrase(StoreLocked):
    """The passphrase does not unlock this journal; nothing was changed."""


class VaultError(StoreError):
    """An encryption, backup or restore step that cannot go ahead; nothing was changed."""


class StoreCorrupt(StoreError):
    """The journal's file is damaged (a checksum does not match): it is not opened."""


class NotAJournal(StoreError):
    """The file is not a Tideline journal, or one made by a newer Tideline; nothing was written."""


# How DuckDB words a lock held by another process: "Could not set lock on file ...: Conflicting
# lock is held in ...". Only these words mean "in use": a checksum error names a "block".
_LOCK_WORDS = ("could not set lock on file", "conflicting lock is held")
# How DuckDB words a damaged file: "Corrupt database file: computed checksum ... in block ...".
_CORRUPT_WORDS = ("corrupt database file", "does not match stored checksum")


def is_lock_error(text: str) -> bool:
    """True when a DuckDB error says another process holds the file's lock."""
    low = text.lower()
    return any(words in low for words in _LOCK_WORDS)


def is_corrupt_error(text: str) -> bool:
    """True when a DuckDB error says the file is damaged."""
    low = text.lower()
    return any(words in low for words in _CORRUPT_WORDS)


def corrupt(path: object) -> StoreCorrupt:
    """The message for a damaged journal file."""
    return StoreCorrupt(
        f"{path} is damaged (DuckDB found a checksum that does not match); it was not opened "
        "and nothing was changed. Restore a backup with `tideline restore`."
    )


def in_use(path: object) -> StoreInUse:
    """The message for a journal another process has open."""
    return StoreInUse(
        f"{path} is in use by another Tideline process (is the dashboard running?). Close it, "
        "or use its Data page, and try again; nothing was changed."
    )


def locked(path: object, name: str) -> StoreLocked:
    """The message for an encrypted journal opened without a passphrase."""
    return StoreLocked(
        f"this journal is locked: a passphrase is needed to open {name} "
        "(set TIDELINE_PASSPHRASE or type it when asked)"
    )
