"""Welcome: the first screen of a new install, offering the demo story or an empty journal."""

import streamlit as st

from dashboard.ui import session

session.through_entry_point()
st.title("Welcome to Tideline 🌊")
st.markdown(
    "A quiet place to keep track of the weeks after a breakup: your mood, any contact with "
    "your ex (or the urge to reach out), and the milestones along the way. Everything stays "
    "on this computer; nothing is sent anywhere."
)

st.subheader("Just looking around?")
st.markdown(
    "The demo story is six months of someone else's made-up journal, kept in its own file. "
    "Every page shows what it can tell you, without you typing a thing."
)
if st.button("Explore the demo story", type="primary", width="stretch"):
    with st.spinner("Setting up the demo story…"):
        session.open_demo()
    st.switch_page("pages/today.py", query_params=session.place_in_address())

st.subheader("Ready to start?")
st.markdown(
    "Your own journal starts empty. Logging a mood takes a few seconds; you can switch to the "
    "demo story at any time from the sidebar, and come back to this screen from there too."
)
if st.button("Start my own journal", width="stretch"):
    session.open_journal()
    st.switch_page("pages/today.py", query_params=session.place_in_address())
