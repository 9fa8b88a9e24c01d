"""Patterns and cycles: pure functions over the `patterns_*` and `cycles_*` query results.

Everything here works on small, already aggregated frames (at most a few hundred rows): risk
windows in words, unanswered chains, trigger tables, weekly resist rates, the together/apart
period table. No Streamlit, no SQL.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from dashboard import wording

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A window must hold at least this share of the breaks to be named.
RISK_SHARE = 0.5
# Below this many breaks any "window" is an anecdote, not a pattern.
RISK_MIN_BREAKS = 3
OUTCOMES = ("resisted", "peeked", "broke")
# The triggers chart shows this many; the caption says so when there are more.
TOP_TRIGGERS = 8
# Up to eight breakups keep their own colour in the before-breakup chart (its palette has 8).
MAX_BREAKUPS_SHOWN = 8


def _date(value: Any) -> dt.date | None:
    """A date from whatever DuckDB/pandas handed over (Timestamp, datetime, date, NaT)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# -- weekday × hour ----------------------------------------------------------------------------
def hour_order(day_start_hour: int) -> list[int]:
    """Clock hours in tracking-day order: a night (22:00–02:00) stays in one piece."""
    return [(day_start_hour + i) % 24 for i in range(24)]


def heatmap_grid(cells: pd.DataFrame, day_start_hour: int) -> pd.DataFrame:
    """All 168 weekday × hour cells of `patterns_break_heatmap`, with 0 where no break fell.

    Columns: weekday (ISO 1–7), weekday_name, hour, hour_label ('22:00'), slot (the hour's
    place in the tracking day, 0–23), breaks, share (of all breaks; 0 when there are none).
    """
    counts: dict[tuple[int, int], int] = {}
    columns = (cells[c].tolist() for c in ("weekday", "hour", "breaks"))
    for weekday, hour, n in zip(*columns, strict=True):
        counts[(int(weekday), int(hour))] = int(n)
    total = sum(counts.values())
    hours = hour_order(day_start_hour)
    breaks = [counts.get((weekday, hour), 0) for weekday in range(1, 8) for hour in hours]
    # Built column by column: 168 row dicts made the frame several times slower.
    return pd.DataFrame(
        {
            "weekday": [weekday for weekday in range(1, 8) for _ in hours],
            "weekday_name": [WEEKDAYS[weekday - 1] for weekday in range(1, 8) for _ in hours],
            "hour": hours * 7,
            "hour_label": [f"{hour:02d}:00" for hour in hours] * 7,
            "slot": list(range(24)) * 7,
            "breaks": breaks,
            "share": [n / total if total else 0.0 for n in breaks],
        }
    )


@dataclass(frozen=True)
class RiskWindow:
    """A run of weekdays × a run of hours that holds a large share of the breaks."""

    weekdays: tuple[int, ...]  # ISO weekdays in order, possibly wrapping (6, 7, 1)
    start_hour: int
    hours: int
    breaks: int
    total: int

    @property
    def share(self) -> float:
        return self.breaks / self.total

    @property
    def end_hour(self) -> int:
        return (self.start_hour + self.hours) % 24

    @property
    def cells(self) -> int:
        return len(self.weekdays) * self.hours


