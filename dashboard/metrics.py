"""Section 4 metrics: pure functions over query results, and `compute` that runs the queries."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from dashboard.store import Store

# A slip costs about half of the strength built over the last 13 days (habit-score style).
STRENGTH_MEMORY = 0.5 ** (1 / 13)
LATE_NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3})
LOW_MOOD = 3


def tracking_day(ts: dt.datetime, day_start_hour: int) -> dt.date:
    """The day a timestamp counts for: a text at 01:30 belongs to the day before."""
    return (ts - dt.timedelta(hours=day_start_hour)).date()


def today(day_start_hour: int = 4, now: dt.datetime | None = None) -> dt.date:
    """Today's tracking day."""
    return tracking_day(now or dt.datetime.now(), day_start_hour)


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else _round(part / whole)


# -- no contact ------------------------------------------------------------------------------
def add_states(daily: pd.DataFrame) -> pd.DataFrame:
    """Label each day of `metric_nc_daily` for the calendar (a break outranks a peek)."""
    out = daily.copy()
    state = pd.Series("not in no contact", index=out.index, dtype="object")
    nc = out["in_nc"].astype(bool)
    state[nc] = "clean"
    state[nc & (out["urges_resisted"] > 0)] = "urge resisted"
    state[nc & (out["peeks"] > 0)] = "peek"
    state[nc & (out["breaks"] > 0)] = "break"
    out["state"] = state
    return out


def no_contact(daily: pd.DataFrame, as_of: dt.date, goal_days: int) -> dict[str, Any]:
    """Streaks, adherence and strength from one row per day (`metric_nc_daily`)."""
    nc = daily[daily["in_nc"].astype(bool)]
    days = [d.date() if isinstance(d, pd.Timestamp) else d for d in nc["day"]]
    clean = [int(b) == 0 for b in nc["breaks"]]
    nc_days = len(days)
    break_days = clean.count(False)

    longest = run = 0
    previous: dt.date | None = None
    strength = 0.0
    for day, ok in zip(days, clean, strict=True):
        contiguous = previous is not None and day - previous == dt.timedelta(days=1)
        run = (run + 1 if contiguous else 1) if ok else 0
        longest = max(longest, run)
        strength = strength * STRENGTH_MEMORY + (1 - STRENGTH_MEMORY) * (1.0 if ok else 0.0)
        previous = day

    active = bool(days) and days[-1] == as_of
    current = run if active else None
    return {
        "active": active,
        "goal_days": goal_days,
        "current_streak_days": current,
        "longest_streak_days": longest,
        "nc_days": nc_days,
        "breaks": int(nc["breaks"].sum()),
        "break_days": break_days,
        "adherence_pct": None
        if nc_days == 0
        else _round(100 * (nc_days - break_days) / nc_days, 1),
        "strength_pct": None if nc_days == 0 else _round(100 * strength, 1),
        "urges_resisted": int(nc["urges_resisted"].sum()),
        "peeks": int(nc["peeks"].sum()),
    }


def streak_history(daily: pd.DataFrame) -> pd.DataFrame:
    """Break-free runs of consecutive NC days: start, end, days, ended_by."""
    rows: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for record in daily.itertuples(index=False):
        day = record.day.date() if isinstance(record.day, pd.Timestamp) else record.day
        if record.in_nc and int(record.breaks) == 0:
            if current is None:
                current = {"start": day, "end": day, "days": 0, "ended_by": "ongoing"}
            current["end"] = day
            current["days"] += 1
            continue
        if current is not None:
            current["ended_by"] = "break" if record.in_nc else "nc ended"
            rows.append(current)
            current = None
    if current is not None:
        rows.append(current)
    return pd.DataFrame(rows, columns=["start", "end", "days", "ended_by"])


