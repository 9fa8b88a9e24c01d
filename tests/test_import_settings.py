"""An import never weakens safety settings (issue 11, point 4).

Red flags from a file are added to the journal's, never removed; a file's intent applies only
when the journal has none chosen (no intent was ever written to it); day start and goal are the
file's, and every change is listed. Expected values are worked out by hand from the issue.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from dashboard import dataops, guidance, metrics
from dashboard.formats import csv_zip, tideline
from dashboard.formats.tideline import SettingChange
from dashboard.store import Store

DEFAULTS = {"day_start_hour": 4, "no_contact_goal_days": 30, "intent": "undecided", "red_flags": []}

# An export from before the red flag was ticked: no flags, the wish to reconcile, day start 5.
OLDER_EXPORT = {
    "format": "tideline/1",
    "settings": {
        "day_start_hour": 5,
        "no_contact_goal_days": 30,
        "intent": "reconcile",
        "red_flags": [],
    },
    "mood": [{"at": "2026-01-10T21:30", "mood": 3}],
}


@pytest.fixture
def flagged(store: Store) -> Store:
    """A journal where "abuse" was ticked on the Guidance page (its form saves the intent too)."""
    store.save_settings({"intent": "undecided", "red_flags": ["abuse"]})
    return store


def four(store: Store) -> dict:
    """The settings this issue is about (other settings may join the table)."""
    return {k: store.settings()[k] for k in DEFAULTS}


def texts(changes: list[SettingChange]) -> list[str]:
    return [c.text() for c in changes]


# -- the merge rule, as a pure function ---------------------------------------------------------
def test_red_flags_are_a_union_never_a_replacement() -> None:
    current = DEFAULTS | {"red_flags": ["abuse"]}
    saved = {"red_flags": ["abuse"]}
    # A file without flags clears nothing: nothing to write, nothing listed.
    empty = tideline.merge_settings(current, saved, {"red_flags": []})
    assert (empty.write, empty.changes, empty.kept) == ({}, [], [])
    # A file with contempt and abuse adds contempt only, after the journal's own flag.
    more = tideline.merge_settings(current, saved, {"red_flags": ["contempt", "abuse"]})
    assert more.write == {"red_flags": ["abuse", "contempt"]}
    assert texts(more.changes) == ["red flags added: contempt"]


def test_the_files_intent_applies_only_when_none_was_chosen() -> None:
    # Nothing written yet: "undecided" is only the default, so the file's intent applies.
    fresh = tideline.merge_settings(DEFAULTS, {}, {"intent": "reconcile"})
    assert fresh.write == {"intent": "reconcile"}
    assert texts(fresh.changes) == ["intent undecided -> reconcile"]
    # Chosen (even the same word as the default): the journal's stays and the preview says so.
    for chosen in ("undecided", "move_on"):
        merge = tideline.merge_settings(
            DEFAULTS | {"intent": chosen}, {"intent": chosen}, {"intent": "reconcile"}
        )
        assert (merge.write, merge.changes) == ({}, [])
        assert merge.kept == [SettingChange("intent", chosen, "reconcile")]
    kept = tideline.merge_settings(
        DEFAULTS | {"intent": "move_on"}, {"intent": "move_on"}, {"intent": "reconcile"}
    )
    assert kept.text() == "settings unchanged; intent stays move on (the file says reconcile)"


def test_day_start_and_goal_are_applied_and_listed() -> None:
    merge = tideline.merge_settings(
        DEFAULTS, {}, {"day_start_hour": 5, "no_contact_goal_days": 60, "intent": "undecided"}
    )
    # The file's "undecided" equals the journal's default: not written, so still not chosen.
    assert merge.write == {"day_start_hour": 5, "no_contact_goal_days": 60}
    assert merge.text() == "settings changed: day start 4 -> 5, no-contact goal 30 -> 60"
    same = tideline.merge_settings(DEFAULTS, {}, {"day_start_hour": 4})
    assert same.text() == "settings unchanged"


# -- tideline/1 JSON ----------------------------------------------------------------------------
def test_an_older_export_keeps_the_red_flag_and_the_intent(flagged: Store) -> None:
    report = tideline.import_payload(flagged, OLDER_EXPORT)
    assert four(flagged) == {
        "day_start_hour": 5,
        "no_contact_goal_days": 30,
        "intent": "undecided",
        "red_flags": ["abuse"],
    }
    assert report.summary() == (
        "added 1 mood; settings changed: day start 4 -> 5; "
        "intent stays undecided (the file says reconcile)"
    )
    # Reconciliation advice stays held back on the day of the entry.
    context = guidance.build_context(
        metrics.compute(flagged, as_of=dt.date(2026, 1, 10)), flagged.settings()
    )
    assert guidance.holds_back(context)

    # The same file again changes nothing, and says so.
    again = tideline.import_payload(flagged, OLDER_EXPORT)
    assert again.summary() == (
        "added nothing; 1 already present, skipped; settings unchanged; "
        "intent stays undecided (the file says reconcile)"
    )
    assert flagged.settings()["red_flags"] == ["abuse"]


def test_flags_ticked_without_an_intent_still_hold_against_a_reconcile_file(store: Store) -> None:
    store.save_settings({"red_flags": ["contempt"]})
    report = tideline.import_payload(store, OLDER_EXPORT)
    # No intent was ever chosen here, so the file's applies; the flag stays all the same.
    assert store.settings()["intent"] == "reconcile"
    assert store.settings()["red_flags"] == ["contempt"]
    assert report.summary() == (
        "added 1 mood; settings changed: day start 4 -> 5, intent undecided -> reconcile"
    )
    context = guidance.build_context(
        metrics.compute(store, as_of=dt.date(2026, 1, 10)), store.settings()
    )
    assert guidance.holds_back(context)


def test_a_settings_only_file_says_what_it_changed(flagged: Store) -> None:
    payload = {"format": "tideline/1", "settings": {"red_flags": ["contempt"]}}
    report = tideline.import_payload(flagged, payload)
    assert flagged.settings()["red_flags"] == ["abuse", "contempt"]
    assert report.summary() == "added no entries; settings changed: red flags added: contempt"
    assert tideline.import_payload(flagged, payload).summary() == (
        "added nothing; settings unchanged"
    )


def test_a_file_echoing_the_defaults_leaves_the_intent_unchosen(store: Store) -> None:
    first = {"format": "tideline/1", "settings": {"day_start_hour": 4, "intent": "undecided"}}
    assert tideline.import_payload(store, first).summary() == "added nothing; settings unchanged"
    assert store.saved_settings() == {}
    # So a later file that does carry an intent still counts as the first choice.
    tideline.import_payload(store, {"format": "tideline/1", "settings": {"intent": "move_on"}})
    assert store.settings()["intent"] == "move_on"


def test_the_preview_lists_changes_and_writes_nothing(flagged: Store) -> None:
    before = flagged.saved_settings()
    _, report = tideline.preview(flagged, OLDER_EXPORT)
    assert report.settings is not None
    assert texts(report.settings.changes) == ["day start 4 -> 5"]
    assert report.settings.kept_text() == "intent stays undecided (the file says reconcile)"
    assert flagged.saved_settings() == before
    assert flagged.rows("mood") == []


# -- the CSV zip through the Data page's steps --------------------------------------------------
def older_csv_zip(tmp_path: Path) -> bytes:
    """The CSV export of a journal with day start 5, intent reconcile and no red flags."""
    with Store(tmp_path / "older.duckdb") as old:
        old.add_many(
            {"mood": [{"at": "2026-01-10T21:30", "mood": 3}]},
            settings={"day_start_hour": 5, "intent": "reconcile", "red_flags": []},
        )
        return csv_zip.csv_zip(old)


def test_csv_zip_settings_are_merged_too(tmp_path: Path, store: Store) -> None:
    store.save_settings({"intent": "move_on", "red_flags": ["abuse", "betrayal"]})
    data = older_csv_zip(tmp_path)
    plan = dataops.prepare(store, data, "csv_zip")
    assert texts(plan.setting_changes) == ["day start 4 -> 5"]
    assert dataops.kept_sentence(plan.settings_merge) == (
        "Intent stays move on (the file says reconcile)"
    )
    report = dataops.run_import(store, plan)
    assert four(store) == {
        "day_start_hour": 5,
        "no_contact_goal_days": 30,
        "intent": "move_on",
        "red_flags": ["abuse", "betrayal"],
    }
    assert dataops.success_message(report) == (
        "Imported 1 mood entry on 10 Jan 2026. Settings changed: day start 4 -> 5. "
        "Intent stays move on (the file says reconcile)."
    )
    again = dataops.run_import(store, dataops.prepare(store, data, "csv_zip"))
    assert dataops.success_message(again) == (
        "Nothing new was added: everything in this file (1 entry) is already in your journal. "
        "Your settings are unchanged. Intent stays move on (the file says reconcile)."
    )


def test_a_settings_only_csv_zip_can_be_imported(tmp_path: Path, flagged: Store) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("settings.csv", 'key,value\nred_flags,"[""contempt""]"\n')
    plan = dataops.prepare(flagged, buf.getvalue(), "csv_zip")
    # No entries, but a flag to add: the import is offered, and its message is not "nothing".
    assert plan.new_total == 0 and plan.ready
    report = dataops.run_import(flagged, plan)
    assert flagged.settings()["red_flags"] == ["abuse", "contempt"]
    assert dataops.success_message(report) == (
        "No new entries. Settings changed: red flags added: contempt."
    )
    assert not dataops.prepare(flagged, buf.getvalue(), "csv_zip").ready