def risk_window(
    grid: pd.DataFrame,
    day_start_hour: int,
    min_share: float = RISK_SHARE,
    min_breaks: int = RISK_MIN_BREAKS,
) -> RiskWindow | None:
    """The smallest window (consecutive weekdays × consecutive hours) holding ≥ min_share.

    Weekdays may wrap round the week (Saturday to Monday); hours run in tracking-day order, so
    a window never splits a night. Among windows of the same size the one holding more breaks
    wins, then the one with fewer weekdays, then the earliest. None with fewer than
    `min_breaks` breaks.
    """
    total = int(grid["breaks"].sum()) if len(grid) else 0
    if total < min_breaks:
        return None
    need = math.ceil(min_share * total - 1e-9)
    # counts[d, s]: breaks on ISO weekday d + 1 in tracking-day slot s.
    counts = np.zeros((7, 24), dtype=np.int64)
    np.add.at(
        counts,
        (grid["weekday"].to_numpy(dtype=np.int64) - 1, grid["slot"].to_numpy(dtype=np.int64)),
        grid["breaks"].to_numpy(dtype=np.int64),
    )
    # Every window at once (49 runs of weekdays × 24 × 24 runs of hours, as arrays: the loops
    # in Python took several milliseconds on every write). by_days[f, n - 1, s]: the breaks in
    # slot s on the n weekdays from f on, round the week.
    rows = np.vstack([np.zeros((1, 24), dtype=np.int64), np.vstack([counts, counts]).cumsum(0)])
    first = np.arange(7)[:, None]
    by_days = rows[first + np.arange(1, 8)[None, :]] - rows[first]
    upto = np.concatenate([np.zeros((7, 7, 1), np.int64), by_days.cumsum(axis=2)], axis=2)
    # held[f, n - 1, start, end]: the breaks of the window from slot start through slot end.
    held = upto[:, :, None, 1:] - upto[:, :, :-1, None]
    slots = np.arange(24)
    enough = (slots[None, :] >= slots[:, None]) & (held >= need)
    # A longer run from the same start is only bigger: each start's first end that holds
    # enough (the breaks only grow with the end).
    f, n, start = np.nonzero(enough.any(axis=3))
    if not len(f):
        return None
    end = enough[f, n, start].argmax(axis=1)
    breaks, n_days, n_hours = held[f, n, start, end], n + 1, end - start + 1
    # The smallest window, then the one holding more breaks, fewer weekdays, the earliest.
    best = np.lexsort((start, f, n_days, -breaks, n_days * n_hours))[0]
    return RiskWindow(
        weekdays=tuple((int(f[best]) + i) % 7 + 1 for i in range(int(n_days[best]))),
        start_hour=hour_order(day_start_hour)[int(start[best])],
        hours=int(n_hours[best]),
        breaks=int(breaks[best]),
        total=total,
    )


def weekday_phrase(weekdays: tuple[int, ...]) -> str:
    """(5,) -> 'Friday'; (5, 6) -> 'Friday and Saturday'; (5, 6, 7) -> 'Friday to Sunday'."""
    names = [WEEKDAYS[d - 1] for d in weekdays]
    if len(names) == 7:
        return "Any day"
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} to {names[-1]}"


def describe_risk_window(window: RiskWindow | None, total_breaks: int = 0) -> str:
    """The risk window in one plain sentence, or why there is none."""
    if window is None:
        if total_breaks == 0:
            return "No breaks in this period, so there is no risky time to point at."
        return (
            f"With {wording.plural(total_breaks, 'break')} so far there is no "
            "pattern yet: a risky time shows once there are a few more to compare."
        )
    days = weekday_phrase(window.weekdays)
    verb = "holds" if len(window.weekdays) == 1 or len(window.weekdays) == 7 else "hold"
    if window.hours == 24:
        when = f"{days}, at any hour," if len(window.weekdays) < 7 else "Every hour of the week"
    else:
        when = f"{days} {window.start_hour:02d}:00–{window.end_hour:02d}:00"
    share = wording.percent(window.share)
    return f"{when} {verb} {share} of your breaks ({window.breaks} of {window.total})."


# -- chains and headline figures -----------------------------------------------------------------
def chain_summary(chains: pd.DataFrame) -> dict[str, int]:
    """From `patterns_unanswered_chains`: longest run, double-texting runs (≥ 2), all runs."""
    if chains.empty:
        return {"longest": 0, "double_texting": 0, "runs": 0}
    lengths = chains["chain_length"].astype(int)
    counts = chains["chains"].astype(int)
    return {
        "longest": int(lengths.max()),
        "double_texting": int(counts[lengths >= 2].sum()),
        "runs": int(counts.sum()),
    }


def no_breaks_message(nc_days: int) -> str:
    """Why the "when slips happen" section is empty: no breaks, or no no-contact days at all."""
    if nc_days == 0:
        # Someone not in no contact (or trying again) has nothing to "break": say what counts.
        return (
            "A break is a contact you start on a no-contact day, and no day in this period is "
            "one, so there is nothing to show here. If you choose to start no contact, add it "
            "as a milestone on the Log page and this section follows it."
        )
    return (
        "No breaks in this period. Every day you held is here on the No contact page; this "
        "section fills in only if a slip happens."
    )


