"""No contact: the calendar of tracking days, the history of runs, urges resisted versus breaks."""

import streamlit as st

from dashboard import ui
from dashboard.charts import no_contact as charts
from dashboard.metrics import streak_history

ui.page_setup()
since, until = ui.period_filter()
st.title("No contact")
st.caption(f"Days {ui.describe_period(since, until)}.")

daily = ui.nc_daily(until, since)
if not daily["in_nc"].any():
    st.info(
        "There are no no-contact days in this period yet. When you start no contact (on the "
        "Today page, or as a milestone on the Log page), each day shows up here.",
        icon=":material/eco:",
    )
    ui.cards_rest("no_contact", until, shown=())
    st.stop()

ui.chart(
    daily,
    charts.calendar,
    charts.caption_calendar,
    empty="No days to show in this period yet.",
)
ui.cards_beside("no_contact", "calendar", until)
ui.chart(
    streak_history(daily),
    charts.streak_history,
    charts.caption_streak_history,
    empty="No break-free no-contact days in this period yet; every first day counts.",
)
ui.cards_beside("no_contact", "streaks", until)
ui.chart(
    charts.weekly_outcomes(daily),
    charts.urges_vs_breaks,
    charts.caption_urges_vs_breaks,
    empty="No weeks with no-contact days in this period yet.",
)
ui.cards_beside("no_contact", "urges_vs_breaks", until)
ui.cards_rest("no_contact", until)
