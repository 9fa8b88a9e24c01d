"""Contract tests for queries/metric_*.sql and the schema macros, with hand-worked rows."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.store import QUERIES_DIR, sql_params

D = dt.date
PARAMS = {"day_start_hour": 4, "since": None}


def test_every_query_file_starts_with_a_comment_and_uses_only_named_parameters():
    for path in QUERIES_DIR.glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("--"), f"{path.name} must say what it returns"
        code = re.sub(r"--[^\n]*", "", text)
        assert "?" not in code, f"{path.name} uses positional parameters"
        assert not re.search(r"\$\d", code), f"{path.name} uses numbered parameters"
        assert "{" not in code, f"{path.name} looks like a format string"


def test_nc_periods_macro(make_store):
    s = make_store(
        milestones=[
            {"on": "2026-01-01", "kind": "no_contact_start"},
            {"on": "2026-01-03", "kind": "no_contact_start"},  # inside the active period
            {"on": "2026-01-05", "kind": "reconnected"},
            {"on": "2026-01-07", "kind": "no_contact_start"},
            {"on": "2026-01-20", "kind": "back_together"},  # after as_of: ignored
        ]
    )
    rows = s.cursor().execute("select * from nc_periods(DATE '2026-01-09') order by 1").fetchall()
    assert rows == [(D(2026, 1, 1), D(2026, 1, 4), False), (D(2026, 1, 7), D(2026, 1, 9), True)]


def test_nc_periods_macro_on_shared_days(make_store):
    # Worked by hand from PRODUCT.md s.4: an end counts for a start only on a later day.
    s = make_store(
        milestones=[
            {"on": "2026-02-01", "kind": "no_contact_start"},
            {"on": "2026-02-01", "kind": "reconnected"},  # same day: not this start's end
            {"on": "2026-02-04", "kind": "reconnected"},  # ends 1 Feb's period (1-3 Feb)
            {"on": "2026-02-05", "kind": "back_together"},  # a second end, no start before it
            {"on": "2026-02-08", "kind": "no_contact_start"},
            {"on": "2026-02-10", "kind": "back_together"},  # ends 8 Feb's period (8-9 Feb)
            {"on": "2026-02-10", "kind": "no_contact_start"},  # starts again the same day
        ]
    )
    rows = s.cursor().execute("select * from nc_periods(DATE '2026-02-12') order by 1").fetchall()
    assert rows == [
        (D(2026, 2, 1), D(2026, 2, 3), False),
        (D(2026, 2, 8), D(2026, 2, 9), False),
        (D(2026, 2, 10), D(2026, 2, 12), True),
    ]
    days = s.cursor().execute("select day from nc_days(DATE '2026-02-12') order by 1").fetchall()
    assert [d for (d,) in days] == [D(2026, 2, n) for n in (1, 2, 3, 8, 9, 10, 11, 12)]


def test_metric_nc_daily(make_store):
    s = make_store(
        milestones=[{"on": "2026-01-02", "kind": "no_contact_start"}],
        contacts=[
            {"at": "2026-01-01T12:00", "initiator": "me", "channel": "call"},
            {"at": "2026-01-03T02:00", "initiator": "me", "channel": "text"},  # day Jan 2
            {"at": "2026-01-03T12:00", "initiator": "them", "channel": "text"},
        ],
        urges=[{"at": "2026-01-03T12:00", "intensity": 4, "outcome": "peeked"}],
    )
    df = s.query("metric_nc_daily", PARAMS | {"as_of": D(2026, 1, 3)})
    rows = [
        (r.day.date(), r.in_nc, r.my_contacts, r.breaks, r.urges_resisted, r.peeks)
        for r in df.itertuples()
    ]
    assert rows == [
        (D(2026, 1, 1), False, 1, 0, 0, 0),
        (D(2026, 1, 2), True, 1, 1, 0, 0),
        (D(2026, 1, 3), True, 0, 0, 0, 1),
    ]
    since = s.query("metric_nc_daily", PARAMS | {"as_of": D(2026, 1, 3), "since": D(2026, 1, 3)})
    assert len(since) == 1


def test_metric_nc_daily_on_an_empty_database_is_empty(store):
    assert store.query("metric_nc_daily", PARAMS | {"as_of": D(2026, 1, 3)}).empty


def test_metric_unanswered_chain(make_store):
    me = {"initiator": "me", "channel": "text", "got_response": False}
    s = make_store(
        contacts=[
            {"at": "2026-01-01T10:00", **me},
            {"at": "2026-01-01T11:00", **me},
            {"at": "2026-01-05T11:00", **me},  # after as_of
        ]
    )
    df = s.query("metric_unanswered_chain", PARAMS | {"as_of": D(2026, 1, 3)})
    assert int(df.iloc[0, 0]) == 2


def test_metric_milestones(make_store):
    s = make_store(
        milestones=[
            {"on": "2026-01-03", "kind": "the_talk", "title": "talked"},
            {"on": "2026-01-01", "kind": "breakup"},
            {"on": "2026-01-09", "kind": "custom"},
        ]
    )
    df = s.query("metric_milestones", PARAMS | {"as_of": D(2026, 1, 5)})
    assert list(df["kind"]) == ["breakup", "the_talk"]


def test_query_parameters_are_named():
    assert sql_params("metric_unanswered_chain") == {"as_of", "since", "day_start_hour"}
    assert sql_params("metric_relapse") == {"as_of", "since", "day_start_hour", "late_hours"}
