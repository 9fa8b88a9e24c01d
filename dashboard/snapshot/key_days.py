"""The key days of a snapshot: the lowest-mood days and the days with a break, with what was
logged on them (private notes only when the person includes them)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.schema import CHANNEL_LABELS
from dashboard.snapshot.model import (
    BREAK_DAYS,
    ENTRIES_PER_DAY,
    LOWEST_DAYS,
    DayEntry,
    KeyDay,
    as_date,
)

if TYPE_CHECKING:
    from dashboard.store import Store


def _channel(value: str | None) -> str:
    return CHANNEL_LABELS.get(value or "", value or "")


def describe_entry(row: dict[str, Any]) -> str:
    """One entry of a key day in words (without its note)."""
    kind = row["kind"]
    trigger = row.get("trigger") or ""
    if kind == "mood":
        text = f"Mood {int(row['value'])}/10"
        return f"{text} — {row['emotions']}" if row.get("emotions") else text
    if kind == "urge":
        outcome = "resisted" if row["outcome"] == "resisted" else "looked at their profile"
        text = f"Urge {int(row['value'])}/10, {outcome}"
        return f"{text}; trigger: {trigger}" if trigger else text
    who = "Contact I started" if row["initiator"] == "me" else "Contact they started"
    text = f"{who} ({_channel(row['channel'])})"
    response = row.get("got_response")
    if row["initiator"] == "me" and response is not None and not pd.isna(response):
        text += ", got a reply" if bool(response) else ", no reply"
    return f"{text}; trigger: {trigger}" if trigger else text


def _chosen_days(
    store: Store, params: dict[str, Any]
) -> tuple[dict[dt.date, list[str]], dict[dt.date, int]]:
    """Why each key day is one (lowest mood, a break) and its breaks, from the two queries."""
    lowest = store.query("snapshot_lowest_days", params | {"limit": LOWEST_DAYS})
    breaks = store.query("snapshot_break_days", params | {"limit": BREAK_DAYS})
    reasons: dict[dt.date, list[str]] = {}
    break_count: dict[dt.date, int] = {}
    for rec in lowest.itertuples(index=False):
        reasons.setdefault(as_date(rec.day), []).append("one of the lowest-mood days")
    for rec in breaks.itertuples(index=False):
        day = as_date(rec.day)
        reasons.setdefault(day, []).append("a break")
        break_count[day] = int(rec.breaks)
    return reasons, break_count


def _entries(
    store: Store, days: list[dt.date], dsh: int, include_notes: bool
) -> tuple[dict[dt.date, list[DayEntry]], dict[dt.date, float]]:
    """Each day's entries in words, and its mean over all its mood entries."""
    rows = store.query(
        "snapshot_day_entries",
        {"day_start_hour": dsh, "days": days, "include_private": bool(include_notes)},
    )
    by_day: dict[dt.date, list[DayEntry]] = {d: [] for d in days}
    moods: dict[dt.date, list[int]] = {d: [] for d in days}
    for row in rows.to_dict("records"):
        day = as_date(row["day"])
        note = row["note"] if isinstance(row["note"], str) else ""
        at = pd.Timestamp(row["at"]).to_pydatetime()
        by_day[day].append(DayEntry(at, describe_entry(row), note.strip()))
        if row["kind"] == "mood":
            moods[day].append(int(row["value"]))
    # The day's mean over all its mood entries (also for a break day that was not a low one).
    mean = {day: round(sum(v) / len(v), 3) for day, v in moods.items() if v}
    return by_day, mean


def key_days(
    store: Store, start: dt.date, end: dt.date, dsh: int, include_notes: bool
) -> list[KeyDay]:
    """The key days of [start, end] in date order."""
    params = {"day_start_hour": dsh, "since": start, "until": end}
    reasons, break_count = _chosen_days(store, params)
    if not reasons:
        return []
    days = sorted(reasons)
    by_day, mean = _entries(store, days, dsh, include_notes)
    return [
        KeyDay(
            day=day,
            reasons=tuple(reasons[day]),
            mean_mood=mean.get(day),
            breaks=break_count.get(day, 0),
            entries=tuple(by_day[day][:ENTRIES_PER_DAY]),
            more_entries=max(0, len(by_day[day]) - ENTRIES_PER_DAY),
        )
        for day in days
    ]
