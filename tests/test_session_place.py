"""AppTests: which journal is open, and that the welcome was passed, survive a reload.

A reload is a new session: a new AppTest given the address (query parameters) the last one
ended with. AppTest reruns a page of the pages/ folder without the entry point, so that a
sidebar link (which clears the address's query) gets the word back from app.py is checked in
the browser (tests/e2e/test_reload_browser.py); here the choices write it themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR
from dashboard.store import Store
from dashboard.ui import session

APP = str(PROJECT_DIR / "dashboard" / "app.py")
WELCOME = "Welcome to Tideline 🌊"


@pytest.fixture
def journal(demo_journal: Path) -> Path:
    """A fresh, empty own journal; the demo story is the module's (tests/conftest.py)."""
    return demo_journal


@pytest.fixture
def no_demo_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty own journal and a demo story not built yet; returns the demo's path."""
    monkeypatch.setenv("TIDELINE_DB", str(tmp_path / "journal.duckdb"))
    demo = tmp_path / "demo.duckdb"
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(demo))
    return demo


def open_app(address: dict | None = None, choice: str | None = None) -> AppTest:
    """A new session on this address (what a reload or a typed address gives)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(address or {})
    if choice:
        at.session_state[session.CHOICE_KEY] = choice
    return at.run()


def reload(at: AppTest) -> AppTest:
    """The same address in a new session."""
    return open_app(dict(at.query_params))


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def title(at: AppTest) -> str:
    assert not at.exception, [e.value for e in at.exception]
    return at.title[0].value


def open_label(at: AppTest) -> str:
    """The sidebar's first line: '**Open:** <which journal>'."""
    return at.sidebar.markdown[0].value


def test_the_demo_in_the_address_opens_the_demo_story(no_demo_yet: Path) -> None:
    at = open_app({"journal": "demo"})
    assert title(at) == "Today"
    assert open_label(at) == "**Open:** the demo story"
    # The demo's file did not exist: opening it from the address builds it, as the welcome does.
    with Store(no_demo_yet) as s:
        assert len(s.rows("mood")) > 50
    assert at.query_params == {"journal": "demo"}


def test_the_own_journal_in_the_address_skips_the_welcome(journal: Path) -> None:
    at = open_app({"journal": "own"})
    # The journal is still empty, yet the welcome was passed: Today, not the welcome again.
    assert title(at) == "Today"
    assert open_label(at) == "**Open:** your own journal"
    assert "Start my own journal" not in [b.label for b in at.button]


def test_starting_an_empty_journal_survives_a_reload(journal: Path) -> None:
    at = open_app()
    assert title(at) == WELCOME
    assert at.query_params == {}
    button(at, "Start my own journal").click().run()
    assert title(at) == "Today"
    assert at.query_params == {"journal": "own"}

    again = reload(at)
    assert title(again) == "Today"
    assert open_label(again) == "**Open:** your own journal"
    assert "Start my own journal" not in [b.label for b in again.button]


def test_the_demo_story_survives_a_reload(journal: Path) -> None:
    at = open_app()
    button(at, "Explore the demo story").click().run()
    assert at.query_params == {"journal": "demo"}

    again = reload(at)
    assert title(again) == "Today"
    assert open_label(again) == "**Open:** the demo story"

    # Switching back from the sidebar rewrites the address, so the next reload follows.
    button(again, "Open my own journal").click().run()
    assert again.query_params == {"journal": "own"}
    assert open_label(reload(again)) == "**Open:** your own journal"


@pytest.mark.parametrize(
    "word",
    ["../../etc/passwd", "/home/someone/tideline.duckdb", "DEMO", "journal", "", ["demo", "own"]],
)
def test_other_words_in_the_address_are_ignored(no_demo_yet: Path, word: str | list[str]) -> None:
    at = open_app({"journal": word})
    # An empty journal and no valid choice: the welcome, as on a first visit.
    assert title(at) == WELCOME
    # The word is taken out of the address, and nothing was opened or built for it.
    assert "journal" not in at.query_params
    assert not no_demo_yet.exists()


def test_other_words_leave_a_journal_with_entries_open(
    monkeypatch: pytest.MonkeyPatch, demo_db: Path
) -> None:
    # The own journal here holds the demo story's entries: no welcome, the own journal opens.
    monkeypatch.setenv("TIDELINE_DB", str(demo_db))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(demo_db.with_name("unused.duckdb")))
    at = open_app({"journal": "C:\\Users\\me\\journal.duckdb"})
    assert title(at) == "Today"
    assert open_label(at) == "**Open:** your own journal"
    assert at.query_params == {}


def test_other_parameters_in_the_address_are_left_alone(journal: Path) -> None:
    at = open_app({"journal": "own", "tab": "x"})
    assert title(at) == "Today"
    assert at.query_params == {"journal": "own", "tab": "x"}


def test_the_session_choice_wins_over_an_older_address(journal: Path) -> None:
    # E.g. the browser's back button brings back the address from before a switch.
    at = open_app({"journal": "own"}, choice=session.DEMO)
    assert open_label(at) == "**Open:** the demo story"
    assert at.query_params == {"journal": "demo"}


def test_back_to_the_welcome_screen(journal: Path) -> None:
    at = open_app({"journal": "demo"})
    assert open_label(at) == "**Open:** the demo story"
    button(at, "Back to the welcome screen").click().run()
    assert title(at) == WELCOME
    assert session.CHOICE_KEY not in at.session_state
    assert "journal" not in at.query_params

    # An address left over from before (the browser's back button) does not undo it.
    at.query_params["journal"] = "demo"
    at.run()
    assert title(at) == WELCOME

    # The own journal is still empty: a reload without a word is the welcome again.
    assert title(open_app()) == WELCOME

    button(at, "Start my own journal").click().run()
    assert title(at) == "Today"
    assert open_label(at) == "**Open:** your own journal"
    assert at.query_params == {"journal": "own"}


def test_back_to_the_welcome_screen_from_a_journal_with_entries(
    monkeypatch: pytest.MonkeyPatch, demo_db: Path
) -> None:
    monkeypatch.setenv("TIDELINE_DB", str(demo_db))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(demo_db))
    at = open_app()
    assert title(at) == "Today"
    button(at, "Back to the welcome screen").click().run()
    # The welcome shows although the journal has entries: the person asked for it.
    assert title(at) == WELCOME
    button(at, "Explore the demo story").click().run()
    assert title(at) == "Today"
    assert open_label(at) == "**Open:** the demo story"
    assert at.query_params == {"journal": "demo"}
