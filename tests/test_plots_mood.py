"""The snapshot's native "Mood over time" (snapshot/plots/mood) on hand-made frames of the
shape mood.trend gives (mood_daily.sql / mood_weekly.sql) and of marks.thin(marks_frame(...))."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dashboard.charts.style import OKABE_ITO
from dashboard.snapshot.drawing import Drawing
from dashboard.snapshot.plots import common
from dashboard.snapshot.plots.mood import daily_mood

D = dt.date
NAN = float("nan")
SKY, BLUE = OKABE_ITO["sky"], OKABE_ITO["blue"]


def daily(rows: list[tuple]) -> pd.DataFrame:
    """(day, mean_mood, rolling_mean) rows as mood_daily.sql gives them (days as date-times)."""
    frame = pd.DataFrame(rows, columns=["day", "mean_mood", "rolling_mean"])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["entries"] = 1
    return frame[["day", "mean_mood", "entries", "rolling_mean"]]


def weekly(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["week", "mean_mood", "rolling_mean"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["days_logged"] = 7
    frame["entries"] = 7
    return frame[["week", "mean_mood", "days_logged", "entries", "rolling_mean"]]


def marks(rows: list[tuple[dt.date, str]]) -> pd.DataFrame:
    """Marks as marks_frame writes them: `day` as naive ISO text, `what` the kind."""
    return pd.DataFrame(
        [(f"{day.isoformat()}T00:00:00", what) for day, what in rows], columns=["day", "what"]
    )


def ops(d: Drawing, kind: str) -> list[tuple]:
    return [op for op in d.ops if op[0] == kind]


def texts(d: Drawing) -> list[str]:
    return [op[3] for op in ops(d, "text")]


def dots(d: Drawing) -> list[tuple]:
    """The mood's dots (the legend's sky circle is opaque)."""
    return [op for op in ops(d, "circle") if op[4] == SKY and op[5] < 1]


def plot_box(d: Drawing) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of the plot, read off its two axis lines."""
    x_line = next(op for op in ops(d, "line") if op[2] == op[4] and op[3] - op[1] > 100)
    y_line = next(op for op in ops(d, "line") if op[1] == op[3] and op[4] - op[2] > 100)
    return x_line[1], x_line[3], y_line[2], y_line[4]


def x_labels(d: Drawing, bottom: float) -> list[tuple[float, str]]:
    """The time axis's labels: not bold, just below the plot."""
    return [
        (op[1], op[3])
        for op in ops(d, "text")
        if not op[6] and bottom + 8 < op[2] < bottom + 25 and op[8] == 0
    ]


WEEK = daily(
    [
        (D(2026, 11, 25), 2.0, 2.0),
        (D(2026, 11, 26), 3.0, 2.5),
        (D(2026, 11, 27), 3.0, 2.667),
        (D(2026, 11, 28), 4.0, 3.0),
        (D(2026, 11, 29), 2.0, 2.8),
        (D(2026, 11, 30), 4.0, 3.0),
        (D(2026, 12, 1), 5.0, 3.286),
    ]
)


def test_a_dot_for_each_day_with_a_mood() -> None:
    df = daily([(D(2026, 3, 2), 5.0, 5.0), (D(2026, 3, 3), NAN, 5.0), (D(2026, 3, 4), 8.0, 6.5)])
    d = daily_mood(df)
    found = dots(d)
    assert len(found) == 2
    # Vega's circle of size 36 is 36 px² in area; the page's opacity.
    assert all(math.isclose(op[3], math.sqrt(36 / math.pi)) for op in found)
    assert all(op[5] == 0.7 for op in found)


def test_dots_stand_on_their_days_and_moods() -> None:
    # Three days over the plot: a third of its width each, the dots at their middles.
    df = daily([(D(2026, 3, 2), 1.0, 1.0), (D(2026, 3, 3), 5.5, 3.0), (D(2026, 3, 4), 10.0, 5.0)])
    d = daily_mood(df)
    left, right, top, bottom = plot_box(d)
    assert math.isclose(bottom - top, 280)
    (x1, y1), (x2, y2), (x3, y3) = [(op[1], op[2]) for op in dots(d)]
    third = (right - left) / 3
    assert math.isclose(x1, left + third / 2)
    assert math.isclose(x2, (left + right) / 2)
    assert math.isclose(x3, right - third / 2)
    # 1 is the bottom of the fixed 1–10 scale, 10 its top, 5.5 halfway: higher is higher.
    assert math.isclose(y1, bottom)
    assert math.isclose(y2, (top + bottom) / 2)
    assert math.isclose(y3, top)


