"""Today's sections: where no contact stands (over the whole history: a period filter must not
cut a run short), the period's adherence in one line, and today's mood."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dashboard import metrics, wording
from dashboard.sections.base import Figure, Section, get, params
from dashboard.store import Store


@dataclass(frozen=True)
class Standing:
    """What Today leads with ('inactive', 'streak' or 'strength') and its progress bar."""

    lead: str
    heading: str
    progress: float | None  # 0..1, None without a bar
    progress_text: str


def _pct(value: float | None) -> str:
    return wording.percent_figure(value)


def _days(n: int) -> str:
    return wording.plural(n, "day")


def _inactive(nc: Any) -> tuple[Standing, tuple[Figure, ...], str]:
    if get(nc, "nc_days"):
        text = (
            "You are not in a no-contact period right now. Your longest break-free run so far "
            f"was **{_days(get(nc, 'longest_streak_days'))}**, and that stays yours."
        )
    else:
        text = (
            "No contact means a stretch of time where you do not reach out to your ex, so the "
            "feelings can settle. Tideline counts the days and is kind about slips."
        )
    return Standing("inactive", "No contact", None, ""), (), text


def _strength(nc: Any, goal: int) -> tuple[Standing, tuple[Figure, ...], str]:
    # After a slip: lead with what was kept, never with a bare "day 0".
    current = get(nc, "current_streak_days") or 0
    figures = (
        Figure(
            "Strength",
            _pct(get(nc, "strength_pct")),
            "Builds with each clean day; a slip lowers it a little, it never wipes it out.",
        ),
        Figure("Longest run", _days(get(nc, "longest_streak_days")), ""),
    )
    text = (
        "A slip is part of how this goes for most people; it does not undo the days you kept. "
        + (
            f"You are {_days(current)} into a new run."
            if current
            else "Tomorrow is a fresh day to build on."
        )
    )
    bar = Standing(
        "strength",
        "You are still in this",
        min(current / goal, 1.0),
        f"Towards your goal of {goal} days",
    )
    return bar, figures, text


def _streak(nc: Any, goal: int) -> tuple[Standing, tuple[Figure, ...], str]:
    current = get(nc, "current_streak_days")
    figures = (
        Figure("Current run", _days(current), ""),
        Figure("Strength", _pct(get(nc, "strength_pct")), ""),
        Figure("Longest run", _days(get(nc, "longest_streak_days")), ""),
        Figure(
            "Adherence", _pct(get(nc, "adherence_pct")), "Share of no-contact days with no break"
        ),
    )
    if current >= goal:
        bar = Standing("streak", "No contact", 1.0, f"You reached your goal of {goal} days. 🌱")
    else:
        bar = Standing("streak", "No contact", current / goal, f"{current} of {goal} days")
    return bar, figures, ""


def period_line(period: Any, since: dt.date | None, until: dt.date) -> str:
    """'From … to …: 90% of 30 no-contact days were break-free; 2 urges resisted, 1 break.'"""
    nc = get(period, "no_contact")
    days = int(get(nc, "nc_days"))
    if not days:
        return ""
    free = _pct(get(nc, "adherence_pct")) if days >= 5 else f"{days - get(nc, 'break_days')}"
    resisted = wording.plural(get(nc, "urges_resisted"), "urge resisted", "urges resisted")
    return (
        f"{wording.period(since, until, capital=True)}: {free} of "
        f"{wording.plural(days, 'no-contact day')} were break-free; {resisted}, "
        f"{wording.plural(get(nc, 'breaks'), 'break')}."
    )


def standing(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Where no contact stands on `until` (whole history), with the period's line beneath."""
    whole = metrics.compute(store, as_of=until)
    period = metrics.compute(store, as_of=until, since=since) if since else whole
    nc = get(whole, "no_contact")
    goal = int(get(nc, "goal_days"))
    lead = metrics.lead_with(nc)
    build = {"inactive": lambda: _inactive(nc), "strength": lambda: _strength(nc, goal)}
    state, figures, text = build.get(lead, lambda: _streak(nc, goal))()
    return Section(
        key="today.standing",
        data=state,
        caption=text,
        figures=figures,
        notes=tuple(n for n in (period_line(period, since, until),) if n),
        evidence=int(get(nc, "nc_days")),
        cards=("today", "streak"),
    )


def mood_today(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The latest mood of the day and the day's mean (the day is `until`)."""
    row = store.query("mood_day", params(since, until, day_start_hour, day=until)).iloc[0]
    entries = int(row["entries"])
    figures = ()
    if entries:
        figures = (
            Figure("Latest", f"{int(row['latest_mood'])}/10", f"at {row['latest_at']:%H:%M}"),
            Figure(
                "Mean today",
                wording.mood(float(row["mean_mood"])),
                wording.plural(entries, "entry", "entries"),
            ),
        )
    return Section(
        key="today.mood",
        data=row.to_dict(),
        figures=figures,
        empty_text="Nothing logged yet today.",
        evidence=entries,
    )
