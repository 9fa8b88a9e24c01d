"""Chat-history readers (issue 17 point 4): WhatsApp, Telegram, Instagram/Messenger, SMS backup.

Every input is written here by hand; the expected events follow from the formats' rules.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from dashboard.formats import meta_messages, sms_xml, telegram, whatsapp
from dashboard.formats.archive import UnreadableFile, read_member
from dashboard.formats.chat import CALL, ChatError, DateOrderUnknown, Event, merge
from tests.chat_files import ms, zip_of

T = dt.datetime
ANDROID = (
    "12/01/2024, 21:30 - Messages and calls are end-to-end encrypted. No one outside of this "
    "chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
    "12/01/2024, 21:30 - Sam: are you awake?\n"
    "12/01/2024, 21:45 - Alex: yes\n"
    "still here\n"
    "13/01/2024, 09:00 - Alex: <Media omitted>\n"
)
ANDROID_EVENTS = [
    Event(T(2024, 1, 12, 21, 30), "Sam", text="are you awake?"),
    Event(T(2024, 1, 12, 21, 45), "Alex", text="yes\nstill here"),
    Event(T(2024, 1, 13, 9, 0), "Alex", text="<Media omitted>"),
]


# --- WhatsApp ------------------------------------------------------------------------------


def test_whatsapp_android_24_hour_day_first_skips_the_encryption_notice() -> None:
    history = whatsapp.parse(ANDROID.encode())
    assert history.events == ANDROID_EVENTS
    assert history.participants == ["Sam", "Alex"]
    assert history.notices == 1


def test_whatsapp_android_12_hour_month_first() -> None:
    text = "1/12/24, 9:30 PM - Sam: hi\n1/13/24, 12:05\u202fAM - Alex: hey\n"
    assert [(e.at, e.sender) for e in whatsapp.parse(text).events] == [
        (T(2024, 1, 12, 21, 30), "Sam"),
        (T(2024, 1, 13, 0, 5), "Alex"),
    ]


def test_whatsapp_ios_drops_the_notice_under_the_chats_name() -> None:
    text = (
        "\u200e[12.01.24, 21:30:05] Alex: \u200eMessages and calls are end-to-end encrypted. "
        "No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        "[12.01.24, 21:30:10] Sam: hi\n"
        "[13.01.24, 00:05:00] Alex: \u200eimage omitted\n"
        "[13.01.24, 08:00:00] Alex: \u200eYour security code with Alex changed.\n"
    )
    history = whatsapp.parse(text)
    assert history.events == [
        Event(T(2024, 1, 12, 21, 30, 10), "Sam", text="hi"),
        Event(T(2024, 1, 13, 0, 5), "Alex", text="image omitted"),
    ]
    assert history.notices == 2


def test_whatsapp_ios_12_hour_with_seconds() -> None:
    text = "[1/12/24, 12:00:00 PM] Alex: noon\n[1/13/24, 9:30:05\u202fPM] Sam: hi\n"
    assert [e.at for e in whatsapp.parse(text).events] == [
        T(2024, 1, 12, 12, 0),
        T(2024, 1, 13, 21, 30, 5),
    ]


def test_whatsapp_day_month_order_from_time_order() -> None:
    # Read day first the dates run 3 Apr, 5 Apr, 2 May; month first 4 Mar, 4 May, 5 Feb.
    text = "03/04/2024, 10:00 - Sam: a\n05/04/2024, 10:00 - Alex: b\n02/05/2024, 10:00 - Sam: c\n"
    assert [e.at.date() for e in whatsapp.parse(text).events] == [
        dt.date(2024, 4, 3),
        dt.date(2024, 4, 5),
        dt.date(2024, 5, 2),
    ]


def test_whatsapp_undecidable_order_asks_and_can_be_forced() -> None:
    text = "01/02/2024, 10:00 - Sam: a\n01/03/2024, 10:00 - Alex: b\n"
    with pytest.raises(DateOrderUnknown) as caught:
        whatsapp.parse(text)
    assert caught.value.question == (
        "Tideline can't tell whether 01/02/2024 (line 1) is day/month or month/day"
    )
    assert [e.at.date() for e in whatsapp.parse(text, date_order="mdy").events] == [
        dt.date(2024, 1, 2),
        dt.date(2024, 1, 3),
    ]
    assert [e.at.date() for e in whatsapp.parse(text, date_order="dmy").events] == [
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 1),
    ]


def test_whatsapp_zip_android_and_ios_names() -> None:
    android = zip_of({"WhatsApp Chat with Alex.txt": ANDROID.encode()})
    ios = zip_of({"00000003-PHOTO-2024-01-13.jpg": b"\xff\xd8", "_chat.txt": ANDROID.encode()})
    assert whatsapp.parse(android).events == ANDROID_EVENTS
    assert whatsapp.parse(ios).events == ANDROID_EVENTS
    assert whatsapp.looks_like(android) and whatsapp.looks_like(ios)
    assert whatsapp.looks_like(ANDROID.encode())


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 this is not a zip at all",
        zip_of({"_chat.txt": ANDROID.encode() * 50})[:300],
        b"hello\nthis is just text\n",
        b"",
        zip_of({"photo.jpg": b"\xff\xd8"}),
    ],
    ids=["corrupt zip", "truncated zip", "not a chat", "empty", "zip without chat"],
)
def test_whatsapp_bad_input_is_one_line(data: bytes) -> None:
    with pytest.raises(UnreadableFile) as caught:  # ChatError is one too
        whatsapp.parse(data)
    assert "\n" not in str(caught.value)


def test_a_member_bigger_than_the_limit_is_refused_while_unpacking() -> None:
    with zipfile.ZipFile(io.BytesIO(zip_of({"_chat.txt": b"x" * 5000}))) as zf:
        info = zf.getinfo("_chat.txt")
        assert read_member(zf, info, limit=5000) == b"x" * 5000
        with pytest.raises(UnreadableFile, match="more than"):
            read_member(zf, info, limit=4999)


# --- Telegram ------------------------------------------------------------------------------

TELEGRAM = {
    "name": "Alex",
    "type": "personal_chat",
    "id": 42,
    "messages": [
        {
            "id": 1,
            "type": "message",
            "date": "2024-01-12T21:30:05",
            "date_unixtime": str(ms(2024, 1, 12, 21, 30, 5) // 1000),
            "from": "Sam",
            "text": "hi",
        },
        {
            "id": 2,
            "type": "message",
            "date": "2024-01-12T21:31:00",
            "date_unixtime": str(ms(2024, 1, 12, 21, 31) // 1000),
            "from": "Alex",
            "text": ["see ", {"type": "link", "text": "this"}],
        },
        {
            "id": 3,
            "type": "service",
            "date": "2024-01-13T10:00:00",
            "actor": "Alex",
            "action": "phone_call",
            "duration_seconds": 65,
            "discard_reason": "hangup",
            "text": "",
        },
        {
            "id": 4,
            "type": "service",
            "date": "2024-01-13T11:00:00",
            "actor": "Sam",
            "action": "phone_call",
            "discard_reason": "missed",
            "text": "",
        },
        {
            "id": 5,
            "type": "service",
            "date": "2024-01-13T11:05:00",
            "actor": "Sam",
            "action": "pin_message",
            "text": "",
        },
    ],
}


def test_telegram_messages_calls_and_notices() -> None:
    history = telegram.parse(json.dumps(TELEGRAM).encode())
    assert history.events == [
        Event(T(2024, 1, 12, 21, 30, 5), "Sam", text="hi"),
        Event(T(2024, 1, 12, 21, 31), "Alex", text="see this"),
        Event(T(2024, 1, 13, 10, 0), "Alex", kind=CALL, duration=65),
        Event(T(2024, 1, 13, 11, 0), "Sam", kind=CALL, duration=0),
    ]
    assert history.notices == 1
    assert telegram.looks_like(TELEGRAM)


def test_telegram_epoch_times_in_a_given_zone() -> None:
    # 21:30:05 UTC is 16:30:05 in New York in January (UTC-5).
    history = telegram.parse(json.dumps(TELEGRAM), tz="America/New_York")
    assert history.events[0].at == T(2024, 1, 12, 16, 30, 5)


def test_telegram_whole_account_export_and_bad_json_are_refused() -> None:
    everything = {"chats": {"list": [{"name": "Alex", "type": "personal_chat", "messages": []}]}}
    with pytest.raises(ChatError, match="Alex"):
        telegram.parse(json.dumps(everything))
    with pytest.raises(ChatError, match="not valid JSON"):
        telegram.parse(b'{"messages": [')
    with pytest.raises(ChatError, match="time zone"):
        telegram.parse(json.dumps(TELEGRAM), tz="Mars/Olympus")


# --- Instagram / Messenger -------------------------------------------------------------------


def _mojibake(text: str) -> str:
    """How Meta writes text: its UTF-8 bytes read as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


