"""Patterns and cycles charts on their Vega-Lite spec, and their captions, on hand-made frames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from dashboard import patterns
from dashboard.charts import cycles, patterns_shared
from dashboard.charts import patterns as charts
from dashboard.charts.style import DAY_STATES, GUIDE_COLOURS, MAX_ROWS, OKABE_ITO
from tests.test_patterns import SEGMENTS, WEEKLY

D = dt.date
FRI, SAT, MON = 5, 6, 1


def data_rows(spec: dict) -> int:
    """How many rows the chart ships to the browser (Altair puts them in `datasets`)."""
    return sum(len(rows) for rows in spec["datasets"].values())


def units(spec: dict) -> Iterator[dict]:
    """Every single-mark view inside layers and concatenations."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "vconcat", "hconcat"):
        for child in spec.get(key, []):
            yield from units(child)


def tooltip_titles(unit: dict) -> set[str]:
    return {t["title"] for t in unit["encoding"].get("tooltip", [])}


def only_unit(chart: Any, rows: int) -> dict:
    """The chart's one single-mark view, once its spec passes check_common and ships `rows`."""
    spec = chart.to_dict()
    check_common(spec)
    assert data_rows(spec) == rows
    (unit,) = units(spec)
    return unit


def check_common(spec: dict) -> None:
    """A title, plain axis titles on every positional channel, and rows under the cap."""
    assert spec["title"]["text"]
    assert data_rows(spec) <= MAX_ROWS
    for unit in units(spec):
        for channel in ("x", "y"):
            enc = unit["encoding"].get(channel)
            if enc and "field" in enc:
                # A plain title, not None or "": an unlabelled axis leaves people guessing.
                assert enc.get("title"), f"{channel} of {unit['mark']} has no title"


# -- heatmap -----------------------------------------------------------------------------------
def heat_grid() -> pd.DataFrame:
    cells = pd.DataFrame(
        [(FRI, 23, 3), (SAT, 23, 2), (MON, 9, 1)], columns=["weekday", "hour", "breaks"]
    )
    return patterns.heatmap_grid(cells, 4)


def test_heatmap_spec():
    grid = heat_grid()
    window = patterns.risk_window(grid, 4)
    spec = charts.heatmap_chart(grid, window).to_dict()
    check_common(spec)
    # One data set of 7 × 24 cells, shared by the cells and the window outline.
    assert data_rows(spec) == 168
    # A step per weekday row: Streamlit squeezes band scales given a fixed height.
    assert spec["height"] == {"step": 26}
    rows = next(iter(spec["datasets"].values()))
    # 6 breaks need 3: Friday 23h alone holds them, so one cell is outlined.
    assert [(r["weekday"], r["hour"]) for r in rows if r["in_window"]] == [(FRI, 23)]
    cells, outline = list(units(spec))
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["x"]["field"] == "hour_label"
    assert cells["encoding"]["x"]["sort"][:2] == ["04:00", "05:00"]
    assert cells["encoding"]["x"]["sort"][-1] == "03:00"
    assert cells["encoding"]["y"]["sort"][0] == "Monday"
    assert cells["encoding"]["color"]["condition"]["field"] == "breaks"
    assert cells["encoding"]["color"]["value"] == patterns_shared.EMPTY_CELL
    assert tooltip_titles(cells) == {"Day", "Hour from", "Breaks", "% of your breaks"}
    assert outline["mark"]["stroke"] == OKABE_ITO["black"]
    assert outline["transform"] == [{"filter": "datum.in_window"}]


def test_heatmap_caption():
    grid = heat_grid()
    window = patterns.risk_window(grid, 4)
    # 3 of 6 = 50%.
    assert charts.heatmap_caption(grid, window) == (
        "Friday 23:00–00:00 holds 50% of your breaks (3 of 6)."
    )
    empty = patterns.heatmap_grid(pd.DataFrame(columns=["weekday", "hour", "breaks"]), 4)
    assert charts.heatmap_caption(empty, None).startswith("No breaks in this period")


# -- triggers ----------------------------------------------------------------------------------
TRIGGERS = pd.DataFrame(
    [("loneliness", 2, 1, 0), ("song", 0, 2, 0), ("alcohol", 1, 0, 0), ("saw a post", 0, 0, 1)],
    columns=["trigger", "breaks", "resisted", "peeked"],
)


