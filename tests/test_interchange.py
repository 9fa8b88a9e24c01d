"""tideline/1 import and export: all-or-nothing, idempotent, every bad row reported."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from dashboard import metrics
from dashboard.formats import tideline
from dashboard.store import Store
from dashboard.validate import ValidationError

SPEC_EXAMPLE = {
    "format": "tideline/1",
    "settings": {"day_start_hour": 4, "no_contact_goal_days": 30},
    "mood": [
        {
            "at": "2026-01-10T21:30",
            "mood": 3,
            "urge": 8,
            "emotions": ["lonely"],
            "activities": ["work"],
            "note": "",
            "private": True,
        }
    ],
    "contacts": [
        {
            "at": "2026-01-11T01:10",
            "initiator": "me",
            "channel": "text",
            "got_response": False,
            "under_influence": True,
            "trigger": "alcohol",
            "note": "",
            "private": True,
        }
    ],
    "urges": [
        {
            "at": "2026-01-12T22:00",
            "intensity": 7,
            "outcome": "resisted",
            "trigger": "saw a post",
            "note": "",
            "private": True,
        }
    ],
    "milestones": [{"on": "2026-01-10", "kind": "breakup", "title": "We broke up", "note": ""}],
}


def counts(store: Store) -> dict[str, int]:
    return store.query("table_counts").iloc[0].to_dict()


def test_spec_example_imports_and_twice_adds_nothing(store):
    report = tideline.import_payload(store, SPEC_EXAMPLE)
    assert report.added == {"mood": 1, "contacts": 1, "urges": 1, "milestones": 1}
    assert (report.first, report.last) == (dt.date(2026, 1, 10), dt.date(2026, 1, 12))
    again = tideline.import_payload(store, SPEC_EXAMPLE)
    assert again.total_added == 0
    assert sum(again.skipped.values()) == 4
    assert counts(store) == {"mood": 1, "contacts": 1, "urges": 1, "milestones": 1}


def test_identical_rows_in_one_file_are_both_kept_and_not_doubled_later(store):
    payload = copy.deepcopy(SPEC_EXAMPLE)
    payload["urges"].append(dict(payload["urges"][0]))
    assert tideline.import_payload(store, payload).added["urges"] == 2
    assert tideline.import_payload(store, payload).total_added == 0
    assert counts(store)["urges"] == 2


def test_missing_optional_fields_take_defaults(store):
    payload = {"format": "tideline/1", "mood": [{"at": "2026-01-10T21:30:15", "mood": 5}]}
    tideline.import_payload(store, payload)
    (row,) = store.rows("mood")
    assert row["urge"] is None
    assert row["private"] is True
    assert row["emotions"] == []
    assert row["at"] == dt.datetime(2026, 1, 10, 21, 30, 15)


def test_every_bad_row_is_reported_and_nothing_is_written(store):
    tideline.import_payload(store, SPEC_EXAMPLE)
    before = counts(store)
    bad = copy.deepcopy(SPEC_EXAMPLE)
    bad["extra"] = 1
    bad["mood"].append({"at": "2026-01-10T22:00", "mood": 11})
    bad["mood"].append({"at": "2026-02-30T22:00", "mood": 5})
    bad["contacts"].append({"at": "2026-01-11T01:10", "initiator": "me", "channel": "pigeon"})
    bad["urges"].append({"at": "2026-01-12T22:00", "intensity": 3, "outcome": "resisted", "x": 1})
    bad["milestones"].append({"on": "2026-01-10", "kind": "wedding"})
    with pytest.raises(tideline.ImportFailed) as info:
        tideline.import_payload(store, bad)
    errors = info.value.errors
    assert errors[0] == "unknown key(s) at the top level: extra"
    assert "mood[1] (entry 2): mood must be from 1 to 10, not 11" in errors
    assert any(e.startswith("mood[2] (entry 3): time '2026-02-30T22:00'") for e in errors)
    assert any(e.startswith("contacts[1] (entry 2): unknown channel 'pigeon'") for e in errors)
    assert "urges[1] (entry 2): unknown key(s) x in a urges entry" in errors
    assert any(e.startswith("milestones[1] (entry 2): unknown milestone kind") for e in errors)
    assert len(errors) == 6
    assert counts(store) == before


@pytest.mark.parametrize(
    "payload, message",
    [
        ([], "must hold one tideline/1 object"),
        ({"format": "tideline/2"}, "format must be 'tideline/1'"),
        ({"format": "tideline/1", "mood": {}}, "mood: must be a list"),
        ({"format": "tideline/1", "settings": {"day_start_hour": 30}}, "day_start_hour"),
        ({"format": "tideline/1", "settings": {"colour": "blue"}}, "unknown setting"),
        ({"format": "tideline/1", "mood": [{"at": "2999-01-01T00:00", "mood": 5}]}, "future"),
        ({"format": "tideline/1", "mood": [{"at": "2026-01-01T00:00", "mood": "5"}]}, "whole"),
        ({"format": "tideline/1", "mood": [{"at": "2026-01-01T00:00", "mood": True}]}, "whole"),
        ({"format": "tideline/1", "mood": [{"at": 5, "mood": 5}]}, "time must be text"),
        (
            {
                "format": "tideline/1",
                "mood": [{"at": "2026-01-01T00:00", "mood": 5, "note": "x" * 20_001}],
            },
            "limit",
        ),  # noqa: E501
        (
            {
                "format": "tideline/1",
                "contacts": [
                    {
                        "at": "2026-01-01T00:00",
                        "initiator": "me",
                        "channel": "text",
                        "got_response": "yes",
                    }
                ],
            },
            "got_response",
        ),  # noqa: E501
        ({"format": "tideline/1", "mood": ["not an object"]}, "must be an object"),
    ],
)
def test_malformed_payloads_change_nothing(store, payload, message):
    with pytest.raises(tideline.ImportFailed) as info:
        tideline.import_payload(store, payload)
    assert message in str(info.value)
    assert counts(store) == {"mood": 0, "contacts": 0, "urges": 0, "milestones": 0}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\xff\xfe\x00junk", "not UTF-8"),
        (b"{not json", "not valid JSON"),
    ],
)
def test_load_json_messages(data, message):
    with pytest.raises(ValidationError, match=message):
        tideline.load_json(data)


def test_import_applies_settings(store):
    payload = copy.deepcopy(SPEC_EXAMPLE)
    payload["settings"] = {"day_start_hour": 0, "no_contact_goal_days": 45}
    tideline.import_payload(store, payload)
    assert store.settings()["day_start_hour"] == 0
    assert store.settings()["no_contact_goal_days"] == 45


def test_export_then_import_into_an_empty_database_gives_the_same_metrics(tmp_path):
    source = Store(tmp_path / "a.duckdb")
    payload = copy.deepcopy(SPEC_EXAMPLE)
    payload["milestones"].append({"on": "2026-01-10", "kind": "no_contact_start"})
    payload["contacts"].append(
        {"at": "2026-01-14T23:10", "initiator": "me", "channel": "call", "got_response": None}
    )
    tideline.import_payload(source, payload)
    exported = tmp_path / "export.json"
    tideline.export_file(source, exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "tideline/1"
    assert data["contacts"][1]["got_response"] is None
    target = Store(tmp_path / "b.duckdb")
    tideline.import_file(target, exported)
    as_of = dt.date(2026, 1, 20)
    assert metrics.compute(target, as_of) == metrics.compute(source, as_of)
    assert tideline.import_file(target, exported).total_added == 0
    # created_at travels with the rows so back-filled entries stay visible
    assert [r["created_at"] for r in target.rows("mood")] == [
        r["created_at"].replace(microsecond=0) for r in source.rows("mood")
    ]
    source.close()
    target.close()