# -- triggers --------------------------------------------------------------------------------------
class TriggerRow(NamedTuple):
    """One row of `trigger_table`, in its column order."""

    trigger: str
    breaks: int
    resisted: int
    peeked: int
    total: int
    resist_rate: float


def trigger_rows(triggers: pd.DataFrame, limit: int | None = TOP_TRIGGERS) -> list[TriggerRow]:
    """`trigger_table`'s rows as tuples, most frequent first, then by name.

    Worked on as Python tuples: the table holds a few dozen triggers at most, where every
    pandas sort or cast costs more than the whole list (a few milliseconds on every write)."""
    columns = (triggers[c].tolist() for c in ("trigger", "breaks", "resisted", "peeked"))
    rows = []
    for trigger, breaks, resisted, peeked in zip(*columns, strict=True):
        counts = int(breaks), int(resisted), int(peeked)
        total = sum(counts)
        rows.append(TriggerRow(trigger, *counts, total, counts[1] / total if total else math.nan))
    rows.sort(key=lambda row: (-row.total, row.trigger))
    return rows if limit is None else rows[:limit]


def trigger_table(triggers: pd.DataFrame, limit: int | None = TOP_TRIGGERS) -> pd.DataFrame:
    """The `limit` most frequent triggers (all with None), totals and the share resisted,
    most frequent first, then by name.

    resist_rate = resisted / (resisted + peeked + breaks): a peek is not a win, nor a slip.
    """
    if triggers.empty:
        return pd.DataFrame(columns=list(TriggerRow._fields))
    return pd.DataFrame(trigger_rows(triggers, limit), columns=list(TriggerRow._fields))


def triggers_long(table: pd.DataFrame) -> pd.DataFrame:
    """Trigger table in long form for a grouped bar: trigger, outcome, count (zeros dropped)."""
    outcomes = (("broke", "breaks"), ("peeked", "peeked"), ("resisted", "resisted"))
    counts = [table[col].tolist() for _, col in outcomes]
    rows = [
        (trigger, outcome, int(column[i]), i)
        for i, trigger in enumerate(table["trigger"].tolist())
        for (outcome, _), column in zip(outcomes, counts, strict=True)
        if int(column[i]) > 0
    ]
    return pd.DataFrame(rows, columns=["trigger", "outcome", "count", "order"])


# -- mood and urges around contact --------------------------------------------------------------
def has_mood_around(around: pd.DataFrame) -> bool:
    """True when some mood entry fell within 48 h of a contact (`patterns_mood_around_contact`)."""
    return bool(len(around)) and bool(around["mean_mood"].notna().any())


def has_urge_before_break(urges: pd.DataFrame) -> bool:
    """True when an urge rating was logged in the 24 h before some break."""
    before = urges[urges["moment"] == "before_break"]
    return bool(len(before)) and int(before["entries"].sum()) > 0


# -- weekly urges and actions ------------------------------------------------------------------
def weekly_actions(weekly: pd.DataFrame) -> pd.DataFrame:
    """`patterns_weekly_actions` with total and resist_rate (resisted / all three) per week."""
    if weekly.empty:
        return weekly.copy().assign(total=pd.Series(dtype=int), resist_rate=pd.Series(dtype=float))
    # One frame made from arrays: a copy and a cast per column cost more than the sums.
    counts = {col: weekly[col].to_numpy(dtype=np.int64) for col in OUTCOMES}
    total = counts["resisted"] + counts["peeked"] + counts["broke"]
    columns = {c: weekly[c].to_numpy() for c in weekly.columns} | counts
    return pd.DataFrame(
        columns | {"total": total, "resist_rate": counts["resisted"] / total},
        index=weekly.index,
    )