def test_triggers_spec():
    # Non-zero bars of the top three: loneliness broke 2 + resisted 1, song resisted 2,
    # alcohol broke 1.
    bar = only_unit(charts.triggers_chart(patterns.trigger_table(TRIGGERS, limit=3)), rows=4)
    enc = bar["encoding"]
    assert bar["mark"]["type"] == "bar"
    assert enc["y"]["field"] == "trigger" and enc["y"]["sort"] == ["loneliness", "song", "alcohol"]
    assert enc["yOffset"]["field"] == "outcome_label"
    assert enc["color"]["scale"]["domain"] == ["resisted", "peeked", "reached out"]
    assert enc["color"]["scale"]["range"] == [
        DAY_STATES["urge resisted"],
        DAY_STATES["peek"],
        DAY_STATES["break"],
    ]
    assert tooltip_titles(bar) == {"Trigger", "What happened", "Times"}


def test_triggers_caption():
    # Breaks with a trigger: 2 + 1 = 3, loneliness has 2. Most resisted: song, 2 of its 2.
    assert charts.triggers_caption(TRIGGERS) == (
        "“loneliness” led to 2 of the 3 breaks with a trigger; you resisted “song” 2 of the 2 "
        "times it came up."
    )
    assert charts.triggers_caption(TRIGGERS.iloc[0:0]).startswith("No triggers noted yet")
    only_peeks = TRIGGERS.iloc[[3]]
    assert charts.triggers_caption(only_peeks) == (
        "The urges with a trigger all ended in a peek; none has been resisted yet."
    )
    only_resisted = TRIGGERS.iloc[[1]]
    assert charts.triggers_caption(only_resisted) == (
        "You resisted “song” 2 of the 2 times it came up."
    )


def test_triggers_caption_says_when_the_chart_shows_only_the_top_eight():
    # Ten triggers, one resisted urge each: the chart draws eight of them.
    ten = pd.DataFrame(
        [(f"t{i:02d}", 0, 1, 0) for i in range(10)],
        columns=["trigger", "breaks", "resisted", "peeked"],
    )
    assert charts.triggers_caption(ten) == (
        "You resisted “t00” 1 of the 1 times it came up. The chart shows the 8 most frequent "
        "of your 10 triggers."
    )
    spec = charts.top_triggers_chart(ten).to_dict()
    assert data_rows(spec) == 8
    # Eight or fewer: nothing left out, nothing to say.
    assert "most frequent" not in charts.triggers_caption(ten.head(8))


# -- mood around contact -----------------------------------------------------------------------
AROUND = pd.DataFrame(
    [
        ("me", "before", 8, 8, 3.5),
        ("me", "after", 8, 6, 29 / 6),
        ("them", "before", 1, 1, 3.0),
        ("them", "after", 1, 0, None),
    ],
    columns=["initiator", "side", "contacts", "entries", "mean_mood"],
)


def test_mood_contact_spec():
    spec = charts.mood_contact_chart(AROUND, 5.0).to_dict()
    check_common(spec)
    # Three means (their "after" has no entries) and the one baseline row.
    assert data_rows(spec) == 3 + 1
    link, dots, rule = units(spec)
    assert [link["mark"]["type"], dots["mark"]["type"], rule["mark"]["type"]] == [
        "line",
        "point",
        "rule",
    ]
    assert dots["encoding"]["x"]["scale"]["domain"] == [1, 10]
    assert dots["encoding"]["y"]["title"] == "Contacts"
    # Not the page's heading ("Mood around contact") again.
    assert spec["title"]["text"] == "48 hours before and after a contact"
    assert dots["encoding"]["color"]["scale"]["domain"] == ["48 h before", "48 h after"]
    assert dots["encoding"]["shape"]["scale"]["domain"] == ["48 h before", "48 h after"]
    assert tooltip_titles(dots) == {"Contacts", "Mood logged", "Mean mood", "Mood entries"}
    assert rule["encoding"]["x"]["field"] == "baseline"
    assert tooltip_titles(rule) == {"Your usual mood"}
    # Without a baseline there is no rule layer.
    assert len(list(units(charts.mood_contact_chart(AROUND, None).to_dict()))) == 2


