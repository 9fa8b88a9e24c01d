"""No-contact sections: the calendar of tracking days, the break-free runs, urges resisted
against breaks. Days (or weeks past two years, `calendar_unit`) decided once, here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import metrics
from dashboard.charts import no_contact as charts
from dashboard.sections.base import OneQuery, Section, calendar_unit, charted, params
from dashboard.store import Store

# Up to this many weeks of daily squares the calendar is drawn at its own size (16 columns of
# 20 px and the weekday names fit a 390 px phone); more are stretched to the page's width.
CONTENT_WEEKS = 16
NO_NC_DAYS = (
    "There are no no-contact days in this period yet. When you start no contact (on the Today "
    "page, or as a milestone on the Log page), each day shows up here."
)


def weeks(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> pd.DataFrame:
    """`nc_weekly`: a few hundred rows at most, enough to decide the calendar's unit."""
    return store.query("nc_weekly", params(since, until, day_start_hour))


def unit(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> str:
    """'week' (daily squares) or 'month' (weekly squares) for the period's calendar."""
    return calendar_unit(int(weeks(store, since, until, day_start_hour)["days"].sum()))


def calendar(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """The no-contact calendar: a square per day, or per week past two years of days.

    Without a no-contact day in the period there is no chart, and the page says why."""
    by_week = weeks(store, since, until, day_start_hour)
    nc_days = int(by_week["nc_days"].sum()) if len(by_week) else 0
    long_range = calendar_unit(int(by_week["days"].sum())) == "month"
    cells = by_week if long_range or not nc_days else metrics.nc_daily(store, until, since)
    return charted(
        "no_contact.calendar",
        cells,
        charts.calendar,
        (cells,),
        lambda: charts.caption_calendar(cells),
        nc_days > 0,
        summary=f"Calendar of your days, one square per {'week' if long_range else 'day'}.",
        empty_text=NO_NC_DAYS,
        evidence=nc_days,
        cards=("no_contact", "calendar"),
        width="content" if _few_weeks(cells) else "stretch",
    )


def _few_weeks(cells: pd.DataFrame) -> bool:
    """Whether the calendar's days span at most CONTENT_WEEKS weeks: drawn at their own size
    (Vega-Lite's 20 px a week), they fit a phone, where stretched they are wide flat bars."""
    if "day" not in cells.columns or cells.empty:
        return False
    days = pd.to_datetime(cells["day"])
    week_starts = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return week_starts.nunique() <= CONTENT_WEEKS


STREAKS = OneQuery(
    key="no_contact.streaks",
    query="metric_streaks",
    build=charts.streak_history,
    caption=charts.caption_streak_history,
    summary="Your break-free runs over time, each as long as it lasted.",
    empty_text="No break-free no-contact days in this period yet; every first day counts.",
    cards=("no_contact", "streaks"),
)


def streaks(store: Store, since: dt.date | None, until: dt.date, day_start_hour: int) -> Section:
    """Each break-free run as a block from its first to its last day."""
    return STREAKS.read(store, since, until, day_start_hour)


def urges_vs_breaks(
    store: Store, since: dt.date | None, until: dt.date, day_start_hour: int
) -> Section:
    """Urges resisted, peeks and breaks per week (per month when the calendar draws weeks)."""
    grain = unit(store, since, until, day_start_hour)
    rows = store.query("nc_weekly_outcomes", params(since, until, day_start_hour, grain=grain))
    long = charts.period_outcomes(rows, grain)
    return charted(
        "no_contact.urges_vs_breaks",
        long,
        charts.urges_vs_breaks,
        (long,),
        lambda: charts.caption_urges_vs_breaks(long),
        not long.empty,
        summary=f"Urges resisted, peeks and breaks per {grain}, on no-contact days.",
        empty_text="No weeks with no-contact days in this period yet.",
        evidence=int(long["count"].sum()) if len(long) else 0,
        cards=("no_contact", "urges_vs_breaks"),
    )
