"""Cycles: together and apart periods, the milestones, and what came before each breakup."""

import streamlit as st

from dashboard import patterns
from dashboard.charts import cycles as cycle_charts
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
params = {"since": since, "until": until, "day_start_hour": reads.day_start_hour()}
m = reads.metrics(until, since)
# The whole history, so a short period can say honestly how many breakups lie outside it.
breakups_in_all = int(reads.metrics(until)["cycles"]["breakups"])
breakups = int(m["cycles"]["breakups"])

st.title("Cycles")
st.caption(
    f"Milestones {sidebar.describe_period(since, until)}. Periods run from a breakup to getting "
    "back together and back again."
)

milestones = reads.query("cycles_milestones", **params)
# Includes the stretch already under way when the period began, clipped to its first day.
segments = reads.query("cycles_segments", **params)
if milestones.empty and (segments.empty or breakups_in_all < 2):
    st.info(
        "No milestones in this period yet. Milestones (the breakup, starting no contact, a "
        "talk, a therapy session…) are the landmarks of your story; add them on the Log page "
        "and they appear here on one line.",
        icon=":material/eco:",
    )
    cards.cards_rest("cycles", until, shown=())
    st.stop()

if breakups < 2:
    st.info(patterns.breakups_message(breakups, breakups_in_all), icon=":material/spa:")
if breakups_in_all < 2:
    charts.chart(
        milestones,
        cycle_charts.milestones_chart,
        cycle_charts.milestones_caption,
        empty="No milestones in this period yet.",
    )
    cards.cards_rest("cycles", until, shown=())
    st.stop()

# -- timeline --------------------------------------------------------------------------------
grain = patterns.mood_grain(reads.mood_days_logged(since, until))
mood = reads.query("cycles_mood", **params, grain=grain)
charts.draw(cycle_charts.timeline_chart, segments, milestones, mood, until)
st.caption(cycle_charts.timeline_caption(segments, until))
if mood.empty:
    st.caption(
        "No mood logged in this period, so the chart shows the periods and milestones alone."
    )
cards.cards_beside("cycles", "timeline", until)

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
cards.cards_beside("cycles", "periods", until)

# -- before each breakup ---------------------------------------------------------------------
st.header("What came before each breakup")
before = reads.query("cycles_before_breakup", **params)
if before.empty:
    st.info(
        "No breakup falls in this period, so there is no run-up to one to look at.",
        icon=":material/eco:",
    )
elif not patterns.has_before_breakup_data(before):
    st.info(
        "Nothing was logged in the two weeks before these breakups: no mood and no contact "
        "between you, so there is no chart to draw. That is all right; if you log your mood "
        "from time to time, this is where the run-up to a breakup would show.",
        icon=":material/eco:",
    )
else:
    charts.draw(cycle_charts.before_breakup_chart, before)
    st.caption(cycle_charts.before_breakup_caption(before, m["mood"]["mean"]))
    shown_note = patterns.breakups_shown_note(before)
    if shown_note:
        st.caption(shown_note)
cards.cards_beside("cycles", "before_breakup", until)
cards.cards_rest("cycles", until)
