"""AppTests: the Patterns and Cycles pages on the demo story, an empty journal, one breakup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PACKAGE_DIR, ui
from dashboard.demo import demo_payload
from dashboard.interchange import import_payload
from dashboard.metrics import today
from dashboard.store import Store

APP = PACKAGE_DIR / "app.py"
PAGES = ("patterns", "cycles")


def _registered(page: str) -> bool:
    """Whether app.py's navigation lists the page (the lead adds it; until then, run directly)."""
    return f"pages/{page}.py" in APP.read_text(encoding="utf-8")


def run_page(page: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Open `db` as the journal and run the page, through app.py when the page is registered."""
    monkeypatch.setenv("TIDELINE_DB", str(db))
    if _registered(page):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.session_state[ui.CHOICE_KEY] = ui.JOURNAL
        at.run()
        at.switch_page(f"pages/{page}.py")
    else:
        at = AppTest.from_file(str(PACKAGE_DIR / "pages" / f"{page}.py"), default_timeout=30)
        at.session_state[ui.CHOICE_KEY] = ui.JOURNAL
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.title, *at.header)]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as s:
        import_payload(s, demo_payload(end=today(4)))
    return path


@pytest.fixture
def one_breakup(make_store: Callable[..., Store]) -> Path:
    """Ten days ago a breakup, no contact from the next day, one late-night break since."""
    d0 = today(4) - dt.timedelta(days=10)
    s = make_store(
        name="one_breakup",
        milestones=[
            {"on": d0, "kind": "breakup", "title": "It ended"},
            {"on": d0 + dt.timedelta(days=1), "kind": "no_contact_start", "title": ""},
        ],
        contacts=[
            {
                "at": dt.datetime.combine(d0 + dt.timedelta(days=4), dt.time(23, 30)),
                "initiator": "me",
                "channel": "text",
                "got_response": False,
                "trigger": "loneliness",
            }
        ],
        mood=[
            {"at": dt.datetime.combine(d0 + dt.timedelta(days=4), dt.time(21, 0)), "mood": 3},
            {"at": dt.datetime.combine(d0 + dt.timedelta(days=5), dt.time(9, 0)), "mood": 4},
        ],
        urges=[
            {
                "at": dt.datetime.combine(d0 + dt.timedelta(days=6), dt.time(22, 0)),
                "intensity": 6,
                "outcome": "resisted",
                "trigger": "loneliness",
            }
        ],
    )
    path = s.path
    s.close()
    return path


def test_patterns_on_demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("patterns", demo_db, monkeypatch)
    text = _text(at)
    # The demo's slips cluster on weekend nights: the risk window is named in words.
    assert "of your breaks (" in text
    assert {m.label for m in at.metric} >= {
        "Late at night",
        "Under the influence",
        "Got a reply",
        "Longest unanswered run",
        "Double-texting runs",
    }
    assert "In the 24 hours before a break" in text
    assert "times an urge came" in text


def test_cycles_on_demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("cycles", demo_db, monkeypatch)
    text = _text(at)
    # The demo story has two breakups and one reunion: the full page, with the period table.
    assert "2 breakups and 1 reunion" in text
    assert len(at.dataframe) == 1
    assert list(at.dataframe[0].value["Period"]) == ["Apart", "Together", "Apart"]
    assert "In the 14 days before your 2 breakups" in text


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_empty_journal(page: str, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db_path).close()
    at = run_page(page, db_path, monkeypatch)
    assert len(at.info) == 1
    assert "yet" in at.info[0].value


def test_patterns_with_one_breakup(one_breakup: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("patterns", one_breakup, monkeypatch)
    text = _text(at)
    # One break is too few for a risk window; the page says so instead of over-reading it.
    assert "With 1 break so far there is no pattern yet" in text
    metrics = {m.label: m.value for m in at.metric}
    # The one break was at 23:30, not under the influence, marked unanswered.
    assert metrics["Late at night"] == "100%"
    assert metrics["Under the influence"] == "0%"
    assert metrics["Got a reply"] == "0%"
    assert metrics["Longest unanswered run"] == "1"
    assert metrics["Double-texting runs"] == "0"


def test_cycles_with_one_breakup(one_breakup: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("cycles", one_breakup, monkeypatch)
    assert "one breakup is logged" in at.info[0].value
    # The milestones alone: their chart's caption, no period table.
    assert any("2 milestones over 1 day" in c.value for c in at.caption)
    assert len(at.dataframe) == 0
