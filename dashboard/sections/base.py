"""The types every section returns, the evidence each finding needs and the grain rules.

Decided here once, for the pages and the snapshot alike: how much data a share, a window or a
trend needs before it is said, and whether a chart draws days, weeks or months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard import metrics
from dashboard.charts.style import DAILY_MAX_DAYS

# -- evidence --------------------------------------------------------------------------------
# A share ("60% of your breaks") or "most of" needs at least this many events behind it.
MIN_SHARE_EVENTS = 5
# The riskiest-window outline needs one weekday × hour cell holding at least this many breaks.
MIN_CELL_BREAKS = 3
# A trend ("went up", "getting shorter") needs this many days between first and last entry.
MIN_TREND_DAYS = 14
# A bar chart needs this many bars before it compares anything.
MIN_BARS = 2


def enough_for_share(events: int) -> bool:
    """Whether `events` are enough to state a share of them (see MIN_SHARE_EVENTS)."""
    return events >= MIN_SHARE_EVENTS


# -- grain -------------------------------------------------------------------------------------
def mood_grain(days_logged: int) -> str:
    """Mood charts (Mood's trend, the Cycles timeline, the snapshot's): 'day' while the period
    holds up to two years of logged days, 'week' beyond. Days logged, not rows or the period's
    length, so a sparse ten-year journal still draws its days."""
    return "week" if days_logged > DAILY_MAX_DAYS else "day"


def calendar_unit(days_in_range: int) -> str:
    """The no-contact calendar and its outcomes: 'week' while the range's days fit two years of
    daily squares, 'month' beyond."""
    return "month" if days_in_range > DAILY_MAX_DAYS else "week"


def actions_unit(first: dt.date | None, last: dt.date | None) -> str:
    """Urges and actions per 'week' while their weeks span up to two years, else per 'month'."""
    if first is None or last is None:
        return "week"
    return "month" if (last - first).days > DAILY_MAX_DAYS else "week"


# The Cycles timeline draws its milestones (a weekly therapy session adds 52 a year) in the
# same chart as the mood beneath, so its mood, weekly past two years of logged days, turns
# monthly once the weeks pass as many points as two years of days (731 weeks, about 14 years):
# fifty years of weeks and their milestones were more rows than a chart may send.
TIMELINE_WEEKLY_MAX_DAYS = 7 * DAILY_MAX_DAYS


def timeline_grain(days_logged: int) -> str:
    """The grain to read the Cycles timeline's mood at first: `mood_grain`'s, but 'month' at
    once when the logged days cannot fit the weekly limit: n logged days lie at least n − 1
    days apart, so their weeks' Mondays at least n − 7 (fifty years read the mood once).
    `timeline_unit` then decides for the weeks read."""
    grain = mood_grain(days_logged)
    if grain == "week" and days_logged - 7 > TIMELINE_WEEKLY_MAX_DAYS:
        return "month"
    return grain


def timeline_unit(first: dt.date | None, last: dt.date | None) -> str:
    """The mood beneath the Cycles timeline, once `mood_grain` says 'week': per 'week' while
    its weeks (`first` to `last`) span up to 731 weeks, else per 'month'."""
    if first is None or last is None:
        return "week"
    return "month" if (last - first).days > TIMELINE_WEEKLY_MAX_DAYS else "week"


# -- the types ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One headline figure: a label, its value as text and one line saying what it means."""

    label: str
    value: str
    explanation: str


