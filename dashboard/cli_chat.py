"""`tideline import` of a chat history: its options (--me, --ex, --gap-hours, --reply-hours,
--date-order, --tz, --keep-text), who is who before the journal is opened, the dry run's
counts (never a word of the messages) and the import (docs/chat-imports.md).

`dashboard.cli` declares the import command and hands a chat file here (or several files,
the parts of one chat: `import_parts`); the conversation rules and the plan load only when a
chat is imported (`dashboard.chat_import`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard import wording
from dashboard.store import Store
from dashboard.validate import ValidationError

# The options only a chat history takes, by their argparse names.
CHAT_FLAGS = ("me", "ex", "gap_hours", "reply_hours", "date_order", "tz", "keep_text")
# What to add to a who-is-who error: the option that answers it.
WHO_FLAGS = {"me": "name yourself with --me NAME", "ex": "name your ex with --ex NAME"}
# What to add when WhatsApp's dates read both ways.
DATE_ORDER_FLAG = "say which with --date-order dmy (day first) or --date-order mdy (month first)"
# A chat's bad contacts listed in the one-line error, at most (the rest counted).
SHOWN_PROBLEMS = 3
# The files of one chat named in full, at most (else the first and the last).
SHOWN_NAMES = 3


class ChatCliError(ValidationError):
    """A chat import that cannot go ahead: one line, exit 1, nothing written."""


def _hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours") from None
    if not 0 < hours <= 24 * 365:
        raise argparse.ArgumentTypeError("hours must be more than 0 and at most a year's")
    return hours


def add_chat_options(p: argparse.ArgumentParser) -> None:
    """The options of a chat history's import on `tideline import`."""
    p.add_argument("--me", default=None, help="a chat: which participant you are")
    p.add_argument("--ex", default=None, help="a chat of more than two: which one is your ex")
    p.add_argument(
        "--gap-hours", type=_hours, default=None, help="a new conversation after (default 6)"
    )
    p.add_argument(
        "--reply-hours", type=_hours, default=None, help="a reply counts within (default 24)"
    )
    p.add_argument(
        "--date-order",
        choices=["dmy", "mdy", "ymd"],
        default=None,
        help="WhatsApp's dates (default: from the dates)",
    )
    p.add_argument("--tz", default=None, help="time zone of epoch times (default: $TZ or local)")
    p.add_argument(
        "--keep-text",
        action="store_true",
        help="keep the messages' text in each contact's private note (off unless given)",
    )


def refuse_chat_flags(args: argparse.Namespace, name: str, kind_name: str) -> None:
    """A chat option given for a file that is no chat: one line, nothing imported."""
    given = [flag for flag in CHAT_FLAGS if getattr(args, flag) not in (None, False)]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise ChatCliError(
            f"{flag} is for chat histories, and {name} is read as {kind_name}; nothing was imported"
        )


def _options(args: argparse.Namespace) -> Any:
    """The chat_import.ChatOptions of the command line (the rules' defaults where not given)."""
    from dashboard.chat_import import ChatOptions

    numbers = {n: getattr(args, n) for n in ("gap_hours", "reply_hours") if getattr(args, n)}
    return ChatOptions(
        me=args.me,
        ex=args.ex,
        keep_text=args.keep_text,
        date_order=args.date_order,
        tz=args.tz,
        **numbers,
    )


def _plan(args: argparse.Namespace, read: Callable[[Any], Any], kind: str, opener: Callable) -> Any:
    """Read the chat (`read(options)`) and say who is who before the journal is opened (a bad
    name writes nothing, not even a new empty journal); then plan the import, and run it unless
    a dry run."""
    from dashboard import chat_import, dataops
    from dashboard.conversations import WhoIsWho
    from dashboard.formats.chat import DateOrderUnknown

    options = _options(args)
    try:
        history = read(options)
    except DateOrderUnknown as exc:
        raise ChatCliError(f"{exc.question}: {DATE_ORDER_FLAG}; nothing was imported") from None
    try:
        chat_import.who(history, options)
    except WhoIsWho as exc:
        told = str(exc).rstrip(".")
        raise ChatCliError(f"{told} ({WHO_FLAGS[exc.missing]}); nothing was imported") from None
    with opener(args.dry_run) as store:
        plan = chat_import.plan(store, history, kind, options)
        if args.dry_run or plan.problems:
            return plan, None
        return plan, dataops.run_import(store, plan)


