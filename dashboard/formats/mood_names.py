"""Proposed levels for another app's mood labels (`--mood-map auto`, the Data page's table).

`propose(labels)` returns (proposed mapping, labels it cannot place). Nothing is guessed: a
label is placed only when, once cleaned, it is one of the words in data/mood_names.json, and
every other label is returned for the person to give.

- Cleaning (`clean_label`): Unicode compatibility forms folded, emoji and other symbols
  removed, Daylio's "[-]"-style suffixes in brackets removed ("Medium [-]", "Good (+)"), spaces
  collapsed, punctuation at either end dropped, lower case ("Not so good!" -> "not so good").
- Levels come from the words' table: 10 best to 2 worst, Daylio's five groups at 10, 8, 6, 4, 2
  and in-between words at odd levels ("great" 9, "not so good" 5). Daylio's own default labels,
  in each language a cited source shows them for (the file's "daylio" part: five places, best
  face first, each with the labels seen there, possibly none), take their place's level even
  where the same word is a common word elsewhere (German "super" is 10, not 9).
- Ordered sensibly within a set: a file using exactly five labels, all placed at five different
  levels, is Daylio's five-point scale renamed, so its labels take 10, 8, 6, 4, 2 in the order
  of their words' levels ("Great, Good, Medium [-], Not so good, Bad" -> 10, 8, 6, 4, 2).
- The mapping lists the best first; labels that clean to the same word are one label.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable

from dashboard import DATA_DIR

NAMES_FILE = DATA_DIR / "mood_names.json"
FIVE_LEVELS = (10, 8, 6, 4, 2)
_SUFFIX = re.compile(r"\s*[\[\(\{][^\]\)\}]{0,12}[\]\)\}]\s*$")
_SPACES = re.compile(r"\s+")
# Symbol categories (emoji are So) and the joiners and variation selectors emoji are built of.
_SYMBOLS = frozenset({"So", "Sk", "Cs", "Co"})
_JOINERS = frozenset({0x200D, 0x20E3, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400)})
_ENDS = " .,;:!?¡¿-_*~'\"·…"


@functools.cache
def _names() -> dict[str, int]:
    """{word: level} over every language; Daylio's default labels win over common words."""
    document = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    words: dict[str, int] = {}
    for table in document["words"].values():
        words.update(table)
    for language in document["daylio"].values():
        for labels, level in zip(language["labels"], FIVE_LEVELS, strict=True):
            for label in labels:
                words[label] = level  # "super" is Daylio's best face in German
    return words


def clean_label(label: str) -> str:
    """A label as the words' table spells it (see the module docstring)."""
    value = unicodedata.normalize("NFKC", label)
    value = "".join(
        c for c in value if unicodedata.category(c) not in _SYMBOLS and ord(c) not in _JOINERS
    )
    while True:
        shorter = _SUFFIX.sub("", value)
        if shorter == value:
            break
        value = shorter
    return _SPACES.sub(" ", value).strip(_ENDS).lower()


def level(label: str) -> int | None:
    """The level of one label's word, or None when it is not in the table."""
    return _names().get(clean_label(label))


def _distinct(labels: Iterable[str]) -> list[tuple[str, str]]:
    """(label as given, stripped; its cleaned word), one per cleaned word, first one kept."""
    seen: dict[str, str] = {}
    for label in labels:
        shown = str(label).strip()
        if shown:
            seen.setdefault(clean_label(shown) or shown.lower(), shown)
    return [(shown, word) for word, shown in seen.items()]


def propose(labels: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """({label: proposed level}, best first; [labels it cannot place], in the order given)."""
    words = _names()
    placed: list[tuple[str, int]] = []
    unplaced: list[str] = []
    for shown, word in _distinct(labels):
        found = words.get(word)
        if found is None:
            unplaced.append(shown)
        else:
            placed.append((shown, found))
    placed.sort(key=lambda item: -item[1])  # stable: ties keep the file's order
    distinct_levels = {found for _, found in placed}
    if not unplaced and len(placed) == len(distinct_levels) == len(FIVE_LEVELS):
        placed = [(shown, new) for (shown, _), new in zip(placed, FIVE_LEVELS, strict=True)]
    return dict(placed), unplaced
