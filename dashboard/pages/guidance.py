"""Guidance: your path through the guides' phases, your intent and red flags, the whole library."""

from __future__ import annotations

import streamlit as st

from dashboard import guidance, ui
from dashboard.validate import INTENTS, RED_FLAGS

INTENT_LABELS = {
    "reconcile": "I hope we can try again",
    "undecided": "I'm not sure yet",
    "move_on": "I want to move on",
}
FLAG_LABELS = {
    "abuse": "Abuse of any kind (physical, sexual, emotional, financial)",
    "contempt": "Contempt or a lack of respect (belittling, name-calling, insults)",
    "betrayal": "Repeated betrayal (cheating or lying again after apologising)",
}
STEP_ICONS = {
    "done": (":material/check_circle:", "done"),
    "ongoing": (":material/autorenew:", "ongoing"),
    "current": (":material/radio_button_checked:", "you are here"),
    "ahead": (":material/radio_button_unchecked:", "ahead"),
}
# Library sections: a card sits under the first of its tags that names a topic here.
TOPICS = {
    "safety": "Safety",
    "red_flags": "Red flags",
    "urge_moment": "In the moment of an urge",
    "no_contact": "No contact",
    "relapse": "Slips and what sets them off",
    "backsliding": "Slips and what sets them off",
    "mood": "Mood and hard days",
    "badmouthing": "Talking about it",
    "self_care": "Looking after yourself",
    "self_esteem": "Looking after yourself",
    "affirmations": "Looking after yourself",
    "working_on_yourself": "Working on yourself",
    "writing": "Writing it down",
    "assess": "Looking at the relationship honestly",
    "therapy": "Therapy",
    "change": "Change and patience",
    "patience": "Change and patience",
    "accountability": "Accountability and empathy",
    "empathy": "Accountability and empathy",
    "reconnecting": "Reconnecting",
    "conversation": "The conversation",
    "apology": "The conversation",
    "second_version": "A second version",
    "cycles": "On-and-off cycles",
    "moving_on": "Moving on",
}
OTHER_TOPIC = "More from the guides"


def topic_of(card: guidance.Card) -> str:
    """The library section a card is listed under."""
    return next((TOPICS[t] for t in card.tags if t in TOPICS), OTHER_TOPIC)


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
            "**Red flags.** Did the relationship have any of these? If so, Tideline follows "
            "the guides' advice: it will not suggest going back."
        )
        ticked = set(current.get("red_flags") or [])
        flags = [
            flag
            for flag in RED_FLAGS
            if st.checkbox(FLAG_LABELS[flag], value=flag in ticked, key=f"guidance_flag_{flag}")
        ]
        saved = st.form_submit_button("Save", type="primary", width="stretch")
    if saved and ui.save_guidance_settings(intent, flags):
        ui.flash("Saved. Your path and the guidance follow your answers now.")
        st.rerun()


def library(hold_back: bool) -> None:
    """Every card, grouped by topic, with its source and where and when it shows."""
    cards = guidance.load_cards()
    if hold_back:
        # Like every other page, the reference does not suggest reconnecting after a red flag
        # or a decision to move on; the command line still lists the whole library.
        cards = [c for c in cards if "reconciliation" not in c.tags]
    with st.expander(f"The whole library ({len(cards)} cards)", icon=":material/menu_book:"):
        st.caption(
            "Every card Tideline can show, in its own words, with the article it draws on and "
            "the page and condition it shows under."
            + (
                " Cards about getting back together are left out while a red flag is marked or "
                "your intent is to move on; `tideline guidance --all` lists every one."
                if hold_back
                else ""
            )
        )
        groups: dict[str, list[guidance.Card]] = {}
        for card in cards:
            groups.setdefault(topic_of(card), []).append(card)
        for topic in sorted(groups):
            st.subheader(topic)
            for card in sorted(groups[topic], key=lambda c: c.title):
                st.markdown(f"**{ui.md_escape(card.title)}**")
                st.markdown(ui.md_escape(card.body))
                st.caption(ui.md_escape(ui.source_line(card)))
                st.caption(f"Shown on: {card.place.replace(':', ' · ')} · when `{card.rule}`")


ui.page_setup()
day = ui.today()
ctx = ui.guidance_context(day)
path = guidance.path_for(ctx)
by_id = {c.id: c for c in guidance.load_cards()}

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
phase_cards = [by_id[i] for i in path["cards"]]
# Cards whose condition holds today come first; the page features three, the rest wait below.
phase_cards.sort(key=lambda c: not c.holds(ctx))
ui.show_cards(phase_cards[: ui.CARDS_PER_PAGE])
if len(phase_cards) > ui.CARDS_PER_PAGE:
    with st.expander(f"More on this phase ({len(phase_cards) - ui.CARDS_PER_PAGE})"):
        ui.show_cards(phase_cards[ui.CARDS_PER_PAGE :])

if path["next"]:
    st.subheader("What comes next")
    if path["next"]["title"]:
        st.markdown(f"**{path['next']['title']}**")
    st.markdown(path["next"]["text"])

st.subheader("Your intent and red flags")
settings_form(ui.settings())

library(bool(path["red_flags"]) or ctx["settings"]["intent"] == "move_on")