def test_mood_contact_caption():
    # 29 / 6 = 4.83 -> 4.8.
    assert charts.mood_contact_caption(AROUND, 5.0) == (
        "Around contacts you started your mood averaged 3.5 in the 48 hours before and 4.8 "
        "after; around contacts they started your mood averaged 3.0 in the 48 hours before "
        "(none logged after), against a usual 5.0."
    )
    assert charts.mood_contact_caption(AROUND.iloc[0:0], 5.0).startswith("No contacts")
    nothing = AROUND.assign(mean_mood=None)
    assert charts.mood_contact_caption(nothing, None).startswith("No mood was logged")


# -- urge before a break -----------------------------------------------------------------------
URGES = pd.DataFrame(
    [("before_break", 6, 47 / 6), ("other", 2, 1.5)], columns=["moment", "entries", "mean_urge"]
)


def test_urge_before_break_spec():
    bar = only_unit(charts.urge_before_break_chart(URGES), rows=2)
    assert bar["encoding"]["x"]["field"] == "mean_urge"
    assert bar["encoding"]["y"]["title"] == "When"
    assert bar["height"] == {"step": 36}
    assert bar["encoding"]["x"]["scale"]["domain"] == [0, 10]
    assert bar["encoding"]["y"]["sort"] == ["24 h before a break", "Other no-contact days"]
    assert tooltip_titles(bar) == {"When", "Mean urge", "Ratings"}


def test_urge_before_break_caption():
    # 47 / 6 = 7.83 -> 7.8.
    assert charts.urge_before_break_caption(URGES) == (
        "In the 24 hours before a break your urge rating averaged 7.8 (6 ratings), against 1.5 "
        "on other no-contact days."
    )
    no_other = URGES.assign(entries=[6, 0], mean_urge=[47 / 6, None])
    assert charts.urge_before_break_caption(no_other) == (
        "In the 24 hours before a break your urge rating averaged 7.8 (6 ratings)."
    )
    none = URGES.assign(entries=[0, 2], mean_urge=[None, 1.5])
    assert charts.urge_before_break_caption(none).startswith("No urge rating was logged")
    # One rating is "1 rating"; thousands are separated, as every count people read.
    one = URGES.assign(entries=[1, 2366], mean_urge=[7.0, 4.2])
    assert charts.urge_before_break_caption(one) == (
        "In the 24 hours before a break your urge rating averaged 7.0 (1 rating), against 4.2 "
        "on other no-contact days."
    )
    many = URGES.assign(entries=[2366, 0], mean_urge=[6.2, None])
    assert "(2,366 ratings)" in charts.urge_before_break_caption(many)


# -- weekly ------------------------------------------------------------------------------------


def test_weekly_actions_spec():
    spec = charts.weekly_actions_chart(WEEKLY).to_dict()
    check_common(spec)
    bars, line = units(spec)
    bar_rows = spec["datasets"][bars["data"]["name"]]
    line_rows = spec["datasets"][line["data"]["name"]]
    # Non-zero bars: 3 + 3 + 1 = 7. The rate line has a row for every week from 5 Jan to
    # 2 Feb (5 weeks), empty for the two weeks without urges so the line breaks there.
    assert len(bar_rows) == 7
    assert len(line_rows) == 5
    # Under the page's heading "Urges and what became of them": short enough for a phone.
    assert spec["title"]["text"] == "Urges week by week"
    # Whole percentages: 1 of 5 = 20%, 2 of 6 = 33.3% -> 33%, 3 of 3 = 100%.
    assert [r["resist_pct"] for r in line_rows] == [20.0, None, None, 33.0, 100.0]
    assert spec["resolve"] == {"scale": {"x": "shared"}}
    assert bars["encoding"]["color"]["scale"]["domain"] == ["resisted", "peeked", "reached out"]
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 100]
    assert tooltip_titles(line) == {"Week starting", "Resisted (%)", "Resisted", "All urges"}


