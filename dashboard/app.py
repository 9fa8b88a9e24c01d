"""Tideline's entry point: page setup and navigation only (the pages live in pages/)."""

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="Tideline", page_icon="🌊", layout="centered")

# A first visit (nothing in the journal, no choice yet in this browser session) opens the
# welcome page; it stays registered but hidden afterwards so its buttons can switch pages.
first_visit = ui.first_run()
navigation = st.navigation(
    [
        st.Page(
            "pages/welcome.py", title="Welcome", icon="🌊", default=first_visit, visibility="hidden"
        ),
        st.Page("pages/today.py", title="Today", icon="🌅", default=not first_visit),
        st.Page("pages/log.py", title="Log", icon="✍️"),
        st.Page("pages/no_contact.py", title="No contact", icon="🛡️"),
        st.Page("pages/mood.py", title="Mood", icon="🌤️"),
    ],
    position="hidden" if first_visit else "sidebar",
)
navigation.run()