def test_messenger_repairs_mojibake_and_reads_calls() -> None:
    zoe = _mojibake("Zoë")
    document = {
        "participants": [{"name": zoe}, {"name": "Sam"}],
        "messages": [  # Meta lists the newest first
            {
                "sender_name": zoe,
                "timestamp_ms": ms(2024, 1, 13, 8, 0),
                "content": f"{zoe} called you.",
                "call_duration": 0,
                "type": "Call",
            },
            {
                "sender_name": "Sam",
                "timestamp_ms": ms(2024, 1, 12, 21, 35),
                "content": _mojibake("café ☕?"),
                "type": "Generic",
            },
            {
                "sender_name": zoe,
                "timestamp_ms": ms(2024, 1, 12, 21, 30),
                "content": "Bonsoir",
                "type": "Generic",
            },
            {
                "sender_name": "Kim",
                "timestamp_ms": ms(2024, 1, 12, 21, 0),
                "content": "Kim joined",
                "type": "Subscribe",
            },
        ],
    }
    history = meta_messages.parse(json.dumps(document).encode(), tz="UTC")
    assert history.events == [
        Event(T(2024, 1, 12, 21, 30), "Zoë", text="Bonsoir"),
        Event(T(2024, 1, 12, 21, 35), "Sam", text="café ☕?"),
        Event(T(2024, 1, 13, 8, 0), "Zoë", kind=CALL, duration=0),
    ]
    assert history.participants == ["Zoë", "Sam"]
    assert history.notices == 1


