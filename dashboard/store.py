"""The store: one DuckDB connection per process, migrations, validated writes, SQL files."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import DATA_DIR, QUERIES_DIR
from dashboard.validate import (
    SETTINGS_DEFAULTS,
    TABLES,
    ValidationError,
    clean_row,
    clean_settings,
)

SCHEMA_DIR = QUERIES_DIR / "schema"
DEFAULT_DB = DATA_DIR / "tideline.duckdb"
DEMO_DB = DATA_DIR / "demo.duckdb"
COLUMNS = {
    "mood": ("at", "mood", "urge", "emotions", "activities", "note", "private"),
    "contacts": (
        "at",
        "initiator",
        "channel",
        "got_response",
        "under_influence",
        "trigger",
        "note",
        "private",
    ),
    "urges": ("at", "intensity", "outcome", "trigger", "note", "private"),
    "milestones": ("on", "kind", "title", "note"),
}


_TEXT = pa.string()
_WORDS = pa.list_(pa.string())
ARROW_TYPES: dict[str, dict[str, pa.DataType]] = {
    "mood": {
        "at": pa.timestamp("us"),
        "mood": pa.int32(),
        "urge": pa.int32(),
        "emotions": _WORDS,
        "activities": _WORDS,
        "note": _TEXT,
        "private": pa.bool_(),
    },
    "contacts": {
        "at": pa.timestamp("us"),
        "initiator": _TEXT,
        "channel": _TEXT,
        "got_response": pa.bool_(),
        "under_influence": pa.bool_(),
        "trigger": _TEXT,
        "note": _TEXT,
        "private": pa.bool_(),
    },
    "urges": {
        "at": pa.timestamp("us"),
        "intensity": pa.int32(),
        "outcome": _TEXT,
        "trigger": _TEXT,
        "note": _TEXT,
        "private": pa.bool_(),
    },
    "milestones": {"on": pa.date32(), "kind": _TEXT, "title": _TEXT, "note": _TEXT},
}
# Above this many rows a table is inserted as one Arrow batch instead of row by row.
BULK_ROWS = 20


class StoreError(RuntimeError):
    """A problem opening or using the database; the message is meant for the user."""


class StoreInUse(StoreError):
    """Another process holds the database file."""


def default_db_path() -> Path:
    """The user's database: TIDELINE_DB if set, else data/tideline.duckdb."""
    return Path(os.environ.get("TIDELINE_DB") or DEFAULT_DB)


PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@functools.cache
def load_sql(name: str) -> str:
    """The text of queries/<name>.sql (read once per process)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise StoreError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


@functools.cache
def sql_params(name: str) -> frozenset[str]:
    """The named parameters a query file uses."""
    return frozenset(PARAM.findall(load_sql(name)))


def _migrations() -> list[tuple[int, Path]]:
    out = []
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        out.append((int(path.name.split("_", 1)[0]), path))
    return out


def _quoted(column: str) -> str:
    # "on" is a keyword; quoting every column keeps the generated statements uniform.
    return '"' + column + '"'


class Store:
    """A Tideline database file. Safe to share between threads: a cursor per call."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreInUse(
                    f"{self.path} is in use by another Tideline process (is the dashboard "
                    "running?). Close it, or use its Data page, and try again."
                ) from None
            raise StoreError(f"cannot open {self.path}: {text.splitlines()[0]}") from None
        except duckdb.Error as exc:
            raise StoreError(
                f"{self.path} is not a Tideline database ({str(exc).splitlines()[0]})"
            ) from None
        if not read_only:
            self._migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def schema_version(self) -> int:
        cur = self.cursor()
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
            "applied_at TIMESTAMP NOT NULL DEFAULT localtimestamp)"
        )
        row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        with self._lock:
            current = self.schema_version()
            pending = [(v, p) for v, p in _migrations() if v > current]
            if not pending:
                return
            if current > 0:
                self.backup(reason=f"before-migration-{current}")
            cur = self.cursor()
            for version, path in pending:
                cur.execute("BEGIN")
                try:
                    cur.execute(path.read_text(encoding="utf-8"))
                    cur.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
                    cur.execute("COMMIT")
                except Exception:
                    cur.execute("ROLLBACK")
                    raise

    def backup(self, dest: str | Path | None = None, reason: str = "manual") -> Path:
        """Copy the database file (after a checkpoint) to dest or data/backups/."""
        with self._lock:
            self.cursor().execute("CHECKPOINT")
            if dest is None:
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                dest = self.path.parent / "backups" / f"{self.path.stem}-{stamp}-{reason}.duckdb"
            dest = Path(dest)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.path, dest)
            return dest

    # -- reads -----------------------------------------------------------------------------
    def query(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run queries/<name>.sql with named, bound parameters and return a DataFrame."""
        given = dict(params or {})
        wanted = sql_params(name)
        missing = sorted(wanted - set(given))
        if missing:
            raise StoreError(f"query {name!r} needs parameter(s) {', '.join(missing)}")
        # Callers may pass a shared parameter set; DuckDB wants exactly the ones used.
        bound = {k: v for k, v in given.items() if k in wanted}
        cur = self.cursor()
        try:
            return cur.execute(load_sql(name), bound).df()
        finally:
            cur.close()

    def settings(self) -> dict[str, Any]:
        cur = self.cursor()
        rows = cur.execute("SELECT key, value FROM settings").fetchall()
        out = dict(SETTINGS_DEFAULTS)
        for key, value in rows:
            if key in out:
                out[key] = json.loads(value)
        return out

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
        cols = COLUMNS[table]
        sql = (
            f"INSERT INTO {table} ({', '.join(map(_quoted, cols))}, created_at) "  # noqa: S608
            f"VALUES ({', '.join('?' for _ in cols)}, coalesce(?, localtimestamp)) RETURNING id"
        )
        values = [row[c] for c in cols] + [row.get("created_at")]
        return int(cur.execute(sql, values).fetchone()[0])

    def _insert_bulk(
        self, cur: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]
    ) -> list[int]:
        types = ARROW_TYPES[table] | {"created_at": pa.timestamp("us")}
        schema = pa.schema(list(types.items()))
        batch = pa.Table.from_pylist([{k: r.get(k) for k in types} for r in rows], schema=schema)
        cols = ", ".join(map(_quoted, COLUMNS[table]))
        cur.register("incoming_rows", batch)
        try:
            found = cur.execute(
                f"INSERT INTO {table} ({cols}, created_at) "  # noqa: S608 (fixed names)
                f"SELECT {cols}, coalesce(created_at, localtimestamp) FROM incoming_rows "
                "RETURNING id"
            ).fetchall()
        finally:
            cur.unregister("incoming_rows")
        return [int(r[0]) for r in found]

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
        with self._lock:
            cur = self.cursor()
            cur.execute("BEGIN")
            try:
                for key, value in new_settings.items():
                    self._put_setting(cur, key, value)
                for table, rows in cleaned.items():
                    if len(rows) > BULK_ROWS:
                        ids.extend(self._insert_bulk(cur, table, rows))
                    else:
                        ids.extend(self._insert(cur, table, row) for row in rows)
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
        return ids

    def update(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        """Replace the user's fields of one row (created_at is kept)."""
        clean = clean_row(table, row)
        cols = COLUMNS[table]
        assignments = ", ".join(f"{_quoted(c)} = ?" for c in cols)
        with self._lock:
            cur = self.cursor()
            cur.execute("BEGIN")
            try:
                found = cur.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = ? RETURNING id",  # noqa: S608
                    [*(clean[c] for c in cols), int(row_id)],
                ).fetchall()
                if not found:
                    raise ValidationError(f"no {table} entry with id {row_id}")
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    def delete(self, table: str, row_id: int) -> None:
        if table not in TABLES:
            raise ValidationError(f"unknown table {table!r}")
        with self._lock:
            cur = self.cursor()
            found = cur.execute(
                f"DELETE FROM {table} WHERE id = ? RETURNING id",  # noqa: S608
                [int(row_id)],
            ).fetchall()
            if not found:
                raise ValidationError(f"no {table} entry with id {row_id}")

    def _put_setting(self, cur: duckdb.DuckDBPyConnection, key: str, value: Any) -> None:
        cur.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )

    def save_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        clean = clean_settings(dict(values))
        with self._lock:
            cur = self.cursor()
            cur.execute("BEGIN")
            try:
                for key, value in clean.items():
                    self._put_setting(cur, key, value)
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
        return self.settings()

    def record_export(
        self, kind: str, period_from: dt.date | None, period_to: dt.date | None, options: dict
    ) -> None:
        """Remember that something was shared: when, which period, which options."""
        with self._lock:
            self.cursor().execute(
                "INSERT INTO exports (kind, period_from, period_to, options) VALUES (?, ?, ?, ?)",
                [kind, period_from, period_to, json.dumps(options, sort_keys=True)],
            )
