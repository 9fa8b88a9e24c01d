"""Today: where no contact stands, today's mood and the latest entries."""

import datetime as dt
from typing import Any

import streamlit as st

from dashboard import guidance
from dashboard.metrics import LOW_MOOD
from dashboard.sections import Figure
from dashboard.sections import today as today_sections
from dashboard.ui import cards, reads, session, sidebar, writes
from dashboard.validate import EMOTIONS

MOMENT_KEY = "today_moment_open"
# Words written in the moment but not yet saved ("Not now"): kept for this session so that
# closing the moment never throws them away.
MOMENT_DRAFT = "today_moment_draft"


def kept_words() -> str:
    """What was written in an unfinished moment in this journal (each journal keeps its own)."""
    return st.session_state.get(MOMENT_DRAFT, {}).get(session.db_path(), "")


def keep_words(note: str) -> None:
    st.session_state.setdefault(MOMENT_DRAFT, {})[session.db_path()] = note


def forget_words() -> None:
    """Drop this journal's kept words (once saved, or closed empty); another journal's stay."""
    st.session_state.get(MOMENT_DRAFT, {}).pop(session.db_path(), None)


# The three answers to "how did this moment go?", in words that never scold.
MOMENT_DONE = {
    "resisted": "Saved. You let the urge pass, and that counts.",
    "peeked": "Saved. Looking happens; you still held back from sending.",
}


def quick_row(note: str, **fields: Any) -> dict[str, Any]:
    """An entry saved from Today: dated now, its note trimmed, private (out of snapshots)."""
    return {"at": reads.now(), **fields, "note": note.strip(), "private": True}


def moment_closed() -> None:
    """The button that opens the moment, and a word when unfinished words are kept."""
    if st.button("I want to text them", icon=":material/sms:", width="stretch"):
        st.session_state[MOMENT_KEY] = True
        st.rerun()
    if kept_words():
        st.caption(
            "What you wrote earlier is kept here (not saved yet): open the button above "
            "to finish it whenever you like."
        )


def urge_moment(until: dt.date) -> None:
    """The "I want to text them" moment: cards that fit, a place to write, then how it went."""
    if not st.session_state.get(MOMENT_KEY):
        moment_closed()
        return
    st.subheader("Before you send anything")
    # The safety card, when it holds, already leads the page; the moment cards follow it.
    ctx = cards.guidance_context(until)
    cards.show_cards([c for c in guidance.moment_cards(ctx) if "safety" not in c.tags])
    with st.form("urge_moment_form"):
        note = st.text_area(
            "Write it here instead",
            value=kept_words(),
            placeholder="Everything you want to say to them. It stays here, private.",
            key="moment_note",
        )
        intensity = st.slider("How strong is the urge right now?", 0, 10, 5, key="moment_urge")
        st.markdown("Take your time. When the moment has passed, how did it go?")
        resisted = st.form_submit_button("I let it pass", type="primary", width="stretch")
        peeked = st.form_submit_button("I looked at their profile or messages", width="stretch")
        acted = st.form_submit_button("I reached out to them", width="stretch")
        # Inside the form, so that what was written comes along and can be kept.
        later = st.form_submit_button("Not now", width="stretch")
    if later:
        st.session_state.pop(MOMENT_KEY, None)
        if note.strip():
            keep_words(note)
            session.flash("Closed for now. Your words are kept here until you say how it went.")
        else:
            forget_words()
        st.rerun()
    if resisted or peeked:
        outcome = "resisted" if resisted else "peeked"
        row = quick_row(note, intensity=intensity, outcome=outcome)
        if writes.add("urges", row) is not None:
            st.session_state.pop(MOMENT_KEY, None)
            forget_words()
            session.flash(MOMENT_DONE[outcome])
            st.rerun()
    elif acted:
        # Not an urge any more but a contact: the Log page's contact form records it.
        st.session_state.pop(MOMENT_KEY, None)
        forget_words()
        st.session_state[cards.CONTACT_HINT_KEY] = {"note": note.strip()}
        session.flash(
            "That's okay: one message doesn't undo the days you kept. When you're ready, note "
            "what happened on the Contact tab."
        )
        st.switch_page("pages/log.py")


# The quick mood: the number tapped (waiting for "Save mood"), a counter that gives the optional
# fields fresh keys after each save (so they empty), and the confirmation of the last save.
QUICK_PICK = "today_quick_pick"
QUICK_ROUND = "today_quick_round"
QUICK_SAVED = "today_quick_saved"


