"""Importers from Daylio and Bearable: hand-worked rows, line numbers of errors, bad files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from dashboard.formats import bearable, daylio, detect
from dashboard.formats.daylio import parse_mood_map
from dashboard.formats.text import ParseResult, RowError
from dashboard.formats.tideline import import_payload
from dashboard.store import Store
from dashboard.validate import clean_row

DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
BEARABLE_HEADER = "date formatted,date,weekday,time of day,category,rating/amount,detail,notes"


def mood(at: str, value: int, activities: list[str] | None = None, note: str = "") -> dict:
    """An expected Daylio row (every imported entry is private)."""
    return {
        "at": at,
        "mood": value,
        "activities": activities or [],
        "note": note,
        "private": True,
    }


def bearable_mood(at: str, value: int, note: str = "") -> dict:
    return {"at": at, "mood": value, "note": note, "private": True}


def assert_all_valid(result: ParseResult) -> None:
    """Every produced row passes the store's own validation."""
    assert result.payload["format"] == "tideline/1"
    for row in result.payload["mood"]:
        clean_row("mood", row)


def daylio_row(day: str, time: str, label: str, note: str = "") -> str:
    """One 8-column Daylio record; `day` is ISO, the other date columns are not read."""
    return f'{day},x,x,{time},{label},"","","{note}"'


def refuses(read: Callable[[Any], object], data: object, message: str) -> None:
    """`read(data)` raises a ValueError whose message matches `message`."""
    with pytest.raises(ValueError, match=message):
        read(data)


# --- mood maps -------------------------------------------------------------------------------


def test_parse_mood_map_trims_and_lowercases() -> None:
    assert parse_mood_map(" So-So = 5, tired=3 ,") == {"so-so": 5, "tired": 3}
    assert parse_mood_map("") == {}
    # The same label twice with the same number is harmless.
    assert parse_mood_map("ok=6,OK=6") == {"ok": 6}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tired", "has no '='"),
        ("=4", "no label"),
        ("tired=four", "whole number from 1 to 10"),
        ("tired=4.5", "whole number from 1 to 10"),
        ("tired=11", "from 1 to 10, not 11"),
        ("tired=0", "from 1 to 10, not 0"),
        ("tired=3,Tired=4", "given twice"),
    ],
)
def test_parse_mood_map_rejects_bad_input(text: str, message: str) -> None:
    refuses(parse_mood_map, text, message)


def test_mood_map_dict_values_are_checked() -> None:
    text = DAYLIO_HEADER + "\n" + daylio_row("2024-01-01", "9:00", "rad")
    with pytest.raises(ValueError, match="from 1 to 10"):
        daylio.parse(text, mood_map={"tired": 11})
    with pytest.raises(ValueError, match="from 1 to 10"):
        daylio.parse(text, mood_map={"tired": True})


# --- Daylio: the current layout ----------------------------------------------------------------

# Newest first, as Daylio writes it; stray spaces; a multi-line quoted note; 12- and 24-hour times.
DAYLIO_CURRENT = (
    DAYLIO_HEADER + "\n"
    '2024-01-07,7 January,Sunday,10:00 pm,rad,"Friends | Exercise","Good day","Saw Sam.\n'
    'We laughed a lot."\n'
    '2024-01-07, 7 January , Sunday , 12:05 am , Good ,"work |  therapy ","",""\n'
    '2024-01-06,6 January,Saturday,20:39,MEH,"","","just tired"\n'
    '2024-01-05,5 January,Friday,12:30 pm,bad,"alcohol","Rough",""\n'
    '2024-01-04,4 January,Thursday,10:00 PM, awful ,"","",""\n'
)
# Worked by hand, oldest first:
#   line 7: 10:00 PM -> 22:00, awful -> 2
#   line 6: 12:30 pm -> 12:30 (noon hour), bad -> 4, the title alone is the note
#   line 5: 20:39 as is, MEH -> meh -> 6
#   line 4: 12:05 am -> 00:05, " Good " -> good -> 8, activities trimmed and lower-cased
#   lines 2-3: 10:00 pm -> 22:00, rad -> 10, note = title, blank line, the two-line note
DAYLIO_CURRENT_ROWS = [
    mood("2024-01-04T22:00", 2),
    mood("2024-01-05T12:30", 4, ["alcohol"], "Rough"),
    mood("2024-01-06T20:39", 6, [], "just tired"),
    mood("2024-01-07T00:05", 8, ["work", "therapy"]),
    mood(
        "2024-01-07T22:00", 10, ["friends", "exercise"], "Good day\n\nSaw Sam.\nWe laughed a lot."
    ),
]


