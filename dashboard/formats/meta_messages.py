"""Instagram and Facebook Messenger's chat export (`message_1.json`, JSON) -> history.

- `messages[]`: `sender_name`, `timestamp_ms` (epoch milliseconds, turned into the wall time of
  `tz`, or of this machine), `content`. An entry with `call_duration` is a call placed by its
  sender, lasting that many seconds (0 = not answered). Entries of type "Subscribe" or
  "Unsubscribe" (someone joined or left) are notices; photos, shares and stickers without text
  were still sent, so they count as messages.
- Meta writes names and texts as UTF-8 bytes read as Latin-1 ("CafÃ©" for "Café"); every name
  and text is repaired when it reads as such, and kept as it is otherwise.
- A long chat comes in several files (message_1.json, message_2.json…): given together, or
  in a zip of the chat's folder (Meta's own download holds `…/inbox/NAME_ID/message_N.json`),
  they are read each and merged (`chat.merge`; what two files both hold counts once). A zip of
  several chats' folders is refused with their names: the one chat's files are wanted.
"""

from __future__ import annotations

import re
from typing import Any

from dashboard.formats import chat

SOURCE = "Messenger"
_NOTICE_TYPES = frozenset({"Subscribe", "Unsubscribe"})
_MEMBER = re.compile(r"(?:^|/)message_\d+\.json$")
# The chats a refusal names, at most.
_NAMED_CHATS = 10


def repair(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ('CafÃ©' -> 'Café'); text that is not such is kept."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _event(item: Any, tz: Any) -> chat.Event | None:
    if not isinstance(item, dict) or item.get("type") in _NOTICE_TYPES:
        return None
    stamp = item.get("timestamp_ms")
    if isinstance(stamp, bool) or not isinstance(stamp, int | float):
        raise chat.ChatError("A message in this Messenger export has no timestamp_ms.")
    when = chat.local_time(stamp / 1000, tz)
    sender = repair(str(item.get("sender_name") or "Facebook user"))
    if "call_duration" in item:
        seconds = item.get("call_duration")
        duration = int(seconds) if isinstance(seconds, int | float) else 0
        return chat.Event(when, sender, kind=chat.CALL, duration=duration)
    content = item.get("content")
    return chat.Event(when, sender, text=repair(content) if isinstance(content, str) else "")


def _document(data: bytes | str) -> dict[str, Any]:
    document = chat.load_json(data, "Messenger export")
    if not looks_like(document):
        raise chat.ChatError(
            "This is not an Instagram or Messenger chat (message_1.json with participants "
            "and messages)."
        )
    return document


def is_member(name: str) -> bool:
    """Whether a zip member's path is a chat's message_N.json."""
    return _MEMBER.search(name.lower()) is not None


def _parse_zip(data: bytes, tz: str | None) -> chat.ChatHistory:
    found = chat.zip_members(data, "Messenger zip", is_member)
    if not found:
        raise chat.ChatError("This zip holds no message_1.json of an Instagram or Messenger chat.")
    folders = sorted({name.rpartition("/")[0] for name, _ in found})
    if len(folders) > 1:
        named = ", ".join(f.rpartition("/")[2] for f in folders[:_NAMED_CHATS])
        more = " …" if len(folders) > _NAMED_CHATS else ""
        raise chat.ChatError(
            f"This zip holds {len(folders)} chats ({named}{more}); give the message_N.json "
            "files of the one chat, or a zip of its folder."
        )
    return chat.merge_members(found, lambda member: parse(member, tz))


def parse(data: bytes | str, tz: str | None = None) -> chat.ChatHistory:
    """An Instagram or Facebook `message_N.json`, or a zip of a chat's message_N.json files,
    -> its history; chat.ChatError with one line."""
    if isinstance(data, bytes) and chat.is_zip(data):
        return _parse_zip(data, tz)
    document = _document(data)
    where = chat.zone(tz)
    found = chat.collect(SOURCE, document["messages"], lambda item: _event(item, where))
    for person in document.get("participants") or []:
        name = repair(str(person.get("name", ""))) if isinstance(person, dict) else ""
        if name and name not in found.participants:
            found.participants.append(name)
    return found


def looks_like(document: Any) -> bool:
    """True for a parsed JSON object shaped like Meta's message_N.json."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("participants"), list)
        and isinstance(document.get("messages"), list)
    )
