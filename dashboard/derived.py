"""Per-day tables computed once per write (issue 14, point 2): queries/derived/<name>.sql.

A derived table lives in the connection's in-memory database `tideline_derived` (never on
disk), and a query reads it like any table (`from tideline_derived.mood_by_day where
day_start_hour = $day_start_hour`). Before such a query runs, the Store makes sure the rows for
its parameters are current (`ensure`): computed on first use, kept until a write changes a
table the derived file reads. So fifty years of mood are grouped by day once per mood write, not
once by every query that reads the days.

Every write to a journal goes through a `Store` of this process (DuckDB lets no other process
write while one has the file open), and each says which tables it changed (`changed`), after
its commit: a table's token is then replaced, and rows kept under older tokens are computed
again on their next use. Opening or closing a journal starts it afresh (`forget`): another
program may have written to the file in between. No Streamlit and no pandas here.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from dashboard.schema import TABLES
from dashboard.sqlfiles import DERIVED, load_sql, names_in, text_params

_lock = threading.Lock()
# journal -> table -> token (random, so that a token never comes back after a reset)
_tokens: dict[str, dict[str, str]] = {}
# (journal, derived name, its parameters) -> the tokens its rows were computed under
_kept: dict[tuple[str, str, tuple], tuple[str, ...]] = {}
# journal -> the lock of whoever computes its derived rows (one at a time: the queries a page
# reads ahead side by side after a write want the same days, and the second waits for the
# first's instead of grouping them again)
_gates: dict[str, threading.Lock] = {}


def file_name(derived: str) -> str:
    """The query name of a derived table's file (for load_sql and text_params)."""
    return f"{DERIVED}/{derived}"


@functools.cache
def tables_of(derived: str) -> frozenset[str]:
    """The stored tables a derived table is computed from."""
    return frozenset(names_in(load_sql(file_name(derived))) & set(TABLES))


def forget(journal: str) -> None:
    """A Store opened (or closed) the journal: nothing computed before counts."""
    with _lock:
        _tokens.pop(journal, None)
        for slot in [s for s in _kept if s[0] == journal]:
            del _kept[slot]


def changed(journal: str, tables: Iterable[str] | None = None) -> None:
    """A write to `tables` (None: any table) of the journal has been committed or rolled back."""
    with _lock:
        held = _tokens.setdefault(journal, {})
        for table in TABLES if tables is None else tables:
            held[table] = uuid.uuid4().hex


def _stamp(journal: str, derived: str) -> tuple[str, ...]:
    held = _tokens.setdefault(journal, {})
    return tuple(held.setdefault(t, uuid.uuid4().hex) for t in sorted(tables_of(derived)))


def ensure(
    journal: str,
    derived: str,
    params: Mapping[str, Any],
    fill: Callable[[str, dict[str, Any]], None],
) -> None:
    """Make the derived table's rows for these parameters current: kept, or `fill(derived,
    params)` computes them again. The tokens are read before filling, so a write meanwhile
    leaves them stale and the next use fills again."""
    bound = {k: params[k] for k in sorted(text_params(file_name(derived)))}
    slot = (journal, derived, tuple(bound.items()))
    with _lock:
        gate = _gates.setdefault(journal, threading.Lock())
    with gate:
        with _lock:
            stamp = _stamp(journal, derived)
            if _kept.get(slot) == stamp:
                return
        fill(derived, bound)
        with _lock:
            _kept[slot] = stamp
