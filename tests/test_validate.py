"""Server-side validation: every write is checked, whatever the widgets allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.validate import ValidationError, clean_row, clean_settings

NOW = dt.datetime(2026, 3, 1, 12, 0)


def test_mood_defaults_and_normalising():
    row = clean_row(
        "mood", {"at": "2026-03-01T10:00", "mood": 5, "emotions": ["Sad", " sad ", "calm"]}, NOW
    )
    assert row == {
        "created_at": None,
        "at": dt.datetime(2026, 3, 1, 10, 0),
        "mood": 5,
        "urge": None,
        "emotions": ["sad", "calm"],
        "activities": [],
        "note": "",
        "private": True,
    }


@pytest.mark.parametrize(
    "table, row, message",
    [
        ("mood", {"at": "2026-03-01T10:00", "mood": 0}, "mood must be from 1 to 10, not 0"),
        ("mood", {"at": "2026-03-01T10:00", "mood": 5.5}, "whole number"),
        ("mood", {"at": "2026-03-01T10:00", "mood": 5, "urge": 11}, "urge must be from 0 to 10"),
        ("mood", {"at": "2026-03-02T12:01", "mood": 5}, "more than a day in the future"),
        ("mood", {"at": "1969-12-31T10:00", "mood": 5}, "before 1970"),
        ("mood", {"mood": 5}, "missing at"),
        ("mood", {"at": "2026-03-01T10:00", "mood": 5, "note": "x" * 20_001}, "limit is 20000"),
        ("mood", {"at": "2026-03-01T10:00", "mood": 5, "note": "a\x00b"}, "NUL"),
        ("contacts", {"at": "2026-03-01T10:00", "initiator": "ex", "channel": "text"}, "initiator"),
        ("contacts", {"at": "2026-03-01T10:00", "initiator": "me", "channel": "fax"}, "channel"),
        ("urges", {"at": "2026-03-01T10:00", "intensity": 3, "outcome": "sent"}, "outcome"),
        ("milestones", {"on": "2026-03-03", "kind": "breakup"}, "future"),
        ("milestones", {"on": "2026-03-01", "kind": "divorce"}, "milestone kind"),
        ("moods", {}, "unknown table"),
    ],
)
def test_bad_rows_are_refused_with_a_clear_message(table, row, message):
    with pytest.raises(ValidationError, match=message):
        clean_row(table, row, NOW)


def test_a_day_ahead_is_allowed():
    assert clean_row("mood", {"at": "2026-03-02T11:59", "mood": 5}, NOW)["mood"] == 5


def test_settings():
    assert clean_settings({"red_flags": ["Abuse"], "intent": "move_on"}) == {
        "red_flags": ["abuse"],
        "intent": "move_on",
    }
    with pytest.raises(ValidationError, match="red flag"):
        clean_settings({"red_flags": ["snoring"]})
    with pytest.raises(ValidationError, match="intent"):
        clean_settings({"intent": "maybe"})


def test_the_fuller_red_flags_are_accepted_by_their_short_ids():
    # Issue 11: being afraid of them, being controlled, being watched or followed, threats.
    flags = ["Fear", "control", "stalking", "threats", "abuse"]
    assert clean_settings({"red_flags": flags}) == {
        "red_flags": ["fear", "control", "stalking", "threats", "abuse"]
    }
    with pytest.raises(ValidationError, match="red flag"):
        clean_settings({"red_flags": ["fear", "jealousy"]})


def test_country_setting():
    assert clean_settings({"country": "nz", "intent": "undecided"}) == {
        "country": "NZ",
        "intent": "undecided",
    }
    assert clean_settings({"country": "OTHER"}) == {"country": "other"}
    assert clean_settings({"country": None}) == {"country": None}
    with pytest.raises(ValidationError, match="country"):
        clean_settings({"country": "New Zealand"})
    with pytest.raises(ValidationError, match="unknown setting"):
        clean_settings({"region": "NZ"})
