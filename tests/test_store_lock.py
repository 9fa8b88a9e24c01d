"""DuckDB's file lock holds for as long as a Store is open (issue 11, point 3).

Under POSIX rules, closing any handle of a file drops every lock the process holds on it, so a
header read with open() while DuckDB has the file open gives the lock away: a second process
can then open the journal and both write into it. Each test opens a journal, does what the app
or a command does, and asks a second process to open the same file: it must be refused.
The command line's own refusals are one line on stderr and leave no output file behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR, cli, dataops, vault
from dashboard.snapshot import exports as snapshot_mod
from dashboard.store import Store, is_encrypted
from dashboard.ui import reads, session

PASS = "tide and shore"
MODES = ["plain", "encrypted"]
APP = str(PROJECT_DIR / "dashboard" / "app.py")
IN_USE = "the journal is open in Tideline; close the app or use the Data page"

# A second process: tries to open the file and says what happened (it writes nothing when it
# is refused; when it is let in, the lock was already lost).
PROBE = """
import os, sys
from dashboard.store import Store, StoreInUse
try:
    Store(sys.argv[1], passphrase=os.environ.get("PROBE_PASS") or None).close()
except StoreInUse:
    print("refused")
else:
    print("opened")
"""


def other_process(path: Path, mode: str = "plain") -> str:
    """'refused' when another process cannot open the file, 'opened' when it can."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "PROBE_PASS": PASS}
    if mode == "plain":
        env.pop("PROBE_PASS")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=path.parent,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _open(path: Path, mode: str) -> Store:
    return Store(path, passphrase=PASS if mode == "encrypted" else None)


MOOD = {"at": "2026-01-05T10:00", "mood": 6, "note": "kept"}


# -- what the app does on every page run ------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_asking_whether_an_open_journal_is_encrypted_keeps_the_lock(
    tmp_path: Path, mode: str
) -> None:
    path = tmp_path / "j.duckdb"
    with _open(path, mode) as s:
        s.add("mood", MOOD)
        # What reads.store() asks on every run, several times.
        for _ in range(3):
            assert is_encrypted(path) is (mode == "encrypted")
            assert is_encrypted(str(path)) is (mode == "encrypted")
        assert other_process(path, mode) == "refused"
    # Closed, the header is read again, and the journal opens for another process.
    assert is_encrypted(path) is (mode == "encrypted")
    assert other_process(path, mode) == "opened"


@pytest.fixture
def app_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A journal with one entry, as the app's own journal (TIDELINE_DB)."""
    path = tmp_path / "journal.duckdb"
    with Store(path) as s:
        s.add("mood", MOOD)
    monkeypatch.setenv("TIDELINE_DB", str(path))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(tmp_path / "demo.duckdb"))
    yield path
    # The app keeps its Store in st.cache_resource, which outlives an AppTest: let go of it.
    reads._open_plain(str(path)).close()
    reads._open_plain.clear()


