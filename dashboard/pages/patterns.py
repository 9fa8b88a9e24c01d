"""Patterns: when and why slips happen, the mood around contact, urges against actions."""

import streamlit as st

from dashboard.sections import patterns
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
intro = reads.section(patterns.intro, since, until)

st.title("Patterns")
st.caption(intro.caption)
if not intro.enough:
    st.info(intro.empty_text, icon=":material/eco:")
    cards.cards_rest("patterns", until, shown=())
    st.stop()

st.header("When slips happen")
charts.show(reads.section(patterns.when, since, until), until, lead=True)
figures = reads.section(patterns.figures, since, until)
for row in (figures.figures[:3], figures.figures[3:]):
    for column, figure in zip(st.columns(3), row, strict=False):
        with column:
            st.metric(figure.label, figure.value)
            st.caption(figure.explanation)
cards.cards_beside(*figures.cards, until)

st.header("What sets it off")
charts.show(reads.section(patterns.triggers, since, until), until)

st.header("Mood around contact")
charts.show(reads.section(patterns.mood_around, since, until), until)
charts.show(reads.section(patterns.urge_before_break, since, until), until)

st.header("Urges and what became of them")
charts.show(reads.section(patterns.urges_weekly, since, until), until)
cards.cards_rest("patterns", until)
