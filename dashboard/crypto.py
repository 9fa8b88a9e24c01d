"""Encryption at rest (PRODUCT.md section 10): the key, its salt, the header and httpfs.

DuckDB's own AES-GCM encryption does the work. DuckDB's key derivation is fast, so the
passphrase is first stretched with scrypt (a memory-hard KDF) and a random salt kept beside the
file as `<db>.salt`. Writing an encrypted database needs DuckDB's httpfs extension, loaded from
the duckdb-extension-httpfs package so nothing is downloaded (`vault_connection`).
`copy_into` copies a database into a new file under another key (or none) with ATTACH + COPY
FROM DATABASE and checks that every table arrived whole. `dashboard.store` opens encrypted
journals with these; `dashboard.vault` encrypts, decrypts and restores with them.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from dashboard.errors import (
    StoreError,
    StoreLocked,
    VaultError,
    WrongPassphrase,
    corrupt,
    in_use,
    is_corrupt_error,
    is_lock_error,
)
from dashboard.sqlfiles import load_sql, sql_template

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
# Offsets in DuckDB's main file header: magic bytes after the 8-byte checksum, then the
# storage version (uint64) and flags[0] (uint64) whose bit 0 marks an encrypted database.
_MAGIC = slice(8, 12)
_FLAGS = slice(20, 28)
_ENCRYPTED_FLAG = 1


def salt_path(path: str | Path) -> Path:
    """Where the scrypt salt of an encrypted database lives: `<db>.salt` beside it."""
    path = Path(path)
    return path.with_name(path.name + ".salt")


def header_says_encrypted(path: str | Path) -> bool:
    """True when the file's DuckDB header marks it encrypted. Opens the file: never call it on a
    file this process has open in DuckDB (see dashboard.store._OPEN)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_FLAGS.stop)
    except OSError:
        return False
    if len(head) < _FLAGS.stop or head[_MAGIC] != b"DUCK":
        return False
    return bool(int.from_bytes(head[_FLAGS], "little") & _ENCRYPTED_FLAG)


def derive_key(passphrase: str, salt: bytes) -> str:
    """The hex DuckDB key stretched from a passphrase with scrypt."""
    if not passphrase:
        raise StoreLocked("the passphrase must not be empty")
    raw = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=128 * SCRYPT_R * SCRYPT_N * 2,
        dklen=32,
    )
    return raw.hex()


def key_digest(key: str) -> bytes:
    """A digest of a key, kept instead of the key to check a passphrase again later."""
    return hashlib.sha256(bytes.fromhex(key)).digest()


def new_salt() -> bytes:
    """A fresh random salt."""
    return os.urandom(SALT_BYTES)