def test_daylio_current_layout_text() -> None:
    result = daylio.parse(DAYLIO_CURRENT)
    assert result.errors == []
    assert result.rows == 5
    assert result.payload == {"format": "tideline/1", "mood": DAYLIO_CURRENT_ROWS}
    assert_all_valid(result)


def test_daylio_bytes_with_bom_and_windows_line_ends() -> None:
    data = b"\xef\xbb\xbf" + DAYLIO_CURRENT.replace("\n", "\r\n").encode("utf-8")
    result = daylio.parse(data)
    assert result.errors == []
    # The note's own line break arrives as \r\n and is stored as \n.
    assert result.payload["mood"] == DAYLIO_CURRENT_ROWS


def test_daylio_text_with_bom() -> None:
    result = daylio.parse("\ufeff" + DAYLIO_CURRENT)
    assert result.payload["mood"] == DAYLIO_CURRENT_ROWS


def test_daylio_newest_first_becomes_oldest_first() -> None:
    # Five entries over three days written newest first; the output must be in time order.
    text = "\n".join(
        [
            DAYLIO_HEADER,
            daylio_row("2024-05-03", "8:00 am", "good"),
            daylio_row("2024-05-02", "11:00 pm", "meh"),
            daylio_row("2024-05-02", "7:00 am", "bad"),
            daylio_row("2024-05-01", "23:59", "rad"),
            daylio_row("2024-05-01", "00:00", "awful"),
        ]
    )
    result = daylio.parse(text)
    assert [(r["at"], r["mood"]) for r in result.payload["mood"]] == [
        ("2024-05-01T00:00", 2),
        ("2024-05-01T23:59", 10),
        ("2024-05-02T07:00", 4),
        ("2024-05-02T23:00", 6),
        ("2024-05-03T08:00", 8),
    ]


@pytest.mark.parametrize(
    ("written", "at"),
    [
        ("12:05 am", "2024-01-01T00:05"),  # 12 am is the first hour of the day
        ("12:00 am", "2024-01-01T00:00"),
        ("12:30 pm", "2024-01-01T12:30"),  # 12 pm is noon
        ("12:00 PM", "2024-01-01T12:00"),
        ("1:00 pm", "2024-01-01T13:00"),  # 1 + 12
        ("10:00 pm", "2024-01-01T22:00"),  # 10 + 12
        ("10:00 PM", "2024-01-01T22:00"),
        ("10:00pm", "2024-01-01T22:00"),
        ("9:15 a.m.", "2024-01-01T09:15"),
        ("11:59 p.m.", "2024-01-01T23:59"),  # 11 + 12
        ("10:00\u202fpm", "2024-01-01T22:00"),  # narrow no-break space from newer phones
        ("20:39", "2024-01-01T20:39"),
        ("0:07", "2024-01-01T00:07"),
        ("07:30", "2024-01-01T07:30"),
        ("23:10:45", "2024-01-01T23:10"),  # seconds, if ever present, are dropped
    ],
)
def test_daylio_times(written: str, at: str) -> None:
    result = daylio.parse(DAYLIO_HEADER + "\n" + daylio_row("2024-01-01", written, "meh"))
    assert result.errors == []
    assert result.payload["mood"] == [mood(at, 6)]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("24:00", "impossible hour"),
        ("13:00 pm", "impossible hour for a 12-hour clock"),
        ("0:30 am", "impossible hour for a 12-hour clock"),
        ("10:60", "impossible minute"),
        ("noon", "is not a time"),
        ("10 pm", "is not a time"),
        ("", "is not a time"),
    ],
)
def test_daylio_bad_times_are_row_errors(written: str, reason: str) -> None:
    result = daylio.parse(DAYLIO_HEADER + "\n" + daylio_row("2024-01-01", written, "meh"))
    assert result.payload["mood"] == []
    assert len(result.errors) == 1
    assert result.errors[0].line == 2
    assert reason in result.errors[0].reason


