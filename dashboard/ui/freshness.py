"""What a cached read depends on, so that a write forgets only what it changed (issue 14, 1).

Every query file's tables are read off its SQL (the macros it calls followed to their tables).
Each journal's tables carry a token that a write to the table replaces; a cached value keeps
the tokens of the tables it read, and is fresh while they all still hold. A value computed
from other reads (a section, the metrics) reads them through a `Recorder`, which caches each
query too and notes every table read, so a section is kept with exactly its inputs: a mood
write leaves the contact-only queries and sections cached, and the queries two sections share
run once per write. No Streamlit here (the ui's reads and writes use it).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from dashboard.schema import TABLES
from dashboard.sqlfiles import (
    derived_file,
    derived_in,
    load_sql,
    names_in,
    sql_params,
    with_macros,
)

T = TypeVar("T")
# Every stored table; a write that does not say which tables it changed changes all of them.
ALL_TABLES = frozenset(TABLES)
SETTINGS = "settings"
# The queries a page ran, kept per page and period for the next visit's prefetch (at most).
PLAN_SIZE = 200
PLANS = 64


def _tables_in(sql: str, seen: frozenset[str]) -> frozenset[str]:
    found: set[str] = set()
    for text in with_macros(sql):
        found |= names_in(text) & ALL_TABLES
        # A derived table (`from tideline_derived.mood_by_day`) reads what its own file reads.
        for table in sorted(derived_in(text) - seen):
            found |= _tables_in(load_sql(derived_file(table)), seen | {table})
    return frozenset(found)


@functools.cache
def query_tables(name: str) -> frozenset[str]:
    """The tables queries/<name>.sql reads, through the macros it calls too.

    Every table name the text holds counts (a column of that name too): reading more than is
    read only costs a query run again, reading less would show stale figures."""
    return _tables_in(load_sql(name), frozenset())


def query_key(name: str, params: Mapping[str, Any] | None) -> tuple[Hashable, ...]:
    """A query's cache key: its name and the parameters it binds (the others do not matter)."""
    given = dict(params or {})
    bound = sorted((k, _hashable(given[k])) for k in sql_params(name) if k in given)
    return ("query", name, tuple(bound))