def mood_numbers() -> int | None:
    """A row of ten numbers; the one tapped (waiting for "Save mood") is returned."""
    picked = st.session_state.get(QUICK_PICK)
    # Ten buttons with no gap between them fit one row on a phone (about 35 px each at 390 px);
    # a segmented control's buttons need 41 px and wrap onto a second row.
    with st.container(horizontal=True, gap=None):
        for value in range(1, 11):
            tapped = st.button(
                str(value),
                key=f"quick_mood_{value}",
                type="primary" if value == picked else "secondary",
                width="stretch",
            )
            if tapped:
                st.session_state[QUICK_PICK] = value
                st.session_state.pop(QUICK_SAVED, None)
                st.rerun()
    return picked


def quick_mood(support_shown: bool) -> None:
    """A mood in three taps: a number from 1 to 10, then "Save mood"; emotions and a note wait,
    folded, for whoever wants them. The full form (urge, activities, another time) is on Log.

    A low mood just saved brings the support card under the thanks, unless the page already
    leads with it (`support_shown`)."""
    st.subheader("How are you feeling?")
    picked = mood_numbers()
    st.caption(
        f"You picked {picked} of 10." if picked else "1 is the lowest you can feel, 10 the best."
    )
    round_ = st.session_state.get(QUICK_ROUND, 0)
    with st.expander("Emotions and a note (optional)"):
        emotions = st.multiselect(
            "Emotions",
            EMOTIONS,
            accept_new_options=True,
            placeholder="Pick or type your own words",
            key=f"quick_emotions_{round_}",
        )
        note = st.text_area("Note", key=f"quick_note_{round_}")
    save = st.button("Save mood", key="quick_save", type="primary", width="stretch")
    # Right under the button the person just pressed, so it is on screen on a phone too.
    done = st.session_state.pop(QUICK_SAVED, None)
    if done:
        words, value = done
        st.success(words, icon=":material/check_circle:")
        if value <= LOW_MOOD and not support_shown:
            cards.support_card()
    if not save:
        return
    if picked is None:
        st.warning("Tap a number from 1 to 10 first; nothing was saved yet.")
        return
    row = quick_row(note, mood=picked, emotions=emotions)
    if writes.add("mood", row) is not None:
        st.session_state.pop(QUICK_PICK, None)
        st.session_state[QUICK_ROUND] = round_ + 1
        st.session_state[QUICK_SAVED] = (
            f"Saved your mood: {picked}/10 at {row['at']:%H:%M}. Thank you for writing it down.",
            picked,
        )
        st.rerun()


def figure_tiles(figures: tuple[Figure, ...]) -> None:
    """Headline figures two to a row, each with its explanation as help."""
    for pair in (figures[i : i + 2] for i in range(0, len(figures), 2)):
        for column, figure in zip(st.columns(2), pair, strict=False):
            column.metric(figure.label, figure.value, help=figure.explanation or None)


session.page_setup()
since, until = sidebar.period_filter()
today = reads.today()
# Streaks are measured over the whole history (a view filter must not cut a run short);
# the period only scopes the adherence and break counts of its line.
standing = reads.section(today_sections.standing, since, until)

st.title("Today" if until == today else f"As of {until:%A} {until.day} {until:%B %Y}")
if until == today:
    # First on the page, so that at 2 am on a phone it is on the first screen even in a low
    # stretch; the support card, when it holds, follows right under it (under the thanks, after
    # a save, so they stay where the person just tapped).
    quick_mood(support_shown=any("safety" in c.tags for c in cards.page_cards("today", until)))
cards.safety_first("today", until)


st.subheader(standing.data.heading)
figure_tiles(standing.figures)
if standing.caption:
    st.markdown(standing.caption)
if standing.data.progress is not None:
    st.progress(standing.data.progress, text=standing.data.progress_text)
if standing.data.lead == "inactive":
    start = until == today and st.button("Start no contact today", type="primary", width="stretch")
    if start and writes.add("milestones", {"on": today, "kind": "no_contact_start", "title": ""}):
        session.flash("No contact starts today. One day at a time.")
        st.rerun()
for note in standing.notes:
    st.caption(note)

# While the urge moment is open its cards replace the page's own (three cards at most).
moment_open = until == today and bool(st.session_state.get(MOMENT_KEY))
if not moment_open:
    cards.cards_beside(*standing.cards, until)
if until == today:
    urge_moment(until)

st.subheader("Mood today")
mood_today = reads.section(today_sections.mood_today, since, until)
if mood_today.figures:
    figure_tiles(mood_today.figures)
else:
    st.markdown(mood_today.empty_text)
# Always here, also after the first mood of the day: the Log page's form holds the rest.
st.page_link("pages/log.py", label="Log your mood in detail", icon=":material/edit_note:")

st.subheader("Latest entries")
latest = reads.latest_entries(8)
if latest.empty:
    st.info("Your entries will show up here once you log something.", icon=":material/eco:")
else:
    # A plain table (text, not a canvas grid): screen readers and text search can read it.
    st.table(latest, hide_index=True)

if not moment_open:
    cards.cards_rest("today", until)
