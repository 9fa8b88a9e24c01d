"""The `tideline` command line (PRODUCT.md section 6). Errors: one line on stderr, exit 1.

Every command and option is declared here (`build_parser`) and run by a `cmd_*` function here
or, for the vault's commands, in `dashboard.cli_vault`. The snapshot, the demo and the guidance
load only when their command runs, so `tideline metrics`, `import` and `export` never load
Altair or the chart modules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import duckdb

from dashboard import cli_chat, cli_vault, metrics, vault, wording
from dashboard.store import (
    Store,
    StoreError,
    StoreInUse,
    default_db_path,
    is_encrypted,
    output_file,
)
from dashboard.targets import SALT_SUFFIX, refuse_target
from dashboard.validate import TABLES, ValidationError

if TYPE_CHECKING:
    from dashboard import dataops

# The readers, writers and import steps load only in the commands that use them (import,
# export, demo): `tideline metrics` and the vault's commands pay for none of them.


class CliError(Exception):
    """A user-facing error: printed on one line, no traceback."""


# What every command says when another process (the app, mostly) has the journal open. DuckDB
# lets one process at a time open the file, so the command stops before it writes anything.
IN_USE = "the journal is open in Tideline; close the app or use the Data page"


# The days a command accepts: far enough either way for any life, near enough that a day
# before or after them is still a date (a year 1 or 9999 made the date sums overflow).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
# The most years a demo story or a snapshot covers (a snapshot's weeks must fit its charts).
MAX_YEARS = 50


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and exit 1, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"tideline: error: {message} (tideline --help lists the commands)\n")


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"{text} is outside the days Tideline keeps ({FIRST_DAY} to {LAST_DAY})"
        )
    return day


def _years(text: str) -> float:
    try:
        years = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of years") from None
    if not 0 < years <= MAX_YEARS:
        raise argparse.ArgumentTypeError(f"--years must be more than 0 and at most {MAX_YEARS}")
    return years


def _open(args: argparse.Namespace, create: bool = True) -> Store:
    """Open the database; commands that only read refuse to create an empty file."""
    if not create and not Path(args.db).is_file():
        raise CliError(f"no database at {args.db} (run `tideline demo` or log something first)")
    # An encrypted journal asks for its passphrase ($TIDELINE_PASSPHRASE or a prompt).
    return vault.open_for_cli(args.db)


def cmd_demo(args: argparse.Namespace) -> int:
    from dashboard.demo import demo_payload

    # The story is made before the journal is opened, and a journal this command created is
    # removed again when the story could not go in: a failed demo leaves no empty file.
    payload = demo_payload(end=args.end, years=args.years)
    created = not Path(args.db).exists()
    try:
        with _open(args) as store:
            if not store.is_empty() and not args.force:
                raise CliError(
                    f"{args.db} already holds entries; the demo story goes into an empty "
                    "database (use --db to pick another file, or --force to add it anyway)"
                )
            from dashboard.formats import tideline

            report = tideline.import_payload(store, payload)
    except BaseException:
        if created:
            _remove_journal(Path(args.db))
        raise
    print(f"demo story written to {args.db}: {report.summary()}")
    return 0


def _remove_journal(path: Path) -> None:
    """Remove a journal this command created and could not fill, with its log and salt."""
    for made in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".salt")):
        made.unlink(missing_ok=True)


# --format names on the command line -> the kinds of dashboard.formats (the Data page's).
IMPORT_FORMATS: dict[str, str] = {
    "tideline": "tideline",
    "csv": "csv_zip",
    "daylio": "daylio",
    "daylio-backup": "daylio_backup",
    "bearable": "bearable",
    "whatsapp": "whatsapp",
    "telegram": "telegram",
    "instagram": "messenger",
    "messenger": "messenger",
    "sms": "sms",
}
# `tideline export --format`: dashboard.formats.EXPORT_KINDS's names (a test holds them equal;
# the formats package is not loaded to list them).
EXPORT_CHOICES = ("json", "csv", "parquet")
# How the command line names each kind in what it prints.
KIND_NAMES: dict[str, str] = {
    "tideline": "tideline/1 JSON",
    "csv_zip": "Tideline CSV",
    "daylio": "Daylio CSV",
    "daylio_backup": "Daylio backup",
    "bearable": "Bearable CSV",
    "whatsapp": "WhatsApp chat",
    "telegram": "Telegram chat",
    "messenger": "Instagram or Messenger chat",
    "sms": "SMS Backup & Restore",
}


def _open_for_preview(args: argparse.Namespace) -> Store:
    """The journal opened read-only, so a dry run cannot change a byte of it."""
    path = Path(args.db)
    if not path.is_file():
        # No journal yet: nothing is already present, and no file may be created.
        return Store(":memory:")
    passphrase = vault.ask_passphrase(path) if is_encrypted(path) else None
    return Store(path, read_only=True, passphrase=passphrase)


def _print_plan(name: str, db: Path, plan: dataops.ImportPlan) -> None:
    """The preview of an import, every problem on its own line."""
    from dashboard import dataops

    print(f"Dry run: nothing was written to {db}.")
    print(f"{name} ({KIND_NAMES[plan.kind]}):")
    for table in TABLES:
        n = plan.in_file.get(table, 0)
        if not n:
            continue
        if plan.problems:
            print(f"  {dataops.NOUNS[table]}: {n} read without a problem")
        else:
            new, old = plan.new.get(table, 0), plan.skipped.get(table, 0)
            print(f"  {dataops.NOUNS[table]}: {n} in the file, {new} new, {old} already there")
    dates = wording.span(plan.first, plan.last)
    if dates:
        print(f"  dates: {dates}")
    merge = plan.settings_merge
    if merge is not None:
        # Every setting that would change, old -> new; red flags are only ever added.
        changed = ", ".join(c.text() for c in merge.changes) or "none would change"
        print(f"  settings: {changed}")
        if merge.kept:
            print(f"  kept as you chose: {merge.kept_text()}")
    if plan.problems:
        count = wording.plural(len(plan.problems), "problem")
        print(f"{count}; nothing can be imported until each is fixed:")
        for where, why in plan.problems:
            print(f"  {where}: {why}")
    elif plan.new_total:
        skipped = f"; {plan.skipped_total} already there would be skipped"
        print(f"Would add {dataops.counts_text(plan.new)}{skipped if plan.skipped_total else ''}.")
    elif plan.setting_changes:
        print("Would add no entries, only change the settings listed above.")
    else:
        print("Nothing new: everything in this file is already in your journal.")


def cmd_import(args: argparse.Namespace) -> int:
    from dashboard import dataops, formats
    from dashboard.formats import daylio

    if args.more:  # several files: the parts of one chat history, merged
        return cli_chat.import_parts(
            args,
            IMPORT_FORMATS,
            KIND_NAMES,
            lambda preview: _open_for_preview(args) if preview else _open(args),
        )
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    data = formats.read_file(path)  # its size checked before it is read
    # The same steps as the Data page: detect, prepare (a preview), then run_import.
    kind = IMPORT_FORMATS[args.format] if args.format else formats.detect(data)
    if args.mood_map and kind != "daylio":
        raise CliError(
            f"--mood-map is for Daylio CSV files, and {path.name} is read as "
            f"{KIND_NAMES[kind]}; nothing was imported"
        )
    mood_map, moods = daylio.mood_map_from_spec(data, args.mood_map) if args.mood_map else ({}, "")
    if moods:
        print(moods)  # --mood-map auto: what each label becomes, before anything else
    if kind in formats.CHAT_KINDS:
        return cli_chat.import_chat(
            args,
            path.name,
            (data, kind, KIND_NAMES[kind]),
            lambda preview: _open_for_preview(args) if preview else _open(args),
        )
    cli_chat.refuse_chat_flags(args, path.name, KIND_NAMES[kind])
    if args.dry_run:
        with _open_for_preview(args) as store:
            plan = dataops.prepare(store, data, kind, mood_map)
        _print_plan(path.name, Path(args.db), plan)
        if plan.problems:
            raise CliError(
                f"{wording.plural(len(plan.problems), 'problem')} in {path.name} (listed above); "
                "nothing would be imported"
            )
        return 0
    with _open(args) as store:
        plan = dataops.prepare(store, data, kind, mood_map)
        if plan.problems:
            listed = "; ".join(f"{where}: {why}" for where, why in plan.problems)
            raise CliError(
                f"nothing was imported: {wording.plural(len(plan.problems), 'problem')} in "
                f"{path.name}: {listed} (--dry-run lists them one per line)"
            )
        report = dataops.run_import(store, plan)
    dates = wording.span(report.first, report.last)
    print(f"imported {path.name} ({KIND_NAMES[kind]}): {report.summary(dates)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import dataops, formats

    with _open(args, create=False) as store:
        count = int(store.query("table_counts").iloc[0].sum())
        data = formats.build_export(store, args.format)
        with output_file(args.file) as part:
            part.write_bytes(data)
            # Recorded only once the file is written, and the file takes its name only once
            # recorded: a failed export leaves neither a record nor a file.
            dataops.record_export(store, args.format, "command line")
    print(f"exported {count} entries to {args.file}")
    return 0


def _print_metrics(result: metrics.Metrics) -> None:
    """The plain summary: moods at one decimal, whole percentages, '1 day' but '2 days'."""
    nc, mood = result["no_contact"], result["mood"]
    print(f"As of {wording.day(dt.date.fromisoformat(result['as_of']))}")
    lead = metrics.lead_with(nc)
    longest = wording.plural(nc["longest_streak_days"], "day")
    strength = wording.percent_figure(nc["strength_pct"])
    if lead == "inactive":
        print("  No contact: no period active")
    elif lead == "streak":
        print(f"  No contact: {wording.plural(nc['current_streak_days'] or 0, 'day')} in a row")
    else:
        # After a slip: what was kept comes first, never a bare "day 0".
        print(f"  No contact: strength {strength}, longest run {longest}; you are still in this")
    print(f"  Strength {strength}, adherence {wording.percent_figure(nc['adherence_pct'])}")
    resisted = wording.plural(nc["urges_resisted"], "urge resisted", "urges resisted")
    print(f"  Longest streak {longest}; {resisted}")
    print(
        f"  Mood: {wording.plural(mood['entries'], 'entry', 'entries')}, "
        f"mean {wording.mood(mood['mean'])}, last 7 days {wording.mood(mood['mean_last_7d'])}"
    )
    print(f"  Cycles: {result['cycles']['status'] or 'no breakups logged'}")


def cmd_metrics(args: argparse.Namespace) -> int:
    if args.since and args.as_of and args.since > args.as_of:
        raise CliError("--since must not be after --as-of")
    with _open(args, create=False) as store:
        result = metrics.compute(store, as_of=args.as_of, since=args.since)
    if args.json:
        print(metrics.to_json(result))
    else:
        _print_metrics(result)
    return 0


def cmd_guidance(args: argparse.Namespace) -> int:
    from dashboard import guidance

    held_back = False
    if args.all:
        if args.as_of is not None:
            raise CliError("--all lists every card whatever the day; leave out --as-of")
        cards = guidance.load_cards()
    else:
        with _open(args, create=False) as store:
            result = metrics.compute(store, as_of=args.as_of)
            context = guidance.build_context(result, store.settings())
        cards = guidance.active_cards(context)
        held_back = guidance.holds_back(context)
    if args.json:
        print(json.dumps([guidance.card_to_dict(c) for c in cards], ensure_ascii=False, indent=1))
    else:
        for card in cards:
            source = card_to_source(guidance.card_to_dict(card)["source"])
            print(f"* {card.title} ({source})")
    if held_back:
        # On stderr, so the JSON on stdout keeps its shape; a reviewer still learns why.
        print(
            "Cards about getting back together are held back: a red flag is marked or the "
            "intent is to move on (guidance --all lists them).",
            file=sys.stderr,
        )
    return 0


def card_to_source(source: dict[str, Any]) -> str:
    """'Title, by Author: section' for one card's source."""
    text = source["title"]
    if source.get("author"):
        text += f", by {source['author']}"
    if source.get("section"):
        text += f": {source['section']}"
    return text