def test_rolling_mean_is_a_three_pixel_line_over_the_dots() -> None:
    d = daily_mood(WEEK)
    (line,) = ops(d, "polyline")
    assert line[2] == BLUE and line[3] == 3
    assert len(line[1]) == 7
    # The line is drawn after the dots (on top of them, as the page layers it).
    assert d.ops.index(line) > d.ops.index(dots(d)[-1])
    # Its points are the days' middles, the same x as the dots.
    assert [p[0] for p in line[1]] == pytest.approx([op[1] for op in dots(d)])


def test_line_breaks_where_the_rolling_mean_is_missing() -> None:
    days = [D(2026, 3, i) for i in range(1, 8)]
    rolling = [5.0, 6.0, NAN, 7.0, 7.5, NAN, 4.0]
    d = daily_mood(daily([(day, 5.0, r) for day, r in zip(days, rolling, strict=True)]))
    lines = ops(d, "polyline")
    assert [len(op[1]) for op in lines] == [2, 2]
    # Nothing joins day 2 to day 4 across the gap.
    assert lines[0][1][-1][0] < lines[1][1][0][0]
    # The lone last value still shows, as a dot of the line's width in the line's colour.
    lone = [op for op in ops(d, "circle") if op[4] == BLUE]
    assert len(lone) == 1 and lone[0][3] == 1.5
    assert math.isclose(lone[0][1], dots(d)[-1][1])


def test_a_first_week_names_each_day() -> None:
    d = daily_mood(WEEK)
    _, _, _, bottom = plot_box(d)
    labels = x_labels(d, bottom)
    assert [t for _, t in labels] == [
        "25 Nov",
        "26 Nov",
        "27 Nov",
        "28 Nov",
        "29 Nov",
        "30 Nov",
        "1 Dec",
    ]
    # Each label sits under its day's dot.
    assert [x for x, _ in labels] == pytest.approx([op[1] for op in dots(d)])
    assert "Day" in texts(d)
    assert "Daily mean" in texts(d) and "7-day mean" in texts(d)


def test_one_year_names_month_starts_with_the_year() -> None:
    days = pd.date_range("2025-12-01", "2026-12-01", freq="D")
    df = daily([(day, 6.0, 6.0) for day in days])
    d = daily_mood(df)
    _, _, _, bottom = plot_box(d)
    labels = [t for _, t in x_labels(d, bottom)]
    # 13 month starts, about eight labels fit: every other month, the year on January.
    assert labels == ["Jan 2026", "Mar", "May", "Jul", "Sep", "Nov"]


def test_weekly_frame_draws_weeks() -> None:
    df = weekly([(D(2026, 3, 2), 4.0, 4.0), (D(2026, 3, 9), 6.0, 5.0)])
    d = daily_mood(df)
    left, right, _, _ = plot_box(d)
    assert "Week" in texts(d) and "Day" not in texts(d)
    assert "Weekly mean" in texts(d) and "4-week mean" in texts(d)
    assert "Each dot is a week's mean; the line smooths it" in texts(d)
    assert "week's mean mood and a line for the 4-week mean" in d.description
    # Two weeks are fourteen days across the plot; each dot at the middle of its seven.
    first, second = (op[1] for op in dots(d))
    assert math.isclose(first, left + (right - left) / 4)
    assert math.isclose(second, left + 3 * (right - left) / 4)


def test_ten_years_of_weeks_name_every_other_year() -> None:
    weeks = pd.date_range("2016-11-28", "2026-11-30", freq="W-MON")
    d = daily_mood(weekly([(w, 6.0, 6.0) for w in weeks]))
    _, _, _, bottom = plot_box(d)
    labels = [t for _, t in x_labels(d, bottom)]
    # Ten January firsts (2017–2026), about eight labels fit: every second year.
    assert labels == ["2018", "2020", "2022", "2024", "2026"]
    assert all(x <= common.WIDTH for x, _ in x_labels(d, bottom))


