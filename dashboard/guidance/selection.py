"""Which cards a page, a chart or the urge moment shows, and in what order.

Red flags and a move-on intent hold reconciliation advice back; the safety card goes first on
Today and Mood and, on a day it holds, reconciliation cards step aside there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.guidance import cards as library
from dashboard.guidance.cards import PAGES, PLACES, Card
from dashboard.guidance.rules import resolve

# The safety card goes first wherever these selections are drawn (issue 4: Today and Mood).
SAFETY_PLACES = frozenset({"today", "today:streak", "today:moment", "mood", "mood:daily"})
SAFETY_PAGES = frozenset(place.partition(":")[0] for place in SAFETY_PLACES)
# On a day the safety card shows, cards with this tag ("win them back" advice) step aside on
# its pages: a person this low needs support first, not a nudge toward the ex.
STEPS_ASIDE_FOR_SAFETY = "reconciliation"


def red_flagged(context: Mapping[str, Any]) -> bool:
    flags = resolve(context, "settings.red_flags")
    return resolve(context, "settings.any_red_flag") is True or bool(flags)


def rank(card: Card) -> tuple[int, int, str]:
    # Most relevant first: priority, then the more specific rule, then a stable order.
    return (-card.priority, -card.compiled.specificity, card.id)


def holds_back(context: Mapping[str, Any]) -> bool:
    """Whether reconciliation advice is held back: a red flag, or the user's own move-on intent.

    Either way Tideline never steers the user back toward the ex.
    """
    return red_flagged(context) or resolve(context, "settings.intent") == "move_on"


# Cards that ask the person to own their part, set grievances aside or keep quiet with friends
# step aside whenever a red flag is ticked (issue 11).
NOT_WITH_RED_FLAGS = "not_with_red_flags"


def _eligible(context: Mapping[str, Any]) -> list[Card]:
    """Cards whose rule holds, once red flags or a move-on intent removed reconciliation cards
    (and red flags the cards tagged not_with_red_flags)."""
    hold_back = holds_back(context)
    red = red_flagged(context)
    return [
        c
        for c in library.load_cards()
        if not (hold_back and "reconciliation" in c.tags)
        and not (red and NOT_WITH_RED_FLAGS in c.tags)
        and c.holds(context)
    ]


def active_cards(context: Mapping[str, Any]) -> list[Card]:
    """Every card whose rule holds (reconciliation cards give way to red flags), best first."""
    return sorted(_eligible(context), key=rank)


def safety_card(context: Mapping[str, Any]) -> Card | None:
    """The safety card when its rule holds (several low days, or a mood of 1 lately)."""
    for card in library.load_cards():
        if "safety" in card.tags and card.holds(context):
            return card
    return None


def cards_for(
    context: Mapping[str, Any],
    page: str,
    chart: str | None = None,
    limit: int = 3,
    exclude_tags: Sequence[str] = (),
) -> list[Card]:
    """The cards to show beside a chart (or anywhere on the page when chart is None).

    Order: the safety card (on Today and Mood), then with any red flag the red-flag cards
    (on every page when chart is None, else where they are placed), then the cards placed
    here by priority and rule specificity. Cards with any of `exclude_tags` are left out, and
    on Today and Mood, on a day the safety card holds, so are reconciliation cards.
    At most `limit` cards.
    """
    if page not in PLACES:
        raise ValueError(f"unknown page {page!r}; expected one of {', '.join(PAGES)}")
    if chart is not None and ":" in chart:
        chart_page, _, chart = chart.partition(":")
        if chart_page != page:
            raise ValueError(f"chart {chart_page}:{chart} is not on page {page!r}")
    if chart is not None and chart not in PLACES[page]:
        raise ValueError(f"unknown chart {chart!r} on page {page!r}")
    where = page if chart is None else f"{page}:{chart}"
    cards = _beside_safety(
        [c for c in _eligible(context) if not set(exclude_tags) & set(c.tags)],
        page in SAFETY_PAGES,
    )

    def here(card: Card) -> bool:
        return card.page == page and (chart is None or card.chart == chart)

    pinned: list[Card] = []
    safety = next((c for c in cards if "safety" in c.tags), None)
    if safety is not None and where in SAFETY_PLACES:
        pinned.append(safety)
    if red_flagged(context):
        flagged = [
            c
            for c in cards
            if "red_flags" in c.tags
            and (here(c) or (chart is None and "urge_moment" not in c.tags))
        ]
        pinned.extend(sorted(flagged, key=rank))
    rest = sorted(
        (c for c in cards if here(c) and c not in pinned and "safety" not in c.tags), key=rank
    )
    return (pinned + rest)[: max(limit, 0)]


def _beside_safety(cards: list[Card], safety_page: bool) -> list[Card]:
    """The cards without reconciliation advice when the safety card is among them on its page."""
    if not safety_page or not any("safety" in c.tags for c in cards):
        return cards
    return [c for c in cards if STEPS_ASIDE_FOR_SAFETY not in c.tags]


def moment_cards(context: Mapping[str, Any], limit: int = 3) -> list[Card]:
    """Two or three cards for the "I want to text them" moment, safety and red flags first.

    The safety card shows here when it holds, so reconciliation cards step aside.
    """
    cards = _beside_safety(_eligible(context), True)
    pinned: list[Card] = []
    safety = next((c for c in cards if "safety" in c.tags), None)
    if safety is not None:
        pinned.append(safety)
    moment = sorted((c for c in cards if "urge_moment" in c.tags), key=rank)
    flagged = [c for c in moment if "red_flags" in c.tags]
    rest = [c for c in moment if c not in flagged]
    return (pinned + flagged + rest)[: max(limit, 0)]


def phase_cards(context: Mapping[str, Any], path: Mapping[str, Any], limit: int = 3) -> list[Card]:
    """The Guidance page's cards: those of the user's phase (`path_for(...)["cards"]`) whose
    rule holds today, in the phase's order, then the page's other cards that hold; at most
    `limit`.

    A card whose rule does not hold never shows, even when its phase lists it: a phase's
    reconciliation cards ask for a reconcile intent, and an undecided user must not get them.
    """
    eligible = _eligible(context)
    by_id = {c.id: c for c in eligible}
    chosen = [by_id[i] for i in path["cards"] if i in by_id]
    # A phase whose cards do not fit this user (say, reconnecting while undecided) still gets
    # the cards placed on the page itself, chosen by the same rules as every other page.
    others = cards_for(context, "guidance", limit=len(eligible))
    return (chosen + [c for c in others if c not in chosen])[: max(limit, 0)]
