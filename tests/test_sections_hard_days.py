"""Hard-days sections on a journal built by hand: every figure of the snapshot's page one
(issue 15, point 2) worked out by hand from PRODUCT.md section 4, with the edge cases (no moods,
a low run crossing the period's first day, an activity on 4 days that makes no claim)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard import guidance, metrics
from dashboard.sections import hard_days
from dashboard.store import Store

D = dt.date
SINCE, UNTIL = D(2026, 3, 10), D(2026, 3, 23)  # 14 days
HOUR = 4


def mood(day: str, value: int, hour: int = 12, logged: str | None = None, **more) -> dict:
    at = f"2026-{day}T{hour:02d}:00"
    return {"at": at, "mood": value, "created_at": logged or at} | more


# The period's entries (tracking days 10, 11, 12, 14, 15, 16, 17, 18, 20, 21, 23 March):
# 3 and 7, 2, 6, 1, 3, 3, 6, 7, 4, 8 (at 02:00 on the 22nd: the 21st), 9. Before it a low run of
# 8 and 9 March that goes on into the period (10 and 11 March) and a few earlier days.
MOOD = [
    mood("02-15", 8),
    mood("02-25", 5),
    mood("02-26", 7),
    mood("03-08", 3),
    # Back-filled, but for a day before the period: not listed.
    mood("03-09", 2, logged="2026-03-12T09:00"),
    mood("03-10", 3, emotions=["sad", "lonely"], activities=["work"]),
    mood("03-10", 7, hour=20, emotions=["calm"], activities=["work"]),
    mood("03-11", 2, emotions=["sad"], activities=["alcohol"]),
    mood("03-12", 6, activities=["walk"]),
    # Logged 45 hours later: back-filled.
    mood("03-14", 1, logged="2026-03-16T09:00", emotions=["sad", "angry"], activities=["alcohol"]),
    mood("03-15", 3, emotions=["lonely"], activities=["alcohol"]),
    mood("03-16", 3, activities=["alcohol"]),
    # Logged 23 hours later: not back-filled.
    mood("03-17", 6, logged="2026-03-18T11:00", activities=["walk"]),
    mood("03-18", 7, activities=["walk"]),
    mood("03-20", 4, activities=["walk"]),
    mood("03-22", 8, hour=2, emotions=["calm", "hopeful"], activities=["walk"]),
    mood("03-23", 9, activities=["walk"]),
]


def contact(at: str, initiator: str = "me", logged: str | None = None) -> dict:
    return {"at": at, "initiator": initiator, "channel": "text", "created_at": logged or at}


CONTACTS = [
    contact("2026-02-12T12:00"),  # before no contact: not a break (period 2)
    contact("2026-02-21T21:00"),  # a break (period 2)
    contact("2026-03-01T01:30"),  # tracking day 28 Feb: a break (period 1)
    contact("2026-03-12T20:00"),  # a break (this period)
    contact("2026-03-12T20:30", initiator="them"),  # theirs: not a break
    contact("2026-03-15T22:00", logged="2026-03-17T10:00"),  # a break, back-filled
]


def urge(at: str, outcome: str = "resisted") -> dict:
    return {"at": at, "intensity": 6, "outcome": outcome, "created_at": at}


URGES = [
    urge("2026-02-19T12:00"),  # before no contact: not counted
    urge("2026-02-24T12:00"),  # period 1
    urge("2026-03-11T12:00"),
    urge("2026-03-16T12:00"),
    urge("2026-03-18T12:00", outcome="peeked"),  # a peek is not resisted
    urge("2026-03-24T02:00"),  # tracking day 23 March: this period
]
MILESTONES = [{"on": "2026-02-20", "kind": "no_contact_start", "title": ""}]


def build(path: Path) -> Store:
    """The hand-built journal in a file at `path` (rows as make_store adds them)."""
    store = Store(path)
    store.add_many({"mood": MOOD, "contacts": CONTACTS, "urges": URGES, "milestones": MILESTONES})
    return store


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    # Read-only for every test here: built once for the module.
    store = build(tmp_path_factory.mktemp("hard_days") / "journal.duckdb")
    yield store
    store.close()


def test_hard_day_figures(journal: Store) -> None:
    section = hard_days.figures(journal, SINCE, UNTIL, HOUR)
    data = section.data
    # 12 entries summing to 59: 59 / 12 = 4.9166… at full precision, shown 4.9.
    assert (data["entries"], data["days_logged"], data["days"]) == (12, 11, 14)
    assert data["mood_mean"] == 59 / 12
    # Lowest mood <= 3 on 10 (3, though its mean is 5), 11, 14, 15 and 16 March.
    assert data["low_days"] == 5
    assert data["low_day_dates"] == [
        "2026-03-10",
        "2026-03-11",
        "2026-03-14",
        "2026-03-15",
        "2026-03-16",
    ]
    # 14–16 March; the run 8–11 March counts only its 2 days inside the period.
    assert data["longest_low_run"] == 3
    assert (data["min_mood"], data["mood_range"]) == (1, [1, 9])
    shown = {f.label: f.value for f in section.figures}
    assert shown == {
        "Mean mood": "4.9",
        "Hard days": "5",
        "Longest run of hard days": "3 days",
        "Lowest mood": "1",
        "Mood range": "1–9",
        "Support card": "9 days",
    }
    assert section.caption == (
        "My mood averaged 4.9. 5 of my 11 logged days were hard days (my lowest mood 3 or "
        "less), 3 days in a row at most; my lowest mood was 1. Tideline's support card (for very "
        "low days) showed on 9 days."
    )


def test_mood_mean_is_what_metrics_reports(journal: Store) -> None:
    data = hard_days.figures(journal, SINCE, UNTIL, HOUR).data
    assert data["mood_mean"] == metrics.compute(journal, as_of=UNTIL, since=SINCE)["mood"]["mean"]


def test_support_card_days_follow_the_rule_day_by_day(journal: Store) -> None:
    # As of each day, over the whole history: 10–13 March, at least 3 low days in the week and
    # the two latest logged days not both >= 6 (13 March has no entry, the card still holds);
    # 14–16 March a 1 in the last three days; 17 March 4 low days, latest two 3 and 6; on 18 and
    # 19 March the two latest logged days are 6 and 7 (the way out); on 20 March a 4 comes in
    # while 14–16 March are still in the week; from 21 March fewer than 3 low days.
    data = hard_days.figures(journal, SINCE, UNTIL, HOUR).data
    expected = [f"2026-03-{d}" for d in (10, 11, 12, 13, 14, 15, 16, 17, 20)]
    assert data["support_card_dates"] == expected
    assert data["support_card_days"] == 9
    # The guidance's own card, asked day by day, agrees.
    settings = journal.settings()
    held = [
        day.isoformat()
        for day in (SINCE + dt.timedelta(days=i) for i in range(14))
        if guidance.safety_card(
            guidance.build_context(metrics.compute(journal, as_of=day), settings)
        )
    ]
    assert held == expected


def test_this_period_against_the_three_before(journal: Store) -> None:
    rows = hard_days.periods(journal, SINCE, UNTIL, HOUR).data
    assert rows == [
        {
            "since": "2026-03-10",
            "until": "2026-03-23",
            "entries": 12,
            "mood_mean": 59 / 12,  # 4.9166…, unrounded
            "low_days": 5,
            "breaks": 2,
            "urges_resisted": 3,
        },
        # 5, 7, 3, 2: 17 / 4 = 4.25; low 8 and 9 March; the 01:30 break of 1 March; one urge.
        {
            "since": "2026-02-24",
            "until": "2026-03-09",
            "entries": 4,
            "mood_mean": 4.25,
            "low_days": 2,
            "breaks": 1,
            "urges_resisted": 1,
        },
        {
            "since": "2026-02-10",
            "until": "2026-02-23",
            "entries": 1,
            "mood_mean": 8.0,
            "low_days": 0,
            "breaks": 1,
            "urges_resisted": 0,
        },
        {
            "since": "2026-01-27",
            "until": "2026-02-09",
            "entries": 0,
            "mood_mean": None,
            "low_days": 0,
            "breaks": 0,
            "urges_resisted": 0,
        },
    ]
    # Each period's figures are what `metrics --since … --as-of …` says of it.
    for row in rows:
        m = metrics.compute(
            journal, as_of=D.fromisoformat(row["until"]), since=D.fromisoformat(row["since"])
        )
        assert (row["mood_mean"], row["breaks"], row["urges_resisted"]) == (
            m["mood"]["mean"],
            m["no_contact"]["breaks"],
            m["no_contact"]["urges_resisted"],
        )
    assert hard_days.period_table(rows) == [
        ("This period", "4.9", "5", "2", "3"),
        ("24 Feb 2026 – 9 Mar 2026", "4.3", "2", "1", "1"),
        ("10 Feb 2026 – 23 Feb 2026", "8.0", "0", "1", "0"),
        ("27 Jan 2026 – 9 Feb 2026", "—", "0", "0", "0"),
    ]


def test_backfilled_entries_by_date(journal: Store) -> None:
    section = hard_days.backfilled(journal, SINCE, UNTIL, HOUR)
    assert section.data == [
        {
            "kind": "mood",
            "day": "2026-03-14",
            "at": "2026-03-14T12:00:00",
            "logged_at": "2026-03-16T09:00:00",
        },
        {
            "kind": "contact",
            "day": "2026-03-15",
            "at": "2026-03-15T22:00:00",
            "logged_at": "2026-03-17T10:00:00",
        },
    ]
    assert section.notes == (
        "For 14 Mar 2026, logged on 16 Mar 2026: 1 mood entry",
        "For 15 Mar 2026, logged on 17 Mar 2026: 1 contact",
    )
    assert section.caption == "I logged 2 entries more than a day after the fact."


def test_top_emotions(journal: Store) -> None:
    section = hard_days.emotions(journal, SINCE, UNTIL, HOUR)
    # sad 3, calm 2, lonely 2, angry 1, hopeful 1 of 12 entries (most first, then by name).
    assert [(r["emotion"], r["entries"], r["share"]) for r in section.data] == [
        ("sad", 3, 0.25),
        ("calm", 2, 0.167),
        ("lonely", 2, 0.167),
        ("angry", 1, 0.083),
        ("hopeful", 1, 0.083),
    ]
    assert section.notes[:2] == ("sad: 3 of 12 entries (25%)", "calm: 2 of 12 entries (17%)")


def test_activities_with_and_without_and_no_claim_from_four_days(journal: Store) -> None:
    section = hard_days.activities(journal, SINCE, UNTIL, HOUR)
    # Daily means: 10th 5, 11th 2, 12th 6, 14th 1, 15th 3, 16th 3, 17th 6, 18th 7, 20th 4,
    # 21st 8, 23rd 9. walk on 12, 17, 18, 20, 21, 23: 40 / 6 = 6.667; without: 14 / 5 = 2.8.
    # alcohol on 4 days and work on 1: the count only.
    assert section.data == [
        {
            "activity": "walk",
            "days_with": 6,
            "days_without": 5,
            "claim": True,
            "mean_with": 6.667,
            "mean_without": 2.8,
        },
        {
            "activity": "alcohol",
            "days_with": 4,
            "days_without": 7,
            "claim": False,
            "mean_with": None,
            "mean_without": None,
        },
        {
            "activity": "work",
            "days_with": 1,
            "days_without": 10,
            "claim": False,
            "mean_with": None,
            "mean_without": None,
        },
    ]
    assert section.notes == (
        "walk: my mood 6.7 on 6 days with it, 2.8 on 5 days without",
        "alcohol: on 4 days, not on 7 days (too few days to compare)",
        "work: on 1 day, not on 10 days (too few days to compare)",
    )


def test_a_period_without_moods(make_store: Callable[..., Store]) -> None:
    store = make_store(name="no_moods", contacts=CONTACTS, urges=URGES, milestones=MILESTONES)
    section = hard_days.figures(store, SINCE, UNTIL, HOUR)
    data = section.data
    assert (data["entries"], data["mood_mean"], data["low_days"], data["longest_low_run"]) == (
        0,
        None,
        0,
        0,
    )
    assert (data["min_mood"], data["mood_range"], data["support_card_days"]) == (None, None, 0)
    assert section.caption == "I logged no mood in this period."
    assert {f.label: f.value for f in section.figures}["Mean mood"] == "—"
    assert hard_days.emotions(store, SINCE, UNTIL, HOUR).data == []
    assert hard_days.activities(store, SINCE, UNTIL, HOUR).data == []
    # The contacts and urges still count in the period table.
    assert [
        (r["breaks"], r["urges_resisted"]) for r in hard_days.period_rows(store, SINCE, UNTIL, HOUR)
    ] == [(2, 3), (1, 1), (1, 0), (0, 0)]


def test_report_gathers_every_figure_by_name(journal: Store) -> None:
    record = hard_days.report(journal, SINCE, UNTIL, HOUR)
    for name in (
        "mood_mean",
        "low_days",
        "longest_low_run",
        "min_mood",
        "mood_range",
        "support_card_days",
        "periods",
        "backfilled_entries",
        "top_emotions",
        "activities",
    ):
        assert name in record
    assert len(record["backfilled_entries"]) == 2
    assert record["periods"][0]["low_days"] == record["low_days"] == 5


def test_longest_run() -> None:
    assert hard_days.longest_run([]) == 0
    days = [D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 5), D(2026, 3, 6)]
    assert hard_days.longest_run(days) == 3