def cmd_snapshot(args: argparse.Namespace) -> int:
    # Loaded here: the snapshot and what writes its PDF, which no other command needs.
    from dashboard import snapshot

    if args.start > args.end:
        raise snapshot.SnapshotError("--from must not be after --to")
    # The page and this command share the limit (a snapshot over a century answers cleanly).
    snapshot.check_period(args.start, args.end)
    snapshot.format_of(args.out)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise snapshot.SnapshotError(f"no folder {out.parent} to write {out.name} into")
    with _open(args, create=False) as store:
        snapshot.export(
            store,
            args.start,
            args.end,
            out,
            include_notes=args.include_notes,
            topics=args.topics,
            include_situation=args.include_situation,
        )
    notes = "with private notes" if args.include_notes else "private notes left out"
    situation = "my situation in it" if args.include_situation else "my situation left out"
    period = snapshot.describe_period(args.start, args.end)
    print(f"snapshot of {period} written to {out} ({notes}, {situation})")
    return 0


# The argument naming the file each command writes. None of them may be the journal, its log,
# its salt or a file in its backups folder (dashboard.targets); a backup's salt goes beside it.
OUTPUT_ARGS: dict[str, str] = {"export": "file", "snapshot": "out", "backup": "file"}


def refuse_protected_outputs(args: argparse.Namespace) -> None:
    """Stop a command, before it opens anything, whose output would replace a journal's file."""
    name = OUTPUT_ARGS.get(args.command)
    target = getattr(args, name, None) if name else None
    if target is None:
        return
    outputs = [Path(target)]
    if args.command == "backup":
        outputs.append(Path(f"{target}{SALT_SUFFIX}"))
    for output in outputs:
        refuse_target(args.db, output, f"the {args.command}")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1024 <= port <= 65535:
        raise argparse.ArgumentTypeError("the port must be from 1024 to 65535")
    return port