def test_daylio_layout_without_note_title() -> None:
    # Some versions write full_date and a single note column (7 columns).
    text = (
        "full_date,date,weekday,time,mood,activities,note\n"
        '2020-05-30,30 May,Saturday,6:50 pm,rad,friends | gaming | nap,"Awesome"\n'
        '2020-05-25,25 May,Monday,14:58,meh,work,"Could be better"\n'
    )
    result = daylio.parse(text)
    assert result.errors == []
    # 6:50 pm -> 18:50; rad -> 10. 14:58 as is; meh -> 6.
    assert result.payload["mood"] == [
        mood("2020-05-25T14:58", 6, ["work"], "Could be better"),
        mood("2020-05-30T18:50", 10, ["friends", "gaming", "nap"], "Awesome"),
    ]


# --- Daylio: the older layout ----------------------------------------------------------------


def test_daylio_older_layout_both_date_orders() -> None:
    text = (
        "year,date,weekday,time,mood,activities,note\n"
        '2019,Jan 5,Saturday,11:54 pm,good,"clean | cook","Went out"\n'
        '2018,31 Dec,Monday,10:21 pm,meh,"",""\n'
        '2018,December 30,Sunday,8:00 am,awful,"",""\n'
        '2018,30 Sept,Sunday,8:00 am,awful,"",""\n'
        '2018,30 Feb,Friday,8:00 am,awful,"",""\n'
        '2018,Dezember 3,Monday,8:00 am,awful,"",""\n'
        '18,3 Dec,Monday,8:00 am,awful,"",""\n'
    )
    result = daylio.parse(text)
    # Oldest first: 30 Sept 2018 08:00 (awful 2); 30 Dec 2018 08:00 (2); 31 Dec 2018 22:21
    # (10:21 pm, meh 6); 5 Jan 2019 23:54 (11:54 pm, good 8).
    assert result.payload["mood"] == [
        mood("2018-09-30T08:00", 2),
        mood("2018-12-30T08:00", 2),
        mood("2018-12-31T22:21", 6),
        mood("2019-01-05T23:54", 8, ["clean", "cook"], "Went out"),
    ]
    # 30 February does not exist; "Dezember" is not an English month; "18" is not a year.
    assert [e.line for e in result.errors] == [6, 7, 8]
    assert all("is not a date like 5 Jan" in e.reason for e in result.errors)
    assert result.rows == 7


# --- Daylio: bad rows, line numbers and unknown labels ---------------------------------------

DAYLIO_WITH_ERRORS = (
    DAYLIO_HEADER + "\n"  # line 1
    '2024-02-10,10 February,Saturday,9:00 am,good,"","","one\n'  # line 2
    "two\n"  # line 3
    'three"\n'  # line 4
    '2024-02-09,9 February,Friday,9:00 am,good,"",""\n'  # line 5: 7 values
    '2024-02-31,31 February,Saturday,9:00 am,good,"","",""\n'  # line 6: no such day
    '2024-02-08,8 February,Thursday,nine,good,"","",""\n'  # line 7: bad time
    '2024-02-07,7 February,Wednesday,9:00 am,,"","",""\n'  # line 8: no mood
    "\n"  # line 9: blank, skipped
    '2024-02-06,6 February,Tuesday,9:00 pm,so-so,"","",""\n'  # line 10: unknown
    '2024-02-05,5 February,Monday,8:00 pm,good,"","","a ""quoted""\n'  # line 11
    'note"\n'  # line 12
    '2024-02-04,4 February,Sunday,7:00 pm,So-So ,"","",""\n'  # line 13: unknown again
    '2024-02-03,3 February,Saturday,7:00 pm,tired,"","",""\n'  # line 14: unknown
)


