"""AppTests of the Data page: demo and empty journal, upload -> preview -> import, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR
from dashboard.store import Store
from dashboard.ui import session

APP = PROJECT_DIR / "dashboard" / "app.py"
PAGE = PROJECT_DIR / "dashboard" / "pages" / "data.py"
HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
# Two entries with Daylio's own moods: good = 8 and meh = 6.
DAYLIO = (
    f"{HEADER}\n"
    "2024-05-02,May 2,Thursday,9:30 pm,good,friends,,Dinner with Sam\n"
    "2024-05-01,May 1,Wednesday,07:45,meh,,,\n"
).encode()

# Saved as Latin-1 instead of UTF-8: the "é" of "Café" cannot be read.
LATIN1 = f"{HEADER}\n2024-05-01,May 1,Wed,07:45,meh,,,Caf\xe9\n".encode("latin-1")


@pytest.fixture
def journal(demo_journal: Path) -> Path:
    """A fresh, empty own journal; the demo story is the module's (tests/conftest.py)."""
    return demo_journal


def open_page(choice: str = session.JOURNAL) -> AppTest:
    """The Data page, through app.py once the navigation lists it, else the page file itself."""
    if "pages/data.py" in APP.read_text(encoding="utf-8"):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.session_state[session.CHOICE_KEY] = choice
        at.run()
        at.switch_page("pages/data.py")
    else:
        at = AppTest.from_file(str(PAGE), default_timeout=30)
        at.session_state[session.CHOICE_KEY] = choice
    return at.run()


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def mood_rows(path: Path) -> list[tuple]:
    with Store(path) as s:
        return [
            (r["at"].isoformat(), r["mood"], r["activities"], r["note"]) for r in s.rows("mood")
        ]


def test_page_runs_on_the_empty_journal(journal: Path) -> None:
    at = open_page()
    assert_fine(at)
    assert at.title[0].value == "Data"
    assert [t.label for t in at.tabs] == [
        "Import",
        "Export & backup",
        "Reminder",
        "Settings",
        "Privacy",
    ]
    assert [d.label for d in at.get("download_button")] == [
        "Tideline JSON",
        "CSV zip",
        "Parquet zip",
        "Download the reminder (.ics)",
    ]
    assert any("No backups yet" in c.value for c in at.caption)
    assert any(str(journal.resolve()) in m.value for m in at.markdown)
    assert any("tideline encrypt" in m.value for m in at.markdown)
    assert any("tideline restore FILE" in i.value for i in at.info)
    assert [n.value for n in at.number_input] == [4, 30]  # the defaults of PRODUCT.md s.3


def test_page_runs_on_the_demo_story(journal: Path, demo_db: Path) -> None:
    at = open_page(session.DEMO)
    assert_fine(at)
    # Imports here would go into the demo, and the page says so.
    assert any("demo story" in w.value for w in at.warning)
    assert any(str(demo_db.resolve()) in m.value for m in at.markdown)


def test_upload_preview_import_then_nothing_new(journal: Path) -> None:
    at = open_page()
    at.file_uploader[0].set_value(("daylio.csv", DAYLIO, "text/csv")).run()
    assert_fine(at)
    assert at.selectbox[0].value == "daylio"
    assert any("2 entries read from 1 May 2024 to 2 May 2024" in m.value for m in at.markdown)
    assert not at.error
    assert "Import 2 entries" in labels(at)
    assert mood_rows(journal) == []  # nothing written before the click

    button(at, "Import 2 entries").click().run()
    assert_fine(at)
    assert [s.value for s in at.success] == [
        "Imported 2 mood entries from 1 May 2024 to 2 May 2024."
    ]
    # meh = 6 at 07:45 on 1 May; good = 8 at 21:30 on 2 May with its activity and note.
    assert mood_rows(journal) == [
        ("2024-05-01T07:45:00", 6, [], ""),
        ("2024-05-02T21:30:00", 8, ["friends"], "Dinner with Sam"),
    ]
    # The uploader starts empty again; the same file a second time adds nothing.
    assert at.file_uploader[0].value is None
    at.file_uploader[0].set_value(("daylio.csv", DAYLIO, "text/csv")).run()
    assert_fine(at)
    assert any("Nothing new to add" in i.value for i in at.info)
    assert not [b for b in labels(at) if b.startswith("Import")]
    assert any("2 entries already in your journal will be skipped" in c.value for c in at.caption)
    assert len(mood_rows(journal)) == 2