def test_weekly_actions_caption():
    # 6 of 14 = 42.9% -> 43%; the last two weeks 5 of 9 = 55.6% -> 56%.
    assert charts.weekly_actions_caption(WEEKLY) == (
        "Of the 14 times an urge came over 3 weeks, you resisted 6 (43%)."
    )
    assert charts.weekly_actions_caption(WEEKLY, recent_weeks=2) == (
        "Of the 14 times an urge came over 3 weeks, you resisted 6 (43%); in the last 2 of "
        "those weeks, 5 of 9 (56%)."
    )
    assert charts.weekly_actions_caption(WEEKLY.iloc[0:0]).startswith("No urges or breaks")


def week(resisted: int, peeked: int, broke: int, on: str = "2026-01-05") -> pd.DataFrame:
    return pd.DataFrame(
        {"week": pd.to_datetime([on]), "resisted": [resisted], "peeked": [peeked], "broke": [broke]}
    )


def test_weekly_actions_caption_with_little_data():
    # One break and no urge logged: no 0% and no "1 times", just what happened.
    one_break = charts.weekly_actions_caption(week(0, 0, 1))
    assert one_break == (
        "You reached out once in 1 week, and no urge is logged on no-contact days. When an "
        "urge comes and passes, logging it counts it here as a win."
    )
    assert "0%" not in one_break
    # Urges but none resisted: said without a percentage that reads like a verdict.
    assert charts.weekly_actions_caption(week(0, 2, 1)) == (
        "An urge came 3 times in 1 week, and none is marked resisted yet. The first one you "
        "ride out will show here."
    )
    # A single urge, resisted.
    assert charts.weekly_actions_caption(week(1, 0, 0)) == (
        "An urge came once in 1 week, and you resisted it."
    )
    # Two, one resisted: the usual sentence, in the plural, and no share of two (a share
    # needs five events).
    assert charts.weekly_actions_caption(week(1, 0, 1)) == (
        "Of the 2 times an urge came over 1 week, you resisted 1."
    )
    # Five, three resisted: 60%.
    assert charts.weekly_actions_caption(week(3, 1, 1)) == (
        "Of the 5 times an urge came over 1 week, you resisted 3 (60%)."
    )
    # Thousands are separated: 1,500 of 2,000 = 75%; 1,200 breaks alone.
    assert charts.weekly_actions_caption(week(1500, 500, 0)) == (
        "Of the 2,000 times an urge came over 1 week, you resisted 1,500 (75%)."
    )
    assert charts.weekly_actions_caption(week(0, 0, 1200)).startswith(
        "You reached out 1,200 times in 1 week,"
    )


# -- cycles ------------------------------------------------------------------------------------
UNTIL = D(2025, 12, 1)


MILESTONES = pd.DataFrame(
    {
        "on": pd.to_datetime(["2025-01-01", "2025-06-01", "2025-09-05"]),
        "kind": ["first_meetup", "breakup", "back_together"],
        "title": ["Met", "", ""],
    }
)
MOOD = pd.DataFrame(
    {
        "period_start": pd.to_datetime(["2025-11-10", "2025-11-17"]),
        "entries": [3, 1],
        "mean_mood": [4.0, 8.0],
        "min_mood": [2, 8],
        "max_mood": [6, 8],
    }
)


def test_timeline_spec():
    spec = cycles.timeline_chart(SEGMENTS, MILESTONES, MOOD, UNTIL).to_dict()
    check_common(spec)
    # 6 stretches, 3 milestones, 2 mood weeks and the names of the 2 lanes in use.
    assert data_rows(spec) == 6 + 3 + 2 + 2
    assert spec["resolve"] == {"scale": {"x": "shared"}}
    bars, points, names, line = units(spec)
    assert (bars["mark"]["type"], points["mark"]["type"], line["mark"]["type"]) == (
        "bar",
        "point",
        "line",
    )
    assert names["mark"]["type"] == "text"
    assert bars["encoding"]["x"]["field"] == "start_on"
    assert bars["encoding"]["x2"]["field"] == "end_drawn"
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Together", "Apart"]
    seg_rows = spec["datasets"][bars["data"]["name"]]
    # The open stretch is drawn through the end of the last day (1 Dec -> 2 Dec).
    assert seg_rows[-1]["end_drawn"].startswith("2025-12-02")
    assert seg_rows[-1]["to_text"] == "still going"
    assert points["encoding"]["shape"]["scale"]["domain"] == list(cycles.KIND_LABELS.values())
    assert tooltip_titles(points) == {"Date", "Milestone", "Title"}
    assert line["encoding"]["y"]["scale"]["domain"] == [1, 10]
    assert tooltip_titles(line) == {"From", "Mean mood", "Lowest", "Highest", "Entries"}


