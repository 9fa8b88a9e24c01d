"""The hard days of a period, for the snapshot's page one and the report as data (issue 15).

Each function takes the store and the period (since, until, day_start_hour) and returns a
`Section` whose `data` holds the figures under the names the report uses: `figures` (mood_mean,
low_days, longest_low_run, min_mood, mood_range, support_card_days), `periods` (this period
against the three of equal length before it), `backfilled` (backfilled_entries by date),
`emotions` (top_emotions) and `activities` (mean mood on days with and without each, no claim
from fewer than 5 days). `report` gathers them as one JSON-ready record.

The words speak as the person (the snapshot's voice: "my", "I"); figures a person reads go
through dashboard/wording.py (mood at one decimal, whole percentages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from dashboard import metrics, wording
from dashboard.sections.base import MIN_SHARE_EVENTS, Figure, Section, params
from dashboard.store import Store

# A comparison of days with and without an activity needs this many days on each side.
MIN_CLAIM_DAYS = MIN_SHARE_EVENTS
TOP_EMOTIONS = 5
TOP_ACTIVITIES = 6
PERIODS = 4  # this period and the three of equal length before it
KIND_WORDS = {
    "mood": ("mood entry", "mood entries"),
    "contact": ("contact", "contacts"),
    "urge": ("urge", "urges"),
}


def _date(value: Any) -> dt.date | None:
    """A date from a query cell (Timestamp, datetime, date; NaT and None -> None)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _mean(total: float, n: int) -> float | None:
    """A mean mood as section 4 reports it (full precision, None without entries): the
    wording rounds it once, where it is read."""
    return None if n == 0 else float(total) / n


def longest_run(days: Iterable[dt.date]) -> int:
    """The longest run of consecutive calendar days among `days` (0 for none)."""
    best = run = 0
    previous: dt.date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


