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
