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

    def counting(self: Store, name: str, params: dict, times: list | None) -> None:
        runs.append(name if times is None else f"{name} ({len(times)} added)")
        original(self, name, params, times)

    monkeypatch.setattr(Store, "_fill_derived", counting)
    return runs


def test_the_derived_tables_and_who_reads_them() -> None:
    by_mood = {"mood_by_day", "emotions_by_day", "activities_by_day"}
    assert derived_tables() == by_mood | {"urges_contacts_by_day", "mood_around_contact_by_day"}
    assert derived.tables_of("mood_around_contact_by_day") == {"mood", "contacts"}
    assert derived_used_by("patterns_mood_around_contact") == ("mood_around_contact_by_day",)
    for table in by_mood:
        assert derived.tables_of(table) == {"mood"}, table
    assert derived.tables_of("urges_contacts_by_day") == {"contacts", "urges"}
    assert all(derived.by_days(table) for table in derived_tables())
    # Through the macros a query calls: metric_no_contact -> nc_day_activity -> day_activity.
    for name in ("metric_no_contact", "nc_weekly_outcomes"):
        assert derived_used_by(name) == ("urges_contacts_by_day",), name
    # The calendar macro's first day: the first grouped day of the entries.
    for name in ("nc_weekly", "metric_nc_daily", "hard_days_daily"):
        assert derived_used_by(name) == ("mood_by_day", "urges_contacts_by_day"), name
    assert derived_used_by("mood_emotions") == ("emotions_by_day", "mood_by_day")
    assert derived_used_by("mood_activities") == ("activities_by_day", "mood_by_day")
    readers = ("metric_mood", "mood_daily", "mood_weekly", "mood_weekday", "cycles_mood")
    for name in readers:
        assert derived_used_by(name) == ("mood_by_day",), name
    assert derived_used_by("hard_days_periods") == ("mood_by_day", "urges_contacts_by_day")
    # A query's parameters include those of the derived tables it reads.
    # The span of times is the filler's own (rows just added), never a reader's.
    assert text_params("derived/mood_by_day") == {"day_start_hour", "first_at", "after_at"}
    assert not sql_params("metric_mood") & {"first_at", "after_at"}
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
        # The hour 04:00 had its rows: only the day of the new entry is grouped again; the
        # hour 00:00 had none, so all of its days are.
        assert counted == ["mood_by_day", "mood_by_day (1 added)", "mood_by_day"]


def test_a_write_brings_what_was_read_up_to_date_at_once(
    tmp_path: Path, counted: list[str]
) -> None:
    with Store(tmp_path / "j.duckdb") as store:
        store.add("mood", {"at": dt.datetime(2026, 3, 9, 20), "mood": 3})
        # Nothing read yet: nothing to keep current.
        assert counted == []
        assert _mood(store) == (1, 1, 3)
        assert counted == ["mood_by_day"]
        # The write itself groups the day of its entry again, before anything reads it; the
        # mood's other derived tables, never read here, are left alone.
        store.add("mood", {"at": dt.datetime(2026, 3, 10, 9), "mood": 5})
        assert counted == ["mood_by_day", "mood_by_day (1 added)"]
        assert _mood(store) == (2, 2, 8)
        assert counted == ["mood_by_day", "mood_by_day (1 added)"]
        # A change that is not an added row groups every day again, at the write too.
        store.delete("mood", int(store.rows("mood")[0]["id"]))
        assert counted[-1] == "mood_by_day"
        assert _mood(store) == (1, 1, 5)
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


NC = P | {"strength_memory": 0.5}


def _no_contact(store: Store) -> tuple[int, ...]:
    row = store.query("metric_no_contact", NC | {"as_of": dt.date(2026, 3, 4)}).iloc[0]
    keys = ("nc_days", "breaks", "break_days", "urges_resisted", "peeks", "longest_streak_days")
    return tuple(int(row[k]) for k in keys)


