"""10-year Daylio imports (PRODUCT.md section 11 and issue 17: at most 1 s) by `tideline import`.

The history is the demo story's moods written as a Daylio CSV export (newest first, 12-hour
times) and as a `.daylio` backup (a zip of base64 JSON, moods by group, notes as light HTML).
Each repetition imports it into a new empty journal from a fresh process, the floor
(`python -c "import pandas, duckdb"`) run just before; the command's time less the floor is an
upper bound of the import itself (it still holds the command line's own start-up).
"""

from __future__ import annotations

import csv
import datetime as dt
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


if __name__ == "__main__":
    # `python bench/importing.py`: the chat import's figure alone.
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
