"""The demo story: deterministic, valid row by row, and telling the story every chart needs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from dashboard import metrics
from dashboard.demo import demo_payload
from dashboard.formats import tideline
from dashboard.store import Store
from dashboard.validate import TABLES, clean_row, clean_settings

END = dt.date(2026, 3, 1)  # a Sunday in the past, so no row can be "in the future"
SEEDS = (7, 11, 2024)
DAY_START = 4
ONE_DAY = dt.timedelta(days=1)


def _ts(row: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(row["at"])


def _day(row: dict[str, Any]) -> dt.date:
    """Tracking day (PRODUCT.md s.4): a 01:30 text belongs to the day before."""
    return (_ts(row) - dt.timedelta(hours=DAY_START)).date()


def _story_kinds(payload: dict[str, Any]) -> list[str]:
    return [
        m["kind"] for m in payload["milestones"] if m["kind"] not in ("therapy_session", "custom")
    ]


def _last_nc_start(payload: dict[str, Any]) -> dt.date:
    """Start of the no-contact period active at the end, asserting one is active."""
    active: dt.date | None = None
    for m in payload["milestones"]:
        on = dt.date.fromisoformat(m["on"])
        if m["kind"] == "no_contact_start" and active is None:
            active = on
        elif m["kind"] in ("reconnected", "back_together"):
            active = None
    assert active is not None, "no no-contact period is active at the end"
    return active


def _daily_moods(payload: dict[str, Any]) -> dict[dt.date, list[int]]:
    daily: dict[dt.date, list[int]] = defaultdict(list)
    for m in payload["mood"]:
        daily[_day(m)].append(m["mood"])
    return daily


def _is_weekend_night(row: dict[str, Any]) -> bool:
    # Friday or Saturday night 22:00-02:00: tracking day Fri/Sat and clock hour 22, 23, 0 or 1.
    return _day(row).weekday() in (4, 5) and _ts(row).hour in (22, 23, 0, 1)


@pytest.fixture(scope="module")
def story() -> dict[str, Any]:
    return demo_payload(end=END, seed=7)


# -- shape and validity ------------------------------------------------------------------------
def test_same_seed_and_end_give_the_same_story() -> None:
    a = demo_payload(end=END, seed=7)
    b = demo_payload(end=END, seed=7)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    other = demo_payload(end=END, seed=8)
    assert json.dumps(other, sort_keys=True) != json.dumps(a, sort_keys=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_row_validates(seed: int) -> None:
    payload = demo_payload(end=END, seed=seed)
    assert set(payload) == {"format", "settings", *TABLES}
    assert payload["format"] == "tideline/1"
    assert clean_settings(payload["settings"])["day_start_hour"] == DAY_START
    for table in TABLES:
        assert payload[table], f"the demo has no {table}"
        for row in payload[table]:
            clean_row(table, row)


def test_default_end_is_today_and_still_valid() -> None:
    payload = demo_payload()
    today = dt.date.today()
    last = max(_day(m) for m in payload["mood"])
    # today's evening entry exists only once the evening has come
    assert today - dt.timedelta(days=1) <= last <= today
    for table in TABLES:
        for row in payload[table]:
            clean_row(table, row)


def test_no_two_rows_are_identical(story: dict[str, Any]) -> None:
    # Import is idempotent by content, so two identical entries would look like one re-imported.
    for table in TABLES:
        seen = [json.dumps(r, sort_keys=True) for r in story[table]]
        assert len(seen) == len(set(seen)), table


def test_about_six_months_ending_at_end(story: dict[str, Any]) -> None:
    first = dt.date.fromisoformat(story["milestones"][0]["on"])
    assert story["milestones"][0]["kind"] == "breakup"
    assert 170 <= (END - first).days <= 190
    days = {_day(r) for t in ("mood", "contacts", "urges") for r in story[t]}
    assert min(days) >= first and max(days) == END


# -- the story ---------------------------------------------------------------------------------
def test_milestones_tell_the_story_in_order(story: dict[str, Any]) -> None:
    assert _story_kinds(story) == [
        "breakup",
        "no_contact_start",
        "reconnected",
        "first_meetup",
        "the_talk",
        "back_together",
        "breakup",
        "no_contact_start",
        "decided_to_move_on",
    ]
    dates = [m["on"] for m in story["milestones"]]
    assert dates == sorted(dates)
    # Weekly therapy for ~26 weeks, fortnightly while together: well over a dozen sessions.
    assert sum(m["kind"] == "therapy_session" for m in story["milestones"]) >= 15


def test_breakup_then_no_contact_a_few_days_later(story: dict[str, Any]) -> None:
    ms = [(m["kind"], dt.date.fromisoformat(m["on"])) for m in story["milestones"]]
    breakups = [on for kind, on in ms if kind == "breakup"]
    starts = [on for kind, on in ms if kind == "no_contact_start"]
    assert len(breakups) == 2 and len(starts) == 2
    for breakup, start in zip(breakups, starts, strict=True):
        assert 1 <= (start - breakup).days <= 7


@pytest.mark.parametrize("seed", SEEDS)
def test_slips_cluster_on_weekend_nights(seed: int) -> None:
    payload = demo_payload(end=END, seed=seed)
    mine = [c for c in payload["contacts"] if c["initiator"] == "me"]
    share = sum(_is_weekend_night(c) for c in mine) / len(mine)
    # Fri+Sat 22:00-02:00 is 8 of the week's 168 hours (~5%); at least half of the contacts
    # I start fall there, ten times what an even spread would give.
    assert share >= 0.5
    assert any(c["under_influence"] for c in mine)
    assert not all(c["under_influence"] for c in mine)
    # ...but not only there: contacts land on several weekdays and hours.
    assert len({_ts(c).weekday() for c in payload["contacts"]}) >= 4
    assert len({_ts(c).hour for c in payload["contacts"]}) >= 8


@pytest.mark.parametrize("seed", SEEDS)
def test_an_unanswered_double_text(seed: int) -> None:
    contacts = sorted(demo_payload(end=END, seed=seed)["contacts"], key=lambda c: c["at"])
    doubles = [
        (a, b)
        for a, b in zip(contacts, contacts[1:], strict=False)
        if a["initiator"] == b["initiator"] == "me"
        and a["got_response"] is False
        and b["got_response"] is False
        and _ts(b) - _ts(a) <= dt.timedelta(hours=2)
    ]
    assert doubles


def test_the_ex_reaches_out_during_no_contact(story: dict[str, Any]) -> None:
    nc_start = _last_nc_start(story)
    first_nc = dt.date.fromisoformat(
        next(m["on"] for m in story["milestones"] if m["kind"] == "no_contact_start")
    )
    theirs = [c for c in story["contacts"] if c["initiator"] == "them"]
    assert all(c["got_response"] is None for c in theirs)  # got_response is for my contacts
    reconnected = dt.date.fromisoformat(
        next(m["on"] for m in story["milestones"] if m["kind"] == "reconnected")
    )
    in_nc = [c for c in theirs if first_nc <= _day(c) < reconnected or _day(c) >= nc_start]
    assert len(in_nc) >= 2


def test_triggers_vary_for_breaks_and_urges(story: dict[str, Any]) -> None:
    breaks = {c["trigger"] for c in story["contacts"] if c["initiator"] == "me" and c["trigger"]}
    urges = {u["trigger"] for u in story["urges"] if u["trigger"]}
    assert len(breaks) >= 3
    assert len(urges) >= 5
    assert {"resisted", "peeked"} <= {u["outcome"] for u in story["urges"]}
    # Some urges keep the message written instead of sent.
    assert any(u["note"].startswith("Unsent:") for u in story["urges"])


def test_urges_are_resisted_more_often_as_time_goes_on(story: dict[str, Any]) -> None:
    first = dt.date.fromisoformat(story["milestones"][0]["on"])
    early = [u for u in story["urges"] if _day(u) < first + dt.timedelta(days=45)]
    late = [u for u in story["urges"] if _day(u) > END - dt.timedelta(days=45)]

    def resisted(rows: list[dict[str, Any]]) -> float:
        return sum(u["outcome"] == "resisted" for u in rows) / len(rows)

    assert early and late
    assert resisted(late) > resisted(early)


def test_cycles_two_breakups_and_a_reunion(story: dict[str, Any]) -> None:
    kinds = [k for k in _story_kinds(story) if k in ("breakup", "back_together")]
    # breakup -> back_together is an apart period, back_together -> breakup a together one.
    assert kinds == ["breakup", "back_together", "breakup"]


# -- mood --------------------------------------------------------------------------------------
def test_mood_logged_most_days_with_gaps(story: dict[str, Any]) -> None:
    daily = _daily_moods(story)
    first = dt.date.fromisoformat(story["milestones"][0]["on"])
    span = (END - first).days + 1
    assert 0.8 * span <= len(daily) < span
    emotions = {e for m in story["mood"] for e in m["emotions"]}
    assert len(emotions) >= 8
    activities = {a for m in story["mood"] for a in m["activities"]}
    assert {"exercise", "friends", "therapy", "work", "alcohol"} <= activities


def test_activities_move_the_mood(story: dict[str, Any]) -> None:
    daily = {d: statistics.mean(v) for d, v in _daily_moods(story).items()}
    acts: dict[dt.date, set[str]] = defaultdict(set)
    for m in story["mood"]:
        acts[_day(m)].update(m["activities"])

    def lift(activity: str) -> float:
        with_it = [v for d, v in daily.items() if activity in acts[d]]
        without = [v for d, v in daily.items() if activity not in acts[d]]
        return statistics.mean(with_it) - statistics.mean(without)

    assert lift("exercise") > 0.3
    assert lift("friends") > 0.3
    assert lift("therapy") > 0.2
    after = [v for d, v in daily.items() if "alcohol" in acts.get(d - ONE_DAY, set())]
    others = [v for d, v in daily.items() if "alcohol" not in acts.get(d - ONE_DAY, set())]
    assert statistics.mean(after) < statistics.mean(others) - 0.3


@pytest.mark.parametrize("seed", SEEDS)
def test_a_low_stretch_in_the_middle_but_not_at_the_end(seed: int) -> None:
    payload = demo_payload(end=END, seed=seed)
    daily = _daily_moods(payload)
    for offset in range(3):
        day = END - offset * ONE_DAY
        assert daily[day], f"no mood on {day}"
        assert min(daily[day]) >= 4
    together = dt.date.fromisoformat(
        next(m["on"] for m in payload["milestones"] if m["kind"] == "back_together")
    )
    # Three consecutive days with a daily mean <= 3 after the reunion and before the last week.
    lows = {d for d, v in daily.items() if statistics.mean(v) <= 3}
    assert any(
        d > together
        and d + 2 * ONE_DAY < END - 7 * ONE_DAY
        and {d + ONE_DAY, d + 2 * ONE_DAY} <= lows
        for d in lows
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_active_no_contact_with_a_streak_at_the_end(seed: int) -> None:
    payload = demo_payload(end=END, seed=seed)
    start = _last_nc_start(payload)
    assert (END - start).days >= 10
    last_break = max(
        _day(c) for c in payload["contacts"] if c["initiator"] == "me" and _day(c) >= start
    )
    # Streak = break-free NC days ending at END; >= 10 means no break on END-9 .. END.
    assert (END - last_break).days >= 10


def test_about_five_percent_back_filled(story: dict[str, Any]) -> None:
    late = []
    for m in story["mood"]:
        logged = dt.datetime.fromisoformat(m["created_at"])
        delay = logged - _ts(m)
        assert delay > dt.timedelta(0)
        assert logged.date() <= END
        if delay >= ONE_DAY:
            late.append(delay)
        else:
            assert delay < dt.timedelta(hours=1)  # logged as it happened
    share = len(late) / len(story["mood"])
    assert 0.03 <= share <= 0.08
    assert max(late) < 5 * ONE_DAY


# -- through the real import and metrics -------------------------------------------------------
def test_import_and_metrics_open_on_a_calm_streak(tmp_path: Path, story: dict[str, Any]) -> None:
    with Store(tmp_path / "demo.duckdb") as store:
        report = tideline.import_payload(store, story)
        assert report.total_added == sum(len(story[t]) for t in TABLES)
        assert tideline.import_payload(store, story).total_added == 0
        m = metrics.compute(store, as_of=END)
    nc, relapse, cycles, mood = m["no_contact"], m["relapse"], m["cycles"], m["mood"]
    assert nc["active"] is True and nc["current_streak_days"] >= 10
    assert nc["breaks"] >= 5 and nc["urges_resisted"] > nc["peeks"] > 0
    assert relapse["late_night_share"] >= 0.5
    assert relapse["max_unanswered_chain"] >= 2
    assert len(relapse["top_triggers"]) == 3
    assert relapse["mood_before_break"] < relapse["mood_baseline"]
    assert cycles["status"] == "apart" and cycles["breakups"] == 2 and cycles["reunions"] == 1
    assert len(cycles["together_periods_days"]) == 1 and len(cycles["apart_periods_days"]) == 1
    assert mood["current_low_run_days"] == 0 and mood["min_last_3d"] >= 4


# -- heavy mode (benchmark data) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def heavy() -> dict[int, dict[str, Any]]:
    return {years: demo_payload(end=END, years=years, seed=7) for years in (1, 2)}


def test_heavy_mode_grows_linearly(heavy: dict[int, dict[str, Any]]) -> None:
    one = sum(len(heavy[1][t]) for t in TABLES)
    two = sum(len(heavy[2][t]) for t in TABLES)
    assert 1.7 <= two / one <= 2.3
    # Several mood entries a day: 3-5 on a logged day, and most days have contacts and urges.
    daily = _daily_moods(heavy[1])
    assert all(3 <= len(v) <= 5 for v in daily.values())
    assert len(daily) >= 0.9 * 365
    assert len({_day(c) for c in heavy[1]["contacts"]}) > 365 / 2
    assert len({_day(u) for u in heavy[1]["urges"]}) > 365 / 2


def test_heavy_mode_rows_validate(heavy: dict[int, dict[str, Any]]) -> None:
    payload = heavy[1]
    clean_settings(payload["settings"])
    for table in TABLES:
        for row in payload[table]:
            clean_row(table, row)
    first = min(_day(m) for m in payload["mood"])
    assert 364 <= (END - first).days + 1 <= 366


def test_heavy_mode_cycles_on_and_off(heavy: dict[int, dict[str, Any]]) -> None:
    kinds = [k for k in _story_kinds(heavy[2]) if k in ("breakup", "back_together")]
    # Cycles of two to five months over two years: several breakups and reunions, alternating.
    assert kinds.count("breakup") >= 4 and kinds.count("back_together") >= 3
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))
    assert kinds[-1] == "breakup" and _story_kinds(heavy[2])[-1] == "decided_to_move_on"
    start = _last_nc_start(heavy[2])
    last_break = max(
        _day(c) for c in heavy[2]["contacts"] if c["initiator"] == "me" and _day(c) >= start
    )
    assert (END - last_break).days >= 10
    daily = _daily_moods(heavy[2])
    assert all(min(daily[END - offset * ONE_DAY]) >= 4 for offset in range(3))


def test_heavy_mode_needs_half_a_year() -> None:
    with pytest.raises(ValueError, match="at least"):
        demo_payload(end=END, years=0.2)


def test_a_story_ending_today_holds_nothing_later_than_now():
    now = dt.datetime.now()
    payload = demo_payload(end=now.date())
    for table in ("mood", "contacts", "urges"):
        for row in payload[table]:
            assert dt.datetime.fromisoformat(row["at"]) <= now
            assert dt.datetime.fromisoformat(row["created_at"]) <= now + dt.timedelta(seconds=1)


# -- the story as data gives the same payload as the story as code ------------------------------
GOLDEN = Path(__file__).parent / "data" / "demo_golden.json"


def _golden_cases() -> list[dict[str, Any]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "case", _golden_cases(), ids=lambda c: f"{c['end']}-years={c['years']}-seed={c['seed']}"
)
def test_the_payload_matches_the_one_saved_before_the_story_became_data(
    case: dict[str, Any],
) -> None:
    # tests/data/demo_golden.json was written by the generator whose story was Python code,
    # before the story moved to data/demo/. A deliberate change to the story changes these
    # payloads: regenerate the file then, in the same commit as the change.
    end = dt.date.fromisoformat(case["end"])
    payload = demo_payload(end=end, years=case["years"], seed=case["seed"])
    assert {t: len(payload[t]) for t in case["rows"]} == case["rows"]
    assert payload["mood"][0] == case["first_mood"]
    assert payload["contacts"][-1] == case["last_contact"]
    assert payload["milestones"][3] == case["milestone_3"]
    text = json.dumps(payload, sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == case["sha256"]
