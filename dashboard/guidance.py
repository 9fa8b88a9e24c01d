"""Guidance: cards written from the guides, rules over the metrics dict, the path, red flags.

The text lives in `data/guidance/` (cards.json, path.json) so a clinician can review it in one
place; this module only loads it, checks it, and decides which cards fit a context.

A card's `rule` is a small expression evaluated here, never with `eval`:

    relapse.late_night_share >= 0.5 and not (no_contact.active == false)
    'abuse' in settings.red_flags or always

Grammar (lowest precedence first)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | atom
    atom       := "(" expr ")" | "always" | PATH OP LITERAL | LITERAL "in" PATH
    OP         := ">=" | ">" | "<=" | "<" | "==" | "!="
    LITERAL    := number | 'text' | "text" | true | false | null

A path that is missing or null makes its comparison false (never an exception); so does a value
of another type than the literal (text against a number). `== null` and `!= null` are the
explicit checks for a missing value. `in` is true only when the path holds a list containing the
literal. Bad syntax raises `RuleSyntaxError` when the library is loaded.
"""

from __future__ import annotations

import copy
import functools
import json
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard import DATA_DIR
from dashboard.validate import MILESTONE_KINDS

GUIDANCE_DIR = DATA_DIR / "guidance"
CARDS_FILE = GUIDANCE_DIR / "cards.json"
PATH_FILE = GUIDANCE_DIR / "path.json"

# Where a card may sit: a page, or a chart on that page ("page:chart").
PLACES: dict[str, tuple[str, ...]] = {
    "today": ("streak", "moment"),
    "log": (),
    "no_contact": ("calendar", "streaks", "urges_vs_breaks"),
    "patterns": ("heatmap", "figures", "triggers", "mood_around_contact", "urges_weekly"),
    "cycles": ("timeline", "periods", "before_breakup"),
    "mood": ("daily", "weekday", "emotions", "activities"),
    "guidance": ("path",),
    "snapshot": (),
}
PAGES = tuple(PLACES)

# The safety card goes first wherever these selections are drawn (issue 4: Today and Mood).
SAFETY_PLACES = frozenset({"today", "today:streak", "today:moment", "mood", "mood:daily"})
SAFETY_PAGES = frozenset(place.partition(":")[0] for place in SAFETY_PLACES)
# On a day the safety card shows, cards with this tag ("win them back" advice) step aside on
# its pages: a person this low needs support first, not a nudge toward the ex.
STEPS_ASIDE_FOR_SAFETY = "reconciliation"

MAX_BODY_WORDS = 80

# Every path a rule may read. A typo in a rule would otherwise make the card silently never
# show, so the library refuses to load with an unknown path.
KNOWN_PATHS: frozenset[str] = frozenset(
    {
        "as_of",
        *(
            f"no_contact.{k}"
            for k in (
                "active",
                "goal_days",
                "current_streak_days",
                "longest_streak_days",
                "nc_days",
                "breaks",
                "break_days",
                "adherence_pct",
                "strength_pct",
                "urges_resisted",
                "peeks",
                "current_period_days",
            )
        ),
        *(
            f"relapse.{k}"
            for k in (
                "late_night_share",
                "under_influence_share",
                "response_rate",
                "max_unanswered_chain",
                "top_triggers",
                "top_trigger_names",
                "mood_before_break",
                "mood_baseline",
            )
        ),
        *(
            f"cycles.{k}"
            for k in (
                "status",
                "breakups",
                "reunions",
                "together_periods_days",
                "apart_periods_days",
            )
        ),
        *(
            f"mood.{k}"
            for k in (
                "entries",
                "days_logged",
                "mean",
                "mean_last_7d",
                "current_low_run_days",
                "min_last_3d",
                "low_days_7d",
                "latest_two_days_min",
            )
        ),
        "milestones.latest_kind",
        *(f"milestones.counts.{kind}" for kind in MILESTONE_KINDS),
        *(f"settings.{k}" for k in ("intent", "red_flags", "any_red_flag", "no_contact_goal_days")),
    }
)


class RuleSyntaxError(ValueError):
    """A rule that cannot be parsed; the message names the rule and the position."""


