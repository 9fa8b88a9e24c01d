"""Tideline's entry point: page setup and navigation only (the pages live in pages/)."""

import streamlit as st

from dashboard import DATA_DIR
from dashboard.ui import session, style

# The tab's icon is a file shipped with the app: a Material icon name here makes the browser
# fetch its picture from a font server on every page load, and nothing may leave the machine.
st.set_page_config(page_title="Tideline", page_icon=str(DATA_DIR / "icon.png"), layout="centered")
style.focus_style()

# Which journal is open comes back from the address after a reload (`?journal=demo`), so the
# choice is settled before deciding whether this is a first visit.
session.keep_place()
# A first visit (nothing in the journal, no choice yet in this browser session) opens the
# welcome page; it stays registered but hidden afterwards so its buttons can switch pages.
first_visit = session.first_run()
navigation = st.navigation(
    [
        st.Page(
            "pages/welcome.py",
            title="Welcome",
            icon=":material/waves:",
            default=first_visit,
            visibility="hidden",
        ),
        st.Page(
            "pages/today.py", title="Today", icon=":material/wb_twilight:", default=not first_visit
        ),
        st.Page("pages/log.py", title="Log", icon=":material/edit_note:"),
        st.Page("pages/no_contact.py", title="No contact", icon=":material/shield:"),
        st.Page("pages/patterns.py", title="Patterns", icon=":material/insights:"),
        st.Page("pages/cycles.py", title="Cycles", icon=":material/autorenew:"),
        st.Page("pages/mood.py", title="Mood", icon=":material/mood:"),
        st.Page("pages/guidance.py", title="Guidance", icon=":material/explore:"),
        st.Page("pages/snapshot.py", title="Snapshot", icon=":material/description:"),
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
    ],
    position="hidden" if first_visit else "sidebar",
)
navigation.run()
