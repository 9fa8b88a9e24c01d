"""A chat history imported as contacts: who is who, the rules' numbers, a plan of counts only.

The steps, shared by `tideline import` and the Data page (docs/chat-imports.md):
`read(data, kind, options)` reads the export (`formats.read_chat`; pure, nothing opened;
`read_parts` a chat in several files),
`who(history, options)` says which participant is the person and which the ex (a `WhoIsWho`
error lists the names when that is unclear), and `plan(store, history, kind, options)` makes the
contacts by the rules (`dashboard.conversations`), keeps the conversations the journal does not
hold yet (`conversations.only_new`) and returns a `ChatPlan`: an `ImportPlan` that
`dataops.run_import` writes like any other import, with the counts a preview shows. Nothing in a
plan's words is message text; the text reaches the payload only with `keep_text`, as the
contacts' private notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import conversations, dataops, formats
from dashboard.formats import tideline
from dashboard.formats.chat import ChatError, ChatHistory
from dashboard.store import Store
from dashboard.wording import plural


@dataclass(frozen=True)
class ChatOptions:
    """Who is who and the rules' numbers (`tideline import --me … --gap-hours …`)."""

    me: str | None = None
    ex: str | None = None
    gap_hours: float = conversations.Rules.gap_hours
    reply_hours: float = conversations.Rules.reply_hours
    keep_text: bool = False
    date_order: str | None = None
    tz: str | None = None

    def rules(self) -> conversations.Rules:
        return conversations.Rules(self.gap_hours, self.reply_hours, self.keep_text)


@dataclass
class ChatPlan(dataops.ImportPlan):
    """An import plan of a chat's contacts, with who is who and the file's counts."""

    me: str = ""
    ex: str = ""
    counts: conversations.Preview | None = None
    repeated: int = 0
    files: int = 1


def read(data: bytes, kind: str, options: ChatOptions) -> ChatHistory:
    """The chat export as a history (its date order and zone from `options`)."""
    return formats.read_chat(data, kind, options.date_order, options.tz)


def read_parts(parts: list[tuple[str, bytes]], kind: str, options: ChatOptions) -> ChatHistory:
    """The files of one chat ((name, bytes) each: message_1.json, message_2.json…) as one
    history, what two of them hold counted once (`formats.read_chat_parts`)."""
    return formats.read_chat_parts(parts, kind, options.date_order, options.tz)


def who(history: ChatHistory, options: ChatOptions) -> tuple[str, str]:
    """(me, ex) as the chat spells them; `conversations.WhoIsWho` when unclear, ChatError for
    rules' numbers that are not above 0."""
    if options.gap_hours <= 0 or options.reply_hours <= 0:
        raise ChatError("The gap and reply hours must be more than 0.")
    return conversations.who(history, options.me, options.ex)


def plan(store: Store, history: ChatHistory, kind: str, options: ChatOptions) -> ChatPlan:
    """What importing the chat would do against this journal; writes nothing."""
    me, ex = who(history, options)
    rows = conversations.contact_rows(history, me, ex, options.rules())
    fresh = conversations.only_new(rows, store.rows("contacts"))
    payload = {"format": tideline.FORMAT, "contacts": fresh}
    parsed, report = tideline.preview(store, payload)
    counts = conversations.preview(rows)
    result = ChatPlan(
        kind=kind, payload=payload, me=me, ex=ex, counts=counts, repeated=history.repeated
    )
    result.files = history.files
    result.problems = [("contacts", error) for error in parsed.errors]
    added = report.added.get("contacts", 0)
    result.in_file = {"contacts": len(rows)}
    result.new = {"contacts": added}
    result.skipped = {"contacts": len(rows) - added}
    result.first, result.last = counts.first, counts.last
    return result


def prepare(store: Store, data: bytes, kind: str, options: ChatOptions) -> ChatPlan:
    """`read` then `plan`: a chat file to an import plan (`dataops.prepare` for chats)."""
    return plan(store, read(data, kind, options), kind, options)


def summary(result: ChatPlan) -> list[str]:
    """The preview's lines, counts only: who is who, conversations and calls by who started
    them, the dates, the late-night contacts (a share from 5 of them), what is new."""
    lines = [f"you: {result.me}; your ex: {result.ex}"]
    share_from = conversations.SHARE_FROM
    lines.append(result.counts.text(share_from) if result.counts else "no contacts")
    total, new = result.in_file.get("contacts", 0), result.new.get("contacts", 0)
    where = "the file" if result.files == 1 else f"the {result.files} files"
    lines.append(f"{plural(total, 'contact')} in {where}, {new} new, {total - new} already there")
    if result.repeated:
        twice = plural(result.repeated, "message or call", "messages or calls")
        lines.append(f"{twice} in more than one of the files, counted once")
    return lines
