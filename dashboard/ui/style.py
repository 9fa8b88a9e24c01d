"""The one global style the entry point gives every run: a clearly visible keyboard focus."""

from __future__ import annotations

import streamlit as st

# Streamlit marks keyboard focus on the sidebar's page links with a faint tint only, and on
# buttons with a half-transparent ring; no theme option changes either. This one small global
# style, given once per run by the entry point, draws a solid ring in the theme's primary
# colour (4.6:1 against the page) around whatever link, button or tab has keyboard focus.
# :focus-visible leaves mouse and touch clicks without the ring.
FOCUS_CSS = """<style>
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible {
  outline: 3px solid %(ring)s !important;
  outline-offset: 2px !important;
}
</style>"""


def focus_style() -> None:
    """Make keyboard focus clearly visible on links, buttons and tabs (see FOCUS_CSS)."""
    # A page of style only: Streamlit puts it where it takes no room on the page.
    st.html(FOCUS_CSS % {"ring": st.get_option("theme.primaryColor") or "#3b7a8c"})
