"""No contact: the calendar of tracking days, the history of runs, urges resisted versus breaks."""

import streamlit as st

from dashboard.charts import no_contact as nc_charts
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
st.title("No contact")
st.caption(f"Days {sidebar.describe_period(since, until)}.")

params = {"as_of": until, "since": since, "day_start_hour": reads.day_start_hour()}
# Weeks first (a few hundred rows at most): they say whether the range is long enough to draw
# week by week, and hold everything the calendar's caption needs.
weeks = reads.query("nc_weekly", **params)
if not weeks["nc_days"].any():
    st.info(
        "There are no no-contact days in this period yet. When you start no contact (on the "
        "Today page, or as a milestone on the Log page), each day shows up here.",
        icon=":material/eco:",
    )
    cards.cards_rest("no_contact", until, shown=())
    st.stop()

unit = nc_charts.calendar_unit(weeks)
long_range = unit == "month"
charts.chart(
    weeks if long_range else reads.nc_daily(until, since),
    nc_charts.calendar,
    nc_charts.caption_calendar,
    empty="No days to show in this period yet.",
)
cards.cards_beside("no_contact", "calendar", until)
charts.chart(
    reads.query("metric_streaks", **params),
    nc_charts.streak_history,
    nc_charts.caption_streak_history,
    empty="No break-free no-contact days in this period yet; every first day counts.",
)
cards.cards_beside("no_contact", "streaks", until)
charts.chart(
    nc_charts.period_outcomes(reads.query("nc_weekly_outcomes", **params, grain=unit), unit),
    nc_charts.urges_vs_breaks,
    nc_charts.caption_urges_vs_breaks,
    empty="No weeks with no-contact days in this period yet.",
)
cards.cards_beside("no_contact", "urges_vs_breaks", until)
cards.cards_rest("no_contact", until)
