"""The Data page's chat import: the rules' options, "Which one is you?", the preview (counts
only, never a word of the messages) and the Import button. The logic is `dashboard.chat_import`;
this module only lays it out and reads the file once per upload (a cached read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import chat_import, conversations, formats, wording
from dashboard.formats.chat import ChatHistory, DateOrderUnknown
from dashboard.ui import writes
from dashboard.validate import ValidationError

ORDERS = {
    None: "from the dates",
    "dmy": "day/month/year",
    "mdy": "month/day/year",
    "ymd": "year first",
}
# More names than this are offered in a select box rather than as radio buttons.
RADIO_NAMES = 8


@st.cache_data(max_entries=2, show_spinner="Reading the chat…")
def _history(
    parts: tuple[tuple[str, bytes], ...], kind: str, date_order: str | None, tz: str | None
) -> ChatHistory:
    """The chat's files read (and merged) once per upload and choice of date order and zone
    (reruns reuse it)."""
    return formats.read_chat_parts(list(parts), kind, date_order, tz)


def _more_files(key: str) -> list[tuple[str, bytes]]:
    """The chat's other files, (name, bytes) each, read as the same kind as the first."""
    more = st.file_uploader(
        "Other files of the same chat (optional)",
        type=["json", "txt", "xml", "zip"],
        accept_multiple_files=True,
        key=f"chat_more_{key}",
        help="A long Instagram or Messenger chat comes as message_1.json, message_2.json…; "
        "SMS Backup & Restore writes sms-….xml and calls-….xml; a later export overlaps an "
        "earlier one. Add them here: a message two files both hold is counted once.",
    )
    return [(f.name, f.getvalue()) for f in more or []]


# The page starts from the rules' own defaults (6 h gap, 24 h reply), like the command line.
DEFAULTS = conversations.Rules()


def _options(kind: str, key: str) -> dict[str, Any]:
    """The rules' numbers and how to read the file, in an expander (the defaults fit most)."""
    with st.expander("How conversations are counted"):
        gap = st.number_input(
            "A new conversation starts after a gap of (hours)",
            value=float(DEFAULTS.gap_hours),
            min_value=0.5,
            step=1.0,
            key=f"chat_gap_{key}",
        )
        reply = st.number_input(
            "A reply counts within (hours)",
            value=float(DEFAULTS.reply_hours),
            min_value=0.5,
            step=1.0,
            key=f"chat_reply_{key}",
        )
        order, tz = None, None
        if kind == "whatsapp":
            order = st.selectbox(
                "Dates are written", list(ORDERS), format_func=ORDERS.get, key=f"chat_order_{key}"
            )
        else:
            tz = st.text_input(
                "Time zone (blank: this computer's)",
                placeholder="Europe/London",
                key=f"chat_tz_{key}",
            )
        keep = st.checkbox(
            "Keep the messages' text in each contact's private note",
            value=False,
            key=f"chat_keep_{key}",
            help="Off: only when and who started each conversation is kept, never what was said.",
        )
    return {
        "gap_hours": float(gap),
        "reply_hours": float(reply),
        "date_order": order,
        "tz": tz or None,
        "keep_text": bool(keep),
    }


def _pick(label: str, names: list[str], key: str) -> str | None:
    if len(names) <= RADIO_NAMES:
        return st.radio(label, names, index=None, key=key, horizontal=True)
    return st.selectbox(label, names, index=None, key=key, placeholder="Choose a name")


def _who(history: ChatHistory, key: str) -> tuple[str, str | None] | None:
    """(me, ex or None when there is only one other), or None until the person has chosen."""
    me = history.me or _pick("Which one is you?", history.participants, f"chat_me_{key}")
    if me is None:
        st.info("Choose which one is you to see what would be imported.", icon=":material/person:")
        return None
    others = [name for name in history.participants if name != me]
    if len(others) <= 1:
        return me, None
    ex = _pick("Which one is your ex?", others, f"chat_ex_{key}")
    if ex is None:
        st.info(
            "Choose which one is your ex to see what would be imported.", icon=":material/person:"
        )
        return None
    return me, ex


def show_preview(plan: chat_import.ChatPlan) -> None:
    """Counts only: who is who, conversations and calls, dates, late nights, what is new."""
    me, counts, *table = chat_import.summary(plan)
    st.markdown(f"**Preview** · {formats.NAMES[plan.kind]}: {me}")
    st.markdown(counts)
    st.caption("; ".join(table))
    if plan.skipped_total:
        st.caption(
            f"{wording.plural(plan.skipped_total, 'contact')} already in your journal will be "
            "skipped, so nothing is counted twice."
        )
    rows = plan.table_rows()
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def chat_section(
    data: bytes, kind: str, key: str, run: Callable[[Any], None], name: str = "the chat file"
) -> None:
    """The chat's import on the Data page (`data` the uploaded file, called `name`, and any
    other files of the same chat added below it); `run(plan)` is the page's import with its
    progress."""
    parts = ((name, data), *_more_files(key))
    chosen = _options(kind, key)
    try:
        history = _history(parts, kind, chosen["date_order"], chosen["tz"])
    except DateOrderUnknown as exc:
        st.warning(
            f"{exc.question}: choose how the dates are written under “How conversations are "
            "counted” above. Nothing was imported.",
            icon=":material/calendar_month:",
        )
        return
    except ValidationError as exc:
        st.error(f"{exc} Nothing was imported.", icon=":material/front_hand:")
        return
    found = _who(history, key)
    if found is None:
        return
    options = chat_import.ChatOptions(me=found[0], ex=found[1], **chosen)
    ok, plan = writes.attempt(
        lambda s: chat_import.plan(s, history, kind, options), refused="{} Nothing was imported."
    )
    if not ok or plan is None:
        return
    show_preview(plan)
    if plan.problems:
        st.error("; ".join(f"{w}: {why}" for w, why in plan.problems), icon=":material/front_hand:")
    elif plan.ready:
        label = f"Import {wording.plural(plan.new_total, 'contact')}"
        if st.button(label, type="primary", icon=":material/upload_file:", key="data_import"):
            run(plan)
    else:
        st.info(
            "Nothing new to add: every conversation in this file is already in your journal.",
            icon=":material/check_circle:",
        )