def test_repair_keeps_text_that_is_not_mojibake() -> None:
    assert meta_messages.repair("café") == "café"
    assert meta_messages.repair("plain") == "plain"
    assert meta_messages.repair("ZoÃ«") == "Zoë"


# --- SMS Backup & Restore --------------------------------------------------------------------


def test_sms_backup_sent_received_and_unknown_numbers() -> None:
    xml = f"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="4">
  <sms protocol="0" address="+447700900123" date="{ms(2024, 1, 12, 21, 30)}" type="2"
       body="you up?" contact_name="Alex" />
  <sms protocol="0" address="+447700900123" date="{ms(2024, 1, 12, 21, 40)}" type="1"
       body="yes" contact_name="Alex" />
  <sms protocol="0" address="+447700900999" date="{ms(2024, 1, 12, 9, 0)}" type="1"
       body="Your code is 1234" contact_name="(Unknown)" />
  <sms protocol="0" address="+447700900123" date="{ms(2024, 1, 12, 22, 0)}" type="3"
       body="draft" contact_name="Alex" />
</smses>"""
    history = sms_xml.parse(xml.encode(), tz="Europe/London")  # London is on UTC in January
    assert history.events == [
        Event(
            T(2024, 1, 12, 9, 0), "+447700900999", text="Your code is 1234", thread="+447700900999"
        ),
        Event(T(2024, 1, 12, 21, 30), "Me", text="you up?", thread="Alex"),
        Event(T(2024, 1, 12, 21, 40), "Alex", text="yes", thread="Alex"),
    ]
    assert history.me == "Me"
    assert history.skipped == 1
    assert sms_xml.looks_like(xml.encode())


def test_sms_backup_calls() -> None:
    xml = f"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<calls count="4">
  <call number="+447700900123" duration="0" date="{ms(2024, 7, 1, 20, 0)}" type="2"
        contact_name="Alex" />
  <call number="+447700900123" duration="125" date="{ms(2024, 7, 1, 21, 0)}" type="1"
        contact_name="Alex" />
  <call number="+447700900123" duration="0" date="{ms(2024, 7, 1, 22, 0)}" type="3"
        contact_name="Alex" />
  <call number="+447700900123" duration="0" date="{ms(2024, 7, 1, 23, 0)}" type="4"
        contact_name="Alex" />
</calls>"""
    # London is on UTC+1 in July.
    history = sms_xml.parse(xml, tz="Europe/London")
    assert history.events == [
        Event(T(2024, 7, 1, 21, 0), "Me", kind=CALL, duration=0, thread="Alex"),
        Event(T(2024, 7, 1, 22, 0), "Alex", kind=CALL, duration=125, thread="Alex"),
        Event(T(2024, 7, 1, 23, 0), "Alex", kind=CALL, duration=0, thread="Alex"),
    ]
    assert history.skipped == 1


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><smses>&a;</smses>', "entit"),
        (b"<smses><sms type='1' date='1' address='1'", "not readable XML"),
        (b"<other/>", "not an SMS Backup"),
    ],
    ids=["entities", "truncated", "other xml"],
)
def test_sms_backup_bad_input(data: bytes, why: str) -> None:
    with pytest.raises(ChatError, match=why):
        sms_xml.parse(data)


def test_an_sms_backups_messages_and_calls_merge_into_one_history() -> None:
    texts = f"""<smses count="1"><sms address="+1555" date="{ms(2024, 1, 2, 10, 0)}" type="2"
        body="hi" contact_name="Alex" /></smses>"""
    calls = f"""<calls count="1"><call number="+1555" duration="30" date="{ms(2024, 1, 1, 9, 0)}"
        type="1" contact_name="Alex" /></calls>"""
    merged = merge([sms_xml.parse(texts, tz="UTC"), sms_xml.parse(calls, tz="UTC")])
    assert merged.events == [
        Event(T(2024, 1, 1, 9, 0), "Alex", kind=CALL, duration=30, thread="Alex"),
        Event(T(2024, 1, 2, 10, 0), "Me", text="hi", thread="Alex"),
    ]
    assert (merged.me, merged.participants) == ("Me", ["Me", "Alex"])
