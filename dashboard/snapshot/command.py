"""`tideline snapshot` on the command line (found by dashboard.cli through `add_commands`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dashboard.snapshot.exports import export, format_of
from dashboard.snapshot.model import SnapshotError, describe_period


def _cli_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add `tideline snapshot` to the command line."""
    p = subparsers.add_parser(
        "snapshot", help="a snapshot of a period for your therapist (PDF or offline HTML)"
    )
    p.add_argument("--from", dest="start", type=_cli_date, required=True, help="first day")
    p.add_argument("--to", dest="end", type=_cli_date, required=True, help="last day")
    p.add_argument("--out", required=True, help="FILE.pdf or FILE.html")
    p.add_argument(
        "--include-notes", action="store_true", help="include private notes (left out otherwise)"
    )
    p.add_argument("--topics", default="", help="what you want to talk about in the session")
    p.set_defaults(func=cmd_snapshot)


def cmd_snapshot(args: argparse.Namespace) -> int:
    # Imported here: dashboard.cli imports this module to find its commands.
    from dashboard.cli import CliError, _open

    if args.start > args.end:
        raise SnapshotError("--from must not be after --to")
    format_of(args.out)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise SnapshotError(f"no folder {out.parent} to write {out.name} into")
    try:
        store = _open(args, create=False)
    except CliError as exc:
        # When run as `python -m dashboard.cli`, main() catches its own copy of CliError, not
        # this one; a SnapshotError (a ValueError) is caught either way.
        raise SnapshotError(str(exc)) from None
    with store:
        export(
            store,
            args.start,
            args.end,
            out,
            include_notes=args.include_notes,
            topics=args.topics,
        )
    notes = "with private notes" if args.include_notes else "private notes left out"
    print(f"snapshot of {describe_period(args.start, args.end)} written to {out} ({notes})")
    return 0
