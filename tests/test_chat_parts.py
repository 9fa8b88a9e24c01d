"""A chat in several files (issue 17): Instagram/Messenger's message_1.json, message_2.json…
and SMS Backup & Restore's sms-….xml and calls-….xml, given together on the command line, in
one zip, or added on the Data page, are one history; what two files both hold counts once.

Every file is written here; each expected contact is worked out by hand from the rules of
docs/chat-imports.md (a gap of 6 h or more starts a conversation; a reply within 24 h of a
conversation I started is a response; each call is a contact of its own).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dashboard import PROJECT_DIR, formats
from dashboard.formats import archive
from dashboard.formats.chat import CALL, ChatError, ChatHistory, Event, merge
from dashboard.ui import session
from tests.chat_files import ms, zip_of
from tests.test_chat_import import CALLS, SMS, contacts, run, write

T = dt.datetime


def _message(sender: str, at: int, text: str) -> dict:
    return {"sender_name": sender, "timestamp_ms": at, "content": text, "type": "Generic"}


def _call(sender: str, at: int, seconds: int) -> dict:
    return {"sender_name": sender, "timestamp_ms": at, "call_duration": seconds, "type": "Call"}


# Meta splits a long chat and lists each file newest first; message_1.json holds the newest.
# The call at 09:00 on 3 Mar ends the older file and starts the newer one: it is in both.
OLDER = {
    "participants": [{"name": "Alex"}, {"name": "Sam"}],
    "messages": [
        _call("Alex", ms(2024, 3, 3, 9, 0), 60),
        _message("Alex", ms(2024, 3, 1, 12, 5), "x"),
        _message("Sam", ms(2024, 3, 1, 12, 0), "a"),
    ],
}
NEWER = {
    "participants": [{"name": "Alex"}, {"name": "Sam"}],
    "messages": [
        _message("Alex", ms(2024, 3, 4, 20, 0), "c"),
        _message("Sam", ms(2024, 3, 4, 10, 0), "b"),
        _call("Alex", ms(2024, 3, 3, 9, 0), 60),
    ],
}
# Sam at 12:00 on 1 Mar, Alex 5 min later: mine, answered. Alex's call at 09:00 on 3 Mar, once.
# Sam at 10:00 on 4 Mar (45 h after the last message: a new conversation), Alex 10 h later:
# mine, answered (20:00 is 10 h after its first message, 6 h or more: a conversation of its
# own, theirs).
MESSENGER_ROWS = [
    ("2024-03-01T12:00:00", "me", "text", True),
    ("2024-03-03T09:00:00", "them", "call", None),
    ("2024-03-04T10:00:00", "me", "text", True),
    ("2024-03-04T20:00:00", "them", "text", None),
]
# The messages and calls of SMS and CALLS (tests/test_chat_import.py) together, with Alex.
SMS_ROWS = [
    ("2024-04-01T08:00:00", "me", "text", True),
    ("2024-04-02T20:00:00", "me", "call", True),
    ("2024-04-03T07:00:00", "them", "call", None),
]


def _json(document: dict) -> bytes:
    return json.dumps(document).encode()


# -- merge -------------------------------------------------------------------------------------


def _history(*events: Event) -> ChatHistory:
    return ChatHistory("WhatsApp", ["Sam", "Alex"], list(events))


def test_what_two_files_hold_counts_once_and_a_files_own_repeats_stay() -> None:
    hi = Event(T(2024, 1, 1, 10, 0), "Sam", text="ok")
    call = Event(T(2024, 1, 1, 11, 0), "Alex", kind=CALL, duration=5)
    late = Event(T(2024, 1, 2, 9, 0), "Alex", text="ok")
    # The first file holds "ok" twice in one minute (sent twice); the second once, and the call.
    merged = merge([_history(hi, hi, call), _history(hi, call, late)])
    assert merged.events == [hi, hi, call, late]
    assert (merged.repeated, merged.files) == (2, 2)
    # Another text at the same minute is another message.
    other = Event(T(2024, 1, 1, 10, 0), "Sam", text="ok!")
    assert merge([_history(hi), _history(other)]).events == [hi, other]


def test_messenger_parts_read_as_one_history() -> None:
    parts = [("message_1.json", _json(NEWER)), ("message_2.json", _json(OLDER))]
    history = formats.read_chat_parts(parts, "messenger", tz="UTC")
    assert [(e.at, e.sender, e.kind) for e in history.events] == [
        (T(2024, 3, 1, 12, 0), "Sam", "message"),
        (T(2024, 3, 1, 12, 5), "Alex", "message"),
        (T(2024, 3, 3, 9, 0), "Alex", CALL),
        (T(2024, 3, 4, 10, 0), "Sam", "message"),
        (T(2024, 3, 4, 20, 0), "Alex", "message"),
    ]
    assert history.participants == ["Alex", "Sam"] and history.repeated == 1
    with pytest.raises(ChatError, match=r"^message_2\.json: This Messenger export is not valid"):
        formats.read_chat_parts(parts[:1] + [("message_2.json", b"{")], "messenger")


# -- the command line --------------------------------------------------------------------------


def test_cli_imports_messenger_parts_given_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = write(tmp_path, "message_1.json", NEWER)
    older = write(tmp_path, "message_2.json", OLDER)
    db = tmp_path / "j.duckdb"
    argv = ["import", str(newer), str(older), "--me", "Sam", "--tz", "UTC"]
    code, out, err = run(capsys, db, *argv, "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "message_1.json, message_2.json (Instagram or Messenger chat):",
        "  you: Sam; your ex: Alex",
        "  3 conversations (2 started by you, 1 by them), 1 call (0 by you, 1 by them), from "
        "1 Mar 2024 to 4 Mar 2024; late at night (10 pm to 4 am): 0 of 4 contacts",
        "  4 contacts in the 2 files, 4 new, 0 already there",
        "  1 message or call in more than one of the files, counted once",
        "Would add 4 contacts.",
    ]
    assert not db.exists()
    code, out, err = run(capsys, db, *argv)
    assert (code, err) == (0, "")
    assert out.startswith("imported message_1.json, message_2.json (Instagram or Messenger chat)")
    assert contacts(db) == MESSENGER_ROWS
    # Again, in the other order: nothing new.
    code, out, _ = run(capsys, db, "import", str(older), str(newer), "--me", "Sam", "--tz", "UTC")
    assert code == 0 and "added nothing" in out
    assert contacts(db) == MESSENGER_ROWS


def test_cli_imports_a_zip_of_a_messenger_chats_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = "your_activity_across_facebook/messages/inbox/alex_1234"
    data = zip_of(
        {
            f"{folder}/message_1.json": _json(NEWER),
            f"{folder}/message_2.json": _json(OLDER),
            f"{folder}/photos/1.jpg": b"\xff\xd8",
        }
    )
    assert formats.detect(data) == "messenger"
    path = write(tmp_path, "facebook-sam.zip", data)
    db = tmp_path / "j.duckdb"
    code, _, err = run(capsys, db, "import", str(path), "--me", "Sam", "--tz", "UTC")
    assert (code, err) == (0, "")
    assert contacts(db) == MESSENGER_ROWS


def test_a_zip_of_several_chats_is_refused_with_their_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = zip_of(
        {
            "messages/inbox/alex_1234/message_1.json": _json(NEWER),
            "messages/inbox/jo_5678/message_1.json": _json(OLDER),
        }
    )
    path = write(tmp_path, "facebook.zip", data)
    db = tmp_path / "j.duckdb"
    code, out, err = run(capsys, db, "import", str(path), "--me", "Sam")
    assert (code, out) == (1, "")
    assert err == (
        "tideline: error: This zip holds 2 chats (alex_1234, jo_5678); give the message_N.json "
        "files of the one chat, or a zip of its folder.\n"
    )
    assert not db.exists()


def test_cli_imports_an_sms_backups_messages_and_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = write(tmp_path, "sms-20240405120000.xml", SMS)
    calls = write(tmp_path, "calls-20240405120000.xml", CALLS)
    db = tmp_path / "j.duckdb"
    argv = ["--ex", "Alex", "--tz", "UTC"]
    code, out, err = run(capsys, db, "import", str(texts), str(calls), *argv)
    assert (code, err) == (0, "")
    assert "added 3 contacts" in out
    assert contacts(db) == SMS_ROWS
    # The same two in one zip: detected by their names, and already there.
    both = zip_of({texts.name: SMS.encode(), calls.name: CALLS.encode()})
    assert formats.detect(both) == "sms"
    zipped = write(tmp_path, "backup.zip", both)
    code, out, _ = run(capsys, db, "import", str(zipped), *argv)
    assert code == 0 and "added nothing" in out
    fresh = tmp_path / "fresh.duckdb"
    assert run(capsys, fresh, "import", str(zipped), *argv)[0] == 0
    assert contacts(fresh) == SMS_ROWS


def test_several_files_must_be_one_chat_of_one_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.duckdb"
    messenger = write(tmp_path, "message_1.json", NEWER)
    sms = write(tmp_path, "sms.xml", SMS)
    mood = write(
        tmp_path, "mood.csv", "full_date,date,weekday,time,mood\n2024-05-01,May 1,W,7:45,meh\n"
    )
    code, out, err = run(capsys, db, "import", str(messenger), str(sms), "--me", "Sam")
    assert (code, out) == (1, "")
    assert err == (
        "tideline: error: the files of one chat are of one kind, and message_1.json is read as "
        "Instagram or Messenger chat but sms.xml as SMS Backup & Restore; nothing was imported\n"
    )
    code, _, err = run(capsys, db, "import", str(messenger), str(mood), "--me", "Sam")
    assert code == 1 and "mood.csv is read as Daylio CSV" in err
    code, _, err = run(capsys, db, "import", str(messenger), str(tmp_path / "gone.json"))
    assert code == 1 and "no such file" in err
    # Forced to one reader, a file that is not of it is named.
    code, _, err = run(
        capsys, db, "import", str(messenger), str(sms), "--format", "messenger", "--me", "Sam"
    )
    assert code == 1 and err.startswith("tideline: error: sms.xml: This Messenger export is not")
    assert not db.exists()


# -- the Data page (AppTest) -------------------------------------------------------------------


def _page():  # noqa: ANN202 (AppTest is imported here only)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_DIR / "dashboard" / "app.py"), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    at.switch_page("pages/data.py").run()
    return at


def _shown(at) -> str:  # noqa: ANN001
    """Every word the page shows: text, captions, notices and tables."""
    words = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error")
        for e in at.get(kind)
    ]
    words += [frame.value.to_string() for frame in at.dataframe]
    return " ".join(str(w) for w in words)


def test_data_page_takes_the_other_files_of_a_chat(demo_journal: Path) -> None:
    at = _page()
    at.file_uploader[0].set_value(("message_1.json", _json(NEWER), "application/json")).run()
    assert not at.exception, [e.value for e in at.exception]
    more = at.file_uploader[1]
    assert more.label == "Other files of the same chat (optional)" and more.accept_multiple_files
    more.set_value([("message_2.json", _json(OLDER), "application/json")])
    [zone] = [t for t in at.text_input if t.label.startswith("Time zone")]
    zone.set_value("UTC").run()
    at.radio[0].set_value("Sam").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown(at)
    assert "3 conversations (2 started by you, 1 by them)" in shown
    assert "4 contacts in the 2 files" in shown
    assert "1 message or call in more than one of the files, counted once" in shown
    [button] = [b for b in at.button if b.label == "Import 4 contacts"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert contacts(demo_journal) == MESSENGER_ROWS


GROUP = (
    "13/02/2024, 10:00 - Sam: pancakes anyone\n"
    "13/02/2024, 10:05 - Alex: umbrella weather\n"
    "13/02/2024, 10:06 - Jo: violin lesson\n"
    "14/02/2024, 23:30 - Jo: midnight snack\n"
)


def test_data_page_asks_you_and_the_ex_in_a_group_and_shows_counts_only(
    demo_journal: Path,
) -> None:
    at = _page()
    at.file_uploader[0].set_value(("group.txt", GROUP.encode(), "text/plain")).run()
    assert not at.exception, [e.value for e in at.exception]
    you = at.radio[0]
    assert (you.label, list(you.options)) == ("Which one is you?", ["Sam", "Alex", "Jo"])
    you.set_value("Sam").run()
    ex = at.radio[1]
    assert (ex.label, list(ex.options)) == ("Which one is your ex?", ["Alex", "Jo"])
    assert not [b for b in at.button if b.label.startswith("Import")]  # not before the answer
    ex.set_value("Jo").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown(at)
    # Between Sam and Jo: Sam at 10:00 (Jo 6 min later: answered), Jo at 23:30 the next day.
    assert "you: Sam; your ex: Jo" in shown
    assert "2 conversations (1 started by you, 1 by them)" in shown
    assert "late at night (10 pm to 4 am): 1 of 2 contacts" in shown
    for word in ("pancakes", "umbrella", "weather", "violin", "lesson", "snack"):
        assert word not in shown  # counts only, never a word of the messages
    [button] = [b for b in at.button if b.label == "Import 2 contacts"]
    button.click().run()
    assert contacts(demo_journal) == [
        ("2024-02-13T10:00:00", "me", "text", True),
        ("2024-02-14T23:30:00", "them", "text", None),
    ]


def test_data_page_asks_how_dates_are_written_when_they_read_both_ways(
    demo_journal: Path,
) -> None:
    at = _page()
    text = "01/02/2024, 10:00 - Sam: a\n01/03/2024, 10:00 - Alex: b\n"
    at.file_uploader[0].set_value(("chat.txt", text.encode(), "text/plain")).run()
    assert [w.value for w in at.warning] == [
        "Tideline can't tell whether 01/02/2024 (line 1) is day/month or month/day: choose how "
        "the dates are written under “How conversations are counted” above. Nothing was imported."
    ]
    [order] = [s for s in at.selectbox if s.label == "Dates are written"]
    order.set_value("mdy").run()
    assert not at.warning and at.radio[0].label == "Which one is you?"


def test_the_files_of_one_chat_together_are_bounded_like_a_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = write(tmp_path, "message_1.json", NEWER)
    older = write(tmp_path, "message_2.json", OLDER)
    sizes = newer.stat().st_size + older.stat().st_size
    # Each file alone is under the bound, the two together one byte over it.
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", sizes - 1)
    db = tmp_path / "j.duckdb"
    code, out, err = run(capsys, db, "import", str(newer), str(older), "--me", "Sam")
    assert (code, out) == (1, "")
    assert err.startswith(f"tideline: error: These files come to {sizes / 2**20:,.1f} MB; ")
    assert "nothing was read or imported" in err and not db.exists()
    parts = [(p.name, p.read_bytes()) for p in (newer, older)]
    with pytest.raises(archive.UnreadableFile, match="These files come to"):
        formats.read_chat_parts(parts, "messenger")
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", sizes)
    assert run(capsys, db, "import", str(newer), str(older), "--me", "Sam")[0] == 0