def _said(args: argparse.Namespace, name: str, kind_name: str, plan: Any, report: Any) -> int:
    """The dry run's counts, or the import's one line; a plan with problems is refused."""
    from dashboard import chat_import, dataops

    if plan.problems:
        shown = "; ".join(why for _, why in plan.problems[:SHOWN_PROBLEMS])
        more = len(plan.problems) - SHOWN_PROBLEMS
        rest = f" … and {more} more" if more > 0 else ""
        raise ChatCliError(f"nothing was imported: {shown}{rest}")
    if report is None:
        print(f"Dry run: nothing was written to {args.db}.")
        print(f"{name} ({kind_name}):")
        for line in chat_import.summary(plan):
            print(f"  {line}")
        if plan.new_total:
            print(f"Would add {dataops.counts_text(plan.new)}.")
        else:
            print("Nothing new: every conversation in this file is already in your journal.")
        return 0
    dates = wording.span(report.first, report.last)
    print(f"imported {name} ({kind_name}): {report.summary(dates)}")
    return 0


def import_chat(
    args: argparse.Namespace,
    name: str,
    file: tuple[bytes, str, str],
    opener: Callable[[bool], Store],
) -> int:
    """A chat history's import: `file` is (data, kind, the kind's name); `opener(preview)` opens
    the journal (read-only for a preview). With --dry-run the counts only, else the contacts
    written in one transaction."""
    from dashboard import chat_import

    data, kind, kind_name = file
    plan, report = _plan(args, lambda options: chat_import.read(data, kind, options), kind, opener)
    return _said(args, name, kind_name, plan, report)


def _parts(
    args: argparse.Namespace, forced: str | None, kind_names: dict[str, str]
) -> tuple[list[tuple[str, bytes]], str]:
    """The files named on the command line, (name, bytes) each, and the one chat kind they are
    all read as (forced, or each detected); ChatCliError when one is no chat or kinds differ."""
    from dashboard import formats
    from dashboard.formats import archive

    paths = [Path(given) for given in (args.file, *args.more)]
    missing = next((path for path in paths if not path.is_file()), None)
    if missing is not None:
        raise ChatCliError(f"no such file: {missing}")
    archive.check_together(sum(path.stat().st_size for path in paths))
    parts: list[tuple[str, bytes]] = []
    kinds: dict[str, str] = {}
    for path in paths:
        try:
            data = formats.read_file(path)
            kind = forced or formats.detect(data)
        except ValidationError as exc:
            raise ChatCliError(f"{path.name}: {exc}") from None
        if kind not in formats.CHAT_KINDS:
            raise ChatCliError(
                "several files are imported together only as the files of one chat, and "
                f"{path.name} is read as {kind_names[kind]}; nothing was imported"
            )
        parts.append((path.name, data))
        kinds.setdefault(kind, path.name)
    if len(kinds) > 1:
        (one, first), (other, second) = list(kinds.items())[:2]
        raise ChatCliError(
            f"the files of one chat are of one kind, and {first} is read as {kind_names[one]} "
            f"but {second} as {kind_names[other]}; nothing was imported"
        )
    return parts, next(iter(kinds))


def _names(parts: list[tuple[str, bytes]]) -> str:
    names = [name for name, _ in parts]
    if len(names) <= SHOWN_NAMES:
        return ", ".join(names)
    return f"{names[0]} … {names[-1]} ({len(names)} files)"


def import_parts(
    args: argparse.Namespace,
    formats_by_option: dict[str, str],
    kind_names: dict[str, str],
    opener: Callable[[bool], Store],
) -> int:
    """`tideline import a.json b.json …`: the files of one chat history (message_1.json,
    message_2.json…; an SMS backup's sms-….xml and calls-….xml; overlapping exports) merged
    into one, what two of them hold counted once, then imported like one chat file."""
    from dashboard import chat_import

    if args.mood_map:
        raise ChatCliError("--mood-map is for Daylio CSV files; nothing was imported")
    forced = formats_by_option[args.format] if args.format else None
    parts, kind = _parts(args, forced, kind_names)

    def read(options: Any) -> Any:
        return chat_import.read_parts(parts, kind, options)

    plan, report = _plan(args, read, kind, opener)
    return _said(args, _names(parts), kind_names[kind], plan, report)
