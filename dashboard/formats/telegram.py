"""Telegram Desktop's chat export (`result.json` of one chat, machine-readable JSON) -> history.

- Messages (`"type": "message"`): `from` is the sender (a deleted account's `null` becomes
  "Deleted Account"); `text` is a string or a list of strings and `{"text": …}` pieces.
- Calls (`"type": "service"`, `"action": "phone_call"`): `actor` placed it; `duration_seconds`
  is how long it lasted (absent for a missed, busy or declined call: 0 seconds). Every other
  service message (pins, title changes…) is a notice, not a message.
- Time: `date` is already the wall time of the computer that exported it; with a time zone
  (`tz`), `date_unixtime` (epoch seconds) is turned into that zone's wall time instead.
- The export of every chat at once (with a `chats` list) is refused with the names of its
  personal chats: export the one chat instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.formats import chat

SOURCE = "Telegram"
DELETED = "Deleted Account"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in value)
    return ""


def _when(item: dict[str, Any], tz: Any) -> dt.datetime:
    if tz is not None and str(item.get("date_unixtime", "")).isdigit():
        return chat.local_time(int(item["date_unixtime"]), tz)
    try:
        return dt.datetime.fromisoformat(str(item.get("date", ""))).replace(microsecond=0)
    except ValueError:
        raise chat.ChatError(
            f"Telegram message {item.get('id', '?')} has no date like 2024-01-12T21:30:05."
        ) from None


def _event(item: Any, tz: Any) -> chat.Event | None:
    if not isinstance(item, dict):
        return None
    if item.get("type") == "message":
        sender = item.get("from") or DELETED
        return chat.Event(_when(item, tz), str(sender), text=_text(item.get("text")))
    if item.get("type") == "service" and item.get("action") == "phone_call":
        actor = item.get("actor") or DELETED
        seconds = item.get("duration_seconds") or 0
        duration = int(seconds) if isinstance(seconds, int | float) else 0
        return chat.Event(_when(item, tz), str(actor), kind=chat.CALL, duration=duration)
    return None


def _document(data: bytes | str) -> dict[str, Any]:
    document = chat.load_json(data, "Telegram export")
    if not isinstance(document, dict):
        raise chat.ChatError("This is not a Telegram chat export (result.json of one chat).")
    chats = document.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        names = [
            str(c.get("name"))
            for c in chats["list"]
            if isinstance(c, dict) and c.get("type") == "personal_chat"
        ]
        raise chat.ChatError(
            "This is Telegram's export of every chat; export the one chat instead "
            f"(its personal chats: {', '.join(names[:20]) or 'none'})."
        )
    if not isinstance(document.get("messages"), list):
        raise chat.ChatError("This Telegram export has no list of messages.")
    return document


def parse(data: bytes | str, tz: str | None = None) -> chat.ChatHistory:
    """A Telegram `result.json` of one chat -> its history; chat.ChatError with one line."""
    document = _document(data)
    where = chat.zone(tz)
    return chat.collect(SOURCE, document["messages"], lambda item: _event(item, where))


def looks_like(document: Any) -> bool:
    """True for a parsed JSON object shaped like a Telegram chat export."""
    if not isinstance(document, dict):
        return False
    messages = document.get("messages")
    if isinstance(messages, list):
        return "type" in document and all(isinstance(m, dict) and "date" in m for m in messages[:5])
    chats = document.get("chats")
    return isinstance(chats, dict) and "list" in chats
