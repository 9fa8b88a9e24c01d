"""The benchmark's printed tables: min / median / max of the repetitions, the target beside each
figure and a verdict on the median (issue 14's table)."""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence

from common import pages
from pagetimes import KINDS, PageTimes

# Ratios to the bare page or the floor, on 10 heavy years unless said (issue 14, Targets).
TARGETS = {
    "warm": 3.0,
    "mood": 8.0,
    "contact": 8.0,
    "growth": 1.3,
    "rows": 5000,
    "metrics": 1.3,
    "pdf": 3.5,
    "memory": 1.5,
    "import": 1.0,
    "import_backup": 1.0,
    "import_chat": 3.0,
}
HEADS = {"warm": "warm run", "mood": "after mood write", "contact": "after contact write"}
CELL = 22


def plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min, {os.cpu_count()} CPUs)"


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def cell(values: Sequence[float], unit: str = "x") -> str:
    """'min med max' of the repetitions (one figure when there is one repetition)."""
    if not values:
        return "n/a"
    lo, mid, hi = spread(values)
    if len(values) == 1:
        return f"{mid:.2f}{unit}"
    return f"{lo:.2f} {mid:.2f} {hi:.2f}{unit}"


def verdict(values: Sequence[float], target: float) -> str:
    if not values:
        return "  "
    return "ok" if statistics.median(values) <= target else "MISSED"


class Verdicts:
    """Counts the figures that miss their target."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def mark(self, what: str, values: Sequence[float], target: float) -> str:
        mark = verdict(values, target)
        if mark == "MISSED":
            self.missed.append(what)
        return mark


def size_table(times: PageTimes, years: int, verdicts: Verdicts) -> None:
    judged = years == 10
    targets = ", ".join(f"{HEADS[k]} <= {TARGETS[k]:g}x" for k in KINDS)
    print(f"\n{years} {plural(years, 'year')}, ratio to the bare page in the same rounds")
    print(f"  (targets at 10 years: {targets})" if judged else "  (for information)")
    width = CELL + (7 if judged else 0)
    header = f"{'page':<12}" + "".join(f"{HEADS[k]:>{width}}" for k in KINDS)
    print(header + f"{'biggest chart':>15}")
    for page in pages():
        line = f"{page:<12}"
        for kind in KINDS:
            values = times.ratios(years, page, kind)
            text = cell(values)
            if judged:
                text += f" {verdicts.mark(f'{page} {kind}', values, TARGETS[kind]):<6}"
            line += f"{text:>{width}}"
        rows = times.rows.get((years, page), 0)
        print(line + f"{rows:>15,}")


def growth(times: PageTimes, page: str, kind: str) -> list[float]:
    """50 years over 10 years of a page's ratio to the bare page, repetition by repetition."""
    big, ten = times.ratios(50, page, kind), times.ratios(10, page, kind)
    return [b / t for b, t in zip(big, ten, strict=True)]


def growth_table(times: PageTimes, verdicts: Verdicts) -> None:
    if not {10, 50} <= set(times.journals):
        print("\n50 years / 10 years: not measured (needs the 50-year journal; drop --quick)")
        return
    target = TARGETS["growth"]
    print(f"\n50 years / 10 years (target after a write <= {target:g}x; warm for information)")
    print(f"{'page':<12}" + "".join(f"{HEADS[k]:>{CELL + 7}}" for k in KINDS))
    for page in pages():
        line = f"{page:<12}{cell(growth(times, page, 'warm')):>{CELL + 7}}"
        for kind in KINDS[1:]:
            values = growth(times, page, kind)
            text = f"{cell(values)} {verdicts.mark(f'{page} 50/10 {kind}', values, target):<6}"
            line += f"{text:>{CELL + 7}}"
        print(line)


def rows_line(times: PageTimes, verdicts: Verdicts) -> None:
    years = max(times.journals)
    page, rows = max(((p, times.rows.get((years, p), 0)) for p in pages()), key=lambda x: x[1])
    target = TARGETS["rows"]
    mark = verdicts.mark("rows", [rows], target) if years == 50 else "(50 years not measured)"
    print(
        f"\nrows in the biggest chart at {years} years: {rows:,} ({page}; "
        f"target at 50 years <= {target:,}) {mark}"
    )


def pairs_line(
    what: str, pairs: Sequence[tuple[float, float]], key: str, verdicts: Verdicts, unit: str
) -> None:
    """A fresh-process or memory figure: its ratio, and the medians it is made of."""
    ratios = [a / b for a, b in pairs]
    mine = statistics.median(a for a, _ in pairs)
    floor = statistics.median(b for _, b in pairs)
    mark = verdicts.mark(key, ratios, TARGETS[key])
    print(
        f"{what}: {cell(ratios)} (target <= {TARGETS[key]:g}x) {mark}; "
        f"medians {mine:.2f} {unit} against {floor:.2f} {unit}"
    )


def import_line(
    entries: int,
    pairs: Sequence[tuple[float, float]],
    verdicts: Verdicts,
    what: str = "Daylio import",
    key: str = "import",
) -> None:
    """A Daylio import: the command less the floor, an upper bound of the import itself."""
    itself = [a - b for a, b in pairs]
    mark = verdicts.mark(key, itself, TARGETS[key])
    print(
        f"{what}, 10 years ({entries:,} moods), `tideline import` less the floor: at most "
        f"{cell(itself, ' s')} (target <= {TARGETS[key]:g} s) {mark}; medians "
        f"{statistics.median(a for a, _ in pairs):.2f} s against "
        f"{statistics.median(b for _, b in pairs):.2f} s"
    )


def chat_import_line(
    messages: int,
    pairs: Sequence[tuple[float, float]],
    cpu: Sequence[tuple[float, float]],
    verdicts: Verdicts,
) -> None:
    """The WhatsApp chat import (issue 17: at most 3 s): the command less the floor by the wall
    clock (judged) and in CPU time (the work alone, on a machine others load)."""
    itself = [a - b for a, b in pairs]
    work = [a - b for a, b in cpu]
    target = TARGETS["import_chat"]
    mark = verdicts.mark("import_chat", itself, target)
    print(
        f"WhatsApp chat import ({messages:,} messages), `tideline import` less the floor: at most "
        f"{cell(itself, ' s')} (target <= {target:g} s) {mark}; CPU time {cell(work, ' s')}; "
        f"medians {statistics.median(a for a, _ in pairs):.2f} s against "
        f"{statistics.median(b for _, b in pairs):.2f} s"
    )


def page_tables(times: PageTimes, verdicts: Verdicts, repeats: int) -> None:
    bare = times.bare_ms()
    print(
        f"\nbare page (one Altair chart of 3,650 points): {statistics.median(bare):.0f} ms "
        f"median of {len(bare)} samples; figures are min median max of {repeats} "
        f"{plural(repeats, 'repetition')}, each the page over the bare page just before it"
    )
    for years in times.journals:
        size_table(times, years, verdicts)
    growth_table(times, verdicts)
    rows_line(times, verdicts)
