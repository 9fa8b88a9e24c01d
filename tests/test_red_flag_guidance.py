"""Red flags, fuller and gentler (issue 11): the new flags, the cards that step aside with any
flag, the card that names support for abuse, and the Guidance page's checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PACKAGE_DIR, guidance
from dashboard.guidance import build_context, load_cards
from dashboard.store import Store
from dashboard.ui import session
from dashboard.validate import RED_FLAGS

NEW_FLAGS = ("fear", "control", "stalking", "threats")
CARDS = {c.id: c for c in load_cards()}
STEP_ASIDE = {c.id for c in load_cards() if guidance.NOT_WITH_RED_FLAGS in c.tags}

# Forty-five days of no contact, a hard week (mean 4), a couple back together after a talk: the
# rules of the cards that ask the person to own their part, put grievances aside or keep
# quiet with friends hold here (worked out from their rules in cards.json).
METRICS: dict[str, Any] = {
    "no_contact": {
        "active": True,
        "nc_days": 45,
        "current_period_days": 45,
        "current_streak_days": 45,
        "break_days": 0,
    },
    "mood": {"days_logged": 30, "mean": 5.0, "mean_last_7d": 4.0, "min_last_3d": 4},
    "cycles": {"status": "together", "breakups": 1, "reunions": 1},
    "milestones": {"counts": {"the_talk": 1, "first_meetup": 1, "back_together": 1}},
}


def context(flags: list[str], intent: str = "undecided") -> dict[str, Any]:
    return build_context(METRICS, {"intent": intent, "red_flags": flags})


def test_the_step_aside_cards_are_the_ones_about_owning_your_part_and_keeping_quiet() -> None:
    assert {
        "work-on-yourself",  # what you brought to its troubles
        "vent-to-a-few",  # keep your circle tight
        "change-you-can-see",
        "accountability",
        "empathy-not-defence",  # put your own grievances aside
        "real-apology",
        "leave-the-past-behind",
    } <= STEP_ASIDE
    # Never a red-flag or safety card.
    assert not [i for i in STEP_ASIDE if {"red_flags", "safety"} & set(CARDS[i].tags)]


def test_without_a_flag_those_cards_do_show() -> None:
    # Guards the next test: in this context they are eligible when no flag is ticked.
    shown = {c.id for c in guidance.active_cards(context([]))}
    assert {"work-on-yourself", "vent-to-a-few", "change-you-can-see"} <= shown


@pytest.mark.parametrize("flag", RED_FLAGS)
@pytest.mark.parametrize("intent", ["undecided", "reconcile"])
def test_with_any_flag_they_step_aside_everywhere(flag: str, intent: str) -> None:
    ctx = context([flag], intent)
    assert not STEP_ASIDE & {c.id for c in guidance.active_cards(ctx)}
    for page, charts in guidance.PLACES.items():
        for chart in (None, *charts):
            ids = {c.id for c in guidance.cards_for(ctx, page, chart, limit=50)}
            assert not STEP_ASIDE & ids, (flag, page, chart)
    assert not STEP_ASIDE & {c.id for c in guidance.moment_cards(ctx, limit=50)}
    path = guidance.path_for(ctx)
    assert not STEP_ASIDE & set(path["cards"])
    assert not STEP_ASIDE & {c.id for c in guidance.phase_cards(ctx, path, limit=50)}


@pytest.mark.parametrize("flag", NEW_FLAGS)
def test_each_new_flag_brings_the_abuse_support_card_first(flag: str) -> None:
    ctx = context([flag])
    support = CARDS["red-flag-seek-support"]
    assert "abuse_support" in support.tags and support.holds(ctx)
    assert guidance.holds_back(ctx)  # no reconciliation advice either
    # It leads the red-flag cards, so it is among the three a page shows even when every
    # flag is ticked.
    for page in ("no_contact", "mood", "cycles", "guidance"):
        every = build_context(METRICS, {"red_flags": list(RED_FLAGS)})
        assert guidance.cards_for(every, page, limit=3)[0].id == "red-flag-seek-support", page
    assert guidance.path_for(ctx)["cards"][0] == "red-flag-seek-support"
    moment = {c.id for c in guidance.moment_cards(ctx)}
    assert "urge-red-flags" in moment and "abuse_support" in CARDS["urge-red-flags"].tags


def test_the_reply_card_is_no_loophole() -> None:
    body = CARDS["when-they-reach-out"].body
    assert "keeps your streak" not in body
    assert "not an opening" in body and "contact you started" in body


# -- the Guidance page ---------------------------------------------------------------------------
def open_guidance(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TIDELINE_DB", str(db))
    at = AppTest.from_file(str(PACKAGE_DIR / "app.py"), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    at.switch_page("pages/guidance.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_checklist_has_every_flag_with_a_kind_label_and_saves_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "journal.duckdb"
    with Store(db) as s:
        s.add("mood", {"at": dt.datetime.now().replace(second=0, microsecond=0), "mood": 6})
    at = open_guidance(db, monkeypatch)
    labels = {f: at.checkbox(key=f"guidance_flag_{f}").label for f in RED_FLAGS}
    assert "afraid" in labels["fear"]
    assert all(w in labels["control"] for w in ("money", "who you see", "phone"))
    assert "watched or followed" in labels["stalking"]
    assert labels["threats"].startswith("Threats")
    captions = " ".join(c.value for c in at.caption)
    assert "leaves out the articles' tactics" in captions and "jealous" in captions
    at.checkbox(key="guidance_flag_control").check()
    [b for b in at.button if b.label == "Save"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Store(db) as s:
        assert s.settings()["red_flags"] == ["control"]
    at = open_guidance(db, monkeypatch)
    titles = " ".join(m.value for m in at.markdown)
    assert CARDS["red-flag-seek-support"].title in titles.replace("\\", "")
    # Its domestic-abuse lines (or the directory, for a country without one) follow its text.
    assert "findahelpline.com" in titles
