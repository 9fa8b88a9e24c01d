"""Bounded rows at any age (issue 14 point 4): at fifty years every chart a page draws sends at
most 5,000 rows. The journal is built in code, once for the module: fifty years of a mood a
day and a weekly therapy session (the milestones the Cycles timeline draws beside its mood),
breakups and reunions every half year, no contact after each breakup, contacts and urges every
few days. The demo's fifty years take far longer to write; `make bench` measures those."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from dashboard.sections import cycles, mood, no_contact, patterns, today
from dashboard.sections.base import TIMELINE_WEEKLY_MAX_DAYS, Section, timeline_unit
from dashboard.store import Store

MAX_ROWS = 5000
END = dt.date(2026, 12, 1)
START = END - dt.timedelta(days=round(50 * 365.25) - 1)
HOUR = 4
# The modules whose sections the pages show (dashboard/pages/*.py).
PAGE_MODULES = (today, no_contact, patterns, cycles, mood)


def _milestones(days: list[dt.date]) -> list[dict]:
    rows = [{"on": d, "kind": "therapy_session"} for d in days[3::7]]
    for k, d in enumerate(days[::182]):
        if k % 2 == 0:
            rows += [
                {"on": d, "kind": "breakup"},
                {"on": d + dt.timedelta(2), "kind": "no_contact_start"},
            ]
        else:
            rows += [{"on": d, "kind": "reconnected"}, {"on": d, "kind": "back_together"}]
    return rows


@pytest.fixture(scope="module")
def fifty_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    days = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
    at = dt.datetime.combine
    path = tmp_path_factory.mktemp("fifty") / "journal.duckdb"
    with Store(path) as s:
        s.add_many(
            {
                "milestones": _milestones(days),
                "mood": [
                    {"at": at(d, dt.time(20)), "mood": 1 + i % 10, "urge": i % 11}
                    for i, d in enumerate(days)
                ],
                "contacts": [
                    {
                        "at": at(d, dt.time(23)),
                        "initiator": ("me", "them")[i % 2],
                        "channel": "text",
                    }
                    for i, d in enumerate(days[::3])
                ],
                "urges": [
                    {
                        "at": at(d, dt.time(22)),
                        "intensity": 6,
                        "outcome": ("resisted", "peeked")[i % 2],
                    }
                    for i, d in enumerate(days[1::4])
                ],
            }
        )
    return path


def _page_sections(module: ModuleType) -> list[Callable[..., Section]]:
    """Every section function of a page module: fn(store, since, until, day_start_hour)."""
    found = []
    for _, fn in inspect.getmembers(module, inspect.isfunction):
        sig = inspect.signature(fn)
        if fn.__module__ == module.__name__ and sig.return_annotation == "Section":
            assert list(sig.parameters) == ["store", "since", "until", "day_start_hour"]
            found.append(fn)
    return found


def _rows(section: Section) -> int:
    """The rows a section's chart carries: every named dataset and any inline values."""
    spec = section.build().to_dict()
    inline = len((spec.get("data") or {}).get("values") or [])
    return inline + sum(len(rows) for rows in (spec.get("datasets") or {}).values())


def test_every_chart_holds_at_most_5000_rows_at_fifty_years(fifty_years: Path) -> None:
    rows: dict[str, int] = {}
    with Store(fifty_years) as store:
        for module in PAGE_MODULES:
            for fn in _page_sections(module):
                section = fn(store, None, END, HOUR)
                if section.drawn:
                    rows[section.key] = _rows(section)
    # The charts that grow with the years are all there (a page module losing them would
    # leave the bound untested). The milestones alone are not: fifty years hold more than 60
    # marks in each lane, so that chart leaves them off (sections.cycles.thin_lanes).
    assert {"cycles.timeline", "mood.trend", "no_contact.calendar"} <= set(rows)
    assert {k: n for k, n in rows.items() if n > MAX_ROWS} == {}


def test_cycles_mood_turns_monthly_past_731_weeks(fifty_years: Path) -> None:
    with Store(fifty_years) as store:
        mood_rows = cycles.timeline(store, None, END, HOUR).args[2]
        starts = pd.to_datetime(mood_rows["period_start"])
        # 2 Dec 1976 through 1 Dec 2026, a mood every day: one row per month from December
        # 1976 to December 2026, 601 of them (the first and the last only partly).
        assert len(mood_rows) == 601
        assert (starts.dt.day == 1).all()
        # Ten years are still drawn week by week: 2 Dec 2016 (a Friday) to 1 Dec 2026 are the
        # weeks of Monday 28 Nov 2016 to Monday 30 Nov 2026, 522 weeks apart.
        ten = cycles.timeline(store, END - dt.timedelta(days=3651), END, HOUR).args[2]
        weeks = pd.to_datetime(ten["period_start"])
        assert len(weeks) == 523
        assert (weeks.diff().dropna() == pd.Timedelta(days=7)).all()


def test_timeline_unit_boundary() -> None:
    first = dt.date(2000, 1, 3)
    # 731 weeks, as many weekly points as two years of daily ones.
    assert TIMELINE_WEEKLY_MAX_DAYS == 5117
    assert timeline_unit(first, first + dt.timedelta(days=5117)) == "week"
    assert timeline_unit(first, first + dt.timedelta(days=5118)) == "month"
    assert timeline_unit(None, None) == "week"


class _Counting:
    """A store that counts the runs of each query."""

    def __init__(self, store: Store) -> None:
        self._store, self.runs = store, []

    def query(self, name: str, params: dict | None = None) -> pd.DataFrame:
        self.runs.append((name, (params or {}).get("grain")))
        return self._store.query(name, params)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def _mood_reads(counting: _Counting, days: int) -> list[str]:
    """The grains cycles_mood is read at for the last `days` days (a mood on each)."""
    counting.runs.clear()
    cycles.timeline(counting, END - dt.timedelta(days=days - 1), END, HOUR)
    return [g for n, g in counting.runs if n == "cycles_mood"]


def test_cycles_reads_the_mood_by_month_at_once_past_the_weekly_limit(fifty_years: Path) -> None:
    # n logged days lie at least n - 1 days apart, their weeks' Mondays at least n - 7; the
    # weekly limit is 5,117 days between the first and the last Monday.
    with Store(fifty_years) as store:
        counting = _Counting(store)
        # Fifty years, and 5,125 days (Mondays at least 5,118 days apart): by month at once.
        assert _mood_reads(counting, 18262) == ["month"]
        assert _mood_reads(counting, 5125) == ["month"]
        # 5,124 days might fit: the weeks are read first. They start on Wednesday 21 Nov 2012,
        # in the week of Monday 19 Nov; the last is Monday 30 Nov 2026, 5,124 days later: too
        # far, so by month after all.
        assert _mood_reads(counting, 5124) == ["week", "month"]
        # 5,118 days from Tuesday 27 Nov 2012: Mondays 26 Nov 2012 to 30 Nov 2026 are 5,117
        # days apart, 732 weeks, and they are kept.
        assert _mood_reads(counting, 5118) == ["week"]
        since = END - dt.timedelta(days=5117)
        assert len(cycles.timeline(store, since, END, HOUR).args[2]) == 732
