"""Cached reads of the open journal: one DuckDB connection per file and process, and every
query, setting, metric and section a page shows, cached until a write changes a table it read
(writes.after_write names the tables; ui/freshness.py keeps track)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard import metrics as metrics_mod
from dashboard import vault, wording
from dashboard.metrics import Metrics
from dashboard.sections import Section
from dashboard.store import Store, StoreError, StoreInUse, StoreLocked, is_encrypted
from dashboard.ui import freshness, session

T = TypeVar("T")

# Encrypted journals opened in this process. Kept out of st.cache_resource so that the
# passphrase never becomes a cache key; every browser session still has to prove it knows it.
_VAULT: dict[str, Store] = {}
_VAULT_LOCK = threading.Lock()


# -- the connection ----------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _open_plain(path: str) -> Store:
    # One Store (one DuckDB connection) per file per process, shared by every session.
    # A failure is not cached, so the next run tries again (e.g. once the CLI has closed it).
    return Store(path)


def open_store(path: str) -> Store:
    """The process's Store for a file: the unlocked one for an encrypted journal."""
    with _VAULT_LOCK:
        if path in _VAULT:
            return _VAULT[path]
    return _open_plain(path)


def unlock_store(path: str, passphrase: str) -> None:
    """Open an encrypted journal in this process, or check the passphrase against the open one.

    Raises StoreLocked kinds; session.unlock then marks the browser session as unlocked."""
    with _VAULT_LOCK:
        opened = _VAULT.get(path)
        if opened is None:
            _VAULT[path] = vault.unlock(path, passphrase)
        elif not opened.passphrase_matches(passphrase):
            raise StoreLocked("that passphrase does not unlock this journal; nothing was changed")


def friendly(exc: StoreError) -> str:
    """The message shown instead of a traceback when the database cannot be used."""
    if isinstance(exc, StoreInUse):
        return (
            f"{exc} Your entries are safe; Tideline will open the journal as soon as the "
            "other program lets go of it — reload this page then."
        )
    return f"Tideline could not open its database: {exc}"


def store() -> Store:
    """The open Store; on a database problem show a kind message and stop the page."""
    path = session.db_path()
    # Asked on every run: once this process has the file open, its Store answers, so the
    # header is never read behind DuckDB's back (that would drop its lock on the file).
    if is_encrypted(path) and not session.unlocked_here(path):
        session.lock_screen(path)
        st.stop()
    try:
        return open_store(path)
    except StoreError as exc:
        st.error(friendly(exc), icon=":material/lock:")
        st.stop()
        raise  # st.stop() raises; this line keeps type checkers content


# -- cached reads ------------------------------------------------------------------------------
# Every read below is kept with the tables it read (ui/freshness.py): a write forgets the reads
# of the tables it changed (`forget`), the others stay. In memory only, shared by the sessions.
CACHE = freshness.Cache(max_entries=1024)


# The queries a page ran on its last visit in this period are read ahead on the next one, two
# at a time (DuckDB runs them without the GIL; the machines Tideline runs on have 2+ cores).
_AHEAD = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tideline read-ahead")
# The page and period this script run reads for (set by `read_ahead`), per script thread.
_RUN = threading.local()


def read_ahead(plan_id: Hashable | None) -> None:
    """Note the queries of this run under `plan_id` (a page and its period; None: none), and
    start the ones it ran last time that a write has made stale."""
    _RUN.plan_id = plan_id
    if plan_id is None:
        return
    db = session.db_path()
    opened = open_store(db)
    CACHE.prefetch(db, plan_id, opened.query, _AHEAD.submit)


def forget(tables: Iterable[str] | None = None, db: str | None = None) -> None:
    """After a write to `tables` (None: any table) of journal `db` (None: every journal)."""
    CACHE.forget(db, tables)