# -- relapse ---------------------------------------------------------------------------------
def relapse(
    breaks: pd.DataFrame, mood_daily: pd.DataFrame, max_unanswered_chain: int
) -> dict[str, Any]:
    """Relapse figures over the breaks of `metric_breaks`."""
    n = len(breaks)
    late = int(breaks["hour"].isin(LATE_NIGHT_HOURS).sum()) if n else 0
    influenced = int(breaks["under_influence"].astype(bool).sum()) if n else 0
    known = breaks["got_response"].dropna() if n else pd.Series(dtype=bool)
    triggers = Counter(t for t in breaks["trigger"] if isinstance(t, str) and t) if n else {}
    top = sorted(triggers.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    before_n = int(breaks["mood_n_before"].sum()) if n else 0
    before_sum = float(breaks["mood_sum_before"].sum()) if n else 0.0
    nc_mood = mood_daily[mood_daily["in_nc"].astype(bool)] if len(mood_daily) else mood_daily
    nc_entries = int(nc_mood["entries"].sum()) if len(nc_mood) else 0
    return {
        "late_night_share": _share(late, n),
        "under_influence_share": _share(influenced, n),
        "response_rate": _share(int(known.astype(bool).sum()), len(known)),
        "max_unanswered_chain": int(max_unanswered_chain),
        "top_triggers": [[t, c] for t, c in top],
        "mood_before_break": None if before_n == 0 else _round(before_sum / before_n),
        "mood_baseline": None
        if nc_entries == 0
        else _round(float(nc_mood["mood_sum"].sum()) / nc_entries),
    }


# -- cycles ----------------------------------------------------------------------------------
def cycles(milestones: pd.DataFrame) -> dict[str, Any]:
    """Breakups, reunions and the lengths of closed together/apart periods."""
    events = [
        (row["on"].date() if isinstance(row["on"], pd.Timestamp) else row["on"], row["kind"])
        for _, row in milestones.iterrows()
        if row["kind"] in ("breakup", "back_together")
    ]
    breakups = sum(1 for _, k in events if k == "breakup")
    reunions = 0
    seen_breakup = False
    for _, kind in events:
        if kind == "breakup":
            seen_breakup = True
        elif seen_breakup:
            reunions += 1
    together: list[int] = []
    apart: list[int] = []
    for (d1, k1), (d2, k2) in zip(events, events[1:], strict=False):
        if k1 == k2:
            continue
        (apart if k1 == "breakup" else together).append((d2 - d1).days)
    status = None
    if events:
        status = "apart" if events[-1][1] == "breakup" else "together"
    return {
        "status": status,
        "breakups": breakups,
        "reunions": reunions,
        "together_periods_days": together,
        "apart_periods_days": apart,
    }


# Milestones that mark where the relationship stands (a therapy session or a custom note do not).
STAGE_KINDS = frozenset(
    {
        "breakup",
        "no_contact_start",
        "reconnected",
        "first_meetup",
        "the_talk",
        "back_together",
        "decided_to_move_on",
    }
)


def milestone_summary(milestones: pd.DataFrame) -> dict[str, Any]:
    """Counts by kind, and the latest milestone that marks a stage of the relationship."""
    counts = milestones["kind"].value_counts().to_dict() if len(milestones) else {}
    stages = milestones[milestones["kind"].isin(STAGE_KINDS)] if len(milestones) else milestones
    latest = stages.iloc[-1] if len(stages) else None
    return {
        "counts": {str(k): int(v) for k, v in sorted(counts.items())},
        "latest_kind": None if latest is None else latest["kind"],
        "latest_on": None if latest is None else pd.Timestamp(latest["on"]).date().isoformat(),
    }


# -- mood ------------------------------------------------------------------------------------
def mood(mood_daily: pd.DataFrame, as_of: dt.date) -> dict[str, Any]:
    """Mood figures from one row per logged tracking day (`metric_mood_daily`)."""
    days = [d.date() if isinstance(d, pd.Timestamp) else d for d in mood_daily["day"]]
    entries = int(mood_daily["entries"].sum()) if days else 0
    total = float(mood_daily["mood_sum"].sum()) if days else 0.0
    week_start = as_of - dt.timedelta(days=6)
    last7 = [i for i, d in enumerate(days) if week_start <= d <= as_of]
    last7_n = int(mood_daily["entries"].iloc[last7].sum()) if last7 else 0
    by_day = dict(zip(days, mood_daily["mood_mean"], strict=True))
    low_run = 0
    day = as_of
    while day in by_day and by_day[day] <= LOW_MOOD:
        low_run += 1
        day -= dt.timedelta(days=1)
    recent = [
        int(m)
        for d, m in zip(days, mood_daily["mood_min"], strict=True)
        if as_of - dt.timedelta(days=2) <= d <= as_of
    ]
    return {
        "entries": entries,
        "days_logged": len(days),
        "mean": None if entries == 0 else _round(total / entries),
        "mean_last_7d": None
        if last7_n == 0
        else _round(float(mood_daily["mood_sum"].iloc[last7].sum()) / last7_n),
        "current_low_run_days": low_run,
        "min_last_3d": min(recent) if recent else None,
    }


# -- everything ------------------------------------------------------------------------------
def _params(
    store: Store, as_of: dt.date, since: dt.date | None, settings: dict[str, Any]
) -> dict[str, Any]:
    return {"as_of": as_of, "since": since, "day_start_hour": int(settings["day_start_hour"])}


def nc_daily(store: Store, as_of: dt.date, since: dt.date | None = None) -> pd.DataFrame:
    """One row per day with its no-contact state (for the calendar and the streak figures)."""
    params = _params(store, as_of, since, store.settings())
    return add_states(store.query("metric_nc_daily", params))


def compute(
    store: Store, as_of: dt.date | None = None, since: dt.date | None = None
) -> dict[str, Any]:
    """Every figure of PRODUCT.md section 4 as of a tracking day, optionally from `since` on."""
    settings = store.settings()
    as_of = as_of or today(int(settings["day_start_hour"]))
    params = _params(store, as_of, since, settings)
    daily = store.query("metric_nc_daily", params)
    mood_daily = store.query("metric_mood_daily", params)
    breaks = store.query("metric_breaks", params)
    chain = int(store.query("metric_unanswered_chain", params).iloc[0, 0])
    milestones_df = store.query("metric_milestones", params)
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "no_contact": no_contact(daily, as_of, int(settings["no_contact_goal_days"])),
        "relapse": relapse(breaks, mood_daily, chain),
        "cycles": cycles(milestones_df),
        "mood": mood(mood_daily, as_of),
        "milestones": milestone_summary(milestones_df),
    }
