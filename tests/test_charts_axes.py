"""Time axes of periods (issue 12, "honest on thin data"): while the weeks, months or runs drawn
are few the axis names exactly their starts, in one format, each once; past that Vega's own
ticks. Checked in the spec and in the drawing itself (vl-convert's SVG)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import pandas as pd

from dashboard import DATA_DIR, metrics
from dashboard.charts import cycles, mood, no_contact, style
from dashboard.charts import patterns as pattern_charts
from dashboard.charts.style import day_ticks, period_axis, period_ticks
from dashboard.ui import charts

X_AXIS = re.compile(r'aria-label="X-axis(.*?)role-axis-title', re.DOTALL)
SHOWN_LABEL = re.compile(r'<text[^>]*opacity="1"[^>]*>([^<]*)</text>')


@functools.cache
def _vega() -> Any:
    """vl-convert with the bundled fonts (the pages' charts name DejaVu Sans too)."""
    import vl_convert

    vl_convert.register_font_directory(str(DATA_DIR / "fonts"))
    return vl_convert


def x_labels(spec: dict[str, Any]) -> list[list[str]]:
    """The x-axis labels Vega draws (those its overlap rule leaves shown), per x axis."""
    svg = _vega().vegalite_to_svg(spec)
    return [SHOWN_LABEL.findall(axis) for axis in X_AXIS.findall(svg)]


def first_week() -> pd.DataFrame:
    """Fri 27 Nov to Thu 3 Dec 2026, all no contact: urges resisted on the 28th, 29th and
    2nd, a break on the 30th (the walk's first-week journal)."""
    days = pd.date_range("2026-11-27", "2026-12-03", freq="D")
    daily = pd.DataFrame({"day": days, "in_nc": True, "breaks": 0, "urges_resisted": 0})
    daily["peeks"] = 0
    daily.loc[[1, 2, 5], "urges_resisted"] = 1
    daily.loc[3, "breaks"] = 1
    daily["state"] = "clean"
    daily.loc[[1, 2, 5], "state"] = "urge resisted"
    daily.loc[3, "state"] = "break"
    return daily


def actions(weeks: int) -> pd.DataFrame:
    """`patterns_weekly_actions` rows: one urge resisted every week from Mon 5 Jan 2026."""
    starts = pd.date_range("2026-01-05", periods=weeks, freq="7D")
    return pd.DataFrame({"week": starts, "resisted": 1, "peeked": 0, "broke": 0})


# -- the ticks ---------------------------------------------------------------------------------
def test_few_periods_are_all_named() -> None:
    starts = pd.date_range("2026-11-23", periods=2, freq="7D")
    assert period_ticks(starts) == ((2026, 11, 23), (2026, 11, 30))
    # Repeated starts (one row per outcome), missing ones and ISO text: each day once.
    rows = ["2026-11-23T00:00:00", "2026-11-23T00:00:00", None, "2026-11-30T00:00:00"]
    assert period_ticks(rows) == ((2026, 11, 23), (2026, 11, 30))
    assert period_ticks([]) == ()


def test_more_periods_are_named_every_few_then_left_to_vega() -> None:
    # 13 weeks: ceil(13 / 6) = every 3rd from the first: weeks 0, 3, 6, 9 and 12.
    assert period_ticks(pd.date_range("2026-01-05", periods=13, freq="7D")) == (
        (2026, 1, 5),
        (2026, 1, 26),
        (2026, 2, 16),
        (2026, 3, 9),
        (2026, 3, 30),
    )
    # 24 weeks: every 4th, 6 ticks; 25 weeks: Vega's own.
    assert len(period_ticks(pd.date_range("2026-01-05", periods=24, freq="7D"))) == 6
    assert period_ticks(pd.date_range("2026-01-05", periods=25, freq="7D")) == ()


def test_the_axis_format_follows_the_unit_and_the_span() -> None:
    weeks = period_axis(((2026, 11, 23), (2026, 11, 30)), "week").to_dict()
    assert weeks["values"] == [
        {"year": 2026, "month": 11, "date": 23},
        {"year": 2026, "month": 11, "date": 30},
    ]
    assert weeks["format"] == "%d %b"
    assert period_axis(((2024, 1, 1), (2026, 1, 1)), "month").to_dict()["format"] == "%b %Y"
    # Runs 301 days apart name their year; 300 days apart do not.
    assert period_axis(((2026, 1, 1), (2026, 10, 29))).to_dict()["format"] == "%d %b %Y"
    assert period_axis(((2026, 1, 1), (2026, 10, 28))).to_dict()["format"] == "%d %b"
    assert period_axis((), "week", title="x").to_dict() == {"title": "x"}


# -- drawn on a first week ---------------------------------------------------------------------
def test_a_first_weeks_urges_against_breaks_name_its_two_weeks() -> None:
    # Fri 27 Nov is in the week of Mon 23 Nov, Thu 3 Dec in that of Mon 30 Nov.
    spec = no_contact.urges_vs_breaks(no_contact.weekly_outcomes(first_week())).to_dict()
    assert x_labels(spec) == [["23 Nov", "30 Nov"]]


def test_a_first_weeks_actions_name_its_two_weeks_on_both_panels() -> None:
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-11-23", "2026-11-30"]),
            "resisted": [2, 1],
            "peeked": [0, 0],
            "broke": [0, 1],
        }
    )
    spec = pattern_charts.weekly_actions_chart(weekly).to_dict()
    assert x_labels(spec) == [["23 Nov", "30 Nov"], ["23 Nov", "30 Nov"]]
    # The bars stand on their week's start, with room on the scale for the first and last.
    bars = spec["vconcat"][0]
    assert bars["encoding"]["x"]["field"] == "week"
    assert bars["encoding"]["x"]["scale"]["padding"] == bars["mark"]["width"] / 2 + 2


