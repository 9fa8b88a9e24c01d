"""A 10-year Daylio import (PRODUCT.md section 11: at most 1 s) through `tideline import`.

The history is the demo story's moods written as a Daylio export (newest first, 12-hour times).
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
