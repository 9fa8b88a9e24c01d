"""The derived tables (dashboard/derived.py): computed once per write to what they read, and never
stale after a write, whichever Store of the process made it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import derived
from dashboard.sqlfiles import derived_tables, derived_used_by, sql_params, text_params
from dashboard.store import Store

AS_OF = dt.date(2026, 3, 10)
P = {"as_of": AS_OF, "since": None, "day_start_hour": 4, "low_mood": 2}


def _mood(store: Store) -> tuple[int, int, int]:
    row = store.query("metric_mood", P).iloc[0]
    return int(row["entries"]), int(row["days_logged"]), int(row["mood_sum"])


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The derived tables computed, in order."""
    runs: list[str] = []
    original = Store._fill_derived

    def counting(self: Store, name: str, params: dict) -> None:
        runs.append(name)
        original(self, name, params)

    monkeypatch.setattr(Store, "_fill_derived", counting)
    return runs


def test_the_derived_tables_and_who_reads_them() -> None:
    assert derived_tables() == {"mood_by_day"}
    assert derived.tables_of("mood_by_day") == {"mood"}
    readers = ("metric_mood", "mood_daily", "mood_weekly", "mood_weekday", "cycles_mood")
    for name in (*readers, "hard_days_daily", "hard_days_periods"):
        assert derived_used_by(name) == ("mood_by_day",), name
    # A query's parameters include those of the derived tables it reads.
    assert text_params("derived/mood_by_day") == {"day_start_hour"}
    assert sql_params("mood_weekday") >= {"day_start_hour", "since", "until"}


def test_once_per_write_and_only_for_a_write_to_mood(tmp_path: Path, counted: list[str]) -> None:
    with Store(tmp_path / "j.duckdb") as store:
        store.add("mood", {"at": dt.datetime(2026, 3, 9, 20), "mood": 3})
        assert _mood(store) == (1, 1, 3)
        store.query("mood_daily", P | {"until": AS_OF})
        store.query("cycles_mood", P | {"until": AS_OF, "grain": "week"})
        assert counted == ["mood_by_day"]
        # A contact changes no mood: the days are not grouped again.
        store.add(
            "contacts", {"at": dt.datetime(2026, 3, 9, 21), "initiator": "me", "channel": "text"}
        )
        assert _mood(store) == (1, 1, 3)
        assert counted == ["mood_by_day"]
        # Another hour is another table: the night's entry (01:30) moves to the evening before
        # with the day starting at 04:00, and stays on its date with the day starting at 00:00.
        store.add("mood", {"at": dt.datetime(2026, 3, 10, 1, 30), "mood": 5})
        assert _mood(store) == (2, 1, 8)
        midnight = store.query("metric_mood", P | {"day_start_hour": 0}).iloc[0]
        assert (int(midnight["entries"]), int(midnight["days_logged"])) == (2, 2)
        assert len(counted) == 3


def test_every_kind_of_write_is_seen(tmp_path: Path) -> None:
    with Store(tmp_path / "j.duckdb") as store:
        first = store.add("mood", {"at": dt.datetime(2026, 3, 8, 20), "mood": 2})
        assert _mood(store) == (1, 1, 2)
        store.add_many({"mood": [{"at": dt.datetime(2026, 3, 9, 20), "mood": 4}] * 30})
        assert _mood(store) == (31, 2, 122)
        store.update("mood", first, {"at": dt.datetime(2026, 3, 8, 20), "mood": 7})
        assert _mood(store) == (31, 2, 127)
        store.delete("mood", first)
        assert _mood(store) == (30, 1, 120)


def test_a_write_through_another_store_of_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "j.duckdb"
    with Store(path) as one, Store(path) as two:
        one.add("mood", {"at": dt.datetime(2026, 3, 9, 20), "mood": 3})
        assert _mood(two) == (1, 1, 3)
        two.add("mood", {"at": dt.datetime(2026, 3, 9, 21), "mood": 5})
        assert _mood(one) == (2, 1, 8)


def test_a_write_by_another_program_in_between(tmp_path: Path) -> None:
    path = tmp_path / "j.duckdb"
    with Store(path) as store:
        store.add("mood", {"at": dt.datetime(2026, 3, 9, 20), "mood": 3})
        assert _mood(store) == (1, 1, 3)
    # The journal is closed here; another process adds an entry.
    code = (
        "import datetime as dt, sys\n"
        "from dashboard.store import Store\n"
        "with Store(sys.argv[1]) as s:\n"
        "    s.add('mood', {'at': dt.datetime(2026, 3, 10, 9), 'mood': 6})\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    with Store(path) as store:
        assert _mood(store) == (2, 2, 9)


def test_a_refused_write_changes_nothing_it_shows(tmp_path: Path) -> None:
    with Store(tmp_path / "j.duckdb") as store:
        store.add("mood", {"at": dt.datetime(2026, 3, 9, 20), "mood": 3})
        assert _mood(store) == (1, 1, 3)
        with pytest.raises(Exception, match="mood"):
            store.add_many(
                {
                    "mood": [
                        {"at": dt.datetime(2026, 3, 9, 21), "mood": 4},
                        {"at": dt.datetime(2026, 3, 9, 22), "mood": 99},
                    ]
                }
            )
        assert _mood(store) == (1, 1, 3)