class CardLibraryError(ValueError):
    """The card library or the path file is malformed; the message names the card or field."""


# --------------------------------------------------------------------------------------------
# The rule evaluator


_TOKEN = re.compile(
    r"""
    (?P<num>-?\d+(?:\.\d+)?(?![\w.]))
    |(?P<str>'[^']*'|"[^"]*")
    |(?P<op>>=|<=|==|!=|>|<)
    |(?P<lp>\()
    |(?P<rp>\))
    |(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    """,
    re.VERBOSE,
)
_KEYWORDS = frozenset({"and", "or", "not", "in", "always", "true", "false", "null"})
_LITERAL_WORDS = {"true": True, "false": False, "null": None}


@dataclass(frozen=True)
class _Token:
    kind: str  # num, str, op, lp, rp, kw, path, end
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if match is None:
            raise RuleSyntaxError(
                f"rule {text!r}: unexpected character {text[pos]!r} at position {pos}"
            )
        kind = match.lastgroup or ""
        word = match.group()
        if kind == "name":
            kind = "kw" if word in _KEYWORDS else "path"
        tokens.append(_Token(kind, word, pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _is_number(value: Any) -> bool:
    # bool is an int in Python, but `true >= 1` is a mistake, not a comparison.
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _same_kind(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if _is_number(a) or _is_number(b):
        return _is_number(a) and _is_number(b)
    return isinstance(a, str) and isinstance(b, str)


def resolve(context: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    current: Any = context
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


_COMPARE = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@dataclass(frozen=True)
class _Always:
    def holds(self, context: Mapping[str, Any]) -> bool:
        return True


@dataclass(frozen=True)
class _Compare:
    path: str
    op: str
    literal: Any

    def holds(self, context: Mapping[str, Any]) -> bool:
        value = resolve(context, self.path)
        if self.literal is None:
            return (value is None) == (self.op == "==")
        if value is None or not _same_kind(value, self.literal):
            return False
        return bool(_COMPARE[self.op](value, self.literal))


@dataclass(frozen=True)
class _Member:
    literal: Any
    path: str

    def holds(self, context: Mapping[str, Any]) -> bool:
        value = resolve(context, self.path)
        if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
            return False
        return any(_same_kind(item, self.literal) and item == self.literal for item in value)


@dataclass(frozen=True)
class _Not:
    inner: Any

    def holds(self, context: Mapping[str, Any]) -> bool:
        return not self.inner.holds(context)


@dataclass(frozen=True)
class _And:
    left: Any
    right: Any

    def holds(self, context: Mapping[str, Any]) -> bool:
        return self.left.holds(context) and self.right.holds(context)


@dataclass(frozen=True)
class _Or:
    left: Any
    right: Any

    def holds(self, context: Mapping[str, Any]) -> bool:
        return self.left.holds(context) or self.right.holds(context)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.paths: list[str] = []

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, token: _Token, expected: str) -> RuleSyntaxError:
        found = "the end of the rule" if token.kind == "end" else repr(token.text)
        return RuleSyntaxError(
            f"rule {self.text!r}: expected {expected} at position {token.pos}, found {found}"
        )

    def parse(self) -> Any:
        node = self.parse_or()
        if self.peek().kind != "end":
            raise self.fail(self.peek(), "'and', 'or' or the end of the rule")
        return node

    def parse_or(self) -> Any:
        node = self.parse_and()
        while self.peek().kind == "kw" and self.peek().text == "or":
            self.take()
            node = _Or(node, self.parse_and())
        return node

    def parse_and(self) -> Any:
        node = self.parse_not()
        while self.peek().kind == "kw" and self.peek().text == "and":
            self.take()
            node = _And(node, self.parse_not())
        return node

    def parse_not(self) -> Any:
        if self.peek().kind == "kw" and self.peek().text == "not":
            self.take()
            return _Not(self.parse_not())
        return self.parse_atom()

    def literal(self, token: _Token) -> Any:
        if token.kind == "num":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "str":
            return token.text[1:-1]
        return _LITERAL_WORDS[token.text]

    def is_literal(self, token: _Token) -> bool:
        return token.kind in ("num", "str") or (token.kind == "kw" and token.text in _LITERAL_WORDS)

    def parse_atom(self) -> Any:
        token = self.take()
        if token.kind == "lp":
            node = self.parse_or()
            if self.peek().kind != "rp":
                raise self.fail(self.peek(), "')'")
            self.take()
            return node
        if token.kind == "kw" and token.text == "always":
            return _Always()
        if token.kind == "path":
            op = self.take()
            if op.kind != "op":
                raise self.fail(op, f"a comparison (>=, >, <=, <, ==, !=) after {token.text!r}")
            value_token = self.take()
            if not self.is_literal(value_token):
                raise self.fail(value_token, "a number, a quoted text, true, false or null")
            value = self.literal(value_token)
            if value is None and op.text not in ("==", "!="):
                raise self.fail(op, "== or != (null has no order)")
            if isinstance(value, bool | str) and op.text not in ("==", "!="):
                raise self.fail(op, f"== or != ({value_token.text} has no order)")
            self.paths.append(token.text)
            return _Compare(token.text, op.text, value)
        if self.is_literal(token):
            keyword = self.take()
            if keyword.kind != "kw" or keyword.text != "in":
                raise self.fail(keyword, "'in' after a literal")
            path = self.take()
            if path.kind != "path":
                raise self.fail(path, "a dotted path after 'in'")
            self.paths.append(path.text)
            return _Member(self.literal(token), path.text)
        raise self.fail(token, "a comparison, '<literal> in <path>', 'not', '(' or 'always'")


@dataclass(frozen=True)
class Rule:
    """A compiled rule: `holds(context)` evaluates it; `specificity` counts its conditions."""

    text: str
    node: Any = field(repr=False, compare=False)
    paths: tuple[str, ...] = field(compare=False)

    @property
    def specificity(self) -> int:
        return len(self.paths)

    def holds(self, context: Mapping[str, Any]) -> bool:
        return bool(self.node.holds(context))


def compile_rule(text: str, known_paths: frozenset[str] | None = None) -> Rule:
    """Parse a rule; raise RuleSyntaxError on bad syntax or (when given) an unknown path."""
    if not isinstance(text, str) or not text.strip():
        raise RuleSyntaxError(f"a rule must be a non-empty text, not {text!r}")
    parser = _Parser(text)
    node = parser.parse()
    if known_paths is not None:
        unknown = [p for p in parser.paths if p not in known_paths]
        if unknown:
            raise RuleSyntaxError(f"rule {text!r}: unknown path(s) {', '.join(unknown)}")
    return Rule(text, node, tuple(parser.paths))


# --------------------------------------------------------------------------------------------
# Cards


@dataclass(frozen=True)
class Source:
    title: str
    author: str | None
    section: str


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    body: str
    source: Source
    tags: tuple[str, ...]
    place: str
    priority: int
    rule: str
    compiled: Rule = field(repr=False, compare=False)

    @property
    def page(self) -> str:
        return self.place.split(":", 1)[0]

    @property
    def chart(self) -> str | None:
        parts = self.place.split(":", 1)
        return parts[1] if len(parts) == 2 else None

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Whether the card's rule holds on this context."""
        return self.compiled.holds(context)


_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CARD_KEYS = {"id", "title", "body", "source", "tags", "place", "priority", "rule"}


def _text_field(where: str, raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CardLibraryError(f"{where}: {key} must be a non-empty text")
    return value.strip()


def parse_card(raw: Any, index: int = 0) -> Card:
    """Check one card from the JSON and build it (rule compiled); raise CardLibraryError."""
    if not isinstance(raw, Mapping):
        raise CardLibraryError(f"card #{index}: must be an object")
    where = f"card {raw.get('id', f'#{index}')!r}"
    missing = sorted(_CARD_KEYS - set(raw))
    unknown = sorted(set(raw) - _CARD_KEYS)
    if missing or unknown:
        raise CardLibraryError(f"{where}: missing {missing} / unknown {unknown} keys")
    card_id = _text_field(where, raw, "id")
    if not _KEBAB.match(card_id):
        raise CardLibraryError(f"{where}: id must be kebab-case")
    title = _text_field(where, raw, "title")
    body = _text_field(where, raw, "body")
    if len(body.split()) > MAX_BODY_WORDS:
        raise CardLibraryError(
            f"{where}: body has {len(body.split())} words; the limit is {MAX_BODY_WORDS}"
        )
    source = raw["source"]
    if not isinstance(source, Mapping) or set(source) != {"title", "author", "section"}:
        raise CardLibraryError(f"{where}: source must have exactly title, author, section")
    author = source["author"]
    if author is not None and (not isinstance(author, str) or not author.strip()):
        raise CardLibraryError(f"{where}: source author must be a name or null")
    src = Source(_text_field(where, source, "title"), author, _text_field(where, source, "section"))
    tags = raw["tags"]
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and t for t in tags):
        raise CardLibraryError(f"{where}: tags must be a non-empty list of words")
    place = _text_field(where, raw, "place")
    page, _, chart = place.partition(":")
    if page not in PLACES or (chart and chart not in PLACES[page]):
        raise CardLibraryError(f"{where}: unknown place {place!r}")
    priority = raw["priority"]
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise CardLibraryError(f"{where}: priority must be a whole number")
    try:
        compiled = compile_rule(raw["rule"], KNOWN_PATHS)
    except RuleSyntaxError as exc:
        raise CardLibraryError(f"{where}: {exc}") from None
    return Card(card_id, title, body, src, tuple(tags), place, priority, compiled.text, compiled)


def parse_cards(data: Any) -> list[Card]:
    """Build the whole library from the parsed JSON ({"cards": [...]}), checking it as a whole."""
    if not isinstance(data, Mapping) or not isinstance(data.get("cards"), list):
        raise CardLibraryError('the card library must be an object with a "cards" list')
    cards = [parse_card(raw, i) for i, raw in enumerate(data["cards"])]
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            raise CardLibraryError(f"card {card.id!r} appears twice")
        seen.add(card.id)
    safety = [c for c in cards if "safety" in c.tags]
    if len(safety) != 1:
        raise CardLibraryError(f"the library needs exactly one safety card, found {len(safety)}")
    return cards


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> tuple[Card, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CardLibraryError(f"cannot read the card library {path}: {exc}") from None
    return tuple(parse_cards(data))


def load_cards() -> list[Card]:
    """Every card of the library (read and checked once per process)."""
    return list(_load(CARDS_FILE))


def card_to_dict(card: Card) -> dict[str, Any]:
    """A card as plain JSON-ready data, with every field of the library."""
    return {
        "id": card.id,
        "title": card.title,
        "body": card.body,
        "source": {
            "title": card.source.title,
            "author": card.source.author,
            "section": card.source.section,
        },
        "tags": list(card.tags),
        "place": card.place,
        "priority": card.priority,
        "rule": card.rule,
    }


# --------------------------------------------------------------------------------------------
# Context and selection


def build_context(metrics: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """The rule context: the section 4 metrics plus the settings part and derived fields.

    Adds `settings.{intent, red_flags, any_red_flag, no_contact_goal_days}`, a count for every
    milestone kind (0 when absent, so `milestones.counts.the_talk >= 1` reads naturally),
    `milestones.latest_kind`, `mood.min_last_3d`, `mood.low_days_7d` and
    `mood.latest_two_days_min` (null when metrics lack them) and
    `relapse.top_trigger_names` (the names of `relapse.top_triggers`, for `'alcohol' in ...`).
    """
    context: dict[str, Any] = copy.deepcopy(dict(metrics))
    for section in ("no_contact", "relapse", "cycles", "mood", "milestones"):
        if not isinstance(context.get(section), Mapping):
            context[section] = {}
        else:
            context[section] = dict(context[section])
    relapse = context["relapse"]
    names: list[str] = []
    for item in relapse.get("top_triggers") or []:
        if isinstance(item, Sequence) and not isinstance(item, str) and item:
            names.append(str(item[0]).strip().lower())
    relapse["top_trigger_names"] = names
    for key in ("min_last_3d", "low_days_7d", "latest_two_days_min"):
        context["mood"].setdefault(key, None)
    milestones = context["milestones"]
    given = milestones.get("counts") if isinstance(milestones.get("counts"), Mapping) else {}
    milestones["counts"] = {kind: 0 for kind in MILESTONE_KINDS} | dict(given)
    milestones.setdefault("latest_kind", None)
    # Unknown flag words still count as a flag: when in doubt, the safer advice wins.
    flags = [str(f).strip().lower() for f in settings.get("red_flags") or [] if str(f).strip()]
    goal = settings.get("no_contact_goal_days", context["no_contact"].get("goal_days", 30))
    context["settings"] = {
        "intent": settings.get("intent") or "undecided",
        "red_flags": flags,
        "any_red_flag": bool(flags),
        "no_contact_goal_days": goal,
    }
    return context


def _red(context: Mapping[str, Any]) -> bool:
    flags = resolve(context, "settings.red_flags")
    return resolve(context, "settings.any_red_flag") is True or bool(flags)


def _rank(card: Card) -> tuple[int, int, str]:
    # Most relevant first: priority, then the more specific rule, then a stable order.
    return (-card.priority, -card.compiled.specificity, card.id)


def holds_back(context: Mapping[str, Any]) -> bool:
    """Whether reconciliation advice is held back: a red flag, or the user's own move-on intent.

    Either way Tideline never steers the user back toward the ex.
    """
    return _red(context) or resolve(context, "settings.intent") == "move_on"


# Cards that ask the person to own their part, set grievances aside or keep quiet with friends
# step aside whenever a red flag is ticked (issue 11).
NOT_WITH_RED_FLAGS = "not_with_red_flags"


def _eligible(context: Mapping[str, Any]) -> list[Card]:
    """Cards whose rule holds, once red flags or a move-on intent removed reconciliation cards
    (and red flags the cards tagged not_with_red_flags)."""
    hold_back = holds_back(context)
    red = _red(context)
    return [
        c
        for c in load_cards()
        if not (hold_back and "reconciliation" in c.tags)
        and not (red and NOT_WITH_RED_FLAGS in c.tags)
        and c.holds(context)
    ]


def active_cards(context: Mapping[str, Any]) -> list[Card]:
    """Every card whose rule holds (reconciliation cards give way to red flags), best first."""
    return sorted(_eligible(context), key=_rank)


def safety_card(context: Mapping[str, Any]) -> Card | None:
    """The safety card when its rule holds (several low days, or a mood of 1 lately)."""
    for card in load_cards():
        if "safety" in card.tags and card.holds(context):
            return card
    return None


def cards_for(
    context: Mapping[str, Any],
    page: str,
    chart: str | None = None,
    limit: int = 3,
    exclude_tags: Sequence[str] = (),
) -> list[Card]:
    """The cards to show beside a chart (or anywhere on the page when chart is None).

    Order: the safety card (on Today and Mood), then with any red flag the red-flag cards
    (on every page when chart is None, else where they are placed), then the cards placed
    here by priority and rule specificity. Cards with any of `exclude_tags` are left out, and
    on Today and Mood, on a day the safety card holds, so are reconciliation cards.
    At most `limit` cards.
    """
    if page not in PLACES:
        raise ValueError(f"unknown page {page!r}; expected one of {', '.join(PAGES)}")
    if chart is not None and ":" in chart:
        chart_page, _, chart = chart.partition(":")
        if chart_page != page:
            raise ValueError(f"chart {chart_page}:{chart} is not on page {page!r}")
    if chart is not None and chart not in PLACES[page]:
        raise ValueError(f"unknown chart {chart!r} on page {page!r}")
    where = page if chart is None else f"{page}:{chart}"
    cards = _beside_safety(
        [c for c in _eligible(context) if not set(exclude_tags) & set(c.tags)],
        page in SAFETY_PAGES,
    )

    def here(card: Card) -> bool:
        return card.page == page and (chart is None or card.chart == chart)

    pinned: list[Card] = []
    safety = next((c for c in cards if "safety" in c.tags), None)
    if safety is not None and where in SAFETY_PLACES:
        pinned.append(safety)
    if _red(context):
        flagged = [
            c
            for c in cards
            if "red_flags" in c.tags
            and (here(c) or (chart is None and "urge_moment" not in c.tags))
        ]
        pinned.extend(sorted(flagged, key=_rank))
    rest = sorted(
        (c for c in cards if here(c) and c not in pinned and "safety" not in c.tags), key=_rank
    )
    return (pinned + rest)[: max(limit, 0)]


def _beside_safety(cards: list[Card], safety_page: bool) -> list[Card]:
    """The cards without reconciliation advice when the safety card is among them on its page."""
    if not safety_page or not any("safety" in c.tags for c in cards):
        return cards
    return [c for c in cards if STEPS_ASIDE_FOR_SAFETY not in c.tags]


def moment_cards(context: Mapping[str, Any], limit: int = 3) -> list[Card]:
    """Two or three cards for the "I want to text them" moment, safety and red flags first.

    The safety card shows here when it holds, so reconciliation cards step aside.
    """
    cards = _beside_safety(_eligible(context), True)
    pinned: list[Card] = []
    safety = next((c for c in cards if "safety" in c.tags), None)
    if safety is not None:
        pinned.append(safety)
    moment = sorted((c for c in cards if "urge_moment" in c.tags), key=_rank)
    flagged = [c for c in moment if "red_flags" in c.tags]
    rest = [c for c in moment if c not in flagged]
    return (pinned + flagged + rest)[: max(limit, 0)]


def phase_cards(context: Mapping[str, Any], path: Mapping[str, Any], limit: int = 3) -> list[Card]:
    """The Guidance page's cards: those of the user's phase (`path_for(...)["cards"]`) whose
    rule holds today, in the phase's order, then the page's other cards that hold; at most
    `limit`.

    A card whose rule does not hold never shows, even when its phase lists it: a phase's
    reconciliation cards ask for a reconcile intent, and an undecided user must not get them.
    """
    eligible = _eligible(context)
    by_id = {c.id: c for c in eligible}
    chosen = [by_id[i] for i in path["cards"] if i in by_id]
    # A phase whose cards do not fit this user (say, reconnecting while undecided) still gets
    # the cards placed on the page itself, chosen by the same rules as every other page.
    others = cards_for(context, "guidance", limit=len(eligible))
    return (chosen + [c for c in others if c not in chosen])[: max(limit, 0)]


# --------------------------------------------------------------------------------------------
# The path


@dataclass(frozen=True)
class _Phase:
    id: str
    title: str
    summary: str
    cards: tuple[str, ...]
    next_text: Mapping[str, str]


@dataclass(frozen=True)
class _Placement:
    phase: str
    rule: Rule
    because: str


@dataclass(frozen=True)
class PathSpec:
    """The phases, the two routes through them, and the ordered placement rules."""

    phases: Mapping[str, _Phase]
    routes: Mapping[str, tuple[str, ...]]
    placement: tuple[_Placement, ...]
    red_flag_support: str
    undecided_fork: str


def parse_path(data: Any, card_ids: set[str]) -> PathSpec:
    """Check path.json against the card ids and compile its placement rules."""
    if not isinstance(data, Mapping):
        raise CardLibraryError("path.json must be an object")
    try:
        phases = {
            p["id"]: _Phase(
                p["id"], p["title"], p["summary"], tuple(p["cards"]), dict(p["next_text"])
            )
            for p in data["phases"]
        }
        routes = {name: tuple(ids) for name, ids in data["routes"].items()}
        placement = tuple(
            _Placement(p["phase"], compile_rule(p["rule"], KNOWN_PATHS), p["because"])
            for p in data["placement"]
        )
        support = data["red_flag_support"]
        fork = data["undecided_fork"]
    except (KeyError, TypeError) as exc:
        raise CardLibraryError(f"path.json: missing or malformed field {exc}") from None
    except RuleSyntaxError as exc:
        raise CardLibraryError(f"path.json: {exc}") from None
    if set(routes) != {"reconcile", "apart"}:
        raise CardLibraryError("path.json: routes must be exactly 'reconcile' and 'apart'")
    if "reconnecting" in routes["apart"]:
        raise CardLibraryError("path.json: the apart route must never lead to reconnecting")
    for name, ids in routes.items():
        for phase_id in ids:
            if phase_id not in phases:
                raise CardLibraryError(f"path.json: route {name} names unknown phase {phase_id}")
            if name not in phases[phase_id].next_text:
                raise CardLibraryError(f"path.json: phase {phase_id} lacks next_text.{name}")
    for phase in phases.values():
        unknown = [c for c in phase.cards if c not in card_ids]
        if unknown:
            raise CardLibraryError(f"path.json: phase {phase.id} names unknown cards {unknown}")
    for place in placement:
        if place.phase not in phases:
            raise CardLibraryError(f"path.json: placement names unknown phase {place.phase}")
    return PathSpec(phases, routes, placement, support, fork)


@functools.lru_cache(maxsize=4)
def _load_path(path: Path) -> PathSpec:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CardLibraryError(f"cannot read {path}: {exc}") from None
    return parse_path(data, {c.id for c in load_cards()})


def load_path() -> PathSpec:
    """The path definition from data/guidance/path.json (read and checked once)."""
    return _load_path(PATH_FILE)


def path_for(context: Mapping[str, Any]) -> dict[str, Any]:
    """Where the milestones and intent place the user on the guides' path, and what is next.

    Returns {"phase", "title", "summary", "because", "route": [{"id", "title", "status"}],
    (status: done | current | ahead, or ongoing for phases before moving on),
    "cards": [card ids], "next": {"id", "title", "text"} | None, "fork": {"id", "title",
    "text"} | None, "red_flags", "support"}.
    With any red flag the route is the "apart" one: it never offers reconnecting. While the
    intent is undecided, the early phases of the reconcile route also name the other road
    (`fork`: moving on), so an undecided user is not led one way only.
    """
    spec = load_path()
    red = _red(context)
    chosen = next((p for p in spec.placement if p.rule.holds(context)), None)
    if chosen is None:  # path.json ends with a catch-all; this guards a hand-edited file
        chosen = spec.placement[-1]
    phase_id = chosen.phase
    apart = red or phase_id == "moving_on" or resolve(context, "settings.intent") == "move_on"
    route_name = "apart" if apart else "reconcile"
    route = list(spec.routes[route_name])
    if red and phase_id not in route:
        phase_id = "moving_on"
    if phase_id not in route:
        route.append(phase_id)
    at = route.index(phase_id)
    # On the apart route no contact and self-care go on alongside moving on, not before it.
    earlier = "ongoing" if route_name == "apart" else "done"
    steps = [
        {
            "id": pid,
            "title": spec.phases[pid].title,
            "status": earlier if i < at else "current" if i == at else "ahead",
        }
        for i, pid in enumerate(route)
    ]
    by_id = {c.id: c for c in load_cards()}
    ids = [
        c
        for c in spec.phases[phase_id].cards
        if not (red and {"reconciliation", NOT_WITH_RED_FLAGS} & set(by_id[c].tags))
    ]
    if red:
        flagged = sorted(
            (
                c
                for c in by_id.values()
                if "red_flags" in c.tags and "urge_moment" not in c.tags and c.holds(context)
            ),
            key=_rank,
        )
        ids = [c.id for c in flagged] + [i for i in ids if i not in {c.id for c in flagged}]
    phase = spec.phases[phase_id]
    nxt = None
    if at + 1 < len(route):
        following = spec.phases[route[at + 1]]
        text = phase.next_text.get(route_name, following.summary)
        nxt = {"id": following.id, "title": following.title, "text": text}
    elif phase.next_text.get(route_name):
        # The end of a route still has advice on what to keep doing.
        nxt = {"id": None, "title": None, "text": phase.next_text[route_name]}
    fork = None
    if (
        route_name == "reconcile"
        and resolve(context, "settings.intent") == "undecided"
        and phase_id in spec.routes["apart"]
    ):
        other = spec.phases["moving_on"]
        fork = {"id": other.id, "title": other.title, "text": spec.undecided_fork}
    return {
        "phase": phase_id,
        "title": phase.title,
        "summary": phase.summary,
        "because": chosen.because if phase_id == chosen.phase else spec.red_flag_support,
        "route": steps,
        "cards": ids,
        "next": nxt,
        "fork": fork,
        "red_flags": red,
        "support": spec.red_flag_support if red else None,
    }
