"""Patterns sections: when slips happen, the relapse figures, triggers, mood and urges around
contact, and urges against actions. Honest on thin data: a share needs five breaks, the
riskiest-window outline three breaks in one cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboard import patterns, wording
from dashboard.charts import patterns as charts
from dashboard.charts import patterns_shared
from dashboard.metrics import LATE_NIGHT_HOURS
from dashboard.sections.base import (
    MIN_CELL_BREAKS,
    MIN_SHARE_EVENTS,
    Figure,
    OneQuery,
    Section,
    actions_unit,
    charted,
    enough_for_share,
    frame_dates,
    params,
)
from dashboard.store import Store


def _row(store: Store, name: str, p: dict[str, Any]) -> dict[str, Any]:
    return store.query(name, p).iloc[0].to_dict()


def nc_days(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> int:
    """No-contact days in the period."""
    return int(_row(store, "metric_no_contact", params(since, until, day_start_hour))["nc_days"])


def intro(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """What the page is about, or (with no no-contact day and no contact) why it is empty."""
    p = params(since, until, day_start_hour)
    days = nc_days(store, since, until, day_start_hour)
    contacts = len(store.query("patterns_mood_around_contact", p))
    return Section(
        key="patterns.intro",
        caption=f"{wording.period(since, until, capital=True)}. A *break* is a contact you "
        "started on a no-contact day; nights count for the day they began.",
        empty_text="Nothing to look at here yet. Once you are in no contact (a milestone on the "
        "Log page) and log contacts, urges and moods, this page shows when slips tend to "
        "happen and what helps you hold on.",
        evidence=days + contacts,
    )


# -- when ------------------------------------------------------------------------------------
PLAN_NOTE = (
    "Knowing your risky hours lets you plan for them: a friend on call, the phone in another "
    "room, a message written in a note instead of sent."
)


def thin_breaks_text(breaks: int, late: int) -> str:
    """The count of slips in plain words, for fewer than five: no share, no window."""
    if breaks == 1:
        what = "One late-night slip" if late else "One slip"
    elif late == breaks:
        what = f"{breaks} late-night slips"
    elif late:
        what = f"{breaks} slips, {late} of them late at night,"
    else:
        what = f"{breaks} slips"
    return f"{what} so far; patterns need more days."


def _outline(grid: pd.DataFrame, window: patterns.RiskWindow | None) -> bool:
    """Whether the window holds a cell with at least MIN_CELL_BREAKS breaks."""
    if window is None:
        return False
    order = list(dict.fromkeys(grid.sort_values("slot")["hour"]))
    start = order.index(window.start_hour)
    hours = set(order[start : start + window.hours])
    inside = grid["weekday"].isin(window.weekdays) & grid["hour"].isin(hours)
    return bool((grid.loc[inside, "breaks"] >= MIN_CELL_BREAKS).any())


def when(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Breaks by weekday × hour: a share and a window from five breaks, an outline from three
    breaks in one cell; below, the count in words."""
    cells = store.query("patterns_break_heatmap", params(since, until, day_start_hour))
    grid = patterns.heatmap_grid(cells, day_start_hour)
    breaks = int(grid["breaks"].sum())
    late = int(grid.loc[grid["hour"].isin(LATE_NIGHT_HOURS), "breaks"].sum())
    base = Section(
        key="patterns.when",
        data=grid,
        evidence=breaks,
        min_evidence=MIN_SHARE_EVENTS,
        cards=("patterns", "heatmap"),
    )
    if breaks == 0:
        empty = patterns.no_breaks_message(nc_days(store, since, until, day_start_hour))
        return replace(base, empty_text=empty)
    if not enough_for_share(breaks):
        return replace(
            base,
            chart=charts.heatmap_chart,
            args=(grid, None, False),
            caption=thin_breaks_text(breaks, late),
            summary=patterns_shared.heatmap_summary(False),
        )
    window = patterns.risk_window(grid, day_start_hour, min_breaks=MIN_SHARE_EVENTS)
    outlined = window if _outline(grid, window) else None
    return replace(
        base,
        chart=charts.heatmap_chart,
        args=(grid, outlined, True),
        caption=charts.heatmap_caption(grid, window),
        summary=patterns_shared.heatmap_summary(outlined is not None),
        notes=(PLAN_NOTE,),
    )


# -- headline figures ------------------------------------------------------------------------
@dataclass(frozen=True)
class RelapseCounts:
    """The counts behind the relapse shares (one row of `metric_relapse`, plus NC days)."""

    nc_days: int
    breaks: int
    late_night: int
    under_influence: int
    known_response: int
    got_response: int


