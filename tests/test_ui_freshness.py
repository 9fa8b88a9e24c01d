"""A write forgets only what it changed (issue 14, point 1): every cached read knows its tables.

The tables a query reads are taken from its SQL (ui/freshness.py); DuckDB's own plan of every
query file checks that none is missed. The cache keeps a value while the tables it read are
unchanged, and a section read through the cache is kept with the tables of all its queries.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest

from dashboard import QUERIES_DIR
from dashboard.sqlfiles import (
    derived_file,
    derived_tables,
    derived_used_by,
    load_sql,
    sql_params,
    text_params,
)
from dashboard.ui import freshness

D = dt.date
# A value for every parameter a query file binds; none is null, so that DuckDB's optimizer
# cannot fold a branch (and the table it scans) away.
SAMPLE = {
    "since": D(2026, 1, 1),
    "until": D(2026, 3, 1),
    "as_of": D(2026, 3, 1),
    "day": D(2026, 2, 1),
    "days": [D(2026, 2, 1), D(2026, 2, 2)],
    "day_start_hour": 4,
    "grain": "week",
    "include_private": True,
    "late_hours": [22, 23, 0, 1, 2, 3],
    "limit": 5,
    "low_mood": 3,
    "min_days": 3,
    "strength_memory": 0.95,
    "top": 5,
    # A derived table's span of times (its filler binds them; null: every day).
    "first_at": None,
    "after_at": None,
}
QUERIES = sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))
SCANNED = re.compile(r'"Table": "(?:\w+\.)*(\w+)"')


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Any:
    from dashboard.store import Store

    # A row in every entry table: DuckDB plans an empty table away, and its scan with it.
    store = Store(tmp_path_factory.mktemp("fresh") / "j.duckdb")
    store.add_many(
        {
            "milestones": [{"on": "2026-01-10", "kind": "no_contact_start"}],
            "contacts": [{"at": "2026-02-01T23:00", "initiator": "me", "channel": "text"}],
            "urges": [{"at": "2026-02-02T21:00", "intensity": 5, "outcome": "resisted"}],
            "mood": [{"at": "2026-02-01T09:00", "mood": 4, "emotions": ["sad"]}],
        }
    )
    yield store
    store.close()


def scanned(store: Any, name: str) -> set[str]:
    """The tables DuckDB's plan of queries/<name>.sql scans (macros expanded by DuckDB), and
    those the plans of the derived tables it reads scan."""
    unknown = sql_params(name) - set(SAMPLE)
    assert not unknown, f"add a sample value for ${', $'.join(sorted(unknown))} to SAMPLE"
    found: set[str] = set()
    for table in derived_used_by(name):
        found |= scanned(store, derived_file(table))
    bound = {k: SAMPLE[k] for k in text_params(name)}
    cur = store.cursor()
    try:
        plan = cur.execute(f"EXPLAIN (FORMAT json) {load_sql(name)}", bound).fetchall()
    finally:
        cur.close()
    # A derived table's scan is its own file's (above), not a stored table's.
    return found | set(SCANNED.findall(" ".join(row[1] for row in plan))) - derived_tables()


def test_there_are_query_files() -> None:
    assert len(QUERIES) > 30 and "metric_mood" in QUERIES


@pytest.mark.parametrize("name", QUERIES)
def test_a_query_declares_every_table_its_plan_scans(journal, name: str) -> None:
    # A table missing here would leave the query's cached result stale after a write to it.
    assert scanned(journal, name) <= freshness.query_tables(name)


def test_the_plan_check_sees_tables_behind_macros(journal) -> None:
    # metric_no_contact names no table itself: its no-contact days come from the macros.
    assert scanned(journal, "metric_no_contact") == {"milestones", "contacts", "urges"}


def test_the_plan_check_sees_tables_behind_derived_tables(journal) -> None:
    # metric_mood reads the mood by day (queries/derived/mood_by_day.sql) and no-contact days.
    assert derived_used_by("metric_mood") == ("mood_by_day",)
    assert scanned(journal, "metric_mood") == {"mood", "milestones"}


def test_tables_are_read_off_the_sql_and_its_macros() -> None:
    # Through the derived table mood_by_day: the mood.
    assert freshness.query_tables("mood_daily") == {"mood"}
    assert freshness.query_tables("recent_contacts") == {"contacts"}
    # The no-contact periods (milestones), breaks (contacts) and urges, all through macros.
    assert freshness.query_tables("metric_no_contact") == {"milestones", "contacts", "urges"}
    # Its CTE `day_activity` is named like a macro but is not a call of it (no parentheses).
    assert freshness.query_tables("mood_activities") == {"mood"}


# -- the cache ---------------------------------------------------------------------------------
class CountingStore:
    """A stand-in Store: every query answers a one-row frame and is counted."""

    def __init__(self) -> None:
        self.runs: dict[str, int] = {}

    def query(self, name: str, params: dict | None = None) -> pd.DataFrame:
        self.runs[name] = self.runs.get(name, 0) + 1
        return pd.DataFrame({"n": [self.runs[name]]})

    def settings(self) -> dict:
        self.runs["settings"] = self.runs.get("settings", 0) + 1
        return {"day_start_hour": 4}


MOOD_ONLY = "mood_daily"  # reads mood
CONTACT_ONLY = "patterns_unanswered_chains"  # reads contacts
P = {"since": None, "until": D(2026, 3, 1), "day_start_hour": 4}


def both(reader: freshness.Recorder) -> tuple[int, int]:
    """A 'section' of two queries: one on moods alone, one on contacts alone."""
    mood = reader.query(MOOD_ONLY, P)
    contact = reader.query(CONTACT_ONLY, P)
    return int(mood["n"].iloc[0]), int(contact["n"].iloc[0])


def section(cache: freshness.Cache, store: CountingStore) -> tuple[int, int]:
    return cache.get("j", ("both",), lambda read: both(freshness.Recorder(cache, "j", store, read)))


def test_the_two_stand_in_queries_read_one_table_each() -> None:
    assert freshness.query_tables(MOOD_ONLY) == {"mood"}
    assert freshness.query_tables(CONTACT_ONLY) == {"contacts"}


def test_a_contact_write_recomputes_the_section_but_not_its_mood_query() -> None:
    cache, store = freshness.Cache(), CountingStore()
    assert section(cache, store) == (1, 1)
    assert section(cache, store) == (1, 1)  # kept
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 1}
    cache.forget("j", ["contacts"])
    assert section(cache, store) == (1, 2)  # the contact query again, the mood one kept
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 2}
    cache.forget("j", ["mood"])
    assert section(cache, store) == (2, 2)
    assert store.runs == {MOOD_ONLY: 2, CONTACT_ONLY: 2}


def test_a_write_to_a_table_nothing_read_keeps_everything() -> None:
    cache, store = freshness.Cache(), CountingStore()
    section(cache, store)
    cache.forget("j", ["milestones", "settings", "exports"])
    cache.forget("other journal", None)
    assert section(cache, store) == (1, 1)
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 1}


def test_forgetting_every_table_or_every_journal_recomputes() -> None:
    cache, store = freshness.Cache(), CountingStore()
    section(cache, store)
    cache.forget("j")
    assert section(cache, store) == (2, 2)
    cache.forget()
    assert section(cache, store) == (3, 3)


def test_a_write_during_a_computation_leaves_its_value_stale() -> None:
    cache, store = freshness.Cache(), CountingStore()

    def racing(read: set[str]) -> int:
        value = both(freshness.Recorder(cache, "j", store, read))[0]
        cache.forget("j", ["mood"])  # another session saves a mood meanwhile
        return value

    assert cache.get("j", ("racing",), racing) == 1
    assert section(cache, store) == (2, 1)  # the mood query was not kept past the write


def test_the_queries_two_sections_share_run_once() -> None:
    cache, store = freshness.Cache(), CountingStore()
    section(cache, store)
    cache.get("j", ("other",), lambda read: both(freshness.Recorder(cache, "j", store, read)))
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 1}


def test_settings_are_a_table_too() -> None:
    cache, store = freshness.Cache(), CountingStore()

    def hour(read: set[str]) -> int:
        return freshness.Recorder(cache, "j", store, read).settings()["day_start_hour"]

    assert cache.get("j", ("hour",), hour) == cache.get("j", ("hour",), hour) == 4
    cache.forget("j", ["mood"])
    assert cache.get("j", ("hour",), hour) == 4
    assert store.runs == {"settings": 1}
    cache.forget("j", ["settings"])
    cache.get("j", ("hour",), hour)
    assert store.runs == {"settings": 2}


def test_a_cached_frame_cannot_be_changed_through_a_read() -> None:
    cache, store = freshness.Cache(), CountingStore()
    reader = freshness.Recorder(cache, "j", store, set())
    frame = reader.query(MOOD_ONLY, P)
    frame["n"] = 99
    assert int(reader.query(MOOD_ONLY, P)["n"].iloc[0]) == 1


def test_a_read_the_cache_cannot_follow_fails_instead_of_going_stale() -> None:
    reader = freshness.Recorder(freshness.Cache(), "j", CountingStore(), set())
    with pytest.raises(AttributeError):
        reader.rows("mood")  # type: ignore[attr-defined]


def test_the_cache_is_bounded() -> None:
    cache, store = freshness.Cache(max_entries=3), CountingStore()
    for n in range(5):
        cache.get("j", ("n", n), lambda read, n=n: n)
    assert len(cache) == 3
    assert store.runs == {}


# -- the write path names what it changed ------------------------------------------------------
def test_each_write_forgets_the_tables_it_changed_and_no_other(monkeypatch) -> None:
    from dashboard.ui import writes

    forgotten: list[tuple[tuple[str, ...] | None, str | None]] = []
    monkeypatch.setattr(writes, "attempt", lambda action, *args, **kw: (True, 1))
    monkeypatch.setattr(
        writes.reads,
        "forget",
        lambda t, db: forgotten.append((None if t is None else tuple(t), db)),
    )
    monkeypatch.setattr(writes.session, "db_path", lambda: "j")
    writes.add("mood", {})
    writes.update("contacts", 1, {})
    writes.delete("urges", 2)
    writes.add("milestones", {})
    writes.save_settings({})
    writes.save_guidance_settings("undecided", [])
    writes.run_import(None, lambda *a: None)  # type: ignore[arg-type]  # any table
    assert forgotten == [
        (("mood",), "j"),
        (("contacts",), "j"),
        (("urges",), "j"),
        (("milestones",), "j"),
        (("settings",), "j"),
        (("settings",), "j"),
        (None, "j"),
    ]


# -- reading ahead -----------------------------------------------------------------------------
def planned_section(cache: freshness.Cache, store: CountingStore, plan_id: str) -> tuple:
    """`section`, its queries noted under `plan_id` as a page's run notes them."""
    plan = cache.plan(plan_id)
    return cache.get(
        "j", ("both",), lambda read: both(freshness.Recorder(cache, "j", store, read, plan))
    )


