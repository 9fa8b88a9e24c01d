"""The snapshot's native calendars (snapshot/plots/calendars): the mood month on hand-made frames
of the shape hard_days.daily gives (hard_days_daily.sql), the no-contact calendar on frames of
the shape no_contact.calendar passes (metrics.nc_daily, or nc_weekly rows past two years)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dashboard.charts import mood_calendar as mc
from dashboard.charts import no_contact as nc
from dashboard.charts.style import DAY_STATES, OKABE_ITO
from dashboard.snapshot.drawing import Drawing, text_width
from dashboard.snapshot.plots import calendars, common
from dashboard.snapshot.plots.calendars import mood_calendar, mood_colour, no_contact_calendar

D = dt.date
NAN = float("nan")
STATE_COLOURS = set(DAY_STATES.values())


def ops(d: Drawing, kind: str) -> list[tuple]:
    return [op for op in d.ops if op[0] == kind]


def texts(d: Drawing) -> list[str]:
    return [op[3] for op in ops(d, "text")]


def text_op(d: Drawing, value: str) -> tuple:
    (op,) = [op for op in ops(d, "text") if op[3] == value]
    return op


def said(sentence: str) -> str:
    """A stand-in for the snapshot's first person, short enough to keep to one line."""
    return f"said: {sentence[:30].strip()}"


def svg_parses(d: Drawing) -> None:
    ET.fromstring(d.svg())


# -- the mood month --------------------------------------------------------------------------
def daily(rows: list[tuple]) -> pd.DataFrame:
    """(day, entries, mood_mean, low) rows as hard_days.daily gives them (days as dates)."""
    frame = pd.DataFrame(rows, columns=["day", "entries", "mood_mean", "low"])
    frame["mood_min"] = pd.array([None] * len(frame), dtype="Int32")
    frame["mood_max"] = pd.array([None] * len(frame), dtype="Int32")
    frame["support"] = False
    frame["low"] = frame["low"].astype(bool)
    return frame[["day", "entries", "mood_min", "mood_max", "mood_mean", "low", "support"]]


def squares(d: Drawing) -> list[tuple]:
    """The day squares (the legend's colour bar is one strip 16 px tall below them)."""
    return [op for op in ops(d, "rect") if op[3] == op[4]]


@pytest.mark.parametrize(
    ("mood", "colour"),
    [
        # The scale's stops are the range's own colours ...
        (1, OKABE_ITO["vermillion"]),
        (3, OKABE_ITO["orange"]),
        (5.5, OKABE_ITO["yellow"]),
        (8, OKABE_ITO["sky"]),
        (10, OKABE_ITO["blue"]),
        # ... and between them Vega mixes in HCL (its own renderer's output for these moods):
        # yellow to sky passes through green and cyan, which a mix in RGB never reaches.
        (2, "#df7f00"),
        (6, "#9fe965"),
        (7, "#00d9c7"),
        (9, "#3492ce"),
    ],
)
def test_mood_colour_is_vegas(mood: float, colour: str) -> None:
    assert mood_colour(mood) == colour.lower()


def test_mood_month_squares_by_state() -> None:
    # 1 Nov 2026 is a Sunday: the 3rd (a Tuesday) and the 5th (a Thursday) share the second
    # week row, two columns apart, with the 4th between them.
    frame = daily([(D(2026, 11, 3), 2, 8.0, False), (D(2026, 11, 4), 0, NAN, False)])
    frame = pd.concat([frame, daily([(D(2026, 11, 5), 3, 2.0, True)])], ignore_index=True)
    d = mood_calendar(frame, D(2026, 11, 3), D(2026, 11, 5))
    third, fourth, fifth = sorted(squares(d), key=lambda op: op[1])
    # A logged day is filled with its mood's colour, no border.
    assert third[5] == OKABE_ITO["sky"].lower() and third[6] is None
    # A day in the period with no entry: white, a dashed grey border.
    assert fourth[5] == "#ffffff" and fourth[6] == mc.EMPTY_STROKE and fourth[8] == (2, 2)
    # A hard day: a black border 2 px wide, whatever its mean.
    assert fifth[5] == "#df7f00" and fifth[6:8] == (OKABE_ITO["black"], 2)
    assert third[2] == fourth[2] == fifth[2]
    step = fourth[1] - third[1]
    assert fifth[1] - fourth[1] == pytest.approx(step)
    assert 18 <= step <= 30 and third[3] == pytest.approx(step - 3)
    # Every day of the month has its number; the days outside the period only that, faint.
    numbers = [
        op for op in ops(d, "text") if op[3].isdigit() and op[4] == calendars.DAY_NUMBER_SIZE
    ]
    assert sorted(int(op[3]) for op in numbers) == list(range(1, 31))
    faint = {op[3] for op in numbers if op[5] == mc.OUTSIDE_TEXT}
    assert faint == {str(n) for n in range(1, 31)} - {"3", "4", "5"}
    # The number sits in the middle of its square.
    three = text_op(d, "3")
    assert three[1] == pytest.approx(third[1] + third[3] / 2)
    assert third[2] < three[2] < third[2] + third[4]
    assert "November 2026" in texts(d)
    assert texts(d).count("M") == 1 and texts(d).count("T") == 2 and texts(d).count("S") == 2
    svg_parses(d)