def test_the_app_keeps_its_lock_over_page_runs_and_a_save(app_journal: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    assert not at.exception
    at.switch_page("pages/log.py").run()
    assert not at.exception
    save = next(b for b in at.button if b.label == "Save mood")
    save.click().run()
    assert not at.exception
    assert any(m.value.startswith("Saved your ") for m in at.success), [m.value for m in at.success]
    at.switch_page("pages/today.py").run()
    assert not at.exception
    assert other_process(app_journal) == "refused"


@pytest.mark.parametrize("mode", MODES)
def test_a_second_store_on_the_same_file_keeps_the_first_ones_lock(
    tmp_path: Path, mode: str
) -> None:
    path = tmp_path / "j.duckdb"
    with _open(path, mode) as first:
        first.add("mood", MOOD)
        if mode == "plain":
            # DuckDB shares one database between connections of a process.
            with Store(path) as second:
                assert len(second.rows("mood")) == 1
        else:
            # An encrypted file is attached once per process; a second try is refused...
            with pytest.raises(Exception, match="already attached"):
                Store(path, passphrase=PASS)
        # ...and neither way gives the first Store's lock away.
        assert other_process(path, mode) == "refused"
        assert len(first.rows("mood")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_backup_keeps_the_lock_and_holds_every_entry(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "j.duckdb"
    with _open(path, mode) as s:
        s.add("mood", MOOD)
        copy = s.backup()
        assert other_process(path, mode) == "refused"
        s.add("mood", {**MOOD, "note": "after the backup"})
    assert copy.parent == tmp_path / "backups"
    assert is_encrypted(copy) is (mode == "encrypted")
    with _open(copy, mode) as b:
        assert [r["note"] for r in b.rows("mood")] == ["kept"]
    # No temporary copy is left beside it.
    assert sorted(p.name for p in copy.parent.iterdir()) == sorted(
        [copy.name] + ([copy.name + ".salt"] if mode == "encrypted" else [])
    )


def test_the_data_pages_backup_button_keeps_the_lock(app_journal: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    next(b for b in at.button if b.label == "Back up now").click().run()
    assert not at.exception
    assert any(m.value.startswith("Backed up to ") for m in at.success)
    assert other_process(app_journal) == "refused"
    assert len(list((app_journal.parent / "backups").glob("journal-*.duckdb"))) == 1


# -- commands that swap a new file in hold the lock until the swap ---------------------------
@pytest.mark.parametrize("mode", MODES)
def test_restore_holds_the_journal_until_the_new_file_is_in_place(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.duckdb"
    with _open(path, mode) as s:
        s.add("mood", MOOD)
        copy = s.backup(tmp_path / "copy.duckdb")
        s.add("mood", {**MOOD, "note": "after the backup"})
    seen: list[str] = []
    real = vault._swap_in

    def swap(incoming: Path, journal: Path) -> None:
        # Between the journal's own backup and the swap, nobody else may open it.
        seen.append(other_process(journal, mode))
        real(incoming, journal)

    monkeypatch.setattr(vault, "_swap_in", swap)
    passphrase = PASS if mode == "encrypted" else None
    saved = vault.restore(path, copy, passphrase)
    assert seen == ["refused"]
    with _open(path, mode) as s:
        assert [r["note"] for r in s.rows("mood")] == ["kept"]
    assert saved is not None
    with _open(saved, mode) as b:
        assert [r["note"] for r in b.rows("mood")] == ["kept", "after the backup"]


@pytest.mark.parametrize("direction", ["encrypt", "decrypt"])
def test_encrypt_and_decrypt_hold_the_journal_until_the_new_file_is_in_place(
    tmp_path: Path, direction: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.duckdb"
    with Store(path) as s:
        s.add("mood", MOOD)
    if direction == "decrypt":
        vault.encrypt(path, PASS)
    before = "encrypted" if direction == "decrypt" else "plain"
    seen: list[str] = []
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == path:
            seen.append(other_process(path, before))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    if direction == "encrypt":
        vault.encrypt(path, PASS)
    else:
        vault.decrypt(path, PASS)
    monkeypatch.undo()
    assert seen == ["refused"]
    after = "encrypted" if direction == "encrypt" else "plain"
    with _open(path, after) as s:
        assert [r["note"] for r in s.rows("mood")] == ["kept"]


# -- the command line while another process holds the journal ---------------------------------
HOLDER = """
import os, sys
from dashboard.store import Store
store = Store(sys.argv[1], passphrase=os.environ.get("HOLD_PASS") or None)
print("ready", flush=True)
sys.stdin.read()
store.close()
"""


@contextmanager
def held(path: Path, mode: str) -> Iterator[None]:
    """Another process (as the app would) keeps the journal open for the block."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    if mode == "encrypted":
        env["HOLD_PASS"] = PASS
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=path.parent,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)


@pytest.fixture
def cli_journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.duckdb"
    with Store(path) as s:
        s.add("mood", MOOD)
        s.backup(tmp_path / "old.duckdb")
    (tmp_path / "in.json").write_text(
        json.dumps({"format": "tideline/1", "mood": [{"at": "2026-01-06T09:00", "mood": 4}]}),
        encoding="utf-8",
    )
    return path


# Each command, and the file it would write (None: it writes only into the journal).
COMMANDS: list[tuple[list[str], str | None]] = [
    (["export", "{out}/out.json"], "out.json"),
    (["export", "{out}/out.zip", "--format", "csv"], "out.zip"),
    (["snapshot", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "{out}/s.html"], "s.html"),
    (["backup", "{out}/b.duckdb"], "b.duckdb"),
    (["backup"], None),
    (["import", "{out}/in.json"], None),
    (["import", "{out}/in.json", "--dry-run"], None),
    (["restore", "{out}/old.duckdb"], None),
    (["demo", "--force"], None),
    (["metrics"], None),
    (["guidance"], None),
    (["encrypt"], None),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("argv", "output"), COMMANDS, ids=[" ".join(a[:3]) for a, _ in COMMANDS])
def test_every_command_refuses_in_one_line_and_writes_nothing(
    cli_journal: Path,
    mode: str,
    argv: list[str],
    output: str | None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = cli_journal.parent
    if mode == "encrypted":
        if argv == ["encrypt"]:
            pytest.skip("an encrypted journal is refused by encrypt before it is opened")
        vault.encrypt(cli_journal, PASS)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    monkeypatch.setenv("TIDELINE_NEW_PASSPHRASE", PASS)
    before = sorted(p.name for p in folder.rglob("*"))
    with held(cli_journal, mode):
        code = cli.main(["--db", str(cli_journal), *(a.format(out=folder) for a in argv)])
    captured = capsys.readouterr()
    assert code == 1, captured
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith(f"tideline: error: {IN_USE}")
    # Nothing new beside the journal: no output file, no backup, no temporary file.
    assert sorted(p.name for p in folder.rglob("*")) == before
    if output:
        assert not (folder / output).exists()
    with _open(cli_journal, mode) as s:
        assert [r["note"] for r in s.rows("mood")] == ["kept"]


def _conflict(*args: object, **kwargs: object) -> None:
    raise duckdb.TransactionException(
        'TransactionContext Error: Catalog write-write conflict on create with "exports"'
    )


@pytest.mark.parametrize(
    ("argv", "output", "patch"),
    [
        (["export", "{out}/out.json"], "out.json", (dataops, "record_export")),
        (
            ["snapshot", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "{out}/s.pdf"],
            "s.pdf",
            (snapshot_mod, "record"),
        ),
    ],
    ids=["export", "snapshot"],
)
def test_a_duckdb_error_after_the_file_is_built_leaves_no_file_and_one_line(
    cli_journal: Path,
    argv: list[str],
    output: str,
    patch: tuple[object, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = cli_journal.parent
    monkeypatch.setattr(*patch, _conflict)
    before = sorted(p.name for p in folder.iterdir())
    code = cli.main(["--db", str(cli_journal), *(a.format(out=folder) for a in argv)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("tideline: error: ")
    assert "write-write conflict" in captured.err
    assert not (folder / output).exists()
    assert sorted(p.name for p in folder.iterdir()) == before
