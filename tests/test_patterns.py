"""Pure functions of dashboard/patterns.py on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import patterns
from dashboard.patterns import RiskWindow
from dashboard.sections.patterns import RelapseCounts, relapse_figures

D = dt.date
FRI, SAT, SUN, MON, TUE, WED, THU = 5, 6, 7, 1, 2, 3, 4


def grid_of(cells: list[tuple[int, int, int]], day_start_hour: int = 4) -> pd.DataFrame:
    frame = pd.DataFrame(cells, columns=["weekday", "hour", "breaks"])
    return patterns.heatmap_grid(frame, day_start_hour)


# -- heatmap grid ------------------------------------------------------------------------------
def test_heatmap_grid_fills_all_168_cells_in_tracking_order():
    grid = grid_of([(FRI, 23, 3), (SAT, 1, 1)])
    assert len(grid) == 168
    assert grid["breaks"].sum() == 4
    friday = grid[grid["weekday"] == FRI]
    # The day starts at 04:00, so 04:00 is the first slot and 03:00 the last.
    assert list(friday["hour"])[:2] == [4, 5]
    assert list(friday["hour"])[-1] == 3
    cell = grid[(grid["weekday"] == FRI) & (grid["hour"] == 23)].iloc[0]
    # 23:00 is slot 23 − 4 = 19; 3 of 4 breaks.
    assert (cell["slot"], cell["breaks"], cell["share"], cell["hour_label"]) == (
        19,
        3,
        0.75,
        "23:00",
    )
    assert cell["weekday_name"] == "Friday"


def test_heatmap_grid_of_nothing_has_zero_shares():
    grid = grid_of([])
    assert len(grid) == 168
    assert grid["breaks"].sum() == 0 and grid["share"].sum() == 0


# -- risk window -------------------------------------------------------------------------------
def test_risk_window_two_weekend_nights():
    # 9 breaks: Fri 23h ×3, Sat 00h ×1, Sat 23h ×2, and one each Mon 9h, Tue 14h, Wed 10h.
    # Half of 9 rounds up to 5. No single cell holds 5 (max 3); of the 2-cell windows only
    # Friday + Saturday at 23h does (3 + 2); Fri 23–01 holds 3 and Sat 23–01 holds 3.
    grid = grid_of(
        [(FRI, 23, 3), (SAT, 0, 1), (SAT, 23, 2), (MON, 9, 1), (TUE, 14, 1), (WED, 10, 1)]
    )
    window = patterns.risk_window(grid, 4)
    assert window == RiskWindow(weekdays=(FRI, SAT), start_hour=23, hours=1, breaks=5, total=9)
    # 5 / 9 = 55.6% -> 56%.
    assert patterns.describe_risk_window(window, 9) == (
        "Friday and Saturday 23:00–00:00 hold 56% of your breaks (5 of 9)."
    )


def test_risk_window_wraps_round_the_week():
    # Sun 22h ×2, Mon 22h ×2, Wed 12h ×1: need 3 of 5; Sunday + Monday at 22h hold 4.
    grid = grid_of([(SUN, 22, 2), (MON, 22, 2), (WED, 12, 1)])
    window = patterns.risk_window(grid, 4)
    assert (window.weekdays, window.start_hour, window.hours, window.breaks) == ((7, 1), 22, 1, 4)
    assert patterns.describe_risk_window(window, 5) == (
        "Sunday and Monday 22:00–23:00 hold 80% of your breaks (4 of 5)."
    )


def test_risk_window_keeps_a_night_whole_across_midnight():
    # Friday night 22h, 23h, 01h, 03h (the last two count for Friday), plus Mon 9h, Tue 12h,
    # Wed 15h, Thu 18h. Need 4 of 8: no window of 5 cells or fewer holds 4; Friday 22:00–04:00
    # (6 hourly slots, 18…23 in tracking order) does.
    grid = grid_of(
        [(FRI, 22, 1), (FRI, 23, 1), (FRI, 1, 1), (FRI, 3, 1)]
        + [(MON, 9, 1), (TUE, 12, 1), (WED, 15, 1), (THU, 18, 1)]
    )
    window = patterns.risk_window(grid, 4)
    assert (window.weekdays, window.start_hour, window.hours, window.end_hour) == ((5,), 22, 6, 4)
    assert patterns.describe_risk_window(window, 8) == (
        "Friday 22:00–04:00 holds 50% of your breaks (4 of 8)."
    )


def test_risk_window_prefers_one_evening_on_a_tie():
    # Fri 23h, Sat 23h, Sat 00h: need 2 of 3. Two 2-cell windows hold 2: Fri+Sat at 23h, and
    # Saturday 23–01. Same size and count, so the one on fewer days wins.
    grid = grid_of([(FRI, 23, 1), (SAT, 23, 1), (SAT, 0, 1)])
    window = patterns.risk_window(grid, 4)
    assert (window.weekdays, window.start_hour, window.hours, window.breaks) == ((6,), 23, 2, 2)
    # 2 / 3 = 66.7% -> 67%.
    assert patterns.describe_risk_window(window, 3) == (
        "Saturday 23:00–01:00 holds 67% of your breaks (2 of 3)."
    )


def test_no_risk_window_from_too_few_breaks():
    assert patterns.risk_window(grid_of([(FRI, 23, 2)]), 4) is None
    assert patterns.risk_window(grid_of([]), 4) is None
    assert patterns.describe_risk_window(None, 0) == (
        "No breaks in this period, so there is no risky time to point at."
    )
    assert patterns.describe_risk_window(None, 2).startswith(
        "With 2 breaks so far there is no pattern yet"
    )
    assert patterns.describe_risk_window(None, 1).startswith("With 1 break so far")


def test_describe_wide_windows():
    three = RiskWindow(weekdays=(5, 6, 7), start_hour=22, hours=4, breaks=6, total=10)
    assert patterns.describe_risk_window(three, 10) == (
        "Friday to Sunday 22:00–02:00 hold 60% of your breaks (6 of 10)."
    )
    whole_day = RiskWindow(weekdays=(6,), start_hour=4, hours=24, breaks=2, total=3)
    assert patterns.describe_risk_window(whole_day, 3) == (
        "Saturday, at any hour, holds 67% of your breaks (2 of 3)."
    )
    every_day = RiskWindow(weekdays=tuple(range(1, 8)), start_hour=21, hours=2, breaks=4, total=5)
    assert patterns.describe_risk_window(every_day, 5) == (
        "Any day 21:00–23:00 holds 80% of your breaks (4 of 5)."
    )


# -- figures -----------------------------------------------------------------------------------
def test_chain_summary():
    chains = pd.DataFrame({"chain_length": [1, 2, 3], "chains": [2, 2, 1]})
    # Longest 3; runs of 2 or more: 2 + 1 = 3; all runs: 2 + 2 + 1 = 5.
    assert patterns.chain_summary(chains) == {"longest": 3, "double_texting": 3, "runs": 5}
    empty = pd.DataFrame({"chain_length": [], "chains": []})
    assert patterns.chain_summary(empty) == {"longest": 0, "double_texting": 0, "runs": 0}


def counts(**given: int) -> RelapseCounts:
    base = dict(
        nc_days=30, breaks=0, late_night=0, under_influence=0, known_response=0, got_response=0
    )
    return RelapseCounts(**(base | given))


def test_relapse_figures():
    # 6 breaks: 3 late (50%), 2 under the influence (33%); replies noted on 5, 1 answered (20%).
    figures = relapse_figures(
        counts(breaks=6, late_night=3, under_influence=2, known_response=5, got_response=1),
        {"longest": 3, "double_texting": 2, "runs": 4},
    )
    assert [(f.label, f.value) for f in figures] == [
        ("Late at night", "50%"),
        ("Under the influence", "33%"),
        ("Got a reply", "20%"),
        ("Longest unanswered run", "3"),
        ("Double-texting runs", "2"),
    ]
    assert figures[0].explanation.startswith("of your 6 breaks happened between 22:00 and 04:00")
    assert all(f.explanation for f in figures)


def test_relapse_figures_under_five_breaks_are_counts():
    # 4 breaks, 2 late, 1 under the influence, replies noted on 3 (none answered): no shares.
    figures = relapse_figures(
        counts(breaks=4, late_night=2, under_influence=1, known_response=3),
        {"longest": 1, "double_texting": 0, "runs": 1},
    )
    assert [f.value for f in figures[:3]] == ["2", "1", "0"]
    assert figures[0].explanation == (
        "of your 4 breaks so far happened between 22:00 and 04:00, when tiredness lowers "
        "defences; a share shows from 5 breaks."
    )


def test_relapse_figures_without_breaks():
    figures = relapse_figures(counts(nc_days=12), {"longest": 0, "double_texting": 0, "runs": 0})
    assert [f.value for f in figures] == ["—", "—", "—", "0", "0"]
    assert figures[0].explanation == "No breaks in this period, so nothing to measure here yet."
    assert "never sent a second message" in figures[4].explanation
    # Not in no contact at all: there is nothing to break, and the figure says why.
    figures = relapse_figures(counts(nc_days=0), {"longest": 0, "double_texting": 0, "runs": 0})
    assert figures[0].explanation == (
        "No no-contact days in this period, so there are no breaks to measure."
    )


def test_no_breaks_message_fits_whether_in_no_contact():
    held = patterns.no_breaks_message(12)
    assert held.startswith("No breaks in this period. Every day you held")
    # Someone who is not in no contact held nothing and broke nothing: no "days you held".
    outside = patterns.no_breaks_message(0)
    assert "held" not in outside and "No contact page" not in outside
    assert outside.startswith("A break is a contact you start on a no-contact day")


# -- triggers ----------------------------------------------------------------------------------
TRIGGERS = pd.DataFrame(
    [("loneliness", 2, 1, 0), ("song", 0, 2, 0), ("alcohol", 1, 0, 0), ("saw a post", 0, 0, 1)],
    columns=["trigger", "breaks", "resisted", "peeked"],
)


def test_trigger_table():
    table = patterns.trigger_table(TRIGGERS, limit=3)
    # Totals 3, 2, 1, 1: "alcohol" beats "saw a post" on the name; resisted / total.
    assert list(table["trigger"]) == ["loneliness", "song", "alcohol"]
    assert list(table["total"]) == [3, 2, 1]
    assert list(table["resist_rate"]) == pytest.approx([1 / 3, 1.0, 0.0])
    assert len(patterns.trigger_table(TRIGGERS, limit=None)) == 4
    assert patterns.trigger_table(TRIGGERS.iloc[0:0]).empty


def test_triggers_long_drops_zeros():
    long = patterns.triggers_long(patterns.trigger_table(TRIGGERS, limit=3))
    assert list(zip(long["trigger"], long["outcome"], long["count"], strict=True)) == [
        ("loneliness", "broke", 2),
        ("loneliness", "resisted", 1),
        ("song", "resisted", 2),
        ("alcohol", "broke", 1),
    ]


# -- mood and urges around contact -----------------------------------------------------------------
def test_has_mood_around_and_urge_before_break():
    around = pd.DataFrame(
        {"initiator": ["me", "me"], "side": ["before", "after"], "mean_mood": [None, 4.0]}
    )
    assert patterns.has_mood_around(around)
    assert not patterns.has_mood_around(around.assign(mean_mood=[None, None]))
    assert not patterns.has_mood_around(around.iloc[0:0])
    urges = pd.DataFrame({"moment": ["before_break", "other"], "entries": [0, 5]})
    assert not patterns.has_urge_before_break(urges)
    assert patterns.has_urge_before_break(urges.assign(entries=[1, 0]))


# -- weekly ------------------------------------------------------------------------------------
WEEKLY = pd.DataFrame(
    {
        "week": pd.to_datetime(["2026-01-05", "2026-01-26", "2026-02-02"]),
        "resisted": [1, 2, 3],
        "peeked": [1, 1, 0],
        "broke": [3, 3, 0],
    }
)


def test_weekly_actions():
    table = patterns.weekly_actions(WEEKLY)
    # Totals 1+1+3 = 5, 2+1+3 = 6, 3; rates 1/5, 2/6, 3/3.
    assert list(table["total"]) == [5, 6, 3]
    assert list(table["resist_rate"]) == pytest.approx([0.2, 1 / 3, 1.0])


def test_resist_summary():
    s = patterns.resist_summary(WEEKLY, recent_weeks=2)
    # All: 1 + 2 + 3 = 6 resisted of 14; last two weeks: 5 of 9.
    assert s == {
        "weeks": 3,
        "resisted": 6,
        "total": 14,
        "recent_weeks": 2,
        "recent_resisted": 5,
        "recent_total": 9,
    }
    empty = patterns.resist_summary(WEEKLY.iloc[0:0])
    assert (empty["weeks"], empty["total"]) == (0, 0)


# -- cycles ------------------------------------------------------------------------------------
def segments_of(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    """Cycle segments (state, start_on, end_on, open, counted, days) with the dates as dates."""
    frame = pd.DataFrame(rows, columns=["state", "start_on", "end_on", "open", "counted", "days"])
    return frame.assign(
        start_on=pd.to_datetime(frame["start_on"]), end_on=pd.to_datetime(frame["end_on"])
    )


SEGMENTS = segments_of(
    [
        ("apart", "2025-06-01", "2025-06-20", False, True, 19),
        ("together", "2025-06-20", "2025-09-01", False, True, 73),
        ("apart", "2025-09-01", "2025-09-05", False, False, 4),
        ("apart", "2025-09-05", "2025-11-01", False, True, 57),
        ("together", "2025-11-01", "2025-11-15", False, True, 14),
        ("apart", "2025-11-15", None, True, False, 16),
    ]
)


def test_period_table():
    table = patterns.period_table(SEGMENTS)
    assert list(table.columns) == ["Period", "From", "To", "Days", "Note"]
    assert list(table["Period"]) == ["Apart", "Together", "Apart", "Apart", "Together", "Apart"]
    assert table["From"].iloc[0] == D(2025, 6, 1)
    # the open stretch from 15 Nov runs 16 days so far: to 1 Dec
    assert table["To"].iloc[-1] == D(2025, 12, 1)
    assert table["To"].iloc[1] == D(2025, 9, 1)
    assert list(table["Note"]) == [
        "",
        "",
        "followed by another breakup",
        "",
        "",
        "still going: days so far",
    ]


def clipped_segments() -> pd.DataFrame:
    """A period from 3 Sep: apart since 1 Sep carried in (2 days in view), then the rest."""
    rows = segments_of(
        [
            ("apart", "2025-09-03", "2025-09-05", False, False, 2),
            ("apart", "2025-09-05", "2025-11-01", False, True, 57),
            ("together", "2025-11-01", "2025-11-15", False, True, 14),
            ("apart", "2025-11-15", None, True, False, 16),
        ]
    )
    return rows.assign(
        clipped=[True, False, False, False],
        began_on=pd.to_datetime(["2025-09-01", "2025-09-05", "2025-11-01", "2025-11-15"]),
    )


def test_period_table_with_a_stretch_from_before_the_period():
    table = patterns.period_table(clipped_segments())
    assert table["From"].iloc[0] == D(2025, 9, 3)
    assert table["Days"].iloc[0] == 2
    assert list(table["Note"]) == [
        "began 01 Sep 2025, before this period: days since the period began",
        "",
        "",
        "still going: days so far",
    ]
    # Apart since 20 Oct through a view of 1–30 Nov, nothing else in it: 30 − 1 = 29 days so far.
    only = segments_of([("apart", "2025-11-01", None, True, False, 29)]).assign(
        clipped=[True], began_on=pd.to_datetime(["2025-10-20"])
    )
    table = patterns.period_table(only)
    assert table["To"].iloc[0] == D(2025, 11, 30)
    assert table["Note"].iloc[0] == (
        "began 20 Oct 2025, before this period; still going: days since the period began"
    )


def test_clipped_defaults_to_false_for_frames_without_the_column():
    assert list(patterns.clipped(SEGMENTS)) == [False] * 6
    assert list(patterns.clipped(clipped_segments())) == [True, False, False, False]


def test_breakups_message_is_honest_about_the_whole_history():
    # No breakup in the period, two in all: the cycle exists, only outside this window.
    text = patterns.breakups_message(0, 2)
    assert text.startswith(
        "Only part of your cycle falls in this period: no breakup is logged in it (2 in all)."
    )
    assert "longer period" in text
    assert "(5 in all)" in patterns.breakups_message(1, 5)
    # One breakup ever: no cycle, and no "(1 in all)" echo.
    text = patterns.breakups_message(1, 1)
    assert text.startswith(
        "There is no on-and-off cycle to look at here: one breakup is logged in this period, "
        "and a cycle needs at least two."
    )
    assert patterns.breakups_message(0, 1).startswith(
        "There is no on-and-off cycle to look at here: no breakup is logged in this period "
        "(1 in all),"
    )


def test_closed_periods():
    assert patterns.closed_periods(SEGMENTS, "together") == [73, 14]
    assert patterns.closed_periods(SEGMENTS, "apart") == [19, 57]
    assert patterns.closed_periods(SEGMENTS.iloc[0:0], "apart") == []


def together(lengths: list[int]) -> pd.DataFrame:
    return segments_of([("together", "2025-01-01", "2025-01-02", False, True, n) for n in lengths])


def test_together_trend():
    assert patterns.together_trend(SEGMENTS) == (
        "Each time you got back together it lasted less: 73 and 14 days."
    )
    assert patterns.together_trend(together([10, 20])) == (
        "Each time you got back together it lasted longer: 10 and 20 days."
    )
    assert "shorter now than at first, if unevenly" in patterns.together_trend(
        together([30, 10, 20])
    )
    assert "no steady shortening" in patterns.together_trend(together([10, 30, 20]))
    assert "not yet more than one full together period" in patterns.together_trend(together([5]))


def test_together_trend_over_many_periods():
    # First three (60 + 50 + 40) / 3 = 50, last three (30 + 20 + 40) / 3 = 30: 30 < 50 × 0.8.
    assert patterns.together_trend(together([60, 50, 40, 30, 20, 40])) == (
        "Your together periods are getting shorter: the first three lasted 50 days on "
        "average, the last three 30."
    )
    # 45 against 50 is within a fifth: no trend either way.
    assert patterns.together_trend(together([60, 50, 40, 40, 45, 50])).startswith(
        "Your together periods are not getting shorter"
    )
    # (20 + 30 + 40) / 3 = 30 against (50 + 60 + 70) / 3 = 60.
    assert "getting longer: the first three lasted 30 days on average, the last three 60" in (
        patterns.together_trend(together([20, 30, 40, 50, 60, 70]))
    )


def test_lengths_phrase():
    assert patterns.lengths_phrase([14]) == "14 days"
    assert patterns.lengths_phrase([73, 14]) == "73 and 14 days"
    assert patterns.lengths_phrase([1, 2, 3, 4]) == "1, 2, 3 and 4 days"
    # Five values sorted 10 20 30 40 50: median 30; six values: (30 + 40) / 2 = 35.
    assert patterns.lengths_phrase([50, 10, 40, 20, 30]) == "5 periods of 10 to 50 days (median 30)"
    assert patterns.lengths_phrase([50, 10, 40, 20, 30, 60]) == (
        "6 periods of 10 to 60 days (median 35)"
    )


BEFORE_COLUMNS = [
    "breakup_on",
    "days_before",
    "mood_entries",
    "mean_mood",
    "contacts_me",
    "contacts_them",
]


def test_before_breakup_summary():
    days = pd.DataFrame(
        [
            ("2025-06-01", 2, 2, 3.0, 1, 0),
            ("2025-06-01", 1, 0, None, 0, 0),
            ("2025-09-01", 2, 1, 6.0, 0, 2),
            ("2025-09-01", 1, 1, 9.0, 1, 0),
        ],
        columns=BEFORE_COLUMNS,
    )
    s = patterns.before_breakup_summary(days)
    # Mood: (3·2 + 6 + 9) / (2 + 1 + 1) = 21 / 4; contacts: (1 + 0 + 2 + 1) / 4 days = 1.
    assert s == {"breakups": 2, "mean_mood": 5.25, "contacts_per_day": 1.0, "days": 4}
    assert patterns.before_breakup_summary(days.iloc[0:0])["mean_mood"] is None


def before_days(breakups: dict[str, tuple[int, float | None, int]]) -> pd.DataFrame:
    """14 rows per breakup, each day with the same mood entries, mean mood and contacts."""
    rows = [
        (pd.Timestamp(on), n, entries, mood, contacts, 0)
        for on, (entries, mood, contacts) in breakups.items()
        for n in range(14, 0, -1)
    ]
    return pd.DataFrame(
        rows,
        columns=BEFORE_COLUMNS,
    )


def test_recent_breakups_and_the_note_about_them():
    nine = before_days({f"2025-{m:02d}-01": (1, 5.0, 0) for m in range(1, 10)})
    shown = patterns.recent_breakups(nine)
    # The last eight: February to September.
    assert sorted(shown["breakup_on"].dt.month.unique()) == list(range(2, 10))
    assert len(shown) == 8 * 14
    assert patterns.breakups_shown_note(nine) == (
        "The chart and the sentence above cover the last 8 of the 9 breakups in this period, "
        "so each keeps a colour of its own."
    )
    eight = nine[nine["breakup_on"] != pd.Timestamp("2025-01-01")]
    assert patterns.breakups_shown_note(eight) is None
    assert patterns.breakups_shown_note(eight.iloc[0:0]) is None


def test_has_before_breakup_data():
    # Two breakups with nothing logged around them: a chart would be blank.
    assert not patterns.has_before_breakup_data(
        before_days({"2025-06-01": (0, None, 0), "2025-09-01": (0, None, 0)})
    )
    assert not patterns.has_before_breakup_data(before_days({}))
    # A mood entry, or a contact, is enough to draw.
    assert patterns.has_before_breakup_data(before_days({"2025-06-01": (1, 4.0, 0)}))
    assert patterns.has_before_breakup_data(before_days({"2025-06-01": (0, None, 1)}))
    # Only the drawn breakups count: mood around the oldest of nine is not shown.
    nine = {f"2025-{m:02d}-01": (0, None, 0) for m in range(2, 10)}
    nine["2025-01-01"] = (2, 6.0, 3)
    assert not patterns.has_before_breakup_data(before_days(nine))