def test_timeline_without_mood_leaves_the_mood_panel_out():
    spec = cycles.timeline_chart(SEGMENTS, MILESTONES, MOOD.iloc[0:0], UNTIL).to_dict()
    check_common(spec)
    # Only the together/apart band, the milestones and the lanes' names: no empty mood panel.
    assert [u["mark"]["type"] for u in units(spec)] == ["bar", "point", "text"]
    assert spec["title"]["text"] == "Together and apart"
    assert data_rows(spec) == 6 + 3 + 2


def test_timeline_fits_a_phone_lanes_named_above_legends_beneath():
    # Streamlit stretches each panel to the page's width, so nothing may stand to the left of
    # a panel: no column of lane names, the mood numbers inside their panel.
    therapy = MILESTONES.assign(kind=["first_meetup", "breakup", "therapy_session"])
    spec = cycles.timeline_chart(SEGMENTS, therapy, MOOD, UNTIL).to_dict()
    bars, points, names, line = units(spec)
    assert bars["encoding"]["y"]["axis"] is None
    assert points["encoding"]["y"]["axis"] is None
    # Each lane in use is named once, in the lanes' order (top to bottom).
    assert [r["lane"] for r in spec["datasets"][names["data"]["name"]]] == [
        "Milestones",
        "Therapy",
        "Together or apart",
    ]
    assert names["encoding"]["x"] == {"value": 0}
    axis = line["encoding"]["y"]["axis"]
    assert (axis["labelAlign"], axis["minExtent"], axis["titleAngle"]) == ("left", 0, 0)
    # Legends beneath in one column each; the milestone legend lists this period's kinds only,
    # while the scale keeps every kind's shape.
    assert spec["config"]["legend"] == {
        "columns": 1,
        "direction": "vertical",
        "orient": "bottom",
        **GUIDE_COLOURS,
    }
    assert points["encoding"]["shape"]["legend"]["values"] == [
        "Breakup",
        "First meetup",
        "Therapy session",
    ]
    assert len(points["encoding"]["shape"]["scale"]["domain"]) == len(cycles.KIND_LABELS)
    assert spec["config"]["axisX"] == {"labelBound": True, "labelFlush": True, **GUIDE_COLOURS}


CLIPPED = pd.DataFrame(
    {
        "state": ["apart"],
        "start_on": pd.to_datetime(["2025-11-02"]),
        "end_on": pd.to_datetime([None]),
        "open": [True],
        "counted": [False],
        "days": [29],
        "clipped": [True],
        "began_on": pd.to_datetime(["2025-10-13"]),
    }
)


def test_timeline_draws_a_stretch_from_before_the_period_across_it():
    # "Last 30 days" to 1 Dec (from 2 Nov): apart since 13 Oct, nothing else in the period.
    spec = cycles.timeline_chart(CLIPPED, MILESTONES.iloc[0:0], MOOD, UNTIL).to_dict()
    check_common(spec)
    bars = next(u for u in units(spec) if u["mark"]["type"] == "bar")
    (row,) = spec["datasets"][bars["data"]["name"]]
    # The band runs from the period's first day through the end of its last (to 2 Dec).
    assert row["start_on"].startswith("2025-11-02")
    assert row["end_drawn"].startswith("2025-12-02")
    assert row["from_text"] == "13 Oct 2025 (before this period)"
    assert row["days_text"] == "29 since the period began"
    assert tooltip_titles(bars) == {"Period", "From", "To", "Days"}


