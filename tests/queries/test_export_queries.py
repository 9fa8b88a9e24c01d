"""Contract tests for the export_* queries: every column in tideline/1 order, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from dashboard.store import Store

T = dt.datetime
CREATED = T(2026, 2, 1, 8, 30)
# Inserted out of order on purpose: the ids are not the time order. Ids come from one sequence
# shared by every table, in insertion order: mood 1-3, contacts 4-5, urges 6-7, milestones 8-9.
# Mood rows 2 and 3 share a moment, so the id breaks the tie (2 before 3).
MOOD = [
    {"at": "2026-01-06T20:00", "mood": 6, "urge": 3, "emotions": ["calm"], "note": "walk"},
    {"at": "2026-01-05T09:00", "mood": 4, "activities": ["work"], "private": False},
    {"at": "2026-01-05T09:00", "mood": 5, "created_at": "2026-02-01T08:30"},
]
CONTACTS = [
    {"at": "2026-01-09T23:00", "initiator": "me", "channel": "text", "got_response": False},
    {
        "at": "2026-01-08T12:00",
        "initiator": "them",
        "channel": "call",
        "under_influence": True,
        "trigger": "Lonely",
        "created_at": "2026-02-01T08:30",
    },
]
URGES = [
    {"at": "2026-01-07T22:00", "intensity": 7, "outcome": "resisted", "note": "not sent"},
    {"at": "2026-01-03T21:00", "intensity": 2, "outcome": "peeked", "trigger": "photos"},
]
MILESTONES = [
    {"on": "2026-01-05", "kind": "no_contact_start", "title": "Day one"},
    {"on": "2026-01-01", "kind": "breakup", "note": "at the station"},
]


@pytest.fixture
def journal(make_store: Callable[..., Store]) -> Store:
    return make_store(mood=MOOD, contacts=CONTACTS, urges=URGES, milestones=MILESTONES)


def plain(df: pd.DataFrame, drop_created: bool = True) -> list[dict]:
    """Rows as dicts of plain Python values; `created_at` checked separately."""
    out = []
    for rec in df.to_dict("records"):
        row = {}
        for k, v in rec.items():
            if k == "created_at" and drop_created:
                continue
            if isinstance(v, pd.Timestamp):
                v = v.to_pydatetime()
            elif hasattr(v, "tolist"):
                v = v.tolist()
            elif v is None or (isinstance(v, float) and pd.isna(v)):
                v = None
            row[k] = v
        out.append(row)
    return out


def test_export_mood(journal: Store) -> None:
    df = journal.query("export_mood")
    assert list(df.columns) == [
        "id", "at", "mood", "urge", "emotions", "activities", "note", "private", "created_at"
    ]  # fmt: skip
    assert plain(df) == [
        {"id": 2, "at": T(2026, 1, 5, 9), "mood": 4, "urge": None, "emotions": [],
         "activities": ["work"], "note": "", "private": False},
        {"id": 3, "at": T(2026, 1, 5, 9), "mood": 5, "urge": None, "emotions": [],
         "activities": [], "note": "", "private": True},
        {"id": 1, "at": T(2026, 1, 6, 20), "mood": 6, "urge": 3, "emotions": ["calm"],
         "activities": [], "note": "walk", "private": True},
    ]  # fmt: skip
    # A given created_at is kept (back-filled entries stay visible); others are set on insert.
    assert df["created_at"].iloc[1].to_pydatetime() == CREATED
    assert df["created_at"].notna().all()


def test_export_contacts(journal: Store) -> None:
    df = journal.query("export_contacts")
    assert list(df.columns) == [
        "id", "at", "initiator", "channel", "got_response", "under_influence", "trigger", "note",
        "private", "created_at",
    ]  # fmt: skip
    assert plain(df) == [
        {"id": 5, "at": T(2026, 1, 8, 12), "initiator": "them", "channel": "call",
         "got_response": None, "under_influence": True, "trigger": "lonely", "note": "",
         "private": True},
        {"id": 4, "at": T(2026, 1, 9, 23), "initiator": "me", "channel": "text",
         "got_response": False, "under_influence": False, "trigger": "", "note": "",
         "private": True},
    ]  # fmt: skip
    assert df["created_at"].iloc[0].to_pydatetime() == CREATED


def test_export_urges(journal: Store) -> None:
    df = journal.query("export_urges")
    assert list(df.columns) == [
        "id", "at", "intensity", "outcome", "trigger", "note", "private", "created_at"
    ]  # fmt: skip
    assert plain(df) == [
        {"id": 7, "at": T(2026, 1, 3, 21), "intensity": 2, "outcome": "peeked",
         "trigger": "photos", "note": "", "private": True},
        {"id": 6, "at": T(2026, 1, 7, 22), "intensity": 7, "outcome": "resisted",
         "trigger": "", "note": "not sent", "private": True},
    ]  # fmt: skip


def test_export_milestones(journal: Store) -> None:
    df = journal.query("export_milestones")
    assert list(df.columns) == ["id", "on", "kind", "title", "note", "created_at"]
    got = [
        {**r, "on": r["on"].date() if isinstance(r["on"], dt.datetime) else r["on"]}
        for r in plain(df)
    ]
    assert got == [
        {"id": 9, "on": dt.date(2026, 1, 1), "kind": "breakup", "title": "",
         "note": "at the station"},
        {"id": 8, "on": dt.date(2026, 1, 5), "kind": "no_contact_start", "title": "Day one",
         "note": ""},
    ]  # fmt: skip


def test_export_of_an_empty_journal(make_store: Callable[..., Store]) -> None:
    empty = make_store("empty")
    for name in ("export_mood", "export_contacts", "export_urges", "export_milestones"):
        assert journal_rows(empty, name) == 0


def journal_rows(store: Store, name: str) -> int:
    return len(store.query(name))
