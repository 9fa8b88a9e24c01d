"""SMS Backup & Restore's XML backups (messages `<smses>`, calls `<calls>`) -> history.

- `<sms>`: `type` 1 = received (sent by the correspondent), 2 = sent (by the person); other
  types (drafts, outbox, failed) are skipped. `<mms>`: `msg_box` 1 received, 2 sent, its text
  from the `text/plain` parts.
- `<call>`: `type` 1 = incoming, 2 = outgoing, 3 = missed (incoming, not answered); `duration`
  in seconds (0 = not answered). Other types (voicemail, rejected, blocked) are skipped.
- `date` is epoch milliseconds, turned into the wall time of `tz`, or of this machine.
- The correspondent is the `contact_name`, or the number when the phone had no name for it;
  the person is "Me" (the backup says which messages they sent).
- A document type or entity declaration is refused: a backup never has one.
- The app writes messages and calls to separate files (`sms-….xml`, `calls-….xml`): given
  together, or in one zip, they are read each and merged (`chat.merge`; what two backups both
  hold counts once).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from typing import Any

from dashboard.formats import chat

SOURCE = "SMS backup"
ME = "Me"
_SENT = {"1": False, "2": True}
# call type -> (placed by the person, answered only if it lasted)
_CALLS = {"1": False, "2": True, "3": False}
_NO_NAME = frozenset({"", "(unknown)", "null"})
# The names the app gives its backups (sms-20240101120000.xml, calls-20240101120000.xml).
_BACKUP_NAME = re.compile(r"(?:^|/)(?:sms|calls)-[^/]*\.xml$")


def _party(element: ET.Element) -> str:
    name = (element.get("contact_name") or "").strip()
    if name.lower() not in _NO_NAME:
        return name
    number = (element.get("address") or element.get("number") or "").strip()
    return number or "(unknown number)"


def _when(element: ET.Element, tz: Any) -> dt.datetime:
    stamp = (element.get("date") or "").strip()
    if not stamp.lstrip("-").isdigit():
        raise chat.ChatError(f"A <{element.tag}> in this backup has no date in milliseconds.")
    return chat.local_time(int(stamp) / 1000, tz)


def _mms_text(element: ET.Element) -> str:
    parts = element.iter("part")
    return "\n".join(p.get("text") or "" for p in parts if p.get("ct") == "text/plain").strip()


def _event(element: ET.Element, tz: Any) -> chat.Event | None:
    tag = element.tag
    if tag == "sms" or tag == "mms":
        box = element.get("type") if tag == "sms" else element.get("msg_box")
        sent = _SENT.get((box or "").strip())
        if sent is None:
            return None
        party = _party(element)
        text = (element.get("body") or "") if tag == "sms" else _mms_text(element)
        return chat.Event(_when(element, tz), ME if sent else party, text=text, thread=party)
    if tag == "call":
        placed = _CALLS.get((element.get("type") or "").strip())
        if placed is None:
            return None
        party = _party(element)
        seconds = (element.get("duration") or "0").strip()
        duration = int(seconds) if seconds.isdigit() else 0
        if element.get("type") == "3":
            duration = 0
        sender = ME if placed else party
        return chat.Event(
            _when(element, tz), sender, kind=chat.CALL, duration=duration, thread=party
        )
    return None


def _check(data: bytes) -> None:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise chat.ChatError("This XML declares a document type or entities; a backup never does.")
    if not data.strip():
        raise chat.ChatError("This SMS backup is empty: there is nothing to import.")


def is_member(name: str) -> bool:
    """Whether a zip member's path is named like one of the app's backups."""
    return _BACKUP_NAME.search(name.lower()) is not None


def _parse_zip(data: bytes, tz: str | None) -> chat.ChatHistory:
    found = chat.zip_members(data, "SMS backup zip", lambda n: n.lower().endswith(".xml"))
    if not found:
        raise chat.ChatError(
            "This zip holds no SMS Backup & Restore file (sms-….xml, calls-….xml)."
        )
    return chat.merge_members(found, lambda member: parse(member, tz))


def parse(data: bytes | str, tz: str | None = None) -> chat.ChatHistory:
    """An SMS Backup & Restore XML (messages or calls), or a zip of them, -> its history;
    ChatError with one line."""
    if isinstance(data, bytes) and chat.is_zip(data):
        return _parse_zip(data, tz)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    _check(raw)
    where = chat.zone(tz)
    events: list[chat.Event] = []
    skipped = 0
    root_tag = ""
    try:
        for _, element in ET.iterparse(io.BytesIO(raw), events=("end",)):
            if element.tag in ("smses", "calls"):
                root_tag = element.tag
            elif element.tag in ("sms", "mms", "call"):
                event = _event(element, where)
                if event is None:
                    skipped += 1
                else:
                    events.append(event)
                element.clear()
    except ET.ParseError as exc:
        line, column = exc.position
        raise chat.ChatError(
            f"This SMS backup is not readable XML (line {line}, column {column + 1})."
        ) from None
    if not root_tag:
        raise chat.ChatError("This XML is not an SMS Backup & Restore file (<smses> or <calls>).")
    return chat.history(SOURCE, events, me=ME, skipped=skipped)


def looks_like(data: bytes) -> bool:
    """True when the XML's first element is <smses> or <calls>."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return b"<smses" in head or b"<calls" in head