def test_daylio_bad_rows_have_the_line_where_they_start() -> None:
    result = daylio.parse(DAYLIO_WITH_ERRORS)
    assert result.errors[:4] == [
        RowError(5, "expected 8 values like the header, found 7"),
        RowError(6, "date '2024-02-31' is not a date like 2024-01-05"),
        RowError(7, "time 'nine' is not a time like 20:39 or 8:39 pm"),
        RowError(8, "the mood is missing"),
    ]
    assert len(result.errors) == 5
    unknown = result.errors[4]
    # One error names every unknown label with its lines, placed at the first of them.
    assert unknown.line == 10
    assert "2 mood labels" in unknown.reason
    assert "'so-so' (lines 10, 13)" in unknown.reason
    assert "'tired' (line 14)" in unknown.reason
    # Only the good rows are in the payload: line 2 (9:00 am) and line 11 (8:00 pm -> 20:00).
    assert result.payload["mood"] == [
        mood("2024-02-05T20:00", 8, [], 'a "quoted"\nnote'),
        mood("2024-02-10T09:00", 8, [], "one\ntwo\nthree"),
    ]
    # Records read: lines 2, 5, 6, 7, 8, 10, 11, 13, 14 = 9.
    assert result.rows == 9
    assert_all_valid(result)


def test_daylio_mood_map_names_the_unknown_labels_and_overrides_defaults() -> None:
    result = daylio.parse(DAYLIO_WITH_ERRORS, mood_map={" SO-SO ": 5, "tired": 3, "good": 7})
    assert [e.line for e in result.errors] == [5, 6, 7, 8]
    # good is overridden to 7; so-so -> 5 (lines 10, 13); tired -> 3 (line 14).
    assert [(r["at"], r["mood"]) for r in result.payload["mood"]] == [
        ("2024-02-03T19:00", 3),
        ("2024-02-04T19:00", 5),
        ("2024-02-05T20:00", 7),
        ("2024-02-06T21:00", 5),
        ("2024-02-10T09:00", 7),
    ]


def test_daylio_mood_map_from_text() -> None:
    text = DAYLIO_HEADER + "\n" + daylio_row("2024-03-01", "9:00", "Sleepy")
    result = daylio.parse(text, mood_map=parse_mood_map("sleepy=5"))
    assert result.errors == []
    assert result.payload["mood"] == [mood("2024-03-01T09:00", 5)]


def test_daylio_unknown_label_lists_many_lines_briefly() -> None:
    # 12 rows with one unknown label: the first 10 lines are listed, then "and 2 more".
    rows = [daylio_row(f"2024-03-{day:02d}", "9:00", "blah") for day in range(12, 0, -1)]
    result = daylio.parse("\n".join([DAYLIO_HEADER, *rows]))
    assert len(result.errors) == 1
    assert result.errors[0].line == 2
    assert "1 mood label " in result.errors[0].reason
    assert "'blah' (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more)" in result.errors[0].reason


def test_daylio_quote_never_closed_is_reported_at_its_line() -> None:
    text = "\n".join(
        [
            DAYLIO_HEADER,
            daylio_row("2024-03-03", "9:00", "good", "fine"),
            '2024-03-02,x,x,9:00,good,"","","this note never ends',
            daylio_row("2024-03-01", "9:00", "good"),
        ]
    )
    result = daylio.parse(text)
    assert len(result.errors) == 1
    assert result.errors[0].line == 3
    assert "never closed" in result.errors[0].reason
    assert result.payload["mood"] == [mood("2024-03-03T09:00", 8, [], "fine")]


def test_daylio_rows_the_store_would_refuse_are_row_errors() -> None:
    many = " | ".join(f"a{i}" for i in range(61))
    text = "\n".join(
        [
            DAYLIO_HEADER,
            daylio_row("2024-03-01", "9:00", "good", "x" * 20_001),
            daylio_row("2999-01-01", "9:00", "good"),
            f'2024-03-01,x,x,9:00,good,"{many}","",""',
            daylio_row("2024-03-02", "9:00", "good", "x" * 20_000),
        ]
    )
    result = daylio.parse(text)
    assert [e.line for e in result.errors] == [2, 3, 4]
    assert "20001 characters" in result.errors[0].reason
    assert "in the future" in result.errors[1].reason
    assert "61 entries" in result.errors[2].reason
    assert [r["at"] for r in result.payload["mood"]] == ["2024-03-02T09:00"]
    assert_all_valid(result)