def _reader() -> Any:
    """The open journal read through the cache: a Store to the sections and metrics (its
    `query` and `settings`), a `freshness.Recorder` underneath."""
    store()  # shows the friendly message if the database cannot be opened
    db = session.db_path()
    plan_id = getattr(_RUN, "plan_id", None)
    plan = None if plan_id is None else CACHE.plan(plan_id)
    return freshness.Recorder(CACHE, db, open_store(db), set(), plan)


def _cached(key: Hashable, compute: Callable[[Any], T]) -> T:
    """The cached value of `key` in the open journal, else `compute(reader)`'s: it reads the
    journal through the reader, which notes the tables read and caches each query."""
    reader = _reader()
    return CACHE.get(session.db_path(), key, lambda read: compute(reader.noting(read)))


def query(name: str, **params: Any) -> pd.DataFrame:
    """queries/<name>.sql with these bound parameters, cached until a table it reads changes."""
    return _reader().query(name, params)


def settings() -> dict[str, Any]:
    """The journal's settings, cached until they are saved."""
    return _reader().settings()


def day_start_hour() -> int:
    """The hour a tracking day starts (late nights belong to the evening they started in)."""
    return int(settings()["day_start_hour"])


def now() -> dt.datetime:
    """The local time to the minute: what a new entry is stamped with."""
    return dt.datetime.now().replace(second=0, microsecond=0)


def today() -> dt.date:
    """Today's tracking day (a night out still belongs to the evening it started)."""
    return metrics_mod.today(day_start_hour())


def metrics(as_of: dt.date, since: dt.date | None = None) -> Metrics:
    """The section 4 metrics, computed once per period until a table they read changes."""
    key = ("metrics", as_of, since)
    computed = _cached(key, lambda reader: metrics_mod.compute(reader, as_of, since))
    return freshness.private(computed)


def nc_daily(as_of: dt.date, since: dt.date | None = None) -> pd.DataFrame:
    """One row per day with its no-contact state, cached until a table it reads changes."""
    key = ("nc_daily", as_of, since)
    return _cached(key, lambda reader: metrics_mod.nc_daily(reader, as_of, since)).copy()


def _plain(column: str, value: Any) -> Any:
    # DuckDB's DataFrames hold numpy and pandas types; the validator wants plain Python ones.
    if isinstance(value, pd.Timestamp):
        return value.date() if column == "on" else value.to_pydatetime()
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _when(at: Any, kind: str) -> str:
    stamp = pd.Timestamp(at)
    # A milestone has a date, not a time.
    day = f"{stamp:%a} {stamp.day} {stamp:%b}"
    return day if kind == "milestone" else f"{day}, {stamp:%H:%M}"


def latest_entries(limit: int = 8) -> pd.DataFrame:
    """The latest entries of every kind in words: When, Kind, What (newest first)."""
    df = query("recent_all", limit=limit)
    return pd.DataFrame(
        {
            "When": [_when(at, kind) for at, kind in zip(df["at"], df["kind"], strict=True)],
            "Kind": df["kind"].str.capitalize().tolist(),
            "What": [wording.capitalise(str(w)) for w in df["summary"]],
        }
    )


def recent(table: str, limit: int = 20) -> list[dict[str, Any]]:
    """The latest entries of a table (newest first) as plain dicts, for editing."""
    df = query(f"recent_{table}", limit=limit)
    return [{k: _plain(k, v) for k, v in rec.items()} for rec in df.to_dict("records")]


# -- sections ----------------------------------------------------------------------------------
def section(
    fn: Callable[..., Section], since: dt.date | None, until: dt.date, **extra: Any
) -> Section:
    """The section `fn` (dashboard/sections/) for the period, built once until a table it read
    changes (its queries shared with the other sections through the cache)."""
    hour = day_start_hour()
    options = tuple(sorted(extra.items()))
    # By name, not by function object: the key outlives a page's run.
    key = ("section", fn.__module__, fn.__qualname__, since, until, hour, options)
    # A frozen Section, shared as it is: pages and the chart functions copy before they change.
    return _cached(key, lambda reader: fn(reader, since, until, hour, **extra))
