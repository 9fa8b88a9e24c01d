"""No contact: the calendar of tracking days, the history of runs, urges resisted versus breaks."""

import streamlit as st

from dashboard import wording
from dashboard.sections import no_contact
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
st.title("No contact")
st.caption(f"Days {wording.period(since, until)}.")

calendar = reads.section(no_contact.calendar, since, until)
if not calendar.drawn:
    st.info(calendar.empty_text, icon=":material/eco:")
    cards.cards_rest("no_contact", until, shown=())
    st.stop()

charts.show(calendar, until)
for part in (no_contact.streaks, no_contact.urges_vs_breaks):
    charts.show(reads.section(part, since, until), until)
cards.cards_rest("no_contact", until)
