"""The vault: encryption at rest, backups, restore and serving (PRODUCT.md section 10).

A journal is either a plain DuckDB file or one written with DuckDB's AES-GCM encryption. The key
is the user's passphrase stretched with scrypt and a random salt kept beside the file as
`<db>.salt` (see `dashboard.store`). Encrypting, decrypting and changing the passphrase copy the
whole database into a new file with ATTACH + COPY FROM DATABASE, check that every table arrived
with the same rows, then swap the new file in atomically, so an interrupted run leaves the old
journal untouched.

The app's lock screen uses `is_encrypted(path)`, `unlock(path, passphrase)` and
`Store.passphrase_matches(passphrase)`; the `tideline` commands `encrypt`, `decrypt`,
`change-passphrase`, `backup`, `restore` and `serve` (in `dashboard.cli`) call the functions
here.

Administrative statements (ATTACH, COPY FROM DATABASE, CHECKPOINT) live here rather than in
`queries/`: they take file names that DuckDB accepts only as literals, and return no data.
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

from dashboard import PACKAGE_DIR
from dashboard.store import (
    SALT_BYTES,
    Store,
    StoreError,
    StoreInUse,
    StoreLocked,
    WrongPassphrase,
    derive_key,
    is_encrypted,
    read_salt,
    refuse_if_open_here,
    salt_path,
    sql_literal,
    temp_dir,
    vault_connection,
    write_salt,
)

__all__ = [
    "MIN_PASSPHRASE",
    "VaultError",
    "ask_passphrase",
    "backup",
    "change_passphrase",
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
# Tables a file must hold to count as a Tideline journal.
JOURNAL_TABLES = ("mood", "contacts", "urges", "milestones", "settings", "schema_version")


class VaultError(StoreError):
    """An encryption, backup or restore step that cannot go ahead; nothing was changed."""


# -- the app's lock screen --------------------------------------------------------------------
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
def _scrub(path: Path) -> None:
    """Overwrite a file with zeros, then delete it (best effort: SSDs and copy-on-write file
    systems may keep old blocks; full-disk encryption covers those)."""
    if not path.exists():
        return
    with contextlib.suppress(OSError), open(path, "r+b") as fh:
        _zero(fh)
    path.unlink(missing_ok=True)


def _zero(fh) -> None:  # noqa: ANN001 (a binary file object)
    size = os.fstat(fh.fileno()).st_size
    fh.seek(0)
    chunk = b"\0" * (1 << 20)
    left = size
    while left > 0:
        n = min(left, len(chunk))
        fh.write(chunk[:n])
        left -= n
    fh.flush()
    os.fsync(fh.fileno())


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _attach(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    alias: str,
    key: str | None,
    read_only: bool = False,
) -> None:
    options = []
    if key is not None:
        options.append("ENCRYPTION_KEY $key")
    if read_only:
        options.append("READ_ONLY")
    sql = f"ATTACH {sql_literal(str(path))} AS {alias}"
    if options:
        sql += " (" + ", ".join(options) + ")"
    try:
        con.execute(sql, {"key": key} if key is not None else None)
    except duckdb.Error as exc:
        text = str(exc)
        low = text.lower()
        if "wrong encryption key" in low:
            raise WrongPassphrase(
                f"that passphrase does not unlock {path.name}; nothing was changed"
            ) from None
        if "lock" in low:
            raise StoreInUse(
                f"{path} is in use by another Tideline process (is the dashboard running?). "
                "Close it and try again; nothing was changed."
            ) from None
        if "encrypted" in low:
            raise StoreLocked(f"{path.name} is encrypted: a passphrase is needed") from None
        raise VaultError(f"cannot open {path}: {text.splitlines()[0]}") from None


def _table_names(con: duckdb.DuckDBPyConnection, alias: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = $db ORDER BY table_name",
        {"db": alias},
    ).fetchall()
    return [r[0] for r in rows]


def _verify_copy(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every table arrived with the same number of rows and the same rows; returns counts."""
    source, target = _table_names(con, "src"), _table_names(con, "dst")
    if source != target:
        raise VaultError(
            "the copy is missing tables (" + ", ".join(sorted(set(source) - set(target))) + ")"
        )
    counts: dict[str, int] = {}
    for table in source:
        name = '"' + table.replace('"', '""') + '"'
        a = con.execute(f"SELECT count(*) FROM src.main.{name}").fetchone()[0]  # noqa: S608
        b = con.execute(f"SELECT count(*) FROM dst.main.{name}").fetchone()[0]  # noqa: S608
        # EXCEPT ALL also catches a row that changed on the way, not only a missing one.
        diff = con.execute(
            f"SELECT count(*) FROM (SELECT * FROM src.main.{name} "  # noqa: S608
            f"EXCEPT ALL SELECT * FROM dst.main.{name})"
        ).fetchone()[0]
        if a != b or diff:
            raise VaultError(
                f"the copy of table {table} does not match ({a} rows before, {b} after); "
                "nothing was changed"
            )
        counts[table] = int(a)
    return counts