def test_mood_month_dark_squares_have_white_numbers() -> None:
    frame = daily([(D(2026, 11, 10), 1, 9.5, False), (D(2026, 11, 11), 1, 4.0, False)])
    d = mood_calendar(frame, D(2026, 11, 10), D(2026, 11, 11))
    numbers = {op[3]: op[5] for op in ops(d, "text") if op[4] == calendars.DAY_NUMBER_SIZE}
    assert numbers["10"] == "#ffffff"
    assert numbers["11"] == "#222222"


def test_mood_month_long_period_shows_six_months_three_a_row() -> None:
    days = pd.date_range("2025-12-01", "2026-12-01").date
    frame = daily([(day, 1, 6.0, False) for day in days])
    d = mood_calendar(frame, D(2025, 12, 1), D(2026, 12, 1))
    names = [t for t in texts(d) if t.endswith(" 2026") or t.endswith(" 2025")]
    assert names == [f"{m} 2026" for m in ("July", "August", "September")] + [
        f"{m} 2026" for m in ("October", "November", "December")
    ]
    july, august, october = (text_op(d, f"{m} 2026") for m in ("July", "August", "October"))
    assert october[1] == july[1] and october[2] > july[2]
    assert august[2] == july[2] and august[1] > july[1]
    # 31 + 31 + 30 + 31 + 30 days, and the 1st of December: one square each.
    assert len(squares(d)) == 154
    assert all(op[1] >= 0 and op[1] + op[3] <= common.WIDTH for op in squares(d))


def test_mood_month_legend_and_words() -> None:
    frame = daily([(D(2026, 11, 3), 2, 8.0, False)])
    d = mood_calendar(frame, D(2026, 11, 3), D(2026, 11, 3), say=said)
    assert d.width == common.WIDTH
    all_text = texts(d)
    assert said(mc.TITLE) in all_text and said(mc.SUBTITLE) in all_text
    assert d.description == said(mc.DESCRIPTION)
    # The legend's words are not the snapshot's sentences: `say` leaves them alone.
    heading = text_op(d, "Mean mood of the day")
    for value in ("1", "4", "7", "10"):
        assert any(op[3] == value and op[2] > heading[2] for op in ops(d, "text"))
    strips = [op for op in ops(d, "rect") if op[2] > heading[2]]
    # Orange (low) at the left end, blue (high) at the right.
    left, right = (bytes.fromhex(strips[i][5][1:]) for i in (0, -1))
    assert left[0] > left[1] > left[2] and right[2] > right[1] > right[0]
    assert strips[-1][1] + strips[-1][3] == pytest.approx(mc.LEGEND_LENGTH, abs=0.5)
    assert d.height >= max(op[2] for op in ops(d, "text"))


def test_mood_month_without_a_mood_draws() -> None:
    empty = daily([])
    d = mood_calendar(empty, D(2026, 11, 3), D(2026, 11, 5))
    assert squares(d) == [op for op in squares(d) if op[6] == mc.EMPTY_STROKE]
    assert len(squares(d)) == 3
    # A logged day without a mean (it should not happen) gets its number, not a square.
    d = mood_calendar(daily([(D(2026, 11, 3), 1, NAN, False)]), D(2026, 11, 3), D(2026, 11, 3))
    assert squares(d) == [] and "3" in texts(d)
    svg_parses(d)


# -- the no-contact calendar -----------------------------------------------------------------
def nc_daily(first: dt.date, states: list[str]) -> pd.DataFrame:
    """metrics.nc_daily rows: one a day from `first`, in the given states."""
    n = len(states)
    return pd.DataFrame(
        {
            "day": pd.date_range(first, periods=n).astype("datetime64[us]"),
            "in_nc": [s != "not in no contact" for s in states],
            "my_contacts": [int(s == "break") for s in states],
            "breaks": [int(s == "break") for s in states],
            "urges_resisted": [int(s == "urge resisted") for s in states],
            "peeks": [int(s == "peek") for s in states],
            "state": states,
        }
    )


