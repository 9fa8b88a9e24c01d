"""No contact: the calendar of tracking days, the history of runs, urges resisted versus breaks."""

import streamlit as st

from dashboard import ui
from dashboard.charts import no_contact as charts

ui.page_setup()
since, until = ui.period_filter()
st.title("No contact")
st.caption(f"Days {ui.describe_period(since, until)}.")

params = {"as_of": until, "since": since, "day_start_hour": ui.day_start_hour()}
# Weeks first (a few hundred rows at most): they say whether the range is long enough to draw
# week by week, and hold everything the calendar's caption needs.
weeks = ui.query("nc_weekly", **params)
if not weeks["nc_days"].any():
    st.info(
        "There are no no-contact days in this period yet. When you start no contact (on the "
        "Today page, or as a milestone on the Log page), each day shows up here.",
        icon=":material/eco:",
    )
    ui.cards_rest("no_contact", until, shown=())
    st.stop()

unit = charts.calendar_unit(weeks)
long_range = unit == "month"
ui.chart(
    weeks if long_range else ui.nc_daily(until, since),
    charts.calendar,
    charts.caption_calendar,
    empty="No days to show in this period yet.",
)
ui.cards_beside("no_contact", "calendar", until)
ui.chart(
    ui.query("metric_streaks", **params),
    charts.streak_history,
    charts.caption_streak_history,
    empty="No break-free no-contact days in this period yet; every first day counts.",
)
ui.cards_beside("no_contact", "streaks", until)
ui.chart(
    charts.period_outcomes(ui.query("nc_weekly_outcomes", **params, grain=unit), unit),
    charts.urges_vs_breaks,
    charts.caption_urges_vs_breaks,
    empty="No weeks with no-contact days in this period yet.",
)
ui.cards_beside("no_contact", "urges_vs_breaks", until)
ui.cards_rest("no_contact", until)
