"""Section 4 metrics on hand-computed cases (real DuckDB files, built in code)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from dashboard import cli, metrics, wording
from dashboard.schema import INITIATORS, MILESTONE_KINDS
from dashboard.store import Store

D = dt.date
M = 0.5 ** (1 / 13)  # the spec's memory factor


def nc_start(day: str) -> dict:
    return {"on": day, "kind": "no_contact_start"}


def me(at: str, **kw) -> dict:
    return {"at": at, "initiator": "me", "channel": "text", **kw}


def them(at: str, **kw) -> dict:
    return {"at": at, "initiator": "them", "channel": "text", **kw}


# An empty journal as of Mar 1, every field in the order `metrics --json` prints them (the
# guidance tests build their quiet context from it too).
EMPTY: metrics.Metrics = {
    "as_of": "2026-03-01",
    "since": None,
    "no_contact": {
        "active": False,
        "goal_days": 30,
        "current_streak_days": None,
        "longest_streak_days": 0,
        "nc_days": 0,
        "breaks": 0,
        "break_days": 0,
        "adherence_pct": None,
        "strength_pct": None,
        "urges_resisted": 0,
        "peeks": 0,
        "current_period_days": None,
    },
    "relapse": {
        "late_night_share": None,
        "under_influence_share": None,
        "response_rate": None,
        "max_unanswered_chain": 0,
        "top_triggers": [],
        "mood_before_break": None,
        "mood_baseline": None,
    },
    "cycles": {
        "status": None,
        "breakups": 0,
        "reunions": 0,
        "together_periods_days": [],
        "apart_periods_days": [],
    },
    "mood": {
        "entries": 0,
        "days_logged": 0,
        "mean": None,
        "mean_last_7d": None,
        "current_low_run_days": 0,
        "min_last_3d": None,
        "low_days_7d": 0,
        "latest_two_days_min": None,
    },
    "milestones": {"counts": {}, "latest_kind": None, "latest_on": None},
}


def test_empty_database(store):
    assert metrics.compute(store, as_of=D(2026, 3, 1)) == EMPTY


def test_day_boundary_puts_a_1_30_text_on_the_day_before(make_store):
    # NC from Mar 1. A text at 01:30 on Mar 5 is tracking day Mar 4; one at 04:00 on Mar 7 is
    # Mar 7 itself, which is after as_of (Mar 6) -> not counted.
    s = make_store(
        milestones=[nc_start("2026-03-01")],
        contacts=[me("2026-03-05T01:30"), me("2026-03-07T04:00")],
    )
    nc = metrics.compute(s, as_of=D(2026, 3, 5))["no_contact"]
    # NC days Mar 1..5 = 5; break on Mar 4; Mar 5 is clean -> current streak 1.
    assert nc["nc_days"] == 5
    assert nc["breaks"] == 1
    assert nc["break_days"] == 1
    assert nc["current_streak_days"] == 1
    assert nc["longest_streak_days"] == 3  # Mar 1-3
    assert nc["adherence_pct"] == 80.0  # 100 * (5 - 1) / 5
    # clean, clean, clean, break, clean:
    # s3 = 1 - M^3; s4 = M * s3; s5 = M * s4 + (1 - M) = 1 - M - M^5 + M^2 ~= 0.1848
    assert nc["strength_pct"] == pytest.approx(100 * (1 - M - M**5 + M**2))  # ~18.48, unrounded
    assert metrics.compute(s, as_of=D(2026, 3, 6))["no_contact"]["breaks"] == 1


def test_a_contact_at_03_59_belongs_to_the_day_before_with_day_start_4(make_store):
    s = make_store(milestones=[nc_start("2026-03-01")], contacts=[me("2026-03-03T03:59")])
    daily = metrics.nc_daily(s, D(2026, 3, 3))
    breaks = {row.day.date(): row.breaks for row in daily.itertuples()}
    assert breaks == {D(2026, 3, 1): 0, D(2026, 3, 2): 1, D(2026, 3, 3): 0}


def test_day_start_hour_setting_moves_the_boundary(make_store):
    s = make_store(
        settings={"day_start_hour": 0},
        milestones=[nc_start("2026-03-01")],
        contacts=[me("2026-03-03T01:30")],
    )
    nc = metrics.compute(s, as_of=D(2026, 3, 3))["no_contact"]
    assert nc["current_streak_days"] == 0  # the break is on Mar 3 itself now


def test_break_today_gives_streak_zero_but_keeps_longest(make_store):
    s = make_store(milestones=[nc_start("2026-03-01")], contacts=[me("2026-03-10T20:00")])
    nc = metrics.compute(s, as_of=D(2026, 3, 10))["no_contact"]
    assert nc["current_streak_days"] == 0
    assert nc["longest_streak_days"] == 9  # Mar 1-9
    assert nc["adherence_pct"] == 90.0  # 100 * 9 / 10


def test_no_contact_start_inside_an_active_period_changes_nothing(make_store):
    s = make_store(milestones=[nc_start("2026-03-01"), nc_start("2026-03-04")])
    nc = metrics.compute(s, as_of=D(2026, 3, 6))["no_contact"]
    assert nc["nc_days"] == 6  # Mar 1..6, not restarted on Mar 4
    assert nc["current_streak_days"] == 6
    assert nc["longest_streak_days"] == 6
    # six clean days: s = 1 - M^6; M^3 ~= 0.8522, M^6 ~= 0.7262 -> 0.2738
    assert nc["strength_pct"] == pytest.approx(100 * (1 - M**6))  # ~27.38, unrounded


def test_reconnected_ends_a_period_and_contacts_after_it_are_not_breaks(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-01"), {"on": "2026-03-04", "kind": "reconnected"}],
        contacts=[me("2026-03-05T12:00", got_response=True), me("2026-03-02T12:00")],
    )
    nc = metrics.compute(s, as_of=D(2026, 3, 8))["no_contact"]
    assert nc["active"] is False
    assert nc["current_streak_days"] is None
    assert nc["nc_days"] == 3  # Mar 1..3: the period ends the day before reconnecting
    assert nc["breaks"] == 1  # only the Mar 2 contact
    assert nc["longest_streak_days"] == 1  # Mar 1 | break Mar 2 | Mar 3
    assert nc["adherence_pct"] == 100 * 2 / 3  # 66.67, at full precision


def test_back_together_also_ends_a_period_and_a_later_start_opens_a_new_one(make_store):
    s = make_store(
        milestones=[
            nc_start("2026-03-01"),
            {"on": "2026-03-03", "kind": "back_together"},
            nc_start("2026-03-10"),
        ]
    )
    nc = metrics.compute(s, as_of=D(2026, 3, 12))["no_contact"]
    assert nc["nc_days"] == 5  # Mar 1-2 and Mar 10-12
    assert nc["current_streak_days"] == 3  # Mar 10-12; Mar 3-9 are not NC days
    assert nc["longest_streak_days"] == 3
    assert nc["current_period_days"] == 3  # Mar 10, 11, 12: only the open period


def test_current_period_days_counts_the_open_stretch_only(make_store):
    # First period Jan 1 .. Feb 9 (40 days: 31 in January + 9), ended by reconnecting on
    # Feb 10; back together Feb 20; broke up and started again on Mar 1; a second start on
    # Mar 4 lies inside the open period and changes nothing.
    s = make_store(
        milestones=[
            nc_start("2026-01-01"),
            {"on": "2026-02-10", "kind": "reconnected"},
            {"on": "2026-02-20", "kind": "back_together"},
            {"on": "2026-03-01", "kind": "breakup"},
            nc_start("2026-03-01"),
            nc_start("2026-03-04"),
        ],
        # A break does not end the period: the count is of the stretch, not of the streak.
        contacts=[me("2026-03-05T12:00")],
    )

    def nc(day: dt.date, since: dt.date | None = None) -> dict:
        return metrics.compute(s, as_of=day, since=since)["no_contact"]

    assert nc(D(2026, 1, 1))["current_period_days"] == 1  # its first day counts as day 1
    assert nc(D(2026, 1, 30))["current_period_days"] == 30
    assert (nc(D(2026, 2, 9))["current_period_days"], nc(D(2026, 2, 9))["nc_days"]) == (40, 40)
    assert nc(D(2026, 2, 10))["current_period_days"] is None  # reconnected: not an NC day
    assert nc(D(2026, 2, 25))["current_period_days"] is None
    second = nc(D(2026, 3, 8))
    # Mar 1..8 = 8 days, while nc_days adds both stretches: 40 + 8 = 48.
    assert (second["current_period_days"], second["nc_days"]) == (8, 48)
    assert second["current_streak_days"] == 3  # Mar 6-8, after the Mar 5 break
    # With a period filter, as every figure, it counts from `since`: Mar 6..8.
    assert nc(D(2026, 3, 8), since=D(2026, 3, 6))["current_period_days"] == 3


def test_contacts_outside_no_contact_are_not_breaks_but_count_in_chains(make_store):
    s = make_store(
        contacts=[
            me("2026-02-01T10:00", got_response=False),
            me("2026-02-01T11:00", got_response=False),
        ]
    )
    result = metrics.compute(s, as_of=D(2026, 2, 5))
    assert result["no_contact"]["breaks"] == 0
    assert result["relapse"]["late_night_share"] is None
    assert result["relapse"]["max_unanswered_chain"] == 2


def test_unanswered_chain_is_reset_by_their_contact_and_by_an_answer(make_store):
    s = make_store(
        contacts=[
            me("2026-02-01T10:00", got_response=False),
            me("2026-02-01T11:00", got_response=False),
            them("2026-02-01T12:00"),
            me("2026-02-02T10:00", got_response=False),
            me("2026-02-02T11:00", got_response=True),
            me("2026-02-03T10:00", got_response=False),
            me("2026-02-03T11:00", got_response=False),
            me("2026-02-03T12:00", got_response=False),
            me("2026-02-03T13:00"),  # unknown answer also ends the run
            me("2026-02-03T14:00", got_response=False),
        ]
    )
    assert metrics.compute(s, as_of=D(2026, 2, 5))["relapse"]["max_unanswered_chain"] == 3


def test_relapse_shares_triggers_and_null_responses(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-01")],
        contacts=[
            # hour 22, late, influenced, answered, trigger "Alcohol " -> "alcohol"
            me("2026-03-02T22:00", under_influence=True, got_response=True, trigger="Alcohol "),
            # hour 1 (tracking day Mar 2), late, influenced, unanswered
            me("2026-03-03T01:00", under_influence=True, got_response=False, trigger="alcohol"),
            # hour 15, not late, response unknown
            me("2026-03-04T15:00", trigger="loneliness"),
            # hour 21, not late, unanswered
            me("2026-03-05T21:00", got_response=False, trigger="boredom"),
            # their contact is never a break
            them("2026-03-05T23:00", trigger="alcohol"),
        ],
    )
    relapse = metrics.compute(s, as_of=D(2026, 3, 6))["relapse"]
    assert relapse["late_night_share"] == 0.5  # 2 of 4 breaks
    assert relapse["under_influence_share"] == 0.5  # 2 of 4
    assert relapse["response_rate"] == 1 / 3  # 1 answered of 3 known, unrounded
    # alcohol 2; boredom and loneliness tie at 1 -> by name
    assert relapse["top_triggers"] == [["alcohol", 2], ["boredom", 1], ["loneliness", 1]]


def test_mood_before_break_pools_windows_and_baseline_uses_nc_days(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-02")],
        mood=[
            {"at": "2026-03-01T12:00", "mood": 9},  # before NC: not in the baseline
            {"at": "2026-03-02T10:00", "mood": 2},  # in both windows below
            {"at": "2026-03-02T21:00", "mood": 4},  # in both windows
            {"at": "2026-03-03T09:00", "mood": 6},  # only in the second window
        ],
        contacts=[me("2026-03-03T08:00"), me("2026-03-03T09:30")],
    )
    relapse = metrics.compute(s, as_of=D(2026, 3, 4))["relapse"]
    # window 1 [Mar 2 08:00, Mar 3 08:00): 2, 4; window 2 [Mar 2 09:30, Mar 3 09:30): 2, 4, 6
    # pooled: (2 + 4 + 2 + 4 + 6) / 5 = 3.6
    assert relapse["mood_before_break"] == 3.6
    # baseline: entries on NC days (Mar 2, Mar 3): (2 + 4 + 6) / 3 = 4.0
    assert relapse["mood_baseline"] == 4.0


def test_urges_count_only_on_nc_days(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-02")],
        urges=[
            {"at": "2026-03-01T12:00", "intensity": 5, "outcome": "resisted"},
            {"at": "2026-03-02T12:00", "intensity": 5, "outcome": "resisted"},
            {"at": "2026-03-03T02:00", "intensity": 9, "outcome": "peeked"},
        ],
    )
    nc = metrics.compute(s, as_of=D(2026, 3, 3))["no_contact"]
    assert (nc["urges_resisted"], nc["peeks"]) == (1, 1)


def test_cycles_match_the_spec_example(make_store):
    s = make_store(
        milestones=[
            {"on": "2025-12-20", "kind": "back_together"},  # no earlier breakup: not a reunion
            {"on": "2026-01-01", "kind": "breakup"},
            {"on": "2026-01-31", "kind": "back_together"},  # apart Jan 1 -> Jan 31 = 30 days
            {"on": "2026-03-17", "kind": "breakup"},  # together Jan 31 -> Mar 17 = 45 days
            {"on": "2026-03-18", "kind": "no_contact_start"},
        ]
    )
    cycles = metrics.compute(s, as_of=D(2026, 4, 1))["cycles"]
    assert cycles == {
        "status": "apart",
        "breakups": 2,
        "reunions": 1,
        # Dec 20 -> Jan 1 is a closed together period of 12 days as well
        "together_periods_days": [12, 45],
        "apart_periods_days": [30],
    }
    assert metrics.compute(s, as_of=D(2026, 2, 1))["cycles"]["status"] == "together"


def test_mood_figures_and_low_run(make_store):
    s = make_store(
        mood=[
            {"at": "2026-03-01T12:00", "mood": 2},  # day mean 2 but followed by a gap
            {"at": "2026-03-03T12:00", "mood": 3},
            {"at": "2026-03-03T20:00", "mood": 4},  # Mar 3 mean 3.5 -> not low
            {"at": "2026-03-04T12:00", "mood": 3},  # low
            {"at": "2026-03-05T12:00", "mood": 1},
            {"at": "2026-03-05T13:00", "mood": 5},  # Mar 5 mean 3 -> low
            {"at": "2026-03-06T02:00", "mood": 2},  # tracking day Mar 5 -> mean 8/3, low
        ]
    )
    mood = metrics.compute(s, as_of=D(2026, 3, 5))["mood"]
    assert mood["entries"] == 7
    assert mood["days_logged"] == 4
    assert mood["mean"] == 20 / 7  # 2+3+4+3+1+5+2 = 20, unrounded (2.857142…)
    # last 7 days Feb 27..Mar 5: all 7 entries
    assert mood["mean_last_7d"] == 20 / 7
    assert mood["current_low_run_days"] == 2  # Mar 5 and Mar 4; Mar 3 (3.5) ends it
    assert mood["min_last_3d"] == 1
    # Mar 6 has no entries (its 02:00 entry is Mar 5's) -> run 0
    assert metrics.compute(s, as_of=D(2026, 3, 6))["mood"]["current_low_run_days"] == 0
    # The mood figures alone, for a window: Mar 3..4 holds 3, 4, 3 -> mean 10/3.
    window = metrics.mood_over(s, D(2026, 3, 4), D(2026, 3, 3))
    assert (window["entries"], window["days_logged"], window["mean"]) == (3, 2, 10 / 3)
    assert window == metrics.compute(s, as_of=D(2026, 3, 4), since=D(2026, 3, 3))["mood"]


def moods(*days: tuple[str, list[int]]) -> list[dict]:
    """Mood rows: ("2026-03-04", [2, 5]) logs 2 at 08:00 and 5 at 20:00 on Mar 4."""
    hours = ("08:00", "20:00", "22:00")
    return [
        {"at": f"{day}T{hours[i]}", "mood": value}
        for day, values in days
        for i, value in enumerate(values)
    ]


def test_low_days_7d_counts_days_whose_lowest_mood_is_low(make_store):
    s = make_store(
        mood=moods(
            ("2026-03-02", [1]),  # outside Mar 4..10
            ("2026-03-04", [2, 5]),  # lowest 2 (mean 3.5): low
            ("2026-03-05", [3]),  # 3 is low (<= 3)
            ("2026-03-06", [4, 9]),  # lowest 4: not low
            # Mar 7 not logged: counts neither way
            ("2026-03-08", [8, 3]),  # lowest 3: low
            ("2026-03-09", [6]),
            ("2026-03-10", [7, 9]),
        )
    )
    mood = metrics.compute(s, as_of=D(2026, 3, 10))["mood"]
    assert mood["low_days_7d"] == 3  # Mar 4, 5, 8
    assert mood["min_last_3d"] == 3  # Mar 8..10: 8, 3, 6, 7, 9
    assert mood["latest_two_days_min"] == 6  # Mar 9 (6) and Mar 10 (7, 9)
    # The daily mean would see only Mar 5 (3) and Mar 8 (5.5 is not low) as low.
    assert mood["current_low_run_days"] == 0
    earlier = metrics.compute(s, as_of=D(2026, 3, 8))["mood"]
    # Mar 2..8: Mar 2 (1), 4, 5, 8 -> 4; latest two logged days Mar 6 (4) and Mar 8 (3).
    assert (earlier["low_days_7d"], earlier["latest_two_days_min"]) == (4, 3)
    assert earlier["min_last_3d"] == 3  # Mar 6..8: 4, 9, 8, 3
    # The latest logged days are the ones up to as_of: on Mar 7 they are Mar 5 and 6.
    assert metrics.compute(s, as_of=D(2026, 3, 7))["mood"]["latest_two_days_min"] == 3
    # One logged day is not two: no way out yet.
    assert metrics.compute(s, as_of=D(2026, 3, 3))["mood"]["latest_two_days_min"] is None
    # With a period filter only days from `since` count.
    window = metrics.compute(s, as_of=D(2026, 3, 10), since=D(2026, 3, 5))["mood"]
    assert window["low_days_7d"] == 2  # Mar 5, 8


def test_since_limits_counts_to_the_period(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-01")],
        contacts=[me("2026-03-02T12:00"), me("2026-03-08T12:00")],
        mood=[{"at": "2026-03-02T12:00", "mood": 2}, {"at": "2026-03-08T12:00", "mood": 8}],
    )
    result = metrics.compute(s, as_of=D(2026, 3, 10), since=D(2026, 3, 5))
    nc = result["no_contact"]
    assert nc["nc_days"] == 6  # Mar 5..10
    assert nc["breaks"] == 1
    assert nc["longest_streak_days"] == 3  # Mar 5-7
    assert nc["current_streak_days"] == 2  # Mar 9-10
    assert result["mood"]["entries"] == 1
    assert result["mood"]["mean"] == 8.0


def test_streak_history(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-01"), {"on": "2026-03-08", "kind": "reconnected"}],
        contacts=[me("2026-03-03T12:00")],
    )
    history = metrics.streak_history(metrics.nc_daily(s, D(2026, 3, 9)))
    rows = [(r.start, r.end, r.days, r.ended_by) for r in history.itertuples()]
    assert rows == [
        (D(2026, 3, 1), D(2026, 3, 2), 2, "break"),
        (D(2026, 3, 4), D(2026, 3, 7), 4, "nc ended"),
    ]


def test_calendar_states(make_store):
    s = make_store(
        milestones=[nc_start("2026-03-02")],
        contacts=[me("2026-03-03T12:00")],
        urges=[
            {"at": "2026-03-03T13:00", "intensity": 3, "outcome": "peeked"},
            {"at": "2026-03-04T13:00", "intensity": 3, "outcome": "peeked"},
            {"at": "2026-03-04T14:00", "intensity": 3, "outcome": "resisted"},
            {"at": "2026-03-05T13:00", "intensity": 3, "outcome": "resisted"},
        ],
        mood=[{"at": "2026-02-28T12:00", "mood": 5}],
    )
    daily = metrics.nc_daily(s, D(2026, 3, 6))
    states = [r.state for r in daily.itertuples()]
    assert states == [
        "not in no contact",  # Feb 28, the first day with data
        "not in no contact",  # Mar 1
        "clean",
        "break",  # a break outranks the peek
        "peek",  # a peek outranks the resisted urge
        "urge resisted",
        "clean",
    ]


@pytest.mark.parametrize("hour", [22, 23, 0, 1, 2, 3])
def test_late_night_hours(make_store, hour):
    day = "2026-03-05" if hour >= 22 else "2026-03-06"
    s = make_store(milestones=[nc_start("2026-03-01")], contacts=[me(f"{day}T{hour:02d}:30")])
    assert metrics.compute(s, as_of=D(2026, 3, 7))["relapse"]["late_night_share"] == 1.0


@pytest.mark.parametrize("hour", [4, 12, 21])
def test_not_late_night_hours(make_store, hour):
    s = make_store(milestones=[nc_start("2026-03-01")], contacts=[me(f"2026-03-05T{hour:02d}:30")])
    assert metrics.compute(s, as_of=D(2026, 3, 7))["relapse"]["late_night_share"] == 0.0


def test_milestone_summary_skips_therapy_and_custom_for_the_stage(make_store):
    s = make_store(
        milestones=[
            {"on": "2026-03-01", "kind": "breakup"},
            {"on": "2026-03-03", "kind": "no_contact_start"},
            {"on": "2026-03-05", "kind": "therapy_session"},
            {"on": "2026-03-06", "kind": "custom", "title": "moved flat"},
        ]
    )
    summary = metrics.compute(s, as_of=D(2026, 3, 7))["milestones"]
    assert summary["counts"] == {
        "breakup": 1,
        "custom": 1,
        "no_contact_start": 1,
        "therapy_session": 1,
    }
    assert (summary["latest_kind"], summary["latest_on"]) == ("no_contact_start", "2026-03-03")


# -- the typed record, its JSON and PRODUCT.md section 4 -------------------------------------------
SPEC = Path(__file__).resolve().parents[2] / "shared" / "PRODUCT.md"
RECORDS = {
    "no_contact": metrics.NoContact,
    "relapse": metrics.Relapse,
    "cycles": metrics.Cycles,
    "mood": metrics.Mood,
    "milestones": metrics.Milestones,
}
# What the record holds beyond section 4's names: the period filter, the support card's way out
# (the spec says "the two latest logged days", no field name) and the milestones the rules read.
NOT_IN_SECTION_4 = {
    "since",
    "mood.latest_two_days_min",
    "milestones.counts",
    "milestones.latest_kind",
    "milestones.latest_on",
}
# Backticked words of section 4 that are values, not fields: milestone kinds, initiators, statuses.
VALUES = {*MILESTONE_KINDS, *INITIATORS, "apart", "together"}


def _section_4() -> str:
    text = SPEC.read_text(encoding="utf-8")
    return text.split("\n## 4.", 1)[1].split("\n## 5.", 1)[0]


def _paths(record: Mapping[str, Any]) -> set[str]:
    """'as_of', 'no_contact.breaks', ...: top-level keys, and the keys of each section."""
    out = {key for key, value in record.items() if not isinstance(value, Mapping)}
    out |= {f"{key}.{k}" for key, v in record.items() if isinstance(v, Mapping) for k in v}
    return out


def _typed_paths() -> set[str]:
    top = {k for k in metrics.Metrics.__annotations__ if k not in RECORDS}
    return top | {f"{name}.{k}" for name, rec in RECORDS.items() for k in rec.__annotations__}


def test_the_json_example_of_section_4_is_part_of_the_typed_record() -> None:
    example = json.loads(re.search(r"```json\n(.*?)```", _section_4(), re.S).group(1))
    assert _paths(example) - _typed_paths() == set()
    assert _paths(example) <= metrics.field_paths(metrics.Metrics)


def test_section_4_names_every_field_of_the_record_and_no_other() -> None:
    section = _section_4()
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    prose = re.sub(r"```json.*?```", "", section, flags=re.S)
    named = set(re.findall(r"`([a-z][a-z0-9_]+(?:\.[a-z0-9_]+)?)`", prose)) - VALUES
    typed = _typed_paths()
    found = {p for p in typed for n in named if p == n or p.endswith(f".{n}")}
    unknown = {n for n in named if not any(p == n or p.endswith(f".{n}") for p in typed)}
    assert unknown == set()  # a field the spec names but the record lacks
    assert typed - found - _paths(example) == NOT_IN_SECTION_4


def test_json_prints_the_record_in_field_order_at_full_precision(make_store, capsys) -> None:
    journal = plain_journal(make_store, [5, 6, 6])
    assert cli.main(["--db", str(journal), "metrics", "--as-of", "2026-03-03", "--json"]) == 0
    expected = copy.deepcopy(EMPTY) | {"as_of": "2026-03-03"}
    expected["no_contact"] |= {
        "active": True,
        "current_streak_days": 1,  # Mar 3
        "longest_streak_days": 1,  # Mar 1, and Mar 3
        "nc_days": 3,
        "breaks": 1,
        "break_days": 1,
        "adherence_pct": 100 * 2 / 3,  # 66.666…, not 66.7
        # 100 * (1 - m)(m^2 + 1): clean, break, clean (~9.9); DuckDB's sums, so approx.
        "strength_pct": pytest.approx(100 * (1 - M) * (M**2 + 1)),
        "urges_resisted": 1,
        "current_period_days": 3,
    }
    expected["relapse"] |= {
        "late_night_share": 0.0,  # noon
        "under_influence_share": 0.0,
        "mood_before_break": 6.0,  # [Mar 1 12:00, Mar 2 12:00) holds the 6 of Mar 2 09:00
        "mood_baseline": 17 / 3,  # every entry on an NC day: 5.666…, not 5.667
    }
    expected["mood"] |= {
        "entries": 3,
        "days_logged": 3,
        "mean": 17 / 3,
        "mean_last_7d": 17 / 3,
        "min_last_3d": 5,
        "latest_two_days_min": 6,
    }
    expected["milestones"] = {
        "counts": {"no_contact_start": 1},
        "latest_kind": "no_contact_start",
        "latest_on": "2026-03-01",
    }
    out = capsys.readouterr().out
    assert json.loads(out) == expected
    assert list(json.loads(out)) == list(expected)  # field order
    assert '"mean": 5.666666666666667,' in out  # every digit of 17 / 3 printed


def test_to_json_keeps_every_field_the_type_declares(make_store) -> None:
    with Store(plain_journal(make_store, [5, 6, 6])) as s:
        result = metrics.compute(s, as_of=D(2026, 3, 3))
    printed = json.loads(metrics.to_json(result))
    assert list(printed) == list(metrics.Metrics.__annotations__)
    for name, record in RECORDS.items():
        assert list(printed[name]) == list(record.__annotations__)


# -- the plain summary: one decimal, whole percentages, plurals ------------------------------------
def plain_journal(make_store, moods: list[int]) -> Path:
    """No contact from Mar 1, a text on Mar 2 (noon), an urge resisted that evening, and one
    mood a day from Mar 1 at 09:00; the file closed so the command line can open it."""
    s = make_store(
        milestones=[nc_start("2026-03-01")],
        contacts=[me("2026-03-02T12:00")],
        urges=[{"at": "2026-03-02T20:00", "intensity": 5, "outcome": "resisted"}],
        mood=[{"at": f"2026-03-{i + 1:02d}T09:00", "mood": m} for i, m in enumerate(moods)],
    )
    s.close()
    return s.path


def test_plain_metrics_read_like_the_pages(make_store, capsys) -> None:
    journal = plain_journal(make_store, [5, 6, 6])
    assert cli.main(["--db", str(journal), "metrics", "--as-of", "2026-03-03"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "As of 3 Mar 2026",
        "  No contact: 1 day in a row",
        "  Strength 10%, adherence 67%",  # 9.9 and 66.7 (2 of 3 days) read whole
        "  Longest streak 1 day; 1 urge resisted",
        "  Mood: 3 entries, mean 5.7, last 7 days 5.7",  # 17 / 3 = 5.667
        "  Cycles: no breakups logged",
    ]


@pytest.mark.parametrize(
    ("moods", "line"),
    [
        ([5, 6, 7, 6], "  Mood: 4 entries, mean 6.0, last 7 days 6.0"),
        ([6, 6, 7], "  Mood: 3 entries, mean 6.3, last 7 days 6.3"),  # 6.333
        ([6], "  Mood: 1 entry, mean 6.0, last 7 days 6.0"),
    ],
)
def test_plain_mean_mood_reads_at_one_decimal(make_store, capsys, moods, line) -> None:
    journal = plain_journal(make_store, moods)
    assert cli.main(["--db", str(journal), "metrics", "--as-of", "2026-03-04"]) == 0
    assert line in capsys.readouterr().out.splitlines()


def test_every_one_decimal_percentage_reads_whole_rounding_half_up() -> None:
    # 14.5 / 100 * 100 is 14.499999999999998: a share taken from the figure would read 14%.
    assert [wording.percent_figure(v) for v in (14.5, 28.5, 57.5, 9.9, 66.7, 0.4)] == [
        "15%",
        "29%",
        "58%",
        "10%",
        "67%",
        "0%",
    ]
    assert wording.percent_figure(None) == "—"
    for tenths in range(1001):
        half_up = (tenths + 5) // 10  # the whole percentage, worked in integers
        assert wording.percent_figure(tenths / 10) == f"{half_up}%", tenths


# -- rounded once, where a person reads it (issue 12 point 3) ----------------------------------
def test_a_mean_just_under_a_half_tenth_reads_down_not_up(make_store) -> None:
    # 376 sixes and 125 sevens: 3131 / 501 = 6.2495009…, which reads 6.2. Rounded to three
    # decimals first it would be 6.250, and that reads 6.3.
    hours = [dt.datetime(2026, 1, 1, 9) + dt.timedelta(hours=6 * i) for i in range(501)]
    values = [7] * 125 + [6] * 376
    s = make_store(
        mood=[{"at": at.isoformat(), "mood": v} for at, v in zip(hours, values, strict=True)]
    )
    mood = metrics.compute(s, as_of=D(2026, 6, 1))["mood"]
    assert (mood["entries"], mood["mean"]) == (501, 3131 / 501)
    assert wording.mood(mood["mean"]) == "6.2"


def test_an_adherence_just_under_a_half_percent_reads_down_not_up(make_store) -> None:
    # No contact Mar 1..11 (11 days), a break on six of them: 100 * 5 / 11 = 45.45…%, which
    # reads 45%. Rounded to one decimal first it would be 45.5, and that reads 46%.
    s = make_store(
        milestones=[nc_start("2026-03-01")],
        contacts=[me(f"2026-03-{day:02d}T12:00") for day in (1, 3, 5, 7, 9, 11)],
    )
    nc = metrics.compute(s, as_of=D(2026, 3, 11))["no_contact"]
    assert (nc["nc_days"], nc["break_days"], nc["adherence_pct"]) == (11, 6, 100 * 5 / 11)
    assert wording.percent_figure(nc["adherence_pct"]) == "45%"
