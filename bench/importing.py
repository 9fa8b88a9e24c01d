"""10-year Daylio imports (PRODUCT.md section 11 and issue 17: at most 1 s) by `tideline import`.

The history is the demo story's moods written as a Daylio CSV export (newest first, 12-hour
times) and as a `.daylio` backup (a zip of base64 JSON, moods by group, notes as light HTML).
Each repetition imports it into a new empty journal from a fresh process, the floor
(`python -c "import pandas, duckdb"`) run just before; the command's time less the floor is an
upper bound of the import itself (it still holds the command line's own start-up).
`python bench/importing.py --big` gives issue 16's figures: the peak memory of `tideline import`
on each hostile file (built here), and the time and peak memory of a 1M-row Daylio CSV import.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from common import tideline
from fresh import FLOOR, process_seconds

LABELS = {10: "rad", 9: "rad", 8: "good", 7: "good", 6: "meh", 5: "meh", 4: "bad", 3: "bad"}
COLUMNS = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]


def daylio_row(row: dict) -> list[str]:
    at = dt.datetime.fromisoformat(row["at"])
    clock = at.strftime("%I:%M %p").lstrip("0").lower()
    activities = " | ".join(row["activities"])
    mood = LABELS.get(row["mood"], "awful")
    return [
        at.date().isoformat(),
        f"{at:%B} {at.day}",
        f"{at:%A}",
        clock,
        mood,
        activities,
        "",
        row["note"],
    ]


def daylio_csv(path: Path, years: int, end: dt.date) -> int:
    """The demo story's `years` of moods as a Daylio CSV export; returns the entries written."""
    from dashboard.demo import demo_payload

    moods = demo_payload(end=end, years=years)["mood"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(daylio_row(row) for row in reversed(moods))
    return len(moods)


def import_times(tmp: Path, end: dt.date, repeats: int) -> tuple[int, list[tuple[float, float]]]:
    """(entries, [(import command seconds, floor seconds)] per repetition), 10 years."""
    export = tmp / "daylio.csv"
    count = daylio_csv(export, 10, end)
    pairs = []
    for n in range(repeats):
        journal = tmp / f"daylio-{n}.duckdb"
        cmd = [*tideline(), "--db", str(journal), "import", str(export), "--format", "daylio"]
        floor = process_seconds(FLOOR)
        pairs.append((process_seconds(cmd), floor))
    return count, pairs


def _group(level: int) -> int:
    """Daylio's mood group (1 best .. 5 worst) nearest a Tideline level."""
    return {10: 1, 9: 1, 8: 2, 7: 2, 6: 3, 5: 3, 4: 4, 3: 4}.get(level, 5)


def daylio_backup(path: Path, years: int, end: dt.date) -> int:
    """The demo story's `years` of moods as a `.daylio` backup; returns the entries written."""
    import base64
    import json
    import zipfile

    from dashboard.demo import demo_payload

    moods = demo_payload(end=end, years=years)["mood"]
    names = sorted({a for row in moods for a in row["activities"]})
    tag_ids = {name: n for n, name in enumerate(names, start=1)}
    entries = []
    for row in reversed(moods):  # the app lists the newest first
        at = dt.datetime.fromisoformat(row["at"])
        entries.append(
            {
                "year": at.year,
                "month": at.month - 1,
                "day": at.day,
                "hour": at.hour,
                "minute": at.minute,
                "datetime": int(at.timestamp() * 1000),
                "timeZoneOffset": 0,
                "mood": _group(row["mood"]),
                "note": row["note"].replace("\n", "<br>"),
                "note_title": "",
                "tags": [tag_ids[a] for a in row["activities"]],
            }
        )
    document = {
        "customMoods": [
            {"id": g, "custom_name": "", "mood_group_id": g, "predefined_name_id": g}
            for g in range(1, 6)
        ],
        "tags": [{"id": n, "name": name} for name, n in tag_ids.items()],
        "dayEntries": entries,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("backup.daylio", base64.encodebytes(json.dumps(document).encode()))
    return len(moods)


def backup_import_times(
    tmp: Path, end: dt.date, repeats: int
) -> tuple[int, list[tuple[float, float]]]:
    """(entries, [(import command seconds, floor seconds)] per repetition), a 10-year backup."""
    backup = tmp / "backup.daylio"
    count = daylio_backup(backup, 10, end)
    pairs = []
    for n in range(repeats):
        journal = tmp / f"daylio-backup-{n}.duckdb"
        cmd = [*tideline(), "--db", str(journal), "import", str(backup)]
        floor = process_seconds(FLOOR)
        pairs.append((process_seconds(cmd), floor))
    return count, pairs


# A WhatsApp chat's rhythm: mostly quick replies, now and then an evening's pause or a day's
# (about 50 minutes on average: 100,000 messages are some ten years).
CHAT_GAPS_MINUTES = (1, 1, 2, 2, 3, 5, 10, 30, 60, 7 * 60)


def whatsapp_chat(path: Path, messages: int, end: dt.date) -> int:
    """A two-person WhatsApp export (Android, day first, 24-hour) of `messages` messages up to
    the day before `end`, built in code (a seeded rhythm of replies and pauses, one message in
    twelve on a second line); returns the messages written."""
    import random

    rng = random.Random(17)
    at = dt.datetime.combine(end, dt.time(12, 0)) - dt.timedelta(days=1)
    stamps = []
    for _ in range(messages):
        stamps.append(at)
        at -= dt.timedelta(minutes=rng.choice(CHAT_GAPS_MINUTES))
    lines = [f"{at:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted."]
    for n, stamp in enumerate(reversed(stamps)):
        who = "Sam" if rng.random() < 0.5 else "Alex"
        more = "\nand a second line" if n % 12 == 0 else ""
        lines.append(f"{stamp:%d/%m/%Y, %H:%M} - {who}: message {n} of the chat{more}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return messages


def cpu_seconds(cmd: list[str]) -> float:
    """The CPU time (user and system) a command's process took: on a machine others load,
    a truer measure of the work than the wall clock, which also counts the waits for a CPU."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def chat_import_times(
    tmp: Path, end: dt.date, repeats: int
) -> tuple[int, list[tuple[float, float]], list[tuple[float, float]]]:
    """(messages, [(import seconds, floor seconds)], [(import CPU s, floor CPU s)]) per
    repetition, a 100,000-message WhatsApp chat imported by `tideline import chat.txt --me Sam`
    into a new journal (issue 17: at most 3 s)."""
    chat = tmp / "chat.txt"
    count = whatsapp_chat(chat, 100_000, end)

    def command(journal: Path) -> list[str]:
        return [*tideline(), "--db", str(journal), "import", str(chat), "--me", "Sam"]

    pairs, cpu = [], []
    for n in range(repeats):
        floor = process_seconds(FLOOR)
        pairs.append((process_seconds(command(tmp / f"chat-{n}.duckdb")), floor))
        cpu.append((cpu_seconds(command(tmp / f"chat-cpu-{n}.duckdb")), cpu_seconds(FLOOR)))
    return count, pairs, cpu


# -- issue 16 point 2: bounded memory on hostile files, a 1M-row Daylio file -----------------
MIB = 1024 * 1024
# The targets: peak resident memory on every hostile file, and the 1M-row import's time.
PEAK_TARGET_MB = 1024
MILLION_TARGET_S = 10.0


@dataclass(frozen=True)
class Run:
    """One `tideline import` in its own process: its peak memory, wall and CPU time, words."""

    name: str
    peak_mb: float
    seconds: float
    cpu: float
    said: str


def measured(name: str, cmd: list[str]) -> Run:
    """Run `cmd` and read its own peak resident set (ru_maxrss) from wait4, not the children's
    running maximum, so each figure is that one process's."""
    import os
    import subprocess
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4 above
    took = time.perf_counter() - start
    said = out.decode("utf-8", "replace").strip().splitlines()
    return Run(name, usage.ru_maxrss / 1024, took, usage.ru_utime + usage.ru_stime, said[-1][:110])


def _zip(name: str, chunks: Iterator[bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open(name, "w", force_zip64=True) as member,
    ):
        for chunk in chunks:
            member.write(chunk)
    return buf.getvalue()


def _json_list(count: int, item: bytes) -> Iterator[bytes]:
    yield b'{"format": "tideline/1", "mood": ['
    block = b",".join([item] * 100_000)
    for n in range(count // 100_000):
        yield (b"," if n else b"") + block
    yield b"]}"


def hostile_files(tmp: Path) -> dict[str, Path]:
    """The hostile files of the adversarial review, built here: over the size limit, a zip
    bomb, a zip of false sizes, a zip of millions of rows, JSON nested 100,000 deep, JSON of
    millions of short words or numbers (whole and just under the value limit)."""
    import struct

    files: dict[str, bytes | Iterator[bytes]] = {
        "zip bomb (300 MB of zeros)": _zip("mood.csv", (b"0" * MIB for _ in range(300))),
        "zip of 6M rows (120 MB)": _zip(
            "mood.csv", (b"2026-01-01T10:00,5\r\n" * 52_428 for _ in range(120))
        ),
        "JSON nested 100,000 deep": b'{"mood": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "JSON of 40M short words (199 MB)": _json_list(41_700_000, b'"ab"'),
        "JSON of 66M numbers (199 MB)": _json_list(66_000_000, b"12"),
        "JSON of 8M words, under the value limit": _json_list(7_900_000, b'"abcdefghij"'),
        "JSON of 1M empty entries": _json_list(1_000_000, b"{}"),
    }
    false_sizes = bytearray(
        _zip("mood.csv", iter([b"at,mood\r\n" + b"2026-01-01T10:00,5\r\n" * 9]))
    )
    for offset in (22, false_sizes.find(b"PK\x01\x02") + 24):
        struct.pack_into("<L", false_sizes, offset, 50_000_000)
    files["zip with false sizes"] = bytes(false_sizes)
    paths = {}
    for n, (name, content) in enumerate(files.items()):
        path = tmp / f"hostile-{n}.{'zip' if name.startswith('zip') else 'json'}"
        with path.open("wb") as out:
            for chunk in [content] if isinstance(content, bytes) else content:
                out.write(chunk)
        paths[name] = path
    big = tmp / "hostile-big.json"
    with big.open("wb") as out:
        out.truncate(500 * MIB)  # sparse: refused by its size before it is read
    paths["500 MB file"] = big
    return paths


def daylio_million(path: Path, rows: int = 1_000_000) -> int:
    """A Daylio CSV export of `rows` moods, one every 17 minutes back from 2022 (newest first,
    12-hour times, two activities each); returns the rows written."""
    labels = ("rad", "good", "meh", "bad", "awful")
    step = dt.timedelta(minutes=17)
    at = dt.datetime(1990, 1, 1, 8, 0) + step * rows
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write(",".join(COLUMNS) + "\n")
        for n in range(rows):
            at -= step
            clock = at.strftime("%I:%M %p").lstrip("0").lower()
            out.write(
                f"{at:%Y-%m-%d},{at:%B} {at.day},{at:%A},{clock},{labels[n % 5]},friends | walk,,\n"
            )
    return rows


def big_figures(tmp: Path) -> tuple[list[Run], Run]:
    """(every hostile file's run, the 1M-row Daylio import's run), each a fresh process into
    a new journal."""
    runs = []
    for n, (name, path) in enumerate(hostile_files(tmp).items()):
        runs.append(
            measured(name, [*tideline(), "--db", str(tmp / f"h{n}.duckdb"), "import", str(path)])
        )
        path.unlink()
    export = tmp / "daylio-1m.csv"
    daylio_million(export)
    cmd = [
        *tideline(),
        "--db",
        str(tmp / "million.duckdb"),
        "import",
        str(export),
        "--format",
        "daylio",
    ]
    return runs, measured("1M-row Daylio CSV", cmd)


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_big(runs: list[Run], million: Run) -> list[str]:
    """The figures, one line each with its verdict; returns the names of those that missed."""
    missed = []
    for run in runs:
        ok = run.peak_mb < PEAK_TARGET_MB
        missed += [] if ok else [run.name]
        print(
            f"hostile file, {run.name}: peak {run.peak_mb:,.0f} MB (target < {PEAK_TARGET_MB} MB) "
            f"{_verdict(ok)}; {run.seconds:.1f} s; says: {run.said}"
        )
    fast = million.seconds < MILLION_TARGET_S
    small = million.peak_mb < PEAK_TARGET_MB
    missed += [] if fast else ["1M-row Daylio time"]
    missed += [] if small else ["1M-row Daylio memory"]
    print(
        f"1M-row Daylio CSV import by `tideline import`: {million.seconds:.1f} s "
        f"(CPU {million.cpu:.1f} s; target < {MILLION_TARGET_S:g} s) {_verdict(fast)}; "
        f"peak {million.peak_mb:,.0f} MB (target < {PEAK_TARGET_MB} MB) {_verdict(small)}"
    )
    return missed


def big_main() -> int:
    """`python bench/importing.py --big`: the hostile files' peak memory and the 1M-row import."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tideline-big-") as folder:
        runs, million = big_figures(Path(folder))
    missed = print_big(runs, million)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("all targets met" if not missed else f"missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    # `python bench/importing.py`: the chat import's figure alone.
    import sys

    if "--big" in sys.argv[1:]:
        raise SystemExit(big_main())
    import os
    import statistics
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tideline-chat-") as folder:
        messages, times, cpu = chat_import_times(Path(folder), dt.date.today(), 3)
    for what, pairs in (("wall clock", times), ("CPU time", cpu)):
        itself = [a - b for a, b in pairs]
        print(
            f"WhatsApp chat import ({messages:,} messages), `tideline import` less the floor, "
            f"{what}: {min(itself):.2f} / {statistics.median(itself):.2f} / {max(itself):.2f} s "
            "(min / median / max; target <= 3 s)"
        )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
