"""Guidance: your path through the guides' phases, what they say of it, intent and red flags."""

from __future__ import annotations

import streamlit as st

from dashboard import guidance
from dashboard.schema import INTENT_LABELS, INTENTS, RED_FLAG_LABELS, RED_FLAGS
from dashboard.ui import cards, reads, session, sidebar, writes

# The articles also teach ways to be noticed; Tideline's cards leave them out, and say why.
ATTENTION_TACTICS = (
    "Tideline leaves out the articles' tactics for getting an ex's attention, such as making "
    "them jealous or posting to be noticed: they work on someone else's feelings instead of "
    "your own recovery, and pressure tends to backfire."
)
STEP_ICONS = {
    "done": (":material/check_circle:", "done"),
    "ongoing": (":material/autorenew:", "ongoing"),
    "current": (":material/radio_button_checked:", "you are here"),
    "ahead": (":material/radio_button_unchecked:", "ahead"),
}


def stepper(route: list[dict]) -> None:
    """The phases as a row of steps: done, ongoing, current or ahead."""
    for column, step in zip(st.columns(len(route)), route, strict=True):
        icon, word = STEP_ICONS[step["status"]]
        text = f"**{step['title']}**" if step["status"] == "current" else step["title"]
        column.markdown(f"{icon} {text}")
        column.caption(word)


def settings_form(current: dict) -> None:
    """Intent and the red-flags checklist, saved to the journal's settings."""
    with st.form("guidance_settings"):
        intent = st.radio(
            "What do you hope for, right now?",
            INTENTS,
            index=INTENTS.index(current.get("intent") or "undecided"),
            format_func=INTENT_LABELS.get,
            key="guidance_intent",
        )
        st.markdown(
            "**Red flags.** Did any of these happen in the relationship? Tick whatever fits; "
            "it stays in your journal. With any of them ticked, Tideline will not suggest going "
            "back, and it shows where to find support."
        )
        ticked = set(current.get("red_flags") or [])
        flags = [
            flag
            for flag in RED_FLAGS
            if st.checkbox(RED_FLAG_LABELS[flag], value=flag in ticked, key=f"guidance_flag_{flag}")
        ]
        saved = st.form_submit_button("Save", type="primary", width="stretch")
    if saved and writes.save_guidance_settings(intent, flags):
        session.flash("Saved. Your path and the guidance follow your answers now.")
        st.rerun()


session.page_setup()
sidebar.no_period_here("your path follows your whole story.")
day = reads.today()
ctx = cards.guidance_context(day)
path = guidance.path_for(ctx)

st.title("Your path")
st.caption(
    "The guides describe a path in phases. Where you are comes from your milestones and from "
    "what you hope for; there is no schedule, and no phase is a test."
)
if path["support"]:
    st.info(path["support"], icon=":material/volunteer_activism:")

stepper(path["route"])
st.subheader(f"You are here: {path['title']}")
st.markdown(path["summary"])
st.caption(f"Why here: {path['because']}")

st.subheader("What the guides say about this phase")
cards.show_cards(guidance.phase_cards(ctx, path, cards.CARDS_PER_PAGE))

if path["next"]:
    st.subheader("What comes next")
    if path["next"]["title"]:
        st.markdown(f"**{path['next']['title']}**")
    st.markdown(path["next"]["text"])
if path["fork"]:
    st.markdown(f"**Or: {path['fork']['title']}**")
    st.markdown(path["fork"]["text"])

st.subheader("Your intent and red flags")
settings_form(reads.settings())
st.caption(
    "Tideline shows the few cards that fit where you are. A clinician can read the whole "
    "library with `tideline guidance --all`."
)
st.caption(ATTENTION_TACTICS)
