"""Mood labels proposed, not demanded (issue 17 point 2): `--mood-map auto`'s proposals."""

from __future__ import annotations

import json

import pytest

from dashboard.formats import mood_names


def test_daylios_defaults_take_its_five_levels() -> None:
    assert mood_names.propose(["Rad", "Good", "Meh", "Bad", "Awful"]) == (
        {"Rad": 10, "Good": 8, "Meh": 6, "Bad": 4, "Awful": 2},
        [],
    )


def test_a_renamed_five_point_set_is_spread_over_daylios_levels() -> None:
    # The words' own levels are 9, 8, 6, 5, 4: five different ones, so in that order 10..2.
    labels = ["Not so good", "Great 😀", "Medium [-]", "Bad", "Good"]
    assert mood_names.propose(labels) == (
        {"Great 😀": 10, "Good": 8, "Medium [-]": 6, "Not so good": 4, "Bad": 2},
        [],
    )


def test_the_polish_export_is_placed() -> None:
    # The five labels of kplich/daylio-visualisation's daylio_export.csv, given worst first:
    # wspaniale and dobrze are Daylio's two best faces, źle and okropnie its two worst (that
    # person's moods.csv: 5, 4, 2, 1); "tak sobie" is a common word (6), so five levels, spread.
    labels = ["okropnie", "źle", "tak sobie", "dobrze", "wspaniale"]
    assert mood_names.propose(labels) == (
        {"wspaniale": 10, "dobrze": 8, "tak sobie": 6, "źle": 4, "okropnie": 2},
        [],
    )


def test_labels_it_cannot_place_are_listed_not_guessed() -> None:
    # Six labels: no spreading; each placed label keeps its word's level, best first.
    proposed, unplaced = mood_names.propose(["content", "Sick", "Depressed", "happy", "🤒", "fine"])
    assert proposed == {"happy": 8, "content": 7, "fine": 7, "Depressed": 2}
    assert unplaced == ["Sick", "🤒"]


def test_five_labels_with_one_unknown_are_not_spread() -> None:
    proposed, unplaced = mood_names.propose(["Great", "Good", "Meh", "Bad", "Sick"])
    assert proposed == {"Great": 9, "Good": 8, "Meh": 6, "Bad": 4}
    assert unplaced == ["Sick"]


def test_labels_that_clean_to_one_word_count_once() -> None:
    assert mood_names.propose(["Good", " good ", "GOOD [+]"]) == ({"Good": 8}, [])


@pytest.mark.parametrize(
    ("label", "word"),
    [
        ("Medium [-]", "medium"),
        ("Good (+)", "good"),
        ("😀 Rad!", "rad"),
        ("❤️ Happy", "happy"),
        ("👍🏽  so   so ", "so so"),
        ("Großartig", "großartig"),
        ("ＭＥＨ", "meh"),
    ],
)
def test_clean_label(label: str, word: str) -> None:
    assert mood_names.clean_label(label) == word


def test_common_words_across_languages() -> None:
    cases = {
        "sehr gut": 9,
        "schlecht": 4,
        "bof": 6,
        "très bien": 9,
        "muy mal": 3,
        "così così": 6,
        "péssimo": 2,
        "gaat wel": 6,
        "nic moc": 5,
        "hemskt": 2,
        "forfærdeligt": 2,
        "veldig bra": 9,
        "kamala": 2,
        "berbat": 2,
        "нормально": 6,
        "жахливо": 2,
        "最悪": 2,
        "一般": 6,
        "최고": 10,
    }
    assert {word: mood_names.level(word) for word in cases} == cases


def _document() -> dict:
    return json.loads(mood_names.NAMES_FILE.read_text(encoding="utf-8"))


def test_the_table_is_well_formed() -> None:
    document = _document()
    assert document["daylio"]["en"]["labels"] == [["rad"], ["good"], ["meh"], ["bad"], ["awful"]]
    levels: dict[str, int] = {}
    for table in document["words"].values():
        for word, value in table.items():
            assert word == mood_names.clean_label(word)
            assert isinstance(value, int) and 1 <= value <= 10
            # A word two languages share means the same in both.
            assert levels.setdefault(word, value) == value


