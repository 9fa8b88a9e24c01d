"""The snapshot's first page: the period's figures (PRODUCT.md section 9) as rows of words."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard import metrics, wording
from dashboard.snapshot.model import SummaryRow, as_date, describe_period

if TYPE_CHECKING:
    from dashboard.store import Store


def previous_mean(store: Store, start: dt.date, end: dt.date) -> float | None:
    """Mean mood over the period of equal length just before [start, end]."""
    n = (end - start).days + 1
    prev_end = start - dt.timedelta(days=1)
    prev_start = start - dt.timedelta(days=n)
    return metrics.mood_over(store, prev_end, prev_start)["mean"]


def cycle_status(store: Store, start: dt.date, end: dt.date, dsh: int) -> dict[str, Any]:
    """Where the relationship stands on `end`, from the whole history up to then.

    'status' ('apart', 'together' or None) and 'since' (the date of the latest breakup or
    getting back together, None when there is none): like the cycle figures and the Cycles
    page, each of these milestones starts a stretch of its own. 'breakups' and 'reunions' count
    those dated in [start, end]; a reunion's earlier breakup may lie before the period.
    """
    rows = store.query("metric_milestones", {"as_of": end, "since": None, "day_start_hour": dsh})
    stages = rows[rows["kind"].isin(("breakup", "back_together"))]
    # The period's counts are the whole history's less those of the days before it, so the
    # rule for a reunion (one after an earlier breakup) stays metrics.cycles' own.
    whole = metrics.cycles(rows)
    before = metrics.cycles(rows[pd.to_datetime(rows["on"]) < pd.Timestamp(start)])
    return {
        "status": whole["status"],
        "since": as_date(stages["on"].iloc[-1]) if len(stages) else None,
        "breakups": whole["breakups"] - before["breakups"],
        "reunions": whole["reunions"] - before["reunions"],
    }


def logged_days(store: Store, start: dt.date, end: dt.date, dsh: int) -> dict[str, int]:
    """Days of the period with any entry, its no-contact days, and those with any entry."""
    rec = store.query(
        "snapshot_logged_days", {"day_start_hour": dsh, "since": start, "until": end}
    ).iloc[0]
    return {key: int(rec[key]) for key in ("days_with_entries", "nc_days", "nc_days_with_entries")}


def _nothing_logged_rows(nc_days: int, logged: dict[str, int]) -> list[SummaryRow]:
    # A day with nothing logged has no break by definition; 100% here would be a guess.
    days = wording.plural(nc_days, "no-contact day")
    if logged["days_with_entries"] == 0:
        where, detail = "in this period", f"in this period ({days})"
    else:
        where, detail = "on the no-contact days", f"on the {days}"
    return [
        SummaryRow(
            "No-contact adherence",
            f"no breaks logged — but nothing was logged {detail}, so there is no figure",
        ),
        SummaryRow("Breaks", f"none logged (nothing was logged {where})"),
        SummaryRow("Urges resisted", f"none logged (nothing was logged {where})"),
        SummaryRow("Longest streak", f"not counted — nothing was logged {where}"),
    ]


def _no_contact_rows(nc: dict[str, Any], logged: dict[str, int]) -> list[SummaryRow]:
    nc_days = int(nc["nc_days"])
    if not nc_days:
        return [
            SummaryRow("No-contact adherence", "no no-contact days in this period"),
            SummaryRow("Breaks", "none (no no-contact days in this period)"),
            SummaryRow("Urges resisted", "not counted (urges count on no-contact days)"),
            SummaryRow("Longest streak", "no no-contact days in this period"),
        ]
    with_entries = logged["nc_days_with_entries"]
    if with_entries == 0:
        return _nothing_logged_rows(nc_days, logged)
    adherence = (
        f"{wording.percent_figure(nc['adherence_pct'])} of "
        f"{wording.plural(nc_days, 'no-contact day')} had no break"
    )
    if with_entries < nc_days:
        adherence += f" (entries on {with_entries} of these {nc_days} days)"
    return [
        SummaryRow("No-contact adherence", adherence),
        SummaryRow(
            "Breaks",
            f"{nc['breaks']} on {wording.plural(nc['break_days'], 'day')} "
            "(contacts I started on a no-contact day)",
        ),
        SummaryRow(
            "Urges resisted",
            f"{nc['urges_resisted']} (and {wording.plural(nc['peeks'], 'peek')} at their profile)",
        ),
        SummaryRow(
            "Longest streak",
            f"{wording.plural(nc['longest_streak_days'], 'day')} in a row without a break",
        ),
    ]


def _cycle_row(status: dict[str, Any], end: dt.date) -> SummaryRow:
    counts = (
        f"{wording.plural(status['breakups'], 'breakup')}, "
        f"{wording.plural(status['reunions'], 'reunion')} in this period"
    )
    if status["status"] is None:
        return SummaryRow(
            "Cycle status",
            f"no breakup or getting back together logged up to {wording.day(end)}",
        )
    return SummaryRow(
        "Cycle status", f"{status['status']} since {wording.day(status['since'])} ({counts})"
    )


def mood_change_text(mean: float, prev: float) -> str:
    """The change between two means as they read (one decimal each): '+2.2', '-0.4', and
    'no change' when both read the same, so the words never contradict the two figures."""
    change = wording.mood_value(wording.mood_value(mean) - wording.mood_value(prev))
    if not change:
        return "no change"
    return f"{'+' if change > 0 else '-'}{wording.mood(abs(change))}"


def _mood_row(figures: dict[str, Any], days: int) -> SummaryRow:
    mean = figures["metrics"]["mood"]["mean"]
    if mean is None:
        return SummaryRow("Mean mood", "no mood entries in this period")
    prev = figures["previous_mean"]
    compared = (
        f"no mood entries in the previous {days} days to compare"
        if prev is None
        else f"{mood_change_text(mean, prev)} against {wording.mood(prev)} in the "
        f"previous {days} days"
    )
    return SummaryRow("Mean mood", f"{wording.mood(mean)} out of 10 ({compared})")


def _entry_rows(counts: dict[str, dict[str, int]], milestones: int) -> list[SummaryRow]:
    entries = sum(c["entries"] for c in counts.values())
    backfilled = sum(c["back_filled"] for c in counts.values())
    return [
        SummaryRow(
            "Entries",
            f"{wording.plural(counts['mood']['entries'], 'mood entry', 'mood entries')}, "
            f"{wording.plural(counts['contacts']['entries'], 'contact')}, "
            f"{wording.plural(counts['urges']['entries'], 'urge')}, "
            f"{wording.plural(milestones, 'milestone')}",
        ),
        SummaryRow(
            "Back-filled entries",
            f"{backfilled} of {entries} (logged more than 24 hours after the moment)"
            if entries
            else "none (no entries)",
        ),
    ]


def summary(
    figures: dict[str, Any], start: dt.date, end: dt.date, milestones: int
) -> list[SummaryRow]:
    """The summary rows of [start, end] from the report's figures."""
    mood = figures["metrics"]["mood"]
    days = (end - start).days + 1
    rows = [
        SummaryRow("Period", describe_period(start, end)),
        SummaryRow("Days logged", f"{mood['days_logged']} of {days} days have a mood entry"),
        *_entry_rows(figures["counts"], milestones),
        _mood_row(figures, days),
    ]
    rows += _no_contact_rows(figures["metrics"]["no_contact"], figures["logged_days"])
    rows.append(_cycle_row(figures["cycle_status"], end))
    return rows