def relapse_counts(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> RelapseCounts:
    """The period's breaks and how many were late, under the influence, answered."""
    row = _row(store, "metric_relapse", params(since, until, day_start_hour))
    return RelapseCounts(
        nc_days=nc_days(store, since, until, day_start_hour),
        **{k: int(row[k]) for k in ("breaks", "late_night", "under_influence")},
        known_response=int(row["known_response"]),
        got_response=int(row["got_response"]),
    )


def _share_figure(label: str, part: int, whole: int, said: str, none: str) -> Figure:
    """A share of `whole` events from five on; below, the count and when a share shows."""
    if whole == 0:
        return Figure(label, wording.NONE, none)
    of = f"of your {wording.plural(whole, 'break')}"
    if enough_for_share(whole):
        return Figure(label, wording.percent(part / whole), f"{of} {said}.")
    return Figure(
        label,
        wording.number(part),
        f"{of} so far {said}; a share shows from {MIN_SHARE_EVENTS} breaks.",
    )


def relapse_figures(counts: RelapseCounts, chains: dict[str, int]) -> tuple[Figure, ...]:
    """The five relapse figures of the Patterns page, each with a one-line explanation."""
    none = (
        "No no-contact days in this period, so there are no breaks to measure."
        if counts.nc_days == 0
        else "No breaks in this period, so nothing to measure here yet."
    )
    n = counts.breaks
    late = "happened between 22:00 and 04:00, when tiredness lowers defences"
    drink = "came after a drink or something else that loosens the brakes"
    reply = _share_figure(
        "Got a reply",
        counts.got_response,
        counts.known_response,
        "where you noted it got an answer from them",
        "No break has a reply noted, so there is no response rate yet.",
    )
    return (
        _share_figure("Late at night", counts.late_night, n, late, none),
        _share_figure("Under the influence", counts.under_influence, n, drink, none),
        reply,
        Figure(
            "Longest unanswered run",
            str(chains["longest"]),
            "Contacts in a row that got no reply, with nothing from them in between."
            if chains["longest"]
            else "None of your contacts is marked unanswered in this period.",
        ),
        Figure(
            "Double-texting runs",
            str(chains["double_texting"]),
            "Times you reached out again (two or more in a row) before hearing back."
            if chains["double_texting"]
            else "You never sent a second message into silence in this period.",
        ),
    )


def figures(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Late at night, under the influence, replies, unanswered runs, double texting."""
    counts = relapse_counts(store, since, until, day_start_hour)
    chains = store.query("patterns_unanswered_chains", params(since, until, day_start_hour))
    return Section(
        key="patterns.figures",
        data=counts,
        figures=relapse_figures(counts, patterns.chain_summary(chains)),
        evidence=counts.breaks,
        min_evidence=MIN_SHARE_EVENTS,
        cards=("patterns", "figures"),
    )


# -- why -------------------------------------------------------------------------------------
TRIGGERS = OneQuery(
    key="patterns.triggers",
    query="patterns_triggers",
    build=charts.top_triggers_chart,
    caption=charts.triggers_caption,
    summary="How often each trigger was resisted, peeked at or acted on.",
    empty_text="No triggers noted in this period. When you log an urge or a contact, a word or "
    "two about what set it off (loneliness, a song, a drink) shows here which ones you already "
    "resist.",
    cards=("patterns", "triggers"),
)
URGE_BEFORE_BREAK = OneQuery(
    key="patterns.urge_before_break",
    query="patterns_urge_before_break",
    build=charts.urge_before_break_chart,
    caption=charts.urge_before_break_caption,
    summary="Mean urge rating in the 24 hours before a break and on other days.",
    empty_text="When you rate your urge to reach out as you log your mood, this shows whether "
    "it climbs in the day before a slip, so you can see one coming.",
    evidence=lambda df: int(df["entries"].sum()) if len(df) else 0,
    drawn=patterns.has_urge_before_break,
)


def triggers(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The triggers noted, and how often each was resisted, peeked at or acted on."""
    return TRIGGERS.read(store, since, until, day_start_hour)


def urge_before_break(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> Section:
    """The urge rating in the day before a break against other no-contact days."""
    return URGE_BEFORE_BREAK.read(store, since, until, day_start_hour)


# -- mood and urges around contact -----------------------------------------------------------
def usual_mood(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> float | None:
    """The mood to compare against: the mean on no-contact days, else of all entries."""
    row = _row(store, "metric_mood", params(since, until, day_start_hour))
    for total, n in (("nc_mood_sum", "nc_entries"), ("mood_sum", "entries")):
        if int(row[n]):
            return float(row[total]) / int(row[n])
    return None


def mood_around(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> Section:
    """Mean mood 48 h before and after contacts, by who started them, against the usual."""
    around = store.query("patterns_mood_around_contact", params(since, until, day_start_hour))
    baseline = usual_mood(store, since, until, day_start_hour)
    return charted(
        "patterns.mood_around",
        around,
        charts.mood_contact_chart,
        (around, baseline),
        lambda: charts.mood_contact_caption(around, baseline),
        patterns.has_mood_around(around),
        summary="Mean mood in the 48 hours before and after contacts, by who started them.",
        empty_text="No mood was logged within two days of a contact in this period, so there "
        "is nothing to compare yet.",
        evidence=int(around["entries"].sum()) if len(around) else 0,
        cards=("patterns", "mood_around_contact"),
    )


# -- urges and actions -----------------------------------------------------------------------
def urges_weekly(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> Section:
    """Urges resisted, peeks and breaks per week (per month past two years of weeks)."""
    p = params(since, until, day_start_hour)
    weekly = store.query("patterns_weekly_actions", p)
    if actions_unit(*frame_dates(weekly, "week")) == "month":
        months = store.query("nc_weekly_outcomes", p | {"grain": "month"})
        weekly = patterns.monthly_actions(months)
    total = int(weekly[list(patterns.OUTCOMES)].to_numpy().sum()) if len(weekly) else 0
    return charted(
        "patterns.urges_weekly",
        weekly,
        charts.weekly_actions_chart,
        (weekly,),
        lambda: charts.weekly_actions_caption(weekly),
        not weekly.empty,
        summary="Urges resisted, peeked at or acted on, and the share resisted, over time.",
        empty_text="No urges or breaks on no-contact days in this period. Logging an urge you "
        "resisted counts as a win, and they add up here week by week.",
        evidence=total,
        min_evidence=MIN_SHARE_EVENTS,
        cards=("patterns", "urges_weekly"),
    )
