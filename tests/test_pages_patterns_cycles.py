"""AppTests: the Patterns and Cycles pages on the demo story, an empty journal, one breakup."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PACKAGE_DIR
from dashboard.metrics import today
from dashboard.store import Store
from dashboard.ui import session, sidebar
from tests.conftest import build_demo

APP = PACKAGE_DIR / "app.py"
PAGES = ("patterns", "cycles")


def run_page(
    page: str, db: Path, monkeypatch: pytest.MonkeyPatch, period: str | None = None
) -> AppTest:
    """Open `db` as the journal and run the page through app.py's navigation.

    `period` is the sidebar period ('Last 30 days', …); it follows the user from page to page.
    """
    monkeypatch.setenv("TIDELINE_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    if period is not None:
        at.session_state[sidebar.PERIOD_KEY] = period
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> list[tuple[dict, dict[str, pd.DataFrame]]]:
    """Each chart on the page: its Vega-Lite spec and its data sets by name."""
    out = []
    for el in at.get("vega_lite_chart"):
        datasets = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas()
            for d in el.proto.datasets
        }
        out.append((json.loads(el.proto.spec), datasets))
    return out


def units(spec: dict) -> list[dict]:
    """Every single-mark view inside layers and concatenations."""
    found = [spec] if "mark" in spec else []
    for key in ("layer", "vconcat", "hconcat"):
        for child in spec.get(key, []):
            found += units(child)
    return found


def chart_titled(at: AppTest, title: str) -> tuple[dict, dict[str, pd.DataFrame]]:
    found = [c for c in charts(at) if c[0]["title"]["text"] == title]
    assert found, f"no chart {title!r}: {[c[0]['title']['text'] for c in charts(at)]}"
    return found[0]


def _text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.title, *at.header)]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb", end=today(4))


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
    # One break is too few for a risk window or a share; the page says the count in words.
    assert "One late-night slip so far; patterns need more days." in text
    assert "riskiest" not in text and "At least half" not in text
    metrics = {m.label: m.value for m in at.metric}
    # The one break was at 23:30, not under the influence, marked unanswered: counts, no "100%".
    assert metrics["Late at night"] == "1"
    assert metrics["Under the influence"] == "0"
    assert metrics["Got a reply"] == "0"
    assert not any(v.endswith("%") for v in metrics.values())
    assert metrics["Longest unanswered run"] == "1"
    assert metrics["Double-texting runs"] == "0"


def test_cycles_with_one_breakup(one_breakup: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("cycles", one_breakup, monkeypatch)
    assert "one breakup is logged" in at.info[0].value
    # The milestones alone: their chart's caption, no period table.
    assert any("2 milestones over 1 day" in c.value for c in at.caption)
    assert len(at.dataframe) == 0


def _journal(make_store: Callable[..., Store], name: str, **tables) -> Path:
    s = make_store(name=name, **tables)
    path = s.path
    s.close()
    return path


TODAY = today(4)


def _ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def _at(days: int, hour: int) -> dt.datetime:
    """`hour` o'clock, `days` days ago."""
    return dt.datetime.combine(_ago(days), dt.time(hour, 0))


def _milestone(days: int, kind: str, title: str = "") -> dict[str, object]:
    return {"on": _ago(days), "kind": kind, "title": title}


def _text_i_sent(days: int, hour: int, got_response: bool) -> dict[str, object]:
    return {
        "at": _at(days, hour),
        "initiator": "me",
        "channel": "text",
        "got_response": got_response,
    }


@pytest.fixture
def apart_all_month(make_store: Callable[..., Store]) -> Path:
    """Broke up 200 days ago, back together 120 days ago, broke up again 49 days ago."""
    return _journal(
        make_store,
        "apart_all_month",
        milestones=[
            _milestone(200, "breakup", "First time"),
            _milestone(120, "back_together"),
            _milestone(49, "breakup", "Second time"),
        ],
        mood=[{"at": _at(3, 20), "mood": 5}],
    )