def read_salt(path: str | Path) -> bytes:
    """The salt beside an encrypted database, with a clear message when it is missing."""
    where = salt_path(path)
    try:
        salt = bytes.fromhex(where.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        raise StoreError(
            f"{path} is encrypted but its salt file {where.name} is missing; keep the two "
            "files together (a backup has its own .salt beside it)"
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise StoreError(f"the salt file {where} is damaged") from None
    if len(salt) < SALT_BYTES:
        raise StoreError(f"the salt file {where} is damaged")
    return salt


def write_salt(path: str | Path, salt: bytes) -> Path:
    """Write `<db>.salt` atomically (a half-written salt would lock the user out)."""
    where = salt_path(path)
    tmp = where.with_name(where.name + ".new")
    tmp.write_text(salt.hex() + "\n", encoding="ascii")
    os.replace(tmp, where)
    return where


@functools.cache
def httpfs_extension() -> Path:
    """The httpfs extension file shipped as a Python package (DuckDB needs it to write an
    encrypted database and would otherwise try to download it)."""
    spec = importlib.util.find_spec("duckdb_extension_httpfs")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        found = sorted(Path(folder).glob(f"extensions/v{duckdb.__version__}/*.duckdb_extension"))
        if found:
            return found[0]
    raise StoreError(
        "encryption needs the duckdb-extension-httpfs package matching DuckDB "
        f"{duckdb.__version__}; reinstall Tideline (make clean && make test)"
    )


# Every DuckDB connection Tideline makes: no extension is installed or loaded behind its back
# (a `--db some.sqlite` would otherwise download the SQLite scanner). httpfs comes from a file.
NO_DOWNLOADS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# The first bytes of a SQLite database, to name it when it is given as a journal.
_SQLITE_MAGIC = b"SQLite format 3\0"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to a plain database file with extension downloads and autoloading off."""
    return duckdb.connect(str(path), read_only=read_only, config=dict(NO_DOWNLOADS))


def foreign_file(path: str | Path) -> str | None:
    """What a non-empty file that is not a DuckDB database is ('it is a SQLite database', 'it
    is not a DuckDB file'), or None for a DuckDB file, an empty or a missing one. Opens the file:
    never call it on a file this process has open in DuckDB (see dashboard.store._OPEN)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError:
        return None
    if not head:
        return None
    if head == _SQLITE_MAGIC:
        return "it is a SQLite database"
    return None if head[_MAGIC] == b"DUCK" else "it is not a DuckDB file"


def temp_dir(path: str | Path) -> Path:
    """DuckDB's spill directory for this database: beside it, never in a shared /tmp."""
    path = Path(path)
    return path.with_name(path.name + ".tmp")


def vault_connection(path: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection ready to ATTACH encrypted files: httpfs loaded from the local
    package (no download), spill files encrypted and kept beside the database."""
    con = duckdb.connect(
        ":memory:",
        config={
            **NO_DOWNLOADS,
            "temp_directory": str(temp_dir(path)),
            "temp_file_encryption": True,
        },
    )
    try:
        con.execute(sql_template("admin/load_extension", path=httpfs_extension()))
    except Exception:
        con.close()
        raise
    return con


# -- rewriting a database into a new file under another key -------------------------------------
def scrub(path: Path) -> None:
    """Overwrite a file with zeros, then delete it (best effort: SSDs and copy-on-write file
    systems may keep old blocks; full-disk encryption covers those)."""
    if not path.exists():
        return
    with contextlib.suppress(OSError), open(path, "r+b") as fh:
        zero(fh)
    path.unlink(missing_ok=True)


def zero(fh) -> None:  # noqa: ANN001 (a binary file object)
    """Overwrite an open file's whole content with zeros and sync it to disk."""
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


def wal_path(path: Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    return path.with_name(path.name + ".wal")


def attach(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    alias: str,
    key: str | None,
    read_only: bool = False,
) -> None:
    name = "admin/attach" + ("_encrypted" if key is not None else "")
    name += "_read_only" if read_only else ""
    try:
        con.execute(
            sql_template(name, path=path, alias=alias), {"key": key} if key is not None else None
        )
    except duckdb.Error as exc:
        text = str(exc)
        low = text.lower()
        if "wrong encryption key" in low:
            raise WrongPassphrase(
                f"that passphrase does not unlock {path.name}; nothing was changed"
            ) from None
        if is_lock_error(text):
            raise in_use(path) from None
        if is_corrupt_error(text):
            raise corrupt(path) from None
        if "encrypted" in low:
            raise StoreLocked(f"{path.name} is encrypted: a passphrase is needed") from None
        raise VaultError(f"cannot open {path}: {text.splitlines()[0]}") from None


def table_names(con: duckdb.DuckDBPyConnection, alias: str) -> list[str]:
    rows = con.execute(load_sql("admin/table_names"), {"db": alias}).fetchall()
    return [r[0] for r in rows]


def verify_copy(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every table arrived with the same number of rows and the same rows; returns counts."""
    source, target = table_names(con, "src"), table_names(con, "dst")
    if source != target:
        raise VaultError(
            "the copy is missing tables (" + ", ".join(sorted(set(source) - set(target))) + ")"
        )
    counts: dict[str, int] = {}
    for table in source:
        # query_table takes the qualified name as a bound string.
        name = '"' + table.replace('"', '""') + '"'
        names = {"source": f"src.main.{name}", "target": f"dst.main.{name}"}
        a, b, diff = con.execute(load_sql("admin/compare_table"), names).fetchone()
        if a != b or diff:
            raise VaultError(
                f"the copy of table {table} does not match ({a} rows before, {b} after); "
                "nothing was changed"
            )
        counts[table] = int(a)
    return counts


def copy_into(
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
    processes. On any failure `dst` is scrubbed. `dst`, its log and spill files are readable by
    their owner only (see private_files); a killed copy is scrubbed by `clear_leftovers`.
    """
    for leftover in (dst, wal_path(dst)):
        scrub(leftover)
    with private_files():
        con = vault_connection(path)
        try:
            attach(con, src, "src", src_key, read_only=source_ro)
            if not source_ro:
                # Fold the write-ahead log into the file so no plaintext stays in `<db>.wal`.
                con.execute(sql_template("admin/checkpoint_database", alias="src"))
            attach(con, dst, "dst", dst_key)
            con.execute(load_sql("admin/copy_database"))
            counts = verify_copy(con)
            con.execute(sql_template("admin/checkpoint_database", alias="dst"))
            con.execute(sql_template("admin/detach", alias="dst"))
            if swap is not None:
                swap()
            con.execute(sql_template("admin/detach", alias="src"))
        except BaseException:
            con.close()
            for leftover in (dst, wal_path(dst)):
                scrub(leftover)
            raise
        con.close()
    scrub(wal_path(dst))
    return counts


# -- what an interrupted command leaves behind ------------------------------------------------
# The copies a rewrite (`.rewrite`) and a restore (`.restore`) prepare beside the journal, their
# logs, their spill folders and DuckDB's own (`.tmp`), and a salt being written (`.salt.new`).
_LEFTOVER_FILES = (".rewrite", ".rewrite.wal", ".restore", ".restore.wal", ".salt.new")
_LEFTOVER_DIRS = (".tmp", ".rewrite.tmp", ".restore.tmp")


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Files made inside the block are readable by their owner only (a copy being prepared
    must never be readable by another account, even for the time of the copy)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def hold_part(fd: int) -> None:
    """Mark an output's temporary file (`.NAME.XXXX.part`) as being written, for as long as
    `fd` stays open (a BSD lock, which closing another handle of the file does not drop)."""
    fcntl.flock(fd, fcntl.LOCK_EX)


def clear_parts(folder: Path, pattern: str) -> list[Path]:
    """Scrub the output temporaries matching `pattern` in `folder` that no process is writing
    (their writer was killed before it could remove them)."""
    removed: list[Path] = []
    for part in sorted(folder.glob(pattern)) if folder.is_dir() else ():
        try:
            fd = os.open(part, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # still being written
        else:
            scrub(part)
            removed.append(part)
        finally:
            os.close(fd)
    return removed


def clear_leftovers(path: str | Path) -> list[Path]:
    """Scrub the temporary copies an interrupted command left beside the journal at `path` and
    in its backups folder; returns what was removed.

    Only call it while no other process can be using them: with the journal's lock held (a
    writable Store just opened), or after `journal_is_free(path)`.
    """
    path = Path(path)
    removed: list[Path] = []
    for suffix in _LEFTOVER_FILES:
        found = path.with_name(path.name + suffix)
        if found.is_file():
            scrub(found)
            removed.append(found)
    for suffix in _LEFTOVER_DIRS:
        folder = path.with_name(path.name + suffix)
        if folder.is_dir():
            for spilled in (p for p in folder.iterdir() if p.is_file()):
                scrub(spilled)
                removed.append(spilled)
            with contextlib.suppress(OSError):
                folder.rmdir()
    removed += clear_parts(path.parent, f".{path.name}.*.part")
    removed += clear_parts(path.parent / "backups", f".{path.stem}-*.part")
    return removed


def journal_is_free(path: str | Path) -> bool:
    """True when no process holds the journal's DuckDB lock (or there is no journal). Opens the
    file: never call it on a file this process has open in DuckDB (see dashboard.store._OPEN)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        # DuckDB locks with fcntl (F_SETLK), as lockf does: a write lock conflicts with any.
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True