def test_daylio_ten_years_parse_completely() -> None:
    # 20,000 entries, newest first, five a day: every one arrives, in time order.
    start = dt.datetime(2015, 1, 1, 8, 0)
    entries = [start + dt.timedelta(hours=4 * i) for i in range(20_000)]
    lines = [DAYLIO_HEADER]
    for when in reversed(entries):
        clock = when.strftime("%I:%M %p").lower()
        lines.append(f'{when:%Y-%m-%d},x,x,{clock},good,"work | friends","","a, note"')
    result = daylio.parse("\n".join(lines).encode())
    assert result.errors == []
    assert result.rows == 20_000
    produced = result.payload["mood"]
    assert len(produced) == 20_000
    assert produced[0]["at"] == "2015-01-01T08:00"
    # The last is 19,999 × 4 h = 79,996 h = 3,333 days + 4 h after the first. 2015-01-01 to
    # 2024-01-01 is 9 × 365 + 2 leap days (2016, 2020) = 3,287 days; 46 more = 31 (January)
    # + 15 -> 2024-02-16; 08:00 + 4 h = 12:00.
    assert produced[-1]["at"] == "2024-02-16T12:00"
    assert all(a["at"] < b["at"] for a, b in zip(produced, produced[1:], strict=False))


# --- Daylio: malformed files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("", "empty"),
        (b"\xef\xbb\xbf \r\n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not UTF-8 text"),
        (bytes(range(256)), "not UTF-8 text"),
        (b"full_date,mood\x00\x00\x01", "binary"),
        (
            (DAYLIO_HEADER + '\n2024-01-01,x,x,9:00,good,"","","caf\xe9"').encode("latin-1"),
            "not UTF-8 text",
        ),
        (DAYLIO_HEADER + "\n", "header but no entries"),
        (DAYLIO_HEADER + "\r\n\r\n", "header but no entries"),
        ("full_date,date,weekday,time,activities,note\n2024-01-01,x,x,9:00,,", "'mood' column"),
        ("full_date,date,weekday,mood\n2024-01-01,x,x,good", "'time' column"),
        ("full_date,date,weekday\n2024-01-01,x,x", "no 'time' and 'mood' columns"),
        ("date,weekday,time,mood\nx,x,9:00,good", "'full_date' column"),
        ("hello world\nthis is not a csv", "'full_date' column"),
    ],
)
def test_daylio_malformed_files_say_what_is_wrong(data: bytes | str, message: str) -> None:
    refuses(daylio.parse, data, message)


# --- Bearable ----------------------------------------------------------------------------------

BEARABLE = (
    BEARABLE_HEADER + "\n"  # line 1
    '2024-03-14,14 Mar 2024,Thu,pm,Mood,4,,"Walked by the sea"\n'  # line 2
    "2024-03-14,14 Mar 2024,Thu,,Sleep,7.5,,\n"  # line 3: not a mood row
    '2024-03-14,14 Mar 2024,Thu,am,Mood,2,"Anxious",""\n'  # line 4
    "2024-03-13,13 Mar 2024,Wed,late, mood ,3,,\n"  # line 5
    "2024-03-13,13 Mar 2024,Wed,mid,Symptom,2,Headache\n"  # line 6: not mood, short
    "2024-03-12,12 Mar 2024,Tue,,Mood,5,,\n"  # line 7
    '2024-03-11,11 Mar 2024,Mon,mid,Mood,1,"Numb","Long day,\nlonger night"\n'  # lines 8-9
)


