"""Chat histories imported for real (issue 17 points 4, 6, 7, 8): `tideline import` of each
format, who is who, privacy, idempotence and merge, and the Data page's "Which one is you?".

Every file is written here; each expected contact is worked out by hand from the rules of
docs/chat-imports.md (a gap of 6 h or more starts a conversation; a reply within 24 h of a
conversation I started is a response; each call is a contact of its own).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard import PROJECT_DIR, cli, conversations, dataops, formats
from dashboard.chat_import import ChatOptions, ChatPlan
from dashboard.crypto import NO_DOWNLOADS
from dashboard.store import Store
from dashboard.ui import session
from tests.chat_files import ms, zip_of

T = dt.datetime
NOTICE = (
    "12/01/2024, 21:30 - Messages and calls are end-to-end encrypted. No one outside of this "
    "chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
)
# Sam starts A at 21:30 (Alex answers 15 min later: a response); Alex starts B 11 h 15 min
# after A's last message (a gap of 6 h or more).
WHATSAPP = (
    NOTICE + "12/01/2024, 21:30 - Sam: are you awake?\n"
    "12/01/2024, 21:45 - Alex: yes\n"
    "13/01/2024, 09:00 - Alex: morning\n"
)
# The later export of the same chat: one more message in B (30 min after its first), and C,
# Sam's, 2 days later with no answer.
WHATSAPP_LATER = WHATSAPP + (
    "13/01/2024, 09:30 - Sam: morning to you\n14/01/2024, 20:00 - Sam: can we talk\n"
)
WHATSAPP_ROWS = [
    ("2024-01-12T21:30:00", "me", "text", True),
    ("2024-01-13T09:00:00", "them", "text", None),
]
GROUP = (
    "13/02/2024, 10:00 - Sam: hi all\n"
    "13/02/2024, 10:05 - Alex: hey\n"
    "13/02/2024, 10:06 - Jo: hello\n"
)


# Telegram: Sam at 23:10 (A); Alex calls 2 min at 08:00 (a call of its own); Alex writes at
# 09:00, 9 h 50 min after A (B, theirs), which is within 24 h of A: A got a response.
TELEGRAM = {
    "name": "Alex",
    "type": "personal_chat",
    "id": 42,
    "messages": [
        {"id": 1, "type": "message", "date": "2024-02-01T23:10:00", "from": "Sam", "text": "hey"},
        {
            "id": 2,
            "type": "service",
            "date": "2024-02-02T08:00:00",
            "actor": "Alex",
            "action": "phone_call",
            "duration_seconds": 120,
        },
        {
            "id": 3,
            "type": "message",
            "date": "2024-02-02T09:00:00",
            "from": "Alex",
            "text": ["ok ", {"type": "bold", "text": "fine"}],
        },
    ],
}
TELEGRAM_ROWS = [
    ("2024-02-01T23:10:00", "me", "text", True),
    ("2024-02-02T08:00:00", "them", "call", None),
    ("2024-02-02T09:00:00", "them", "text", None),
]
# Messenger (newest first, as Meta writes it; names and text as UTF-8 read as Latin-1):
# Sam at 12:00 on 1 Mar (A); Zoë 25 h later (B, theirs; too late to be A's response); Sam's
# unanswered call at 22:30 on 3 Mar.
MESSENGER = {
    "participants": [{"name": "Zo\u00c3\u00ab"}, {"name": "Sam"}],
    "messages": [
        {"sender_name": "Sam", "timestamp_ms": ms(2024, 3, 3, 22, 30), "call_duration": 0},
        {"sender_name": "Zo\u00c3\u00ab", "timestamp_ms": ms(2024, 3, 2, 13, 0), "content": "no"},
        {
            "sender_name": "Sam",
            "timestamp_ms": ms(2024, 3, 1, 12, 0),
            "content": "caf\u00c3\u00a9?",
        },
    ],
    "title": "Zo\u00c3\u00ab",
}
MESSENGER_ROWS = [
    ("2024-03-01T12:00:00", "me", "text", False),
    ("2024-03-02T13:00:00", "them", "text", None),
    ("2024-03-03T22:30:00", "me", "call", False),
]


def _sms(address: str, name: str, at: int, kind: int, body: str) -> str:
    return (
        f'<sms protocol="0" address="{address}" date="{at}" type="{kind}" body="{body}" '
        f'contact_name="{name}" />'
    )


# Two correspondents: I write to Alex at 08:00 and Alex answers at 08:05 (a response); Jo's
# message is not Alex's and does not count.
SMS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"3\">\n"
    + _sms("+447700900111", "Alex", ms(2024, 4, 1, 8, 0), 2, "hello")
    + _sms("+447700900111", "Alex", ms(2024, 4, 1, 8, 5), 1, "hi")
    + _sms("+447700900222", "Jo", ms(2024, 4, 1, 9, 0), 1, "other")
    + "\n</smses>\n"
)
# Calls with Alex: mine, answered (30 s); theirs, missed.
CALLS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"2\">\n"
    f'<call number="+447700900111" duration="30" date="{ms(2024, 4, 2, 20, 0)}" type="2" '
    'contact_name="Alex" />\n'
    f'<call number="+447700900111" duration="0" date="{ms(2024, 4, 3, 7, 0)}" type="3" '
    'contact_name="Alex" />\n</calls>\n'
)


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, data: str | bytes | dict) -> Path:
    path = tmp_path / name
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def contacts(db: Path) -> list[tuple]:
    with Store(db) as s:
        rows = s.rows("contacts")
    return [(r["at"].isoformat(), r["initiator"], r["channel"], r["got_response"]) for r in rows]


def every_value(db: Path) -> str:
    """Every row of every table in the DuckDB file, as one text to search."""
    con = duckdb.connect(str(db), read_only=True, config=dict(NO_DOWNLOADS))
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        return repr([con.execute(f'select * from "{t}"').fetchall() for t in tables])
    finally:
        con.close()


@pytest.mark.parametrize(
    ("name", "data", "argv", "expected"),
    [
        ("chat.txt", WHATSAPP, ["--me", "Sam"], WHATSAPP_ROWS),
        (
            "WhatsApp Chat.zip",
            zip_of({"_chat.txt": WHATSAPP.encode()}),
            ["--me", "sam"],
            WHATSAPP_ROWS,
        ),
        ("result.json", TELEGRAM, ["--me", "Sam"], TELEGRAM_ROWS),
        ("message_1.json", MESSENGER, ["--me", "Sam", "--tz", "UTC"], MESSENGER_ROWS),
        (
            "sms.xml",
            SMS,
            ["--ex", "Alex", "--tz", "UTC"],
            [("2024-04-01T08:00:00", "me", "text", True)],
        ),
        (
            "calls.xml",
            CALLS,
            ["--tz", "UTC"],
            [
                ("2024-04-02T20:00:00", "me", "call", True),
                ("2024-04-03T07:00:00", "them", "call", None),
            ],
        ),
    ],
)
def test_cli_imports_each_format_detected_from_its_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data, argv: list[str], expected
) -> None:
    path = write(tmp_path, name, data)
    db = tmp_path / "j.duckdb"
    code, out, err = run(capsys, db, "import", str(path), *argv)
    assert (code, err) == (0, "")
    assert f"added {len(expected)} contact" in out
    assert contacts(db) == expected
    with Store(db) as s:
        rows = s.rows("contacts")
    # Back-filled like every imported row: logged (the import) after the contact happened.
    assert all(r["created_at"] > r["at"] for r in rows)
    assert all(r["note"] == "" and r["trigger"] == "" and not r["under_influence"] for r in rows)
    assert all(r["private"] for r in rows)


def test_detect_names_every_chat_format() -> None:
    assert formats.detect(WHATSAPP.encode()) == "whatsapp"
    assert formats.detect(zip_of({"WhatsApp Chat with Alex.txt": WHATSAPP.encode()})) == "whatsapp"
    assert formats.detect(json.dumps(TELEGRAM).encode()) == "telegram"
    assert formats.detect(json.dumps(MESSENGER).encode()) == "messenger"
    assert formats.detect(SMS.encode()) == "sms"
    assert formats.detect(CALLS.encode()) == "sms"
    # Any other zip is still the CSV zip.
    assert formats.detect(zip_of({"mood.csv": b"at,mood\n"})) == "csv_zip"


def test_format_forces_a_reader(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "chat.txt", WHATSAPP)
    db = tmp_path / "j.duckdb"
    code, _, err = run(capsys, db, "import", str(path), "--format", "telegram", "--me", "Sam")
    assert code == 1 and "not valid JSON" in err and "\n" not in err.strip()
    assert not db.exists()
    code, _, _ = run(capsys, db, "import", str(path), "--format", "whatsapp", "--me", "Sam")
    assert code == 0 and len(contacts(db)) == 2


def test_without_me_the_error_lists_the_participants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "chat.txt", WHATSAPP)
    db = tmp_path / "j.duckdb"
    code, out, err = run(capsys, db, "import", str(path))
    assert (code, out) == (1, "")
    assert err == (
        "tideline: error: Which one is you? The participants of this chat: Sam, Alex "
        "(name yourself with --me NAME); nothing was imported\n"
    )
    code, _, err = run(capsys, db, "import", str(path), "--me", "Bob")
    assert code == 1 and "'Bob' is not in this chat; its participants: Sam, Alex" in err
    assert not db.exists()  # nothing written, not even an empty journal


def test_more_than_two_need_ex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "j.duckdb"
    group = write(tmp_path, "group.txt", GROUP)
    code, _, err = run(capsys, db, "import", str(group), "--me", "Sam")
    assert code == 1
    assert err == (
        "tideline: error: This chat has 3 participants (Sam, Alex, Jo): say which one is your "
        "ex (name your ex with --ex NAME); nothing was imported\n"
    )
    sms = write(tmp_path, "sms.xml", SMS)
    code, _, err = run(capsys, db, "import", str(sms), "--tz", "UTC")
    assert code == 1 and "3 participants (Me, Alex, Jo)" in err and "--ex NAME" in err
    assert not db.exists()
    # Named, only the messages between Sam and Jo count: one conversation, Sam's, answered.
    code, _, _ = run(capsys, db, "import", str(group), "--me", "Sam", "--ex", "jo")
    assert code == 0
    assert contacts(db) == [("2024-02-13T10:00:00", "me", "text", True)]


def test_chat_options_are_refused_for_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "mood.csv", "full_date,date,weekday,time,mood\n2024-05-01,May 1,Wed,07:45,meh\n"
    )
    code, _, err = run(capsys, tmp_path / "j.duckdb", "import", str(path), "--keep-text")
    assert code == 1
    assert "--keep-text is for chat histories, and mood.csv is read as Daylio CSV" in err


def test_same_file_twice_adds_nothing_and_a_later_export_only_the_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.duckdb"
    first = write(tmp_path, "chat.txt", WHATSAPP)
    assert run(capsys, db, "import", str(first), "--me", "Sam")[0] == 0
    code, out, _ = run(capsys, db, "import", str(first), "--me", "Sam")
    assert code == 0 and "added nothing" in out
    assert contacts(db) == WHATSAPP_ROWS
    # The person edits A since; the later export still does not count it twice.
    with Store(db) as s:
        row = s.rows("contacts")[0]
        edited = {k: v for k, v in row.items() if k not in ("id", "created_at")}
        s.update("contacts", row["id"], {**edited, "trigger": "loneliness"})
    later = write(tmp_path, "chat-later.txt", WHATSAPP_LATER)
    code, out, _ = run(capsys, db, "import", str(later), "--me", "Sam", "--dry-run")
    assert code == 0
    assert "3 contacts in the file, 1 new, 2 already there" in out
    assert "Would add 1 contact." in out
    assert run(capsys, db, "import", str(later), "--me", "Sam")[0] == 0
    assert contacts(db) == [*WHATSAPP_ROWS, ("2024-01-14T20:00:00", "me", "text", False)]


def test_text_is_stored_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "chat.txt", WHATSAPP)
    plain, kept = tmp_path / "plain.duckdb", tmp_path / "kept.duckdb"
    assert run(capsys, plain, "import", str(path), "--me", "Sam")[0] == 0
    # No word of any message anywhere in the journal.
    stored = every_value(plain)
    assert "awake" not in stored and "morning" not in stored and "yes" not in stored
    assert run(capsys, kept, "import", str(path), "--me", "Sam", "--keep-text")[0] == 0
    with Store(kept) as s:
        notes = [r["note"] for r in s.rows("contacts")]
    assert notes == [
        "2024-01-12 21:30 Sam: are you awake?\n2024-01-12 21:45 Alex: yes",
        "2024-01-13 09:00 Alex: morning",
    ]


def test_dry_run_shows_counts_never_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.duckdb"
    path = write(tmp_path, "message_1.json", MESSENGER)
    code, out, err = run(capsys, db, "import", str(path), "--me", "Sam", "--tz", "UTC", "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Dry run: nothing was written to {db}.",
        "message_1.json (Instagram or Messenger chat):",
        "  you: Sam; your ex: Zo\u00eb",
        # 3 contacts: too few for a share, so the late-night call is a count only.
        "  2 conversations (1 started by you, 1 by them), 1 call (1 by you, 0 by them), from "
        "1 Mar 2024 to 3 Mar 2024; late at night (10 pm to 4 am): 1 of 3 contacts",
        "  3 contacts in the file, 3 new, 0 already there",
        "Would add 3 contacts.",
    ]
    assert not db.exists()


def test_a_share_of_late_nights_from_five_contacts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Five conversations a day apart, Sam's at 23:00 on two of them: 2 of 5 (40%).
    days = [(13, "23:00"), (14, "10:00"), (15, "23:00"), (16, "10:00"), (17, "10:00")]
    text = "".join(f"{d}/03/2024, {clock} - Sam: hi\n" for d, clock in days)
    text += "17/03/2024, 10:01 - Alex: ok\n"
    path = write(tmp_path, "chat.txt", text)
    code, out, _ = run(
        capsys, tmp_path / "j.duckdb", "import", str(path), "--me", "Sam", "--dry-run"
    )
    assert code == 0
    assert "late at night (10 pm to 4 am): 2 of 5 contacts (40%)" in out


def test_gap_and_reply_hours(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # With a 12-hour gap, 09:00 is 11 h 15 min after 21:45: still A. With a 10-minute reply
    # window, Alex's answer 15 min later is no response.
    path = write(tmp_path, "chat.txt", WHATSAPP)
    db = tmp_path / "j.duckdb"
    argv = ["--me", "Sam", "--gap-hours", "12", "--reply-hours", "0.1"]
    assert run(capsys, db, "import", str(path), *argv)[0] == 0
    assert contacts(db) == [("2024-01-12T21:30:00", "me", "text", False)]


def test_prepare_plans_a_chat_like_any_import(store: Store) -> None:
    plan = dataops.prepare(store, WHATSAPP.encode(), "whatsapp", chat=ChatOptions(me="Sam"))
    assert isinstance(plan, ChatPlan) and plan.ready
    assert (plan.in_file, plan.new, plan.skipped) == (
        {"contacts": 2},
        {"contacts": 2},
        {"contacts": 0},
    )
    assert dataops.run_import(store, plan).added["contacts"] == 2
    again = dataops.prepare(store, WHATSAPP.encode(), "whatsapp", chat=ChatOptions(me="Sam"))
    assert (again.new, again.skipped, again.ready) == ({"contacts": 0}, {"contacts": 2}, False)


LAZY = """
import sys
from dashboard import cli
db, src, *more = sys.argv[1:]
assert cli.main(["--db", db, "import", src, "--me", "Sam", *more]) == 0
prefixes = ("altair", "streamlit", "dashboard.charts", "dashboard.pages", "dashboard.sections")
heavy = sorted(m for m in sys.modules if m.startswith(prefixes))
print("loaded:", ", ".join(heavy) or "nothing heavy")
"""


@pytest.mark.parametrize("more", [[], ["--dry-run"]], ids=["import", "dry run"])
def test_a_chat_import_loads_no_chart_or_page_module(tmp_path: Path, more: list[str]) -> None:
    path = write(tmp_path, "chat.txt", WHATSAPP)
    args = [sys.executable, "-c", LAZY, str(tmp_path / "j.duckdb"), str(path), *more]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: nothing heavy"
    if more:  # the dry run printed its counts, and wrote nothing
        assert "2 conversations (1 started by you, 1 by them)" in done.stdout
        assert not (tmp_path / "j.duckdb").exists()


def test_the_late_night_share_follows_the_sections_evidence_rule() -> None:
    from dashboard.sections.base import MIN_SHARE_EVENTS

    assert conversations.SHARE_FROM == MIN_SHARE_EVENTS


def test_dates_read_both_ways_name_the_date_order_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1 Feb and 1 Mar, or 2 Jan and 3 Jan: both run in time order, and no number is over 12.
    path = write(tmp_path, "chat.txt", "01/02/2024, 10:00 - Sam: a\n01/03/2024, 10:00 - Alex: b\n")
    db = tmp_path / "j.duckdb"
    code, out, err = run(capsys, db, "import", str(path), "--me", "Sam")
    assert (code, out) == (1, "")
    assert err == (
        "tideline: error: Tideline can't tell whether 01/02/2024 (line 1) is day/month or "
        "month/day: say which with --date-order dmy (day first) or --date-order mdy (month "
        "first); nothing was imported\n"
    )
    assert not db.exists()
    assert run(capsys, db, "import", str(path), "--me", "Sam", "--date-order", "mdy")[0] == 0
    # 2 Jan 10:00 Sam, 3 Jan 10:00 Alex (24 h later: a new conversation, and Sam's reply).
    assert contacts(db) == [
        ("2024-01-02T10:00:00", "me", "text", True),
        ("2024-01-03T10:00:00", "them", "text", None),
    ]


# -- the Data page (AppTest) --------------------------------------------------------------------
def test_data_page_asks_which_one_is_you_then_imports(
    demo_journal: Path,
) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_DIR / "dashboard" / "app.py"), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("chat.txt", WHATSAPP.encode(), "text/plain")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox[0].value == "whatsapp"
    question = at.radio[0]
    assert (question.label, list(question.options)) == ("Which one is you?", ["Sam", "Alex"])
    assert not [b for b in at.button if b.label.startswith("Import")]  # not before the answer

    question.set_value("Sam").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(m.value for m in at.markdown)
    assert "you: Sam; your ex: Alex" in shown
    assert "2 conversations (1 started by you, 1 by them)" in shown
    assert "awake" not in shown and "morning" not in shown  # counts only, never the text
    assert contacts(demo_journal) == []  # nothing written before the click

    [button] = [b for b in at.button if b.label == "Import 2 contacts"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["Imported 2 contacts from 12 Jan 2024 to 13 Jan 2024."]
    assert contacts(demo_journal) == WHATSAPP_ROWS