def test_timeline_caption_for_a_stretch_from_before_the_period():
    # 13 Oct -> 1 Dec = 18 + 30 + 1 = 49 days apart; no breakup or reunion inside the period.
    assert cycles.timeline_caption(CLIPPED, UNTIL) == (
        "No breakup or reunion in this period; apart all through it, since 13 Oct 2025 (49 days)."
    )
    # From 3 Sep: the carried-in breakup of 1 Sep is not a breakup in the period (breakups on
    # 5 Sep and 15 Nov are), but the reunion of 1 Nov follows it.
    from_sep = SEGMENTS.iloc[2:].assign(
        start_on=lambda f: f["start_on"].where(f.index != 2, pd.Timestamp("2025-09-03")),
        days=[2, 57, 14, 16],
        clipped=[True, False, False, False],
        began_on=pd.to_datetime(["2025-09-01", "2025-09-05", "2025-11-01", "2025-11-15"]),
    )
    assert cycles.timeline_caption(from_sep, UNTIL) == (
        "2 breakups and 1 reunion; together: 14 days; apart: 57 days; apart for the last 16 days."
    )


def test_timeline_caption():
    # Apart stretches 4 (breakups), together after the first breakup 2 (reunions); measured
    # together 73 and 14, apart 19 and 57; the open stretch has run 16 days.
    assert cycles.timeline_caption(SEGMENTS, UNTIL) == (
        "4 breakups and 2 reunions; together: 73 and 14 days; apart: 19 and 57 days; apart for "
        "the last 16 days."
    )
    assert cycles.timeline_caption(SEGMENTS.iloc[0:0], UNTIL).startswith("No breakup")


def test_milestones_spec_and_caption():
    points = only_unit(cycles.milestones_chart(MILESTONES), rows=3)
    assert points["encoding"]["x"]["field"] == "on"
    # 1 Jan -> 5 Sep 2025: 31+28+31+30+31+30+31+31 = 243 days to 1 Sep, + 4 = 247.
    assert cycles.milestones_caption(MILESTONES) == (
        "3 milestones over 247 days; the latest is “back together” on 05 Sep 2025."
    )
    assert cycles.milestones_caption(MILESTONES.iloc[0:0]).startswith("No milestones")


def test_milestones_caption_with_one_day():
    # One milestone: no "over 0 days".
    assert cycles.milestones_caption(MILESTONES.iloc[[1]]) == (
        "1 milestone in this period: “breakup” on 01 Jun 2025."
    )
    same_day = MILESTONES.assign(on=pd.Timestamp("2025-06-01"))
    assert cycles.milestones_caption(same_day) == (
        "3 milestones, all on 01 Jun 2025; the last one logged is “back together”."
    )


def before_frame(breakups: list[str]) -> pd.DataFrame:
    rows = []
    for on in breakups:
        end = pd.Timestamp(on)
        for n in range(14, 0, -1):
            rows.append((end, n, end - pd.Timedelta(days=n), 1, 4.0 if n > 7 else 2.0, 1, 0))
    return pd.DataFrame(
        rows,
        columns=[
            "breakup_on",
            "days_before",
            "day",
            "mood_entries",
            "mean_mood",
            "contacts_me",
            "contacts_them",
        ],
    )


def test_before_breakup_spec():
    spec = cycles.before_breakup_chart(before_frame(["2025-06-01", "2025-09-01"])).to_dict()
    check_common(spec)
    assert data_rows(spec) == 2 * 14
    mood_line, contact_line = units(spec)
    assert mood_line["encoding"]["x"]["scale"]["domain"] == [-14, -1]
    assert mood_line["encoding"]["color"]["scale"]["domain"] == ["01 Jun 2025", "01 Sep 2025"]
    assert contact_line["encoding"]["y"]["field"] == "contacts"
    assert "Contacts I started" in tooltip_titles(mood_line)


def test_before_breakup_keeps_the_last_eight():
    dates = [f"2025-{m:02d}-01" for m in range(1, 10)]  # nine breakups
    spec = cycles.before_breakup_chart(before_frame(dates)).to_dict()
    assert data_rows(spec) == 8 * 14
    (first, _) = units(spec)
    assert first["encoding"]["color"]["scale"]["domain"][0] == "01 Feb 2025"


