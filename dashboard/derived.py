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

import contextlib
import datetime as dt
import functools
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from dashboard.schema import TABLES
from dashboard.sqlfiles import (
    DERIVED_SPAN,
    derived_file,
    load_sql,
    names_in,
    sql_template,
    text_params,
)

_lock = threading.Lock()
# journal -> table -> token (random, so that a token never comes back after a reset)
_tokens: dict[str, dict[str, str]] = {}
# (journal, derived name, its parameters) -> the tokens its rows were computed under, and the
# number of the last added rows they hold
_kept: dict[tuple[str, str, tuple], tuple[tuple[str, ...], int]] = {}
# journal -> the rows added since it was opened, in order: (their number, table, their times);
# a derived table kept as of an earlier number computes the days of the later ones again
_added: dict[str, list[tuple[int, str, tuple[Any, ...]]]] = {}
# journal -> the number of the latest added rows (never reused, even when the list is cleared)
_count: dict[str, int] = {}
# More added rows than this are not worth it: the whole derived table is computed again.
DAYS_AT_MOST = 400
# Derived tables whose day depends on rows of the days around it: a row added computes this
# many days on each side of its own again. An entry lies in the 48-hour windows of the contacts
# up to two days before and after it.
REACH_DAYS = {"mood_around_contact_by_day": 2}
# (journal, derived name) -> the lock of whoever computes its rows (one at a time: the queries
# a page reads ahead side by side after a write want the same days, and the second waits for
# the first's instead of grouping them again)
_gates: dict[tuple[str, str], threading.Lock] = {}


@functools.cache
def tables_of(derived: str) -> frozenset[str]:
    """The stored tables a derived table is computed from."""
    return frozenset(names_in(load_sql(derived_file(derived))) & set(TABLES))


def forget(journal: str) -> None:
    """A Store opened (or closed) the journal: nothing computed before counts."""
    with _lock:
        _tokens.pop(journal, None)
        _added.pop(journal, None)
        for slot in [s for s in _kept if s[0] == journal]:
            del _kept[slot]


def changed(journal: str, tables: Iterable[str] | None = None) -> None:
    """A write to `tables` (None: any table) of the journal has been committed."""
    with _lock:
        held = _tokens.setdefault(journal, {})
        for table in TABLES if tables is None else tables:
            held[table] = uuid.uuid4().hex


def appended(journal: str, rows: Mapping[str, Iterable[Any]]) -> None:
    """Rows were added to the journal and committed: {table: their times (`at`)}. A derived
    table whose file takes a span of times then computes only the days of those times again;
    the others count the tables as changed."""
    with _lock:
        log = _added.setdefault(journal, [])
        for table, times in rows.items():
            _count[journal] = _count.get(journal, 0) + 1
            log.append((_count[journal], table, tuple(times)))
        if sum(len(times) for _, _, times in log) > DAYS_AT_MOST:
            # Too many to go day by day: every derived table of these tables anew.
            tables = {table for _, table, _ in log}
            log.clear()
            for table in tables:
                _tokens.setdefault(journal, {})[table] = uuid.uuid4().hex


def _stamp(journal: str, derived: str) -> tuple[str, ...]:
    held = _tokens.setdefault(journal, {})
    return tuple(held.setdefault(t, uuid.uuid4().hex) for t in sorted(tables_of(derived)))


@functools.cache
def by_days(derived: str) -> bool:
    """True when the derived table can compute some of its days again (its file takes the
    span of times, $first_at and $after_at)."""
    return text_params(derived_file(derived)) >= DERIVED_SPAN


def day_range(times: Iterable[dt.datetime], day_start_hour: int, reach: int = 0) -> dict[str, Any]:
    """The tracking days of these times, first to last (`reach` more days on each side), and
    the span of times they cover, as `fill` binds them: first_day, last_day, first_at,
    after_at. A time's tracking day is the date of the time less the hour the day starts, as
    the SQL macro tracking_day says."""
    shift = dt.timedelta(hours=day_start_hour)
    days = [(t - shift).date() for t in times]
    first = min(days) - dt.timedelta(days=reach)
    last = max(days) + dt.timedelta(days=reach)
    start = dt.datetime.combine(first, dt.time()) + shift
    return {
        "first_day": first,
        "last_day": last,
        "first_at": start,
        "after_at": dt.datetime.combine(last, dt.time()) + shift + dt.timedelta(days=1),
    }


def _since(journal: str, derived: str, number: int) -> list[Any] | None:
    """The times of the rows added to the derived table's tables after row number `number`:
    none ([]) leaves it current; None when it cannot take them day by day (its file takes no
    span of times)."""
    tables = tables_of(derived)
    log = _added.get(journal, ())
    times = [t for n, table, added in log if n > number and table in tables for t in added]
    return None if times and not by_days(derived) else times


def ensure(
    journal: str,
    derived: str,
    params: Mapping[str, Any],
    fill: Callable[[str, dict[str, Any], list[Any] | None], None],
) -> None:
    """Make the derived table's rows for these parameters current: kept, or computed again by
    `fill(derived, params, times)`: all of it (times None), or only the days of the rows added
    since (their times). Tokens and numbers are read before filling, so a write meanwhile
    leaves the rows stale and the next use fills again."""
    bound = {k: params[k] for k in sorted(text_params(derived_file(derived)) - DERIVED_SPAN)}
    slot = (journal, derived, tuple(bound.items()))
    with _lock:
        gate = _gates.setdefault((journal, derived), threading.Lock())
    with gate:
        with _lock:
            stamp = _stamp(journal, derived)
            number = _count.get(journal, 0)
            kept = _kept.get(slot)
            times = None
            if kept is not None and kept[0] == stamp:
                times = _since(journal, derived, kept[1])
                if times == []:
                    _kept[slot] = (stamp, number)
                    return
        fill(derived, bound, times)
        with _lock:
            _kept[slot] = (stamp, number)


def refresh(
    journal: str,
    fill: Callable[[str, dict[str, Any], list[Any] | None], None],
    failure: type[Exception],
) -> None:
    """Right after a committed write: make current again every derived table's rows this
    process has computed for the journal (only the days of rows just added, where it can).
    Kept current on the write, they are not computed by the first page read after it, side
    by side with that page's other queries (where the same few days took several times as
    long). A `failure` here takes nothing from the write: those rows stay stale, and the next
    read that needs them computes them again."""
    with _lock:
        slots = [slot for slot in _kept if slot[0] == journal]
    for _, derived, bound in slots:
        with contextlib.suppress(failure):
            ensure(journal, derived, dict(bound), fill)


def fill(cur: Any, derived: str, params: Mapping[str, Any], times: list[Any] | None) -> None:
    """Compute a derived table's rows for these parameters again on the cursor (in its
    transaction): all of them (`times` None), or those of the days of these times."""
    if times is None:
        cur.execute(sql_template("admin/derived_clear", alias=derived), dict(params))
        span = dict.fromkeys(DERIVED_SPAN)
    else:
        span = day_range(times, int(params["day_start_hour"]), REACH_DAYS.get(derived, 0))
        days = {k: span.pop(k) for k in ("first_day", "last_day")} | dict(params)
        cur.execute(sql_template("admin/derived_clear_days", alias=derived), days)
    cur.execute(load_sql(derived_file(derived)), span | dict(params))
