"""Section 4 metrics: pure functions over query results, and `compute` that runs the queries.

`compute` returns a `Metrics` record: typed dicts (TypedDict), so the pages, the snapshot and the
rules keep reading `m["no_contact"]["breaks"]` while a type checker knows every key. The rule
paths of the guidance cards are `field_paths(Metrics)`: a field added here is known to the rules,
and a rule naming a field that is not here fails when the card library loads.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypedDict, get_type_hints, is_typeddict

import pandas as pd

from dashboard.schema import MILESTONE_KINDS

if TYPE_CHECKING:
    from dashboard.store import Store

# A slip costs about half of the strength built over the last 13 days (habit-score style).
STRENGTH_MEMORY = 0.5 ** (1 / 13)
LATE_NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3})
LOW_MOOD = 3


# -- the record compute returns (PRODUCT.md section 4; `metrics --json` prints it as it is) ------
class NoContact(TypedDict):
    active: bool
    goal_days: int
    current_streak_days: int | None
    longest_streak_days: int
    nc_days: int
    breaks: int
    break_days: int
    adherence_pct: float | None
    strength_pct: float | None
    urges_resisted: int
    peeks: int
    current_period_days: int | None


class Relapse(TypedDict):
    late_night_share: float | None
    under_influence_share: float | None
    response_rate: float | None
    max_unanswered_chain: int
    # [trigger, count] pairs, lists as in the JSON: up to 3, by count then name.
    top_triggers: list[list[str | int]]
    mood_before_break: float | None
    mood_baseline: float | None


class Cycles(TypedDict):
    status: Literal["apart", "together"] | None
    breakups: int
    reunions: int
    together_periods_days: list[int]
    apart_periods_days: list[int]


class Mood(TypedDict):
    entries: int
    days_logged: int
    mean: float | None
    mean_last_7d: float | None
    current_low_run_days: int
    min_last_3d: int | None
    low_days_7d: int
    latest_two_days_min: int | None


@dataclass(frozen=True)
class Keys:
    """Marks a dict field keyed by a vocabulary: `Annotated[dict[str, int], Keys(KINDS)]`."""

    names: tuple[str, ...]


class Milestones(TypedDict):
    # A count per milestone kind logged (kinds never logged are absent).
    counts: Annotated[dict[str, int], Keys(MILESTONE_KINDS)]
    latest_kind: str | None
    latest_on: str | None


class Metrics(TypedDict):
    as_of: str
    since: str | None
    no_contact: NoContact
    relapse: Relapse
    cycles: Cycles
    mood: Mood
    milestones: Milestones


def field_paths(record: type, prefix: str = "") -> frozenset[str]:
    """Every dotted path to a value in a TypedDict record, nested records walked:
    `field_paths(Metrics)` holds "no_contact.breaks" and "milestones.counts.breakup"."""
    paths: set[str] = set()
    for name, hint in get_type_hints(record, include_extras=True).items():
        path = f"{prefix}{name}"
        keys = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Keys)]
        if is_typeddict(hint):
            paths |= field_paths(hint, f"{path}.")
        elif keys:
            paths |= {f"{path}.{key}" for key in keys[0].names}
        else:
            paths.add(path)
    return frozenset(paths)


def to_json(result: Metrics) -> str:
    """What `tideline metrics --json` prints: every field at full precision, in field order."""
    return json.dumps(result, ensure_ascii=False)


def tracking_day(ts: dt.datetime, day_start_hour: int) -> dt.date:
    """The day a timestamp counts for: a text at 01:30 belongs to the day before."""
    return (ts - dt.timedelta(hours=day_start_hour)).date()


def today(day_start_hour: int = 4, now: dt.datetime | None = None) -> dt.date:
    """Today's tracking day."""
    return tracking_day(now or dt.datetime.now(), day_start_hour)


