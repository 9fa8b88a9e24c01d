"""The Daylio CSV reader read as a stream (issue 16 point 2): records one at a time, lines split
across pieces of the text, and the checked rows an import takes (`daylio.parse(checked=True)`)
equal to `clean_row` of the plain reading's rows, errors and all."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest

from dashboard import dataops
from dashboard.formats import daylio, text, tideline
from dashboard.store import Store
from dashboard.validate import clean_row

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"


def record(day: str, time: str, label: str, activities: str = "", note: str = "") -> str:
    return f'{day},x,x,{time},{label},"{activities}","","{note}"'


def future_day() -> str:
    return (dt.date.today() + dt.timedelta(days=3)).isoformat()


def repeating_file() -> str:
    """Eight records of the same mood, activities and note but for their times (newest first),
    the third one in the future and the last one before 1970, and one unknown label."""
    lines = [HEADER]
    for day in range(6, 0, -1):
        lines.append(record(f"2024-03-0{day}", "9:00 am", "good", "Friends | walk", "same"))
    lines.insert(3, record(future_day(), "9:00 am", "good", "Friends | walk", "same"))
    lines += [
        record("2024-03-01", "10:00 am", "sleepy", "walk"),
        record("1969-12-31", "11:30 pm", "good", "Friends | walk", "same"),
    ]
    return "\n".join(lines) + "\n"


def assert_checked_is_clean_plain(data: str) -> None:
    now = dt.datetime.now()
    plain, checked = daylio.parse(data), daylio.parse(data, checked=True)
    assert checked.payload["mood"] == [clean_row("mood", r, now) for r in plain.payload["mood"]]
    assert checked.errors == plain.errors
    assert checked.rows == plain.rows


def test_repeated_entries_are_checked_like_the_first_and_times_out_of_range_refused() -> None:
    data = repeating_file()
    result = daylio.parse(data, checked=True)
    # Lines 2, 3 and 5-8 (2024-03-06 .. 01 at 09:00) are good, oldest first; line 4 is three
    # days ahead, line 10 is before 1970, line 9's label is unknown.
    ats = [row["at"] for row in result.payload["mood"]]
    assert ats == [dt.datetime(2024, 3, day, 9, 0) for day in range(1, 7)]
    rows = result.payload["mood"]
    assert all(row["activities"] == ["friends", "walk"] and row["note"] == "same" for row in rows)
    assert rows[0]["activities"] is rows[1]["activities"]  # one list for rows of the same words
    reasons = [(e.line, e.reason.split(" (")[0]) for e in result.errors]
    assert reasons == [
        (4, f"time {future_day()} 09:00 is more than a day in the future"),
        (9, "1 mood label Tideline doesn't know yet: 'sleepy'"),
        (10, "time 1969-12-31 23:30 is before 1970"),
    ]
    assert result.rows == 9
    assert_checked_is_clean_plain(data)


@pytest.mark.parametrize(
    "data",
    [
        repeating_file(),
        # Notes over several lines (\r\n kept as \n), a title and a note, a long note twice.
        f"{HEADER}\r\n"
        + record("2024-03-02", "20:39", "Rad", "x|Y | x", "one\r\ntwo")
        + "\r\n"
        + record("2024-03-02", "20:39", "rad", "x|Y | x", "one\r\ntwo")
        + "\r\n"
        + record("2024-03-01", "8:05 PM", "awful", "", "n" * 300)
        + "\r\n"
        + record("2024-03-01", "8:05 pm", "awful", "", "n" * 300)
        + "\r\n",
        # Bad dates, times and a missing mood; then a quote never closed.
        f"{HEADER}\n"
        + record("2024-02-30", "9:00", "good")
        + "\n"
        + record("2024-02-03", "25:00", "good")
        + "\n"
        + record("2024-02-03", "9:00", "")
        + "\n"
        + record("2024-02-04", "9:00", "meh")
        + '\n2024-02-05,x,x,9:00,good,,,"never closed\n',
        # The older layout (dates in the phone's language) and a file without a header.
        "year,date,weekday,time,mood,activities,note\n2019,5 janv.,x,9:00,good,,\n"
        "2019,6 janv.,x,9:00,good,,\n2019,7 févr.,x,9:00,bad,,\n",
        "2024-01-05,Jan 5,Friday,8:39 pm,good,walk,,\n2024-01-04,Jan 4,Thursday,9:00 am,meh,,,\n",
    ],
)
def test_the_checked_rows_are_clean_rows_of_the_plain_reading(data: str) -> None:
    assert_checked_is_clean_plain(data)


def test_records_are_read_one_at_a_time_across_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pieces of 4 characters: every line and a \r\n are cut across them.
    monkeypatch.setattr(text, "_PIECE", 4)
    data = 'a,b\r\n\r\n1,"x\ry"\r2,z\n\n3,w\r\n'
    reader = text.Records(data)
    records = iter(reader)
    assert next(records) == (1, ["a", "b"])
    assert reader.count == 1  # the next record is not read before it is asked for
    assert list(records) == [(3, ["1", "x\ry"]), (5, ["2", "z"]), (7, ["3", "w"])]
    assert (reader.count, reader.broken) == (4, None)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_quote_left_open_at_the_end_is_the_broken_record(end: str) -> None:
    data = end.join(["a,b", "1,2", "", '3,"open', "more", "", ""])
    reader = text.Records(data)
    assert list(reader) == [(1, ["a", "b"]), (2, ["1", "2"])]
    assert reader.broken is not None and reader.broken.line == 4
    assert "never closed" in reader.broken.reason


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_quote_closed_on_the_last_line_is_read(end: str) -> None:
    reader = text.Records(end.join(["a,b", "", '1,"x', 'y"', "", '2,"z",w', ""]))
    assert list(reader) == [(1, ["a", "b"]), (3, ["1", f"x{end}y"]), (6, ["2", "z", "w"])]
    assert reader.broken is None
    # The header is the last record: its line is the first.
    lone = text.Records("a,b" + end * 3)
    assert (list(lone), lone.broken) == ([(1, ["a", "b"])], None)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_line_starts_are_found_from_the_end(end: str) -> None:
    data = end.join(["ab", "", "cde", "f", ""])
    starts = [0, 2 + len(end), 2 + 2 * len(end), 5 + 3 * len(end)]
    assert [text._line_start(data, n) for n in (1, 2, 3, 4)] == starts


def test_lines_split_as_a_csv_file_would(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(16)
    for piece in (1, 2, 3, 7):
        monkeypatch.setattr(text, "_PIECE", piece)
        for _ in range(2000):
            sample = "".join(rng.choice('ab\r\n\u2028\x85,"') for _ in range(rng.randint(0, 25)))
            assert list(text._lines(sample)) == list(io.StringIO(sample, newline=""))


def test_prepare_checks_a_daylio_file_once_with_the_same_rows_and_problems() -> None:
    data = repeating_file().encode()
    with Store(":memory:") as store:
        plan = dataops.prepare(store, data, "daylio")
        before = tideline.parse_payload(daylio.parse(data).payload)
    assert plan.parsed is not None
    assert plan.parsed.tables == before.tables
    expected = [(f"line {e.line}", e.reason) for e in daylio.parse(data).errors]
    assert plan.problems == expected and len(expected) == 3
    assert plan.in_file["mood"] == 6


def test_broken_text_in_checked_rows_is_named_by_entry() -> None:
    parsed = tideline.parse_checked(
        {"mood": [clean_row("mood", {"at": "2024-01-01T09:00", "mood": 5, "note": "a\ud800"})]}
    )
    assert parsed.tables["mood"] == []
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith("mood[0] (entry 1): note")