def nc_weekly(rows: list[tuple[str, int, int, dict[str, int]]]) -> pd.DataFrame:
    """nc_weekly rows: (week's Monday, ISO year, ISO week, its day counts)."""
    out = []
    for week, year, number, counts in rows:
        nc_days = sum(counts.values())
        out.append(
            {
                "week": pd.Timestamp(week),
                "year": year,
                "week_of_year": number,
                "days": 7,
                "nc_days": nc_days,
                "break_days": counts.get("break", 0),
                "peek_days": counts.get("peek", 0),
                "urge_days": counts.get("urge", 0),
                "clean_days": counts.get("clean", 0),
                "breaks": counts.get("break", 0),
                "urges_resisted": counts.get("urge", 0),
                "peeks": counts.get("peek", 0),
            }
        )
    columns = list(nc_weekly_columns())
    return pd.DataFrame(out, columns=columns)


def nc_weekly_columns() -> tuple[str, ...]:
    return (
        "week",
        "year",
        "week_of_year",
        "days",
        "nc_days",
        "break_days",
        "peek_days",
        "urge_days",
        "clean_days",
        "breaks",
        "urges_resisted",
        "peeks",
    )


def cells(d: Drawing) -> list[tuple]:
    """The calendar's squares: rects in a state's colour above the legend's heading."""
    heading = text_op(d, nc.CALENDAR_LEGEND)
    return [op for op in ops(d, "rect") if op[5] in STATE_COLOURS and op[2] < heading[2]]


def test_first_week_squares_stay_small_and_left() -> None:
    # Wed 25 Nov to Tue 1 Dec 2026: two weeks' columns (from Mon 23 and Mon 30 Nov).
    states = ["not in no contact", "clean", "urge resisted", "urge resisted", "break"]
    states += ["urge resisted", "clean"]
    d = no_contact_calendar(nc_daily(D(2026, 11, 25), states))
    squares = cells(d)
    assert [op[5] for op in sorted(squares, key=lambda op: (op[1], op[2]))] == [
        DAY_STATES[s] for s in states[:5]
    ] + [DAY_STATES[s] for s in states[5:]]
    xs = sorted({op[1] for op in squares})
    assert len(xs) == 2
    side = squares[0][3]
    # Square, 12 to 20 px, not stretched across the width: the rest is blank.
    assert all(op[3] == op[4] == side for op in squares) and 12 <= side <= 20
    assert max(op[1] + op[3] for op in squares) < common.WIDTH / 3
    # Wednesday 25 Nov is the third row of the first column, Monday 30 Nov the first of the
    # second; the break (Sunday) is orange.
    wednesday, monday = squares[0], squares[5]
    assert wednesday[1] == xs[0] and monday[1] == xs[1]
    assert wednesday[2] - monday[2] == pytest.approx(2 * (xs[1] - xs[0]))
    (sunday,) = [op for op in squares if op[5] == DAY_STATES["break"]]
    assert sunday[1] == xs[0] and sunday[2] > wednesday[2]
    assert DAY_STATES["break"] == OKABE_ITO["orange"]
    words = texts(d)
    for name in nc.WEEKDAYS:
        assert name in words
    assert "23 Nov 2026" in words and "30 Nov" in words and nc.DAY_AXIS in words
    assert nc.CALENDAR_SUBTITLES[True] in words
    svg_parses(d)


def test_legend_names_every_state() -> None:
    d = no_contact_calendar(nc_daily(D(2026, 11, 30), ["clean", "break"]))
    heading = text_op(d, "Day")
    below = [op[3] for op in ops(d, "text") if op[2] > heading[2]]
    assert below == list(DAY_STATES)
    swatches = [op[5] for op in ops(d, "rect") if op[2] > heading[2]]
    assert swatches == list(DAY_STATES.values())


def test_a_year_of_days_fills_the_width_readably() -> None:
    # Mon 1 Dec 2025 to Tue 1 Dec 2026: 366 days in 53 week columns.
    states = (["clean", "urge resisted", "peek", "break", "not in no contact", "clean"] * 61)[:366]
    d = no_contact_calendar(nc_daily(D(2025, 12, 1), states))
    squares = cells(d)
    assert len(squares) == 366
    assert len({op[1] for op in squares}) == 53
    side = squares[0][3]
    assert side >= 8
    assert min(op[1] for op in squares) >= 0
    assert max(op[1] + op[3] for op in squares) <= common.WIDTH
    # Small squares: every other weekday named, the weeks every few, turned.
    words = texts(d)
    assert [w for w in nc.WEEKDAYS if w in words] == ["Mon", "Wed", "Fri", "Sun"]
    labels = [op for op in ops(d, "text") if op[8] == -45]
    assert 6 <= len(labels) <= 20
    assert labels[0][3] == "01 Dec 2025"
    assert any(op[3].endswith(" 2026") for op in labels[1:])
    # Each turned label stays on the chart.
    first = labels[0]
    assert first[1] - text_width(first[3], first[4]) * 0.71 >= 0
    svg_parses(d)