class Pool:
    """A stand-in thread pool that runs what it is given when told to, counting it."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Future, Any, tuple]] = []

    def submit(self, fn: Any, *args: Any) -> Future:
        future: Future = Future()
        self.waiting.append((future, fn, args))
        return future

    def run_all(self) -> None:
        for future, fn, args in self.waiting:
            try:
                future.set_result(fn(*args))
            except Exception as exc:  # noqa: BLE001 (handed on, like a real pool)
                future.set_exception(exc)
        self.waiting.clear()


def test_a_visit_reads_ahead_only_what_the_write_made_stale() -> None:
    cache, store, pool = freshness.Cache(), CountingStore(), Pool()
    assert planned_section(cache, store, "patterns") == (1, 1)
    # Nothing stale: nothing to read ahead.
    assert cache.prefetch("j", "patterns", store.query, pool.submit) == 0
    cache.forget("j", ["contacts"])
    # The contact query alone is read ahead (the mood one is still cached).
    assert cache.prefetch("j", "patterns", store.query, pool.submit) == 1
    assert [args[2] for _, _, args in pool.waiting] == [CONTACT_ONLY]
    pool.run_all()
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 2}
    # The page's own run then finds it: no query runs a second time.
    assert planned_section(cache, store, "patterns") == (1, 2)
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 2}
    # A read ahead that is over is not kept track of any longer.
    assert cache.prefetch("j", "patterns", store.query, pool.submit) == 0
    assert not cache._inflight
    # Another page's plan holds nothing of this one.
    assert cache.prefetch("j", "mood page", store.query, pool.submit) == 0


def test_a_write_while_reading_ahead_keeps_nothing_stale() -> None:
    cache, store, pool = freshness.Cache(), CountingStore(), Pool()
    planned_section(cache, store, "patterns")
    cache.forget("j", ["contacts"])
    cache.prefetch("j", "patterns", store.query, pool.submit)
    cache.forget("j", ["contacts"])  # another session saves a contact before it has run
    pool.run_all()
    # The value read ahead is from before that write: the page reads the query again.
    assert planned_section(cache, store, "patterns") == (1, 3)


def test_a_page_waits_for_a_read_in_flight_and_a_failed_one_is_read_again() -> None:
    cache, store = freshness.Cache(), CountingStore()
    planned_section(cache, store, "patterns")
    cache.forget("j", ["contacts"])
    started = threading.Event()

    def slow(name: str, params: dict) -> pd.DataFrame:
        started.set()
        time.sleep(0.2)
        return store.query(name, params)

    with ThreadPoolExecutor(max_workers=1) as pool:
        cache.prefetch("j", "patterns", slow, pool.submit)
        started.wait(5)
        # The page asks while the read is under way: it waits for it instead of running it.
        assert planned_section(cache, store, "patterns") == (1, 2)
    assert store.runs == {MOOD_ONLY: 1, CONTACT_ONLY: 2}

    def failing(name: str, params: dict) -> pd.DataFrame:
        raise RuntimeError("disk gone")

    cache.forget("j", ["contacts"])
    pool2 = Pool()
    cache.prefetch("j", "patterns", failing, pool2.submit)
    pool2.run_all()
    # The read ahead failed: the page runs the query itself.
    assert planned_section(cache, store, "patterns") == (1, 3)
