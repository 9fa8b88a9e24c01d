"""Cycles: together and apart periods, the milestones, and what came before each breakup."""

import streamlit as st

from dashboard.sections import cycles
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
overview = reads.section(cycles.overview, since, until)

st.title("Cycles")
st.caption(overview.caption)
if not overview.data.anything:
    st.info(overview.empty_text, icon=":material/eco:")
    cards.cards_rest("cycles", until, shown=())
    st.stop()

for note in overview.notes:
    st.info(note, icon=":material/spa:")
if not overview.enough:
    # Fewer than two breakups in the whole history: the milestones alone.
    charts.show(reads.section(cycles.milestones, since, until), until)
    cards.cards_rest("cycles", until, shown=())
    st.stop()

charts.show(reads.section(cycles.timeline, since, until), until)

st.header("The periods")
periods = reads.section(cycles.periods, since, until)
st.dataframe(
    periods.data,
    hide_index=True,
    width="stretch",
    column_config={
        "From": st.column_config.DateColumn("From", format="D MMM YYYY"),
        "To": st.column_config.DateColumn("To", format="D MMM YYYY"),
        "Days": st.column_config.NumberColumn("Days", format="%d"),
    },
)
st.markdown(periods.caption)
cards.cards_beside(*periods.cards, until)

st.header("What came before each breakup")
charts.show(reads.section(cycles.before_breakup, since, until), until)
cards.cards_rest("cycles", until)
