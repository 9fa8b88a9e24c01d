"""`make bench`: Tideline's speed as ratios to a bare Streamlit page measured in the same rounds.

Issue 14, point 6 ("the benchmark tells the truth"). On 1, 10 and 50 years of a heavy user's
demo story it prints, as min / median / max of three repetitions with the target beside each:
every page's warm AppTest run and its first run after a mood and after a contact saved through
the Log page's own forms, each over the bare page (one Altair chart of 3,650 points) run just
before it; 50 years over 10 years; the rows of the biggest chart at 50 years; `tideline metrics`
and a one-year `tideline snapshot` PDF from a fresh process over `python -c "import pandas,
duckdb"`; 10-year Daylio CSV and `.daylio` backup imports and a 100,000-message WhatsApp chat's
by `tideline import`; the server's memory after every page at 10 years over a bare Streamlit
server's. The load average is printed with the results.
`--quick`: 1 and 10 years, one repetition; `--commit HEAD`: a commit's tree, not the checkout's."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fresh
import importing
import report
from common import ROOT, build_journal, entries
from pagetimes import WRITES, PageTimes

TABLES = {"mood": "mood", "contact": "contacts"}


def say(text: str) -> None:
    print(text, flush=True)


def journals(tmp: Path, sizes: list[int], end: dt.date) -> dict[int, Path]:
    built = {}
    for years in sizes:
        start = time.perf_counter()
        built[years] = build_journal(tmp / f"{years}y.duckdb", years, end)
        took = time.perf_counter() - start
        say(f"  {years} {report.plural(years, 'year')} written by `tideline demo` in {took:.0f} s")
    return built


def fresh_figures(built: dict[int, Path], tmp: Path, end: dt.date, repeats: int) -> dict:
    """The command line's figures (each run in a new process, the floor just before it)."""
    say("timing `tideline metrics` (10 years) and a one-year snapshot PDF, fresh processes…")
    metrics = fresh.against_floor(fresh.metrics_command(built[10]), repeats)
    pdf = fresh.against_floor(fresh.pdf_command(built[1], end, tmp / "snapshot.pdf"), repeats)
    say("timing a 10-year Daylio import with `tideline import`, fresh processes…")
    moods, imports = importing.import_times(tmp, end, repeats)
    say("timing a 10-year .daylio backup import with `tideline import`, fresh processes…")
    backups, backup_imports = importing.backup_import_times(tmp, end, repeats)
    say("timing a 100,000-message WhatsApp chat import with `tideline import`, fresh processes…")
    chat = importing.chat_import_times(tmp, end, repeats)
    return {
        "import_chat": chat,
        "metrics": metrics,
        "pdf": pdf,
        "import": imports,
        "imported": moods,
        "import_backup": backup_imports,
        "imported_backup": backups,
    }


def page_figures(built: dict[int, Path], repeats: int) -> PageTimes:
    before = {(y, k): entries(path, TABLES[k]) for y, path in built.items() for k in WRITES}
    times = PageTimes(built)
    for n in range(repeats):
        say(f"AppTest repetition {n + 1} of {repeats} (load {report.load()}):")
        times.repetition(lambda page: say(f"  {page} done (load {report.load()})"))
    for (years, kind), count in before.items():
        added = entries(built[years], TABLES[kind]) - count
        if added != times.saved[(years, kind)]:
            raise RuntimeError(
                f"{years} years: {times.saved[(years, kind)]} {kind} saves on the Log page "
                f"added {added} entries"
            )
    return times


def print_results(times: PageTimes, cli: dict, memory: list | None, repeats: int) -> int:
    verdicts = report.Verdicts()
    report.page_tables(times, verdicts, repeats)
    print()
    floor = 'over `python -c "import pandas, duckdb"`'
    report.pairs_line(
        f"`tideline metrics`, 10 years, {floor}", cli["metrics"], "metrics", verdicts, "s"
    )
    report.pairs_line(f"one-year snapshot PDF {floor}", cli["pdf"], "pdf", verdicts, "s")
    report.import_line(cli["imported"], cli["import"], verdicts)
    report.import_line(
        cli["imported_backup"],
        cli["import_backup"],
        verdicts,
        "Daylio backup import",
        "import_backup",
    )
    report.chat_import_line(*cli["import_chat"], verdicts)
    if memory is None:
        print("server memory: not measured (needs Chromium and Playwright; or --no-browser)")
    else:
        mb = [(a / 1024, b / 1024) for a, b in memory]
        what = "server memory (VmRSS) after every page at 10 years over a bare Streamlit server"
        report.pairs_line(what, mb, "memory", verdicts, "MB")
    print(f"\nload average at the end: {report.load()}")
    missed = verdicts.missed
    print(
        "all targets met" if not missed else f"{len(missed)} target(s) missed: {', '.join(missed)}"
    )
    return 0


def at_commit(rev: str, argv: list[str]) -> int:
    """The benchmark of a commit, by its own bench/run.py on its tree (`git archive`): a tree
    that others are editing may stop importing halfway through a run."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="tideline-tree-") as tree:
        files = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", tree], input=files.stdout, check=True)
        say(f"benchmarking commit {sha} (its tree, exported to {tree})")
        env = {**os.environ, "PYTHONPATH": tree}
        run = [sys.executable, str(Path(tree) / "bench" / "run.py"), *argv]
        return subprocess.run(run, cwd=tree, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 10 years, one repetition")
    parser.add_argument("--repeats", type=int, default=None, help="repetitions (default 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the server's memory")
    parser.add_argument("--commit", default=None, help="measure this commit's tree (e.g. HEAD)")
    args = parser.parse_args(argv)
    if args.commit:
        rest = ["--quick"] * args.quick + ["--no-browser"] * args.no_browser
        rest += ["--repeats", str(args.repeats)] if args.repeats else []
        return at_commit(args.commit, rest)
    sys.path.insert(0, str(ROOT))
    repeats = args.repeats or (1 if args.quick else 3)
    sizes = [1, 10] if args.quick else [1, 10, 50]
    end = dt.date.today()
    say(f"load average at the start: {report.load()}")
    with tempfile.TemporaryDirectory(prefix="tideline-bench-") as tmp_name:
        tmp = Path(tmp_name)
        say(f"building {', '.join(map(str, sizes))} years of a heavy user's journal…")
        built = journals(tmp, sizes, end)
        cli = fresh_figures(built, tmp, end, repeats)
        memory = None
        if not args.no_browser and fresh.can_browse():
            say("server memory after every page at 10 years, and a bare server's…")
            memory = fresh.server_memory(built[10], repeats)
        times = page_figures(built, repeats)
        return print_results(times, cli, memory, repeats)


if __name__ == "__main__":
    sys.exit(main())
