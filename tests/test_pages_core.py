"""AppTests of the welcome, Today, Log, No contact and Mood pages through dashboard/app.py."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR, vault
from dashboard.metrics import lead_with
from dashboard.metrics import today as tracking_today
from dashboard.store import Store
from dashboard.ui import reads, session

APP = str(PROJECT_DIR / "dashboard" / "app.py")
PAGES = ("pages/today.py", "pages/log.py", "pages/no_contact.py", "pages/mood.py")


@pytest.fixture
def journal(demo_journal: Path) -> Path:
    """A fresh, empty own journal; the demo story is the module's (tests/conftest.py)."""
    return demo_journal


def start(choice: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if choice:
        at.session_state[session.CHOICE_KEY] = choice
    return at.run()


def charts(at: AppTest) -> list[dict]:
    """The Vega-Lite specs of the charts on the page."""
    return [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]


def caption_texts(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def titles(at: AppTest) -> list[str]:
    return [spec["title"]["text"] for spec in charts(at)]


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def rows(path: Path, table: str) -> list[dict]:
    # The app holds the file open in this process; DuckDB shares that database instance.
    with Store(path) as s:
        return s.rows(table)


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def visit(at: AppTest, page: str) -> AppTest:
    """Switch to pages/<page>.py, run it and check that it ran without an exception."""
    at.switch_page(f"pages/{page}.py").run()
    assert_fine(at)
    return at


# -- first run -------------------------------------------------------------------------------
def test_first_run_offers_demo_or_own_journal(journal: Path) -> None:
    at = start()
    assert_fine(at)
    assert at.title[0].value.startswith("Welcome to Tideline")
    button(at, "Start my own journal").click().run()
    assert_fine(at)
    assert at.title[0].value == "Today"
    assert "your own journal" in at.sidebar.markdown[0].value
    assert any(b.label == "Start no contact today" for b in at.button)


def test_first_run_demo_builds_the_demo_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIDELINE_DB", str(tmp_path / "journal.duckdb"))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(tmp_path / "demo.duckdb"))
    at = start()
    button(at, "Explore the demo story").click().run()
    assert_fine(at)
    assert "the demo story" in at.sidebar.markdown[0].value
    assert len(rows(tmp_path / "demo.duckdb", "mood")) > 50
    assert rows(tmp_path / "journal.duckdb", "mood") == []
    # And back to the (empty) journal from the sidebar, without the welcome page.
    button(at, "Open my own journal").click().run()
    assert_fine(at)
    assert at.title[0].value == "Today"
    assert "your own journal" in at.sidebar.markdown[0].value


# -- every page, demo and empty ----------------------------------------------------------------
def test_pages_on_the_demo_story(journal: Path) -> None:
    at = start(session.DEMO)
    assert_fine(at)
    labels = [m.label for m in at.metric]
    assert "Strength" in labels and "Longest run" in labels
    assert len(at.table) == 1  # the latest entries, as a plain table
    assert len(at.table[0].value) == 8

    visit(at, "log")
    assert [t.label for t in at.tabs] == ["Mood", "Contact", "Urge", "Milestone"]
    assert "Recent mood entries (20)" in [e.label for e in at.expander]

    visit(at, "no_contact")
    assert titles(at) == [
        "Your no-contact calendar",
        "Your break-free runs",
        "Urges resisted and breaks per week",
    ]
    captions = caption_texts(at)
    assert any(c.startswith("Of your ") and "no-contact days here" in c for c in captions)
    assert any(c.startswith("Your longest break-free run here was") for c in captions)

    visit(at, "mood")
    assert titles(at) == [
        "Mood over time",
        "Mood by weekday",
        "Emotions you named",
        "What your days held",
    ]
    captions = caption_texts(at)
    assert any(c.startswith("Your mood averaged") for c in captions)
    assert any(c.startswith("On days with ") for c in captions)


def test_pages_on_an_empty_journal(journal: Path) -> None:
    at = start(session.JOURNAL)
    assert_fine(at)
    assert at.title[0].value == "Today"
    assert any("Your entries will show up here" in i.value for i in at.info)

    visit(at, "log")
    assert "Recent mood entries (0)" in [e.label for e in at.expander]

    visit(at, "no_contact")
    assert charts(at) == []
    assert any("no no-contact days in this period" in i.value for i in at.info)

    visit(at, "mood")
    assert charts(at) == []
    assert any("No mood entries in this period yet" in i.value for i in at.info)


def test_sparse_mood_explains_instead_of_empty_charts(journal: Path) -> None:
    with Store(journal) as s:
        s.add("mood", {"at": dt.datetime.now() - dt.timedelta(hours=1), "mood": 6})
    at = start(session.JOURNAL)
    visit(at, "mood")
    # One entry: the trend draws; weekdays, emotions and activities explain what they need.
    assert titles(at) == ["Mood over time"]
    assert len(at.info) == 3


# -- Today -----------------------------------------------------------------------------------
def test_start_no_contact_today(journal: Path) -> None:
    at = start(session.JOURNAL)
    button(at, "Start no contact today").click().run()
    assert_fine(at)
    assert [(m["kind"], m["on"]) for m in rows(journal, "milestones")] == [
        ("no_contact_start", tracking_today(4))
    ]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Current run"] == "1 day"
    assert not any(b.label == "Start no contact today" for b in at.button)


def test_after_a_slip_today_leads_with_strength_not_day_zero(journal: Path) -> None:
    day = tracking_today(4)
    with Store(journal) as s:
        s.add("milestones", {"on": day - dt.timedelta(days=10), "kind": "no_contact_start"})
        # A text today: the current run is 0 after ten clean days.
        s.add(
            "contacts",
            {"at": dt.datetime.combine(day, dt.time(12)), "initiator": "me", "channel": "text"},
        )
    at = start(session.JOURNAL)
    assert_fine(at)
    # The quick mood comes first; the no-contact part then leads with strength, not day 0.
    assert [h.value for h in at.subheader][:2] == ["How are you feeling?", "You are still in this"]
    metrics = {m.label: m.value for m in at.metric}
    assert "Current run" not in metrics
    assert metrics["Longest run"] == "10 days"
    assert metrics["Strength"].endswith("%")
    assert not any("day 0" in m.value.lower() for m in at.markdown)


def test_today_lead() -> None:
    base = {"active": True, "breaks": 1, "longest_streak_days": 12}
    assert lead_with({"active": False}) == "inactive"
    assert lead_with({**base, "current_streak_days": 0}) == "strength"
    assert lead_with({**base, "current_streak_days": 3}) == "strength"  # short, after a slip
    assert lead_with({**base, "current_streak_days": 4}) == "streak"
    assert lead_with({**base, "breaks": 0, "current_streak_days": 2}) == "streak"


# -- Log -------------------------------------------------------------------------------------
def test_log_saves_a_mood(journal: Path) -> None:
    at = start(session.JOURNAL)
    at.switch_page("pages/log.py").run()
    at.select_slider(key="new_mood_0_mood").set_value(7)
    at.multiselect(key="new_mood_0_emotions").set_value(["hopeful"])
    at.multiselect(key="new_mood_0_activities").set_value(["exercise"])
    button(at, "Save mood").click().run()
    assert_fine(at)
    saved = rows(journal, "mood")
    assert [(m["mood"], list(m["emotions"]), list(m["activities"])) for m in saved] == [
        (7, ["hopeful"], ["exercise"])
    ]
    assert bool(saved[0]["private"]) is True  # private unless the user unticks it
    assert saved[0]["urge"] is None  # the urge rating was left untouched: not rated, not 0
    assert any("Saved your mood" in s.value for s in at.success)
    # The form is fresh again (a new key), ready for the next entry.
    assert at.select_slider(key="new_mood_1_mood").value == 5


def test_log_stamps_an_untouched_entry_with_the_moment_it_is_saved(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page was opened at `opened` and the form left alone for two and a half hours: the
    # entry happened when it is saved, not when the page was opened.
    opened = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    saved_at = opened + dt.timedelta(hours=2, minutes=30)
    monkeypatch.setattr(reads, "now", lambda: opened)
    at = start(session.JOURNAL)
    at.switch_page("pages/log.py").run()
    assert at.time_input(key="new_mood_0_time").value == opened.time()
    monkeypatch.setattr(reads, "now", lambda: saved_at)
    button(at, "Save mood").click().run()
    assert_fine(at)
    assert [m["at"] for m in rows(journal, "mood")] == [saved_at]

    # A date and time the person picked are kept as picked; an urge of 0 is a rating.
    picked = saved_at - dt.timedelta(minutes=40)
    at.date_input(key="new_mood_1_date").set_value(picked.date())
    at.time_input(key="new_mood_1_time").set_value(picked.time())
    at.select_slider(key="new_mood_1_urge").set_value(0)
    button(at, "Save mood").click().run()
    assert_fine(at)
    latest = max(rows(journal, "mood"), key=lambda m: m["id"])
    assert (latest["at"], latest["urge"]) == (picked, 0)


def test_log_refuses_an_invalid_entry_and_saves_nothing(journal: Path) -> None:
    at = start(session.JOURNAL)
    at.switch_page("pages/log.py").run()
    at.date_input(key="new_mood_0_date").set_value(dt.date.today() + dt.timedelta(days=10))
    button(at, "Save mood").click().run()
    assert_fine(at)
    assert any("more than a day in the future" in e.value for e in at.error)
    assert rows(journal, "mood") == []
    # The form keeps what was typed so it can be fixed.
    assert at.select_slider(key="new_mood_0_mood").value == 5


def test_log_contact_urge_and_milestone(journal: Path) -> None:
    at = start(session.JOURNAL)
    at.switch_page("pages/log.py").run()
    at.radio(key="new_contacts_0_response").set_value("No")
    at.checkbox(key="new_contacts_0_influence").check()
    at.text_input(key="new_contacts_0_trigger").input("Loneliness")
    button(at, "Save contact").click().run()
    at.radio(key="new_urges_0_outcome").set_value("peeked")
    at.text_area(key="new_urges_0_note").input("I miss you (not sent)")
    button(at, "Save urge").click().run()
    at.selectbox(key="new_milestones_0_kind").set_value("breakup")
    button(at, "Save milestone").click().run()
    assert_fine(at)
    contact = rows(journal, "contacts")[0]
    assert (contact["initiator"], contact["got_response"], contact["trigger"]) == (
        "me",
        False,
        "loneliness",
    )
    assert bool(contact["under_influence"]) is True
    urge = rows(journal, "urges")[0]
    assert (urge["outcome"], urge["note"]) == ("peeked", "I miss you (not sent)")
    assert [m["kind"] for m in rows(journal, "milestones")] == ["breakup"]


def test_log_edit_and_delete_with_confirmation(journal: Path) -> None:
    with Store(journal) as s:
        row_id = s.add("mood", {"at": dt.datetime.now() - dt.timedelta(hours=2), "mood": 3})
    at = start(session.JOURNAL)
    at.session_state["recent_mood"] = True  # the recent list opened (folded, it has no forms)
    at.switch_page("pages/log.py").run()
    at.select_slider(key=f"edit_mood_{row_id}_mood").set_value(4)
    button(at, "Save changes").click().run()
    assert_fine(at)
    assert [m["mood"] for m in rows(journal, "mood")] == [4]
    # It was saved without an urge rating; editing the mood does not invent one.
    assert rows(journal, "mood")[0]["urge"] is None

    button(at, "Delete this entry…").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    assert len(rows(journal, "mood")) == 1  # asking first deletes nothing
    button(at, "Keep it").click().run()
    assert len(rows(journal, "mood")) == 1
    button(at, "Delete this entry…").click().run()
    button(at, "Yes, delete it").click().run()
    assert_fine(at)
    assert rows(journal, "mood") == []
    assert any("Deleted" in s.value for s in at.success)


def mood_picker(at: AppTest):
    """The recent mood list's picker (its key changes with the labels it lists)."""
    return next(s for s in at.selectbox if s.label == "Pick a mood entry to change or delete")


def test_log_recent_list_opens_on_the_entry_just_saved(journal: Path) -> None:
    with Store(journal) as s:
        older = s.add("mood", {"at": dt.datetime.now() - dt.timedelta(hours=5), "mood": 2})
        newer = s.add("mood", {"at": dt.datetime.now() - dt.timedelta(hours=3), "mood": 6})
    at = start(session.JOURNAL)
    at.session_state["recent_mood"] = True
    at.switch_page("pages/log.py").run()
    assert mood_picker(at).value == newer
    mood_picker(at).set_value(older).run()
    assert mood_picker(at).value == older
    # Editing keeps the picked entry in the list...
    at.select_slider(key=f"edit_mood_{older}_mood").set_value(3)
    button(at, "Save changes").click().run()
    assert mood_picker(at).value == older
    # ...a new entry moves the list to it (the newest, the one just saved).
    at.select_slider(key="new_mood_0_mood").set_value(9)
    button(at, "Save mood").click().run()
    assert_fine(at)
    latest = max(r["id"] for r in rows(journal, "mood"))
    assert latest not in (older, newer)
    assert mood_picker(at).value == latest


# -- sidebar ---------------------------------------------------------------------------------
def test_period_filter_follows_the_user_across_pages(journal: Path) -> None:
    at = start(session.DEMO)
    at.switch_page("pages/mood.py").run()
    assert at.caption[0].value.startswith("Entries up to ")
    at.sidebar.radio[0].set_value("Last 30 days").run()
    assert_fine(at)
    until = tracking_today(4)
    since = until - dt.timedelta(days=29)
    assert at.caption[0].value == (
        f"Entries from {since.day} {since:%b %Y} to {until.day} {until:%b %Y}."
    )
    visit(at, "no_contact")
    assert at.sidebar.radio[0].value == "Last 30 days"
    assert at.caption[0].value.startswith("Days from ")
    # The calendar carries exactly the 30 days of the period.
    calendar = at.get("vega_lite_chart")[0]
    assert arrow_rows(calendar.proto.datasets[0].data.data) == 30


def arrow_rows(data: bytes) -> int:
    return pa.ipc.open_stream(data).read_all().num_rows


def test_custom_period(journal: Path) -> None:
    at = start(session.DEMO)
    at.switch_page("pages/mood.py").run()
    at.sidebar.radio[0].set_value("Custom").run()
    until = tracking_today(4)
    since = until - dt.timedelta(days=13)
    at.sidebar.date_input[0].set_value((since, until)).run()
    assert_fine(at)
    assert at.caption[0].value == (
        f"Entries from {since.day} {since:%b %Y} to {until.day} {until:%b %Y}."
    )
    # The daily mood chart carries at most the 14 days of the period.
    assert 1 <= arrow_rows(at.get("vega_lite_chart")[0].proto.datasets[0].data.data) <= 14


def test_a_database_in_use_gets_a_friendly_message(journal: Path) -> None:
    Store(journal).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True);"
            " time.sleep(60)",
            str(journal),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        at = start()
        assert_fine(at)
        assert any("in use by another Tideline process" in e.value for e in at.error)
    finally:
        holder.kill()
        holder.wait()


def test_today_latest_entries_in_words(journal: Path) -> None:
    with Store(journal) as s:
        s.add("milestones", {"on": dt.date(2026, 1, 2), "kind": "breakup", "title": "the end"})
        s.add("mood", {"at": dt.datetime(2026, 1, 5, 21, 30), "mood": 3})
        s.add("mood", {"at": dt.datetime(2026, 1, 5, 21, 30), "mood": 8})
        s.add(
            "contacts",
            {"at": dt.datetime(2026, 1, 4, 9, 5), "initiator": "them", "channel": "in_person"},
        )
        s.add("urges", {"at": dt.datetime(2026, 1, 3, 23, 0), "intensity": 7, "outcome": "peeked"})
    at = start(session.JOURNAL)
    assert_fine(at)
    table = at.table[0].value
    assert list(table.columns) == ["When", "Kind", "What"]
    # Newest first; the two moods of 21:30 with the one saved last on top; a milestone has a
    # date and no time. 5 Jan 2026 is a Monday.
    assert table.values.tolist() == [
        ["Mon 5 Jan, 21:30", "Mood", "Mood 8/10"],
        ["Mon 5 Jan, 21:30", "Mood", "Mood 3/10"],
        ["Sun 4 Jan, 09:05", "Contact", "They reached out (in person)"],
        ["Sat 3 Jan, 23:00", "Urge", "Urge 7/10, peeked"],
        ["Fri 2 Jan", "Milestone", "Breakup: the end"],
    ]


def test_the_sidebar_says_where_the_period_does_not_apply(journal: Path) -> None:
    at = start(session.JOURNAL)
    at.switch_page("pages/mood.py").run()
    assert [r.label for r in at.sidebar.radio] == ["Period"]
    for page, words in [
        ("pages/snapshot.py", "a snapshot chooses its own period"),
        ("pages/data.py", "whole journal"),
        ("pages/guidance.py", "whole story"),
        ("pages/log.py", "new entries take any date"),
    ]:
        at.switch_page(page).run()
        assert_fine(at)
        assert not at.sidebar.radio, page
        assert any(words in c.value for c in at.sidebar.caption), page


def test_a_bare_expression_is_never_written_to_a_page() -> None:
    # Streamlit's "magic" would write a stray bare expression (a note held in a variable) onto
    # the page; the project's config turns it off for every page and for `tideline serve`.
    at = AppTest.from_string("note = 'a private note'\nnote\n'a bare string'\n").run()
    assert not at.exception
    assert [m.value for m in at.markdown] == []
    assert at.get("text") == [] and at.get("json") == []
    command = vault.serve_command()
    assert command[command.index("--runner.magicEnabled") + 1] == "false"
