"""Every card is in our own words and names its source correctly (against ../shared/seeds/).

The articles live beside the checkout, not in it. On a developer's machine without them this
module is skipped; in CI (TIDELINE_REQUIRE_BROWSER=1, which .ci/run sets, or CI, or
TIDELINE_REQUIRE_SEEDS) it fails instead, so the check can never silently stop running there.
TIDELINE_SEEDS points to another copy of the articles.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from dashboard.guidance import PATH_FILE, Card, load_cards

SEEDS = Path(
    os.environ.get("TIDELINE_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
)
RUN = 8  # the longest run of words a card may share with an article is RUN - 1


def seeds_required(env: Mapping[str, str]) -> bool:
    """Whether missing articles are an error (CI) rather than a reason to skip (a laptop)."""
    ci = (env.get("CI") or "").strip().lower() not in ("", "0", "false", "no")
    return ci or any(env.get(v) for v in ("TIDELINE_REQUIRE_BROWSER", "TIDELINE_REQUIRE_SEEDS"))


if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
    why = f"the source articles are not beside the checkout ({SEEDS} is missing)"
    if seeds_required(os.environ):
        pytest.fail(f"{why}; CI must check every card against them", pytrace=False)
    pytest.skip(why, allow_module_level=True)

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


def test_missing_articles_fail_in_ci_and_skip_elsewhere() -> None:
    assert seeds_required({"TIDELINE_REQUIRE_BROWSER": "1"})  # what .ci/run sets
    assert seeds_required({"CI": "true"}) and seeds_required({"TIDELINE_REQUIRE_SEEDS": "1"})
    assert not seeds_required({}) and not seeds_required({"CI": "false"})


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


def article_of(card: Card) -> str:
    """The text of the one article the card's source title names."""
    matches = [
        name for name, text in ARTICLES.items() if flat(text).startswith(flat(card.source.title))
    ]
    assert len(matches) == 1, f"{card.id}: no article is titled {card.source.title!r}"
    return ARTICLES[matches[0]]


def heading_lines(article: str, section: str) -> list[int]:
    """Where each heading of `section` ("Part … › Step …") stands: a whole line of the article,
    each after the one before. Raises AssertionError naming a heading that is not there."""
    lines = [flat(line) for line in article.splitlines()]
    found: list[int] = []
    start = 0
    for heading in section.split(" › "):
        at = next((i for i in range(start, len(lines)) if lines[i] == flat(heading)), None)
        assert at is not None, f"no heading line {heading!r} (after the ones before it)"
        found.append(at)
        start = at + 1
    return found


def _level(line: str) -> int:
    # The articles' outline: "Part 2 of 6:", "#1 –" and "4. …" are top-level, "Step 1." sits
    # under a part; any other short line (a sub-heading, an FAQ question, a caption) is lowest.
    if re.match(r"^(Part \d+ of \d+:|#\d+ –|\d+\. )", line):
        return 1
    return 2 if re.match(r"^Step \d+\.", line) else 3


def _heading_like(line: str) -> bool:
    return 0 < len(line.split()) <= 14 and not line.startswith("•") and not line.endswith(".")


def section_text(article: str, section: str) -> str:
    """The text under the section's last heading, up to the next heading of its level or
    above (captions right under a heading belong to it)."""
    lines = [flat(line) for line in article.splitlines()]
    at = heading_lines(article, section)[-1]
    level = _level(lines[at])
    body: list[str] = []
    for line in lines[at + 1 :]:
        if (
            _heading_like(line)
            and _level(line) <= level
            and any(b and not _heading_like(b) for b in body)
        ):
            break
        body.append(line)
    return " ".join(body)


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_card_names_its_source_correctly(card: Card) -> None:
    if card.source.title == OWN_TITLE:
        assert "safety" in card.tags and card.source.author is None
        return
    article = article_of(card)
    assert card.source.author == byline(article), card.id
    # The section names the article's own heading lines, in order; " › " joins a part and its
    # step (a phrase that merely occurs in some paragraph is not a section).
    heading_lines(article, card.source.section)
    assert len(words(section_text(article, card.source.section))) >= 20, card.id


def test_the_section_checks_catch_a_made_up_or_misordered_heading() -> None:
    # Guards the guard, on article 002's real headings.
    (article,) = [t for t in ARTICLES.values() if t.startswith("How to Get Your or Your Ex")]
    part, step = "Part 2 of 6: Spending time alone", "Step 1. Avoid contact for the first month"
    assert len(heading_lines(article, f"{part} › {step}")) == 2
    with pytest.raises(AssertionError):
        heading_lines(article, f"{step} › {part}")  # the step comes after its part
    with pytest.raises(AssertionError):
        heading_lines(article, "Avoid contact")  # words of a heading, not a heading line
    text = section_text(article, f"{part} › {step}")
    assert "passive-aggressive" in text and "Focus on yourself" not in text


# A red-flag card speaks of one flag; the section it cites must be about that flag (the
# betrayal card once cited an article whose section never mentions betrayal).
FLAG_WORDS = {"abuse": "abus", "contempt": "respect", "betrayal": "betray"}


@pytest.mark.parametrize(
    "card",
    [c for c in CARDS if "red_flags" in c.tags and c.source.title != OWN_TITLE],
    ids=lambda c: c.id,
)
def test_red_flag_cards_cite_a_section_about_their_flag(card: Card) -> None:
    text = section_text(article_of(card), card.source.section).lower()
    flags = [f for f in FLAG_WORDS if f"'{f}' in settings.red_flags" in card.rule]
    for flag in flags:
        assert FLAG_WORDS[flag] in text, f"{card.id}: the cited section never mentions {flag}"
    if not flags:  # a card for any flag: its section must speak of red flags or abuse
        assert "red flag" in text or "abus" in text, card.id


# Each card cites one article, so it may not speak for several.
MANY_GUIDES = re.compile(
    r"\b(the guides|the others|other guides|all the guides|every guide|each guide|"
    r"the guides agree|most guides|guides say)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_a_card_citing_one_article_does_not_speak_for_the_guides(card: Card) -> None:
    for field, text in (("title", card.title), ("body", card.body)):
        found = MANY_GUIDES.search(text)
        assert not found, f"{card.id} {field} says {found.group(0)!r} but cites one article"


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


# Advice no article gives: the card must say it is Tideline's, in the sentence that gives it.
OWN_ADVICE = re.compile(r"twenty minutes|20 minutes|timer|most often regret", re.IGNORECASE)


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_tidelines_own_advice_says_it_is_tidelines(card: Card) -> None:
    if card.source.title == OWN_TITLE:
        return
    article = flat(article_of(card)).lower()
    for sentence in sentences(card.body):
        for found in OWN_ADVICE.finditer(sentence):
            if found.group(0).lower() in article:
                continue  # the article does say it
            assert "Tideline" in sentence, f"{card.id}: {found.group(0)!r} is not the guide's"


def test_the_own_advice_check_catches_an_unmarked_pause() -> None:
    # Guards the guard: the old wording of the urge card named the guides for the 20 minutes.
    text = "The guides warn against desperate messages. Set a timer for twenty minutes."
    unmarked = [s for s in sentences(text) if OWN_ADVICE.search(s) and "Tideline" not in s]
    assert unmarked == ["Set a timer for twenty minutes."]
    assert MANY_GUIDES.search(text)


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
