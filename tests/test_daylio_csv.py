"""Daylio CSVs as people really export them (issue 17 points 2 and 3): mood names proposed
(`--mood-map auto`), localized dates read with Babel, a file without its header, `scales`.

Every file is built here; the expected levels and dates are worked out from the issue's rules
(Daylio's five groups 10, 8, 6, 4, 2; a renamed five-point set spread over them; nothing guessed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from dashboard import cli, formats
from dashboard.formats import daylio
from dashboard.store import Store

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
OLD_HEADER = "year,date,weekday,time,mood,activities,note"


def csv_of(moods: list[str], header: str = HEADER) -> str:
    """A current-layout export, one entry a day from 1 March 2024 on, newest first."""
    rows = [
        f"{dt.date(2024, 3, 1 + n).isoformat()},x,x,20:00,{label},,,"
        for n, label in enumerate(moods)
    ]
    return "\n".join([header, *reversed(rows)]) + "\n"


def levels(result: daylio.text.ParseResult) -> list[tuple[str, int]]:
    return [(row["at"], row["mood"]) for row in result.payload["mood"]]


# --- five common mood words, in each language whose words are kept ------------------------------
# Not Daylio's own defaults (tests/test_mood_names.py holds those, each from its source): a
# person's own five labels in plain words of their language are placed and ordered too.


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Rad", "Good", "Meh", "Bad", "Awful"]),
        ("fr", ["super", "bien", "mouais", "mauvais", "horrible"]),
        ("de", ["super", "gut", "OK", "schlecht", "furchtbar"]),
        ("pl", ["super", "dobrze", "tak sobie", "źle", "fatalnie"]),
        ("es", ["genial", "bien", "regular", "mal", "fatal"]),
        ("pt", ["incrível", "bem", "mais ou menos", "mal", "horrível"]),
        ("it", ["fantastico", "bene", "così così", "male", "terribile"]),
        ("nl", ["super", "goed", "gaat wel", "slecht", "vreselijk"]),
        ("cs", ["super", "dobře", "ujde to", "špatně", "hrozně"]),
        ("ru", ["супер", "хорошо", "так себе", "плохо", "ужасно"]),
        ("uk", ["супер", "добре", "так собі", "погано", "жахливо"]),
        ("tr", ["harika", "iyi", "idare eder", "kötü", "berbat"]),
    ],
)
def test_five_common_mood_words_in_each_language_take_10_8_6_4_2(
    language: str, labels: list[str]
) -> None:
    # Written worst first, so the order comes from the words, not the file.
    data = csv_of(list(reversed(labels)))
    proposal = daylio.propose(data)
    assert proposal.unplaced == []
    assert list(proposal.levels.items()) == list(zip(labels, (10, 8, 6, 4, 2), strict=True))


def test_a_default_label_keeps_its_level_when_the_file_uses_only_some() -> None:
    # Only three of the German five: "super" is Daylio's best face (10), not the common word's 9.
    proposal = daylio.propose(csv_of(["schlecht", "super", "gut"]))
    assert proposal.levels == {"super": 10, "gut": 8, "schlecht": 4}


# --- custom names from real exports --------------------------------------------------------------


def test_a_renamed_five_point_set_spreads_over_daylios_levels() -> None:
    # great 9, good 8, medium 6, not so good 5, bad 4: five levels, so 10, 8, 6, 4, 2 in order.
    data = csv_of(["Bad", "Not so good", "Medium [-]", "Good", "Great 😀"])
    proposal = daylio.propose(data)
    assert proposal.levels == {
        "Great 😀": 10,
        "Good": 8,
        "Medium [-]": 6,
        "Not so good": 4,
        "Bad": 2,
    }
    mood_map, line = daylio.mood_map_from_spec(data, "auto")
    assert (
        line
        == "moods: Great 😀 = 10, Good = 8, Medium [-] = 6, Not so good = 4, Bad = 2 (proposed)"
    )
    # 1 March Bad ... 5 March Great.
    assert levels(daylio.parse(data, mood_map)) == [
        ("2024-03-01T20:00", 2),
        ("2024-03-02T20:00", 4),
        ("2024-03-03T20:00", 6),
        ("2024-03-04T20:00", 8),
        ("2024-03-05T20:00", 10),
    ]


def test_labels_it_cannot_place_are_asked_for_never_guessed() -> None:
    data = csv_of(["content", "Sick", "Depressed", "Sick"])
    proposal = daylio.propose(data)
    assert proposal.levels == {"content": 7, "Depressed": 2}
    assert proposal.unplaced == ["Sick"]
    with pytest.raises(ValueError) as caught:
        daylio.mood_map_from_spec(data, "auto")
    message = str(caught.value)
    assert "\n" not in message
    assert message == (
        "--mood-map auto cannot place 1 mood label: 'Sick'; give it a number from 1 (lowest) "
        'to 10 (best) after auto, e.g. --mood-map "auto,sick=N"; nothing was imported'
    )


def test_given_levels_combine_with_auto_and_win_over_proposals() -> None:
    data = csv_of(["content", "Sick", "Depressed"])
    mood_map, line = daylio.mood_map_from_spec(data, "Sick=3, auto, content=6")
    assert mood_map == {"content": 6, "sick": 3, "depressed": 2}
    assert line == "moods: Depressed = 2 (proposed); content = 6, Sick = 3 (yours)"
    # Without auto, only the given labels: Depressed is then unknown (and listed with its line).
    mood_map, line = daylio.mood_map_from_spec(data, "sick=3")
    assert (mood_map, line) == ({"sick": 3}, "")
    with pytest.raises(ValueError, match="once"):
        daylio.parse_mood_spec("auto,auto")


def test_the_mapping_table_rows_are_the_proposals_then_the_blanks() -> None:
    # The file lists the newest first: Depressed, GOOD [+], Good, Sick; ties keep that order.
    proposal = daylio.propose(csv_of(["Sick", "Good", "GOOD [+]", "Depressed"]))
    assert daylio.proposal_table(proposal) == [
        {"label": "GOOD [+]", "mood": 8},
        {"label": "Good", "mood": 8},
        {"label": "Depressed", "mood": 2},
        {"label": "Sick", "mood": None},
    ]
    rows = daylio.proposal_table(proposal)
    assert daylio.unset_labels(rows) == ["Sick"]
    rows[-1]["mood"] = 3
    assert daylio.unset_labels(rows) == []


# --- the command line ----------------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_mood_map_auto_dry_run_error_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "daylio.csv"
    src.write_text(csv_of(["content", "Sick", "Depressed"]), encoding="utf-8")
    db = tmp_path / "t.duckdb"
    Store(db).close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out, err = run(["--db", str(db), "import", str(src), "--mood-map", "auto"], capsys)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "cannot place 1 mood label: 'Sick'" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before

    argv = ["--db", str(db), "import", str(src), "--mood-map", "auto,Sick=3", "--dry-run"]
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "moods: content = 7, Depressed = 2 (proposed); Sick = 3 (yours)"
    assert "Would add 3 mood entries." in out

    code, out, err = run(argv[:-1], capsys)
    assert (code, err) == (0, "")
    with Store(db) as store:
        # 1 March content 7, 2 March Sick 3, 3 March Depressed 2.
        assert [r["mood"] for r in store.rows("mood")] == [7, 3, 2]


# --- dates in any language ------------------------------------------------------------------------


def test_the_old_layouts_polish_dates() -> None:
    text = (
        f"{OLD_HEADER}\n"
        "2019,1 stycznia,wtorek,08:00,dobrze,,\n"
        "2018,7 września,piątek,21:15,źle,,\n"
        "2018,28 lutego,środa,9:00 pm,super,,\n"
    )
    result = daylio.parse(text, daylio.propose(text).mood_map())
    assert result.errors == []
    assert levels(result) == [
        ("2018-02-28T21:00", 10),
        ("2018-09-07T21:15", 4),
        ("2019-01-01T08:00", 8),
    ]


def test_the_old_layouts_spanish_dates_and_a_bad_one_in_that_language() -> None:
    text = (
        f"{OLD_HEADER}\n"
        "2020,16 de octubre,viernes,22:00,bien,,\n"
        "2020,3 de mayo,domingo,10:00,mal,,\n"
        "2020,31 de febrero,lunes,10:00,mal,,\n"
        "2020,3 de brumario,lunes,10:00,mal,,\n"
    )
    result = daylio.parse(text, {"bien": 8, "mal": 4})
    assert levels(result) == [("2020-05-03T10:00", 4), ("2020-10-16T22:00", 8)]
    # 31 February is no day; "brumario" is no Spanish month. Both named with the language.
    assert [e.line for e in result.errors] == [4, 5]
    assert "'3 de brumario' in year '2020' is not a date like 5 Jan (read in Spanish" in (
        result.errors[1].reason
    )


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("28. September", (9, 28)),
        ("16 octobre", (10, 16)),
        ("Sept 30", (9, 30)),
        ("7 сентября", (9, 7)),
        ("9月7日", (9, 7)),
    ],
)
def test_other_languages_dates(written: str, day: tuple[int, int]) -> None:
    text = f"{OLD_HEADER}\n2021,{written},x,12:00,rad,,\n"
    assert levels(daylio.parse(text)) == [(dt.datetime(2021, *day, 12).isoformat()[:16], 10)]


# --- a file without a header row, and the scales column ------------------------------------------


def test_an_export_without_its_header_is_known_by_its_shape() -> None:
    rows = (
        "2024-05-02,May 2,Thursday,9:30 pm,good,friends,Title,Dinner\n"
        "2024-05-01,May 1,Wednesday,07:45,meh,,,\n"
    )
    assert formats.detect(rows.encode()) == "daylio"
    result = daylio.parse(rows)
    assert result.errors == [] and result.rows == 2
    assert result.payload["mood"][1] == {
        "at": "2024-05-02T21:30",
        "mood": 8,
        "activities": ["friends"],
        "note": "Title\n\nDinner",
        "private": True,
    }
    # The older layout without its header: a year first and seven values.
    old = "2018,7 września,piątek,21:15,meh,,\n"
    assert formats.detect(old.encode()) == "daylio"
    assert levels(daylio.parse(old)) == [("2018-09-07T21:15", 6)]
    assert daylio.labels(rows) == ["good", "meh"]


def test_a_first_row_of_another_shape_is_still_a_header() -> None:
    # Nine values but no time as the fourth: not an entry, so a header lacking full_date.
    with pytest.raises(ValueError, match="full_date"):
        daylio.parse("2024-05-01,a,b,c,d,e,f,g,h\n2024-05-01,a,b,c,d,e,f,g,h\n")


def test_the_scales_column_is_not_read() -> None:
    with_header = f"{HEADER},scales\n2024-05-01,May 1,Wednesday,07:45,meh,,,note,energy 3\n"
    headerless = "2024-05-01,May 1,Wednesday,07:45,meh,,,note,energy 3\n"
    for text in (with_header, headerless):
        result = daylio.parse(text)
        assert result.errors == []
        assert result.payload["mood"] == [
            {
                "at": "2024-05-01T07:45",
                "mood": 6,
                "activities": [],
                "note": "note",
                "private": True,
            }
        ]