def test_the_mood_table_proposes_and_waits_for_the_label_it_cannot_place(journal: Path) -> None:
    # Newest first: Sick (4 May), Not so good (3 May), then good (2 May) and meh (1 May).
    data = (
        f"{HEADER}\n2024-05-04,May 4,Saturday,20:00,Sick,,,\n"
        "2024-05-03,May 3,Friday,20:00,Not so good,,,\n".encode()
        + DAYLIO.split(b"\n", 1)[1]
    )
    at = open_page()
    at.file_uploader[0].set_value(("daylio.csv", data, "text/csv")).run()
    assert_fine(at)
    # Proposed from the words (good 8, meh 6, not so good 5); Sick is left blank.
    inputs = {n.label: n for n in at.number_input if (n.key or "").startswith("mood_map_")}
    assert {label: n.value for label, n in inputs.items()} == {
        "good": 8,
        "meh": 6,
        "Not so good": 5,
        "Sick": None,
    }
    assert any("Sick" in w.value for w in at.warning)
    assert any("give 'Sick' a number from 1 to 10" in e.value for e in at.error)
    assert not [b for b in labels(at) if b.startswith("Import")]

    inputs["Sick"].set_value(3).run()
    assert_fine(at)
    assert not at.error
    assert not [w for w in at.warning if "Sick" in w.value]
    button(at, "Import 4 entries").click().run()
    assert_fine(at)
    assert [(at_, mood) for at_, mood, _, _ in mood_rows(journal)] == [
        ("2024-05-01T07:45:00", 6),
        ("2024-05-02T21:30:00", 8),
        ("2024-05-03T20:00:00", 5),
        ("2024-05-04T20:00:00", 3),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("daylio.csv", b"full_date,date,weekday,time\n2024-05-01,May 1,Wed,07:45\n", "'mood'"),
        ("latin.csv", LATIN1, "UTF-8"),
    ],
)
def test_a_bad_file_shows_an_error_and_changes_nothing(
    journal: Path, name: str, data: bytes, message: str
) -> None:
    at = open_page()
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert_fine(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and "Nothing was imported" in errors[0]
    assert not [b for b in labels(at) if b.startswith("Import")]
    assert mood_rows(journal) == []


def test_settings_save_and_an_invalid_value(journal: Path) -> None:
    at = open_page()
    at.number_input[0].set_value(13)
    button(at, "Save settings").click().run()
    assert_fine(at)
    assert [e.value for e in at.error] == [
        "Not saved: The hour your day starts must be from 0 to 12, not 13"
    ]
    with Store(journal) as s:
        assert s.settings()["day_start_hour"] == 4

    at.number_input[0].set_value(6)
    at.number_input[1].set_value(60)
    button(at, "Save settings").click().run()
    assert_fine(at)
    assert [s.value for s in at.success] == ["Saved your settings."]
    assert [n.value for n in at.number_input] == [6, 60]
    with Store(journal) as s:
        saved = s.settings()
    assert (saved["day_start_hour"], saved["no_contact_goal_days"]) == (6, 60)


def test_back_up_now_lists_the_backup(journal: Path) -> None:
    at = open_page()
    button(at, "Back up now").click().run()
    assert_fine(at)
    written = sorted((journal.parent / "backups").glob("journal-*.duckdb"))
    assert len(written) == 1
    assert [s.value for s in at.success] == [f"Backed up to {written[0]}"]
    table = at.dataframe[0].value
    assert list(table["file"]) == [written[0].name]


# An older export: no red flags, the wish to reconcile, day start 5, one mood entry.
OLDER_EXPORT = (
    b'{"format": "tideline/1", "settings": {"day_start_hour": 5, "intent": "reconcile", '
    b'"red_flags": []}, "mood": [{"at": "2026-01-10T21:30", "mood": 3}]}'
)
FLAGS_ONLY = b'{"format": "tideline/1", "settings": {"red_flags": ["contempt"]}}'


def test_import_preview_names_setting_changes_and_keeps_safety(journal: Path) -> None:
    with Store(journal) as s:
        s.save_settings({"intent": "undecided", "red_flags": ["abuse"]})
    at = open_page()
    at.file_uploader[0].set_value(("older.json", OLDER_EXPORT, "application/json")).run()
    assert_fine(at)
    assert [i.value for i in at.info if "settings" in i.value] == [
        "Importing this file also changes settings: day start 4 -> 5. Red flags from a file "
        "are only ever added to yours, never removed."
    ]
    assert any(
        "Intent stays undecided (the file says reconcile): you chose it" in c.value
        for c in at.caption
    )
    button(at, "Import 1 entry").click().run()
    assert_fine(at)
    assert [s.value for s in at.success] == [
        "Imported 1 mood entry on 10 Jan 2026. Settings changed: day start 4 -> 5. "
        "Intent stays undecided (the file says reconcile)."
    ]
    with Store(journal) as s:
        saved = s.settings()
    assert (saved["intent"], saved["red_flags"], saved["day_start_hour"]) == (
        "undecided",
        ["abuse"],
        5,
    )

    # Settings only: the page offers to apply them and says what changed.
    at.file_uploader[0].set_value(("flags.json", FLAGS_ONLY, "application/json")).run()
    assert_fine(at)
    assert any("red flags added: contempt" in i.value for i in at.info)
    button(at, "Apply these settings").click().run()
    assert_fine(at)
    assert [s.value for s in at.success] == [
        "No new entries. Settings changed: red flags added: contempt."
    ]
    # The same file again changes nothing, and the page says so.
    at.file_uploader[0].set_value(("flags.json", FLAGS_ONLY, "application/json")).run()
    assert_fine(at)
    assert any("Nothing new to add" in i.value for i in at.info)
    assert "Apply these settings" not in labels(at)
    with Store(journal) as s:
        assert s.settings()["red_flags"] == ["abuse", "contempt"]