def _add_day_and_json(p: argparse.ArgumentParser, json_help: str) -> None:
    """--as-of (the tracking day) and --json, as `metrics` and `guidance` take them."""
    p.add_argument("--as-of", type=_date, default=None, help="tracking day (default today)")
    p.add_argument("--json", action="store_true", help=json_help)


def _add_journal_commands(sub: argparse._SubParsersAction) -> None:
    """demo, import and export: what goes into the journal and what comes out."""
    p = sub.add_parser("demo", help="fill an empty database with the demo story")
    p.add_argument("--years", type=_years, default=None, help="a heavy user's N years instead")
    p.add_argument("--end", type=_date, default=None, help="last day of the story (default today)")
    p.add_argument("--force", action="store_true", help="add the story to a non-empty database")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="import a file (all or nothing; twice adds nothing)")
    p.add_argument("file")
    p.add_argument(
        "more", nargs="*", metavar="FILE", help="more files of one chat (message_2.json…)"
    )
    p.add_argument(
        "--format",
        choices=list(IMPORT_FORMATS),
        default=None,
        help="file format; csv is the Data page's CSV zip (default: detected from the file)",
    )
    p.add_argument(
        "--mood-map",
        default=None,
        help='Daylio CSV moods: "label=N,..." (1-10), auto (proposed from the labels\' words; '
        'the dry run shows them) or both, e.g. "auto,sick=3"',
    )
    cli_chat.add_chat_options(p)
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be imported and every problem; write nothing",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export everything (tideline/1 JSON unless --format)")
    p.add_argument("file")
    p.add_argument(
        "--format",
        choices=list(EXPORT_CHOICES),
        default="json",
        help="json (tideline/1), csv (a zip of one CSV per table) or parquet (a zip)",
    )
    p.set_defaults(func=cmd_export)


