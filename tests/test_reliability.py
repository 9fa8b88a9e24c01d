"""Reliability (issue 6): concurrent writers, a killed process, a second process, malformed
input and migrations. Nothing may be lost, and every failure says clearly what happened."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
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

from dashboard import PROJECT_DIR, cli, dataops
from dashboard import store as store_mod
from dashboard.formats import tideline
from dashboard.store import Store, StoreError, StoreInUse, salt_path
from dashboard.validate import ValidationError
from tests.conftest import build_demo

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


def _start(script: str, path: Path, mode: str, **pipes: int) -> subprocess.Popen[str]:
    """`script` run on `path` in a child Python, its output read as text, in path's folder."""
    return subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=_child_env(mode),
        cwd=path.parent,
        **pipes,
    )


@pytest.mark.parametrize("mode", MODES)
def test_sigkill_right_after_saved_loses_nothing(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "killed.duckdb"
    _open(path, mode).close()  # created (and encrypted) before the writer starts
    proc = _start(WRITER, path, mode, stderr=subprocess.PIPE)
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
    holder = _start(HOLDER, path, mode, stdin=subprocess.PIPE)
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
FILE = None  # the file cannot be read at all: no row is to blame
MALFORMED: list[tuple[str, str, bytes, str | None, str]] = [
    # (id, format, data, where the problem is, a piece of the message the user must see)
    ("empty json", "tideline", b"", FILE, "empty"),
    ("blank json", "tideline", b"  \n\t", FILE, "empty"),
    ("broken json", "tideline", b'{"format": "tideline/1", "mood": [', FILE,
     "not valid JSON \\(line 1, column 35"),
    ("trailing comma", "tideline", b'{"format": "tideline/1",}', FILE, "not valid JSON"),
    ("binary junk", "tideline", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", FILE, "not UTF-8"),
    ("utf-16", "tideline", '{"format": "tideline/1"}'.encode("utf-16"), FILE, "not UTF-8"),
    ("latin-1", "tideline",
     '{"format":"tideline/1","mood":[{"note":"café"}]}'.encode("latin-1"), FILE, "not UTF-8"),
    ("a list", "tideline", b"[1, 2, 3]", "file", "must hold one tideline/1 object, not list"),
    ("wrong format", "tideline", _json({"format": "tideline/2"}), "file",
     "format must be 'tideline/1', not 'tideline/2'"),
    ("unknown top key", "tideline", _json({"format": "tideline/1", "moods": []}), "file",
     "unknown key\\(s\\) at the top level: moods"),
    ("unknown row key", "tideline", _mood(colour="blue"), "mood entry 1",
     "unknown key\\(s\\) colour"),
    ("mood as text", "tideline", _mood(mood="5"), "mood entry 1", "mood must be a whole number"),
    ("mood too high", "tideline", _mood(mood=11), "mood entry 1",
     "mood must be from 1 to 10, not 11"),
    ("mood zero", "tideline", _mood(mood=0), "mood entry 1", "mood must be from 1 to 10, not 0"),
    ("urge negative", "tideline", _mood(urge=-1), "mood entry 1",
     "urge must be from 0 to 10, not -1"),
    ("half a mood", "tideline", _mood(mood=5.5), "mood entry 1", "whole number"),
    ("mood as bool", "tideline", _mood(mood=True), "mood entry 1", "whole number"),
    ("impossible day", "tideline", _mood(at="2026-02-30T10:00"), "mood entry 1",
     "not an ISO time"),
    ("month 13", "tideline", _one("milestones", on="2026-13-01", kind="breakup"),
     "milestones entry 1", "not an ISO date"),
    ("far future", "tideline", _mood(at="2999-01-01T10:00"), "mood entry 1", "in the future"),
    ("before 1970", "tideline", _mood(at="1969-12-31T10:00"), "mood entry 1", "before 1970"),
    ("long note", "tideline", _mood(note="x" * 20_001), "mood entry 1", "the limit is 20000"),
    ("huge note", "tideline", _mood(note="y" * 2_000_000), "mood entry 1", "the limit is 20000"),
    ("NUL in note", "tideline", _mood(note="a\u0000b"), "mood entry 1", "NUL character"),
    ("unknown channel", "tideline", _one("contacts", **{**CONTACT, "channel": "pigeon"}),
     "contacts entry 1", "unknown channel"),
    ("unknown initiator", "tideline", _one("contacts", **{**CONTACT, "initiator": "us"}),
     "contacts entry 1", "unknown initiator"),
    ("response as text", "tideline", _one("contacts", **{**CONTACT, "got_response": "yes"}),
     "contacts entry 1", "got_response must be true, false or empty"),
    ("unknown outcome", "tideline", _one("urges", **{**URGE, "outcome": "sent"}),
     "urges entry 1", "unknown outcome"),
    ("emotions a number", "tideline", _mood(emotions=5), "mood entry 1",
     "emotions must be a list of words"),
    ("too many words", "tideline", _mood(activities=[f"w{i}" for i in range(61)]),
     "mood entry 1", "activities.*the limit is 60"),
    ("rows not a list", "tideline", _json({"format": "tideline/1", "mood": {"mood": 5}}),
     "file", "mood: must be a list of entries"),
    ("day start 25", "tideline",
     _json({"format": "tideline/1", "settings": {"day_start_hour": 25}}), "file",
     "settings: day_start_hour must be from 0 to 12"),
    ("unknown setting", "tideline",
     _json({"format": "tideline/1", "settings": {"theme": "dark"}}), "file",
     "settings: unknown setting"),
    ("missing time", "tideline", _without("at"), "mood entry 1", "missing at"),
    ("one bad among good", "tideline",
     _json({"format": "tideline/1", "mood": [{"at": "2026-01-07T20:00", "mood": 5},
                                             {"at": "2026-01-07T21:00", "mood": 50}]}),
     "mood entry 2", "mood must be from 1 to 10, not 50"),
    ("daylio no mood column", "daylio",
     b"full_date,date,weekday,time,activities,note_title,note\n"
     b"2026-01-03,January 3,Saturday,8:00 pm,work,,\n", FILE, "no 'mood' column"),
    ("daylio empty", "daylio", b"", FILE, "empty"),
    ("daylio header only", "daylio", DAYLIO_HEADER.encode(), FILE, "header but no entries"),
    ("daylio binary", "daylio", b"\x00\x01\x02binary\x00", FILE, "binary"),
    ("daylio latin-1", "daylio", (DAYLIO_HEADER + DAYLIO_ROW.replace("a note", "café"))
     .encode("latin-1"), FILE, "not UTF-8"),
    ("daylio unknown mood", "daylio", (DAYLIO_HEADER + DAYLIO_ROW.replace("good", "superb"))
     .encode(), "line 2", "'superb' \\(line 2\\)"),
    ("daylio impossible date", "daylio",
     (DAYLIO_HEADER + DAYLIO_ROW.replace("2026-01-03", "2026-02-30")).encode(), "line 2",
     "date '2026-02-30' is not a date"),
    ("daylio open quote", "daylio", (DAYLIO_HEADER + DAYLIO_ROW + DAYLIO_ROW[:-2]).encode(),
     "line 3", "a quoted value .* never closed"),
    ("csv zip junk", "csv", b"\x00\xffnot a zip at all", FILE,
     "not a Tideline CSV export: export a zip from the Data page"),
    ("csv zip unknown column", "csv",
     _zip({"mood.csv": "at,mood,x\n2026-01-07T20:00,5,1\n"}), FILE,
     "mood.csv: unknown column\\(s\\) x"),
    ("csv zip bad value", "csv", _zip({"mood.csv": "at,mood\n2026-01-07T20:00,lots\n"}),
     "mood.csv line 2", "mood must be a whole number from 1 to 10, not 'lots'"),
    ("csv zip bad value after a long note", "csv",
     _zip({"mood.csv": 'at,mood,note\n2026-01-07T20:00,5,"a\nb\nc"\n2026-01-07T21:00,0,\n'}),
     "mood.csv line 5", "mood must be from 1 to 10, not 0"),
]  # fmt: skip


def test_at_least_thirty_malformed_inputs() -> None:
    assert len(MALFORMED) >= 30
    assert len({case[0] for case in MALFORMED}) == len(MALFORMED)


def _demo_journal(path: Path) -> Path:
    return build_demo(path, end=dt.date(2026, 1, 31))


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(_demo_journal(tmp_path_factory.mktemp("malformed") / "journal.duckdb"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed journal for the command line to open."""
    return _demo_journal(tmp_path_factory.mktemp("malformed_cli") / "journal.duckdb")


KIND = {"tideline": "tideline", "daylio": "daylio", "csv": "csv_zip"}


@pytest.mark.parametrize(
    ("fmt", "data", "where", "message"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_input_is_refused_and_changes_nothing(
    journal: Store, fmt: str, data: bytes, where: str | None, message: str
) -> None:
    """The Data page's steps: prepare (the preview), then run_import."""
    before = tideline.export_payload(journal)
    if where is FILE:
        with pytest.raises(ValidationError, match=message) as caught:
            dataops.prepare(journal, data, KIND[fmt])
        # Our own message for a person, not a row error and not a library's exception.
        assert type(caught.value) is ValidationError
    else:
        plan = dataops.prepare(journal, data, KIND[fmt])
        assert len(plan.problems) == 1, plan.problems
        [(place, why)] = plan.problems
        assert place == where
        assert re.search(message, why), why
        with pytest.raises(tideline.ImportFailed) as caught:
            dataops.run_import(journal, plan)
        assert caught.value.errors == [f"{where}: {why}"]
    assert tideline.export_payload(journal) == before


@pytest.mark.parametrize(
    ("fmt", "data", "where", "message"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_input_through_the_command_line(
    journal_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    data: bytes,
    where: str | None,
    message: str,
) -> None:
    src = tmp_path / "input.file"
    src.write_bytes(data)
    before = hashlib.sha256(journal_file.read_bytes()).hexdigest()
    code = cli.main(["--db", str(journal_file), "import", str(src), "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("tideline: error: ") and err.endswith("\n")
    assert err.count("\n") == 1, err  # exactly one line
    assert "Traceback" not in err and "duckdb" not in err.lower()
    assert re.search(message, err), err
    if where is not FILE:
        assert f"{where}: " in err
    assert hashlib.sha256(journal_file.read_bytes()).hexdigest() == before


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
        tideline.import_payload(v1, demo_payload(end=dt.date(2026, 1, 31)))
        before = tideline.export_payload(v1)
    monkeypatch.setattr(store_mod, "SCHEMA_DIR", _schema_v2(tmp_path, MIGRATION_2))
    with _open(path, mode) as v2:
        assert v2.schema_version() == 2
        assert tideline.export_payload(v2) == before
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
        assert tideline.export_payload(b) == before


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_store: Callable[..., Store]
) -> None:
    path = tmp_path / "v1.duckdb"
    with Store(path) as v1:
        v1.add("mood", {"at": "2026-01-07T20:00", "mood": 4, "note": "kept"})
        before = tideline.export_payload(v1)
    broken = "ALTER TABLE mood ADD COLUMN energy INTEGER;\nSELECT * FROM no_such_table;\n"
    monkeypatch.setattr(store_mod, "SCHEMA_DIR", _schema_v2(tmp_path, broken))
    with pytest.raises(StoreError, match="schema version 2.*your entries are unchanged"):
        Store(path)
    monkeypatch.undo()
    with Store(path) as again:
        assert again.schema_version() == 1
        assert tideline.export_payload(again) == before
        columns = [c[0] for c in again.cursor().execute("describe mood").fetchall()]
        assert "energy" not in columns
