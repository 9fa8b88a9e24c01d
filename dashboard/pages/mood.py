"""Mood: the trend, the weekday profile, emotions, and what the days held against mood."""

import streamlit as st

from dashboard import wording
from dashboard.sections import mood
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
st.title("Mood")
cards.safety_first("mood", until)
st.caption(f"Entries {wording.period(since, until)}.")

trend = reads.section(mood.trend, since, until)
if not trend.drawn:
    st.info(trend.empty_text, icon=":material/eco:")
    st.page_link("pages/log.py", label="Log your mood", icon=":material/edit_note:")
    cards.cards_rest("mood", until, shown=())
    st.stop()

charts.show(trend, until)
for part in (mood.weekday, mood.emotions, mood.activities):
    charts.show(reads.section(part, since, until), until)
cards.cards_rest("mood", until)