def _add_reading_commands(sub: argparse._SubParsersAction) -> None:
    """metrics and guidance: what the journal says today."""
    p = sub.add_parser("metrics", help="the figures of the dashboard")
    _add_day_and_json(p, "print the JSON of PRODUCT.md section 4")
    p.add_argument("--since", type=_date, default=None, help="count only from this day on")
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("guidance", help="the guidance cards (all, or those that fit a day)")
    p.add_argument("--all", action="store_true", help="every card in the library")
    _add_day_and_json(p, "every field of each card as JSON")
    p.set_defaults(func=cmd_guidance)


def _add_vault_commands(sub: argparse._SubParsersAction) -> None:
    """encrypt, decrypt, change-passphrase, backup, restore and serve (dashboard.vault)."""
    env, new_env = vault.PASSPHRASE_ENV, vault.NEW_PASSPHRASE_ENV
    p = sub.add_parser("encrypt", help=f"lock the journal with a passphrase (${env})")
    p.set_defaults(func=cli_vault.cmd_encrypt)
    p = sub.add_parser("decrypt", help="remove the passphrase lock (the file becomes readable)")
    p.set_defaults(func=cli_vault.cmd_decrypt)
    p = sub.add_parser(
        "change-passphrase", help=f"pick a new passphrase (old: ${env}, new: ${new_env})"
    )
    p.set_defaults(func=cli_vault.cmd_change_passphrase)
    p = sub.add_parser("backup", help="write a copy of the journal (default: data/backups/)")
    p.add_argument("file", nargs="?", default=None, type=Path)
    p.set_defaults(func=cli_vault.cmd_backup)
    p = sub.add_parser(
        "restore", help="replace the journal with a backup (the current one is kept)"
    )
    p.add_argument("file", type=Path)
    p.set_defaults(func=cli_vault.cmd_restore)
    p = sub.add_parser("serve", help="open the dashboard (on this machine only, unless --lan)")
    p.add_argument(
        "--lan",
        action="store_true",
        help="let phones on your network reach it (needs an encrypted journal)",
    )
    p.add_argument("--port", type=_port, default=vault.DEFAULT_PORT)
    p.set_defaults(func=cli_vault.cmd_serve)


