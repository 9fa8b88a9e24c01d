"""Mood: the trend, the weekday profile, emotions, and what the days held against mood."""

import streamlit as st

from dashboard.charts import mood as mood_charts
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
st.title("Mood")
cards.safety_first("mood", until)
st.caption(f"Entries {sidebar.describe_period(since, until)}.")
params = {"day_start_hour": reads.day_start_hour(), "since": since, "until": until}

trend = reads.mood_trend(since, until)
if trend.empty:
    st.info(
        "No mood entries in this period yet. Log how you feel on the Log page, even just a "
        "number; after a few days the patterns start to show.",
        icon=":material/eco:",
    )
    st.page_link("pages/log.py", label="Log your mood", icon=":material/edit_note:")
    cards.cards_rest("mood", until, shown=())
    st.stop()

charts.chart(
    trend,
    mood_charts.daily_mood,
    mood_charts.caption_daily_mood,
    empty="No mood entries in this period yet.",
)
cards.cards_beside("mood", "daily", until)
charts.chart(
    reads.query("mood_weekday", **params),
    mood_charts.weekday_mood,
    mood_charts.caption_weekday_mood,
    empty="Log your mood on a few different days to see how the weekdays compare.",
    min_rows=2,
)
cards.cards_beside("mood", "weekday", until)
charts.chart(
    reads.query("mood_emotions", top=15, **params),
    mood_charts.emotions,
    mood_charts.caption_emotions,
    empty="Name an emotion or two with your mood entries to see which ones come up most.",
)
cards.cards_beside("mood", "emotions", until)
charts.chart(
    reads.query("mood_activities", top=20, min_days=3, **params),
    mood_charts.activities,
    mood_charts.caption_activities,
    empty="Add what your days held (exercise, friends, work…) on at least 3 days, and some "
    "days without it, to see how each one goes with your mood.",
)
cards.cards_beside("mood", "activities", until)
cards.cards_rest("mood", until)
