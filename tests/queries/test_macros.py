"""The macros of queries/macros/ are applied every time a journal is opened for writing: a fresh
journal has each of them, and a journal that carries older copies (journals made when the macros
were frozen in migration 001 do) runs the files' versions, and the macros added since, once it
has been opened again."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from dashboard import sqlfiles
from dashboard.sqlfiles import digest, macro_files
from dashboard.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASS = "correct horse battery"
# A mood at 01:30 on 2 March: with the day starting at 04:00 it belongs to 1 March.
LATE_MOOD = {"at": dt.datetime(2026, 3, 2, 1, 30), "mood": 4}
DAY = {"since": None, "until": dt.date(2026, 3, 2), "day_start_hour": 4}


def _macro_names(store: Store) -> list[str]:
    return list(store.query("admin/catalog_macros")["name"])


def test_the_macro_files() -> None:
    names = [name for name, _ in macro_files()]
    assert sorted(names) == sorted(p.stem for p in sqlfiles.MACROS_DIR.glob("*.sql"))
    # A macro comes after the ones it calls: DuckDB checks its body when it is created.
    assert names.index("tracking_day") < names.index("unanswered_chains")
    assert names.index("day_activity") < names.index("nc_day_activity")
    assert names.index("nc_periods") < names.index("nc_days") < names.index("nc_calendar")
    assert names.index("calendar") < names.index("nc_calendar")


def test_each_file_holds_the_macro_it_is_named_after() -> None:
    for name, text in macro_files():
        assert f"create or replace macro {name}(" in text.lower(), name


@pytest.mark.parametrize("mode", ["plain", "encrypted"])
def test_a_fresh_journal_has_every_macro(tmp_path: Path, mode: str) -> None:
    passphrase = PASS if mode == "encrypted" else None
    with Store(tmp_path / "fresh.duckdb", passphrase=passphrase) as store:
        assert _macro_names(store) == sorted(name for name, _ in macro_files())


def _old_journal(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal that carries an altered tracking_day and none of the other macros."""
    with monkeypatch.context() as patched:
        patched.setattr(sqlfiles, "MACROS_DIR", FIXTURES / "altered_macros")
        with Store(path) as old:
            old.add("mood", LATE_MOOD)
            # The altered copy counts the mood on its calendar date, 2 March.
            assert old.query("mood_day", DAY | {"day": dt.date(2026, 3, 2)})["entries"][0] == 1
            assert _macro_names(old) == ["tracking_day"]


def test_reopening_an_old_journal_applies_the_macro_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.duckdb"
    _old_journal(path, monkeypatch)
    with Store(path) as store:
        assert store.schema_version() == 1
        # The file's tracking_day: 01:30 on 2 March is still 1 March's.
        daily = store.query("mood_daily", DAY)
        assert list(daily["day"].dt.date) == [dt.date(2026, 3, 1)]
        # Macros that 001 never had exist now.
        assert _macro_names(store) == sorted(name for name, _ in macro_files())
        nc = store.query("metric_nc_daily", {"since": None, "as_of": dt.date(2026, 3, 2)} | DAY)
        assert list(nc["day"].dt.date) == [dt.date(2026, 3, 1), dt.date(2026, 3, 2)]


def test_an_open_that_finds_every_macro_current_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.duckdb"
    with Store(path) as store:
        store.add("mood", LATE_MOOD)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with Store(path) as store:
        rows = store.query("admin/catalog_macros").to_dict("records")
    comments = {row["name"]: row["comment"] for row in rows}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    # Each macro carries the digest of its file, which is how the open knew.
    assert comments == {name: digest(text) for name, text in macro_files()}