def monthly_actions(periods: pd.DataFrame) -> pd.DataFrame:
    """`nc_weekly_outcomes` rows ($grain = month) in the shape of `patterns_weekly_actions`:
    month, resisted, peeked, broke; months without any of the three are left out."""
    out = pd.DataFrame(
        {
            "month": pd.to_datetime(periods["period"]),
            "resisted": periods["urges_resisted"].astype(int),
            "peeked": periods["peeks"].astype(int),
            "broke": periods["breaks"].astype(int),
        }
    )
    return out[out[list(OUTCOMES)].sum(axis=1) > 0].reset_index(drop=True)


def resist_summary(weekly: pd.DataFrame, recent_weeks: int = 4) -> dict[str, Any]:
    """Resisted of all urges and actions, over everything and over the last weeks with data."""
    return resist_summary_of(weekly_actions(weekly), recent_weeks)


def resist_summary_of(table: pd.DataFrame, recent_weeks: int = 4) -> dict[str, Any]:
    """`resist_summary` from a `weekly_actions` table already at hand."""
    tail = table.tail(recent_weeks)
    return {
        "weeks": len(table),
        "resisted": int(table["resisted"].sum()) if len(table) else 0,
        "total": int(table["total"].sum()) if len(table) else 0,
        "recent_weeks": len(tail),
        "recent_resisted": int(tail["resisted"].sum()) if len(tail) else 0,
        "recent_total": int(tail["total"].sum()) if len(tail) else 0,
    }


# -- cycles ------------------------------------------------------------------------------------
def clipped(segments: pd.DataFrame) -> pd.Series:
    """Which `cycles_segments` rows began before the period (all False for older frames)."""
    if "clipped" in segments.columns:
        return segments["clipped"].fillna(False).astype(bool)
    return pd.Series(False, index=segments.index)


def period_table(segments: pd.DataFrame) -> pd.DataFrame:
    """The `cycles_segments` rows as a table for people: period, from, to, days, note.

    The open stretch runs to the last day of the view (its start plus the days so far), so the
    table never shows an empty "To". A stretch that began before the period starts at the
    period's first day and says when it really began.
    """
    rows = []
    began = segments["began_on"] if "began_on" in segments.columns else segments["start_on"]
    for r, was_clipped, began_on in zip(
        segments.itertuples(index=False), clipped(segments), began, strict=True
    ):
        start, end = _date(r.start_on), _date(r.end_on)
        began_text = f"began {_date(began_on):%d %b %Y}, before this period"
        if r.open:
            end = start + dt.timedelta(days=int(r.days)) if start else None
            note = (
                f"{began_text}; still going: days since the period began"
                if was_clipped
                else "still going: days so far"
            )
        elif was_clipped:
            note = f"{began_text}: days since the period began"
        elif r.counted:
            note = ""
        else:
            note = f"followed by another {'breakup' if r.state == 'apart' else 'reunion'}"
        rows.append(
            {
                "Period": "Together" if r.state == "together" else "Apart",
                "From": start,
                "To": end,
                "Days": int(r.days),
                "Note": note,
            }
        )
    return pd.DataFrame(rows, columns=["Period", "From", "To", "Days", "Note"])


def closed_periods(segments: pd.DataFrame, state: str) -> list[int]:
    """Lengths in days of the measured (closed, between different kinds) periods of a state."""
    if segments.empty:
        return []
    done = segments[segments["counted"].astype(bool) & (segments["state"] == state)]
    return [int(d) for d in done["days"]]


def lengths_phrase(lengths: list[int], listed_up_to: int = 4) -> str:
    """[73, 14] -> '73 and 14 days'; a long list -> '29 periods of 31 to 86 days (median 56)'."""
    if len(lengths) <= listed_up_to:
        if len(lengths) == 1:
            return f"{lengths[0]} days"
        return f"{', '.join(map(str, lengths[:-1]))} and {lengths[-1]} days"
    ordered = sorted(lengths)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return f"{len(lengths)} periods of {ordered[0]} to {ordered[-1]} days (median {median:g})"


# Comparing the first and the last few periods: a change under a fifth is no trend.
TREND_GROUP = 3
TREND_CHANGE = 0.2