@dataclass(frozen=True, eq=False)
class Section:
    """One section of a page: a chart (or figures) with its words, decided once.

    `chart(*args)` builds the Altair chart (a pure function, so the page's spec cache can key
    on it); `chart` is None when there is nothing to draw, and the page shows `empty_text`.
    `caption` states the finding in one sentence; `summary` is the chart's one-line text
    alternative. `evidence` is the count the finding rests on and `min_evidence` what a share,
    a window or a trend needs: below it the caption gives the count in words and no share.
    `cards` is the guidance place (page, chart) whose cards sit beside it. `width` is how the
    page lays the chart out: "stretch" to its column, or "content", the chart's own size (a few
    weeks of calendar squares, which stretched would be wide flat bars).
    """

    key: str
    data: Any = None
    chart: Callable[..., Any] | None = None
    args: tuple[Any, ...] = ()
    caption: str = ""
    summary: str = ""
    empty_text: str = ""
    evidence: int = 0
    min_evidence: int = 1
    cards: tuple[str, str] | None = None
    figures: tuple[Figure, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    width: str = "stretch"

    @property
    def enough(self) -> bool:
        """Whether the evidence reaches what the section's finding needs."""
        return self.evidence >= self.min_evidence

    @property
    def drawn(self) -> bool:
        """Whether there is a chart to draw."""
        return self.chart is not None

    def build(self) -> Any:
        """The Altair chart (None when there is nothing to draw)."""
        return None if self.chart is None else self.chart(*self.args)


def charted(
    key: str,
    data: Any,
    build: Callable[..., Any],
    args: tuple[Any, ...],
    caption: Callable[[], str],
    drawn: bool,
    **more: Any,
) -> Section:
    """A chart section: `build(*args)` and its `caption()` when `drawn`, else no chart (the page
    shows `empty_text`)."""
    return Section(
        key=key,
        data=data,
        chart=build if drawn else None,
        args=args,
        caption=caption() if drawn else "",
        **more,
    )


@dataclass(frozen=True)
class OneQuery:
    """A section that is one query's frame drawn as one chart: what it reads and says.

    `read(store, since, until, day_start_hour)` runs `query` (with `extra` parameters), draws
    `build(frame)` when `drawn(frame)` (default: at least `min_evidence` rows) and captions it.
    """

    key: str
    query: str
    build: Callable[[pd.DataFrame], Any]
    caption: Callable[[pd.DataFrame], str]
    summary: str
    empty_text: str
    cards: tuple[str, str] | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    evidence: Callable[[pd.DataFrame], int] = len
    min_evidence: int = 1
    drawn: Callable[[pd.DataFrame], bool] | None = None

    def read(
        self, store: Any, since: dt.date | None, until: dt.date, day_start_hour: int
    ) -> Section:
        df = store.query(self.query, params(since, until, day_start_hour, **dict(self.extra)))
        evidence = int(self.evidence(df))
        drawn = self.drawn(df) if self.drawn else len(df) >= self.min_evidence
        return charted(
            self.key,
            df,
            self.build,
            (df,),
            lambda: self.caption(df),
            drawn,
            summary=self.summary,
            empty_text=self.empty_text,
            evidence=evidence,
            min_evidence=self.min_evidence,
            cards=self.cards,
        )


# -- small helpers -----------------------------------------------------------------------------
def params(
    since: dt.date | None, until: dt.date, day_start_hour: int, **more: Any
) -> dict[str, Any]:
    """The bound parameters section queries take (each query binds the ones it uses), with the
    metric constants of PRODUCT.md section 4 for the `metric_*` queries."""
    return {
        "since": since,
        "until": until,
        "as_of": until,
        "day_start_hour": day_start_hour,
        "late_hours": sorted(metrics.LATE_NIGHT_HOURS),
        "low_mood": metrics.LOW_MOOD,
        "strength_memory": metrics.STRENGTH_MEMORY,
        **more,
    }


def get(record: Any, *path: str) -> Any:
    """record['a']['b'] or record.a.b: metrics records read the same whether dicts or typed."""
    for key in path:
        record = record[key] if isinstance(record, Mapping) else getattr(record, key)
    return record


def frame_dates(frame: pd.DataFrame, column: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last date of a column ((None, None) for an empty frame)."""
    if frame.empty:
        return None, None
    values = pd.to_datetime(frame[column])
    return values.min().date(), values.max().date()
