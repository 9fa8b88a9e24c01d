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


def test_the_polish_set_is_placed() -> None:
    labels = ["świetnie", "dobrze", "tak sobie", "źle", "okropnie"]
    assert mood_names.propose(labels) == (dict(zip(labels, (10, 8, 6, 4, 2), strict=True)), [])


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


def test_the_table_is_well_formed() -> None:
    document = json.loads(mood_names.NAMES_FILE.read_text(encoding="utf-8"))
    assert document["daylio"]["en"] == ["rad", "good", "meh", "bad", "awful"]
    levels: dict[str, int] = {}
    for table in document["words"].values():
        for word, value in table.items():
            assert word == mood_names.clean_label(word)
            assert isinstance(value, int) and 1 <= value <= 10
            # A word two languages share means the same in both.
            assert levels.setdefault(word, value) == value
