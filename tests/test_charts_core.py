"""Mood and no-contact charts on their Vega-Lite spec, and their captions, on hand-made frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.charts import mood, no_contact
from dashboard.charts.style import DAILY_MAX_DAYS, DAY_STATES, MAX_ROWS
from dashboard.metrics import streak_history
from dashboard.sections.base import calendar_unit

D = dt.date


def data_rows(spec: dict) -> int:
    """How many rows the chart ships to the browser (Altair puts them in `datasets`)."""
    datasets = spec["datasets"]
    assert len(datasets) == 1
    return len(next(iter(datasets.values())))


def daily_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["day", "mean_mood", "entries", "rolling_mean"])


# -- mood ------------------------------------------------------------------------------------
def test_daily_mood_spec() -> None:
    df = daily_frame(
        [(D(2026, 1, 1), 4.0, 1, 4.0), (D(2026, 1, 2), 6.0, 2, 5.0), (D(2026, 1, 3), 5.0, 1, 5.0)]
    )
    spec = mood.daily_mood(df).to_dict()
    assert spec["title"]["text"] == "Mood over time"
    # Only the width fits the page; the height stays what the chart asks for.
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert data_rows(spec) == 3
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["circle", "line"]
    enc = spec["layer"][0]["encoding"]
    assert enc["x"]["field"] == "period" and enc["x"]["type"] == "temporal"
    assert enc["x"]["title"] == "Day"
    assert enc["y"]["title"] == "Mood (1–10)" and enc["y"]["scale"]["domain"] == [1, 10]
    assert enc["color"]["scale"]["domain"] == ["Daily mean", "7-day mean"]
    assert {t["title"] for t in enc["tooltip"]} == {"Day", "Daily mean", "7-day mean", "Entries"}


def test_daily_mood_weekly_frame() -> None:
    df = pd.DataFrame(
        [(D(2026, 1, 5), 6.0, 3, 5, 6.0)],
        columns=["week", "mean_mood", "days_logged", "entries", "rolling_mean"],
    )
    spec = mood.daily_mood(df).to_dict()
    enc = spec["layer"][1]["encoding"]
    assert enc["x"]["title"] == "Week"
    assert enc["color"]["scale"]["domain"] == ["Weekly mean", "4-week mean"]


def test_caption_daily_mood() -> None:
    short = daily_frame(
        [(D(2026, 1, 1), 4.0, 1, 4.0), (D(2026, 1, 2), 6.0, 2, 5.0), (D(2026, 1, 3), 5.0, 1, 5.0)]
    )
    # The mean of the entries: (4 + 2 × 6 + 5) / 4 = 5.25 -> 5.3 (half-up), not the mean of
    # the daily means (5.0); two days apart, too short to compare weeks.
    assert mood.caption_daily_mood(short) == (
        "Your mood averaged 5.3 over 3 logged days; the latest 7-day mean is 5.0."
    )
    # Given the period's mean (from metrics), the caption says that one.
    assert mood.caption_daily_mood(short, 5.249).startswith("Your mood averaged 5.2 over")
    long = daily_frame(
        [(D(2026, 1, 1), 2.0, 1, 2.0), (D(2026, 1, 5), 4.0, 1, 3.0), (D(2026, 1, 20), 8.0, 1, 8.0)]
    )
    # (2 + 4 + 8) / 3 = 4.67; the first week ends on the 7th, whose last rolling mean is 3.0.
    assert mood.caption_daily_mood(long) == (
        "Your mood averaged 4.7 over 3 logged days; the 7-day mean went up from 3.0 in the "
        "first week to 8.0 now."
    )
    assert mood.caption_daily_mood(daily_frame([])) == "No mood entries in this period yet."


WEEKDAY = pd.DataFrame(
    [(1, "Mon", 4.0, 3, 1), (2, "Tue", 6.5, 2, 1), (5, "Fri", 5.0, 1, 1)],
    columns=["weekday_num", "weekday", "mean_mood", "entries", "days_logged"],
)


def test_weekday_mood_spec_and_caption() -> None:
    spec = mood.weekday_mood(WEEKDAY).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert data_rows(spec) == 3
    assert spec["encoding"]["x"]["field"] == "weekday"
    assert spec["encoding"]["x"]["sort"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert spec["encoding"]["y"]["title"] == "Mean mood (1–10)"
    assert len(spec["encoding"]["tooltip"]) == 4
    assert mood.caption_weekday_mood(WEEKDAY) == (
        "Your mood is highest on Tue (6.5) and lowest on Mon (4.0)."
    )
    assert mood.caption_weekday_mood(WEEKDAY.head(1)) == (
        "Your mood averages 4.0 on the weekdays logged so far."
    )


EMOTIONS = pd.DataFrame(
    [("sad", 3, 0.429, 7, 4.333), ("lonely", 2, 0.286, 7, 3.0), ("calm", 1, 0.143, 7, 7.0)],
    columns=["emotion", "entries", "share", "total_entries", "mean_mood"],
)


def test_emotions_spec_and_caption() -> None:
    spec = mood.emotions(EMOTIONS).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert data_rows(spec) == 3
    enc = spec["encoding"]
    assert (enc["y"]["field"], enc["y"]["sort"]) == ("emotion", "-x")
    assert enc["x"]["field"] == "entries" and enc["x"]["title"] == "Entries naming it"
    assert enc["color"]["field"] == "mean_mood"
    # 3 of 7 entries = 42.9% -> 43%.
    assert mood.caption_emotions(EMOTIONS) == (
        "“sad” was the feeling you named most: in 43% of your entries (3 of 7)."
    )
    assert mood.caption_emotions(EMOTIONS.head(0)) == "No emotions named in this period yet."


ACTIVITIES = pd.DataFrame(
    [("friends", 3, 6.333, 1, 4.0, 2.333), ("work", 2, 4.0, 2, 7.5, -3.5)],
    columns=["activity", "days_with", "mean_with", "days_without", "mean_without", "difference"],
)


def test_activities_spec_and_caption() -> None:
    spec = mood.activities(ACTIVITIES).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert data_rows(spec) == 2
    enc = spec["encoding"]
    assert enc["x"]["field"] == "difference"
    # Differences read with one decimal, as in the captions (a zero-only range read 0.000000).
    assert enc["x"]["axis"]["format"] == ".1f"
    assert enc["color"]["scale"]["domain"] == ["lifts", "lowers"]
    rows = next(iter(spec["datasets"].values()))
    assert [r["effect"] for r in rows] == ["lifts", "lowers"]
    assert mood.caption_activities(ACTIVITIES) == (
        "On days with friends your mood averaged 6.3, 2.3 higher than on days without it (4.0)."
    )
    assert mood.caption_activities(ACTIVITIES.tail(1)) == (
        "On days with work your mood averaged 4.0, 3.5 lower than on days without it (7.5)."
    )
    assert mood.caption_activities(ACTIVITIES.head(0)).startswith("Name activities")


# -- no contact ------------------------------------------------------------------------------
def nc_frame() -> pd.DataFrame:
    """Mon 5 – Wed 14 Jan 2026; no contact from the 6th; a break on the 9th, a peek on the
    10th, urges resisted on the 8th (one) and the 12th (two)."""
    days = pd.date_range("2026-01-05", "2026-01-14", freq="D")
    df = pd.DataFrame({"day": days})
    df["in_nc"] = df["day"] >= pd.Timestamp("2026-01-06")
    df["breaks"] = [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    df["urges_resisted"] = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0]
    df["peeks"] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    df["state"] = [
        "not in no contact",
        "clean",
        "clean",
        "urge resisted",
        "break",
        "peek",
        "clean",
        "urge resisted",
        "clean",
        "clean",
    ]
    return df


def test_calendar_spec() -> None:
    spec = no_contact.calendar(nc_frame()).to_dict()
    assert spec["mark"]["type"] == "rect"
    assert data_rows(spec) == 10
    enc = spec["encoding"]
    assert enc["y"]["field"] == "weekday"
    assert enc["color"]["scale"]["domain"] == list(DAY_STATES)
    assert enc["color"]["scale"]["range"] == list(DAY_STATES.values())
    cells = no_contact.calendar_frame(nc_frame())
    # Mon 5th – Sun 11th is the first week, Mon 12th – Wed 14th the second.
    assert cells["week"].dt.date.tolist() == [D(2026, 1, 5)] * 7 + [D(2026, 1, 12)] * 3
    assert cells["weekday"].tolist()[-3:] == ["Mon", "Tue", "Wed"]


def assert_calendar_captions(days: pd.DataFrame, expected: str) -> None:
    """The calendar caption of `days` is `expected`; of its first day only (outside), none."""
    assert no_contact.caption_calendar(days) == expected
    outside = days.head(1)
    assert no_contact.caption_calendar(outside) == (
        "None of these days were in a no-contact period."
    )


def test_caption_calendar() -> None:
    # 9 NC days, 1 with a break: 8 of 9 = 88.9% -> 89%; quiet: 6, 7, 11, 13, 14.
    assert_calendar_captions(
        nc_frame(),
        "Of your 9 no-contact days here, 8 had no contact from you (89%): 5 quiet, "
        "2 with an urge you resisted and 1 with a peek; 1 had a break.",
    )


def test_caption_calendar_separates_thousands_in_every_count() -> None:
    """Weekly rows of a long history: every count in the sentence reads '1,074', not '1074'."""
    weeks = pd.DataFrame(
        {
            "week": pd.to_datetime(["2020-01-06", "2020-01-13"]),
            "nc_days": [1000, 533],
            "break_days": [0, 12],
            "peek_days": [0, 1],
            "urge_days": [400, 46],
            "clean_days": [600, 474],
        }
    )
    # 1,533 NC days, 12 with a break: 1,521 break-free (99%); 1,074 quiet, 446 urges, 1 peek.
    assert no_contact.caption_calendar(weeks) == (
        "Of your 1,533 no-contact days here, 1,521 had no contact from you (99%): 1,074 quiet, "
        "446 with an urge you resisted and 1 with a peek; 12 had a break."
    )


def test_ten_years_of_calendar_stay_daily() -> None:
    days = pd.date_range("2016-01-01", periods=3660, freq="D")
    daily = pd.DataFrame(
        {"day": days, "in_nc": True, "breaks": 0, "urges_resisted": 0, "peeks": 0}
    ).assign(state="clean")
    assert data_rows(no_contact.calendar(daily).to_dict()) == 3660


def test_a_longer_calendar_turns_into_weeks() -> None:
    # 6,000 days from Monday 3 Jan 2000 = 857 full weeks and one day: 858 weeks.
    days = pd.date_range("2000-01-03", periods=6000, freq="D")
    daily = pd.DataFrame({"day": days, "in_nc": True, "breaks": 0, "urges_resisted": 0})
    daily["peeks"] = 0
    daily.loc[3, "breaks"] = 1  # Thursday of week 1
    daily.loc[8, "peeks"] = 1  # Tuesday of week 2
    daily["state"] = "clean"
    daily.loc[3, "state"] = "break"
    daily.loc[8, "state"] = "peek"
    cells = no_contact.calendar_frame(daily)
    assert len(cells) == 858
    assert cells["state"].tolist()[:3] == ["break", "peek", "clean"]
    spec = no_contact.calendar(daily).to_dict()
    assert data_rows(spec) == 858 <= MAX_ROWS
    assert spec["encoding"]["y"]["field"] == "year"


def test_streak_history_chart_and_caption() -> None:
    streaks = streak_history(nc_frame())
    # Runs: 6th–8th (3 days, ended by the break on the 9th), 10th–14th (5 days, ongoing);
    # a peek does not end a run.
    assert streaks["days"].tolist() == [3, 5]
    assert streaks["ended_by"].tolist() == ["break", "ongoing"]
    spec = no_contact.streak_history(streaks).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert data_rows(spec) == 2
    assert spec["autosize"]["type"] == "fit-x"
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["x2"]["field"], enc["y"]["field"]) == ("start", "until", "days")
    assert enc["y2"] == {"datum": 0}  # blocks stand on the axis
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["until"].startswith("2026-01-09")  # the 8th's block ends at midnight after
    assert no_contact.caption_streak_history(streaks) == (
        "Your longest break-free run here was 5 days (10 Jan to 14 Jan 2026), one of 2 runs; "
        "the current one is 5 days long."
    )
    assert no_contact.caption_streak_history(streaks.head(0)).startswith("No break-free")


def test_streak_history_chart_is_capped() -> None:
    starts = pd.date_range("2000-01-01", periods=6000, freq="2D")
    streaks = pd.DataFrame({"start": starts, "end": starts, "days": 1, "ended_by": "break"})
    assert data_rows(no_contact.streak_history(streaks).to_dict()) == MAX_ROWS


def test_weekly_outcomes_and_chart() -> None:
    weekly = no_contact.weekly_outcomes(nc_frame())
    got = [(p.date(), o, int(c)) for p, o, c in weekly[["period", "outcome", "count"]].values]
    # NC days 6th–11th (week of the 5th): a break, a peek, one urge resisted;
    # 12th–14th (week of the 12th): two urges resisted.
    assert got == [
        (D(2026, 1, 5), "break", 1),
        (D(2026, 1, 5), "peek", 1),
        (D(2026, 1, 5), "urge resisted", 1),
        (D(2026, 1, 12), "break", 0),
        (D(2026, 1, 12), "peek", 0),
        (D(2026, 1, 12), "urge resisted", 2),
    ]
    spec = no_contact.urges_vs_breaks(weekly).to_dict()
    assert spec["mark"]["type"] == "line"
    assert data_rows(spec) == 6
    assert spec["encoding"]["color"]["scale"]["domain"] == ["urge resisted", "peek", "break"]
    assert spec["encoding"]["y"]["title"] == "Times per week"
    # One break is too few for a ratio (MIN_SHARE_EVENTS = 5): the counts alone.
    assert no_contact.caption_urges_vs_breaks(weekly) == (
        "Over 2 weeks you resisted 3 urges and had 1 break."
    )
    # The axis names the two weeks drawn, Mon 5 and Mon 12 Jan, and nothing else.
    axis = spec["encoding"]["x"]["axis"]
    assert axis["values"] == [
        {"year": 2026, "month": 1, "date": 5},
        {"year": 2026, "month": 1, "date": 12},
    ]
    assert axis["format"] == "%d %b"


def test_urges_vs_breaks_give_a_ratio_from_five_breaks() -> None:
    days = pd.date_range("2026-01-05", "2026-01-18", freq="D")
    daily = pd.DataFrame({"day": days, "in_nc": True, "breaks": 0, "urges_resisted": 1})
    daily["peeks"] = 0
    # 14 urges resisted; breaks on 4 days: 4 breaks, then a fifth.
    daily.loc[[0, 3, 7, 10], "breaks"] = 1
    weekly = no_contact.weekly_outcomes(daily)
    assert no_contact.caption_urges_vs_breaks(weekly) == (
        "Over 2 weeks you resisted 14 urges and had 4 breaks."
    )
    daily.loc[12, "breaks"] = 1
    # 14 / 5 = 2.8
    assert no_contact.caption_urges_vs_breaks(no_contact.weekly_outcomes(daily)) == (
        "Over 2 weeks you resisted 14 urges and had 5 breaks: 2.8 urges resisted for every break."
    )


def test_weekly_outcomes_keep_a_gap_between_periods() -> None:
    # NC in the week of Mon 5 Jan and the week of Mon 19 Jan, not in the week between.
    days = pd.date_range("2026-01-05", "2026-01-25", freq="D")
    daily = pd.DataFrame({"day": days, "breaks": 0, "urges_resisted": 1, "peeks": 0})
    daily["in_nc"] = [d.isocalendar().week != 3 for d in days]
    weekly = no_contact.weekly_outcomes(daily)
    assert len(weekly) == 9  # 3 weeks x 3 outcomes
    gap = weekly[weekly["period"] == pd.Timestamp("2026-01-12")]
    assert gap["count"].isna().all()
    # 7 urges resisted in each of the two NC weeks; the gap week is not counted.
    assert no_contact.caption_urges_vs_breaks(weekly) == (
        "Over 2 weeks you resisted 14 urges and had no breaks."
    )
    spec = no_contact.urges_vs_breaks(weekly).to_dict()
    assert spec["mark"]["invalid"] == "break-paths-show-domains"


def test_weekly_outcomes_turn_monthly_when_too_long() -> None:
    # 40 years of NC days: 2,088 weeks x 3 outcomes > 5,000 rows, so months instead.
    days = pd.date_range("1980-01-01", "2019-12-31", freq="D")
    daily = pd.DataFrame({"day": days, "in_nc": True, "breaks": 0, "urges_resisted": 1, "peeks": 0})
    weekly = no_contact.weekly_outcomes(daily)
    assert set(weekly["unit"]) == {"month"}
    assert len(weekly) == 40 * 12 * 3
    january = weekly[(weekly["period"] == pd.Timestamp("1980-01-01"))]
    assert dict(zip(january["outcome"], january["count"], strict=True))["urge resisted"] == 31
    assert no_contact.urges_vs_breaks(weekly).to_dict()["encoding"]["x"]["title"] == "Month"


def test_empty_no_contact_captions() -> None:
    empty = no_contact.weekly_outcomes(nc_frame().head(1))
    assert empty.empty
    assert no_contact.caption_urges_vs_breaks(empty) == "No no-contact days in this period yet."


def test_calendar_unit_turns_monthly_past_the_daily_limit() -> None:
    # DAILY_MAX_DAYS is 731 (two years): 731 days are drawn day by day, 732 month by month.
    assert DAILY_MAX_DAYS == 731
    assert calendar_unit(7 * 104 + 3) == "week"
    assert calendar_unit(7 * 104 + 4) == "month"
    assert calendar_unit(0) == "week"