def _add_snapshot_command(sub: argparse._SubParsersAction) -> None:
    """snapshot: a period's summary to share (dashboard.snapshot)."""
    p = sub.add_parser(
        "snapshot", help="a snapshot of a period for your therapist (PDF, offline HTML or JSON)"
    )
    p.add_argument("--from", dest="start", type=_date, required=True, help="first day")
    p.add_argument("--to", dest="end", type=_date, required=True, help="last day")
    p.add_argument(
        "--out", required=True, help="FILE.pdf, FILE.html or FILE.json (the report as data)"
    )
    p.add_argument(
        "--include-notes", action="store_true", help="include private notes (left out otherwise)"
    )
    p.add_argument("--topics", default="", help="what you want to talk about in the session")
    p.add_argument(
        "--include-situation",
        action="store_true",
        help="include my intent and the red flags ticked on the Guidance page (left out otherwise)",
    )
    p.set_defaults(func=cmd_snapshot)


def build_parser() -> argparse.ArgumentParser:
    """Every `tideline` command and option; each command's `func` runs it."""
    parser = _Parser(
        prog="tideline", description="Tideline: your no-contact and mood journal, on your machine."
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: $TIDELINE_DB or data/tideline.duckdb)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_journal_commands(sub)
    _add_reading_commands(sub)
    _add_vault_commands(sub)
    _add_snapshot_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
    try:
        # What a killed command left beside the journal goes first (a plaintext copy too).
        vault.clear_leftovers(args.db)
        refuse_protected_outputs(args)
        return args.func(args)
    except StoreInUse:
        print(
            f"tideline: error: {IN_USE} ({args.db} is in use by another Tideline process; "
            "nothing was changed)",
            file=sys.stderr,
        )
        return 1
    except duckdb.Error as exc:
        # A DuckDB error the command did not expect (TransactionException, IOException…):
        # its first line only, never a traceback.
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        print(
            f"tideline: error: the journal could not be used ({first or type(exc).__name__})",
            file=sys.stderr,
        )
        return 1
    except (CliError, StoreError, ValidationError, ValueError, OSError, ArithmeticError) as exc:
        # One line, always: a message that lists several problems is joined up.
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        message = " ".join(lines) or exc.__class__.__name__
        print(f"tideline: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tideline: interrupted; nothing was changed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
