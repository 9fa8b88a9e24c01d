"""AppTest of the Snapshot page on the demo story and on an empty journal.

Through dashboard/app.py and switch_page when the page is registered there, else the page file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR, ui
from dashboard.demo import demo_payload
from dashboard.interchange import import_payload
from dashboard.store import Store

APP = PROJECT_DIR / "dashboard" / "app.py"
PAGE = "pages/snapshot.py"
REGISTERED = PAGE in APP.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as s:
        import_payload(s, demo_payload())
    return path


def open_page(choice: str) -> AppTest:
    if REGISTERED:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.session_state[ui.CHOICE_KEY] = choice
        at.run()
        at.switch_page(PAGE)
    else:
        at = AppTest.from_file(str(PROJECT_DIR / "dashboard" / PAGE), default_timeout=60)
        at.session_state[ui.CHOICE_KEY] = choice
    at.run()
    assert not at.get("image"), "nothing is drawn before the user asks"
    prepare = [b for b in at.button if b.label == "Prepare the snapshot"]
    assert prepare, "the page offers to prepare the snapshot"
    return prepare[0].click().run()


def test_snapshot_page_on_the_demo_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Path
) -> None:
    monkeypatch.setenv("TIDELINE_DB", str(tmp_path / "journal.duckdb"))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(demo_db))
    at = open_page(ui.DEMO)
    assert not at.exception, at.exception
    assert at.title[0].value == "Snapshot for your therapist"
    toggle = at.toggle[0]
    assert toggle.label == "Include private notes" and toggle.value is False
    assert [m.label for m in at.multiselect] == ["Sections"]
    assert at.text_area[0].label == "What I want to talk about"
    # The demo story has entries in the last 4 weeks: the preview shows the charts as images.
    assert len(at.get("image")) >= 3
    assert not [i for i in at.info if "No entries in this period" in i.value]
    # Nothing shared yet.
    assert any("Nothing yet" in c.value for c in at.caption)
    # Another period and private notes on still runs.
    at.radio[0].set_value("Last 2 weeks")
    at.toggle[0].set_value(True)
    at.run()
    assert not at.exception, at.exception
    # Downloading records the export (period and options only) and lists it.
    at.get("download_button")[0].click().run()
    assert not at.exception, at.exception
    shared = at.dataframe[0].value
    assert list(shared["what"]) == ["Snapshot (PDF)"]
    assert list(shared["private notes"]) == ["included"]


def test_snapshot_page_on_an_empty_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Path
) -> None:
    journal = tmp_path / "journal.duckdb"
    Store(journal).close()
    monkeypatch.setenv("TIDELINE_DB", str(journal))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(demo_db))
    at = open_page(ui.JOURNAL)
    assert not at.exception, at.exception
    assert any("No entries in this period" in i.value for i in at.info)
    assert len(at.get("image")) == 0
