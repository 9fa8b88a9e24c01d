"""Reliability (issue 6): concurrent writers, a killed process, a second process, malformed
input and migrations. Nothing may be lost, and every failure says clearly what happened."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dashboard import PROJECT_DIR, cli, exports, importers, interchange
from dashboard import store as store_mod
from dashboard.store import Store, StoreError, StoreInUse, salt_path
from dashboard.validate import ValidationError

PASS = "tide and shore"
MODES = ["plain", "encrypted"]


def _open(path: Path, mode: str) -> Store:
    return Store(path, passphrase=PASS if mode == "encrypted" else None)


# -- eight threads through one Store ----------------------------------------------------------
THREADS = 8
OPS = 200


@pytest.mark.parametrize("mode", MODES)
def test_eight_threads_mixed_writes_and_reads(tmp_path: Path, mode: str) -> None:
    store = _open(tmp_path / "threads.duckdb", mode)
    errors: list[BaseException] = []
    expected: dict[int, dict[str, Any]] = {}  # id -> note and mood it must end with
    expected_lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def work(t: int) -> None:
        mine: list[int] = []
        try:
            start.wait()
            for i in range(OPS):
                kind = i % 5
                if kind in (0, 1):
                    note = f"t{t}-i{i}"
                    row_id = store.add("mood", {"at": "2026-01-05T12:00", "mood": 5, "note": note})
                    mine.append(row_id)
                    with expected_lock:
                        expected[row_id] = {"note": note, "mood": 5}
                elif kind == 2 and mine:
                    # Rewrite one of this thread's own rows: mood 1..10 from i.
                    row_id = mine[i % len(mine)]
                    new = {"note": f"t{t}-upd{i}", "mood": i % 10 + 1}
                    store.update("mood", row_id, {"at": "2026-01-05T12:00", **new})
                    with expected_lock:
                        expected[row_id] = new
                elif kind == 3:
                    counts = store.query("table_counts")
                    assert int(counts.iloc[0]["mood"]) >= len(mine)
                else:
                    assert store.settings()["day_start_hour"] == 4
                    store.query("mood_daily", {"since": None, "until": None, "day_start_hour": 4})
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    rows = {r["id"]: {"note": r["note"], "mood": r["mood"]} for r in store.rows("mood")}
    # 2 inserts in every 5 operations: 8 threads x 200 x 2/5 = 640 rows.
    assert len(rows) == 640
    assert rows == expected
    store.close()


# -- a writer killed with SIGKILL right after it said "saved" ---------------------------------
WRITER = """
import os, sys
from dashboard.store import Store
store = Store(sys.argv[1], passphrase=os.environ.get("TEST_PASSPHRASE") or None)
i = 0
while True:
    row_id = store.add("mood", {"at": "2026-01-06T09:00", "mood": 6, "note": f"killed-{i}"})
    print(f"saved {row_id}", flush=True)
    i += 1
