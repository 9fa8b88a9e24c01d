"""The app's lock screen for an encrypted journal: every browser session gives the passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR, vault
from dashboard.store import Store

APP = str(PROJECT_DIR / "dashboard" / "app.py")
SECRET = "tide and moon"


@pytest.fixture
def locked_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.duckdb"
    with Store(path) as s:
        s.add("mood", {"at": "2026-01-10T21:30", "mood": 7, "note": "a quiet evening"})
    vault.encrypt(path, SECRET)
    monkeypatch.setenv("TIDELINE_DB", str(path))
    monkeypatch.delenv("TIDELINE_PASSPHRASE", raising=False)
    return path


def texts(at: AppTest) -> str:
    return " ".join(str(m.value) for m in [*at.markdown, *at.title, *at.error, *at.caption])


def test_each_session_must_unlock_and_a_wrong_passphrase_is_refused(locked_journal):
    first = AppTest.from_file(APP, default_timeout=30).run()
    assert not first.exception
    assert "Your journal is locked" in texts(first)
    assert not first.metric  # nothing of the journal is shown

    first.text_input[0].input("not it at all")
    first.button[0].click().run()
    assert "does not unlock" in texts(first)
    assert "Your journal is locked" in texts(first)

    first.text_input[0].input(SECRET)
    first.button[0].click().run()
    assert not first.exception
    assert "Your journal is locked" not in texts(first)
    assert first.title[0].value.startswith("Today")

    # A second browser session in the same process: the journal is open in the process, but
    # this session has not given the passphrase, so it still sees the lock screen.
    second = AppTest.from_file(APP, default_timeout=30).run()
    assert "Your journal is locked" in texts(second)
    second.text_input[0].input("wrong passphrase")
    second.button[0].click().run()
    assert "does not unlock" in texts(second)
    second.text_input[0].input(SECRET)
    second.button[0].click().run()
    assert "Your journal is locked" not in texts(second)