def test_a_first_weeks_runs_name_the_days_they_began() -> None:
    # Runs 27–29 Nov (ended by the break on the 30th) and 1–3 Dec (ongoing).
    streaks = metrics.streak_history(first_week())
    assert [d.day for d in pd.to_datetime(streaks["start"])] == [27, 1]
    spec = no_contact.streak_history(streaks).to_dict()
    assert x_labels(spec) == [["27 Nov", "01 Dec"]]


def test_thirteen_weeks_name_every_third_each_once() -> None:
    spec = pattern_charts.weekly_actions_chart(actions(13)).to_dict()
    expected = ["05 Jan", "26 Jan", "16 Feb", "09 Mar", "30 Mar"]
    assert x_labels(spec) == [expected, expected]


def test_long_ranges_keep_vegas_ticks_without_a_repeat() -> None:
    # 40 weeks: Vega's own ticks (its months), each label once.
    spec = pattern_charts.weekly_actions_chart(actions(40)).to_dict()
    assert "values" not in spec["vconcat"][0]["encoding"]["x"].get("axis", {})
    for labels in x_labels(spec):
        assert len(labels) >= 3 and len(set(labels)) == len(labels)


# -- the ticks are part of the shape -----------------------------------------------------------
def test_a_fed_chart_takes_its_new_periods_ticks() -> None:
    """The cache feeds new rows into a spec of the same shape: other weeks mean other ticks,
    so another shape, and the spec is Altair's own for the new rows."""
    with charts._specs_lock:
        charts._specs.clear()
        charts._shapes.clear()
    module = pattern_charts.__name__
    for weeks in (2, 3):
        got = charts._spec(module, "weekly_actions_chart", (actions(weeks),))
        assert got == pattern_charts.weekly_actions_chart(actions(weeks)).to_dict(validate=False)
        values = got["vconcat"][0]["encoding"]["x"]["axis"]["values"]
        assert len(values) == weeks
    assert len(charts._shapes) == 2
    # The same weeks with other counts are fed into the first shape.
    other = actions(3).assign(resisted=[2, 3, 4])
    got = charts._spec(module, "weekly_actions_chart", (other,))
    assert got == pattern_charts.weekly_actions_chart(other).to_dict(validate=False)
    assert len(charts._shapes) == 2
    assert style.MAX_TICKS == 6