def _hashable(value: Any) -> Hashable:
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return tuple(_hashable(v) for v in items)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def private(value: T) -> T:
    """A copy the caller may change without changing the cached value."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()  # type: ignore[return-value]
    return copy.deepcopy(value)


@dataclass(frozen=True)
class _Entry:
    stamp: tuple[tuple[str, str], ...]
    value: Any


class Cache:
    """Values by key, each kept with the tokens of the tables it read (bounded, least recently
    used out first, shared by the threads of the process)."""

    def __init__(self, max_entries: int = 1024) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, Hashable], _Entry] = OrderedDict()
        self._tokens: dict[tuple[str, str], str] = {}
        self._lock = threading.RLock()
        # Queries being read ahead (`prefetch`), and what each page ran last time.
        self._inflight: dict[tuple[str, Hashable], Future[None]] = {}
        self._plans: OrderedDict[Hashable, OrderedDict[Hashable, tuple[str, dict]]] = OrderedDict()

    def _token(self, db: str, table: str) -> str:
        # A fresh random token, never a counter: a reloaded module cannot meet an old stamp.
        # Made only when the table has none yet (it is asked for every table on every read).
        token = self._tokens.get((db, table))
        if token is None:
            token = self._tokens[(db, table)] = uuid.uuid4().hex
        return token

    def forget(self, db: str | None = None, tables: Iterable[str] | None = None) -> None:
        """After a write: new tokens for `tables` (all) of journal `db` (every journal), and the
        values that read them dropped."""
        changed = ALL_TABLES if tables is None else frozenset(tables)
        with self._lock:
            dbs = {d for d, _ in self._tokens} if db is None else {db}
            for name in dbs:
                for table in changed:
                    self._tokens[(name, table)] = uuid.uuid4().hex
            stale = [
                key
                for key, entry in self._entries.items()
                if key[0] in dbs and any(t in changed for t, _ in entry.stamp)
            ]
            for key in stale:
                del self._entries[key]

    def get(self, db: str, key: Hashable, compute: Callable[[set[str]], T]) -> T:
        """The cached value of `key`, or `compute(tables)`'s, which adds the tables it read to
        `tables`. Tokens are taken before computing: a write meanwhile makes the value stale."""
        while True:
            with self._lock:
                entry = self._entries.get((db, key))
                if entry is not None and all(self._token(db, t) == k for t, k in entry.stamp):
                    self._entries.move_to_end((db, key))
                    return entry.value
                ahead = self._inflight.get((db, key))
                if ahead is None or ahead.done():
                    self._inflight.pop((db, key), None)
                    before = {t: self._token(db, t) for t in ALL_TABLES}
                    break
            # Read ahead by `prefetch`: wait for it, then look again (a write meanwhile, or a
            # failure, leaves no fresh value, and it is computed here as usual).
            with contextlib.suppress(Exception):
                ahead.result()
        read: set[str] = set()
        value = compute(read)
        unknown = read - ALL_TABLES
        if unknown:
            raise KeyError(f"not a stored table: {', '.join(sorted(unknown))}")
        with self._lock:
            self._entries[(db, key)] = _Entry(tuple(sorted((t, before[t]) for t in read)), value)
            self._entries.move_to_end((db, key))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def plan(self, plan_id: Hashable) -> OrderedDict[Hashable, tuple[str, dict]]:
        """The queries recorded for `plan_id` (a page and its period): key -> (name, params)."""
        with self._lock:
            recorded = self._plans.setdefault(plan_id, OrderedDict())
            self._plans.move_to_end(plan_id)
            while len(self._plans) > PLANS:
                self._plans.popitem(last=False)
            return recorded

    def prefetch(
        self,
        db: str,
        plan_id: Hashable,
        run: Callable[[str, dict], Any],
        submit: Callable[..., Future[None]],
    ) -> int:
        """Start reading the queries `plan_id` ran before that are not cached now, each by
        `submit(fn)` (a thread pool's): DuckDB runs them side by side without the GIL while the
        page builds its sections. Returns how many were started."""
        with self._lock:
            # Reads ahead that are over have left their value (or nothing) in the cache.
            for slot in [s for s, ahead in self._inflight.items() if ahead.done()]:
                del self._inflight[slot]
            todo = []
            for key, (name, params) in list(self.plan(plan_id).items()):
                entry, ahead = self._entries.get((db, key)), self._inflight.get((db, key))
                fresh = entry is not None and all(self._token(db, t) == k for t, k in entry.stamp)
                if not fresh and (ahead is None or ahead.done()):
                    stamp = {t: self._token(db, t) for t in query_tables(name)}
                    todo.append(((db, key), name, params, stamp))
            for slot, name, params, stamp in todo:
                self._inflight[slot] = submit(self._fill, slot, run, name, params, stamp)
        return len(todo)

    def _fill(
        self, slot: tuple[str, Hashable], run: Callable, name: str, params: dict, stamp: dict
    ) -> None:
        """Run one query read ahead and keep its value if no write came meanwhile."""
        value = run(name, params)
        with self._lock:
            if all(self._token(slot[0], t) == k for t, k in stamp.items()):
                self._entries[slot] = _Entry(tuple(sorted(stamp.items())), value)
                self._entries.move_to_end(slot)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)


class Recorder:
    """A store as sections and metrics see it: `query` and `settings` answered from the cache,
    every table read noted in `tables`. Nothing else of the Store is offered, so a read the
    cache cannot follow fails loudly instead of going stale."""

    def __init__(
        self,
        cache: Cache,
        db: str,
        store: Any,
        tables: set[str],
        plan: OrderedDict[Hashable, tuple[str, dict]] | None = None,
    ) -> None:
        self._cache, self._db, self._store, self.tables = cache, db, store, tables
        # Where the queries run are noted for the page's next visit (`Cache.prefetch`).
        self._plan = plan

    def noting(self, tables: set[str]) -> Recorder:
        """The same journal, the tables read noted in `tables`."""
        return Recorder(self._cache, self._db, self._store, tables, self._plan)

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """queries/<name>.sql with these parameters (run once until a table it reads changes)."""
        self.tables.update(query_tables(name))
        key = query_key(name, params)
        if self._plan is not None:
            with self._cache._lock:
                self._plan[key] = (name, dict(params or {}))
                self._plan.move_to_end(key)
                while len(self._plan) > PLAN_SIZE:
                    self._plan.popitem(last=False)

        def run(read: set[str]) -> pd.DataFrame:
            read.update(query_tables(name))
            return self._store.query(name, params)

        return private(self._cache.get(self._db, key, run))

    def settings(self) -> dict[str, Any]:
        """The journal's settings (defaults filled in)."""
        self.tables.add(SETTINGS)

        def run(read: set[str]) -> dict[str, Any]:
            read.add(SETTINGS)
            return self._store.settings()

        return private(self._cache.get(self._db, ("settings",), run))
