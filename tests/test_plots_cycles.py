"""The snapshot's native drawings of the Cycles charts (dashboard/snapshot/plots/cycles.py):
"Together and apart" with the mood beneath, and the milestones alone."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from dashboard.snapshot.drawing import text_width
from dashboard.snapshot.plots import cycles as plots

PURPLE, SKY, BLUE, BLACK = "#CC79A7", "#56B4E9", "#0072B2", "#000000"
UNTIL = dt.date(2026, 1, 20)
# The timeline's time axis runs from 26 to 534 pixels (26 px kept at each end, as the page's
# chart pads its scale); 1–20 January is 20 days of 508 / 20 = 25.4 pixels.
DAY = 25.4


def _segments(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    """Together/apart stretches as the section gives them: (state, first day, end day or None
    for the stretch still going)."""
    return pd.DataFrame(
        {
            "state": [r[0] for r in rows],
            "start_on": pd.to_datetime([r[1] for r in rows]),
            "end_on": pd.to_datetime([r[2] for r in rows]),
            "days": [10] * len(rows),
            "open": [r[2] is None for r in rows],
        }
    )


def _milestones(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "on": pd.to_datetime([r[0] for r in rows]),
            "kind": pd.Series([r[1] for r in rows], dtype=object),
            "title": pd.Series([r[2] for r in rows], dtype=object),
        }
    )


def _mood(starts: list[str] | pd.DatetimeIndex, means: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period_start": pd.to_datetime(starts),
            "entries": [1] * len(means),
            "mean_mood": means,
            "min_mood": [1] * len(means),
            "max_mood": [9] * len(means),
        }
    )


NO_MILESTONES = _milestones()
NO_MOOD = _mood([], [])
STRETCHES = _segments(("together", "2026-01-01", "2026-01-11"), ("apart", "2026-01-11", None))


def _ops(d, kind: str) -> list[tuple]:
    return [op for op in d.ops if op[0] == kind]


def _texts(d) -> list[str]:
    return [op[3] for op in _ops(d, "text")]


def _marks(d, kind: str = "polygon") -> list[tuple]:
    """The milestones' shapes on the chart (the legend draws its shapes solid)."""
    return [op for op in _ops(d, kind) if op[-1] < 1]


def _bars(d) -> list[tuple]:
    """The together/apart bars (the legend's squares are 9 pixels high)."""
    return [op for op in _ops(d, "rect") if op[4] == 18]


