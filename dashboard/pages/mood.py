"""Mood: the trend, the weekday profile, emotions, and what the days held against mood."""

import streamlit as st

from dashboard import ui
from dashboard.charts import mood as charts

ui.page_setup()
since, until = ui.period_filter()
st.title("Mood")
ui.safety_first("mood", until)
st.caption(f"Entries {ui.describe_period(since, until)}.")
params = {"day_start_hour": ui.day_start_hour(), "since": since, "until": until}

trend = ui.mood_trend(since, until)
if trend.empty:
    st.info(
        "No mood entries in this period yet. Log how you feel on the Log page, even just a "
        "number; after a few days the patterns start to show.",
        icon=":material/eco:",
    )
    st.page_link("pages/log.py", label="Log your mood", icon=":material/edit_note:")
    ui.cards_rest("mood", until, shown=())
    st.stop()

ui.chart(
    trend,
    charts.daily_mood,
    charts.caption_daily_mood,
    empty="No mood entries in this period yet.",
)
ui.cards_beside("mood", "daily", until)
ui.chart(
    ui.query("mood_weekday", **params),
    charts.weekday_mood,
    charts.caption_weekday_mood,
    empty="Log your mood on a few different days to see how the weekdays compare.",
    min_rows=2,
)
ui.cards_beside("mood", "weekday", until)
ui.chart(
    ui.query("mood_emotions", top=15, **params),
    charts.emotions,
    charts.caption_emotions,
    empty="Name an emotion or two with your mood entries to see which ones come up most.",
)
ui.cards_beside("mood", "emotions", until)
ui.chart(
    ui.query("mood_activities", top=20, min_days=3, **params),
    charts.activities,
    charts.caption_activities,
    empty="Add what your days held (exercise, friends, work…) on at least 3 days, and some "
    "days without it, to see how each one goes with your mood.",
)
ui.cards_beside("mood", "activities", until)
ui.cards_rest("mood", until)
