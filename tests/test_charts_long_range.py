"""Long ranges stay light: past two years the no-contact calendar draws weeks, the urges chart
months and the mood trend weeks, from frames aggregated in DuckDB (hand-made frames, and the
pages on a three-year journal built in code)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR, patterns
from dashboard.charts import no_contact
from dashboard.charts import patterns as pattern_charts
from dashboard.charts.style import DAILY_MAX_DAYS
from dashboard.metrics import today as tracking_today
from dashboard.patterns import trigger_table
from dashboard.sections.base import actions_unit, frame_dates
from dashboard.store import Store
from tests.test_charts_core import assert_calendar_captions

D = dt.date
APP = str(PROJECT_DIR / "dashboard" / "app.py")


def data_rows(spec: dict) -> int:
    return sum(len(rows) for rows in spec["datasets"].values())


# -- the calendar from nc_weekly rows --------------------------------------------------------
def weeks_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": pd.to_datetime(["2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19"]),
            "year": [2026] * 4,
            "week_of_year": [1, 2, 3, 4],
            "days": [2, 7, 7, 3],
            "nc_days": [0, 6, 7, 3],
            "break_days": [0, 1, 0, 0],
            "peek_days": [0, 1, 1, 0],
            "urge_days": [0, 1, 2, 0],
            "clean_days": [0, 3, 4, 3],
            "breaks": [0, 1, 0, 0],
            "urges_resisted": [1, 2, 2, 0],
            "peeks": [0, 2, 1, 0],
        }
    )


def test_weekly_calendar_cells_take_the_hardest_day() -> None:
    cells = no_contact.calendar_frame(weeks_frame())
    assert cells["state"].tolist() == ["not in no contact", "break", "peek", "clean"]
    assert cells["week_of_year"].tolist() == [1, 2, 3, 4]
    spec = no_contact.calendar(weeks_frame()).to_dict()
    assert data_rows(spec) == 4
    assert spec["encoding"]["y"]["field"] == "year"
    assert spec["encoding"]["x"]["field"] == "week_of_year"


def test_weekly_calendar_caption_counts_days() -> None:
    # NC days 0 + 6 + 7 + 3 = 16; 1 with a break -> 15 of 16 = 93.75% -> 94%;
    # quiet 3 + 4 + 3 = 10, urge resisted 1 + 2 = 3, peek 1 + 1 = 2.
    assert_calendar_captions(
        weeks_frame(),
        "Of your 16 no-contact days here, 15 had no contact from you (94%): 10 quiet, "
        "3 with an urge you resisted and 2 with a peek; 1 had a break.",
    )


# -- urges versus breaks from nc_weekly_outcomes rows -----------------------------------------
def outcome_rows(
    periods: list[str], resisted: list[int], peeks: list[int], breaks: list[int]
) -> pd.DataFrame:
    """nc_weekly_outcomes rows: a period's start and its urges resisted, peeks and breaks."""
    return pd.DataFrame(
        {
            "period": pd.to_datetime(periods),
            "urges_resisted": resisted,
            "peeks": peeks,
            "breaks": breaks,
        }
    )


def test_monthly_outcomes_keep_a_gap() -> None:
    periods = outcome_rows(
        ["2026-01-01", "2026-03-01"], resisted=[2, 0], peeks=[1, 0], breaks=[1, 3]
    )
    long = no_contact.period_outcomes(periods, "month")
    assert len(long) == 9  # Jan, Feb (no NC days), Mar x 3 outcomes
    assert set(long["unit"]) == {"month"}
    assert long[long["period"] == pd.Timestamp("2026-02-01")]["count"].isna().all()
    spec = no_contact.urges_vs_breaks(long).to_dict()
    assert spec["encoding"]["x"]["title"] == "Month"
    assert spec["encoding"]["y"]["title"] == "Times per month"
    # resisted 2, breaks 1 + 3 = 4: under five breaks, the counts without a ratio
    assert no_contact.caption_urges_vs_breaks(long) == (
        "Over 2 months you resisted 2 urges and had 4 breaks."
    )
    # The axis names the three months drawn (February too, where the line breaks).
    axis = spec["encoding"]["x"]["axis"]
    assert [v["month"] for v in axis["values"]] == [1, 2, 3]
    assert axis["format"] == "%b %Y"
    # breaks 2 + 3 = 5: 2 / 5 = 0.4 per break
    five = outcome_rows(["2026-01-01", "2026-03-01"], resisted=[2, 0], peeks=[1, 0], breaks=[2, 3])
    assert no_contact.caption_urges_vs_breaks(no_contact.period_outcomes(five, "month")) == (
        "Over 2 months you resisted 2 urges and had 5 breaks: 0.4 urges resisted for every break."
    )
    # 1,200 + 1,300 = 2,500 resisted, 500 + 500 = 1,000 breaks: 2.5 per break.
    many = outcome_rows(
        ["2026-01-01", "2026-02-01"], resisted=[1200, 1300], peeks=[0, 0], breaks=[500, 500]
    )
    assert no_contact.caption_urges_vs_breaks(no_contact.period_outcomes(many, "month")) == (
        "Over 2 months you resisted 2,500 urges and had 1,000 breaks: 2.5 urges resisted for "
        "every break."
    )