def _centre(points) -> tuple[float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _assert_well_formed(d) -> None:
    ET.fromstring(d.svg())
    assert d.width == 560
    assert d.description
    lows = [op[2] for op in _ops(d, "text")] + [op[2] + op[4] for op in _ops(d, "rect")]
    assert max(lows) <= d.height + 0.01


# -- together and apart -------------------------------------------------------------------------
def test_stretches_are_bars_in_their_colours_from_their_first_day_to_their_end() -> None:
    d = plots.timeline(STRETCHES, NO_MILESTONES, NO_MOOD, UNTIL)
    (together, apart) = _bars(d)
    # Together 1–10 January: ten days from the axis's start.
    assert together[1] == pytest.approx(26)
    assert together[3] == pytest.approx(10 * DAY)
    assert together[5] == PURPLE
    # Apart from 11 January, still going: through the last day, 20 January, to the axis's end.
    assert apart[1] == pytest.approx(26 + 10 * DAY)
    assert apart[1] + apart[3] == pytest.approx(534)
    assert apart[5] == SKY
    assert together[2] == apart[2]  # on one lane
    _assert_well_formed(d)


def test_without_mood_the_panel_is_left_out_and_the_words_say_so() -> None:
    d = plots.timeline(STRETCHES, NO_MILESTONES, NO_MOOD, UNTIL)
    texts = _texts(d)
    assert texts[0] == "Together and apart"
    assert "Mood (1–10)" not in texts
    assert not _ops(d, "polyline") and not _ops(d, "circle")
    assert d.description == (
        "Timeline of the stretches you were together and apart, with each milestone marked on it."
    )
    # Mood rows without a mean (NaN) are no mood either.
    nan = plots.timeline(STRETCHES, NO_MILESTONES, _mood(["2026-01-03"], [math.nan]), UNTIL)
    assert "Mood (1–10)" not in _texts(nan)


def test_lane_names_legend_and_axis_words() -> None:
    marks = _milestones(("2026-01-11", "breakup", "We broke up"))
    d = plots.timeline(STRETCHES, marks, NO_MOOD, UNTIL)
    texts = _texts(d)
    assert "Milestones" in texts and "Together or apart" in texts
    assert "Therapy" not in texts  # no session: no lane for them
    assert texts.count("Date") == 1
    for word in ("Period", "Together", "Apart", "Milestone", "Breakup"):
        assert word in texts
    # The legend names the kinds in this period only.
    assert "No contact started" not in texts and "The talk" not in texts
    # The lane's name is written above it.
    name_y = next(op[2] for op in _ops(d, "text") if op[3] == "Together or apart")
    assert name_y < _bars(d)[0][2]


def test_the_mood_panel_beneath_points_per_day_and_higher_mood_drawn_higher() -> None:
    mood = _mood(["2026-01-02", "2026-01-03", "2026-01-04"], [2.0, math.nan, 8.0])
    d = plots.timeline(STRETCHES, NO_MILESTONES, mood, UNTIL)
    texts = _texts(d)
    assert texts[0] == "Together and apart, with your mood beneath"
    assert "Mood (1–10)" in texts and texts.count("Date") == 2
    assert d.description.endswith(
        ", and beneath it a line of your mean mood on the 1 to 10 scale on the same dates."
    )
    # One point per day with a mean (the NaN day has none), in the middle of its day.
    low, high = _ops(d, "circle")
    assert low[1] == pytest.approx(26 + 1.5 * DAY)
    assert high[1] == pytest.approx(26 + 3.5 * DAY)
    assert low[4] == high[4] == BLUE
    assert high[2] < low[2]
    # 2 and 8 of the 1–10 scale, on the panel's 140 pixels.
    assert low[2] - high[2] == pytest.approx(140 * 6 / 9)
    (line,) = _ops(d, "polyline")
    assert line[2] == BLUE and len(line[1]) == 2
    # The panel is beneath the bars.
    assert min(low[2], high[2]) > _bars(d)[0][2]
    # The mood scale's numbers sit inside the panel's left edge.
    for label in ("2", "4", "6", "8", "10"):
        assert next(op for op in _ops(d, "text") if op[3] == label)[1] == 2
    _assert_well_formed(d)


def test_many_periods_draw_a_line_without_points() -> None:
    weeks = pd.date_range("2017-01-02", "2026-11-30", freq="7D")
    mood = _mood(weeks, list(np.linspace(3, 8, len(weeks))))
    seg = _segments(("apart", "2017-01-01", "2020-01-01"), ("together", "2020-01-01", None))
    d = plots.timeline(seg, NO_MILESTONES, mood, dt.date(2026, 12, 1))
    assert not _ops(d, "circle")
    (line,) = _ops(d, "polyline")
    assert len(line[1]) == len(weeks)
    # Ten years are labelled by their years.
    texts = _texts(d)
    assert "2018" in texts and "2024" in texts
    assert "Jan" not in texts


def test_a_milestone_is_its_kinds_shape_on_its_day() -> None:
    marks = _milestones(
        ("2026-01-11", "breakup", "We broke up"),
        ("2026-01-12", "no_contact_start", "No contact"),
        ("2026-01-14", "reconnected", "They wrote"),
        ("2026-01-15", "first_meetup", "Coffee"),
    )
    d = plots.timeline(STRETCHES, marks, NO_MOOD, UNTIL)
    r = math.sqrt(110) / 2  # Vega's symbol of area 110 px² fits a square of side √110
    lane_y = _centre(_marks(d)[0][1])[1]
    # The breakup: a triangle pointing down, in the middle of 11 January.
    breakup = _marks(d)[0]
    assert len(breakup[1]) == 3
    assert _centre(breakup[1])[0] == pytest.approx(26 + 10.5 * DAY)
    tip = max(breakup[1], key=lambda p: p[1])
    assert tip[0] == pytest.approx(26 + 10.5 * DAY)  # the lowest point is the tip, centred
    assert breakup[2] == BLACK and breakup[3] == 0.85
    # No contact started: a square; reconnected: a circle; first meetup: a diamond.
    (square,) = _marks(d, "rect")
    assert square[3] == pytest.approx(2 * r) and square[1] + r == pytest.approx(26 + 11.5 * DAY)
    (circle,) = _marks(d, "circle")
    assert circle[1] == pytest.approx(26 + 13.5 * DAY) and circle[3] == pytest.approx(r)
    diamond = _marks(d)[1]
    assert len(diamond[1]) == 4
    assert _centre(diamond[1]) == pytest.approx((26 + 14.5 * DAY, lane_y))
    # Every mark above the bars.
    assert lane_y < _bars(d)[0][2]


def test_therapy_sessions_are_small_and_light_on_their_own_lane() -> None:
    marks = _milestones(
        ("2026-01-05", "therapy_session", "Session"), ("2026-01-11", "breakup", "Broke up")
    )
    d = plots.timeline(STRETCHES, marks, NO_MOOD, UNTIL)
    session, breakup = _marks(d)
    assert session[3] == 0.45 and breakup[3] == 0.85
    # A triangle pointing right, of area 45 px² rather than 110.
    width = max(p[0] for p in session[1]) - min(p[0] for p in session[1])
    assert width == pytest.approx(math.sqrt(3) / 2 * math.sqrt(45))
    # Lanes top to bottom: milestones, therapy, together or apart.
    assert _centre(breakup[1])[1] < _centre(session[1])[1] < _bars(d)[0][2]
    texts = _texts(d)
    assert texts.index("Milestones") < texts.index("Therapy") < texts.index("Together or apart")
    assert "Therapy session" in texts


def test_an_unknown_kind_is_other_and_a_milestone_title_is_never_drawn() -> None:
    long_title = "A very long title about the day we met again at the station 🚉 " * 10
    marks = _milestones(("2026-01-15", "something_new", long_title))
    d = plots.timeline(STRETCHES, marks, NO_MOOD, UNTIL)
    assert "Other" in _texts(d)
    assert not any("station" in t for t in _texts(d))
    for op in _ops(d, "text"):
        assert text_width(op[3], op[4], op[6]) <= 560
    _assert_well_formed(d)


def test_say_turns_the_title_and_description_but_not_the_axes_and_legend() -> None:
    mood = _mood(["2026-01-02"], [5.0])
    d = plots.timeline(STRETCHES, NO_MILESTONES, mood, UNTIL, say=str.upper)
    texts = _texts(d)
    assert texts[0] == "TOGETHER AND APART, WITH YOUR MOOD BENEATH"
    assert d.description.startswith("TIMELINE OF THE STRETCHES")
    assert "Date" in texts and "Mood (1–10)" in texts and "Together" in texts


def test_a_first_week_names_its_days() -> None:
    seg = _segments(("apart", "2026-11-25", None))
    marks = _milestones(
        ("2026-11-25", "breakup", "We broke up"), ("2026-11-26", "no_contact_start", "NC")
    )
    days = pd.date_range("2026-11-25", "2026-12-01")
    d = plots.timeline(seg, marks, _mood(days, [2, 3, 3, 4, 2, 4, 5]), dt.date(2026, 12, 1))
    texts = _texts(d)
    assert "25 Nov" in texts and "1 Dec" in texts
    # Seven days of 508 / 7 pixels; each day's label under its middle.
    label = next(op for op in _ops(d, "text") if op[3] == "25 Nov")
    assert label[1] == pytest.approx(26 + 508 / 7 / 2)
    assert len(_ops(d, "circle")) == 7
    (bar,) = _bars(d)
    assert bar[1] == pytest.approx(26) and bar[3] == pytest.approx(508)


@pytest.mark.parametrize(
    "segments, milestones, mood",
    [
        (_segments(), NO_MILESTONES, NO_MOOD),
        (_segments(), NO_MILESTONES, _mood(["2026-01-05"], [6.0])),
        (_segments(("apart", "2026-01-20", None)), NO_MILESTONES, NO_MOOD),
        (_segments(), _milestones(("2026-01-03", "breakup", "")), NO_MOOD),
    ],
)
def test_empty_ish_frames_draw_without_error(segments, milestones, mood) -> None:
    d = plots.timeline(segments, milestones, mood, UNTIL)
    _assert_well_formed(d)
    if not mood.empty:
        # A single period: a point, as there is no line to draw.
        assert len(_ops(d, "circle")) == 1


# -- the milestones alone -----------------------------------------------------------------------
def test_milestones_alone_on_their_lanes_with_the_legend() -> None:
    marks = _milestones(
        ("2026-03-01", "breakup", "Broke up"),
        ("2026-03-08", "therapy_session", "Session"),
        ("2026-03-15", "decided_to_move_on", "Moving on"),
    )
    d = plots.milestones(marks)
    texts = _texts(d)
    assert texts[0] == "Your milestones"
    assert d.description == (
        "Timeline of your milestones, each marked on its date with a shape for its kind."
    )
    for word in ("Timeline", "Milestones", "Therapy", "Date", "Milestone", "Breakup"):
        assert word in texts
    assert "Therapy session" in texts and "Decided to move on" in texts
    assert "Together" not in texts  # no together/apart stretch in this chart
    breakup, session, moving_on = _marks(d)
    # A later day further right; a session on the lane beneath.
    assert _centre(breakup[1])[0] < _centre(session[1])[0] < _centre(moving_on[1])[0]
    assert _centre(breakup[1])[1] == _centre(moving_on[1])[1] < _centre(session[1])[1]
    # Decided to move on: a triangle pointing left (its tip, the leftmost point, is centred).
    tip = min(moving_on[1], key=lambda p: p[0])
    assert tip[1] == pytest.approx(_centre(moving_on[1])[1])
    _assert_well_formed(d)


def test_milestones_alone_say_and_empty() -> None:
    one = plots.milestones(_milestones(("2026-03-01", "the_talk", "Talk")), say=str.upper)
    assert _texts(one)[0] == "YOUR MILESTONES"
    assert one.description.startswith("TIMELINE OF YOUR MILESTONES")
    assert "The talk" in _texts(one) and "Timeline" in _texts(one)
    # The talk: a cross of twelve corners.
    (cross,) = _marks(one)
    assert len(cross[1]) == 12
    _assert_well_formed(one)
    empty = plots.milestones(_milestones())
    assert _texts(empty) == ["Your milestones"]
    _assert_well_formed(empty)
