"""Guidance: the rule evaluator, every card's rule, selection, red flags, safety and the path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any, TypedDict

import pytest

from dashboard import guidance, metrics
from dashboard.guidance import (
    CardLibraryError,
    RuleSyntaxError,
    build_context,
    card_to_dict,
    cards_for,
    compile_rule,
    load_cards,
    moment_cards,
    parse_card,
    parse_cards,
    parse_path,
    path_for,
    safety_card,
)
from tests.test_metrics import EMPTY

# A quiet context in the exact section 4 shape: nothing tracked yet, intent undecided.
BASE_METRICS: dict[str, Any] = copy.deepcopy(dict(EMPTY))
BASE_SETTINGS: dict[str, Any] = {
    "day_start_hour": 4,
    "no_contact_goal_days": 30,
    "intent": "undecided",
    "red_flags": [],
}


def make_context(**overrides: Any) -> dict[str, Any]:
    """BASE plus overrides given as dotted keys with '__' for '.': no_contact__nc_days=12."""
    metrics = copy.deepcopy(BASE_METRICS)
    settings = copy.deepcopy(BASE_SETTINGS)
    for key, value in overrides.items():
        parts = key.split("__")
        if parts[0] == "settings":
            settings[parts[1]] = value
            continue
        target = metrics
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return build_context(metrics, settings)


def intent(value: str, counts: dict[str, int] | None = None, **facts: object) -> dict:
    """Facts with settings__intent `value`, milestones__counts `counts` (if given) and more."""
    if counts is not None:
        facts["milestones__counts"] = counts
    return {"settings__intent": value, **facts}


def status(value: str, counts: dict[str, int]) -> dict:
    """Facts with cycles__status `value` and milestones__counts `counts`."""
    return {"cycles__status": value, "milestones__counts": counts}


# Each card: (a context where its rule must hold, a context where it must not). The values sit
# on the rule's boundary where it has one (e.g. nc_days 29 vs 30 for "< 30"). None as the
# negative is allowed only for `always` rules, checked below.
FIXTURES: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    # The month counts the open stretch (current_period_days), not every stretch (nc_days).
    "no-contact-about-a-month": (
        {"no_contact__active": True, "no_contact__current_period_days": 29},
        {"no_contact__active": True, "no_contact__current_period_days": 30},
    ),
    "no-contact-breaks-the-loop": (
        {"no_contact__active": True, "cycles__breakups": 2},
        {"no_contact__active": True, "cycles__breakups": 1},
    ),
    "a-month-behind-you": (
        {"no_contact__current_period_days": 30},
        {"no_contact__current_period_days": 29, "no_contact__nc_days": 69},
    ),
    "when-they-reach-out": (
        {"no_contact__active": True, "settings__intent": "reconcile"},
        {"no_contact__active": True, "settings__intent": "move_on"},
    ),
    "small-steps-count": ({"no_contact__urges_resisted": 1}, {"no_contact__urges_resisted": 0}),
    "work-on-yourself": (
        {"no_contact__current_period_days": 7},
        {"no_contact__current_period_days": 6, "no_contact__nc_days": 46},
    ),
    "stop-when-no-reply": (
        {"relapse__max_unanswered_chain": 2},
        {"relapse__max_unanswered_chain": 1},
    ),
    # A share ("most", "at least half", "a share of your slips") needs five breaks behind it.
    "silence-is-information": (
        {"relapse__response_rate": 0.49, "no_contact__breaks": 5},
        {"relapse__response_rate": 0.5, "no_contact__breaks": 5},
    ),
    "late-nights": (
        {"relapse__late_night_share": 0.5, "no_contact__breaks": 5},
        {"relapse__late_night_share": 1.0, "no_contact__breaks": 4},
    ),
    "go-easy-on-drinks": (
        # The trigger alone is enough: names are trimmed and lower-cased by build_context.
        {
            "relapse__under_influence_share": 0.1,
            "relapse__top_triggers": [[" Alcohol ", 2]],
            "no_contact__breaks": 5,
        },
        {"relapse__under_influence_share": 1.0, "no_contact__breaks": 4},
    ),
    # "Among your most common triggers" and "has tended to be low" are claims about slips in
    # general: like a share, they need five breaks behind them.
    "loneliness-trigger": (
        {"relapse__top_triggers": [["alcohol", 3], ["loneliness", 1]], "no_contact__breaks": 5},
        {"relapse__top_triggers": [["loneliness", 4]], "no_contact__breaks": 4},
    ),
    "low-days-before-slips": (
        {"relapse__mood_before_break": 4, "no_contact__breaks": 5},
        {"relapse__mood_before_break": 4.1, "no_contact__breaks": 5},
    ),
    "peeking": ({"no_contact__peeks": 2}, {"no_contact__peeks": 1}),
    # a recent slip: fewer than 14 days into the new run
    "backsliding-is-normal": (
        {"no_contact__break_days": 1, "no_contact__current_streak_days": 13},
        {"no_contact__break_days": 1, "no_contact__current_streak_days": 14},
    ),
    "steady-days": ({"no_contact__current_streak_days": 7}, {"no_contact__current_streak_days": 6}),
    "urge-write-it-here": ({}, None),
    "urge-let-it-wait": ({}, None),
    "urge-no-reply-no-more": (
        {"relapse__max_unanswered_chain": 1},
        {"relapse__max_unanswered_chain": 0},
    ),
    # "At least one of your past slips came after a drink": a count, true from one slip.
    "urge-after-a-drink": (
        {"relapse__under_influence_share": 0.01},
        {"relapse__under_influence_share": 0.0},
    ),
    "urge-red-flags": ({"settings__red_flags": ["contempt"]}, {"settings__red_flags": []}),
    # Three low days in the week, and the way out is not taken yet (see the tests below).
    "safety-reach-out": (
        {"mood__low_days_7d": 3, "mood__latest_two_days_min": 5},
        {"mood__low_days_7d": 2, "mood__min_last_3d": 2},
    ),
    "vent-to-a-few": (
        {"no_contact__nc_days": 1, "mood__mean_last_7d": 5},
        {"no_contact__nc_days": 1, "mood__mean_last_7d": 5.1},
    ),
    "loneliness-is-not-a-reason": ({"mood__mean_last_7d": 4}, {"mood__mean_last_7d": 4.1}),
    "paper-for-painful-thoughts": ({"mood__min_last_3d": 3}, {"mood__min_last_3d": 4}),
    "stay-active": ({"mood__mean_last_7d": 5}, {"mood__mean_last_7d": 5.1}),
    "sleep-food-and-routine": (
        {"mood__days_logged": 7, "mood__mean": 5.5},
        {"mood__days_logged": 7, "mood__mean": 5.6},
    ),
    "other-parts-of-life": ({"mood__days_logged": 5}, {"mood__days_logged": 4}),
    "worth-from-within": ({"mood__mean_last_7d": 5}, {"mood__mean_last_7d": 5.1}),
    "your-own-affirmations": ({"mood__mean_last_7d": 6.5}, {"mood__mean_last_7d": 6.6}),
    "autonomy-heals": ({"no_contact__nc_days": 14}, {"no_contact__nc_days": 13}),
    "on-off-cycles": ({"cycles__breakups": 2}, {"cycles__breakups": 1}),
    "recycled-needs-support": ({"cycles__reunions": 1}, {"cycles__reunions": 0}),
    "remember-what-broke-it": (
        {"cycles__breakups": 1, "settings__intent": "reconcile"},
        {"cycles__breakups": 1, "settings__intent": "undecided"},
    ),
    "version-two": (
        {"cycles__status": "together", "cycles__reunions": 1},
        {"cycles__status": "apart", "cycles__reunions": 1},
    ),
    "treat-it-as-new": (status("together", {"back_together": 1}), status("together", {})),
    "leave-the-past-behind": (
        status("together", {"the_talk": 1}),
        status("together", {"first_meetup": 1}),
    ),
    "assess-honestly": (
        intent("undecided", no_contact__nc_days=7),
        intent("move_on", no_contact__nc_days=7),
    ),
    "miss-them-or-the-role": (intent("undecided"), intent("reconcile")),
    "flip-the-question": (intent("reconcile"), intent("undecided")),
    "change-you-can-see": (
        intent("reconcile", no_contact__nc_days=14),
        intent("reconcile", no_contact__nc_days=13),
    ),
    "therapy-for-the-confusion": (
        intent("reconcile", mood__mean_last_7d=4),
        intent("reconcile", mood__mean_last_7d=4.5),
    ),
    "listen-to-people-who-love-you": (
        intent("reconcile", settings__red_flags=["betrayal"]),
        intent("reconcile"),
    ),
    "accountability": (
        intent("reconcile", no_contact__nc_days=14),
        intent("undecided", no_contact__nc_days=14),
    ),
    "empathy-not-defence": (
        intent("reconcile", no_contact__nc_days=14),
        intent("reconcile", no_contact__nc_days=13),
    ),
    "patience-no-pressure": (
        intent("reconcile", {"reconnected": 1}),
        intent("reconcile", {"breakup": 1}),
    ),
    "reconnect-casually": (
        intent("reconcile", no_contact__current_period_days=30),
        {
            "settings__intent": "reconcile",
            "no_contact__current_period_days": 29,
            "no_contact__nc_days": 69,
        },
    ),
    "first-messages": (
        intent("reconcile", {"reconnected": 1}),
        intent("undecided", {"reconnected": 1}),
    ),
    "first-meeting-first-date": (
        intent("reconcile", {"reconnected": 2}),
        intent("move_on", {"reconnected": 2}),
    ),
    "no-rush-to-bed": (
        status("apart", {"first_meetup": 1}),
        status("together", {"first_meetup": 1}),
    ),
    "expectations-at-bay": (
        intent("reconcile", {"first_meetup": 1}),
        intent("reconcile", {"reconnected": 1}),
    ),
    "the-honest-talk": (
        intent("reconcile", {"first_meetup": 1}),
        intent("undecided", {"first_meetup": 1}),
    ),
    "address-the-elephant": (
        intent("reconcile", {"the_talk": 1}),
        intent("reconcile", {"first_meetup": 1}),
    ),
    "real-apology": (intent("reconcile", {"the_talk": 1}), intent("reconcile", {"reconnected": 1})),
    "writing-exercise": (intent("reconcile", {"decided_to_move_on": 1}), intent("reconcile")),
    "moving-on-with-dignity": (intent("move_on"), intent("undecided")),
    "red-flag-abuse": (
        {"settings__red_flags": ["abuse"]},
        {"settings__red_flags": ["contempt", "betrayal"]},
    ),
    "red-flag-contempt": (
        {"settings__red_flags": ["contempt"]},
        {"settings__red_flags": ["abuse"]},
    ),
    "red-flag-betrayal": (
        {"settings__red_flags": ["betrayal"]},
        {"settings__red_flags": ["abuse"]},
    ),
    "red-flag-seek-support": ({"settings__red_flags": ["abuse"]}, {"settings__red_flags": []}),
}

CARDS = {card.id: card for card in load_cards()}


def test_every_card_has_a_fixture() -> None:
    assert set(FIXTURES) == set(CARDS)


@pytest.mark.parametrize("card_id", sorted(FIXTURES))
def test_rule_fires_on_its_fixture_and_not_on_its_negative(card_id: str) -> None:
    card = CARDS[card_id]
    positive, negative = FIXTURES[card_id]
    assert card.holds(make_context(**positive)), f"{card_id}: {card.rule} should hold"
    if negative is None:
        # Only the two "in the moment" cards are unconditional; they hold even with no data.
        assert card.rule == "always"
        assert card.holds({})
    else:
        assert not card.holds(make_context(**negative)), f"{card_id}: {card.rule} should not"


# Every relapse figure that is a share of the slips or a tendency across them, at the value
# that makes each card's claim strongest.
SHARE_FACTS: dict[str, Any] = {
    "relapse__late_night_share": 1.0,
    "relapse__under_influence_share": 1.0,
    "relapse__response_rate": 0.0,
    "relapse__mood_before_break": 1.0,
    "relapse__top_triggers": [["loneliness", 4], ["alcohol", 4]],
}
# The cards whose words rest on such a figure ("at least half", "most", "a share", "tended").
SHARE_CARDS = {
    "silence-is-information",
    "late-nights",
    "go-easy-on-drinks",
    "loneliness-trigger",
    "low-days-before-slips",
}


@pytest.mark.parametrize("breaks", [0, 1, 2, 3, 4])
def test_no_share_or_tendency_card_from_fewer_than_five_slips(breaks: int) -> None:
    """With one to four slips, even at their strongest, no card claims a share or a pattern."""
    context = make_context(no_contact__breaks=breaks, **SHARE_FACTS)
    shown = {card.id for card in CARDS.values() if card.holds(context)}
    assert not shown & SHARE_CARDS, sorted(shown & SHARE_CARDS)


def test_share_cards_show_from_five_slips() -> None:
    context = make_context(no_contact__breaks=5, **SHARE_FACTS)
    assert {card.id for card in CARDS.values() if card.holds(context)} >= SHARE_CARDS


def test_every_card_reading_a_share_is_in_the_share_list() -> None:
    """A new card whose rule reads a share or a trigger ranking must join SHARE_CARDS."""
    paths = ("_share", "response_rate", "mood_before_break", "top_trigger_names")
    reading = {card.id for card in CARDS.values() if any(p in card.rule for p in paths)}
    # urge-after-a-drink says "at least one of your past slips", a count: it reads the share
    # only for "> 0".
    assert reading - {"urge-after-a-drink"} == SHARE_CARDS
    assert CARDS["urge-after-a-drink"].rule == "relapse.under_influence_share > 0"


def test_a_month_behind_you_is_about_the_first_month() -> None:
    """'You have given this about a month': from day 30 to day 60 of a stretch, not years in."""
    card = CARDS["a-month-behind-you"]
    held = {d: card.holds(make_context(no_contact__current_period_days=d)) for d in (30, 60, 61)}
    assert held == {30: True, 60: True, 61: False}
    assert not card.holds(make_context(no_contact__current_period_days=3650))


# ------------------------------------------------------------------------------------------
# The evaluator

NESTED = {
    "a": {
        "n": 3,
        "f": 0.5,
        "s": "apart",
        "t": True,
        "z": None,
        "flags": ["abuse", "contempt"],
        "word": "abuse",
    }
}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("a.n >= 3", True),
        ("a.n >= 4", False),
        ("a.n > 2", True),
        ("a.n > 3", False),
        ("a.n <= 3", True),
        ("a.n < 3", False),
        ("a.n == 3", True),
        ("a.n == 3.0", True),
        ("a.n != 3", False),
        ("a.f < 0.75", True),
        ("a.n > -1.5", True),
        ("a.s == 'apart'", True),
        ('a.s == "apart"', True),
        ("a.s != 'together'", True),
        ("a.t == true", True),
        ("a.t == false", False),
        # Missing and null paths make a comparison false, whatever the operator.
        ("a.missing >= 0", False),
        ("a.missing != 1", False),
        ("nothing.here.at.all == 1", False),
        ("a.z >= 0", False),
        ("a.z != 'x'", False),
        ("a.n.deeper == 1", False),
        # == null / != null are the explicit checks for a missing value.
        ("a.z == null", True),
        ("a.missing == null", True),
        ("a.n == null", False),
        ("a.n != null", True),
        ("a.z != null", False),
        # A value of another type than the literal: false, never an exception.
        ("a.s >= 3", False),
        ("a.n == '3'", False),
        ("a.t == 1", False),
        ("a.flags == 2", False),
        # Membership.
        ("'abuse' in a.flags", True),
        ("'betrayal' in a.flags", False),
        ("'abuse' in a.word", False),
        ("'abuse' in a.missing", False),
        ("1 in a.flags", False),
        # Boolean structure and precedence: and binds tighter than or; not binds tightest.
        ("a.n == 3 and a.s == 'apart'", True),
        ("a.n == 3 and a.s == 'together'", False),
        ("a.n == 1 or a.s == 'apart'", True),
        ("a.n == 1 or a.s == 'x' and a.t == true", False),
        ("a.n == 3 or a.s == 'x' and a.t == false", True),
        ("(a.n == 3 or a.s == 'x') and a.t == false", False),
        ("not a.n == 3", False),
        ("not a.missing >= 1", True),
        ("not not a.n == 3", True),
        ("not (a.n == 3 and a.t == true)", False),
        ("always", True),
        ("always and a.n == 1", False),
        ("  a.n==3  ", True),
    ],
)
def test_evaluator(rule: str, expected: bool) -> None:
    assert compile_rule(rule).holds(NESTED) is expected


def test_always_holds_on_an_empty_context() -> None:
    assert compile_rule("always").holds({})


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "   ",
        "a.n >=",
        "a.n 3",
        ">= 3",
        "a.n >= b.m",
        "a.s >= 'x'",
        "a.t > true",
        "a.n > null",
        "a.n == 3 and",
        "or a.n == 3",
        "(a.n == 3",
        "a.n == 3)",
        "a.n == 3 a.m == 1",
        "'x' in 3",
        "'x' in",
        "in a.flags",
        "a.flags in 'x'",
        "a.n === 3",
        "a.n = 3",
        "a.n == 3 && a.m == 1",
        "a.n == 1.",
        "a.n == tru",
        "always always",
        "not",
        "()",
        "a.n == 'unclosed",
        "a..n == 1",
    ],
)
def test_bad_syntax_raises_a_clear_error(rule: str) -> None:
    with pytest.raises(RuleSyntaxError, match="rule"):
        compile_rule(rule)


def test_non_text_rule_is_rejected() -> None:
    with pytest.raises(RuleSyntaxError):
        compile_rule(3)  # type: ignore[arg-type]


def test_unknown_path_is_rejected_when_paths_are_known() -> None:
    with pytest.raises(RuleSyntaxError, match="unknown path"):
        compile_rule("relapse.late_nite_share >= 0.5", guidance.KNOWN_PATHS)
    assert compile_rule("relapse.late_night_share >= 0.5", guidance.KNOWN_PATHS)


def test_specificity_counts_conditions() -> None:
    assert compile_rule("always").specificity == 0
    assert compile_rule("a.n == 1").specificity == 1
    assert compile_rule("a.n == 1 and ('x' in a.flags or not a.s == 'y')").specificity == 3


def test_the_evaluator_never_calls_eval() -> None:
    modules = sorted(Path(guidance.__file__).parent.glob("*.py"))
    assert [m.name for m in modules] == [
        "__init__.py",
        "cards.py",
        "context.py",
        "path.py",
        "rules.py",
        "selection.py",
    ]
    for module in modules:
        source = module.read_text(encoding="utf-8")
        assert "eval(" not in source and "exec(" not in source, module.name


# ------------------------------------------------------------------------------------------
# Loading the library


def raw_card(**changes: Any) -> dict[str, Any]:
    card = {
        "id": "a-card",
        "title": "A card",
        "body": "Some words.",
        "source": {"title": "T", "author": None, "section": "S"},
        "tags": ["x"],
        "place": "mood:daily",
        "priority": 1,
        "rule": "mood.mean <= 3",
    }
    card.update(changes)
    return card


def test_a_bad_rule_fails_at_load_time_naming_the_card() -> None:
    data = {"cards": [raw_card(tags=["safety"]), raw_card(id="broken", rule="mood.mean <=")]}
    with pytest.raises(CardLibraryError, match="'broken'"):
        parse_cards(data)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "Not Kebab"}, "kebab"),
        ({"body": "word " * 81}, "81 words"),
        ({"place": "mood:nowhere"}, "unknown place"),
        ({"place": "attic"}, "unknown place"),
        ({"tags": []}, "tags"),
        ({"priority": "high"}, "priority"),
        ({"priority": True}, "priority"),
        ({"source": {"title": "T", "author": None}}, "source"),
        ({"rule": "mood.meen <= 3"}, "unknown path"),
        ({"extra": 1}, "unknown"),
    ],
)
def test_load_checks_each_card(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CardLibraryError, match=message):
        parse_card(raw_card(**changes))


def test_load_checks_the_library_as_a_whole() -> None:
    with pytest.raises(CardLibraryError, match="twice"):
        parse_cards({"cards": [raw_card(tags=["safety"]), raw_card()]})
    with pytest.raises(CardLibraryError, match="exactly one safety"):
        parse_cards({"cards": [raw_card()]})
    with pytest.raises(CardLibraryError, match="cards"):
        parse_cards([raw_card()])


def test_library_size_and_shape() -> None:
    cards = load_cards()
    assert len(cards) >= 34
    for card in cards:
        assert len(card.body.split()) <= 80, card.id
        assert card.page in guidance.PAGES


def test_library_covers_every_topic_of_the_issue() -> None:
    tags = {tag for card in load_cards() for tag in card.tags}
    topics = {
        "no_contact", "texting", "late_night", "alcohol", "badmouthing", "working_on_yourself",
        "self_esteem", "active", "routine", "assess", "accountability", "empathy", "change",
        "patience", "backsliding", "reconnecting", "intimacy", "conversation", "apology",
        "second_version", "cycles", "therapy", "moving_on", "writing", "affirmations",
        "safety", "red_flags", "urge_moment", "reconciliation",
    }  # fmt: skip
    assert topics <= tags, sorted(topics - tags)


def test_red_flag_cards_cover_each_flag() -> None:
    rules = {c.rule for c in load_cards() if "red_flags" in c.tags}
    for flag in ("abuse", "contempt", "betrayal"):
        assert f"'{flag}' in settings.red_flags" in rules
    assert not [c for c in load_cards() if {"red_flags", "reconciliation"} <= set(c.tags)]


def test_safety_card_text_and_source() -> None:
    (card,) = [c for c in load_cards() if "safety" in c.tags]
    assert (card.source.title, card.source.author, card.source.section) == (
        "Tideline",
        None,
        "Safety",
    )
    # The lines themselves are data (helplines.json), listed with the card by country.
    for needed in ("therapist", "emergency services", "crisis line", "findahelpline.com"):
        assert needed in card.body


def test_load_cards_is_cached_but_returns_a_fresh_list() -> None:
    first = load_cards()
    first.clear()
    second = load_cards()
    assert second and second[0] is load_cards()[0]


def test_card_to_dict_round_trips() -> None:
    for card in load_cards():
        data = card_to_dict(card)
        assert set(data) == {"id", "title", "body", "source", "tags", "place", "priority", "rule"}
        assert parse_card(json.loads(json.dumps(data))) == card


# ------------------------------------------------------------------------------------------
# build_context


def test_build_context_merges_settings_and_derives_fields() -> None:
    metrics = copy.deepcopy(BASE_METRICS)
    metrics["relapse"]["top_triggers"] = [["Loneliness ", 2], ["alcohol", 1]]
    metrics["milestones"] = {"counts": {"breakup": 2}, "latest_kind": "breakup"}
    before = copy.deepcopy(metrics)
    ctx = build_context(metrics, {"intent": "reconcile", "red_flags": ["contempt"]})
    assert metrics == before  # the caller's dict is not changed
    assert ctx["settings"] == {
        "intent": "reconcile",
        "red_flags": ["contempt"],
        "any_red_flag": True,
        "no_contact_goal_days": 30,  # from no_contact.goal_days when settings lack it
    }
    assert ctx["relapse"]["top_trigger_names"] == ["loneliness", "alcohol"]
    assert ctx["milestones"]["counts"]["breakup"] == 2
    assert ctx["milestones"]["counts"]["the_talk"] == 0
    assert ctx["no_contact"] == BASE_METRICS["no_contact"]


def test_build_context_on_empty_metrics() -> None:
    ctx = build_context({}, {})
    assert ctx["settings"]["intent"] == "undecided"
    assert ctx["settings"]["any_red_flag"] is False
    assert ctx["mood"]["min_last_3d"] is None
    assert ctx["milestones"]["latest_kind"] is None
    assert guidance.active_cards(ctx)  # the unconditional moment cards at least
    assert safety_card(ctx) is None


# ------------------------------------------------------------------------------------------
# Selection

ALL_PLACES = [(page, None) for page in guidance.PAGES] + [
    (page, chart) for page, charts in guidance.PLACES.items() for chart in charts
]

# A context where most rules hold: a long, bumpy story of someone hoping to reconcile.
RICH = {
    "no_contact__active": True,
    "no_contact__nc_days": 45,
    "no_contact__current_period_days": 45,
    "no_contact__current_streak_days": 9,
    "no_contact__break_days": 3,
    "no_contact__breaks": 8,
    "no_contact__urges_resisted": 6,
    "no_contact__peeks": 4,
    "relapse__late_night_share": 0.75,
    "relapse__under_influence_share": 0.5,
    "relapse__response_rate": 0.25,
    "relapse__max_unanswered_chain": 3,
    "relapse__top_triggers": [["loneliness", 3], ["alcohol", 2]],
    "relapse__mood_before_break": 3.0,
    "cycles__status": "together",
    "cycles__breakups": 2,
    "cycles__reunions": 2,
    "mood__days_logged": 40,
    "mood__mean": 4.5,
    "mood__mean_last_7d": 3.5,
    "mood__min_last_3d": 2,
    "milestones__counts": {
        "reconnected": 1,
        "first_meetup": 1,
        "the_talk": 1,
        "back_together": 2,
        "breakup": 2,
    },
    "settings__intent": "reconcile",
}


@pytest.mark.parametrize("flags", [[], ["abuse"]])
def test_at_most_three_cards_per_page_and_chart(flags: list[str]) -> None:
    ctx = make_context(**RICH, settings__red_flags=flags, mood__low_days_7d=4)
    for page, chart in ALL_PLACES:
        assert len(cards_for(ctx, page, chart)) <= 3, (page, chart)
    assert len(cards_for(ctx, "patterns", limit=1)) == 1
    assert len(moment_cards(ctx)) <= 3


def test_most_relevant_first() -> None:
    ctx = make_context(**RICH)
    # patterns:figures holds stop-when-no-reply (priority 70) and silence-is-information (60).
    assert [c.id for c in cards_for(ctx, "patterns", "figures")] == [
        "stop-when-no-reply",
        "silence-is-information",
    ]
    ids = [c.id for c in guidance.active_cards(ctx)]
    priorities = [CARDS[i].priority for i in ids]
    assert priorities == sorted(priorities, reverse=True)


def test_chart_may_be_given_with_its_page() -> None:
    ctx = make_context(**RICH)
    assert cards_for(ctx, "patterns", "patterns:figures") == cards_for(ctx, "patterns", "figures")
    with pytest.raises(ValueError):
        cards_for(ctx, "mood", "patterns:figures")
    with pytest.raises(ValueError):
        cards_for(ctx, "attic")
    with pytest.raises(ValueError):
        cards_for(ctx, "mood", "nowhere")


def test_cards_stay_beside_their_chart() -> None:
    ctx = make_context(**RICH)
    for page, chart in ALL_PLACES:
        for card in cards_for(ctx, page, chart):
            assert card.page == page, (page, chart, card.id)
            if chart is not None:
                assert card.chart == chart, (page, chart, card.id)


def synthetic(*cards: dict[str, Any]) -> list[guidance.Card]:
    return parse_cards({"cards": [raw_card(id="safe", tags=["safety"], rule="mood.mean <= 1")]
                        + list(cards)})  # fmt: skip


def test_specificity_breaks_priority_ties(monkeypatch: pytest.MonkeyPatch) -> None:
    library = synthetic(
        raw_card(id="broad", priority=5, rule="mood.mean <= 5"),
        raw_card(id="narrow", priority=5, rule="mood.mean <= 5 and mood.entries >= 1"),
        raw_card(id="urgent", priority=9, rule="mood.mean <= 5"),
    )
    monkeypatch.setattr(guidance.cards, "load_cards", lambda: list(library))
    ctx = make_context(mood__mean=4, mood__entries=3)
    # priority 9 first; then the two 5s, the one with two conditions before the one with one.
    assert [c.id for c in cards_for(ctx, "mood", "daily")] == ["urgent", "narrow", "broad"]


def test_safety_card_only_on_low_days() -> None:
    low_days = make_context(mood__low_days_7d=3, mood__min_last_3d=2)
    a_one = make_context(mood__low_days_7d=1, mood__min_last_3d=1, mood__latest_two_days_min=6)
    not_low = make_context(mood__low_days_7d=2, mood__min_last_3d=2)
    recovered = make_context(mood__low_days_7d=5, mood__latest_two_days_min=6)
    none_logged = make_context()
    for ctx in (low_days, a_one):
        card = safety_card(ctx)
        assert card is not None and "safety" in card.tags
        for page, chart in [
            ("today", None),
            ("mood", None),
            ("mood", "daily"),
            ("today", "streak"),
        ]:
            assert cards_for(ctx, page, chart)[0] == card, (page, chart)
        assert moment_cards(ctx)[0] == card
        assert card not in cards_for(ctx, "patterns")
    for ctx in (not_low, recovered, none_logged):
        assert safety_card(ctx) is None
        for page, chart in ALL_PLACES:
            assert all("safety" not in c.tags for c in cards_for(ctx, page, chart))
        assert all("safety" not in c.tags for c in moment_cards(ctx))


def test_moment_cards() -> None:
    # With nothing logged: write it here (priority 90) and let it wait (78), the two `always`.
    assert [c.id for c in moment_cards(make_context())] == [
        "urge-write-it-here",
        "urge-let-it-wait",
    ]
    ctx = make_context(relapse__max_unanswered_chain=1, relapse__under_influence_share=0.3)
    # 90 write-here, 85 no-reply, 82 after-a-drink; let-it-wait (78) falls past the limit of 3.
    assert [c.id for c in moment_cards(ctx)] == [
        "urge-write-it-here",
        "urge-no-reply-no-more",
        "urge-after-a-drink",
    ]
    flagged = moment_cards(make_context(settings__red_flags=["betrayal"]))
    assert [c.id for c in flagged] == ["urge-red-flags", "urge-write-it-here", "urge-let-it-wait"]


# ------------------------------------------------------------------------------------------
# The red-flag switch


def test_without_red_flags_reconciliation_cards_do_show() -> None:
    # The control for the test below: the same rich context does surface reconciliation cards.
    ctx = make_context(**RICH)
    shown = {c.id for page, chart in ALL_PLACES for c in cards_for(ctx, page, chart)}
    assert any("reconciliation" in CARDS[i].tags for i in shown)
    assert path_for(ctx)["phase"] == "second_version"


@pytest.mark.parametrize("flags", [["abuse"], ["contempt"], ["betrayal"], ["abuse", "betrayal"]])
def test_red_flag_switch(flags: list[str]) -> None:
    ctx = make_context(**RICH, settings__red_flags=flags)
    assert ctx["settings"]["any_red_flag"] is True
    for page, chart in ALL_PLACES:
        selection = cards_for(ctx, page, chart)
        assert not [c.id for c in selection if "reconciliation" in c.tags], (page, chart)
        if chart is None:
            # The red-flag advice leads every page (after the safety card where it holds).
            leading = [c for c in selection if "safety" not in c.tags][0]
            assert "red_flags" in leading.tags, page
    assert not [c for c in guidance.active_cards(ctx) if "reconciliation" in c.tags]
    moment = moment_cards(ctx)
    assert moment[0].id == "urge-red-flags"
    assert not [c for c in moment if "reconciliation" in c.tags]
    for flag in flags:
        assert f"red-flag-{flag}" in [c.id for c in cards_for(ctx, "guidance", "path")] + [
            c.id for c in guidance.active_cards(ctx)
        ]

    path = path_for(ctx)
    assert path["phase"] == "moving_on"
    assert path["red_flags"] is True and path["support"]
    route = [step["id"] for step in path["route"]]
    assert "reconnecting" not in route and "the_conversation" not in route
    assert path["next"] is None or path["next"]["id"] not in ("reconnecting", "the_conversation")
    assert "red_flags" in CARDS[path["cards"][0]].tags
    assert not [i for i in path["cards"] if "reconciliation" in CARDS[i].tags]


# ------------------------------------------------------------------------------------------
# The path


@pytest.mark.parametrize(
    ("overrides", "phase"),
    [
        ({}, "no_contact"),
        ({"no_contact__active": True, "no_contact__current_period_days": 29}, "no_contact"),
        (
            {"no_contact__active": True, "no_contact__current_period_days": 30},
            "working_on_yourself",
        ),
        # A month in all, but only a week of the current stretch: back at the start.
        (
            {
                "no_contact__active": True,
                "no_contact__nc_days": 47,
                "no_contact__current_period_days": 7,
            },
            "no_contact",
        ),
        ({"milestones__latest_kind": "reconnected"}, "reconnecting"),
        ({"milestones__latest_kind": "first_meetup"}, "reconnecting"),
        ({"milestones__latest_kind": "the_talk"}, "the_conversation"),
        (
            {"cycles__status": "together", "milestones__latest_kind": "back_together"},
            "second_version",
        ),
        ({"settings__intent": "move_on"}, "moving_on"),
        ({"milestones__latest_kind": "decided_to_move_on"}, "moving_on"),
        # A therapy session logged after the decision does not undo it.
        (
            {
                "milestones__latest_kind": "therapy_session",
                "milestones__counts": {"decided_to_move_on": 1},
            },
            "moving_on",
        ),
        # A therapy session logged after the talk: no longer in no contact, no reunion yet.
        (
            {
                "milestones__latest_kind": "therapy_session",
                "milestones__counts": {"the_talk": 1, "reconnected": 1},
                "no_contact__active": False,
            },
            "the_conversation",
        ),
        (
            {
                "milestones__latest_kind": "custom",
                "milestones__counts": {"reconnected": 1},
                "no_contact__active": False,
            },
            "reconnecting",
        ),
        ({"cycles__status": "together", "settings__red_flags": ["abuse"]}, "moving_on"),
    ],
)
def test_path_phase(overrides: dict[str, Any], phase: str) -> None:
    assert path_for(make_context(**overrides))["phase"] == phase


def test_path_route_and_next() -> None:
    path = path_for(make_context(milestones__latest_kind="the_talk", settings__intent="reconcile"))
    assert [(s["id"], s["status"]) for s in path["route"]] == [
        ("no_contact", "done"),
        ("working_on_yourself", "done"),
        ("reconnecting", "done"),
        ("the_conversation", "current"),
        ("second_version", "ahead"),
    ]
    assert path["next"]["id"] == "second_version"
    assert path["cards"] and all(i in CARDS for i in path["cards"])
    assert path["support"] is None

    start = path_for(make_context())
    assert start["next"]["id"] == "working_on_yourself"
    together = path_for(make_context(cycles__status="together"))
    assert together["next"]["id"] is None and together["next"]["text"]

    moving = path_for(make_context(settings__intent="move_on"))
    assert [(s["id"], s["status"]) for s in moving["route"]] == [
        ("no_contact", "ongoing"),
        ("working_on_yourself", "ongoing"),
        ("moving_on", "current"),
    ]
    assert moving["red_flags"] is False and moving["support"] is None


def test_path_file_is_checked() -> None:
    data = json.loads(guidance.PATH_FILE.read_text(encoding="utf-8"))
    ids = set(CARDS)
    assert parse_path(data, ids).routes["apart"][-1] == "moving_on"
    bad = copy.deepcopy(data)
    bad["routes"]["apart"].insert(2, "reconnecting")
    with pytest.raises(CardLibraryError, match="never lead to reconnecting"):
        parse_path(bad, ids)
    bad = copy.deepcopy(data)
    bad["phases"][0]["cards"].append("no-such-card")
    with pytest.raises(CardLibraryError, match="unknown cards"):
        parse_path(bad, ids)
    bad = copy.deepcopy(data)
    bad["placement"][0]["rule"] = "settings.any_red_flag =="
    with pytest.raises(CardLibraryError, match="path.json"):
        parse_path(bad, ids)
    bad = copy.deepcopy(data)
    del bad["red_flag_support"]
    with pytest.raises(CardLibraryError, match="red_flag_support"):
        parse_path(bad, ids)


def test_a_move_on_intent_holds_back_every_reconciliation_card():
    # Each reconciliation card shows on its own fixture; the same context with intent move_on
    # (whatever the fixture's intent was) must hide it.
    checked = 0
    for card_id, (positive, _negative) in FIXTURES.items():
        card = CARDS[card_id]
        if "reconciliation" not in card.tags or positive.get("settings__intent") == "move_on":
            continue
        assert card in guidance.active_cards(make_context(**positive)), card_id
        moved_on = make_context(**{**positive, "settings__intent": "move_on"})
        assert card not in guidance.active_cards(moved_on), card_id
        checked += 1
    assert checked >= 10


# -- the rule paths derive from the metrics type -------------------------------------------------
def _context_paths(context: dict[str, Any], prefix: str = "") -> set[str]:
    """Every dotted path to a value of a built context (an empty dict is a value too)."""
    out: set[str] = set()
    for key, value in context.items():
        if isinstance(value, dict) and value:
            out |= _context_paths(value, f"{prefix}{key}.")
        else:
            out.add(f"{prefix}{key}")
    return out


def test_known_paths_are_the_metrics_fields_plus_the_settings_and_trigger_names() -> None:
    added = {
        "settings.intent",
        "settings.red_flags",
        "settings.any_red_flag",
        "settings.no_contact_goal_days",
        "relapse.top_trigger_names",
    }
    known = guidance.KNOWN_PATHS
    assert known == metrics.field_paths(metrics.Metrics) | added
    assert "milestones.counts.the_talk" in known  # one per milestone kind
    assert "mood.latest_two_days_min" in known


class _WiderMood(metrics.Mood):
    calm_days: int


class _Wider(TypedDict):
    mood: _WiderMood


def test_a_field_added_to_the_metrics_type_is_a_rule_path_at_once() -> None:
    assert "mood.calm_days" in metrics.field_paths(_Wider)
    assert compile_rule("mood.calm_days >= 3", metrics.field_paths(_Wider)).holds(
        {"mood": {"calm_days": 3}}
    )
    with pytest.raises(RuleSyntaxError, match="unknown path"):
        compile_rule("mood.calm_days >= 3", guidance.KNOWN_PATHS)


def test_a_card_or_a_placement_naming_a_field_the_metrics_lack_fails_at_load() -> None:
    with pytest.raises(CardLibraryError, match="unknown path.*mood.calm_days"):
        parse_card(raw_card(rule="mood.calm_days >= 3"))
    data = json.loads(guidance.PATH_FILE.read_text(encoding="utf-8"))
    data["placement"][0]["rule"] = "no_contact.clean_days >= 1"
    with pytest.raises(CardLibraryError, match="path.json.*no_contact.clean_days"):
        parse_path(data, {c.id for c in load_cards()})


def test_every_known_path_is_in_the_real_context(make_store) -> None:
    # If metrics.compute left out a field its type declares, every card reading it would
    # silently stop showing. Build the context the app builds, from a real database.
    store = make_store(
        mood=[{"at": "2026-03-01T20:00:00", "mood": 4, "urge": 6}],
        contacts=[
            {"at": "2026-03-02T23:30:00", "initiator": "me", "channel": "text", "trigger": "bored"}
        ],
        milestones=[{"on": "2026-02-20", "kind": "no_contact_start", "title": "Quiet"}],
    )
    for as_of in (None, "2026-03-05"):
        day = None if as_of is None else dt.date.fromisoformat(as_of)
        ctx = build_context(metrics.compute(store, as_of=day), store.settings())
        assert sorted(guidance.KNOWN_PATHS - _context_paths(ctx)) == []


# -- the Guidance page's helpers -------------------------------------------------------------------
def test_holds_back_on_a_red_flag_or_a_move_on_intent() -> None:
    assert guidance.holds_back(make_context()) is False
    assert guidance.holds_back(make_context(settings__intent="reconcile")) is False
    assert guidance.holds_back(make_context(settings__intent="move_on")) is True
    assert guidance.holds_back(make_context(settings__red_flags=["betrayal"])) is True


def test_cards_for_leaves_out_excluded_tags() -> None:
    ctx = make_context()
    everything = guidance.cards_for(ctx, "today", limit=100)
    assert any("urge_moment" in c.tags for c in everything)
    without = guidance.cards_for(ctx, "today", limit=100, exclude_tags=("urge_moment",))
    assert without == [c for c in everything if "urge_moment" not in c.tags]


def test_phase_cards_show_only_cards_that_hold_then_the_page_s_own(monkeypatch) -> None:
    library = synthetic(
        raw_card(id="c-first", rule="no_contact.nc_days >= 100"),
        raw_card(id="c-second", rule="always"),
        raw_card(id="c-third", rule="no_contact.nc_days >= 100"),
        raw_card(id="c-fourth", rule="always"),
        raw_card(id="page-low", place="guidance:path", priority=1, rule="always"),
        raw_card(id="page-high", place="guidance:path", priority=9, rule="always"),
        raw_card(id="page-never", place="guidance:path", priority=99, rule="mood.mean <= 0"),
        raw_card(id="elsewhere", place="mood:daily", priority=50, rule="always"),
    )
    monkeypatch.setattr(guidance.cards, "load_cards", lambda: list(library))
    path = {"cards": ["c-first", "c-second", "c-third", "c-fourth"]}
    ctx = make_context(no_contact__nc_days=5)
    # The phase's two that hold, in its order; then the Guidance page's own that hold, best
    # first. The phase's failing cards, a failing page card and another page's card never.
    assert [c.id for c in guidance.phase_cards(ctx, path, 4)] == [
        "c-second",
        "c-fourth",
        "page-high",
        "page-low",
    ]
    assert [c.id for c in guidance.phase_cards(ctx, path, 3)] == [
        "c-second",
        "c-fourth",
        "page-high",
    ]
    assert [c.id for c in guidance.phase_cards(ctx, path, 1)] == ["c-second"]
    # A phase card placed on the page itself is not shown twice.
    assert [c.id for c in guidance.phase_cards(ctx, {"cards": ["page-low"]}, 5)] == [
        "page-low",
        "page-high",
    ]


def test_an_undecided_user_gets_no_reconcile_only_card_on_the_guidance_page() -> None:
    # Issue 11, point 7: reconnected, met for coffee, still undecided. The phase lists cards
    # that ask for intent "reconcile"; none of them may show.
    ctx = make_context(
        milestones__latest_kind="first_meetup",
        milestones__counts={
            "breakup": 1,
            "no_contact_start": 1,
            "reconnected": 1,
            "first_meetup": 1,
        },
        no_contact__nc_days=40,
    )
    path = path_for(ctx)
    assert path["phase"] == "reconnecting"
    listed = [CARDS[i] for i in path["cards"]]
    assert any("settings.intent == 'reconcile'" in c.rule for c in listed)  # the trap is real
    shown = guidance.phase_cards(ctx, path, 3)
    assert shown and all(c.holds(ctx) for c in shown), [c.id for c in shown]
    assert not [c.id for c in shown if "settings.intent == 'reconcile'" in c.rule]
    # Hoping to reconcile, the same day shows the phase's own reconnecting advice.
    hoping = make_context(
        milestones__latest_kind="first_meetup",
        milestones__counts={"reconnected": 1, "first_meetup": 1},
        settings__intent="reconcile",
    )
    assert guidance.phase_cards(hoping, path_for(hoping), 3)[0].id == "first-messages"


def test_an_undecided_user_sees_the_other_road() -> None:
    early = path_for(make_context(no_contact__nc_days=31, no_contact__current_period_days=31))
    assert early["phase"] == "working_on_yourself"
    assert early["next"]["id"] == "reconnecting"
    assert early["fork"]["id"] == "moving_on" and early["fork"]["title"] == "Moving on"
    assert early["fork"]["text"]
    start = path_for(make_context())
    assert start["fork"]["id"] == "moving_on"
    # Hoping to reconcile, already moving on, or further along: no fork.
    hoping = make_context(settings__intent="reconcile", no_contact__current_period_days=31)
    assert path_for(hoping)["fork"] is None
    assert path_for(make_context(settings__intent="move_on"))["fork"] is None
    assert path_for(make_context(settings__red_flags=["abuse"]))["fork"] is None
    talk = path_for(make_context(milestones__latest_kind="the_talk"))
    assert talk["phase"] == "the_conversation" and talk["fork"] is None


# -- the support (safety) card on real low stretches (issue 11, point 5) -----------------------
def mood_rows(days: dict[str, list[int]]) -> list[dict[str, Any]]:
    """{"2026-03-04": [2, 5]} logs 2 at 08:00 and 5 at 20:00 on that tracking day."""
    return [
        {"at": f"{day}T{('08:00', '20:00')[i]}:00", "mood": value}
        for day, values in days.items()
        for i, value in enumerate(values)
    ]


def real_context(store: Any, day: str, **settings: Any) -> dict[str, Any]:
    """The context the app builds on a day, from a real database."""
    result = metrics.compute(store, as_of=dt.date.fromisoformat(day))
    return build_context(result, store.settings() | settings)


# Each case was missed by the old rule (three consecutive days with a daily mean <= 3 ending
# on the day, or a 1 in the last three days); the day asked about is always Mar 10.
MISSED_LOW_STRETCHES = {
    # Mar 7, 8 low, Mar 9 not logged, Mar 10 low: the old run was 1 day long.
    "low, low, a day not logged, low": {
        "2026-03-07": [2],
        "2026-03-08": [3],
        "2026-03-10": [2],
    },
    # Mar 4-10: 2, 2, 8, 2, 2, 8, 2: five low days, the run ending on Mar 10 is 1 day.
    "five of seven days at 2 between good days": {
        "2026-03-04": [2],
        "2026-03-05": [2],
        "2026-03-06": [8],
        "2026-03-07": [2],
        "2026-03-08": [2],
        "2026-03-09": [8],
        "2026-03-10": [2],
    },
    # Every day Mar 4-10: 2 in the morning, 5 in the evening. Mean 3.5 is not low; lowest 2 is.
    "2 every morning and 5 every evening": {f"2026-03-{d:02d}": [2, 5] for d in range(4, 11)},
    # Mar 5, 6, 7 at 2, then nothing on Mar 8, 9 or 10: no run, no entry in the last 3 days.
    "three low days, then nothing logged": {
        "2026-03-05": [2],
        "2026-03-06": [2],
        "2026-03-07": [2],
    },
}


@pytest.mark.parametrize("case", sorted(MISSED_LOW_STRETCHES))
def test_the_support_card_shows_on_real_low_stretches(make_store, case: str) -> None:
    store = make_store(mood=mood_rows(MISSED_LOW_STRETCHES[case]))
    ctx = real_context(store, "2026-03-10")
    assert ctx["mood"]["low_days_7d"] >= 3 and ctx["mood"]["min_last_3d"] != 1
    card = safety_card(ctx)
    assert card is not None and card.id == "safety-reach-out", case
    # It leads Today, Mood and the urge moment, as before.
    assert cards_for(ctx, "today")[0] == card
    assert cards_for(ctx, "mood")[0] == card
    assert moment_cards(ctx)[0] == card


def test_the_support_card_leaves_when_the_low_days_leave_the_window(make_store) -> None:
    store = make_store(mood=mood_rows(MISSED_LOW_STRETCHES["three low days, then nothing logged"]))
    # Mar 11: the window Mar 5-11 still holds the three low days.
    assert safety_card(real_context(store, "2026-03-11")) is not None
    # Mar 12: the window is Mar 6-12, two low days are left.
    assert real_context(store, "2026-03-12")["mood"]["low_days_7d"] == 2
    assert safety_card(real_context(store, "2026-03-12")) is None


def test_the_support_card_leaves_after_two_good_logged_days(make_store) -> None:
    store = make_store(
        mood=mood_rows(
            {
                "2026-03-04": [2],
                "2026-03-05": [2],
                "2026-03-06": [3],
                "2026-03-07": [6, 9],  # lowest 6
                # Mar 8 not logged: "the two latest logged days" skip it
                "2026-03-09": [7],
            }
        )
    )
    # Mar 7: the two latest logged days are Mar 6 (3) and Mar 7 (6): not yet.
    assert safety_card(real_context(store, "2026-03-07")) is not None
    # Mar 9: Mar 7 (6, 9) and Mar 9 (7) are both 6 or more, though three low days remain.
    ctx = real_context(store, "2026-03-09")
    assert ctx["mood"]["low_days_7d"] == 3
    assert safety_card(ctx) is None


def test_a_good_day_means_its_lowest_mood_is_6_or_more(make_store) -> None:
    # "Both 6 or more" is read on each day's lowest mood (the cautious reading): Mar 7 holds a
    # 4 beside a 9 (mean 6.5), so it is not a good day yet and the card stays.
    store = make_store(
        mood=mood_rows(
            {
                "2026-03-04": [2],
                "2026-03-05": [2],
                "2026-03-06": [2],
                "2026-03-07": [9, 4],
                "2026-03-08": [7],
            }
        )
    )
    ctx = real_context(store, "2026-03-08")
    assert ctx["mood"]["latest_two_days_min"] == 4
    assert safety_card(ctx) is not None


def test_a_mood_of_1_brings_the_support_card_for_three_days(make_store) -> None:
    # The way out (two good logged days) belongs to the low-days part of the rule: a 1 keeps
    # the card for its three days, whatever follows.
    store = make_store(mood=mood_rows({"2026-03-08": [1], "2026-03-09": [7], "2026-03-10": [8]}))
    ctx = real_context(store, "2026-03-10")
    assert ctx["mood"]["latest_two_days_min"] == 7
    assert safety_card(ctx) is not None
    assert safety_card(real_context(store, "2026-03-11")) is None  # Mar 9-11: no 1


def test_reconciliation_cards_step_aside_beside_the_support_card(monkeypatch) -> None:
    library = parse_cards(
        {
            "cards": [
                raw_card(id="support", tags=["safety"], rule="mood.low_days_7d >= 3"),
                raw_card(
                    id="win-back-mood", tags=["reconciliation"], place="mood:daily", rule="always"
                ),
                raw_card(
                    id="win-back-today", tags=["reconciliation"], place="today", rule="always"
                ),
                raw_card(
                    id="win-back-moment",
                    tags=["urge_moment", "reconciliation"],
                    place="today:moment",
                    rule="always",
                ),
                raw_card(
                    id="win-back-cycles",
                    tags=["reconciliation"],
                    place="cycles:timeline",
                    rule="always",
                ),
                raw_card(id="rest", place="mood:weekday", rule="always"),
                raw_card(id="moment", tags=["urge_moment"], place="today:moment", rule="always"),
            ]
        }
    )
    monkeypatch.setattr(guidance.cards, "load_cards", lambda: list(library))
    calm = make_context(mood__low_days_7d=2)
    low = make_context(mood__low_days_7d=3)

    def ids(cards: list[guidance.Card]) -> list[str]:
        return [c.id for c in cards]

    # On a calm day the reconciliation cards show where they are placed ...
    assert "win-back-mood" in ids(cards_for(calm, "mood"))
    assert "win-back-today" in ids(cards_for(calm, "today"))
    assert "win-back-moment" in ids(moment_cards(calm))
    # ... on a low day they step aside on the support card's pages, and the rest stays.
    assert ids(cards_for(low, "mood")) == ["support", "rest"]
    assert ids(cards_for(low, "mood", "daily")) == ["support"]
    assert "win-back-today" not in ids(cards_for(low, "today", limit=10))
    assert ids(moment_cards(low)) == ["support", "moment"]
    # A page without the support card keeps its cards.
    assert ids(cards_for(low, "cycles")) == ["win-back-cycles"]


# -- the guides' month counts the current stretch (issue 11, point 8) ---------------------------
def test_seven_days_after_a_second_breakup_the_month_starts_again(make_store) -> None:
    # 40 days of no contact (Jan 1 .. Feb 9), reconnected Feb 10, back together Feb 20, broke
    # up again and started no contact on Mar 1. Mar 7 is the seventh day of the new stretch.
    story = [
        ("2026-01-01", "breakup"),
        ("2026-01-01", "no_contact_start"),
        ("2026-02-10", "reconnected"),
        ("2026-02-20", "back_together"),
        ("2026-03-01", "breakup"),
        ("2026-03-01", "no_contact_start"),
    ]
    store = make_store(
        milestones=[{"on": on, "kind": kind} for on, kind in story],
        settings={"intent": "reconcile"},
    )
    reconnecting = {c.id for c in CARDS.values() if "reconnecting" in c.tags}
    week = real_context(store, "2026-03-07")
    assert (week["no_contact"]["nc_days"], week["no_contact"]["current_period_days"]) == (47, 7)
    shown = {c.id for c in guidance.active_cards(week)}
    assert "a-month-behind-you" not in shown
    assert not shown & reconnecting, shown & reconnecting
    assert "no-contact-about-a-month" in shown
    path = path_for(week)
    assert path["phase"] == "no_contact"
    assert path["next"]["id"] == "working_on_yourself"
    assert not {c.id for c in guidance.phase_cards(week, path, 10)} & reconnecting
    # The control: on the 40th day of the first stretch the month was behind them.
    first = real_context(store, "2026-02-09")
    shown = {c.id for c in guidance.active_cards(first)}
    assert {"a-month-behind-you", "reconnect-casually"} <= shown
    assert "no-contact-about-a-month" not in shown
    assert path_for(first)["phase"] == "working_on_yourself"
    assert path_for(first)["next"]["id"] == "reconnecting"
