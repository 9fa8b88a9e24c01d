"""Every card is in our own words and names its source correctly (against ../shared/seeds/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard.guidance import PATH_FILE, Card, load_cards

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RUN = 8  # the longest run of words a card may share with an article is RUN - 1

if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
    pytest.skip(
        f"the source articles are not beside the checkout ({SEEDS} is missing)",
        allow_module_level=True,
    )

ARTICLES = {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
CARDS = load_cards()
# The safety card is Tideline's own: no article speaks of crisis lines.
OWN_TITLE = "Tideline"


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped; "don’t" and "don't" both become "dont"."""
    text = text.lower().replace("’", "").replace("‘", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def flat(text: str) -> str:
    """Text with typographic quotes made plain and whitespace collapsed, for exact look-ups."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


ARTICLE_RUNS = {name: runs(text) for name, text in ARTICLES.items()}


def byline(text: str) -> str | None:
    """The author an article names: a "By Name" line near the top, or an author box's name."""
    head = "\n".join(line for line in text.splitlines()[:6])
    found = re.search(r"\b[Bb]y ([A-Z][a-z]+(?: [A-Z][a-z]+)+)", head)
    if found:
        return found.group(1)
    found = re.search(r"\bLatest from ([A-Z][a-z]+)\b", text)
    return found.group(1) if found else None


def test_words_normalise_case_and_punctuation() -> None:
    assert words("Don’t  TEXT, them—again!") == ["dont", "text", "them", "again"]
    # An eight-word run is caught across different punctuation and case.
    assert runs("If it were your best friend, what would") == runs(
        "if IT were your best-friend what would"
    )


def test_the_checker_catches_a_copied_run() -> None:
    # Guards the guard: a sentence lifted from an article must be found.
    name, text = next(iter(ARTICLES.items()))
    lifted = " ".join(words(text)[100:112])
    assert runs(lifted) & ARTICLE_RUNS[name]


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_card_shares_no_run_of_eight_words_with_any_article(card: Card) -> None:
    for field, text in (("title", card.title), ("body", card.body)):
        for name, article_runs in ARTICLE_RUNS.items():
            common = runs(text) & article_runs
            assert not common, f"{card.id} {field} copies {name}: {[' '.join(r) for r in common]}"


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_card_names_its_source_correctly(card: Card) -> None:
    if card.source.title == OWN_TITLE:
        assert "safety" in card.tags and card.source.author is None
        return
    matches = [
        name for name, text in ARTICLES.items() if flat(text).startswith(flat(card.source.title))
    ]
    assert len(matches) == 1, f"{card.id}: no article is titled {card.source.title!r}"
    article = ARTICLES[matches[0]]
    assert card.source.author == byline(article), card.id
    # The section names the article's own headings; " › " joins a part and its step.
    for heading in card.source.section.split(" › "):
        assert flat(heading) in flat(article), f"{card.id}: no heading {heading!r}"


def test_every_article_is_used() -> None:
    used = {flat(c.source.title) for c in CARDS}
    for name, text in ARTICLES.items():
        assert any(flat(text).startswith(title) for title in used), name


def path_texts() -> list[tuple[str, str]]:
    """Every text of path.json the Guidance page shows as what the guides say, with its place."""
    data = json.loads(PATH_FILE.read_text(encoding="utf-8"))
    texts = [("red_flag_support", data["red_flag_support"]), ("fork", data["undecided_fork"])]
    for phase in data["phases"]:
        texts.append((f"{phase['id']}.summary", phase["summary"]))
        texts += [(f"{phase['id']}.next.{r}", t) for r, t in phase["next_text"].items()]
    texts += [(f"placement {i}.because", p["because"]) for i, p in enumerate(data["placement"])]
    return texts


@pytest.mark.parametrize(("where", "text"), path_texts(), ids=lambda v: str(v)[:40])
def test_path_text_shares_no_run_of_eight_words_with_any_article(where: str, text: str) -> None:
    assert len(words(text)) >= 3, where  # guards against an empty or misread field
    for name, article_runs in ARTICLE_RUNS.items():
        common = runs(text) & article_runs
        assert not common, f"path.json {where} copies {name}: {[' '.join(r) for r in common]}"
