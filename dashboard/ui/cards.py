"""Guidance cards on the pages: which cards a page shows and where, the support card, a card's
source line and its crisis lines. The guidance engine itself is pure (dashboard.guidance)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import streamlit as st

from dashboard import guidance as guidance_mod
from dashboard import helplines as helplines_mod
from dashboard.guidance import Card
from dashboard.ui import reads, session

# Cards shown per page (issue 4): the most relevant first, beside the chart they speak to.
CARDS_PER_PAGE = 3
# Set by Today's "I want to text them" flow when the urge was acted on: the Log page can open
# its Contact tab with this note (see take_contact_hint).
CONTACT_HINT_KEY = "tideline_contact_hint"


def guidance_context(as_of: dt.date | None = None) -> dict[str, Any]:
    """The rule context on a day: the whole history up to it (never the period filter)."""
    day = as_of or reads.today()
    # Both reads are cached until the next write; building the context itself is cheap.
    return guidance_mod.build_context(reads.metrics(day), reads.settings())


def source_line(card: Card) -> str:
    """'Source: <title>, by <author> — <section>' (no author part when the article has none)."""
    src = card.source
    by = f", by {src.author}" if src.author else ""
    return f"Source: {src.title}{by} — {src.section}"


def md_escape(text: str) -> str:
    """Text shown as typed: markdown and maths characters escaped."""
    # Card text is prose, not markdown: keep a stray $ or * from turning into maths or bold.
    for char in ("\\", "$", "*", "_", "`", "[", "]", "<", "~", "|"):
        text = text.replace(char, "\\" + char)
    # A heading or quote mark only means something at the start of the text.
    return "\\" + text if text[:1] in ("#", ">") else text


def card_lines(card: Card) -> str:
    """The crisis or abuse-support lines a card shows below its text, as a markdown list
    ('' for cards without lines): the person's country first, then the directory."""
    country = helplines_mod.effective_country(reads.settings(), os.environ)
    items = helplines_mod.lines_for_card(card.tags, country)
    return "\n".join(f"- {md_escape(item)}" for item in items)


def show_card(card: Card) -> None:
    """One card, calmly: title, body and its source; the safety card in a soft warning box.

    The safety card and the abuse-support cards list their lines (helplines.lines_for_card)
    below the text, wherever they show."""
    lines = card_lines(card)
    if "safety" in card.tags:
        with st.container():
            text = f"**{md_escape(card.title)}**\n\n{md_escape(card.body)}"
            st.warning(f"{text}\n\n{lines}" if lines else text, icon=":material/favorite:")
            st.caption(md_escape(source_line(card)))
        return
    with st.container(border=True):
        st.markdown(f":material/explore: **{md_escape(card.title)}**")
        st.markdown(md_escape(card.body))
        if lines:
            st.markdown(lines)
        st.caption(md_escape(source_line(card)))


def show_cards(cards: list[Card]) -> None:
    """Several cards in order (the most relevant first)."""
    for card in cards:
        show_card(card)


@st.cache_data(show_spinner=False, max_entries=256)
def _page_card_ids(db: str, page: str, as_of: dt.date) -> list[str]:
    # A page asks for its cards once per chart; the choice only changes with a write (which
    # clears this cache) or another day, so it is made once. `db` keeps journals apart.
    moment = ("urge_moment",) if page == "today" else ()
    cards = guidance_mod.cards_for(
        guidance_context(as_of), page, limit=CARDS_PER_PAGE, exclude_tags=moment
    )
    return [c.id for c in cards]


def page_cards(page: str, as_of: dt.date | None = None) -> list[Card]:
    """The page's cards: at most three, safety first where it belongs, then the best fits.

    Today's "moment" cards wait for the "I want to text them" button, so they are left out of
    Today's three.
    """
    by_id = {c.id: c for c in guidance_mod.load_cards()}
    return [by_id[i] for i in _page_card_ids(session.db_path(), page, as_of or reads.today())]


def safety_first(page: str, as_of: dt.date | None = None) -> bool:
    """Show the safety card at the top of Today or Mood when it holds; True when shown."""
    cards = [c for c in page_cards(page, as_of) if "safety" in c.tags]
    show_cards(cards)
    return bool(cards)


def support_card() -> bool:
    """The library's support (safety) card, drawn as on every page, whatever today's rule says.

    For a moment the page itself knows is hard (the Log page, right after a low mood is saved).
    True when the library has such a card.
    """
    cards = [c for c in guidance_mod.load_cards() if "safety" in c.tags]
    show_cards(cards[:1])
    return bool(cards)


def cards_beside(page: str, chart: str, as_of: dt.date | None = None) -> None:
    """The page's cards placed beside this chart (the safety card is shown first, not here)."""
    show_cards(
        [
            c
            for c in page_cards(page, as_of)
            if c.place == f"{page}:{chart}" and "safety" not in c.tags
        ]
    )


def cards_rest(
    page: str, as_of: dt.date | None = None, shown: tuple[str, ...] | None = None
) -> None:
    """The page's cards that have no chart on the page (e.g. red-flag advice), at its end.

    `shown` names the charts whose cards were placed beside them (default: every chart of the
    page); a page that stops early passes () so its cards still appear.
    """
    drawn = guidance_mod.PLACES[page] if shown is None else shown
    here = {f"{page}:{chart}" for chart in drawn}
    show_cards(
        [c for c in page_cards(page, as_of) if c.place not in here and "safety" not in c.tags]
    )


def take_contact_hint() -> dict[str, Any] | None:
    """The note left by Today's urge flow for the Log page's contact form (read once)."""
    return st.session_state.pop(CONTACT_HINT_KEY, None)
