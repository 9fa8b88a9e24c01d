"""The store: one DuckDB connection per process, migrations, validated writes, SQL files."""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import json
import os
import shutil
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import DATA_DIR, QUERIES_DIR, crypto, derived, errors, schema
from dashboard.crypto import (
    derive_key,
    header_says_encrypted,
    key_digest,
    new_salt,
    read_salt,
    salt_path,
    temp_dir,
    vault_connection,
    write_salt,
)
from dashboard.errors import StoreError, StoreInUse, WrongPassphrase
from dashboard.errors import StoreLocked as StoreLocked
from dashboard.files import copy_outside, output_file
from dashboard.schema import ENTRY_TABLES, SETTINGS_DEFAULTS
from dashboard.sqlfiles import (
    derived_used_by,
    digest,
    load_sql,
    macro_files,
    sql_params,
    sql_template,
    text_params,
)
from dashboard.validate import ValidationError, clean_row, clean_settings

SCHEMA_DIR = QUERIES_DIR / "schema"
DEFAULT_DB = DATA_DIR / "tideline.duckdb"
DEMO_DB = DATA_DIR / "demo.duckdb"
# The fields of each entry table, in the order inserts and updates write them.
COLUMNS: dict[str, tuple[str, ...]] = {t: schema.TABLES[t].names for t in ENTRY_TABLES}
# How a column's DuckDB type travels in an Arrow batch (bulk inserts, exports).
_ARROW = {
    "TIMESTAMP": pa.timestamp("us"),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
}
ARROW_TYPES: dict[str, dict[str, pa.DataType]] = {
    t: {c.name: _ARROW[c.type] for c in schema.TABLES[t].fields} for t in ENTRY_TABLES
}
# Tables a file must hold to count as a Tideline journal.
JOURNAL_TABLES = ("mood", "contacts", "urges", "milestones", "settings", "schema_version")
# Above this many rows a table is inserted as one Arrow batch instead of row by row.
BULK_ROWS = 20
# How many rows one Arrow batch of a bulk insert holds.
BATCH_ROWS = 100_000


def default_db_path() -> Path:
    """The user's database: TIDELINE_DB if set, else data/tideline.duckdb."""
    return Path(os.environ.get("TIDELINE_DB") or DEFAULT_DB)


# The attached encrypted database's name inside the connection.
VAULT_ALIAS = "journal"


# -- DuckDB's file lock -------------------------------------------------------------------------
# DuckDB locks the database file with fcntl, and under POSIX rules a process loses every such
# lock on a file the moment it closes *any* handle of that file. So while a Store has a file
# open, nothing in this process may open() it, not even to read its header: another process
# could then open the journal too, and each would overwrite the other's writes. Open Stores are
# listed here by file, and questions about an open file are answered by its Store. Every header
# read and every connect happens under _OPEN_LOCK, so no thread reads a header while another
# is connecting to the same file.
_OPEN: dict[str, weakref.WeakSet[Store]] = {}
_OPEN_LOCK = threading.RLock()


def _file_key(path: str | Path) -> str | None:
    text = str(path)
    # realpath follows links with lstat and readlink; it never opens the file.
    return None if text == ":memory:" else os.path.realpath(text)


def open_here(path: str | Path) -> Store | None:
    """A Store this process has open on the file, or None."""
    key = _file_key(path)
    if key is None:
        return None
    with _OPEN_LOCK:
        return next(iter(_OPEN.get(key, ())), None)


def refuse_if_open_here(path: str | Path) -> None:
    """StoreInUse when this process has the file open (a rewrite would go behind its back)."""
    if open_here(path) is not None:
        raise StoreInUse(
            f"{path} is open in this program; close it before the journal's file is replaced"
        )


def is_encrypted(path: str | Path) -> bool:
    """True when the file is a DuckDB database written with an encryption key.

    A file this process has open is answered by its Store: the header is read only when no
    DuckDB connection to the file is open here.
    """
    with _OPEN_LOCK:
        opened = open_here(path)
        if opened is not None:
            return opened.encrypted
        return header_says_encrypted(path)


def _migrations() -> list[tuple[int, Path]]:
    out = []
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        out.append((int(path.name.split("_", 1)[0]), path))
    return out