def test_weekly_outcomes_from_rows_match_the_daily_reshaping() -> None:
    days = pd.date_range("2026-01-05", "2026-01-18", freq="D")
    daily = pd.DataFrame({"day": days, "in_nc": True, "breaks": 0, "urges_resisted": 1})
    daily["peeks"] = 0
    daily.loc[2, "breaks"] = 1
    # The same two weeks as nc_weekly_outcomes rows: 7 urges each, one break in the first.
    periods = outcome_rows(
        ["2026-01-05", "2026-01-12"], resisted=[7, 7], peeks=[0, 0], breaks=[1, 0]
    )
    from_rows = no_contact.period_outcomes(periods, "week")
    from_days = no_contact.weekly_outcomes(daily)
    pd.testing.assert_frame_equal(from_rows, from_days, check_dtype=False)


def test_top_triggers_chart_is_the_triggers_chart_of_the_table() -> None:
    triggers = pd.DataFrame(
        {
            "trigger": ["alcohol", "a song", "loneliness"],
            "breaks": [2, 0, 1],
            "resisted": [1, 3, 0],
            "peeked": [0, 1, 0],
        }
    )
    assert (
        pattern_charts.top_triggers_chart(triggers).to_dict()
        == pattern_charts.triggers_chart(trigger_table(triggers)).to_dict()
    )


# -- urges and actions by month ----------------------------------------------------------------
def test_actions_turn_monthly_past_two_years() -> None:
    two_years = pd.DataFrame({"week": pd.to_datetime(["2024-01-01", "2025-12-29"])})
    assert actions_unit(*frame_dates(two_years, "week")) == "week"  # 728 days apart
    longer = pd.DataFrame({"week": pd.to_datetime(["2024-01-01", "2026-01-05"])})
    assert actions_unit(*frame_dates(longer, "week")) == "month"  # 735 days apart
    assert actions_unit(*frame_dates(longer.head(1), "week")) == "week"


def test_monthly_actions_chart_and_caption() -> None:
    periods = outcome_rows(
        ["2026-01-01", "2026-02-01", "2026-04-01"],
        resisted=[3, 0, 1],
        peeks=[1, 0, 0],
        breaks=[0, 0, 1],
    )
    months = patterns.monthly_actions(periods)
    # February had no-contact days but nothing happened: left out, as a week would be.
    assert months["month"].dt.month.tolist() == [1, 4]
    assert months[["resisted", "peeked", "broke"]].values.tolist() == [[3, 1, 0], [1, 0, 1]]
    spec = pattern_charts.weekly_actions_chart(months).to_dict()
    assert spec["title"]["text"] == "Urges month by month"
    bars, line = spec["vconcat"]
    assert bars["encoding"]["x"]["title"] == "Month starting"
    rates = spec["datasets"][line["data"]["name"]]
    # Jan 3 of 4 = 75%; Feb and Mar empty (the line breaks); Apr 1 of 2 = 50%
    assert [r["resist_pct"] for r in rates] == [75.0, None, None, 50.0]
    # 4 of 6 resisted = 67%; the last 1 month: 1 of 2, too few for a share (five or more)
    assert pattern_charts.weekly_actions_caption(months, recent_weeks=1) == (
        "Of the 6 times an urge came over 2 months, you resisted 4 (67%); in the last 1 of "
        "those months, 1 of 2."
    )


