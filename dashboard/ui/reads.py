"""Cached reads of the open journal: one DuckDB connection per file and process, and every
query, setting and metric a page shows, cached until the next write (writes.after_write)."""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import metrics as metrics_mod
from dashboard import vault, wording
from dashboard.sections import Section
from dashboard.store import Store, StoreError, StoreInUse, StoreLocked, is_encrypted
from dashboard.ui import session

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
@st.cache_data(show_spinner=False, max_entries=512)
def _query(db: str, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    return open_store(db).query(name, dict(params))


@st.cache_data(show_spinner=False, max_entries=64)
def _settings(db: str) -> dict[str, Any]:
    return open_store(db).settings()


@st.cache_data(show_spinner=False, max_entries=128)
def _metrics(db: str, as_of: dt.date, since: dt.date | None) -> dict[str, Any]:
    return metrics_mod.compute(open_store(db), as_of=as_of, since=since)


@st.cache_data(show_spinner=False, max_entries=128)
def _nc_daily(db: str, as_of: dt.date, since: dt.date | None) -> pd.DataFrame:
    return metrics_mod.nc_daily(open_store(db), as_of, since)


def query(name: str, **params: Any) -> pd.DataFrame:
    """queries/<name>.sql with these bound parameters, cached until the next write."""
    store()  # shows the friendly message if the database cannot be opened
    return _query(session.db_path(), name, tuple(sorted(params.items())))


def settings() -> dict[str, Any]:
    """The journal's settings, cached until the next write."""
    store()
    return _settings(session.db_path())


def day_start_hour() -> int:
    """The hour a tracking day starts (late nights belong to the evening they started in)."""
    return int(settings()["day_start_hour"])


def now() -> dt.datetime:
    """The local time to the minute: what a new entry is stamped with."""
    return dt.datetime.now().replace(second=0, microsecond=0)


def today() -> dt.date:
    """Today's tracking day (a night out still belongs to the evening it started)."""
    return metrics_mod.today(day_start_hour())


def metrics(as_of: dt.date, since: dt.date | None = None) -> dict[str, Any]:
    """The section 4 metrics dict, cached until the next write."""
    store()
    return _metrics(session.db_path(), as_of, since)


def nc_daily(as_of: dt.date, since: dt.date | None = None) -> pd.DataFrame:
    """One row per day with its no-contact state, cached until the next write."""
    store()
    return _nc_daily(session.db_path(), as_of, since)


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
@st.cache_data(show_spinner=False, max_entries=256)
def _section(
    db: str,
    module: str,
    name: str,
    since: dt.date | None,
    until: dt.date,
    day_start_hour: int,
    extra: tuple[tuple[str, Any], ...],
) -> Section:
    # Found again by name, so the cache keys on the section, not on a function object.
    build = getattr(importlib.import_module(module), name)
    return build(open_store(db), since, until, day_start_hour, **dict(extra))


def section(
    fn: Callable[..., Section], since: dt.date | None, until: dt.date, **extra: Any
) -> Section:
    """The section `fn` (dashboard/sections/) for the period, cached until the next write."""
    store()  # shows the friendly message if the database cannot be opened
    return _section(
        session.db_path(),
        fn.__module__,
        fn.__qualname__,
        since,
        until,
        day_start_hour(),
        tuple(sorted(extra.items())),
    )
