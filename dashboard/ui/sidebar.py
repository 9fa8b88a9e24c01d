"""The sidebar's period filter, and the period in words for captions."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.ui import reads, session

PERIOD_KEY = "tideline_period"
CUSTOM_KEY = "tideline_period_custom"
PERIODS = ("Last 30 days", "Last 90 days", "All time", "Custom")
DEFAULT_PERIOD = "All time"


def _since_for(period: str, today_: dt.date) -> dt.date | None:
    if period == "Last 30 days":
        return today_ - dt.timedelta(days=29)
    if period == "Last 90 days":
        return today_ - dt.timedelta(days=89)
    return None


def period_filter() -> tuple[dt.date | None, dt.date]:
    """The sidebar period (last 30 / 90 days, all, custom) as (since, until); since None = all.

    The choice lives under its own session key (not the widget's) so it follows the user from
    page to page.
    """
    today_ = reads.today()
    current = st.session_state.get(PERIOD_KEY, DEFAULT_PERIOD)
    with st.sidebar:
        period = st.radio("Period", PERIODS, index=PERIODS.index(current), horizontal=True)
        st.session_state[PERIOD_KEY] = period
        if period != "Custom":
            since, until = _since_for(period, today_), today_
        else:
            since, until = custom_range(CUSTOM_KEY, today_ - dt.timedelta(days=29), today_)
    # The page's queries of its last visit in this period start now, side by side.
    reads.read_ahead((session.page_id(), session.db_path(), since, until))
    return since, until


def custom_range(key: str, first: dt.date, today_: dt.date) -> tuple[dt.date, dt.date]:
    """A 'From – to' picker up to today, kept under session key `key` (first through today
    until picked), drawn where it is called (the sidebar's period, the Snapshot's own)."""
    start, end = st.session_state.get(key, (first, today_))
    picked = st.date_input("From – to", value=(start, end), max_value=today_)
    if isinstance(picked, tuple | list) and len(picked) == 2:
        start, end = picked
    elif isinstance(picked, tuple | list) and len(picked) == 1:
        # Half-way through picking a range: use the first day through today.
        start, end = picked[0], today_
    st.session_state[key] = (start, end)
    return start, end


def no_period_here(why: str) -> None:
    """On a page the sidebar period does not apply to, say so where the filter would be."""
    with st.sidebar:
        st.caption(f"Period: {why}")