"""


def _child_env(mode: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PROJECT_DIR)
    env.pop("TIDELINE_PASSPHRASE", None)
    if mode == "encrypted":
        env["TEST_PASSPHRASE"] = PASS
    return env


@pytest.mark.parametrize("mode", MODES)
def test_sigkill_right_after_saved_loses_nothing(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "killed.duckdb"
    _open(path, mode).close()  # created (and encrypted) before the writer starts
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_env(mode),
        cwd=tmp_path,
    )
    reported: list[int] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            assert line.startswith("saved "), line
            reported.append(int(line.split()[1]))
            if len(reported) == 40:
                proc.send_signal(signal.SIGKILL)  # right after the user saw "saved"
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    with _open(path, mode) as store:
        present = {r["id"]: r["note"] for r in store.rows("mood")}
    assert set(reported) <= set(present)
    # Each reported id kept its own note: the i-th report is note killed-i.
    assert [present[row_id] for row_id in reported] == [f"killed-{i}" for i in range(40)]


# -- a second process -------------------------------------------------------------------------
HOLDER = """
import os, sys
from dashboard.store import Store
store = Store(sys.argv[1], passphrase=os.environ.get("TEST_PASSPHRASE") or None)
print("ready", flush=True)
sys.stdin.read()
store.close()
"""


@pytest.mark.parametrize("mode", MODES)
def test_second_process_gets_a_clear_in_use_message(
    tmp_path: Path, mode: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "held.duckdb"
    _open(path, mode).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_child_env(mode),
        cwd=tmp_path,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreInUse, match="in use by another Tideline process"):
            _open(path, mode)
        if mode == "encrypted":
            monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
        code = cli.main(["--db", str(path), "metrics"])
        err = capsys.readouterr().err
        assert code == 1 and "in use" in err and "Traceback" not in err
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    # Once the other process lets go, the journal opens normally.
    _open(path, mode).close()


# -- malformed input --------------------------------------------------------------------------
def _json(obj: Any) -> bytes:
    return json.dumps(obj).encode()


def _mood(**fields: Any) -> bytes:
    row = {"at": "2026-01-07T20:00", "mood": 5} | fields
    return _json({"format": "tideline/1", "mood": [row]})


def _without(key: str) -> bytes:
    row = {"at": "2026-01-07T20:00", "mood": 5}
    row.pop(key)
    return _json({"format": "tideline/1", "mood": [row]})


def _one(table: str, **fields: Any) -> bytes:
    return _json({"format": "tideline/1", table: [fields]})


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"
DAYLIO_ROW = '2026-01-03,January 3,Saturday,8:00 pm,good,work | friends,,"a note"\n'
CONTACT = {"at": "2026-01-07T20:00", "initiator": "me", "channel": "text"}
URGE = {"at": "2026-01-07T20:00", "intensity": 5, "outcome": "resisted"}
MALFORMED: list[tuple[str, str, bytes, str]] = [
    # (id, importer, data, a piece of the message the user must see)
    ("empty json", "json", b"", "empty"),
    ("blank json", "json", b"  \n\t", "empty"),
    ("broken json", "json", b'{"format": "tideline/1", "mood": [', "not valid JSON"),
    ("trailing comma", "json", b'{"format": "tideline/1",}', "not valid JSON"),
    ("binary junk", "json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", "not UTF-8"),
    ("utf-16", "json", '{"format": "tideline/1"}'.encode("utf-16"), "not UTF-8"),
    ("latin-1", "json", '{"format":"tideline/1","mood":[{"note":"café"}]}'.encode("latin-1"),
     "not UTF-8"),
    ("a list", "json", b"[1, 2, 3]", "must hold one tideline/1 object"),
    ("wrong format", "json", _json({"format": "tideline/2"}), "format must be"),
    ("unknown top key", "json", _json({"format": "tideline/1", "moods": []}), "unknown key"),
    ("unknown row key", "json", _mood(colour="blue"), "unknown key\\(s\\) colour"),
    ("mood as text", "json", _mood(mood="5"), "mood must be a whole number"),
    ("mood too high", "json", _mood(mood=11), "mood must be from 1 to 10"),
    ("mood zero", "json", _mood(mood=0), "mood must be from 1 to 10"),
    ("urge negative", "json", _mood(urge=-1), "urge must be from 0 to 10"),
    ("half a mood", "json", _mood(mood=5.5), "whole number"),
    ("mood as bool", "json", _mood(mood=True), "whole number"),
    ("impossible day", "json", _mood(at="2026-02-30T10:00"), "not an ISO time"),
    ("month 13", "json", _one("milestones", on="2026-13-01", kind="breakup"), "not an ISO date"),
    ("far future", "json", _mood(at="2999-01-01T10:00"), "in the future"),
    ("before 1970", "json", _mood(at="1969-12-31T10:00"), "before 1970"),
    ("long note", "json", _mood(note="x" * 5001), "the limit is 5000"),
    ("huge note", "json", _mood(note="y" * 2_000_000), "the limit is 5000"),
    ("NUL in note", "json", _mood(note="a\u0000b"), "NUL character"),
    ("unknown channel", "json", _one("contacts", **{**CONTACT, "channel": "pigeon"}),
     "unknown channel"),
    ("unknown initiator", "json", _one("contacts", **{**CONTACT, "initiator": "us"}),
     "unknown initiator"),
    ("response as text", "json", _one("contacts", **{**CONTACT, "got_response": "yes"}),
     "got_response must be true, false or empty"),
    ("unknown outcome", "json", _one("urges", **{**URGE, "outcome": "sent"}), "unknown outcome"),
    ("emotions a number", "json", _mood(emotions=5), "must be a list of words"),
    ("too many words", "json", _mood(activities=[f"w{i}" for i in range(31)]), "the limit is 30"),
    ("rows not a list", "json", _json({"format": "tideline/1", "mood": {"mood": 5}}),
     "must be a list of entries"),
    ("day start 25", "json", _json({"format": "tideline/1", "settings": {"day_start_hour": 25}}),
     "day_start_hour must be from 0 to 12"),
    ("unknown setting", "json", _json({"format": "tideline/1", "settings": {"theme": "dark"}}),
     "unknown setting"),
    ("missing time", "json", _without("at"), "missing at"),
    ("one bad among good", "json",
     _json({"format": "tideline/1", "mood": [{"at": "2026-01-07T20:00", "mood": 5},
                                             {"at": "2026-01-07T21:00", "mood": 50}]}),
     "mood\\[1\\] \\(entry 2\\)"),
    ("daylio no mood column", "daylio",
     b"full_date,date,weekday,time,activities,note_title,note\n"
     b"2026-01-03,January 3,Saturday,8:00 pm,work,,\n", "no 'mood' column"),
    ("daylio empty", "daylio", b"", "empty"),
    ("daylio header only", "daylio", DAYLIO_HEADER.encode(), "header but no entries"),
    ("daylio binary", "daylio", b"\x00\x01\x02binary\x00", "binary"),
    ("daylio latin-1", "daylio", (DAYLIO_HEADER + DAYLIO_ROW.replace("a note", "café"))
     .encode("latin-1"), "not UTF-8"),
    ("daylio unknown mood", "daylio", (DAYLIO_HEADER + DAYLIO_ROW.replace("good", "superb"))
     .encode(), "superb"),
    ("daylio impossible date", "daylio",
     (DAYLIO_HEADER + DAYLIO_ROW.replace("2026-01-03", "2026-02-30")).encode(), "2026-02-30"),
    ("daylio open quote", "daylio", (DAYLIO_HEADER + DAYLIO_ROW + DAYLIO_ROW[:-2]).encode(),
     "line 3: a quoted value .* never closed"),
    ("csv zip junk", "csvzip", b"\x00\xffnot a zip at all", "not a zip"),
    ("csv zip unknown column", "csvzip", _zip({"mood.csv": "at,mood,x\n2026-01-07T20:00,5,1\n"}),
     "unknown column"),
    ("csv zip bad value", "csvzip", _zip({"mood.csv": "at,mood\n2026-01-07T20:00,lots\n"}),
     "mood must be a whole number"),
]  # fmt: skip


def _attempt(store: Store, importer: str, data: bytes) -> None:
    """Import the way the CLI and the Data page do: parse, refuse on any error, then import."""
    if importer == "json":
        payload = interchange.load_json(data)
    elif importer == "csvzip":
        payload = exports.csv_zip_to_payload(data)
    else:
        result = importers.parse_daylio(data)
        if result.errors:
            raise interchange.ImportFailed([f"line {e.line}: {e.reason}" for e in result.errors])
        payload = result.payload
    interchange.import_payload(store, payload)


def test_at_least_thirty_malformed_inputs() -> None:
    assert len(MALFORMED) >= 30
    assert len({case[0] for case in MALFORMED}) == len(MALFORMED)


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from dashboard.demo import demo_payload

    s = Store(tmp_path_factory.mktemp("malformed") / "journal.duckdb")
    interchange.import_payload(s, demo_payload(end=__import__("datetime").date(2026, 1, 31)))
    yield s
    s.close()


@pytest.mark.parametrize(
    ("importer", "data", "message"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_input_is_refused_and_changes_nothing(
    journal: Store, importer: str, data: bytes, message: str
) -> None:
    before = interchange.export_payload(journal)
    with pytest.raises(ValueError, match=message) as caught:
        _attempt(journal, importer, data)
    # A message for a person: one of ours, not a library's internals.
    assert isinstance(caught.value, ValidationError | ValueError)
    assert "Traceback" not in str(caught.value)
    assert interchange.export_payload(journal) == before


# -- migrations -------------------------------------------------------------------------------
MIGRATION_2 = """-- Test-only schema version 2: a new column with a default and a new table.
ALTER TABLE mood ADD COLUMN energy INTEGER DEFAULT 5;
CREATE TABLE reminders (id BIGINT PRIMARY KEY DEFAULT nextval('row_id'), at_time TIME);
"""


def _schema_v2(tmp_path: Path, sql: str) -> Path:
    folder = tmp_path / "schema_v2"
    shutil.copytree(store_mod.SCHEMA_DIR, folder)
    (folder / "002_test.sql").write_text(sql, encoding="utf-8")
    return folder


@pytest.mark.parametrize("mode", MODES)
def test_version_1_database_migrates_with_every_row(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.demo import demo_payload

    path = tmp_path / "old.duckdb"
    with _open(path, mode) as v1:
        assert v1.schema_version() == 1
        interchange.import_payload(v1, demo_payload(end=__import__("datetime").date(2026, 1, 31)))
        before = interchange.export_payload(v1)
    monkeypatch.setattr(store_mod, "SCHEMA_DIR", _schema_v2(tmp_path, MIGRATION_2))
    with _open(path, mode) as v2:
        assert v2.schema_version() == 2
        assert interchange.export_payload(v2) == before
        # The new column got its default on every old row.
        cur = v2.cursor()
        assert cur.execute("select count(*) from mood where energy = 5").fetchone()[0] == len(
            before["mood"]
        )
        new_id = v2.add("mood", {"at": "2026-01-31T10:00", "mood": 7})
        assert new_id > max(r["id"] for r in v2.rows("milestones"))
    [saved] = (tmp_path / "backups").glob("old-*-before-migration-1.duckdb")
    if mode == "encrypted":
        assert salt_path(saved).exists()
    with Store(saved, read_only=True, passphrase=PASS if mode == "encrypted" else None) as b:
        cur = b.cursor()
        assert cur.execute("select max(version) from schema_version").fetchone()[0] == 1
        assert interchange.export_payload(b) == before


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_store: Callable[..., Store]
) -> None:
    path = tmp_path / "v1.duckdb"
    with Store(path) as v1:
        v1.add("mood", {"at": "2026-01-07T20:00", "mood": 4, "note": "kept"})
        before = interchange.export_payload(v1)
    broken = "ALTER TABLE mood ADD COLUMN energy INTEGER;\nSELECT * FROM no_such_table;\n"
    monkeypatch.setattr(store_mod, "SCHEMA_DIR", _schema_v2(tmp_path, broken))
    with pytest.raises(StoreError, match="schema version 2.*your entries are unchanged"):
        Store(path)
    monkeypatch.undo()
    with Store(path) as again:
        assert again.schema_version() == 1
        assert interchange.export_payload(again) == before
        columns = [c[0] for c in again.cursor().execute("describe mood").fetchall()]
        assert "energy" not in columns