def test_words_go_through_say_but_guides_do_not() -> None:
    d = daily_mood(WEEK, marks([(D(2026, 11, 26), "Milestone")]), say=str.upper)
    words = texts(d)
    assert "MOOD OVER TIME" in words
    assert "EACH DOT IS A DAY'S MEAN; THE LINE SMOOTHS IT" in words
    assert d.description == d.description.upper() and "7-DAY MEAN" in d.description
    for guide in ("Mood (1–10)", "Day", "Daily mean", "7-day mean", "Marked", "Milestone"):
        assert guide in words


def test_marks_rules_dashes_and_triangles() -> None:
    d = daily_mood(
        WEEK,
        marks(
            [
                (D(2026, 11, 25), "Milestone"),
                (D(2026, 11, 27), "Therapy session"),
                (D(2026, 11, 29), "Day with a break"),
            ]
        ),
    )
    _, _, top, bottom = plot_box(d)
    xs = [op[1] for op in dots(d)]
    rules = [op for op in ops(d, "line") if op[8] < 1]
    assert [op[1:5] for op in rules] == [
        pytest.approx((xs[0], top, xs[0], bottom)),
        pytest.approx((xs[2], top, xs[2], bottom)),
    ]
    assert [op[5:] for op in rules] == [
        (OKABE_ITO["black"], 1.2, None, 0.55),
        (OKABE_ITO["purple"], 1.2, (3.0, 3.0), 0.55),
    ]
    (triangle,) = [op for op in ops(d, "polygon") if op[3] < 1]
    points, fill, opacity = triangle[1:]
    assert fill == OKABE_ITO["vermillion"] and opacity == 0.9
    # Pointing up, on the day of the break, astride mood 1 (the plot's bottom).
    apex = min(points, key=lambda p: p[1])
    assert math.isclose(apex[0], xs[4])
    assert apex[1] < bottom < max(p[1] for p in points)
    # Marks lie beneath the mood: drawn before the first dot.
    assert d.ops.index(triangle) < d.ops.index(dots(d)[0])
    words = texts(d)
    heading = words.index("Marked")
    assert words[heading + 1 :] == ["Milestone", "Therapy session", "Day with a break"]


def test_marked_legend_lists_only_the_kinds_present() -> None:
    d = daily_mood(WEEK, marks([(D(2026, 11, 28), "Therapy session")]))
    words = texts(d)
    assert "Therapy session" in words
    assert "Milestone" not in words and "Day with a break" not in words
    # No marks at all: no second legend.
    assert "Marked" not in texts(daily_mood(WEEK, marks([])))
    assert "Marked" not in texts(daily_mood(WEEK))


def test_a_mark_before_the_first_mood_widens_the_axis() -> None:
    df = daily([(D(2026, 3, 3), 5.0, 5.0), (D(2026, 3, 4), 6.0, 5.5)])
    d = daily_mood(df, marks([(D(2026, 3, 1), "Milestone")]))
    left, right, _, _ = plot_box(d)
    quarter = (right - left) / 4  # 1 to 4 March
    (rule,) = [op for op in ops(d, "line") if op[8] == 0.55]
    assert math.isclose(rule[1], left + quarter / 2)
    assert math.isclose(dots(d)[0][1], left + 2.5 * quarter)


def test_one_row_and_an_empty_frame_draw() -> None:
    one = daily_mood(daily([(D(2026, 3, 3), 4.0, 4.0)]))
    assert len(dots(one)) == 1
    assert not ops(one, "polyline")
    left, right, _, _ = plot_box(one)
    assert math.isclose(dots(one)[0][1], (left + right) / 2)
    empty = daily_mood(daily([]))
    assert not dots(empty) and not ops(empty, "polyline")
    assert "Mood over time" in texts(empty)
    for d in (one, empty):
        assert d.width == common.WIDTH
        assert d.height > 280


def test_height_and_svg() -> None:
    d = daily_mood(
        WEEK, marks([(D(2026, 11, 26), "Milestone"), (D(2026, 11, 29), "Day with a break")])
    )
    lowest = max(op[2] for op in ops(d, "text"))
    assert lowest < d.height <= lowest + 20
    assert d.description.startswith("Dots and a line of your mood")
    root = ET.fromstring(d.svg())
    assert root.tag.endswith("svg")