def _value(value: float | None) -> float | None:
    """A figure at full precision (None for a null): rounding is the wording's, done once
    where a person reads it; rounded here too, a mean of 6.2496 would read 6.3 (6.250, then
    6.3) instead of 6.2."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else _value(part / whole)


def _as_int(value: Any) -> int | None:
    """A whole number from a query cell, or None for a null (None, NaN or NA)."""
    return None if value is None or pd.isna(value) else int(value)


def _as_date(value: Any) -> dt.date | None:
    """A date from what DuckDB hands over (Timestamp, datetime, date; NaT and None -> None)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value


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


def no_contact(summary: Mapping[str, Any], as_of: dt.date, goal_days: int) -> NoContact:
    """Streaks, adherence and strength from the one row of `metric_no_contact`."""
    nc_days = int(summary["nc_days"])
    break_days = int(summary["break_days"])
    last = summary["last_nc_day"]
    active = nc_days > 0 and _as_date(last) == as_of
    return {
        "active": active,
        "goal_days": goal_days,
        "current_streak_days": int(summary["current_streak_days"]) if active else None,
        "longest_streak_days": int(summary["longest_streak_days"]),
        "nc_days": nc_days,
        "breaks": int(summary["breaks"]),
        "break_days": break_days,
        "adherence_pct": None if nc_days == 0 else _value(100 * (nc_days - break_days) / nc_days),
        "strength_pct": None if nc_days == 0 else _value(100 * float(summary["strength"])),
        "urges_resisted": int(summary["urges_resisted"]),
        "peeks": int(summary["peeks"]),
        # The open stretch alone: the guides' "about a month" restarts with a new period.
        "current_period_days": _as_int(summary["current_period_days"]) if active else None,
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
    summary: Mapping[str, Any], mood_summary: Mapping[str, Any], max_unanswered_chain: int
) -> Relapse:
    """Relapse figures from the rows of `metric_relapse` and `metric_mood` (its baseline)."""
    n = int(summary["breaks"])
    before_n = int(summary["mood_n_before"])
    nc_entries = int(mood_summary["nc_entries"])
    return {
        "late_night_share": _share(int(summary["late_night"]), n),
        "under_influence_share": _share(int(summary["under_influence"]), n),
        "response_rate": _share(int(summary["got_response"]), int(summary["known_response"])),
        "max_unanswered_chain": int(max_unanswered_chain),
        "top_triggers": [[str(t["trigger"]), int(t["n"])] for t in summary["top_triggers"]],
        "mood_before_break": None
        if before_n == 0
        else _value(float(summary["mood_sum_before"]) / before_n),
        "mood_baseline": None
        if nc_entries == 0
        else _value(float(mood_summary["nc_mood_sum"]) / nc_entries),
    }


# -- cycles ----------------------------------------------------------------------------------
def cycles(milestones: pd.DataFrame) -> Cycles:
    """Breakups, reunions and the lengths of closed together/apart periods."""
    stages = milestones[milestones["kind"].isin(("breakup", "back_together"))]
    events = list(zip((_as_date(d) for d in stages["on"]), stages["kind"], strict=True))
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
    status: Literal["apart", "together"] | None = None
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
STAGE_KINDS = frozenset(MILESTONE_KINDS) - {"therapy_session", "custom"}


def milestone_summary(milestones: pd.DataFrame) -> Milestones:
    """Counts by kind, and the latest milestone that marks a stage of the relationship."""
    counts = milestones["kind"].value_counts().to_dict() if len(milestones) else {}
    stages = milestones[milestones["kind"].isin(STAGE_KINDS)] if len(milestones) else milestones
    latest = stages.iloc[-1] if len(stages) else None
    return {
        "counts": {str(k): int(v) for k, v in sorted(counts.items())},
        "latest_kind": None if latest is None else latest["kind"],
        "latest_on": None if latest is None else pd.Timestamp(latest["on"]).date().isoformat(),
    }


# A streak this short after a break is "after a slip": lead with what was kept.
FRESH_START_DAYS = 3


