"""Data: bring history in, take everything out, back up, a reminder, settings, privacy."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import dataops, formats, helplines, wording
from dashboard.formats import daylio, ics
from dashboard.ui import reads, session, sidebar, writes
from dashboard.ui.chat_import import chat_section
from dashboard.validate import ValidationError

UPLOAD_COUNTER = "data_upload_round"
DEFAULT_REMINDER = dt.time(21, 0)


def entries(n: int) -> str:
    return wording.plural(n, "entry", "entries")


MOOD_COLUMNS = 3


def mood_mapping(data: bytes, file_key: str) -> tuple[dict[str, int], list[str]]:
    """The Daylio CSV's mapping table: a number per mood label, pre-filled with the proposals.

    The person confirms or changes each number; a label Tideline cannot place starts blank and
    must be given before Import is offered (the table's problems say so).
    """
    proposal = daylio.propose(data)
    rows = daylio.proposal_table(proposal)
    with st.expander("How your Daylio moods become numbers", expanded=True):
        # Filled once the numbers are drawn: it names only the moods still without one.
        ask = st.empty()
        st.caption(
            "Each mood of your file with the number Tideline proposes from its name (Daylio's "
            "own five moods in any language, and common mood words), from 1 (lowest) to 10 "
            "(best). Check them and change any that doesn't fit you."
        )
        columns = st.columns(MOOD_COLUMNS)
        for index, row in enumerate(rows):
            row["mood"] = columns[index % MOOD_COLUMNS].number_input(
                row["label"],
                min_value=1,
                max_value=10,
                value=row["mood"],
                step=1,
                placeholder="give a number",
                key=f"mood_map_{file_key}_{index}",
            )
        missing = daylio.unset_labels(rows)
        if missing:
            ask.warning(
                f"Tideline can't tell where these moods sit on its scale: {', '.join(missing)}. "
                "Give each a number from 1 (lowest) to 10 (best) below; nothing is imported "
                "until every mood has one.",
                icon=":material/tune:",
            )
    return daylio.mood_map_from_table(rows)


def show_preview(plan: dataops.ImportPlan) -> None:
    """Rows per table, dates, settings that would change, every bad row; writes nothing."""
    total = sum(plan.in_file.values())
    span = wording.span(plan.first, plan.last)
    st.markdown(f"**Preview** · {formats.NAMES[plan.kind]}: {entries(total)} read {span}")
    rows = plan.table_rows()
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    if plan.skipped_total:
        st.caption(
            f"{entries(plan.skipped_total)} already in your journal will be skipped, "
            "so nothing is counted twice."
        )
    merge = plan.settings_merge
    if merge is not None and not plan.problems:
        if merge.changes:
            listed = ", ".join(c.text() for c in merge.changes)
            st.info(
                f"Importing this file also changes settings: {listed}. Red flags from a file "
                "are only ever added to yours, never removed.",
                icon=":material/settings:",
            )
        if merge.kept:
            st.caption(
                f"{dataops.kept_sentence(merge)}: you chose it, so a file does not change it."
            )
    if plan.problems:
        count = len(plan.problems)
        st.error(
            f"{wording.plural(count, 'problem')} in this file, so nothing will be "
            "imported yet (an import is all or nothing). Fix the lines below, or the mood table "
            "above, and try again; your journal is unchanged.",
            icon=":material/front_hand:",
        )
        with st.expander(f"Rows that can't be read ({count})", expanded=True):
            st.dataframe(
                pd.DataFrame(plan.problems, columns=["where", "why"]),
                hide_index=True,
                width="stretch",
            )


def run(plan: dataops.ImportPlan) -> None:
    """Import with a progress bar across the phases; on success flash the counts."""
    bar = st.progress(0.0, text="Starting…")
    report = writes.run_import(plan, lambda f, text: bar.progress(f, text=text))
    if report is None:
        bar.empty()
        return
    # A fresh uploader: the file is done, and the message stays above it.
    st.session_state[UPLOAD_COUNTER] = st.session_state.get(UPLOAD_COUNTER, 0) + 1
    session.flash(dataops.success_message(report))
    st.rerun()


def import_section() -> None:
    st.caption(
        "Bring your history from another app, or a Tideline export. You see a preview first; "
        "nothing is written until you confirm, and importing the same file again adds nothing."
    )
    if session.choice() == session.DEMO:
        st.warning(
            "You are looking at the demo story: an import here goes into the demo, not your own "
            "journal. Use “Open my own journal” in the sidebar first.",
            icon=":material/info:",
        )
    upload = st.file_uploader(
        "Choose a file: Tideline JSON or CSV zip, a Daylio CSV or backup, a Bearable CSV, or a "
        "chat (WhatsApp, Telegram, Instagram, Messenger, SMS Backup & Restore)",
        type=["json", "csv", "zip", "daylio", "txt", "xml"],
        key=f"data_upload_{st.session_state.get(UPLOAD_COUNTER, 0)}",
    )
    if upload is None:
        return
    data = upload.getvalue()
    try:
        detected = formats.detect(data)
    except ValidationError as exc:
        st.error(f"{exc} Nothing was imported.", icon=":material/front_hand:")
        return
    kinds = list(formats.NAMES)
    kind = st.selectbox(
        "Format (detected from the file; change it if it's wrong)",
        kinds,
        index=kinds.index(detected),
        format_func=formats.NAMES.get,
        key=f"data_format_{upload.file_id}",
    )
    if kind in formats.CHAT_KINDS:
        chat_section(data, kind, upload.file_id, run, upload.name)
        return
    mood_map: dict[str, int] | None = None
    table_problems: list[str] = []
    if kind == "daylio":
        # The preview uses the rows of the table that are filled in; the import waits for all.
        mood_map, table_problems = mood_mapping(data, upload.file_id)
        if table_problems:
            st.error(
                "The mood table needs a look: " + "; ".join(table_problems) + ".",
                icon=":material/tune:",
            )
    plan = writes.prepare_import(data, kind, mood_map)
    if plan is None:
        return
    show_preview(plan)
    if plan.ready and not table_problems:
        label = f"Import {entries(plan.new_total)}" if plan.new_total else "Apply these settings"
        if st.button(label, type="primary", icon=":material/upload_file:", key="data_import"):
            run(plan)
    elif not plan.problems:
        st.info(
            "Nothing new to add: everything in this file is already in your journal.",
            icon=":material/check_circle:",
        )


VIA = "Data page"


def export_section() -> None:
    st.caption(
        "Everything in the journal, including private notes, as a file on this machine. Each "
        "file is put together only when you click."
    )
    today = dt.date.today()
    files = (
        ("json", "Tideline JSON", "application/json", ":material/data_object:"),
        ("csv", "CSV zip", "application/zip", ":material/table:"),
        ("parquet", "Parquet zip", "application/zip", ":material/folder_zip:"),
    )
    # Callables: the bytes are built (and the export recorded) when a button is clicked, not on
    # every page run.
    for column, (fmt, label, mime, icon) in zip(st.columns(3), files, strict=True):
        column.download_button(
            label,
            data=writes.exporter(fmt, VIA),
            file_name=formats.export_name(fmt, today),
            mime=mime,
            on_click="ignore",
            icon=icon,
            width="stretch",
        )
    st.caption(
        "The JSON file and the CSV zip can be imported again here; the CSV zip holds a README "
        "describing every column. Each download is noted (when and in which format, never what "
        "it held) in the list of what you have shared, on the Snapshot page."
    )


def backup_section() -> None:
    st.caption(
        "A backup is a full copy of the journal file in the backups folder beside it. An "
        "encrypted journal's backups stay encrypted."
    )
    if st.button("Back up now", icon=":material/backup:", key="data_backup"):
        path = writes.backup()
        if path is not None:
            session.flash(f"Backed up to {path}")
            st.rerun()
    found = dataops.list_backups(session.db_path())
    if found:
        st.dataframe(
            pd.DataFrame(found, columns=["file", "written", "size_kb"]),
            hide_index=True,
            column_config={"size_kb": st.column_config.NumberColumn("size (kB)")},
        )
    else:
        st.caption(f"No backups yet in {dataops.backup_dir(session.db_path())}.")
    st.info(
        "To go back to a backup, close Tideline and run `tideline restore FILE` in a terminal "
        "(for example `tideline restore data/backups/<file>.duckdb`). Your current journal is "
        "backed up first, so nothing is lost.",
        icon=":material/restore:",
    )


def reminder_section() -> None:
    st.caption(
        "A daily check-in reminder for your own calendar app (phone or computer). No server "
        "sends it: the calendar does."
    )
    picked = st.time_input("Remind me every day at", value=DEFAULT_REMINDER, step=900)
    st.download_button(
        "Download the reminder (.ics)",
        data=ics.reminder_ics(picked, dt.date.today()),
        file_name="tideline-check-in.ics",
        mime="text/calendar",
        on_click="ignore",
        icon=":material/alarm:",
    )
    st.caption("Open the file and your calendar adds the reminder; delete it there to stop it.")


def settings_section() -> None:
    current = reads.settings()
    with st.form("data_settings"):
        # No widget limits: out-of-range values would be silently reset by the widget, while
        # the store's check says what is wrong (the browser is not the check anyway).
        hour = st.number_input(
            "My day starts at (hour, 0–12)",
            value=int(current["day_start_hour"]),
            step=1,
            help="Late nights belong to the evening they started in.",
        )
        st.caption(
            "Anything logged before this hour counts for the day before: with 4, a text at "
            "01:30 counts for the day before, so a hard night stays one night. Set 0 to count "
            "days from midnight."
        )
        goal = st.number_input(
            "No-contact goal (days, 1–3650)",
            value=int(current["no_contact_goal_days"]),
            step=1,
        )
        options, index = helplines.country_choices(current, os.environ)
        country = st.selectbox(
            "Where you are, for crisis and support lines",
            options,
            index=index,
            format_func=helplines.country_label,
            placeholder="Choose your country",
            key="data_country",
        )
        st.caption(helplines.country_note(current, os.environ))
        if st.form_submit_button("Save settings", type="primary"):
            values = {"day_start_hour": hour, "no_contact_goal_days": goal, "country": country}
            if writes.save_settings(values):
                session.flash("Saved your settings.")
                st.rerun()
    st.caption("Your intent and the red-flag questions are on the Guidance page.")


def privacy_section() -> None:
    path = Path(session.db_path()).resolve()
    st.markdown(
        f"Your journal is one file on this computer: `{path}`. Tideline sends nothing anywhere: "
        "no account, no cloud, no usage statistics. Files leave only when you download them."
    )
    if reads.store().encrypted:
        st.success("This journal is locked with your passphrase.", icon=":material/lock:")
    else:
        st.markdown(
            "Anyone who can open that file can read it. To lock it with a passphrase, close "
            "Tideline and run `tideline encrypt` in a terminal; Tideline will then ask for the "
            "passphrase when it opens."
        )


session.page_setup()
sidebar.no_period_here("imports and exports cover the whole journal.")
st.title("Data")
tabs = st.tabs(["Import", "Export & backup", "Reminder", "Settings", "Privacy"])
with tabs[0]:
    import_section()
with tabs[1]:
    st.subheader("Export")
    export_section()
    st.subheader("Backup")
    backup_section()
with tabs[2]:
    reminder_section()
with tabs[3]:
    settings_section()
with tabs[4]:
    privacy_section()