def test_cycles_last_30_days_shows_the_stretch_from_before(
    apart_all_month: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("cycles", apart_all_month, monkeypatch, period="Last 30 days")
    since = _ago(29)
    # Honest about the breakups outside the window, instead of "no breakup".
    assert at.info[0].value.startswith(
        "Only part of your cycle falls in this period: no breakup is logged in it (2 in all)."
    )
    # The band covers the whole period: apart from its first day through the end of today.
    spec, data = chart_titled(at, "Together and apart, with your mood beneath")
    bars = next(u for u in units(spec) if u["mark"]["type"] == "bar")
    band = data[bars["data"]["name"]]
    assert len(band) == 1
    assert band["period"].iloc[0] == "Apart"
    assert pd.Timestamp(band["start_on"].iloc[0]).date() == since
    assert pd.Timestamp(band["end_drawn"].iloc[0]).date() == TODAY + dt.timedelta(days=1)
    began = _ago(49)
    assert (
        "No breakup or reunion in this period; apart all through it, since "
        f"{began:%d %b %Y} (49 days)."
    ) in _text(at)
    # The period table says the stretch began before the period; 29 days of it are in view.
    table = at.dataframe[0].value
    assert list(table["Period"]) == ["Apart"]
    assert list(table["Days"]) == [29]
    assert table["Note"].iloc[0] == (
        f"began {began:%d %b %Y}, before this period; still going: days since the period began"
    )


@pytest.fixture
def nothing_logged_around(make_store: Callable[..., Store]) -> Path:
    """Two breakups and a reunion, and not one mood entry or contact."""
    return _journal(
        make_store,
        "nothing_logged_around",
        milestones=[
            _milestone(100, "breakup"),
            _milestone(60, "back_together"),
            _milestone(20, "breakup"),
        ],
    )


def test_cycles_without_mood_or_contacts_draws_no_empty_chart(
    nothing_logged_around: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("cycles", nothing_logged_around, monkeypatch)
    titles = [spec["title"]["text"] for spec, _ in charts(at)]
    # The timeline without a mood panel; no before-breakup chart of blanks.
    assert titles == ["Together and apart"]
    (spec, _) = charts(at)[0]
    assert "line" not in [u["mark"]["type"] for u in units(spec)]
    assert (
        "No mood logged in this period, so the chart shows the periods and milestones alone."
        in (_text(at))
    )
    assert any(
        i.value.startswith("Nothing was logged in the two weeks before these breakups")
        for i in at.info
    )
    assert "2 breakups and 1 reunion" in _text(at)


@pytest.fixture
def contacts_only(make_store: Callable[..., Store]) -> Path:
    """Contacts and moods, but never a no-contact period."""
    return _journal(
        make_store,
        "contacts_only",
        contacts=[_text_i_sent(5, 21, got_response=True)],
        mood=[{"at": _at(6, 20), "mood": 6}],
    )


def test_patterns_outside_no_contact_does_not_talk_of_days_held(
    contacts_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("patterns", contacts_only, monkeypatch)
    text = _text(at)
    assert "Every day you held" not in text
    assert at.info[0].value.startswith("A break is a contact you start on a no-contact day")
    # The page caption starts with a capital and keeps the month's own capital.
    assert at.caption[0].value.startswith(f"Up to {TODAY.day} {TODAY:%b %Y}. A *break*")


@pytest.fixture
def one_break_no_urges(make_store: Callable[..., Store]) -> Path:
    """No contact for 20 days with one break and no urge logged."""
    return _journal(
        make_store,
        "one_break_no_urges",
        milestones=[_milestone(20, "no_contact_start")],
        contacts=[_text_i_sent(10, 20, got_response=False)],
    )


def test_patterns_with_one_break_and_no_urges_is_said_kindly(
    one_break_no_urges: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("patterns", one_break_no_urges, monkeypatch)
    text = _text(at)
    assert "You reached out once in 1 week, and no urge is logged on no-contact days." in text
    assert "1 times" not in text and "(0%)" not in text


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("period", ["Last 30 days", "Last 90 days"])
def test_pages_on_demo_with_a_period(
    page: str, period: str, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page(page, demo_db, monkeypatch, period=period)
    assert at.sidebar.radio[0].value == period
    # Every chart keeps a title and ships well under the row cap.
    for spec, data in charts(at):
        assert spec["title"]["text"]
        assert sum(len(df) for df in data.values()) <= 5000