class Store:
    """A Tideline database file. Safe to share between threads: a cursor per call."""

    def __init__(
        self, path: str | Path, *, read_only: bool = False, passphrase: str | None = None
    ) -> None:
        """Open (or create) a database file.

        An encrypted file needs its passphrase (StoreLocked without one, WrongPassphrase when it
        does not fit). A new file opened with a passphrase is created encrypted; an existing
        plain file ignores it.
        """
        self.path = Path(path)
        self._lock = threading.RLock()
        # The journal's key for its derived tables (dashboard/derived.py), shared by the Stores
        # of this process on the same file.
        self._journal = _file_key(self.path) or f":memory:{id(self)}"
        derived.forget(self._journal)
        self.encrypted = False
        self._key_check: bytes | None = None
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if is_encrypted(self.path) or (passphrase and not self.path.exists()):
            self.con = self._open_encrypted(passphrase, read_only)
        else:
            self.con = self._open_plain(read_only)
        try:
            # The derived tables' database, in memory (dashboard/derived.py).
            self.con.execute(load_sql("admin/attach_derived"))
            self.con.execute(load_sql("admin/derived_tables"))
            self._check_journal()
            if not read_only:
                # The journal's lock is held now: what a killed command left beside it is not
                # in use by anyone, and no plaintext copy may outlive it.
                if _file_key(self.path) is not None:
                    crypto.clear_leftovers(self.path)
                self._migrate()
                self._apply_macros()
        except Exception:
            self.close()
            raise

    def _register(self) -> None:
        # Called under _OPEN_LOCK right after connecting (see _OPEN).
        key = _file_key(self.path)
        if key is not None:
            _OPEN.setdefault(key, weakref.WeakSet()).add(self)

    def _open_plain(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}")
        try:
            with _OPEN_LOCK:
                # Read before DuckDB opens it (see _OPEN): another kind of file is refused
                # before DuckDB could reach for an extension to read it.
                other = None if open_here(self.path) else crypto.foreign_file(self.path)
                if other is not None:
                    raise errors.NotAJournal(
                        f"{self.path} is not a Tideline database ({other}); nothing was changed"
                    )
                con = crypto.connect(self.path, read_only=read_only)
                self._register()
            return con
        except duckdb.IOException as exc:
            text = str(exc)
            if errors.is_lock_error(text):
                raise errors.in_use(self.path) from None
            if errors.is_corrupt_error(text):
                raise errors.corrupt(self.path) from None
            if "not a valid duckdb database" in text.lower():
                raise StoreError(
                    f"{self.path} is not a Tideline database (it is not a DuckDB file)"
                ) from None
            raise StoreError(f"cannot open {self.path}: {text.splitlines()[0]}") from None
        except duckdb.Error as exc:
            text = str(exc)
            if "encrypted" in text.lower():
                raise errors.locked(self.path, self.path.name) from None
            raise StoreError(
                f"{self.path} is not a Tideline database ({text.splitlines()[0]})"
            ) from None

    def _open_encrypted(self, passphrase: str | None, read_only: bool) -> duckdb.DuckDBPyConnection:
        if not passphrase:
            raise errors.locked(self.path, self.path.name)
        if self.path.exists():
            salt = read_salt(self.path)
        else:
            # A new encrypted journal: the salt goes down first so the file is never orphaned.
            salt = new_salt()
            write_salt(self.path, salt)
        key = derive_key(passphrase, salt)
        con = vault_connection(self.path)
        attach = "admin/attach_encrypted" + ("_read_only" if read_only else "")
        try:
            with _OPEN_LOCK:
                con.execute(sql_template(attach, path=self.path, alias=VAULT_ALIAS), {"key": key})
                con.execute(sql_template("admin/use_database", alias=VAULT_ALIAS))
                self.encrypted = True
                self._register()
        except duckdb.Error as exc:
            con.close()
            text = str(exc)
            if "wrong encryption key" in text.lower():
                raise WrongPassphrase(
                    f"that passphrase does not unlock {self.path.name}; nothing was changed. "
                    "Check for typos and caps lock, and try again."
                ) from None
            if errors.is_lock_error(text):
                raise errors.in_use(self.path) from None
            if errors.is_corrupt_error(text):
                raise errors.corrupt(self.path) from None
            raise StoreError(f"cannot open {self.path}: {text.splitlines()[0]}") from None
        # Only a digest is kept, to let another browser session prove it knows the passphrase.
        self._key_check = key_digest(key)
        return con

    def passphrase_matches(self, passphrase: str) -> bool:
        """True when this passphrase unlocks the open (encrypted) journal."""
        if not self.encrypted or self._key_check is None or not passphrase:
            return False
        key = derive_key(passphrase, read_salt(self.path))
        return hmac.compare_digest(key_digest(key), self._key_check)

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        derived.forget(self._journal)
        with _OPEN_LOCK:
            self.con.close()
            key = _file_key(self.path)
            if key is not None and key in _OPEN:
                _OPEN[key].discard(self)
                if not _OPEN[key]:
                    del _OPEN[key]
        # DuckDB leaves its (empty) spill directory behind; tidy it away.
        with contextlib.suppress(OSError):
            temp_dir(self.path).rmdir()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one query; it sees the attached journal when the file is encrypted."""
        cur = self.con.cursor()
        if self.encrypted:
            # A cursor starts in the connection's in-memory default database, not the one
            # chosen with USE on the parent connection.
            cur.execute(sql_template("admin/use_database", alias=VAULT_ALIAS))
        return cur

    def schema_version(self) -> int:
        cur = self.cursor()
        cur.execute(load_sql("admin/schema_version_table"))
        row = cur.execute(load_sql("admin/schema_version")).fetchone()
        return int(row[0]) if row else 0

    def _check_journal(self) -> None:
        """Refuse, before anything is written, a database that is not a Tideline journal (tables,
        but not a journal's) or one made by a newer Tideline (a schema this code does not know)."""
        cur = self.cursor()
        try:
            name = cur.execute(load_sql("admin/current_database")).fetchone()[0]
            tables = set(crypto.table_names(cur, name))
            version = 0
            if "schema_version" in tables:
                version = int(cur.execute(load_sql("admin/schema_version")).fetchone()[0])
        finally:
            cur.close()
        missing = set(JOURNAL_TABLES) - tables
        if (version > 0 and missing) or (version == 0 and tables - {"schema_version"}):
            listed = ", ".join(sorted(missing)) or "schema_version"
            raise errors.NotAJournal(
                f"{self.path} is not a Tideline database (a DuckDB file without "
                f"{listed}); nothing was changed"
            )
        newest = _migrations()[-1][0]
        if version > newest:
            raise errors.NotAJournal(
                f"{self.path} was written by a newer Tideline (schema version {version}; this "
                f"one knows up to {newest}); update Tideline to open it. Nothing was changed."
            )

    def _migrate(self) -> None:
        with self._lock:
            current = self.schema_version()
            pending = [(v, p) for v, p in _migrations() if v > current]
            if not pending:
                return
            saved = self.backup(reason=f"before-migration-{current}") if current > 0 else None
            cur = self.cursor()
            for version, path in pending:
                cur.begin()
                try:
                    cur.execute(path.read_text(encoding="utf-8"))
                    cur.execute(load_sql("admin/schema_version_insert"), {"version": version})
                    cur.commit()
                except duckdb.Error as exc:
                    cur.rollback()
                    kept = f"; a copy from before is in {saved}" if saved else ""
                    raise StoreError(
                        f"could not update {self.path.name} to schema version {version} "
                        f"({str(exc).splitlines()[0]}); your entries are unchanged{kept}"
                    ) from None

    def _apply_macros(self) -> None:
        """Create or replace the macros of queries/macros/ the journal does not have as they are
        in their files, in one transaction.

        Macros are not frozen in a migration: a journal always runs the macros of the Tideline
        that opens it (one made before they moved out of 001_initial.sql has older copies, and
        these replace them). Each macro carries a digest of its file as its comment, so an open
        that finds every macro current writes nothing (a command that fails leaves the file as
        it was). A read-only open keeps the macros the file has.
        """
        # The catalog is read once (a read per macro was a fifth of a second on every open).
        # Each macro's own comment is read, not a digest of them all kept elsewhere: an older
        # Tideline opening the journal in between rewrites macros without knowing of one.
        have = self._macros()
        stale = [(n, t) for n, t in macro_files() if have.get(n, ("", ""))[1] != digest(t)]
        if not stale:
            return
        try:
            with self._transaction() as cur:
                for _name, text in stale:
                    cur.execute(text)
                kinds = self._macros(cur)
                for name, text in stale:
                    template = "admin/comment_" + kinds[name][0]
                    cur.execute(sql_template(template, alias=name, comment=digest(text)))
        except duckdb.Error as exc:
            raise StoreError(
                f"could not prepare the queries of {self.path.name} "
                f"({str(exc).splitlines()[0]}); your entries are unchanged"
            ) from None

    def _macros(self, cur: duckdb.DuckDBPyConnection | None = None) -> dict[str, tuple[str, str]]:
        """The journal's macros: name -> (kind, comment)."""
        rows = (cur or self.cursor()).execute(load_sql("admin/catalog_macros")).fetchall()
        return {name: (kind, comment) for name, kind, comment in rows}

    def backup(self, dest: str | Path | None = None, reason: str = "manual") -> Path:
        """Copy the database file (after a checkpoint) to dest or data/backups/.

        An encrypted journal's backup stays encrypted and gets its own `.salt` beside it. The
        copy is made by a child process (see files.copy_outside) and takes its name only once whole.
        """
        with self._lock:
            cur = self.cursor()
            try:
                cur.execute(load_sql("admin/checkpoint"))
            finally:
                cur.close()
            if dest is None:
                dest = self._backup_name(reason)
            dest = Path(dest)
            if dest.resolve() == self.path.resolve():
                raise StoreError("a backup cannot overwrite the journal itself")
            dest.parent.mkdir(parents=True, exist_ok=True)
            with output_file(dest) as copy:
                copy_outside(self.path, copy)
                if self.encrypted:
                    # The salt takes its name first: a backup without its salt never opens.
                    with output_file(salt_path(dest)) as salt:
                        shutil.copyfile(salt_path(self.path), salt)
            return dest

    def _backup_name(self, reason: str) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.path.parent / "backups"
        dest = folder / f"{self.path.stem}-{stamp}-{reason}.duckdb"
        n = 2
        # Two backups in the same second (a restore right after a backup) must not collide.
        while dest.exists():
            dest = folder / f"{self.path.stem}-{stamp}-{reason}-{n}.duckdb"
            n += 1
        return dest

    # -- reads -----------------------------------------------------------------------------
    def query(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run queries/<name>.sql with named, bound parameters and return a DataFrame."""
        given = dict(params or {})
        missing = sorted(sql_params(name) - set(given))
        if missing:
            raise StoreError(f"query {name!r} needs parameter(s) {', '.join(missing)}")
        # Callers may pass a shared parameter set; DuckDB wants exactly the ones used.
        bound = {k: v for k, v in given.items() if k in text_params(name)}
        for table in derived_used_by(name):
            derived.ensure(self._journal, table, given, self._fill_derived)
        cur = self.cursor()
        try:
            return cur.execute(load_sql(name), bound).df()
        finally:
            cur.close()

    def _fill_derived(self, table: str, params: dict[str, Any], times: list | None) -> None:
        """Compute a derived table's rows for these parameters again, in one transaction."""
        cur = self.cursor()
        try:
            cur.begin()
            derived.fill(cur, table, params, times)
            cur.commit()
        except Exception:
            cur.rollback()
            raise
        finally:
            cur.close()

    def settings(self) -> dict[str, Any]:
        rows = self.cursor().execute(load_sql("admin/settings")).fetchall()
        out = dict(SETTINGS_DEFAULTS)
        for key, value in rows:
            if key in out:
                out[key] = json.loads(value)
        return out

    def saved_settings(self) -> dict[str, Any]:
        """Only the settings written to this journal, no defaults: a key missing was never set."""
        rows = self.cursor().execute(load_sql("admin/settings")).fetchall()
        return {key: json.loads(value) for key, value in rows if key in SETTINGS_DEFAULTS}

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of a table, oldest first, as plain dicts (for export)."""
        if table not in COLUMNS:
            raise StoreError(f"unknown table {table!r}")
        # fetchall keeps native types (None, lists, datetimes) that compare exactly.
        cur = self.cursor()
        try:
            result = cur.execute(load_sql(f"export_{table}"))
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cur.close()

    def is_empty(self) -> bool:
        counts = self.query("table_counts").iloc[0]
        return int(counts.sum()) == 0

    # -- writes ----------------------------------------------------------------------------
    def _insert(self, cur: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> int:
        values = {c: row[c] for c in COLUMNS[table]} | {"created_at": row.get("created_at")}
        return int(cur.execute(load_sql(f"admin/insert_{table}"), values).fetchone()[0])

    def _insert_bulk(
        self, cur: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]
    ) -> list[int]:
        types = ARROW_TYPES[table] | {"created_at": pa.timestamp("us")}
        ids: list[int] = []
        # Column by column, a batch at a time: a million rows never become a second million
        # dicts, and each batch's columns are freed once DuckDB has them.
        for start in range(0, len(rows), BATCH_ROWS):
            part = rows[start : start + BATCH_ROWS]
            batch = pa.table({k: pa.array([r.get(k) for r in part], t) for k, t in types.items()})
            cur.register("incoming_rows", batch)
            try:
                found = cur.execute(load_sql(f"admin/insert_rows_{table}")).fetchall()
            finally:
                cur.unregister("incoming_rows")
            ids += [r[0] for r in found]
        return ids

    @contextlib.contextmanager
    def _transaction(
        self, tables: Iterable[str] | None = None, added: Mapping[str, list] | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor in a transaction that commits when the block ends, or rolls back. Once it
        has committed, the derived tables of `tables` (None: of any table) are stale, and those
        of `added` ({table: the times of the rows added}) miss the days of those times."""
        with self._lock:
            cur = self.cursor()
            cur.begin()
            try:
                yield cur
                cur.commit()
            except Exception:
                cur.rollback()
                raise
            derived.changed(self._journal, tables)
            derived.appended(self._journal, added or {})
        derived.refresh(self._journal, self._fill_derived, duckdb.Error)

    def add(self, table: str, row: dict[str, Any]) -> int:
        """Validate and insert one row in its own transaction; return its id."""
        return self.add_many({table: [row]})[0]

    def add_many(
        self,
        tables: Mapping[str, Iterable[dict[str, Any]]],
        settings: Mapping[str, Any] | None = None,
        validated: bool = False,
    ) -> list[int]:
        """Validate every row first, then insert all of them in one transaction.

        `validated=True` is for rows that already went through `clean_row`.
        """
        cleaned = {
            t: [r if validated else clean_row(t, r) for r in rows] for t, rows in tables.items()
        }
        new_settings = clean_settings(dict(settings)) if settings else {}
        ids: list[int] = []
        # Rows with a time say which days they touched; milestones (dates) change their table.
        times = {t: [r["at"] for r in rows] for t, rows in cleaned.items() if t != "milestones"}
        changed = ["settings"] if new_settings else []
        if "milestones" in cleaned:
            changed.append("milestones")
        with self._transaction(changed, times) as cur:
            for key, value in new_settings.items():
                self._put_setting(cur, key, value)
            for table, rows in cleaned.items():
                if len(rows) > BULK_ROWS:
                    ids.extend(self._insert_bulk(cur, table, rows))
                else:
                    ids.extend(self._insert(cur, table, row) for row in rows)
        return ids

    def update(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        """Replace the user's fields of one row (created_at is kept)."""
        clean = clean_row(table, row)
        values = {c: clean[c] for c in COLUMNS[table]} | {"id": int(row_id)}
        with self._transaction([table]) as cur:
            found = cur.execute(load_sql(f"admin/update_{table}"), values).fetchall()
            if not found:
                raise ValidationError(f"no {table} entry with id {row_id}")

    def delete(self, table: str, row_id: int) -> None:
        if table not in ENTRY_TABLES:
            raise ValidationError(f"unknown table {table!r}")
        with self._lock:
            try:
                cur = self.cursor()
                found = cur.execute(load_sql(f"admin/delete_{table}"), {"id": int(row_id)})
                if not found.fetchall():
                    raise ValidationError(f"no {table} entry with id {row_id}")
            finally:
                derived.changed(self._journal, [table])
        derived.refresh(self._journal, self._fill_derived, duckdb.Error)

    def _put_setting(self, cur: duckdb.DuckDBPyConnection, key: str, value: Any) -> None:
        cur.execute(load_sql("admin/setting_put"), {"key": key, "value": json.dumps(value)})

    def save_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        clean = clean_settings(dict(values))
        with self._transaction(["settings"]) as cur:
            for key, value in clean.items():
                self._put_setting(cur, key, value)
        return self.settings()

    def record_export(
        self, kind: str, period_from: dt.date | None, period_to: dt.date | None, options: dict
    ) -> None:
        """Remember that something was shared: when, which period, which options."""
        with self._lock:
            self.cursor().execute(
                load_sql("admin/export_record"),
                {
                    "kind": kind,
                    "period_from": period_from,
                    "period_to": period_to,
                    "options": json.dumps(options, sort_keys=True),
                },
            )