def test_two_years_of_days_are_two_bands() -> None:
    states = ["clean"] * 731
    d = no_contact_calendar(nc_daily(D(2024, 12, 2), states))
    assert len(cells(d)) == 731
    assert cells(d)[0][3] >= 8
    assert texts(d).count("Mon") == 2 and texts(d).count(nc.DAY_AXIS) == 1
    years = [t for t in texts(d) if t.endswith((" 2024", " 2025", " 2026"))]
    # Each band names its first week's year.
    assert years[0] == "02 Dec 2024" and len(years) >= 3


def test_weekly_rows_are_years_and_columns_week_numbers() -> None:
    weeks = nc_weekly(
        [
            ("2024-12-23", 2024, 52, {"break": 1, "urge": 3}),
            ("2024-12-30", 2025, 1, {"peek": 1, "urge": 2, "clean": 1}),
            ("2025-01-06", 2025, 2, {}),
        ]
    )
    d = no_contact_calendar(weeks, say=str.upper)
    squares = cells(d)
    (hard,) = [op for op in squares if op[5] == DAY_STATES["break"]]
    (peek,) = [op for op in squares if op[5] == DAY_STATES["peek"]]
    (outside,) = [op for op in squares if op[5] == DAY_STATES["not in no contact"]]
    # Week 52 of 2024: the last column, the first row; weeks 1 and 2 of 2025 beneath, left.
    assert hard[1] > outside[1] > peek[1]
    assert hard[2] < peek[2] == outside[2]
    words = texts(d)
    assert nc.CALENDAR_SUBTITLES[False].upper() in words
    assert nc.YEAR_AXIS in words and nc.WEEK_AXIS in words and "Day" in words
    assert "2024" in words and "2025" in words
    assert d.description == nc.CALENDAR_DESCRIPTION.format(unit=nc.CALENDAR_UNITS[False]).upper()
    assert "ONE SQUARE PER WEEK" in d.description
    svg_parses(d)


def test_weekly_runs_of_one_state_are_one_shape() -> None:
    weeks = nc_weekly(
        [
            ("2025-01-06", 2025, 2, {"break": 1}),
            ("2025-01-13", 2025, 3, {"break": 2}),
            ("2025-01-20", 2025, 4, {"clean": 7}),
        ]
    )
    d = no_contact_calendar(weeks)
    (run,) = [op for op in cells(d) if op[5] == DAY_STATES["break"]]
    (clean,) = [op for op in cells(d) if op[5] == DAY_STATES["clean"]]
    assert run[3] == pytest.approx(2 * clean[3] - 0.2)
    assert clean[1] == pytest.approx(run[1] + run[3] - 0.2)


def test_fifty_years_of_weeks_stay_sane() -> None:
    mondays = pd.date_range("1976-11-29", "2026-11-30", freq="7D")
    iso = mondays.isocalendar()
    rows = [
        (str(day.date()), int(y), int(w), {"break": 1} if w % 3 == 0 else {})
        for day, y, w in zip(mondays, iso["year"], iso["week"], strict=True)
    ]
    d = no_contact_calendar(nc_weekly(rows))
    squares = cells(d)
    assert max(op[1] + op[3] for op in squares) <= common.WIDTH + 0.5
    assert d.height < 800
    years = [op for op in ops(d, "text") if op[3].isdigit() and len(op[3]) == 4]
    assert 10 <= len(years) < 51
    gaps = [b[2] - a[2] for a, b in zip(years, years[1:], strict=False)]
    assert min(gaps) >= 12
    # The week numbers are named a few at a time, one of them week 1.
    numbers = [op[3] for op in ops(d, "text") if op[3].isdigit() and len(op[3]) <= 2]
    assert numbers[0] == "1" and 5 <= len(numbers) <= 15
    svg_parses(d)


def test_words_pass_through_say() -> None:
    d = no_contact_calendar(
        nc_daily(D(2026, 11, 30), ["clean", "break"]),
        say=lambda s: s.replace("Your", "My").replace("your", "my").replace("you ", "I "),
    )
    assert "My no-contact calendar" in texts(d)
    assert "One square per day (days start at my day-start hour)" in texts(d)
    assert d.description.startswith("Calendar of my days, one square per day, in columns by")
    assert "an urge I resisted" in d.description


@pytest.mark.parametrize("frame", [nc_daily(D(2026, 11, 30), []), nc_weekly([])])
def test_empty_rows_draw(frame: pd.DataFrame) -> None:
    d = no_contact_calendar(frame)
    assert cells(d) == []
    assert d.height > 0 and nc.CALENDAR_TITLE in texts(d)
    svg_parses(d)