def test_contacts_and_urges_by_day_follow_each_write(tmp_path: Path, counted: list[str]) -> None:
    # No contact from 1 Mar; as of 4 Mar, days starting at 04:00. Each step's figures:
    # (NC days, breaks, break days, urges resisted, peeks, longest break-free run).
    steps = [
        # 1 Mar to 4 Mar, all break-free.
        ("milestones", {"on": dt.date(2026, 3, 1), "kind": "no_contact_start"}, (4, 0, 0, 0, 0, 4)),
        # Mine at 01:30 on 2 Mar belongs to 1 Mar: a break; the run is 2-4 Mar.
        ("contacts", {"at": "2026-03-02T01:30", "initiator": "me"}, (4, 1, 1, 0, 0, 3)),
        # Theirs is no break.
        ("contacts", {"at": "2026-03-02T10:00", "initiator": "them"}, (4, 1, 1, 0, 0, 3)),
        # Mine on 3 Mar: breaks on 1 and 3 Mar, the runs are 2 Mar and 4 Mar.
        ("contacts", {"at": "2026-03-03T12:00", "initiator": "me"}, (4, 2, 2, 0, 0, 1)),
        ("urges", {"at": "2026-03-01T20:00", "outcome": "resisted"}, (4, 2, 2, 1, 0, 1)),
        # A peek at 03:00 on 4 Mar is one of 3 Mar's.
        ("urges", {"at": "2026-03-04T03:00", "outcome": "peeked"}, (4, 2, 2, 1, 1, 1)),
        ("urges", {"at": "2026-03-04T09:00", "outcome": "resisted"}, (4, 2, 2, 2, 1, 1)),
    ]
    with Store(tmp_path / "j.duckdb") as store:
        for table, row, figures in steps:
            if table != "milestones":
                row = row | {"intensity": 5} if table == "urges" else row | {"channel": "text"}
            store.add(table, row)
            assert _no_contact(store) == figures, row
        # Grouped once, then only the day of each contact or urge added; a milestone (a date,
        # not a time) and a mood entry group nothing again, a deleted urge every day.
        once = "urges_contacts_by_day (1 added)"
        assert counted == ["urges_contacts_by_day"] + [once] * 6
        store.add("mood", {"at": dt.datetime(2026, 3, 3, 20), "mood": 4})
        assert _no_contact(store) == steps[-1][2]
        urge = int(store.rows("urges")[-1]["id"])
        store.delete("urges", urge)
        assert _no_contact(store) == (4, 2, 2, 1, 1, 1)
        assert counted[-1] == "urges_contacts_by_day"
        cur = store.cursor()
        kept = cur.execute("select * from tideline_derived.urges_contacts_by_day").fetchall()
    # Opened again, every day is grouped anew: the same rows.
    with Store(tmp_path / "j.duckdb") as again:
        _no_contact(again)
        anew = again.cursor().execute("select * from tideline_derived.urges_contacts_by_day")
        assert sorted(anew.fetchall()) == sorted(kept)


READERS = {
    "metric_mood": P,
    "mood_emotions": P | {"until": dt.date(2026, 3, 10), "top": 5},
    "mood_activities": P | {"until": dt.date(2026, 3, 10), "top": 5, "min_days": 1},
}


def _read_all(store: Store, hour: int) -> dict[str, list[tuple]]:
    """Every derived table's rows for the hour, after the queries that read them ran."""
    for name, params in READERS.items():
        store.query(name, params | {"day_start_hour": hour})
    cur = store.cursor()
    try:
        found = {}
        for table in sorted(derived_tables()):
            sql = f"select * from tideline_derived.{table} where day_start_hour = $hour"
            found[table] = sorted(cur.execute(sql, {"hour": hour}).fetchall(), key=repr)
        return found
    finally:
        cur.close()