def together_trend(segments: pd.DataFrame) -> str:
    """Whether the together periods are getting shorter, in one sentence."""
    lengths = closed_periods(segments, "together")
    if len(lengths) < 2:
        return "There is not yet more than one full together period, so there is no trend to read."
    if len(lengths) >= 2 * TREND_GROUP:
        first = sum(lengths[:TREND_GROUP]) / TREND_GROUP
        last = sum(lengths[-TREND_GROUP:]) / TREND_GROUP
        both = f"the first three lasted {first:.0f} days on average, the last three {last:.0f}"
        if last < first * (1 - TREND_CHANGE):
            return f"Your together periods are getting shorter: {both}."
        if last > first * (1 + TREND_CHANGE):
            return f"Your together periods are getting longer: {both}."
        return f"Your together periods are not getting shorter: {both}."
    listed = lengths_phrase(lengths)
    pairs = list(zip(lengths, lengths[1:], strict=False))
    if all(b < a for a, b in pairs):
        return f"Each time you got back together it lasted less: {listed}."
    if all(b > a for a, b in pairs):
        return f"Each time you got back together it lasted longer: {listed}."
    if lengths[-1] < lengths[0]:
        return f"Your together periods ({listed}) are shorter now than at first, if unevenly."
    return f"Your together periods ({listed}) show no steady shortening."


def breakups_message(in_period: int, in_all: int) -> str:
    """Why the Cycles page has no cycle to show, honest about breakups outside the period."""
    counted = "no breakup is" if in_period == 0 else "one breakup is"
    elsewhere = f" ({in_all} in all)" if in_all > in_period else ""
    if in_all >= 2:
        # The cycle exists, just not inside this window: point to a longer period.
        return (
            f"Only part of your cycle falls in this period: {counted} logged in it{elsewhere}. "
            "The timeline below still shows where you stood each day; choose a longer period "
            "in the sidebar to see the whole cycle."
        )
    return (
        f"There is no on-and-off cycle to look at here: {counted} logged in this "
        f"period{elsewhere}, and a cycle needs at least two. That is fine: this page is for "
        "people whose relationship kept coming apart and together. Your milestones are below."
    )


def recent_breakups(days: pd.DataFrame, n: int = MAX_BREAKUPS_SHOWN) -> pd.DataFrame:
    """The 14-day windows of the last n breakups of `cycles_before_breakup` (what is drawn)."""
    if days.empty:
        return days
    keep = sorted(days["breakup_on"].unique())[-n:]
    return days[days["breakup_on"].isin(keep)]


def breakups_shown_note(days: pd.DataFrame, n: int = MAX_BREAKUPS_SHOWN) -> str | None:
    """The sentence saying the chart shows only the last n breakups; None when it shows all."""
    total = int(days["breakup_on"].nunique()) if len(days) else 0
    if total <= n:
        return None
    return (
        f"The chart and the sentence above cover the last {n} of the {total} breakups in this "
        "period, so each keeps a colour of its own."
    )


def has_before_breakup_data(days: pd.DataFrame) -> bool:
    """True when the drawn windows hold a mood entry or a contact (else the chart is blank)."""
    shown = recent_breakups(days)
    if shown.empty:
        return False
    has_mood = bool((shown["mood_entries"].astype(int) > 0).any())
    has_contact = bool((shown["contacts_me"] + shown["contacts_them"]).astype(int).sum() > 0)
    return has_mood or has_contact


def before_breakup_summary(days: pd.DataFrame) -> dict[str, Any]:
    """Pooled figures over the 14-day windows of `cycles_before_breakup`."""
    if days.empty:
        return {"breakups": 0, "mean_mood": None, "contacts_per_day": None, "days": 0}
    entries = days["mood_entries"].astype(int)
    mood_total = float((days["mean_mood"].fillna(0) * entries).sum())
    contacts = int(days["contacts_me"].sum() + days["contacts_them"].sum())
    return {
        "breakups": int(days["breakup_on"].nunique()),
        "mean_mood": None if entries.sum() == 0 else mood_total / int(entries.sum()),
        "contacts_per_day": contacts / len(days),
        "days": len(days),
    }
