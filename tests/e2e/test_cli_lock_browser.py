"""End to end: the command line while the app is open loses nothing (issue 11, point 3).

The real `streamlit run` server holds a journal that a Chromium session has written to (moods
saved on the Log page, a backup from the Data page). Every `tideline` command is then run as a
subprocess on the same journal: each either works without losing anything, or exits 1 with
one line saying the journal is open in Tideline and writes no file. The browser saves more;
then both stop, and every row acknowledged on either side ("Saved" in the browser, "added N"
on the command line) must be in the file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dashboard import PROJECT_DIR
from dashboard.store import Store

pytestmark = pytest.mark.e2e

IN_USE = "tideline: error: the journal is open in Tideline; close the app or use the Data page"
PASS = "tide and shore"
# Twenty moods for `tideline import`, each with its own note.
IMPORTED = [
    {"at": f"2025-11-{day:02d}T09:00", "mood": day % 10 + 1, "note": f"cli-{day}"}
    for day in range(1, 21)
]


# Another process tries to open the journal (and writes nothing when it is refused).
PROBE = """
import sys
from dashboard.store import Store, StoreInUse
try:
    Store(sys.argv[1]).close()
except StoreInUse:
    print("refused")
else:
    print("opened")
"""


def tideline(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIDELINE_PASSPHRASE": PASS, "TIDELINE_NEW_PASSPHRASE": PASS}
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def save_mood(page: Any, steps: int, note: str, wait_idle: Any) -> None:
    """Log a mood of 5 + steps with a note and see the app say it was saved."""
    from playwright.sync_api import expect

    wait_idle(page)
    panel = page.get_by_role("tabpanel", name="Mood")
    slider = panel.get_by_role("slider", name="How are you feeling?").first
    slider.focus()
    for _ in range(abs(steps)):
        slider.press("ArrowRight" if steps > 0 else "ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", re.compile(rf"^{5 + steps}\b"))
    field = panel.get_by_label("Note (optional)").first
    # The optional fields may be folded away; the new form after a save may keep the fold
    # open, so it is opened only when it is closed.
    fold = panel.locator("details").filter(has_text="More details (optional)")
    if fold.count() and fold.first.get_attribute("open") is None:
        fold.first.locator("summary").first.click()
    expect(field).to_be_editable()
    field.fill(note)
    expect(field).to_have_value(note)
    panel.get_by_role("button", name="Save mood").click()
    expect(page.get_by_text(re.compile(r"^Saved your mood"))).to_be_visible()
    wait_idle(page)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_commands_beside_a_running_app_lose_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    browser: Any,
    new_page: Any,
    wait_idle: Any,
    go_to: Any,
    after_run: Any,
    serve_app: Any,
) -> None:
    from playwright.sync_api import expect

    workdir = tmp_path_factory.mktemp("cli_lock")
    journal = workdir / "journal.duckdb"
    out = workdir / "out"
    out.mkdir()
    (out / "in.json").write_text(
        json.dumps({"format": "tideline/1", "mood": IMPORTED}), encoding="utf-8"
    )
    # What each side was told was saved: note -> mood.
    acknowledged: dict[str, int] = {}

    with serve_app(journal, workdir) as url:
        page = new_page(browser)
        try:
            page.goto(url)
            wait_idle(page)
            welcome = page.get_by_role("button", name="Start my own journal")
            expect(welcome).to_be_visible(timeout=30_000)
            after_run(page, welcome.click)
            go_to(page, "Log")
            for steps, note in ((2, "browser-1"), (-2, "browser-2"), (4, "browser-3")):
                save_mood(page, steps, note, wait_idle)
                acknowledged[note] = 5 + steps

            # A backup from the Data page, to restore from the command line below.
            go_to(page, "Data")
            page.get_by_role("tab", name="Export & backup").click()
            after_run(page, page.get_by_role("button", name="Back up now").click)
            expect(page.get_by_text(re.compile(r"^Backed up to "))).to_be_visible()
            backups = list((workdir / "backups").glob("journal-*.duckdb"))
            assert len(backups) == 1

            commands = [
                (["import", str(out / "in.json")], None),
                (["import", str(out / "in.json"), "--dry-run"], None),
                (["restore", str(backups[0])], None),
                (["export", str(out / "all.json")], out / "all.json"),
                (["export", str(out / "all.zip"), "--format", "csv"], out / "all.zip"),
                (
                    ["snapshot", "--from", "2025-11-01", "--to", "2025-12-31"]
                    + ["--out", str(out / "snap.html")],
                    out / "snap.html",
                ),
                (
                    ["snapshot", "--from", "2025-11-01", "--to", "2025-12-31"]
                    + ["--out", str(out / "snap.pdf")],
                    out / "snap.pdf",
                ),
                (["backup", str(out / "copy.duckdb")], out / "copy.duckdb"),
                (["backup"], None),
                (["metrics", "--json"], None),
                (["guidance"], None),
                (["demo", "--force"], None),
                (["encrypt"], None),
            ]
            # The app keeps its lock on the journal it has written to: another process (here
            # a bare Store, as every command opens one) cannot open it.
            probe = subprocess.run(
                [sys.executable, "-c", PROBE, str(journal)],
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert probe.stdout.strip() == "refused", probe.stdout + probe.stderr

            for argv, output in commands:
                before = listing(out) + listing(workdir / "backups")
                done = tideline(journal, *argv)
                what = f"tideline {' '.join(argv)}: {done.stderr or done.stdout}"
                assert "Traceback" not in done.stderr, what
                assert done.returncode in (0, 1), what
                if done.returncode == 1:
                    # One line, the one that says why; and nothing written anywhere.
                    assert done.stderr.count("\n") == 1, what
                    assert done.stderr.startswith(IN_USE), what
                    assert listing(out) + listing(workdir / "backups") == before, what
                    assert output is None or not output.exists(), what
                elif argv[0] == "import" and "--dry-run" not in argv:
                    assert "added 20 mood" in done.stdout, what
                    acknowledged.update({r["note"]: r["mood"] for r in IMPORTED})
                elif output is not None:
                    assert output.stat().st_size > 0, what

            # The app itself goes on saving as before.
            go_to(page, "Log")
            for steps, note in ((1, "browser-4"), (-3, "browser-5")):
                save_mood(page, steps, note, wait_idle)
                acknowledged[note] = 5 + steps
        finally:
            page.context.close()

    # Both have stopped: every row either side acknowledged is in the file, as it was saved.
    with Store(journal) as s:
        kept = {r["note"]: r["mood"] for r in s.rows("mood")}
    assert {note: kept.get(note) for note in acknowledged} == acknowledged
    assert len(acknowledged) >= 5
