"""The card library (data/guidance/cards.json): where a card may sit, its checks, its loading.

The text lives in data so a clinician can review it in one place; every card names its source
article and section, and its rule is compiled against `context.KNOWN_PATHS` when it loads.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard import DATA_DIR
from dashboard.guidance.context import KNOWN_PATHS
from dashboard.guidance.rules import Rule, RuleSyntaxError, compile_rule

GUIDANCE_DIR = DATA_DIR / "guidance"
CARDS_FILE = GUIDANCE_DIR / "cards.json"


# Where a card may sit: a page, or a chart on that page ("page:chart").
PLACES: dict[str, tuple[str, ...]] = {
    "today": ("streak", "moment"),
    "log": (),
    "no_contact": ("calendar", "streaks", "urges_vs_breaks"),
    "patterns": ("heatmap", "figures", "triggers", "mood_around_contact", "urges_weekly"),
    "cycles": ("timeline", "periods", "before_breakup"),
    "mood": ("daily", "weekday", "emotions", "activities"),
    "guidance": ("path",),
    "snapshot": (),
}
PAGES = tuple(PLACES)

MAX_BODY_WORDS = 80


class CardLibraryError(ValueError):
    """The card library or the path file is malformed; the message names the card or field."""


@dataclass(frozen=True)
class Source:
    title: str
    author: str | None
    section: str


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    body: str
    source: Source
    tags: tuple[str, ...]
    place: str
    priority: int
    rule: str
    compiled: Rule = field(repr=False, compare=False)

    @property
    def page(self) -> str:
        return self.place.split(":", 1)[0]

    @property
    def chart(self) -> str | None:
        parts = self.place.split(":", 1)
        return parts[1] if len(parts) == 2 else None

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Whether the card's rule holds on this context."""
        return self.compiled.holds(context)


_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CARD_KEYS = {"id", "title", "body", "source", "tags", "place", "priority", "rule"}


def _text_field(where: str, raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CardLibraryError(f"{where}: {key} must be a non-empty text")
    return value.strip()


def parse_card(raw: Any, index: int = 0) -> Card:
    """Check one card from the JSON and build it (rule compiled); raise CardLibraryError."""
    if not isinstance(raw, Mapping):
        raise CardLibraryError(f"card #{index}: must be an object")
    where = f"card {raw.get('id', f'#{index}')!r}"
    missing = sorted(_CARD_KEYS - set(raw))
    unknown = sorted(set(raw) - _CARD_KEYS)
    if missing or unknown:
        raise CardLibraryError(f"{where}: missing {missing} / unknown {unknown} keys")
    card_id = _text_field(where, raw, "id")
    if not _KEBAB.match(card_id):
        raise CardLibraryError(f"{where}: id must be kebab-case")
    title = _text_field(where, raw, "title")
    body = _text_field(where, raw, "body")
    if len(body.split()) > MAX_BODY_WORDS:
        raise CardLibraryError(
            f"{where}: body has {len(body.split())} words; the limit is {MAX_BODY_WORDS}"
        )
    source = raw["source"]
    if not isinstance(source, Mapping) or set(source) != {"title", "author", "section"}:
        raise CardLibraryError(f"{where}: source must have exactly title, author, section")
    author = source["author"]
    if author is not None and (not isinstance(author, str) or not author.strip()):
        raise CardLibraryError(f"{where}: source author must be a name or null")
    src = Source(_text_field(where, source, "title"), author, _text_field(where, source, "section"))
    tags = raw["tags"]
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and t for t in tags):
        raise CardLibraryError(f"{where}: tags must be a non-empty list of words")
    place = _text_field(where, raw, "place")
    page, _, chart = place.partition(":")
    if page not in PLACES or (chart and chart not in PLACES[page]):
        raise CardLibraryError(f"{where}: unknown place {place!r}")
    priority = raw["priority"]
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise CardLibraryError(f"{where}: priority must be a whole number")
    try:
        compiled = compile_rule(raw["rule"], KNOWN_PATHS)
    except RuleSyntaxError as exc:
        raise CardLibraryError(f"{where}: {exc}") from None
    return Card(card_id, title, body, src, tuple(tags), place, priority, compiled.text, compiled)


def parse_cards(data: Any) -> list[Card]:
    """Build the whole library from the parsed JSON ({"cards": [...]}), checking it as a whole."""
    if not isinstance(data, Mapping) or not isinstance(data.get("cards"), list):
        raise CardLibraryError('the card library must be an object with a "cards" list')
    cards = [parse_card(raw, i) for i, raw in enumerate(data["cards"])]
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            raise CardLibraryError(f"card {card.id!r} appears twice")
        seen.add(card.id)
    safety = [c for c in cards if "safety" in c.tags]
    if len(safety) != 1:
        raise CardLibraryError(f"the library needs exactly one safety card, found {len(safety)}")
    return cards


def read_json(path: Path, what: str) -> Any:
    """One guidance file's JSON; a CardLibraryError naming `what` when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CardLibraryError(f"cannot read {what} {path}: {exc}") from None


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> tuple[Card, ...]:
    return tuple(parse_cards(read_json(path, "the card library")))


def load_cards() -> list[Card]:
    """Every card of the library (read and checked once per process)."""
    return list(_load(CARDS_FILE))


def card_to_dict(card: Card) -> dict[str, Any]:
    """A card as plain JSON-ready data, with every field of the library."""
    return {
        "id": card.id,
        "title": card.title,
        "body": card.body,
        "source": {
            "title": card.source.title,
            "author": card.source.author,
            "section": card.source.section,
        },
        "tags": list(card.tags),
        "place": card.place,
        "priority": card.priority,
        "rule": card.rule,
    }