# -- daily axes (the Mood and Cycles pages) ----------------------------------------------------
def with_width(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """The spec drawn `width` pixels wide (a phone's chart is about 358, a desktop's 700)."""
    return {**spec, "width": width}


def mood_days(first: str, days: int) -> pd.DataFrame:
    """`mood_daily` rows: one entry of mood 5 on each of `days` days from `first`."""
    period = pd.date_range(first, periods=days, freq="D")
    return pd.DataFrame({"day": period, "mean_mood": 5.0, "rolling_mean": 5.0, "entries": 1})


def test_a_short_range_names_every_day_then_every_few() -> None:
    week = pd.date_range("2026-11-27", "2026-12-03", freq="D")
    assert day_ticks(week) == (
        (2026, 11, 27),
        (2026, 11, 28),
        (2026, 11, 29),
        (2026, 11, 30),
        (2026, 12, 1),
        (2026, 12, 2),
        (2026, 12, 3),
    )
    # The range counts, not the days with data; every column given counts, in any form.
    assert day_ticks(["2026-11-27T00:00:00"], [pd.Timestamp("2026-12-03"), None]) == day_ticks(week)
    # 8 days: ceil(8 / 7) = every 2nd from the first: 27, 29 Nov, 1 and 3 Dec.
    assert day_ticks(pd.date_range("2026-11-27", periods=8)) == (
        (2026, 11, 27),
        (2026, 11, 29),
        (2026, 12, 1),
        (2026, 12, 3),
    )
    # 42 days: every 6th, 1 Nov to 7 Dec; 43 days: Vega's own. No date: Vega's own.
    six = day_ticks(pd.date_range("2026-11-01", periods=42))
    assert six[0] == (2026, 11, 1) and six[1] == (2026, 11, 7) and six[-1] == (2026, 12, 7)
    assert len(six) == 7
    assert day_ticks(pd.date_range("2026-11-01", periods=43)) == ()
    assert day_ticks([None], []) == ()


def test_a_first_weeks_mood_names_its_days_in_one_format() -> None:
    spec = mood.daily_mood(mood_days("2026-11-27", 7)).to_dict()
    seven = ["27 Nov", "28 Nov", "29 Nov", "30 Nov", "01 Dec", "02 Dec", "03 Dec"]
    assert x_labels(with_width(spec, 700)) == [seven]
    # On a phone Vega's overlap rule leaves every other one, each once.
    assert x_labels(with_width(spec, 358)) == [["27 Nov", "29 Nov", "01 Dec", "03 Dec"]]
    # Only the days logged (27 Nov and 3 Dec): the days between are still named.
    ends = mood_days("2026-11-27", 7).iloc[[0, 6]]
    assert x_labels(with_width(mood.daily_mood(ends).to_dict(), 700)) == [seven]


def test_three_weeks_of_mood_name_every_third_day() -> None:
    # 21 days from Mon 5 Jan: ceil(21 / 7) = 3, so 5, 8, 11, ... 23 Jan, seven labels.
    spec = mood.daily_mood(mood_days("2026-01-05", 21)).to_dict()
    expected = ["05 Jan", "08 Jan", "11 Jan", "14 Jan", "17 Jan", "20 Jan", "23 Jan"]
    assert x_labels(with_width(spec, 700)) == [expected]


def ten_years_weekly() -> pd.DataFrame:
    """`mood_weekly` rows: 522 weeks from Mon 4 Jan 2016 (past two years the chart is weekly)."""
    weeks = pd.date_range("2016-01-04", periods=522, freq="7D")
    return pd.DataFrame({"week": weeks, "mean_mood": 5.0, "rolling_mean": 5.0, "entries": 7})


def test_ten_years_of_mood_keep_vegas_yearly_ticks() -> None:
    spec = mood.daily_mood(ten_years_weekly()).to_dict()
    assert "values" not in spec["layer"][0]["encoding"]["x"].get("axis", {})
    (labels,) = x_labels(with_width(spec, 700))
    assert len(labels) >= 5 and len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"20[12]\d", label) for label in labels)