def test_bearable_mood_rows_on_the_five_point_scale() -> None:
    result = bearable.parse(BEARABLE)
    assert result.errors == []
    # Mood rows only (lines 2, 4, 5, 7, 8); every rating is <= 5, so ratings double:
    #   line 8: mid -> 13:00, 1 -> 2, note "Numb", blank line, the two-line note
    #   line 7: no time -> 12:00, 5 -> 10
    #   line 5: late -> 22:00, 3 -> 6
    #   line 4: am -> 09:00, 2 -> 4, detail alone is the note
    #   line 2: pm -> 18:00, 4 -> 8
    assert result.payload == {
        "format": "tideline/1",
        "mood": [
            bearable_mood("2024-03-11T13:00", 2, "Numb\n\nLong day,\nlonger night"),
            bearable_mood("2024-03-12T12:00", 10),
            bearable_mood("2024-03-13T22:00", 6),
            bearable_mood("2024-03-14T09:00", 4, "Anxious"),
            bearable_mood("2024-03-14T18:00", 8, "Walked by the sea"),
        ],
    }
    assert result.rows == 5
    assert_all_valid(result)


def test_bearable_ten_point_scale_is_detected_and_can_be_forced() -> None:
    text = "\n".join(
        [
            BEARABLE_HEADER,
            "2024-04-02,x,Tue,21:15,Mood,7,,",
            "2024-04-01,x,Mon,9:30 am,Mood,3,,",
        ]
    )
    # A 7 means the file uses 1-10: ratings are kept. Clock times are used as they are.
    result = bearable.parse(text)
    assert [(r["at"], r["mood"]) for r in result.payload["mood"]] == [
        ("2024-04-01T09:30", 3),
        ("2024-04-02T21:15", 7),
    ]
    # Forced 1-5: 3 -> 6, and 7 does not fit.
    forced = bearable.parse(text, scale=5)
    assert [(r["at"], r["mood"]) for r in forced.payload["mood"]] == [("2024-04-01T09:30", 6)]
    assert [(e.line, e.reason) for e in forced.errors] == [
        (2, "mood rating 7 does not fit the 1-5 scale")
    ]
    # Forced 1-10 on a file whose ratings are all <= 5: 3 stays 3.
    low = bearable.parse("\n".join([BEARABLE_HEADER, "2024-04-01,x,Mon,am,Mood,3,,"]), scale=10)
    assert low.payload["mood"] == [bearable_mood("2024-04-01T09:00", 3)]
    with pytest.raises(ValueError, match="5 or 10"):
        bearable.parse(text, scale=7)


def test_bearable_half_points_and_date_fallback() -> None:
    text = "\n".join(
        [
            BEARABLE_HEADER,
            '2024-03-14,"Mar 14, 2024",Thu,am,Mood,3.5,,',  # 3.5 × 2 = 7
            ',"Wednesday, 13th March 2024",Wed,pm,Mood,2.0,,',  # date from "date"; 2 × 2 = 4
            "2024-03-12T07:45:00.000Z,x,Tue,pm,Mood,4.25,,",  # 4.25 × 2 = 8.5: not whole
        ]
    )
    result = bearable.parse(text)
    assert result.payload["mood"] == [
        bearable_mood("2024-03-13T18:00", 4),
        bearable_mood("2024-03-14T09:00", 7),
    ]
    assert [(e.line, e.reason) for e in result.errors] == [
        (4, "mood rating 4.25 does not fit the 1-5 scale")
    ]