# -- the days ----------------------------------------------------------------------------------
def daily(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> pd.DataFrame:
    """One row per calendar day of the period: its moods, whether it was low, and whether the
    support card held as of that day (queries/hard_days_daily.sql)."""
    df = store.query("hard_days_daily", params(since, until, day_start_hour))
    df["day"] = [_date(d) for d in df["day"]]
    return df


def _hard_record(store: Store, days: pd.DataFrame, since: dt.date | None, until: dt.date) -> dict:
    mood = metrics.mood_over(store, until, since)
    low = [d for d, is_low in zip(days["day"], days["low"], strict=True) if bool(is_low)]
    logged = days[days["entries"] > 0]
    low_min = _int(logged["mood_min"].min()) if len(logged) else None
    high = _int(logged["mood_max"].max()) if len(logged) else None
    return {
        "days": len(days),
        "days_logged": int(mood["days_logged"]),
        "entries": int(mood["entries"]),
        "mood_mean": mood["mean"],
        "low_days": len(low),
        "low_day_dates": [d.isoformat() for d in low],
        "longest_low_run": longest_run(low),
        "min_mood": low_min,
        "mood_range": None if low_min is None else [low_min, high],
        "support_card_days": int(days["support"].sum()),
        "support_card_dates": [d.isoformat() for d in days["day"][days["support"].astype(bool)]],
    }


def hard_figures(record: dict) -> tuple[Figure, ...]:
    logged = wording.plural(record["days_logged"], "logged day")
    over = wording.plural(record["entries"], "entry", "entries")
    low_range = record["mood_range"]
    return (
        Figure("Mean mood", wording.mood(record["mood_mean"]), f"over {over}"),
        Figure(
            "Hard days",
            wording.number(record["low_days"]),
            f"of my {logged}: my lowest mood 3 or less",
        ),
        Figure(
            "Longest run of hard days", wording.plural(record["longest_low_run"], "day"), "in a row"
        ),
        Figure("Lowest mood", wording.shown(record["min_mood"]), "my lowest entry"),
        Figure(
            "Mood range",
            wording.NONE if low_range is None else f"{low_range[0]}–{low_range[1]}",
            "my lowest and highest entries",
        ),
        Figure(
            "Support card",
            wording.plural(record["support_card_days"], "day"),
            "on which Tideline showed me its support card (for very low days)",
        ),
    )


def hard_caption(record: dict) -> str:
    """Page one's sentence on the hard days, in the first person."""
    if record["entries"] == 0:
        return "I logged no mood in this period."
    low = record["low_days"]
    text = (
        f"My mood averaged {wording.mood(record['mood_mean'])}. {low} of my "
        f"{wording.plural(record['days_logged'], 'logged day')} "
        f"{'was a hard day' if low == 1 else 'were hard days'} (my lowest mood 3 or less)"
    )
    if low:
        text += f", {wording.plural(record['longest_low_run'], 'day')} in a row at most"
    text += f"; my lowest mood was {record['min_mood']}."
    shown = record["support_card_days"]
    if shown:
        days = wording.plural(shown, "day")
        text += f" Tideline's support card (for very low days) showed on {days}."
    return text


def figures(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The period's hard days: mood_mean (as `metrics --json` reports it), low_days,
    longest_low_run (within the period), min_mood, mood_range and support_card_days."""
    days = daily(store, since, until, day_start_hour)
    record = _hard_record(store, days, since, until)
    return Section(
        key="hard_days.figures",
        data=record,
        caption=hard_caption(record),
        summary=f"Mean mood {wording.mood(record['mood_mean'])}, {record['low_days']} hard days",
        empty_text="I logged no mood in this period.",
        evidence=record["entries"],
        figures=hard_figures(record),
    )


# -- this period against the three before it --------------------------------------------------
def _first_day(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> dt.date:
    if since is not None:
        return since
    days = daily(store, None, until, day_start_hour)
    return days["day"].iloc[0] if len(days) else until


def period_rows(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> list[dict[str, Any]]:
    """This period and the three of equal length before it, newest first: since, until,
    entries, mood_mean, low_days, breaks and urges_resisted (queries/hard_days_periods.sql)."""
    start = _first_day(store, since, until, day_start_hour)
    df = store.query("hard_days_periods", params(start, until, day_start_hour))
    return [
        {
            "since": _date(r.since).isoformat(),
            "until": _date(r.until).isoformat(),
            "entries": int(r.entries),
            "mood_mean": _mean(r.mood_sum, int(r.entries)),
            "low_days": int(r.low_days),
            "breaks": int(r.breaks),
            "urges_resisted": int(r.urges_resisted),
        }
        for r in df.itertuples(index=False)
    ]


PERIOD_COLUMNS = ("Period", "Mean mood", "Hard days", "Breaks", "Urges resisted")


def period_table(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """The period table as people read it: one row per period, this one first."""
    out = []
    for i, row in enumerate(rows):
        first, last = dt.date.fromisoformat(row["since"]), dt.date.fromisoformat(row["until"])
        name = "This period" if i == 0 else f"{wording.day(first)} – {wording.day(last)}"
        out.append(
            (
                name,
                wording.mood(row["mood_mean"]),
                wording.number(row["low_days"]),
                wording.number(row["breaks"]),
                wording.number(row["urges_resisted"]),
            )
        )
    return out


def periods(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """This period against the three of equal length before it (mean mood, hard days, breaks,
    urges resisted)."""
    rows = period_rows(store, since, until, day_start_hour)
    return Section(
        key="hard_days.periods",
        data=rows,
        caption="This period against the three of the same length before it.",
        summary="A table of mean mood, hard days, breaks and urges resisted per period.",
        evidence=sum(r["entries"] for r in rows),
        notes=tuple(" | ".join(cells) for cells in period_table(rows)),
    )


# -- back-filled entries -----------------------------------------------------------------------
def backfilled_rows(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> list[dict[str, str]]:
    """Every entry of the period saved more than 24 hours after its moment, by the day it is
    for: kind, day, at, logged_at (queries/hard_days_backfilled.sql)."""
    df = store.query("hard_days_backfilled", params(since, until, day_start_hour))
    return [
        {
            "kind": str(r.kind),
            "day": _date(r.day).isoformat(),
            "at": pd.Timestamp(r.at).isoformat(),
            "logged_at": pd.Timestamp(r.logged_at).isoformat(),
        }
        for r in df.itertuples(index=False)
    ]


def backfilled_lines(rows: list[dict[str, str]]) -> list[str]:
    """One line per day and logging day: 'For 6 Oct 2026, logged on 9 Oct 2026: 1 mood entry'."""
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        logged = row["logged_at"][:10]
        kinds = groups.setdefault((row["day"], logged), {})
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    lines = []
    for (day, logged), kinds in groups.items():
        what = ", ".join(wording.plural(n, *KIND_WORDS[k]) for k, n in kinds.items())
        lines.append(
            f"For {wording.day(dt.date.fromisoformat(day))}, logged on "
            f"{wording.day(dt.date.fromisoformat(logged))}: {what}"
        )
    return lines


def backfilled(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The back-filled entries of the period, listed by the day they are for."""
    rows = backfilled_rows(store, since, until, day_start_hour)
    n = len(rows)
    return Section(
        key="hard_days.backfilled",
        data=rows,
        caption=f"I logged {wording.plural(n, 'entry', 'entries')} more than a day after the fact."
        if n
        else "I logged every entry within a day.",
        summary="Entries logged more than 24 hours after the moment they describe.",
        evidence=n,
        notes=tuple(backfilled_lines(rows)),
    )


# -- what the days held ------------------------------------------------------------------------
def emotion_rows(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> list[dict[str, Any]]:
    """The emotions named most (up to TOP_EMOTIONS): emotion, entries naming it, and its share
    of the period's entries (None below five entries: no share of fewer)."""
    df = store.query("mood_emotions", params(since, until, day_start_hour, top=TOP_EMOTIONS))
    return [
        {
            "emotion": str(r.emotion),
            "entries": int(r.entries),
            "of_entries": int(r.total_entries),
            "share": float(r.share) if int(r.total_entries) >= MIN_SHARE_EVENTS else None,
        }
        for r in df.itertuples(index=False)
    ]


def emotion_text(row: dict[str, Any]) -> str:
    """'anxious: 12 of 35 entries (34%)'; the share only from five entries on."""
    of = wording.plural(row["of_entries"], "entry", "entries")
    text = f"{row['emotion']}: {row['entries']} of {of}"
    return text if row["share"] is None else f"{text} ({wording.percent(row['share'])})"


def emotions(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The emotions I named most in the period."""
    rows = emotion_rows(store, since, until, day_start_hour)
    return Section(
        key="hard_days.emotions",
        data=rows,
        caption="The emotions I named most." if rows else "I named no emotions in this period.",
        summary="The emotions named most, with how many entries named each.",
        evidence=rows[0]["of_entries"] if rows else 0,
        min_evidence=MIN_SHARE_EVENTS,
        notes=tuple(emotion_text(r) for r in rows),
    )


def activity_rows(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> list[dict[str, Any]]:
    """Each activity (up to TOP_ACTIVITIES, most days first) with the days with and without it
    and, when both reach MIN_CLAIM_DAYS, the mean mood on each (mean of the daily means);
    below that the means are None and `claim` is false: the count is said instead."""
    df = store.query(
        "mood_activities", params(since, until, day_start_hour, top=TOP_ACTIVITIES, min_days=1)
    )
    rows = []
    for r in df.sort_values(["days_with", "activity"], ascending=[False, True]).itertuples():
        claim = int(r.days_with) >= MIN_CLAIM_DAYS and int(r.days_without) >= MIN_CLAIM_DAYS
        rows.append(
            {
                "activity": str(r.activity),
                "days_with": int(r.days_with),
                "days_without": int(r.days_without),
                "claim": claim,
                "mean_with": float(r.mean_with) if claim else None,
                "mean_without": float(r.mean_without) if claim else None,
            }
        )
    return rows


def activity_text(row: dict[str, Any]) -> str:
    """'exercise: 6.5 on my 8 days with it, 4.0 on the 22 without'; below five days on either
    side, only the counts."""
    with_it = wording.plural(row["days_with"], "day")
    without = wording.plural(row["days_without"], "day")
    if not row["claim"]:
        return f"{row['activity']}: on {with_it}, not on {without} (too few days to compare)"
    return (
        f"{row['activity']}: my mood {wording.mood(row['mean_with'])} on {with_it} with it, "
        f"{wording.mood(row['mean_without'])} on {without} without"
    )


def activities(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """My mean mood on days with and without each activity (no claim from fewer than 5 days)."""
    rows = activity_rows(store, since, until, day_start_hour)
    return Section(
        key="hard_days.activities",
        data=rows,
        caption="My mood on days with and without each activity."
        if rows
        else "I noted no activities in this period.",
        summary="Mean mood on days with and without each activity, with the number of days.",
        evidence=sum(1 for r in rows if r["claim"]),
        notes=tuple(activity_text(r) for r in rows),
    )


# -- all of it ---------------------------------------------------------------------------------
def report(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> dict[str, Any]:
    """The hard-days figures as one JSON-ready record, under the names the report uses."""
    record = figures(store, since, until, day_start_hour).data
    return record | {
        "periods": period_rows(store, since, until, day_start_hour),
        "backfilled_entries": backfilled_rows(store, since, until, day_start_hour),
        "top_emotions": emotion_rows(store, since, until, day_start_hour),
        "activities": activity_rows(store, since, until, day_start_hour),
    }
