"""Snapshot: a period's summary for your therapist, previewed here, downloaded as PDF or HTML."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import snapshot, wording
from dashboard.store import Store
from dashboard.ui import cards, reads, session, sidebar, writes

PERIODS = ("Since the last snapshot", "Last 2 weeks", "Last 4 weeks", "Custom")
SINCE_LAST = PERIODS[0]
PERIOD_KEY = "snapshot_period"
SINCE_KEY = "snapshot_since_last"
CUSTOM_KEY = "snapshot_custom_period"
PREPARED_KEY = "snapshot_prepared"


@st.cache_data(show_spinner=False, max_entries=8)
def _report(
    db: str,
    start: dt.date,
    end: dt.date,
    include_notes: bool,
    topics: str,
    sections: tuple[str, ...],
    include_situation: bool,
) -> tuple[snapshot.Report, bytes, str]:
    # In memory only (cleared on every write); `db` keeps one journal's report from another's.
    report = snapshot.build_report(
        reads.store(),
        start,
        end,
        include_notes=include_notes,
        topics=topics,
        sections=sections,
        include_situation=include_situation,
    )
    return report, snapshot.render_pdf(report), snapshot.render_html(report)


def _record(fmt: str, start: dt.date, end: dt.date, options: dict) -> None:
    """Note the download in the list of what was shared (when, which period, never what)."""
    saved, _ = writes.write(lambda s: snapshot.record(s, fmt, start, end, **options))
    if saved:
        period = wording.period(start, end)
        session.flash(f"Saved in the list below: a {fmt.upper()} snapshot of {period}.")


def _since_last(store: Store, today: dt.date, fresh: bool) -> dt.date:
    """The first day of "since the last snapshot", fixed while the choice stays on screen."""
    # Downloading records a snapshot, and that moves "the last snapshot": without this the
    # period in front of the user (and the next download) would silently shrink to today.
    db = session.db_path()
    kept = st.session_state.get(SINCE_KEY)
    if fresh or kept is None or kept[0] != db:
        kept = (db, snapshot.default_start(store, today))
        st.session_state[SINCE_KEY] = kept
    return kept[1]


store = session.page_setup()
sidebar.no_period_here("a snapshot chooses its own period, on the page.")
today = reads.today()
st.title("Snapshot for your therapist")
st.caption(
    "A short, honest summary of a period to bring to a session. It is made on this machine and "
    "goes nowhere until you download it; private notes stay out unless you choose otherwise."
)

# The radio's state is dropped while another page is shown: coming back is a fresh look.
fresh = PERIOD_KEY not in st.session_state
period = st.radio("Period", PERIODS, horizontal=True, key=PERIOD_KEY)
end = today
if period != SINCE_LAST:
    st.session_state.pop(SINCE_KEY, None)
if period == SINCE_LAST:
    start = _since_last(store, today, fresh)
elif period == "Last 2 weeks":
    start = today - dt.timedelta(days=13)
elif period == "Last 4 weeks":
    start = today - dt.timedelta(days=27)
else:
    start, end = sidebar.custom_range(CUSTOM_KEY, today - dt.timedelta(days=27), today)
st.caption(f"Covers {snapshot.describe_period(start, end)}.")
try:
    snapshot.check_period(start, end)
    too_long = None
except snapshot.SnapshotError as exc:
    # Like `tideline snapshot`: a clear sentence, and nothing computed for such a period.
    too_long = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
    st.error(too_long, icon=":material/date_range:")

sections = st.multiselect(
    "Sections",
    options=list(snapshot.SECTIONS),
    default=list(snapshot.SECTIONS),
    format_func=snapshot.SECTIONS.get,
    help="The summary and the note on how figures are defined are always included.",
)
include_notes = st.toggle(
    "Include private notes",
    value=False,
    help="Notes you marked private (and milestone notes) stay out unless this is on.",
)
include_situation = st.toggle(
    "Include my situation",
    value=False,
    help="What you hope for and any red flags you ticked on the Guidance page stay out unless "
    "this is on.",
)
topics = st.text_area(
    "What I want to talk about",
    placeholder="A few words for the session: what has been on your mind, what you'd like "
    "help with.",
    disabled="topics" not in sections,
)

# The charts and files are drawn only once asked for: opening the page (or a write elsewhere
# clearing the caches) must not cost a full render.
if not st.session_state.get(PREPARED_KEY) and st.button(
    "Prepare the snapshot",
    type="primary",
    icon=":material/description:",
    disabled=too_long is not None,
):
    st.session_state[PREPARED_KEY] = True

if st.session_state.get(PREPARED_KEY) and too_long is None:
    with st.spinner("Putting your snapshot together…"):
        report, pdf, page_html = _report(
            session.db_path(),
            start,
            end,
            include_notes,
            topics.strip(),
            tuple(sections),
            include_situation,
        )
    options = {
        "include_notes": include_notes,
        "topics": topics,
        "sections": report.sections,
        "include_situation": include_situation,
    }
    name = f"tideline-snapshot-{start:%Y%m%d}-{end:%Y%m%d}"

    files = (
        ("pdf", "Download PDF", pdf, "application/pdf", ":material/picture_as_pdf:"),
        ("html", "Download HTML", page_html, "text/html", ":material/html:"),
        # The report as data: the same figures, period and options as the two files.
        (
            "json",
            "Download data (JSON)",
            snapshot.render_json(report),
            "application/json",
            ":material/data_object:",
        ),
    )
    for column, (fmt, label, data, mime, icon) in zip(st.columns(3), files, strict=True):
        column.download_button(
            label,
            data=data,
            file_name=f"{name}.{fmt}",
            mime=mime,
            on_click=_record,
            args=(fmt, start, end, options),
            icon=icon,
            width="stretch",
        )

    st.subheader("Preview")
    if report.empty:
        st.info(
            f"**{snapshot.EMPTY_TITLE}.** {snapshot.EMPTY_TEXT} Pick a longer period if you "
            "want charts and key days.",
            icon=":material/eco:",
        )
    st.table(
        pd.DataFrame(
            {"": [row.value for row in report.summary]}, index=[row.label for row in report.summary]
        )
    )
    if report.wants("topics"):
        st.markdown(f"**{snapshot.TOPICS_TITLE}**")
        st.text(report.topics or snapshot.NO_TOPICS)
    if report.situation is not None:
        st.markdown(f"**{snapshot.SITUATION_TITLE}**")
        st.text("\n".join(snapshot.situation_lines(report.situation)))
    for chart in report.charts:
        if chart.drawing is None:
            st.markdown(f"**{cards.md_escape(chart.title)}**")
        else:
            # The chart's text alternative (the calendar says it is one); the caption under it
            # says what it shows.
            st.image(chart.drawing.svg(), alt=chart.alt)
        st.caption(cards.md_escape(chart.caption))
    if report.wants("milestones") and not report.empty:
        st.markdown(f"**{snapshot.MILESTONES_TITLE}**")
        if not report.milestones:
            st.caption(snapshot.NO_MILESTONES)
        if more := snapshot.milestones_left_out(report):
            st.caption(more)
        for ms in snapshot.listed_milestones(report):
            st.text(snapshot.milestone_text(ms))
            if ms.note:
                st.text(snapshot.milestone_note(ms))
    if report.wants("key_days") and not report.empty:
        with st.expander(f"{snapshot.KEY_DAYS_TITLE} ({len(report.key_days)})"):
            st.caption(snapshot.key_days_intro(report))
            for day in report.key_days:
                st.markdown(f"**{cards.md_escape(snapshot.key_day_title(day))}**")
                st.text("\n".join(snapshot.key_day_lines(day)) or "Nothing logged that day.")
    with st.expander("How the figures are defined"):
        st.markdown("\n".join(f"- {cards.md_escape(line)}" for line in report.definitions))
elif too_long is None:
    st.caption(
        "Choose the period and what to include, then prepare the snapshot: you will see a "
        "preview here before downloading anything."
    )

st.subheader("What you have shared")
shared = snapshot.past_exports(store)
if shared.empty:
    st.caption(
        "Nothing yet. Each download is listed here (when, which period, which sections, "
        "whether private notes were in it), never its content."
    )
else:
    st.dataframe(
        shared,
        hide_index=True,
        width="stretch",
        column_config={"when": st.column_config.DatetimeColumn("When", format="D MMM YYYY, HH:mm")},
    )
