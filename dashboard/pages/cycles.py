"""Cycles: together and apart periods, the milestones, and what came before each breakup."""

import streamlit as st

from dashboard import patterns, ui
from dashboard.charts import cycles as charts

ui.page_setup()
since, until = ui.period_filter()
params = {"since": since, "until": until, "day_start_hour": ui.day_start_hour()}
m = ui.metrics(until, since)

st.title("Cycles")
st.caption(
    f"Milestones {ui.describe_period(since, until)}. Periods run from a breakup to getting back "
    "together and back again."
)

milestones = ui.query("cycles_milestones", **params)
if milestones.empty:
    st.info(
        "No milestones in this period yet. Milestones (the breakup, starting no contact, a "
        "talk, a therapy session…) are the landmarks of your story; add them on the Log page "
        "and they appear here on one line.",
        icon=":material/eco:",
    )
    ui.cards_rest("cycles", until, shown=())
    st.stop()

breakups = int(m["cycles"]["breakups"])
if breakups < 2:
    st.info(
        "There is no on-and-off cycle to look at here: "
        + ("no breakup is" if breakups == 0 else "one breakup is")
        + " logged in this period, and a cycle needs at least two. That is fine: this page is "
        "for people whose relationship kept coming apart and together. Your milestones are "
        "below.",
        icon=":material/spa:",
    )
    ui.chart(
        milestones,
        charts.milestones_chart,
        charts.milestones_caption,
        empty="No milestones in this period yet.",
    )
    ui.cards_rest("cycles", until, shown=())
    st.stop()

# -- timeline --------------------------------------------------------------------------------
segments = ui.query("cycles_segments", **params)
grain = patterns.mood_grain(ui.mood_days_logged(since, until))
mood = ui.query("cycles_mood", **params, grain=grain)
ui.draw(charts.timeline_chart, segments, milestones, mood, until, width="content")
st.caption(charts.timeline_caption(segments, until))
if mood.empty:
    st.caption("No mood logged in this period, so the line beneath stays empty.")
ui.cards_beside("cycles", "timeline", until)

# -- periods ---------------------------------------------------------------------------------
st.header("The periods")
st.dataframe(
    patterns.period_table(segments),
    hide_index=True,
    width="stretch",
    column_config={
        "From": st.column_config.DateColumn("From", format="D MMM YYYY"),
        "To": st.column_config.DateColumn("To", format="D MMM YYYY"),
        "Days": st.column_config.NumberColumn("Days", format="%d"),
    },
)
st.markdown(patterns.together_trend(segments))
ui.cards_beside("cycles", "periods", until)

# -- before each breakup ---------------------------------------------------------------------
st.header("What came before each breakup")
before = ui.query("cycles_before_breakup", **params)
ui.chart(
    before,
    charts.before_breakup_chart,
    lambda df: charts.before_breakup_caption(df, m["mood"]["mean"]),
    empty="No breakup in this period.",
)
if before["breakup_on"].nunique() > charts.MAX_BREAKUPS_SHOWN:
    st.caption(f"The chart shows the last {charts.MAX_BREAKUPS_SHOWN} breakups.")
ui.cards_beside("cycles", "before_breakup", until)
ui.cards_rest("cycles", until)
