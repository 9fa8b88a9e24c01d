"""The store: validated transactional writes, reads, settings, backups, clear open errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.store import Store, StoreError, is_encrypted
from dashboard.validate import ValidationError

MOOD = {"at": "2026-01-10T21:30", "mood": 3, "urge": 8, "emotions": ["Lonely"], "note": " hi "}


def test_add_returns_id_and_row_reads_back_cleaned(store: Store) -> None:
    row_id = store.add("mood", MOOD)
    [row] = store.rows("mood")
    assert row["id"] == row_id
    assert row["at"] == dt.datetime(2026, 1, 10, 21, 30)
    # Words are lower-cased and notes trimmed by validation; private defaults to true.
    assert (row["mood"], row["urge"], row["emotions"], row["note"], row["private"]) == (
        3,
        8,
        ["lonely"],
        "hi",
        True,
    )


def test_invalid_row_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationError, match="mood must be from 1 to 10"):
        store.add("mood", {**MOOD, "mood": 11})
    assert store.is_empty()


def test_add_many_is_one_transaction(store: Store) -> None:
    good = {"at": dt.datetime(2026, 1, 1, 9), "mood": 5, "urge": None, "emotions": [],
            "activities": [], "note": "", "private": True, "created_at": None}  # fmt: skip
    # validated=True skips Python checks, so the database's CHECK constraint is what refuses
    # the second row; the first must be rolled back with it.
    bad = {**good, "mood": 42}
    with pytest.raises(Exception, match="(?i)constraint"):
        store.add_many({"mood": [good, bad]}, validated=True)
    assert store.rows("mood") == []


def test_bulk_insert_keeps_every_row(store: Store) -> None:
    # More than BULK_ROWS rows take the Arrow path; 50 rows, moods cycling 1..10.
    rows = [{"at": f"2026-01-01T{h % 24:02d}:{h // 24:02d}", "mood": h % 10 + 1} for h in range(50)]
    ids = store.add_many({"mood": rows})
    assert len(set(ids)) == 50
    # Each mood value 1..10 appears 5 times: sum = 5 * (1 + ... + 10) = 275.
    assert sum(r["mood"] for r in store.rows("mood")) == 275


def test_update_and_delete(store: Store) -> None:
    row_id = store.add("urges", {"at": "2026-01-02T22:00", "intensity": 7, "outcome": "resisted"})
    store.update("urges", row_id, {"at": "2026-01-02T22:00", "intensity": 2, "outcome": "peeked"})
    [row] = store.rows("urges")
    assert (row["intensity"], row["outcome"]) == (2, "peeked")
    with pytest.raises(ValidationError, match="no urges entry"):
        store.update("urges", row_id + 99, {"at": "2026-01-02T22:00", "intensity": 2,
                                              "outcome": "peeked"})  # fmt: skip
    store.delete("urges", row_id)
    assert store.rows("urges") == []
    with pytest.raises(ValidationError):
        store.delete("urges", row_id)


def test_settings_round_trip_and_validation(store: Store) -> None:
    assert store.settings()["day_start_hour"] == 4
    store.save_settings({"day_start_hour": 6, "intent": "move_on"})
    assert store.settings()["day_start_hour"] == 6
    assert store.settings()["intent"] == "move_on"
    with pytest.raises(ValidationError):
        store.save_settings({"day_start_hour": 13})
    assert store.settings()["day_start_hour"] == 6


def test_query_needs_its_parameters(store: Store) -> None:
    with pytest.raises(StoreError, match="needs parameter"):
        store.query("mood_daily", {})
    with pytest.raises(StoreError, match="no query named"):
        store.query("no_such_query")


def test_macros_exist(store: Store) -> None:
    # 01:30 with day start 4 belongs to the day before (PRODUCT.md s.4).
    cur = store.cursor()
    day = cur.execute("select tracking_day(TIMESTAMP '2026-01-10 01:30', 4)").fetchone()[0]
    assert day == dt.date(2026, 1, 9)


def test_backup_is_a_full_copy_and_names_never_collide(store: Store, db_path: Path) -> None:
    store.add("mood", MOOD)
    first = store.backup()
    second = store.backup()
    assert first != second
    assert first.parent == db_path.parent / "backups"
    for copy in (first, second):
        with Store(copy, read_only=True) as other:
            assert len(other.rows("mood")) == 1
    with pytest.raises(StoreError, match="cannot overwrite"):
        store.backup(db_path)


def test_record_export_keeps_no_content(store: Store) -> None:
    store.record_export("pdf", dt.date(2026, 1, 1), dt.date(2026, 1, 31), {"notes": False})
    row = store.cursor().execute("select kind, period_from, options from exports").fetchone()
    assert row == ("pdf", dt.date(2026, 1, 1), '{"notes": false}')


def test_junk_file_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database\n" * 100)
    with pytest.raises(StoreError, match="not a Tideline database"):
        Store(junk)
    assert not is_encrypted(junk)
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def _tracking_day(store: Store) -> dt.date:
    cur = store.cursor()
    return cur.execute("select tracking_day(TIMESTAMP '2026-01-10 01:30', 4)").fetchone()[0]


def test_an_older_macro_is_replaced_on_open(db_path: Path) -> None:
    """A journal holding an older copy of a macro (as an older Tideline leaves it) gets
    today's macros when it is opened."""
    import duckdb

    Store(db_path).close()
    raw = duckdb.connect(str(db_path))
    # An older tracking_day that ignores the day start, with no digest comment of its own.
    raw.execute("create or replace macro tracking_day(ts, h) as cast(ts as date)")
    # An older Tideline marks its copy with the digest of its own file.
    raw.execute("comment on macro tracking_day is '0123456789abcdef'")
    raw.close()
    with Store(db_path) as store:
        assert _tracking_day(store) == dt.date(2026, 1, 9)


def test_a_changed_macro_file_replaces_its_macro(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import sqlfiles
    from dashboard import store as store_module

    Store(db_path).close()
    files = sqlfiles.macro_files()
    changed = [
        (name, "create or replace macro tracking_day(ts, h) as cast(ts as date) + 1")
        if name == "tracking_day"
        else (name, text)
        for name, text in files
    ]
    monkeypatch.setattr(store_module, "macro_files", lambda: changed)
    with Store(db_path) as store:
        # 10 Jan 01:30 read by the changed file's body: 10 Jan + 1 day.
        assert _tracking_day(store) == dt.date(2026, 1, 11)
    monkeypatch.setattr(store_module, "macro_files", lambda: files)
    with Store(db_path) as store:
        assert _tracking_day(store) == dt.date(2026, 1, 9)


def test_an_open_that_finds_every_macro_current_writes_nothing(db_path: Path) -> None:
    Store(db_path).close()
    before = db_path.read_bytes()
    Store(db_path).close()
    assert db_path.read_bytes() == before