# --- Daylio's default labels, language by language, as the cited sources show them -------------

# Each label as its source spells it, with the level of the face it names (best 10 .. worst 2).
# German: hello-smart.de's review names "super, gut, OK, schlecht, furchtbar"; Belluxx/DaylioTools'
# map has "Super 10, Gut 8, Ok 6, Schlecht 4, Einfach scheiße 2". Italian: the same map's
# "ottimo 10, buono 8, così così 6, male 4, terribile 2". Japanese: fuya.info's review,
# "最高・良い・普通・悪い・最悪" best first. Polish: only the four faces kplich's moods.csv numbers
# 5, 4, 2, 1. Portuguese: only the ends of avidadelyne's "desde o 'incrível' ao 'horrível'".
SOURCED = {
    "en": {"Rad": 10, "Good": 8, "Meh": 6, "Bad": 4, "Awful": 2},
    "de": {"Super": 10, "Gut": 8, "OK": 6, "Schlecht": 4, "furchtbar": 2, "Einfach scheiße": 2},
    "it": {"ottimo": 10, "buono": 8, "così così": 6, "male": 4, "terribile": 2},
    "ja": {"最高": 10, "良い": 8, "普通": 6, "悪い": 4, "最悪": 2},
    "pl": {"wspaniale": 10, "dobrze": 8, "źle": 4, "okropnie": 2},
    "pt": {"incrível": 10, "horrível": 2},
}


@pytest.mark.parametrize("language", sorted(SOURCED))
def test_each_sourced_label_takes_its_faces_level(language: str) -> None:
    labels = SOURCED[language]
    assert {label: mood_names.level(label) for label in labels} == labels


@pytest.mark.parametrize("language", ["de", "it", "ja"])
def test_a_sourced_five_given_worst_first_is_placed_best_first(language: str) -> None:
    # One label a face (German's first worst face), written worst first as a file might list them.
    labels = list(dict(zip(SOURCED[language].values(), SOURCED[language], strict=True)).values())
    labels.reverse()
    proposed, unplaced = mood_names.propose(labels)
    assert unplaced == []
    assert list(proposed.values()) == [10, 8, 6, 4, 2]
    assert list(proposed) == labels[::-1]


def test_daylios_german_best_face_outranks_the_common_word() -> None:
    # "super" alone is no five-point set, so no spreading: it keeps Daylio's 10 (the word is 9).
    assert mood_names.propose(["Schlecht", "Super"]) == ({"Super": 10, "Schlecht": 4}, [])


def test_the_table_holds_exactly_the_sourced_languages() -> None:
    daylio = _document()["daylio"]
    assert sorted(daylio) == sorted(SOURCED)
    for language, labels in SOURCED.items():
        places = daylio[language]["labels"]
        table = {
            label: level
            for words, level in zip(places, (10, 8, 6, 4, 2), strict=True)
            for label in words
        }
        assert table == {mood_names.clean_label(label): level for label, level in labels.items()}


def test_every_daylio_language_names_a_source_for_every_label() -> None:
    for language, entry in _document()["daylio"].items():
        sources = entry["sources"]
        assert sources, language
        shown: set[str] = set()
        for source in sources:
            where = source["where"]
            assert where.startswith("https://") or "/" in where.split(" ")[0], (language, where)
            assert source["what"].strip(), (language, where)
            assert source["shows"], (language, where)
            shown.update(mood_names.clean_label(label) for label in source["shows"])
        placed = {label for labels in entry["labels"] for label in labels}
        assert placed <= shown, (language, placed - shown)


def test_languages_not_covered_are_listed_and_not_guessed() -> None:
    document = _document()
    not_covered = document["not_covered"]
    assert not set(not_covered) & set(document["daylio"])
    # The seven sets once claimed without a source are gone from 'daylio' and listed instead.
    assert {"fr", "es", "nl", "cs", "ru", "uk", "tr"} <= set(not_covered)


def test_the_readme_lists_the_languages_not_covered() -> None:
    readme = (mood_names.NAMES_FILE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Importing from other apps") :]
    section = section[: section.index("- **Daylio backup**")]
    assert "not covered" in section
    for name in _document()["not_covered"].values():
        assert name in section, name
