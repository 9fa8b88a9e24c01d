"""Every page's script run in AppTest, each timed right after a run of the bare page.

A round of one page on one journal: the page is opened (not timed), then
  bare, the page's warm run;
  a mood saved through the Log page's own form ("Save mood"), bare, the page's first run;
  a contact saved through the Log page's own form ("Save contact"), bare, the page's first run.
Each figure is the page's time over the bare page's just before it, so load that comes and goes
moves both alike. "Bare" is the median of three runs of the bare page in a row (30 ms runs
are easily upset by one busy moment), and so is a warm run; a first run after a write happens
once per write. On the Log page itself the run after a write is the save's own run (the write
and the page drawn again), which is what a person waits for after pressing the button.
"""

from __future__ import annotations

import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import APP, BARE, chart_rows, pages

# The Log page's buttons that save a new entry, by the label a person reads.
WRITES = {"mood": "Save mood", "contact": "Save contact"}
KINDS = ("warm", *WRITES)
# Runs of the bare page (and of a warm page) whose median is one sample.
SHORT_RUNS = 3
LOG = "log"


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def checked(at: Any, what: str) -> Any:
    """The AppTest, after making sure its last run raised nothing and showed no error."""
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].message}")
    if at.error:
        raise RuntimeError(f"{what}: {at.error[0].value}")
    return at


def button(at: Any, label: str) -> Any:
    found = [b for b in at.button if b.label == label]
    if not found:
        raise RuntimeError(f"no {label!r} button on the Log page: {[b.label for b in at.button]}")
    return found[0]


class PageTimes:
    """AppTests of the app, one per journal, and of the bare page, timed in the same rounds."""

    def __init__(self, journals: dict[int, Path]) -> None:
        from streamlit.testing.v1 import AppTest

        self.journals = journals
        self.bare = checked(AppTest.from_file(str(BARE), default_timeout=120).run(), "bare")
        self.apps: dict[int, Any] = {}
        for years in journals:
            os.environ["TIDELINE_DB"] = str(journals[years])
            self.apps[years] = checked(
                AppTest.from_file(str(APP), default_timeout=900).run(), "app"
            )
        # (years, page, kind) -> [(page seconds, bare seconds) of each repetition]
        self.samples: dict[tuple[int, str, str], list[tuple[float, float]]] = defaultdict(list)
        # (years, page) -> rows of the page's biggest chart
        self.rows: dict[tuple[int, str], int] = {}
        # (years, kind) -> entries saved through the Log page's forms
        self.saved: dict[tuple[int, str], int] = defaultdict(int)

    def app(self, years: int) -> Any:
        """The app of this journal, with the process pointed at it (TIDELINE_DB)."""
        os.environ["TIDELINE_DB"] = str(self.journals[years])
        return self.apps[years]

    def goto(self, years: int, page: str) -> Any:
        return checked(self.app(years).switch_page(f"pages/{page}.py").run(), page)

    def pair(self, years: int, page: str, kind: str, action: Callable[[], Any]) -> None:
        """The bare page's runs, then the page's: one sample of a figure."""
        bare = statistics.median(timed(self.bare.run) for _ in range(SHORT_RUNS))
        runs = SHORT_RUNS if kind == "warm" else 1
        took = statistics.median(timed(action) for _ in range(runs))
        checked(self.apps[years], f"{page} ({kind}, {years} y)")
        self.samples[(years, page, kind)].append((took, bare))

    def save_on_log(self, years: int, kind: str) -> Callable[[], Any]:
        """Open the Log page and return the click of its save button for `kind` (not yet run)."""
        at = self.goto(years, LOG)
        save = button(at, WRITES[kind])

        def click() -> Any:
            self.app(years)
            self.saved[(years, kind)] += 1
            return save.click().run()

        return click

    def round(self, years: int, page: str) -> None:
        """Warm, after a mood write, after a contact write: one repetition of a page."""
        at = self.goto(years, page)
        self.pair(years, page, "warm", lambda: self.app(years).run())
        for kind in WRITES:
            click = self.save_on_log(years, kind)
            if page == LOG:
                self.pair(years, page, kind, click)
                continue
            checked(click(), f"saving a {kind} on the Log page")
            self.pair(years, page, kind, lambda: self.goto(years, page))
        self.rows[(years, page)] = max(chart_rows(at), default=0)

    def repetition(self, progress: Callable[[str], None]) -> None:
        """Every page on every journal, page by page, the journals side by side."""
        for page in pages():
            for years in self.journals:
                self.round(years, page)
            progress(page)

    def ratios(self, years: int, page: str, kind: str) -> list[float]:
        """The figure of each repetition: the page's time over the bare page's just before."""
        return [took / bare for took, bare in self.samples[(years, page, kind)]]

    def bare_ms(self) -> list[float]:
        return [bare * 1000 for pairs in self.samples.values() for _, bare in pairs]
