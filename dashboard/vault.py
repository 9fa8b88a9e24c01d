"""The vault: encryption at rest, backups, restore and serving (PRODUCT.md section 10).

A journal is either a plain DuckDB file or one written with DuckDB's AES-GCM encryption. The key
is the user's passphrase stretched with scrypt and a random salt kept beside the file as
`<db>.salt` (see `dashboard.crypto`). Encrypting, decrypting and changing the passphrase copy the
whole database into a new file with ATTACH + COPY FROM DATABASE, check that every table arrived
with the same rows, then swap the new file in atomically, so an interrupted run leaves the old
journal untouched.

The app's lock screen uses `is_encrypted(path)`, `unlock(path, passphrase)` and
`Store.passphrase_matches(passphrase)`; the `tideline` commands `encrypt`, `decrypt`,
`change-passphrase`, `backup`, `restore` and `serve` (in `dashboard.cli`) call the functions
here.

The copy itself is `dashboard.crypto.copy_into`; its statements (ATTACH, COPY FROM DATABASE,
CHECKPOINT, DETACH, the table list and the row comparison) are files under queries/admin/.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from dashboard import PACKAGE_DIR, crypto
from dashboard.crypto import derive_key, new_salt, read_salt, salt_path, write_salt
from dashboard.errors import VaultError, in_use, is_lock_error
from dashboard.sqlfiles import load_sql
from dashboard.store import (
    JOURNAL_TABLES,
    Store,
    StoreError,
    StoreInUse,
    StoreLocked,
    is_encrypted,
    open_here,
    refuse_if_open_here,
)

__all__ = [
    "MIN_PASSPHRASE",
    "VaultError",
    "ask_passphrase",
    "backup",
    "change_passphrase",
    "clear_leftovers",
    "decrypt",
    "encrypt",
    "is_encrypted",
    "open_for_cli",
    "plaintext_backups",
    "restore",
    "serve_command",
    "unlock",
]

PASSPHRASE_ENV = "TIDELINE_PASSPHRASE"
NEW_PASSPHRASE_ENV = "TIDELINE_NEW_PASSPHRASE"
# The passphrase of a backup made under an older one (for `tideline restore`).
BACKUP_PASSPHRASE_ENV = "TIDELINE_BACKUP_PASSPHRASE"
MIN_PASSPHRASE = 8
DEFAULT_PORT = 8501


# -- the app's lock screen --------------------------------------------------------------------
def clear_leftovers(path: str | Path) -> list[Path]:
    """What every command does first: scrub the temporary copies a killed command left beside
    the journal (a `decrypt`'s plaintext `.rewrite` among them), unless another process holds
    the journal and so may still be writing them. Returns what was removed."""
    path = Path(path)
    if open_here(path) is not None or not crypto.journal_is_free(path):
        return []
    return crypto.clear_leftovers(path)


def unlock(path: str | Path, passphrase: str) -> Store:
    """Open an encrypted journal; StoreLocked / WrongPassphrase with a message for the user."""
    if not passphrase:
        raise StoreLocked("type your passphrase to open this journal")
    return Store(path, passphrase=passphrase)


# -- passphrases from the environment or a prompt -------------------------------------------
def ask_passphrase(
    path: str | Path,
    *,
    env: str = PASSPHRASE_ENV,
    prompt: str | None = None,
    confirm: bool = False,
    prompter: Callable[[str], str] = getpass.getpass,
) -> str:
    """The passphrase from `env`, else a hidden prompt when a person is at the terminal."""
    given = os.environ.get(env)
    if given:
        return given
    if not sys.stdin.isatty():
        raise StoreLocked(
            f"this journal is locked: a passphrase is needed for {Path(path).name}. "
            f"Set {env} or run the command in a terminal to type it."
        )
    text = prompter(prompt or f"Passphrase for {Path(path).name}: ")
    if confirm:
        again = prompter("Type it once more: ")
        if again != text:
            raise VaultError("the two passphrases differ; nothing was changed")
    return text


def open_for_cli(path: str | Path, *, create: bool = True) -> Store:
    """Open a journal for a command, asking for the passphrase only when the file is encrypted."""
    path = Path(path)
    if not create and not path.is_file():
        raise VaultError(f"no database at {path} (run `tideline demo` or log something first)")
    passphrase = ask_passphrase(path) if is_encrypted(path) else None
    return Store(path, passphrase=passphrase)


# -- rewriting a database into a new file -----------------------------------------------------
def _rewrite(path: Path, src_key: str | None, dst_key: str | None) -> dict[str, int]:
    """Copy the database at `path` into a new file with another key (or none) and swap it in.

    The old file is replaced atomically while DuckDB still holds its lock, so no other process
    can write into it between the copy and the swap; when it was plaintext, its content is
    overwritten with zeros through a handle kept open across the swap. Returns the row count of
    each table.
    """
    refuse_if_open_here(path)
    new = path.with_name(path.name + ".rewrite")

    def swap() -> None:
        if crypto.wal_path(path).exists():
            # A write since our checkpoint: do not swap, it is in that log.
            raise StoreInUse(f"{path} changed while it was being copied; nothing was changed")
        os.replace(new, path)

    # The handle is opened before DuckDB attaches the file and closed after DuckDB has let go:
    # closing it in between would drop DuckDB's lock (see dashboard.store._OPEN).
    with open(path, "r+b") as old:
        counts = crypto.copy_into(path, path, src_key, new, dst_key, source_ro=False, swap=swap)
        if src_key is None:
            crypto.zero(old)
    shutil.rmtree(crypto.temp_dir(path), ignore_errors=True)
    return counts


def plaintext_backups(path: str | Path) -> list[Path]:
    """This journal's backups in the backups folder that are not encrypted."""
    path = Path(path)
    folder = path.parent / "backups"
    if not folder.is_dir():
        return []
    found = sorted(folder.glob(f"{path.stem}-[0-9]*.duckdb"))
    return [p for p in found if not is_encrypted(p)]


def encrypt(path: str | Path, passphrase: str) -> tuple[dict[str, int], list[Path]]:
    """Encrypt a plain journal in place, and its plaintext backups too.

    Returns the row count of each table and the backups that were encrypted.
    """
    path = Path(path)
    if not path.is_file():
        raise VaultError(f"no database at {path}")
    if is_encrypted(path):
        raise VaultError(
            f"{path.name} is already encrypted; use `tideline change-passphrase` to change it"
        )
    if not passphrase:
        raise VaultError("the passphrase must not be empty")
    _check_journal_plain(path)
    salt = new_salt()
    key = derive_key(passphrase, salt)
    # The salt goes down first: if the swap never happens, a plain file ignores it.
    write_salt(path, salt)
    try:
        counts = _rewrite(path, None, key)
    except BaseException:
        if not is_encrypted(path):
            salt_path(path).unlink(missing_ok=True)
        raise
    done: list[Path] = []
    for old in plaintext_backups(path):
        # Backups share the journal's salt (and so its passphrase).
        write_salt(old, salt)
        _rewrite(old, None, key)
        done.append(old)
    return counts, done


def _check_journal_plain(path: Path) -> None:
    """Refuse to encrypt a file that is not a Tideline journal (nothing is written)."""
    try:
        con = crypto.connect(path, read_only=True)
    except duckdb.IOException as exc:
        if is_lock_error(str(exc)):
            raise in_use(path) from None
        raise VaultError(f"cannot open {path}: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise VaultError(f"{path} is not a Tideline database ({exc})") from None
    try:
        current = con.execute(load_sql("admin/current_database")).fetchone()[0]
        missing = set(JOURNAL_TABLES) - set(crypto.table_names(con, current))
    finally:
        con.close()
    if missing:
        raise VaultError(f"{path} is not a Tideline journal (no {', '.join(sorted(missing))})")


def decrypt(path: str | Path, passphrase: str) -> dict[str, int]:
    """Turn an encrypted journal back into a plain file (its backups stay encrypted)."""
    path = Path(path)
    if not is_encrypted(path):
        raise VaultError(f"{path.name} is not encrypted; nothing to do")
    key = derive_key(passphrase, read_salt(path))
    counts = _rewrite(path, key, None)
    salt_path(path).unlink(missing_ok=True)
    return counts


def change_passphrase(path: str | Path, old: str, new: str) -> dict[str, int]:
    """Re-encrypt a journal under a new passphrase (same salt, so the file and its salt can
    never disagree after an interruption)."""
    path = Path(path)
    if not is_encrypted(path):
        raise VaultError(f"{path.name} is not encrypted; use `tideline encrypt` first")
    if not new:
        raise VaultError("the new passphrase must not be empty")
    salt = read_salt(path)
    return _rewrite(path, derive_key(old, salt), derive_key(new, salt))


# -- backup and restore -----------------------------------------------------------------------
def backup(path: str | Path, dest: str | Path | None = None, passphrase: str | None = None) -> Path:
    """Write a consistent copy of the journal (an encrypted one stays encrypted)."""
    with Store(path, passphrase=passphrase) as store:
        return store.backup(dest)


def _check_restorable(source: Path, passphrase: str | None) -> None:
    if not source.is_file():
        raise VaultError(f"no such file: {source}")
    wal = crypto.wal_path(source)
    if wal.exists():
        raise VaultError(
            f"{source.name} has an unfinished write-ahead log beside it ({wal.name}); "
            "make the backup with `tideline backup` instead of copying a journal in use"
        )
    if is_encrypted(source) and not passphrase:
        raise StoreLocked(f"{source.name} is encrypted: a passphrase is needed to restore it")
    try:
        probe = Store(source, read_only=True, passphrase=passphrase)
    except (StoreLocked, StoreInUse):
        raise
    except StoreError as exc:
        raise VaultError(f"{source.name} is not a Tideline backup ({exc})") from None
    try:
        cur = probe.cursor()
        current = cur.execute(load_sql("admin/current_database")).fetchone()[0]
        missing = set(JOURNAL_TABLES) - set(crypto.table_names(cur, current))
    finally:
        probe.close()
    if missing:
        raise VaultError(
            f"{source.name} is not a Tideline backup (it has no {', '.join(sorted(missing))})"
        )


def _swap_in(incoming: Path, path: Path) -> None:
    """Put the prepared file in the journal's place in one atomic step."""
    os.replace(incoming, path)


def _reencrypt_into(
    incoming: Path, source: Path, source_passphrase: str | None, path: Path, passphrase: str
) -> None:
    """Copy the backup into `incoming` under the journal's own key (the backup's own key opens
    it when `source_passphrase` is given, else it is plain)."""
    src_key = derive_key(source_passphrase, read_salt(source)) if source_passphrase else None
    key = derive_key(passphrase, read_salt(path))
    try:
        crypto.copy_into(incoming, source, src_key, incoming, key, source_ro=True)
    finally:
        shutil.rmtree(crypto.temp_dir(incoming), ignore_errors=True)


def _copy_as_is(incoming: Path, source: Path, path: Path, source_encrypted: bool) -> None:
    """Copy the backup into `incoming` byte for byte, its salt beside the journal if it has one."""
    for leftover in (incoming, crypto.wal_path(incoming)):
        crypto.scrub(leftover)
    with crypto.private_files():
        shutil.copyfile(source, incoming)
    if source_encrypted:
        # The journal is plain (or missing) until the swap; a plain file ignores a salt.
        write_salt(path, read_salt(source))


def restore(
    path: str | Path,
    source: str | Path,
    passphrase: str | None = None,
    source_passphrase: str | None = None,
) -> Path | None:
    """Replace the journal with a backup file, after backing up the current journal.

    `source_passphrase` (default `passphrase`) opens an encrypted backup. An encrypted journal
    stays encrypted under its current passphrase and salt, whatever the backup was locked with,
    so the user keeps one passphrase. A plain journal (or none yet) takes the backup as it is,
    with the backup's salt when it is encrypted. Returns the backup of the journal that was
    replaced (None when there was no journal yet).

    The steps are ordered so an interruption at any point leaves a journal that opens: the new
    content is prepared beside the journal, then swapped in with one rename. An encrypted
    journal's salt is never touched; a salt is only written beside a plain journal (which
    ignores it) before the swap, and a stale one is removed only after it.
    """
    path, source = Path(path), Path(source)
    if path.exists() and source.resolve() == path.resolve():
        raise VaultError("that file is the journal itself; pick a backup file")
    refuse_if_open_here(path)
    source_passphrase = source_passphrase or passphrase
    _check_restorable(source, source_passphrase)
    # Both headers are read before the journal is opened (see dashboard.store._OPEN).
    source_encrypted = is_encrypted(source)
    keep_key = path.exists() and is_encrypted(path)
    saved: Path | None = None
    # The journal stays open, and so locked, until the new file is in its place: no other
    # process (the app) can open the old file and write into it after its backup was made.
    current = Store(path, passphrase=passphrase) if path.exists() else None
    incoming = path.with_name(path.name + ".restore")
    try:
        if current is not None:
            saved = current.backup(reason="before-restore")
        if keep_key and passphrase:
            _reencrypt_into(
                incoming, source, source_passphrase if source_encrypted else None, path, passphrase
            )
        else:
            _copy_as_is(incoming, source, path, source_encrypted)
        try:
            _swap_in(incoming, path)
        except BaseException:
            crypto.scrub(incoming)
            if not keep_key:
                salt_path(path).unlink(missing_ok=True)
            raise
    finally:
        if current is not None:
            current.close()
    if not (keep_key or source_encrypted):
        salt_path(path).unlink(missing_ok=True)
    # Open once: an older backup migrates now (with its own backup first) and is proven sound.
    with contextlib.suppress(StoreInUse):
        # Unless the app has just opened it: then the app brings it up to date itself.
        Store(path, passphrase=passphrase if keep_key else source_passphrase).close()
    return saved


# -- serving ----------------------------------------------------------------------------------
def serve_command(lan: bool = False, port: int = DEFAULT_PORT) -> list[str]:
    """The `streamlit run` command line for the app, on 127.0.0.1 unless `lan`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PACKAGE_DIR / "app.py"),
        "--server.address",
        "0.0.0.0" if lan else "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.enableXsrfProtection",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # As in .streamlit/config.toml, for a command started from another folder.
        "--runner.magicEnabled",
        "false",
    ]


def serve_env(path: str | Path) -> dict[str, str]:
    """The app's environment: this journal, and never a passphrase (the app asks for it)."""
    env = dict(os.environ)
    env["TIDELINE_DB"] = str(path)
    env.pop(PASSPHRASE_ENV, None)
    env.pop(NEW_PASSPHRASE_ENV, None)
    env.pop(BACKUP_PASSPHRASE_ENV, None)
    return env