@pytest.mark.parametrize("usual", [5.0, None])
def test_before_breakup_caption(usual):
    # Per breakup 7 days at 4 and 7 at 2, one entry each: (7·4 + 7·2) / 14 = 3. One contact
    # a day.
    text = cycles.before_breakup_caption(before_frame(["2025-06-01", "2025-09-01"]), usual)
    tail = "" if usual is None else " (usual: 5.0)"
    assert text == (
        f"In the 14 days before your 2 breakups, your mood averaged 3.0{tail}, with 1.0 "
        "contacts a day between you."
    )
    assert cycles.before_breakup_caption(before_frame([]), usual) == (
        "No breakup is logged in this period."
    )


def test_timeline_gives_therapy_its_own_quiet_lane():
    with_therapy = pd.concat(
        [
            MILESTONES,
            pd.DataFrame(
                {
                    "on": pd.to_datetime(["2025-09-10", "2025-09-17"]),
                    "kind": ["therapy_session"] * 2,
                    "title": ["", ""],
                }
            ),
        ],
        ignore_index=True,
    )
    spec = cycles.timeline_chart(SEGMENTS, with_therapy, MOOD, UNTIL).to_dict()
    bars, points, _names, _line = units(spec)
    rows = spec["datasets"][points["data"]["name"]]
    assert [r["lane"] for r in rows] == ["Milestones"] * 3 + ["Therapy"] * 2
    lanes = ["Milestones", "Therapy", "Together or apart"]
    assert points["encoding"]["y"]["sort"] == bars["encoding"]["y"]["sort"] == lanes
    # Sessions are drawn smaller and lighter than the relationship's own milestones.
    size = points["encoding"]["size"]
    assert size["condition"]["test"] == "(datum.kind === 'therapy_session')"
    assert size["condition"]["value"] < size["value"]


def test_timeline_legends_sit_beneath_the_panels():
    spec = cycles.timeline_chart(SEGMENTS, MILESTONES, MOOD, UNTIL).to_dict()
    assert spec["config"]["legend"]["orient"] == "bottom"


def test_before_breakup_caption_describes_the_eight_drawn():
    # Nine breakups; the oldest (1 Jan) had mood 10 all fortnight and 3 contacts a day. The
    # chart draws the last eight, each 7 days at 4 and 7 at 2 with one contact a day: mood
    # (7·4 + 7·2) / 14 = 3.0 and 1.0 contact a day. Over all nine it would be
    # (8·42 + 140) / 126 = 3.8 and (8·14 + 42) / 126 = 1.2: the caption must not say that.
    dates = [f"2025-{m:02d}-01" for m in range(1, 10)]
    days = before_frame(dates)
    oldest = days["breakup_on"] == pd.Timestamp("2025-01-01")
    days.loc[oldest, "mean_mood"] = 10.0
    days.loc[oldest, "contacts_me"] = 3
    assert cycles.before_breakup_caption(days, None) == (
        "In the 14 days before your last 8 breakups, your mood averaged 3.0, with 1.0 contacts "
        "a day between you."
    )
    spec = cycles.before_breakup_chart(days).to_dict()
    assert data_rows(spec) == 8 * 14
    # Exactly eight: all of them, no "last".
    assert cycles.before_breakup_caption(days[~oldest], None).startswith(
        "In the 14 days before your 8 breakups,"
    )


def test_before_breakup_without_mood_draws_the_contacts_alone():
    no_mood = before_frame(["2025-06-01", "2025-09-01"]).assign(mood_entries=0, mean_mood=None)
    spec = cycles.before_breakup_chart(no_mood).to_dict()
    check_common(spec)
    (contact_line,) = units(spec)
    assert contact_line["encoding"]["y"]["field"] == "contacts"
    assert spec["title"]["subtitle"] == "No mood logged in these days"


def test_before_breakup_without_contacts_draws_the_mood_alone():
    quiet = before_frame(["2025-06-01"]).assign(contacts_me=0, contacts_them=0)
    spec = cycles.before_breakup_chart(quiet).to_dict()
    (mood_line,) = units(spec)
    assert mood_line["encoding"]["y"]["field"] == "mean_mood"
    assert spec["title"]["subtitle"] == "No contact between you in these days"
    # (7·4 + 7·2) / 14 = 3.
    assert cycles.before_breakup_caption(quiet, None) == (
        "In the 14 days before your breakup, your mood averaged 3.0, with no contact between you."
    )