def test_the_days_of_added_rows_equal_all_days_grouped_anew(tmp_path: Path) -> None:
    start = dt.datetime(2026, 3, 1, 0, 0)
    feelings = (["sad"], ["sad", "calm", "sad"], [], ["anxious"])
    doings = (["walk"], [], ["work", "walk"], ["friends", "friends"])
    with Store(tmp_path / "j.duckdb") as store:
        for hour in (0, 4):
            _read_all(store, hour)
        # Rows one at a time and a few together, around midnight and the 04:00 day start.
        steps = [dt.timedelta(hours=h, minutes=m) for h in range(0, 120, 7) for m in (0, 59)]
        for i, step in enumerate(steps):
            row = {"mood": 1 + i % 10, "emotions": feelings[i % 4], "activities": doings[i % 4]}
            rows = [row | {"at": start + step}]
            if i % 5 == 0:
                rows.append({"at": start + step + dt.timedelta(minutes=30), "mood": 10})
            store.add_many({"mood": rows})
            for hour in (0, 4):
                _read_all(store, hour)
        kept = {hour: _read_all(store, hour) for hour in (0, 4)}
    # The same journal opened again groups every day anew.
    with Store(tmp_path / "j.duckdb") as again:
        for hour in (0, 4):
            assert _read_all(again, hour) == kept[hour]
    days = {hour: sorted(row[1] for row in kept[hour]["mood_by_day"]) for hour in (0, 4)}
    # The first row, 1 Mar 00:00, belongs to 28 Feb when days start at 04:00; the last,
    # 6 Mar 00:29 (30 minutes after 5 Mar 23:59), to 6 Mar from midnight and to 5 Mar.
    assert [days[0][0], days[0][-1]] == [dt.date(2026, 3, 1), dt.date(2026, 3, 6)]
    assert [days[4][0], days[4][-1]] == [dt.date(2026, 2, 28), dt.date(2026, 3, 5)]
    assert kept[0]["emotions_by_day"] and kept[0]["activities_by_day"]


def test_many_rows_at_once_group_every_day_anew(tmp_path: Path, counted: list[str]) -> None:
    with Store(tmp_path / "j.duckdb") as store:
        store.add("mood", {"at": dt.datetime(2026, 1, 1, 12), "mood": 5})
        store.query("metric_mood", P)
        many = [
            {"at": dt.datetime(2026, 1, 2) + dt.timedelta(hours=6 * i), "mood": 3}
            for i in range(derived.DAYS_AT_MOST + 1)
        ]
        store.add_many({"mood": many})
        # Every six hours from 2 Jan 00:00 to 12 Apr 00:00: a row at midnight belongs to the
        # day before, so with 1 Jan's own row the tracking days run 1 Jan to 11 Apr, 101 days.
        assert derived.DAYS_AT_MOST == 400
        row = store.query("metric_mood", P | {"as_of": dt.date(2026, 12, 1)}).iloc[0]
        assert (row["entries"], row["days_logged"], row["mood_sum"]) == (402, 101, 5 + 3 * 401)
        assert counted == ["mood_by_day", "mood_by_day"]


@pytest.mark.parametrize("hour", [0, 4, 23])
def test_the_day_range_of_added_times_is_the_tracking_day_macros(tmp_path: Path, hour: int) -> None:
    times = [
        dt.datetime(2026, 3, 2, 3, 59),
        dt.datetime(2026, 3, 2, 4, 0),
        dt.datetime(2026, 3, 2, 23, 59),
        dt.datetime(2026, 3, 3, 0, 0),
    ]
    with Store(tmp_path / "j.duckdb") as store:
        cur = store.cursor()
        sql = "select tracking_day(t, $hour) from unnest($times) as u(t)"
        days = [d for (d,) in cur.execute(sql, {"hour": hour, "times": times}).fetchall()]
        cur.close()
    span = derived.day_range(times, hour)
    assert (span["first_day"], span["last_day"]) == (min(days), max(days))
    # Worked by hand: the days start at `hour`, so the times of those days run from the first
    # day's `hour` o'clock up to the `hour` o'clock after the last day.
    shift = dt.timedelta(hours=hour)
    assert span["first_at"] == dt.datetime.combine(min(days), dt.time()) + shift
    assert span["after_at"] == dt.datetime.combine(max(days), dt.time()) + shift + dt.timedelta(1)
    # 03:59 on 2 Mar is 1 Mar from 04:00 or 23:00; 00:00 on 3 Mar is 2 Mar unless from midnight.
    expected = {0: (2, 3), 4: (1, 2), 23: (1, 2)}[hour]
    assert (span["first_day"].day, span["last_day"].day) == expected
