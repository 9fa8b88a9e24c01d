"""A chat history (`dashboard.formats.chat.ChatHistory`) -> contact rows, by exact rules.

The rules (issue 17 point 5; docs/chat-imports.md says them in the same words):

1. Only the person ("me") and the ex count; the person is named (`me`) unless the file says
   (an SMS backup); with more than two participants the ex must be named, else an error lists
   the names. Messages are taken in time order.
2. A conversation starts with the first message, and with every message sent `gap_hours`
   (6) hours or more after the message before it.
3. Each conversation is one contact at its first message's time: `initiator` is its first
   sender (me or them), `channel` text. A conversation I started has `got_response` true when
   the ex wrote within `reply_hours` (24) hours of its first message (24 h 0 min counts), else
   false; one they started has none (null).
4. Each call is a contact of its own: `channel` call, placed by me -> `initiator` me; for a
   call I placed `got_response` = answered (lasted more than 0 seconds); null for theirs.
   Calls neither start nor continue a text conversation.
5. `under_influence` false, `trigger` empty, private, and no `created_at` (so the journal
   records the import time and the rows show as back-filled, like every imported row). The
   note is empty unless the text is asked for (`keep_text`): then the conversation's messages,
   one a line ("2024-01-12 21:30 Alice: text"), cut at the note's limit.

`conversation_key` (time, who started, channel) names a conversation however its other fields
were edited since; `only_new` keeps the rows whose key the journal does not hold yet, so the
same file twice adds nothing and a later export adds only the new conversations.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.formats.chat import CALL, ChatError, ChatHistory, Event
from dashboard.metrics import LATE_NIGHT_HOURS
from dashboard.schema import MAX_NOTE
from dashboard.wording import percent, plural, span

_CUT = "\n…"
# A late-night share is said from this many contacts: the sections' evidence rule
# (`sections.base.MIN_SHARE_EVENTS`, which a test holds equal). Not imported from there: that
# module loads the charts, and an import's dry run loads no chart module.
SHARE_FROM = 5


@dataclass(frozen=True)
class Rules:
    """The numbers and choices of the rules above (the command line's --gap-hours…)."""

    gap_hours: float = 6
    reply_hours: float = 24
    keep_text: bool = False


class WhoIsWho(ChatError):
    """The person or the ex is not named (or not found): `participants` lists who could be,
    `missing` says which one ("me" or "ex") the caller must name."""

    def __init__(self, message: str, participants: list[str], missing: str) -> None:
        super().__init__(message)
        self.participants = participants
        self.missing = missing


def _find(name: str, participants: list[str]) -> str | None:
    wanted = name.strip().casefold()
    return next((p for p in participants if p.strip().casefold() == wanted), None)


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names) or "nobody"


def _me(history: ChatHistory, me: str | None) -> str:
    names = history.participants
    if history.me is not None:
        return history.me  # the file says who the person is (an SMS backup)
    if me is None or not me.strip():
        raise WhoIsWho(
            f"Which one is you? The participants of this chat: {_listed(names)}.", names, "me"
        )
    found = _find(me, names)
    if found is None:
        raise WhoIsWho(
            f"{me.strip()!r} is not in this chat; its participants: {_listed(names)}.",
            names,
            "me",
        )
    return found


def who(history: ChatHistory, me: str | None = None, ex: str | None = None) -> tuple[str, str]:
    """(me, ex) as the chat spells them; ChatError naming the participants when unclear."""
    mine = _me(history, me)
    others = [p for p in history.participants if p != mine]
    if ex is not None and ex.strip():
        found = _find(ex, others)
        if found is None:
            raise WhoIsWho(
                f"{ex.strip()!r} is not one of the others in this chat: {_listed(others)}.",
                others,
                "ex",
            )
        return mine, found
    if not others:
        raise ChatError("Only you appear in this chat: there is nobody else to count.")
    if len(others) > 1:
        raise WhoIsWho(
            f"This chat has {len(others) + 1} participants ({_listed(history.participants)}): "
            "say which one is your ex.",
            others,
            "ex",
        )
    return mine, others[0]


def _between(history: ChatHistory, me: str, ex: str) -> list[Event]:
    """The events between me and the ex only, in time order."""
    return [e for e in history.events if e.sender in (me, ex) and (not e.thread or e.thread == ex)]


def split(messages: list[Event], gap_hours: float = 6) -> list[list[Event]]:
    """Messages (time order) -> conversations: a gap of `gap_hours` or more starts one."""
    gap = dt.timedelta(hours=gap_hours)
    out: list[list[Event]] = []
    for message in messages:
        if out and message.at - out[-1][-1].at < gap:
            out[-1].append(message)
        else:
            out.append([message])
    return out


def _note(conversation: list[Event]) -> str:
    lines = [f"{e.at:%Y-%m-%d %H:%M} {e.sender}: {e.text}" for e in conversation]
    note = "\n".join(lines)
    if len(note) > MAX_NOTE:
        note = note[: MAX_NOTE - len(_CUT)] + _CUT
    return note