def _copy_into(
    path: Path,
    src: Path,
    src_key: str | None,
    dst: Path,
    dst_key: str | None,
    *,
    source_ro: bool,
    swap: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Copy the database `src` into a new file `dst` with another key (or none), and check it.

    `path` names the spill folder (`<path>.tmp`). `swap`, when given, runs once `dst` is
    complete and closed while `src` is still attached, so still locked against other
    processes. On any failure `dst` is scrubbed.
    """
    for leftover in (dst, _wal(dst)):
        _scrub(leftover)
    con = vault_connection(path)
    try:
        _attach(con, src, "src", src_key, read_only=source_ro)
        if not source_ro:
            # Fold the write-ahead log into the file so no plaintext stays in `<db>.wal`.
            con.execute("CHECKPOINT src")
        _attach(con, dst, "dst", dst_key)
        con.execute("COPY FROM DATABASE src TO dst")
        counts = _verify_copy(con)
        con.execute("CHECKPOINT dst")
        con.execute("DETACH dst")
        if swap is not None:
            swap()
        con.execute("DETACH src")
    except BaseException:
        con.close()
        for leftover in (dst, _wal(dst)):
            _scrub(leftover)
        raise
    con.close()
    _scrub(_wal(dst))
    return counts


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
        if _wal(path).exists():
            # A write since our checkpoint: do not swap, it is in that log.
            raise StoreInUse(f"{path} changed while it was being copied; nothing was changed")
        os.replace(new, path)

    # The handle is opened before DuckDB attaches the file and closed after DuckDB has let go:
    # closing it in between would drop DuckDB's lock (see dashboard.store._OPEN).
    with open(path, "r+b") as old:
        counts = _copy_into(path, path, src_key, new, dst_key, source_ro=False, swap=swap)
        if src_key is None:
            _zero(old)
    shutil.rmtree(temp_dir(path), ignore_errors=True)
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
    salt = os.urandom(SALT_BYTES)
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
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreInUse(
                f"{path} is in use by another Tideline process (is the dashboard running?). "
                "Close it and try again; nothing was changed."
            ) from None
        raise VaultError(f"cannot open {path}: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise VaultError(f"{path} is not a Tideline database ({exc})") from None
    try:
        current = con.execute("SELECT current_database()").fetchone()[0]
        missing = set(JOURNAL_TABLES) - set(_table_names(con, current))
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
    if _wal(source).exists():
        raise VaultError(
            f"{source.name} has an unfinished write-ahead log beside it ({_wal(source).name}); "
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
        current = cur.execute("SELECT current_database()").fetchone()[0]
        missing = set(JOURNAL_TABLES) - set(_table_names(cur, current))
    finally:
        probe.close()
    if missing:
        raise VaultError(
            f"{source.name} is not a Tideline backup (it has no {', '.join(sorted(missing))})"
        )


def _swap_in(incoming: Path, path: Path) -> None:
    """Put the prepared file in the journal's place in one atomic step."""
    os.replace(incoming, path)


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
            # Re-encrypt the backup under the journal's own key, into a file beside it.
            src_key = derive_key(source_passphrase, read_salt(source)) if source_encrypted else None
            key = derive_key(passphrase, read_salt(path))
            try:
                _copy_into(incoming, source, src_key, incoming, key, source_ro=True)
            finally:
                shutil.rmtree(temp_dir(incoming), ignore_errors=True)
        else:
            for leftover in (incoming, _wal(incoming)):
                _scrub(leftover)
            shutil.copyfile(source, incoming)
            if source_encrypted:
                # The journal is plain (or missing) until the swap; a plain file ignores a salt.
                write_salt(path, read_salt(source))
        try:
            _swap_in(incoming, path)
        except BaseException:
            _scrub(incoming)
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
    ]


def serve_env(path: str | Path) -> dict[str, str]:
    """The app's environment: this journal, and never a passphrase (the app asks for it)."""
    env = dict(os.environ)
    env["TIDELINE_DB"] = str(path)
    env.pop(PASSPHRASE_ENV, None)
    env.pop(NEW_PASSPHRASE_ENV, None)
    env.pop(BACKUP_PASSPHRASE_ENV, None)
    return env
