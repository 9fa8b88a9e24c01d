"""Log: quick forms for mood, contact, urge and milestone, and the recent entries to fix."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

import streamlit as st

from dashboard.schema import (
    CHANNEL_LABELS,
    CHANNELS,
    EMOTIONS,
    INITIATOR_LABELS,
    INITIATORS,
    KIND_LABELS,
    MILESTONE_KINDS,
    OUTCOME_LABELS,
    OUTCOMES,
)
from dashboard.ui import cards, reads, session, sidebar, writes

MOOD_WORDS = {1: "😞 awful", 3: "😟 low", 5: "😐 okay", 8: "🙂 good", 10: "😄 great"}
SUGGESTED_ACTIVITIES = ("exercise", "friends", "family", "therapy", "work", "outdoors", "alcohol")
RESPONSES = {"Not sure / doesn't apply": None, "Yes": True, "No": False}
RECENT = 20


NOT_RATED = "—"


def mood_label(value: int) -> str:
    return f"{value} · {MOOD_WORDS[value]}" if value in MOOD_WORDS else str(value)


def when_inputs(key: str, initial: dt.datetime | None) -> dt.datetime:
    """Date and time for back-filling; a new entry left at its default time is saved as now."""
    shown = initial or st.session_state.setdefault(f"{key}_now", reads.now())
    left, right = st.columns(2)
    day = left.date_input("Date", value=shown.date(), key=f"{key}_date")
    clock = right.time_input("Time", value=shown.time(), step=60, key=f"{key}_time")
    picked = dt.datetime.combine(day, clock)
    # The default is the moment the form first appeared. A page left open for hours must not
    # date a new entry back to then (a 2 a.m. slip could land on the wrong day), so an
    # untouched default means "now" at the moment of saving.
    if initial is None and picked == shown:
        return reads.now()
    return picked


def more_details(initial: dict[str, Any] | None, expanded: bool = False) -> Any:
    """Where a form's optional fields go. A new entry folds them under "More details", so that
    its save button sits right under the main fields, where a thumb finds it on a phone. An
    edit shows them in place: it is already inside the recent entries' expander, and an
    expander cannot hold another."""
    if initial:
        return st.container()
    return st.expander("More details (optional)", expanded=expanded)


def with_extras(options: tuple[str, ...], chosen: list[str]) -> list[str]:
    return list(options) + [w for w in chosen if w not in options]


def note_input(key: str, row: dict[str, Any]) -> str:
    """A form's optional note."""
    return st.text_area("Note (optional)", value=row.get("note", ""), key=f"{key}_note")


def trigger_input(key: str, row: dict[str, Any], placeholder: str | None = None) -> str:
    """What set a contact or an urge off (optional)."""
    return st.text_input(
        "What set it off? (optional)",
        value=row.get("trigger", ""),
        placeholder=placeholder,
        key=f"{key}_trigger",
    )


def private_input(key: str, row: dict[str, Any]) -> bool:
    """Whether an entry stays out of snapshots (a new one does, unless unticked)."""
    return st.checkbox(
        "Private (left out of snapshots)", value=row.get("private", True), key=f"{key}_private"
    )


def saved(initial: dict[str, Any] | None, noun: str) -> bool:
    """A form's save button: "Save changes" on an edit, "Save <noun>" on a new entry."""
    label = "Save changes" if initial else f"Save {noun}"
    return st.form_submit_button(label, type="primary", width="stretch")


