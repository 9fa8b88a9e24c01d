"""Guidance: cards written from the guides, rules over the typed metrics, the path, red flags.

The text lives in `data/guidance/` (cards.json, path.json) so a clinician can review it in one
place; this package only loads it, checks it, and decides which cards fit a context:

- `rules`: the rule language a card's `rule` is written in (parsed here, never `eval`);
- `context`: the context rules read (`build_context`) and `KNOWN_PATHS`, derived from the
  `metrics.Metrics` type, so a rule naming a field that is not there fails at load;
- `cards`: the card library and the places a card may sit;
- `selection`: which cards a page, a chart or the urge moment shows;
- `path`: the phases of the guides' path and where a person stands on it.

What the pages, the snapshot and the command line use is importable from here.
"""

from dashboard.guidance.cards import (
    CARDS_FILE,
    GUIDANCE_DIR,
    MAX_BODY_WORDS,
    PAGES,
    PLACES,
    Card,
    CardLibraryError,
    Source,
    card_to_dict,
    load_cards,
    parse_card,
    parse_cards,
)
from dashboard.guidance.context import KNOWN_PATHS, build_context
from dashboard.guidance.path import PATH_FILE, PathSpec, load_path, parse_path, path_for
from dashboard.guidance.rules import Rule, RuleSyntaxError, compile_rule, resolve
from dashboard.guidance.selection import (
    NOT_WITH_RED_FLAGS,
    SAFETY_PAGES,
    SAFETY_PLACES,
    STEPS_ASIDE_FOR_SAFETY,
    active_cards,
    cards_for,
    holds_back,
    moment_cards,
    phase_cards,
    safety_card,
)

__all__ = [
    "CARDS_FILE",
    "GUIDANCE_DIR",
    "KNOWN_PATHS",
    "MAX_BODY_WORDS",
    "NOT_WITH_RED_FLAGS",
    "PAGES",
    "PATH_FILE",
    "PLACES",
    "SAFETY_PAGES",
    "SAFETY_PLACES",
    "STEPS_ASIDE_FOR_SAFETY",
    "Card",
    "CardLibraryError",
    "PathSpec",
    "Rule",
    "RuleSyntaxError",
    "Source",
    "active_cards",
    "build_context",
    "card_to_dict",
    "cards_for",
    "compile_rule",
    "holds_back",
    "load_cards",
    "load_path",
    "moment_cards",
    "parse_card",
    "parse_cards",
    "parse_path",
    "path_for",
    "phase_cards",
    "resolve",
    "safety_card",
]
