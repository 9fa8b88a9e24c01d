"""Tideline's entry point: page setup and navigation only (the pages live in pages/)."""

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="Tideline", page_icon="🌊", layout="centered")

if ui.first_run():
    # A first visit: nothing in the journal and no choice yet in this browser session.
    navigation = st.navigation([st.Page("pages/welcome.py", title="Welcome", icon="🌊")])
else:
    navigation = st.navigation(
        [
            st.Page("pages/today.py", title="Today", icon="🌅", default=True),
            st.Page("pages/log.py", title="Log", icon="✍️"),
            st.Page("pages/no_contact.py", title="No contact", icon="🛡️"),
            st.Page("pages/mood.py", title="Mood", icon="🌤️"),
        ]
    )
navigation.run()