def mood_form(key: str, initial: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The mood form; returns the row when submitted."""
    row = initial or {}
    words = reads.query("mood_activity_words", top=30)["activity"].tolist()
    activity_options = tuple(dict.fromkeys([*SUGGESTED_ACTIVITIES, *words]))
    with st.form(key):
        mood = st.select_slider(
            "How are you feeling?",
            options=list(range(1, 11)),
            value=row.get("mood", 5),
            format_func=mood_label,
            key=f"{key}_mood",
        )
        details = more_details(initial)
        # Optional: an untouched rating stays unrated rather than becoming a "0 = no urge".
        urge = details.select_slider(
            "Urge to contact them (0 = none; leave at — to skip)",
            options=[NOT_RATED, *range(0, 11)],
            value=NOT_RATED if row.get("urge") is None else row["urge"],
            format_func=lambda v: "— not rated" if v == NOT_RATED else str(v),
            key=f"{key}_urge",
        )
        emotions = details.multiselect(
            "Emotions",
            with_extras(EMOTIONS, row.get("emotions", [])),
            default=row.get("emotions", []),
            accept_new_options=True,
            placeholder="Pick or type your own words",
            key=f"{key}_emotions",
        )
        activities = details.multiselect(
            "What did the day hold?",
            with_extras(activity_options, row.get("activities", [])),
            default=row.get("activities", []),
            accept_new_options=True,
            placeholder="exercise, friends, work… or your own",
            key=f"{key}_activities",
        )
        with details:
            at = when_inputs(key, row.get("at"))
            note = note_input(key, row)
            private = private_input(key, row)
        if not saved(initial, "mood"):
            return None
    return {
        "at": at,
        "mood": mood,
        "urge": None if urge == NOT_RATED else urge,
        "emotions": emotions,
        "activities": activities,
        "note": note,
        "private": private,
    }


def contact_main_fields(key: str, row: dict[str, Any]) -> dict[str, Any]:
    """The contact form's main questions (who, how, a response, under the influence)."""
    initiator = st.radio(
        "Who reached out?",
        list(INITIATORS),
        index=INITIATORS.index(row.get("initiator", "me")),
        format_func=INITIATOR_LABELS.get,
        horizontal=True,
        key=f"{key}_initiator",
    )
    channel = st.selectbox(
        "How?",
        CHANNELS,
        index=CHANNELS.index(row.get("channel", "text")),
        format_func=CHANNEL_LABELS.get,
        key=f"{key}_channel",
    )
    response = st.radio(
        "Did you get a response?",
        list(RESPONSES),
        index=list(RESPONSES.values()).index(row.get("got_response")),
        horizontal=True,
        key=f"{key}_response",
    )
    influence = st.checkbox(
        "Under the influence (alcohol or anything else)",
        value=row.get("under_influence", False),
        key=f"{key}_influence",
    )
    return {
        "initiator": initiator,
        "channel": channel,
        "got_response": RESPONSES[response],
        "under_influence": influence,
    }


def contact_form(
    key: str, initial: dict[str, Any] | None = None, prefill: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The contact form; returns the row when submitted. `prefill` starts a new entry."""
    row = initial or prefill or {}
    with st.form(key):
        main = contact_main_fields(key, row)
        # Words brought from Today's urge moment are in the note: open, so they are seen.
        with more_details(initial, expanded=bool(row.get("note"))):
            trigger = trigger_input(key, row, "loneliness, a song, saw a post…")
            at = when_inputs(key, row.get("at"))
            note = note_input(key, row)
            private = private_input(key, row)
        if not saved(initial, "contact"):
            return None
    return {
        "at": at,
        **main,
        "trigger": trigger,
        "note": note,
        "private": private,
    }


def urge_form(key: str, initial: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The urge form (an urge that did not become contact); returns the row when submitted."""
    row = initial or {}
    with st.form(key):
        intensity = st.slider(
            "How strong was the urge?", 0, 10, value=row.get("intensity", 5), key=f"{key}_int"
        )
        outcome = st.radio(
            "What did you do?",
            list(OUTCOMES),
            index=OUTCOMES.index(row.get("outcome", "resisted")),
            format_func=OUTCOME_LABELS.get,
            key=f"{key}_outcome",
        )
        note = st.text_area(
            "The message you wrote instead of sending it (optional)",
            value=row.get("note", ""),
            key=f"{key}_note",
        )
        with more_details(initial):
            trigger = trigger_input(key, row)
            at = when_inputs(key, row.get("at"))
            private = private_input(key, row)
        if not saved(initial, "urge"):
            return None
    return {
        "at": at,
        "intensity": intensity,
        "outcome": outcome,
        "trigger": trigger,
        "note": note,
        "private": private,
    }


def milestone_form(key: str, initial: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The milestone form; returns the row when submitted."""
    row = initial or {}
    with st.form(key):
        kind = st.selectbox(
            "What happened?",
            MILESTONE_KINDS,
            index=MILESTONE_KINDS.index(row.get("kind", "no_contact_start")),
            format_func=KIND_LABELS.get,
            key=f"{key}_kind",
        )
        on = st.date_input("On", value=row.get("on") or reads.today(), key=f"{key}_on")
        title = st.text_input("Title (optional)", value=row.get("title", ""), key=f"{key}_title")
        note = note_input(key, row)
        if not saved(initial, "milestone"):
            return None
    return {"on": on, "kind": kind, "title": title, "note": note}


def summary(table: str, row: dict[str, Any]) -> str:
    """How an entry is named in the 'recent entries' list."""
    if table == "milestones":
        return f"{row['on']:%a %d %b %Y} · {KIND_LABELS[row['kind']]} {row['title']}".strip()
    when = f"{row['at']:%a %d %b %H:%M}"
    if table == "mood":
        return f"{when} · mood {row['mood']}/10"
    if table == "contacts":
        who = "you reached out" if row["initiator"] == "me" else "they reached out"
        return f"{when} · {who} ({CHANNEL_LABELS.get(row['channel'], row['channel'])})"
    return f"{when} · urge {row['intensity']}/10, {row['outcome']}"


FORMS = {
    "mood": (mood_form, "mood"),
    "contacts": (contact_form, "contact"),
    "urges": (urge_form, "urge"),
    "milestones": (milestone_form, "milestone"),
}
# (table, id) of the entry whose deletion is being confirmed: the id, not a list position.
CONFIRM_KEY = "log_confirm_delete"
# A mood this low, just saved, brings the support card (issue 11, point 5).
LOW_MOOD = 3
SUPPORT_KEY = "log_show_support"


def picked_key(table: str) -> str:
    """Where the id of the entry a list is on is kept (None: the newest)."""
    return f"log_{table}_picked"


def entry_labels(table: str, rows: list[dict[str, Any]]) -> dict[int, str]:
    """Each entry's name in the picker by id, all different (a repeat gets ' (2)', ' (3)'…).

    The browser sends a selectbox's choice back as its label, so two entries with one label
    (two moods of 4 in the same minute) could not be told apart.
    """
    labels: dict[int, str] = {}
    used: set[str] = set()
    for row in rows:
        text = label = summary(table, row)
        n = 1
        while label in used:
            n += 1
            label = f"{text} ({n})"
        used.add(label)
        labels[row["id"]] = label
    return labels


def after_mood_saved(table: str, row: dict[str, Any]) -> None:
    """A low mood just saved: show the support card on the next run (after st.rerun)."""
    if table == "mood" and row["mood"] <= LOW_MOOD:
        st.session_state[SUPPORT_KEY] = True


def new_entry(table: str, prefill: dict[str, Any] | None = None) -> None:
    form, noun = FORMS[table]
    # A fresh form key after each save empties the form and resets its time to now.
    counter = f"log_{table}_saved"
    key = f"new_{table}_{st.session_state.get(counter, 0)}"
    row = form(key, prefill=prefill) if prefill else form(key)
    if row is not None and writes.add(table, row) is not None:
        st.session_state[counter] = st.session_state.get(counter, 0) + 1
        # The recent list opens on the newest entry (most likely the one just saved).
        st.session_state.pop(picked_key(table), None)
        if prefill:
            st.session_state.pop(HINT_KEY, None)
        after_mood_saved(table, row)
        session.flash(f"Saved your {noun}. Thank you for writing it down.")
        st.rerun()


def recent_entries(table: str) -> None:
    """The latest entries of a table, one picked at a time to change or delete."""
    noun = FORMS[table][1]
    rows = reads.recent(table, RECENT)
    # Open or folded is kept on the server, so picking an entry (a rerun) leaves it open; a
    # folded list builds none of its forms (they are a third of the page's run).
    box = st.expander(
        f"Recent {noun} entries ({len(rows)})", key=f"recent_{table}", on_change="rerun"
    )
    if not box.open:
        return
    with box:
        if not rows:
            st.caption(f"No {noun} entries yet.")
            return
        by_id = {row["id"]: row for row in rows}
        labels = entry_labels(table, rows)
        picked = pick_entry(table, noun, labels)
        row = by_id[picked]
        fields = {k: v for k, v in row.items() if k not in ("id", "created_at")}
        edit_entry(table, picked, fields)
        delete_entry(table, picked, labels)


def pick_entry(table: str, noun: str, labels: dict[int, str]) -> int:
    """The recent entry picked to change or delete (kept by id across reruns)."""
    ids = list(labels)
    chosen = st.session_state.get(picked_key(table))
    if chosen not in labels:
        chosen = ids[0]
    # The entry picked is kept here by id. The browser keeps the selectbox's choice as a
    # label, and a save changes labels (the edited entry's, or a new one's): under the same
    # key it would then fall back to the newest entry, and a delete would act on that one.
    # A key that changes with the labels makes a new selectbox, open on the kept id.
    shown = zlib.crc32("\n".join(labels.values()).encode())
    picked = st.selectbox(
        f"Pick a {noun} entry to change or delete",
        ids,
        index=ids.index(chosen),
        format_func=labels.__getitem__,
        key=f"pick_{table}_{shown:08x}",
    )
    st.session_state[picked_key(table)] = picked
    return picked


def edit_entry(table: str, picked: int, fields: dict[str, Any]) -> None:
    """The picked entry in its form; a save updates it and says where it went."""
    form, noun = FORMS[table]
    edited = form(f"edit_{table}_{picked}", initial=fields)
    if edited is None or not writes.update(table, picked, edited):
        return
    after_mood_saved(table, edited)
    if picked in {r["id"] for r in reads.recent(table, RECENT)}:
        session.flash(f"Updated that {noun} entry.")
    else:
        # Dated back past the list's reach: say where it went, open on the newest.
        st.session_state.pop(picked_key(table), None)
        session.flash(
            f"Updated that {noun} entry. Its new date is older than the {RECENT} "
            "latest, so it is no longer in this list; the list now opens on the newest."
        )
    st.rerun()


def delete_entry(table: str, picked: int, labels: dict[int, str]) -> None:
    """ "Delete this entry…", then a question before the picked entry goes."""
    noun = FORMS[table][1]
    confirm = st.session_state.get(CONFIRM_KEY)
    if confirm is not None and confirm[0] == table and confirm[1] != picked:
        # Another entry was picked since "Delete this entry…": that question is over.
        st.session_state.pop(CONFIRM_KEY, None)
        confirm = None
    if confirm is None or confirm[0] != table:
        if st.button("Delete this entry…", key=f"del_{table}"):
            st.session_state[CONFIRM_KEY] = (table, picked)
            st.rerun()
        return
    doomed = confirm[1]
    st.warning(
        f"Delete this {noun} entry ({labels[doomed]})? This cannot be undone.",
        icon=":material/delete:",
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", key=f"yes_{table}_{doomed}", type="primary", width="stretch"):
        st.session_state.pop(CONFIRM_KEY, None)
        if writes.delete(table, doomed):
            st.session_state.pop(picked_key(table), None)
            session.flash(f"Deleted that {noun} entry.")
            st.rerun()
    if no.button("Keep it", key=f"no_{table}_{doomed}", width="stretch"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()


HINT_KEY = "log_contact_hint"
TAB_KEY = "log_tab"

# The flash ("Saved your mood…") is drawn at the top of the page. After saving further down (More
# details open, or an older entry edited) the page stays scrolled there, out of sight of it, so
# a toast says it too: on a phone it shows at the top of the screen. In a word, so the full
# message is not said twice when both are in view.
TOASTS = {
    "Saved your ": "Saved. Thank you.",
    "Updated that ": "Updated.",
    "Deleted that ": "Deleted.",
}
confirmation = st.session_state.get(session.FLASH_KEY) or ""
session.page_setup()
for start, words in TOASTS.items():
    if confirmation.startswith(start):
        st.toast(words, icon=":material/check_circle:", duration="long")
# Right under "Saved your mood": a low mood just logged gets the support card, not only thanks.
if st.session_state.pop(SUPPORT_KEY, False):
    cards.support_card()
sidebar.no_period_here("new entries take any date; the lists show the latest.")
st.title("Log")
st.caption(
    "Times default to now; to fill in an earlier moment, change the date and time under "
    "More details."
)
# Coming from Today's "I want to text them" after reaching out: open the contact form with the
# words they wrote already in it. The hint is kept until the contact is saved.
fresh_hint = cards.take_contact_hint()
if fresh_hint:
    st.session_state[HINT_KEY] = fresh_hint
    # Arriving with words to keep: open on the contact form, once.
    st.session_state[TAB_KEY] = "Contact"
hint = st.session_state.get(HINT_KEY)
if hint:
    st.info(
        "What you wrote is in the note below. Fill in the rest when you are ready; "
        "a slip is part of the road, not the end of it.",
        icon=":material/favorite:",
    )
# The tabs keep their choice on the server, so picking an entry to edit (a rerun) stays on the
# tab the person is in.
tabs = st.tabs(["Mood", "Contact", "Urge", "Milestone"], key=TAB_KEY, on_change="rerun")
for tab, table in zip(tabs, FORMS, strict=True):
    with tab:
        if table == "contacts" and hint:
            new_entry(table, prefill={"initiator": "me", "note": hint.get("note", "")})
        else:
            new_entry(table)
        recent_entries(table)