# -- pages on a three-year journal ------------------------------------------------------------
END = tracking_today()
START = END - dt.timedelta(days=3 * 365)


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No contact for the last three years, a mood a day, a break every 50 days."""
    start, end = START, END
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    path = tmp_path_factory.mktemp("long") / "journal.duckdb"
    with Store(path) as s:
        s.add_many(
            {
                "milestones": [{"on": start, "kind": "no_contact_start"}],
                "mood": [
                    {"at": dt.datetime.combine(d, dt.time(12)), "mood": 3 + i % 6}
                    for i, d in enumerate(days)
                ],
                "contacts": [
                    {
                        "at": dt.datetime.combine(d, dt.time(20)),
                        "initiator": "me",
                        "channel": "text",
                    }
                    for d in days[::50]
                ],
                "urges": [
                    {
                        "at": dt.datetime.combine(d, dt.time(21)),
                        "intensity": 6,
                        "outcome": "resisted",
                    }
                    for d in days[::3]
                ],
            }
        )
    return path


def arrow_rows(blob: bytes) -> int:
    if not blob:
        return 0
    with pa.ipc.open_stream(blob) as reader:
        return reader.read_all().num_rows


def page(path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, tuple[dict, int]]:
    """The page's charts by title: the Vega-Lite spec and the rows shipped with it."""
    monkeypatch.setenv("TIDELINE_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    charts = {}
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        # Streamlit sends the datasets beside the spec, as Arrow.
        rows = arrow_rows(el.proto.data.data) + sum(
            arrow_rows(d.data.data) for d in el.proto.datasets
        )
        charts[spec["title"]["text"]] = (spec, rows)
    return charts


def test_no_contact_page_draws_weeks_and_months_past_two_years(three_years, monkeypatch):
    charts = page(three_years, monkeypatch, "no_contact")
    calendar, rows = charts["Your no-contact calendar"]
    assert calendar["encoding"]["y"]["field"] == "year"
    # 1,096 days are 157 or 158 weeks: one cell each instead of one per day.
    assert 157 <= rows <= 158
    _, rows = charts["Urges resisted and breaks per month"]
    # Every month from START's to END's has no-contact days (e.g. Nov 2023 .. Nov 2026 = 37),
    # times 3 outcomes.
    months = (END.year - START.year) * 12 + END.month - START.month + 1
    assert rows == months * 3
    assert (END - START).days > DAILY_MAX_DAYS


def test_patterns_page_draws_months_past_two_years(three_years, monkeypatch):
    charts = page(three_years, monkeypatch, "patterns")
    spec, rows = charts["Urges month by month"]
    bars, _ = spec["vconcat"]
    assert bars["encoding"]["x"]["title"] == "Month starting"
    # Urges every third day: every month has one. The rate line has a row per month; the bars
    # one to three per month (resisted, and reached out in some).
    months = (END.year - START.year) * 12 + END.month - START.month + 1
    assert 2 * months <= rows <= 4 * months


def test_mood_page_draws_weeks_past_two_years(three_years, monkeypatch):
    trend, rows = page(three_years, monkeypatch, "mood")["Mood over time"]
    assert trend["layer"][0]["encoding"]["x"]["title"] == "Week"
    assert 157 <= rows <= 158


# -- dates written once for the whole column ---------------------------------------------------
def test_finished_charts_write_dates_as_altair_would() -> None:
    import altair as alt

    from dashboard.charts.style import finish

    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-01-09 00:00", None, "2026-01-10 22:30"]),
            "moment": pd.to_datetime(
                ["2026-01-09 10:00:00.5", "2026-01-09 00:00:00.0", "2026-01-09 00:00:00.0"]
            ),
            "n": [1, 2, 3],
        }
    )
    rows = next(iter(finish(alt.Chart(frame).mark_point(), "t").to_dict()["datasets"].values()))
    # Timestamp.isoformat, a missing one as "", and a fraction of a second kept (that column
    # is left to Altair).
    assert [r["day"] for r in rows] == ["2026-01-09T00:00:00", "", "2026-01-10T22:30:00"]
    assert rows[0]["moment"] == "2026-01-09T10:00:00.500000"
