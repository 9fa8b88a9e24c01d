"""Chat histories become contacts by the exact rules of issue 17 point 5 (docs/chat-imports.md).

The history is written by hand; each expected row is worked out from the rules in the comments.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import conversations as conv
from dashboard.formats import sms_xml, whatsapp
from dashboard.formats.chat import CALL, ChatError, ChatHistory, Event, history
from dashboard.formats.tideline import import_payload
from dashboard.schema import MAX_NOTE
from dashboard.validate import clean_row

T = dt.datetime
EVENTS = [
    Event(T(2024, 3, 1, 22, 0), "Sam", text="hey"),  # A starts: mine
    Event(T(2024, 3, 1, 22, 10), "Alex", text="hi"),  # A: they answered 10 min later
    Event(T(2024, 3, 2, 4, 9), "Sam", text="still up"),  # 5 h 59 after 22:10: still A
    Event(T(2024, 3, 2, 10, 9), "Sam", text="morning"),  # 6 h 0 after 04:09: B starts, mine
    Event(T(2024, 3, 2, 12, 0), "Sam", kind=CALL, duration=0),  # my call, not answered
    Event(T(2024, 3, 3, 10, 9), "Alex", text="sorry"),  # C, theirs; exactly 24 h after B
    Event(T(2024, 3, 4, 12, 0), "Sam", text="ok"),  # D, mine
    Event(T(2024, 3, 4, 13, 0), "Alex", kind=CALL, duration=300),  # their call: no reply to D
    Event(T(2024, 3, 5, 12, 1), "Alex", text="hm"),  # E, theirs; 24 h 1 min after D
]


# What every imported chat contact holds besides its time, initiator, channel and response.
UNTOUCHED = {"under_influence": False, "trigger": "", "note": "", "private": True}


def _row(at: str, initiator: str, channel: str, got: bool | None) -> dict:
    return dict(at=at, initiator=initiator, channel=channel, got_response=got, **UNTOUCHED)


EXPECTED = [
    _row("2024-03-01T22:00:00", "me", "text", True),  # A
    _row("2024-03-02T10:09:00", "me", "text", True),  # B: a reply at 24 h 0 min counts
    _row("2024-03-02T12:00:00", "me", "call", False),  # my unanswered call
    _row("2024-03-03T10:09:00", "them", "text", None),  # C
    _row("2024-03-04T12:00:00", "me", "text", False),  # D: a call is not a reply; 24 h 1 min
    _row("2024-03-04T13:00:00", "them", "call", None),  # their call
    _row("2024-03-05T12:01:00", "them", "text", None),  # E
]


def _chat(events: list[Event] = EVENTS) -> ChatHistory:
    return history("test", list(events))


def test_rows_follow_the_rules() -> None:
    rows = conv.contact_rows(_chat(), me="Sam")
    assert rows == EXPECTED
    for row in rows:
        clean_row("contacts", row)  # the shape the contacts table takes


def test_me_is_matched_without_case_and_the_ex_is_the_other_one() -> None:
    assert conv.who(_chat(), me=" sam ") == ("Sam", "Alex")


def test_shorter_gap_and_reply_hours() -> None:
    rules = conv.Rules(gap_hours=5, reply_hours=0.1)
    rows = conv.contact_rows(_chat(), me="Sam", rules=rules)
    # 04:09 is now 5 h 59 after 22:10, so a new conversation; 22:10 is more than 6 min after
    # 22:00, so A has no reply within 0.1 h.
    texts = [(r["at"], r["initiator"], r["got_response"]) for r in rows if r["channel"] == "text"]
    assert texts == [
        ("2024-03-01T22:00:00", "me", False),
        ("2024-03-02T04:09:00", "me", False),
        ("2024-03-02T10:09:00", "me", False),
        ("2024-03-03T10:09:00", "them", None),
        ("2024-03-04T12:00:00", "me", False),
        ("2024-03-05T12:01:00", "them", None),
    ]


def test_text_only_when_asked_into_the_private_note() -> None:
    assert all(r["note"] == "" for r in conv.contact_rows(_chat(), me="Sam"))
    rows = conv.contact_rows(_chat(), me="Sam", rules=conv.Rules(keep_text=True))
    assert rows[0]["note"] == (
        "2024-03-01 22:00 Sam: hey\n2024-03-01 22:10 Alex: hi\n2024-03-02 04:09 Sam: still up"
    )
    assert rows[0]["private"] is True
    assert rows[2]["note"] == ""  # a call has no text


def test_a_kept_text_longer_than_a_note_is_cut_and_says_so() -> None:
    long = [Event(T(2024, 3, 1, 22, 0), "Sam", text="x" * 25_000)]
    rows = conv.contact_rows(_chat(long + EVENTS[1:2]), me="Sam", rules=conv.Rules(keep_text=True))
    note = rows[0]["note"]
    assert len(note) == MAX_NOTE
    assert note.endswith("\n…")


def test_more_than_two_participants_needs_the_ex() -> None:
    # Kim writes at 07:00: were Kim counted, 10:09 would be 3 h 09 later and no new conversation.
    events = [*EVENTS, Event(T(2024, 3, 2, 7, 0), "Kim", text="brunch?")]
    with pytest.raises(ChatError, match="Sam, Alex, Kim") as caught:
        conv.contact_rows(_chat(events), me="Sam")
    assert "ex" in str(caught.value)
    assert conv.contact_rows(_chat(events), me="Sam", ex="alex") == EXPECTED


@pytest.mark.parametrize(
    ("me", "ex", "why"),
    [
        (None, None, "Which one is you"),
        ("Jo", None, "'Jo' is not in this chat; its participants: Sam, Alex"),
        ("Sam", "Sam", "not one of the others"),
        ("Sam", "Kim", "not one of the others in this chat: Alex"),
    ],
)
def test_who_is_who_errors_name_the_participants(me: str | None, ex: str | None, why: str) -> None:
    with pytest.raises(ChatError, match=why):
        conv.contact_rows(_chat(), me=me, ex=ex)


def test_an_sms_backup_knows_who_is_me_and_keeps_to_the_exs_thread() -> None:
    events = [
        Event(T(2024, 1, 12, 9, 0), "+447700900999", text="code", thread="+447700900999"),
        Event(T(2024, 1, 12, 21, 30), "Me", text="you up?", thread="Alex"),
        Event(T(2024, 1, 12, 21, 40), "Alex", text="yes", thread="Alex"),
        Event(T(2024, 1, 12, 23, 0), "Me", text="night", thread="+447700900999"),
    ]
    chat = history(sms_xml.SOURCE, events, me=sms_xml.ME)
    with pytest.raises(ChatError, match="\\+447700900999, Me, Alex"):
        conv.contact_rows(chat)
    assert conv.contact_rows(chat, ex="Alex") == [_row("2024-01-12T21:30:00", "me", "text", True)]


def test_preview_counts_only() -> None:
    preview = conv.preview(conv.contact_rows(_chat(), me="Sam"))
    # 5 conversations (A, B, D mine; C, E theirs), 2 calls; only A (22:00) is late at night.
    assert preview == conv.Preview(
        conversations=5,
        started_by_me=3,
        started_by_them=2,
        calls_by_me=1,
        calls_by_them=1,
        first=dt.date(2024, 3, 1),
        last=dt.date(2024, 3, 5),
        late_night=1,
        late_night_share=1 / 7,
    )
    # 7 contacts: enough for a share from 5, a count only below that.
    assert preview.text(share_from=5) == (
        "5 conversations (3 started by you, 2 by them), 2 calls (1 by you, 1 by them), "
        "from 1 Mar 2024 to 5 Mar 2024; late at night (10 pm to 4 am): 1 of 7 contacts (14%)"
    )
    assert preview.text(share_from=8).endswith("late at night (10 pm to 4 am): 1 of 7 contacts")


def test_only_new_survives_edits_and_adds_a_later_exports_new_conversations() -> None:
    early = conv.contact_rows(_chat(EVENTS[:4]), me="Sam")  # A, B; B had no reply yet
    assert [r["got_response"] for r in early] == [True, False]
    later = conv.contact_rows(_chat(), me="Sam")
    # In the journal the person has since edited A, and times are datetimes there.
    journal = [{**r, "at": dt.datetime.fromisoformat(r["at"])} for r in early]
    journal[0] |= {"trigger": "alcohol", "under_influence": True}
    assert conv.only_new(later, journal) == EXPECTED[2:]
    assert conv.only_new(later, [*journal, *EXPECTED[2:]]) == []


def test_the_same_whatsapp_file_twice_adds_nothing(store) -> None:
    text = (
        "12/01/2024, 21:30 - Sam: are you awake?\n"
        "12/01/2024, 21:45 - Alex: yes\n"
        "13/01/2024, 09:00 - Alex: morning\n"
    )
    payload = conv.payload(whatsapp.parse(text), me="Sam")
    assert import_payload(store, payload).total_added == 2
    assert import_payload(store, payload).total_added == 0
    rows = store.rows("contacts")
    assert len(rows) == 2
    # No created_at in the rows: the journal stamps the import, so they show as back-filled.
    assert all(r["created_at"] > r["at"] for r in rows)