def _row(at: dt.datetime, initiator: str, channel: str, got: bool | None) -> dict[str, Any]:
    return {
        "at": at.isoformat(timespec="seconds"),
        "initiator": initiator,
        "channel": channel,
        "got_response": got,
        "under_influence": False,
        "trigger": "",
        "note": "",
        "private": True,
    }


def _text_rows(messages: list[Event], me: str, rules: Rules) -> list[dict[str, Any]]:
    theirs = [e.at for e in messages if e.sender != me]
    reply = dt.timedelta(hours=rules.reply_hours)
    rows = []
    for conversation in split(messages, rules.gap_hours):
        first = conversation[0]
        got: bool | None = None
        if first.sender == me:
            index = bisect.bisect_left(theirs, first.at)
            got = index < len(theirs) and theirs[index] - first.at <= reply
        row = _row(first.at, "me" if first.sender == me else "them", "text", got)
        if rules.keep_text:
            row["note"] = _note(conversation)
        rows.append(row)
    return rows


def _call_row(call: Event, me: str) -> dict[str, Any]:
    mine = call.sender == me
    got = (call.duration or 0) > 0 if mine else None
    return _row(call.at, "me" if mine else "them", "call", got)


def contact_rows(
    history: ChatHistory,
    me: str | None = None,
    ex: str | None = None,
    rules: Rules | None = None,
) -> list[dict[str, Any]]:
    """The contacts table's rows (tideline/1 shape, oldest first) by the module's rules."""
    rules = rules or Rules()
    if rules.gap_hours <= 0 or rules.reply_hours <= 0:
        raise ChatError("The gap and reply hours must be more than 0.")
    mine, theirs = who(history, me, ex)
    events = _between(history, mine, theirs)
    messages = [e for e in events if e.kind != CALL]
    rows = _text_rows(messages, mine, rules)
    rows += [_call_row(e, mine) for e in events if e.kind == CALL]
    rows.sort(key=lambda r: r["at"])
    return rows


def payload(
    history: ChatHistory,
    me: str | None = None,
    ex: str | None = None,
    rules: Rules | None = None,
) -> dict[str, Any]:
    """A tideline/1 payload holding the chat's contact rows (for `import_payload`)."""
    return {"format": "tideline/1", "contacts": contact_rows(history, me, ex, rules)}


# --- preview (counts only) -------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What a chat import would add, as counts only: never a name or a word of text."""

    conversations: int
    started_by_me: int
    started_by_them: int
    calls_by_me: int
    calls_by_them: int
    first: dt.date | None
    last: dt.date | None
    late_night: int
    late_night_share: float | None

    @property
    def contacts(self) -> int:
        return self.conversations + self.calls_by_me + self.calls_by_them

    def text(self, share_from: int = SHARE_FROM) -> str:
        """One line for the dry run and the Data page; the late-night share is said only when
        `share_from` contacts or more stand behind it (the sections' evidence rule)."""
        calls = self.calls_by_me + self.calls_by_them
        parts = [
            f"{plural(self.conversations, 'conversation')} "
            f"({self.started_by_me} started by you, {self.started_by_them} by them)",
            f"{plural(calls, 'call')} ({self.calls_by_me} by you, {self.calls_by_them} by them)",
        ]
        when = span(self.first, self.last)
        late = f"late at night (10 pm to 4 am): {self.late_night} of "
        late += plural(self.contacts, "contact")
        if self.late_night_share is not None and self.contacts >= share_from:
            late += f" ({percent(self.late_night_share)})"
        return ", ".join(parts) + (f", {when}" if when else "") + f"; {late}"


def _at(row: Mapping[str, Any]) -> dt.datetime:
    value = row["at"]
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def preview(rows: list[dict[str, Any]]) -> Preview:
    """Counts of `contact_rows`' output: conversations and calls by who started them, the
    dates they span and the share of all contacts at a late-night hour (22-23, 0-3)."""
    texts = [r for r in rows if r["channel"] == "text"]
    calls = [r for r in rows if r["channel"] == "call"]
    times = [_at(r) for r in rows]
    late = sum(1 for t in times if t.hour in LATE_NIGHT_HOURS)
    return Preview(
        conversations=len(texts),
        started_by_me=sum(1 for r in texts if r["initiator"] == "me"),
        started_by_them=sum(1 for r in texts if r["initiator"] == "them"),
        calls_by_me=sum(1 for r in calls if r["initiator"] == "me"),
        calls_by_them=sum(1 for r in calls if r["initiator"] == "them"),
        first=min(times).date() if times else None,
        last=max(times).date() if times else None,
        late_night=late,
        late_night_share=late / len(times) if times else None,
    )


# --- idempotence -----------------------------------------------------------------------------


def conversation_key(row: Mapping[str, Any]) -> tuple[dt.datetime, str, str]:
    """What names one imported conversation or call: its time (to the minute), who started
    it and its channel; the person may edit the rest (trigger, under_influence) afterwards."""
    return (_at(row).replace(second=0, microsecond=0), row["initiator"], row["channel"])


def only_new(
    rows: list[dict[str, Any]], existing: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The rows whose `conversation_key` none of the journal's contacts has."""
    held = {conversation_key(r) for r in existing}
    return [r for r in rows if conversation_key(r) not in held]