def test_bearable_bad_mood_rows_are_reported_with_lines() -> None:
    text = (
        BEARABLE_HEADER + "\n"  # line 1
        '2024-03-10,x,Sun,am,Mood,3,,"a note\n'  # line 2
        'over two lines"\n'  # line 3
        "03/04/2024,03/04/2024,Sun,am,Mood,3,,\n"  # line 4: day/month order unknown
        "2024-03-09,x,Sat,evening,Mood,3,,\n"  # line 5: unknown time of day
        "2024-03-09,x,Sat,am,Mood,high,,\n"  # line 6
        "2024-03-09,x,Sat,am,Mood,,,\n"  # line 7
        "2024-03-09,x,Sat,am,Mood,0,,\n"  # line 8
        "2024-03-09,x,Sat,am,Mood,3\n"  # line 9: 6 values
        "2024-03-09,x,Sat,am,Energy,oops\n"  # line 10: not mood, ignored
    )
    result = bearable.parse(text)
    assert [(e.line, e.reason) for e in result.errors] == [
        (4, "date '03/04/2024' is not a date like 2024-03-14"),
        (5, "time of day 'evening' is not am, mid, pm, late or a time like 21:15"),
        (6, "mood rating 'high' is not a number"),
        (7, "the mood rating is missing"),
        (8, "mood rating '0' is outside 1 to 10"),
        (9, "expected 8 values like the header, found 6"),
    ]
    # Line 2: am -> 09:00, 3 -> 6.
    assert result.payload["mood"] == [
        bearable_mood("2024-03-10T09:00", 6, "a note\nover two lines")
    ]
    assert result.rows == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("caf\xe9,rating/amount\n".encode("latin-1"), "not UTF-8 text"),
        (BEARABLE_HEADER + "\n", "header but no entries"),
        ("date formatted,time of day,rating/amount\n2024-01-01,am,3", "'category' column"),
        ("weekday,category,rating/amount\nMon,Mood,3", "'date formatted' or 'date' column"),
        ("date,category,amount\n2024-01-01,Mood,3", "'rating/amount' column"),
    ],
)
def test_bearable_malformed_files(data: bytes | str, message: str) -> None:
    refuses(bearable.parse, data, message)


def test_bearable_file_without_mood_rows_gives_nothing() -> None:
    result = bearable.parse(BEARABLE_HEADER + "\n2024-03-14,x,Thu,am,Sleep,7,,")
    assert result == ParseResult(payload={"format": "tideline/1", "mood": []}, errors=[], rows=0)


# --- format detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (DAYLIO_CURRENT, "daylio"),
        (b"\xef\xbb\xbf" + DAYLIO_CURRENT.encode(), "daylio"),
        ("year,date,weekday,time,mood,activities,note\n2019,Jan 5,x,9:00,good,,", "daylio"),
        (BEARABLE, "bearable"),
        ('\n  {"format": "tideline/1", "mood": []}', "tideline"),
        (b'{"format": "tideline/1"}', "tideline"),
    ],
)
def test_detect_format(data: bytes | str, expected: str) -> None:
    assert detect(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00\x01", "not UTF-8 text"),
        ('{"format": "other/1"}', "not a Tideline export"),
        ("[1, 2, 3]", "not a Tideline export"),
        ('{"format": ', "looks like JSON but cannot be read"),
        ("name,amount\nbread,2", "can't tell what kind of file"),
    ],
)
def test_detect_format_refuses_what_it_cannot_read(data: bytes | str, message: str) -> None:
    refuses(detect, data, message)


def test_daylio_value_too_big_for_csv_stops_at_its_line() -> None:
    # The csv module refuses a value over 131,072 characters; the record is reported, not lost.
    text = "\n".join(
        [
            DAYLIO_HEADER,
            daylio_row("2024-03-03", "9:00", "good"),
            daylio_row("2024-03-02", "9:00", "good", "x" * 140_000),
            daylio_row("2024-03-01", "9:00", "good"),
        ]
    )
    result = daylio.parse(text)
    assert [e.line for e in result.errors] == [3]
    assert "cannot be read from here on" in result.errors[0].reason
    assert result.payload["mood"] == [mood("2024-03-03T09:00", 8)]


# --- the payload fits the tideline/1 import ----------------------------------------------------


def test_daylio_payload_imports_once_and_only_once(store: Store) -> None:
    payload = daylio.parse(DAYLIO_CURRENT).payload
    first = import_payload(store, payload)
    assert first.added["mood"] == 5
    # 2024-01-04 22:00 is the first entry, 2024-01-07 22:00 the last.
    assert (first.first, first.last) == (dt.date(2024, 1, 4), dt.date(2024, 1, 7))
    again = import_payload(store, daylio.parse(DAYLIO_CURRENT).payload)
    assert again.total_added == 0
    assert again.skipped["mood"] == 5


def test_a_lone_entry_with_an_unclosed_quote_is_reported_at_its_line():
    text = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2026-01-02,January 2,Friday,10:00 pm,good,,,"a note that never ends\n'
    )
    result = daylio.parse(text)
    assert result.payload["mood"] == []
    assert [e.line for e in result.errors] == [2]
    assert "never closed" in result.errors[0].reason