def lead_with(no_contact: Mapping[str, Any]) -> str:
    """What a summary leads with: 'inactive', 'streak' or 'strength' (after a slip).

    After a slip the current run is 0 or short while a longer one exists; leading with a bare
    small number would read like a reset, so Today and the command line lead with strength and
    the longest run instead.
    """
    if not no_contact.get("active"):
        return "inactive"
    current = no_contact.get("current_streak_days") or 0
    longest = no_contact.get("longest_streak_days") or 0
    if current == 0 or (no_contact.get("breaks", 0) > 0 and current <= FRESH_START_DAYS < longest):
        return "strength"
    return "streak"


# -- mood ------------------------------------------------------------------------------------
def mood_figures(summary: Mapping[str, Any]) -> Mood:
    """Mood figures from the one row of `metric_mood`."""
    entries = int(summary["entries"])
    last7_n = int(summary["last7_entries"])
    return {
        "entries": entries,
        "days_logged": int(summary["days_logged"]),
        "mean": None if entries == 0 else _value(float(summary["mood_sum"]) / entries),
        "mean_last_7d": None if last7_n == 0 else _value(float(summary["last7_sum"]) / last7_n),
        "current_low_run_days": int(summary["current_low_run_days"]),
        "min_last_3d": _as_int(summary["min_last_3d"]),
        "low_days_7d": int(summary["low_days_7d"]),
        "latest_two_days_min": _as_int(summary["latest_two_days_min"]),
    }


# -- everything ------------------------------------------------------------------------------
def _params(as_of: dt.date, since: dt.date | None, settings: dict[str, Any]) -> dict[str, Any]:
    return {"as_of": as_of, "since": since, "day_start_hour": int(settings["day_start_hour"])}


def nc_daily(store: Store, as_of: dt.date, since: dt.date | None = None) -> pd.DataFrame:
    """One row per day with its no-contact state (for the calendar and the streak figures)."""
    params = _params(as_of, since, store.settings())
    return add_states(store.query("metric_nc_daily", params))


def _one_row(store: Store, name: str, params: dict[str, Any]) -> dict[str, Any]:
    return store.query(name, params).iloc[0].to_dict()


def _query_params(
    as_of: dt.date, since: dt.date | None, settings: dict[str, Any]
) -> dict[str, Any]:
    """The parameters of the section 4 queries: the period, the day start and the constants."""
    return _params(as_of, since, settings) | {
        "strength_memory": STRENGTH_MEMORY,
        "low_mood": LOW_MOOD,
        "late_hours": sorted(LATE_NIGHT_HOURS),
    }


def mood_over(store: Store, as_of: dt.date, since: dt.date | None = None) -> Mood:
    """The section 4 mood figures alone (one query): what `compute` reports under "mood"."""
    params = _query_params(as_of, since, store.settings())
    return mood_figures(_one_row(store, "metric_mood", params))


def compute(store: Store, as_of: dt.date | None = None, since: dt.date | None = None) -> Metrics:
    """Every figure of PRODUCT.md section 4 as of a tracking day, optionally from `since` on.

    Each query returns one row (the per-day work happens in DuckDB), so the cost hardly grows
    with the length of the history.
    """
    settings = store.settings()
    as_of = as_of or today(int(settings["day_start_hour"]))
    params = _query_params(as_of, since, settings)
    nc = _one_row(store, "metric_no_contact", params)
    mood_summary = _one_row(store, "metric_mood", params)
    relapse_summary = _one_row(store, "metric_relapse", params)
    chain = int(store.query("metric_unanswered_chain", params).iloc[0, 0])
    milestones_df = store.query("metric_milestones", params)
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "no_contact": no_contact(nc, as_of, int(settings["no_contact_goal_days"])),
        "relapse": relapse(relapse_summary, mood_summary, chain),
        "cycles": cycles(milestones_df),
        "mood": mood_figures(mood_summary),
        "milestones": milestone_summary(milestones_df),
    }