FIRST_WEEK_SEGMENTS = pd.DataFrame(
    {
        "state": ["apart"],
        "start_on": pd.to_datetime(["2026-11-26"]),
        "end_on": pd.to_datetime([None]),
        "open": [True],
        "days": [8],
    }
)
FIRST_WEEK_MILESTONES = pd.DataFrame(
    {
        "on": pd.to_datetime(["2026-11-26", "2026-11-27"]),
        "kind": ["breakup", "no_contact_start"],
        "title": ["", ""],
    }
)


def first_week_mood() -> pd.DataFrame:
    """`cycles_mood` rows by day: 27 Nov to 3 Dec."""
    days = pd.date_range("2026-11-27", "2026-12-03", freq="D")
    moods = [3.0, 4.0, 4.0, 2.0, 5.0, 5.0, 6.0]
    return pd.DataFrame(
        {"period_start": days, "entries": 1, "mean_mood": moods, "min_mood": moods}
    ).assign(max_mood=moods)


def test_a_first_weeks_timeline_names_every_other_day_on_both_panels() -> None:
    # The breakup on Thu 26 Nov, apart through Thu 3 Dec: 8 days, every 2nd from the 26th.
    spec = cycles.timeline_chart(
        FIRST_WEEK_SEGMENTS, FIRST_WEEK_MILESTONES, first_week_mood(), dt.date(2026, 12, 3)
    ).to_dict()
    expected = ["26 Nov", "28 Nov", "30 Nov", "02 Dec"]
    assert x_labels(spec) == [expected, expected]


def test_a_first_weeks_milestones_name_their_two_days() -> None:
    spec = cycles.milestones_chart(FIRST_WEEK_MILESTONES).to_dict()
    assert x_labels(with_width(spec, 300)) == [["26 Nov", "27 Nov"]]


def test_ten_years_of_cycles_keep_vegas_yearly_ticks() -> None:
    starts = pd.to_datetime(["2016-03-01", "2019-06-01", "2020-01-10", "2024-02-01"])
    segments = pd.DataFrame(
        {
            "state": ["together", "apart", "together", "apart"],
            "start_on": starts,
            "end_on": list(starts[1:]) + [pd.NaT],
            "open": [False, False, False, True],
            "days": [1187, 223, 1483, 1036],
        }
    )
    milestones = FIRST_WEEK_MILESTONES.assign(on=pd.to_datetime(["2019-06-01", "2024-02-01"]))
    weekly = ten_years_weekly()[["week", "entries", "mean_mood"]]
    mood_weeks = weekly.rename(columns={"week": "period_start"}).assign(min_mood=5, max_mood=5)
    spec = cycles.timeline_chart(segments, milestones, mood_weeks, dt.date(2026, 1, 1)).to_dict()
    drawn = x_labels(spec)
    assert len(drawn) == 2
    for labels in drawn:
        assert len(labels) >= 5 and len(set(labels)) == len(labels)
        assert all(re.fullmatch(r"20[12]\d", label) for label in labels)


def test_a_fed_daily_mood_chart_takes_its_new_days_ticks() -> None:
    with charts._specs_lock:
        charts._specs.clear()
        charts._shapes.clear()
    for first in ("2026-11-27", "2026-11-28"):
        got = charts._spec(mood.__name__, "daily_mood", (mood_days(first, 7),))
        assert got == mood.daily_mood(mood_days(first, 7)).to_dict(validate=False)
        values = got["layer"][0]["encoding"]["x"]["axis"]["values"]
        assert values[0] == {"year": 2026, "month": 11, "date": int(first[-2:])}
    assert len(charts._shapes) == 2
