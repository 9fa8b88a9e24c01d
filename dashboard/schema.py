"""The journal's schema, said once (PRODUCT.md section 3): tables, columns and vocabularies.

What it offers, for every module that needs to know what a journal holds:

- `Column`: one stored column with its `name`, DuckDB `type` (as `information_schema` spells
  it), whether an entry is refused without it (`required`), whether it may be empty (`nullable`),
  the `default` a missing optional value takes, whether it is `private` (text that stays out of
  a snapshot unless the person includes notes), its `choices` (a vocabulary) or `low`..`high`
  range, the `max_length` of its text (`MAX_NOTE`, `MAX_SHORT`), whether text is stored
  `lower` case, a `label` for messages (`noun`), and a `description` in plain words (the CSV
  README and the docs can quote it).
- `Table`: a table's `name`, `description`, `fields` (the columns a person fills in, in order)
  and `columns` (every stored column: `id`, the fields, `created_at` where the table has them).
- `TABLES`: every stored table by name; `ENTRY_TABLES`: the four tables of entries
  (mood, contacts, urges, milestones), in the order exports and imports list them.
- `fields(table)`, `field(table, name)`: the fillable columns of an entry table, or one of them.
- The vocabularies, each a tuple in the order forms offer them, with the words pages show:
  `INITIATORS` / `INITIATOR_LABELS`, `CHANNELS` / `CHANNEL_LABELS`, `OUTCOMES` /
  `OUTCOME_LABELS` (the Log's words) and `OUTCOME_NAMES`, `MILESTONE_KINDS` / `KIND_LABELS`
  (the Log's words, first person) and `KIND_NAMES` (chart legends and the snapshot),
  `STAGE_KINDS` (milestones that mark where the relationship stands), `INTENTS` /
  `INTENT_LABELS`, `RED_FLAGS` / `RED_FLAG_LABELS`, `EMOTIONS` (offered; free words are kept).
- `Setting`, `SETTINGS` (key, default, description, whether it is `local` to this place) and
  `SETTINGS_DEFAULTS`.

The SQL migrations under queries/schema/ create the same tables; tests/queries/test_schema.py
compares this module with the CHECK constraints and columns of a freshly migrated journal, so
the two cannot drift apart. `dashboard.validate` and `dashboard.store` derive their checks,
column lists and defaults from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# -- vocabularies -------------------------------------------------------------------------------
# Each row: the stored value, then the words a page shows for it.
_INITIATORS = (("me", "I did"), ("them", "They did"))
_CHANNELS = (
    ("text", "text"),
    ("call", "call"),
    ("video", "video"),
    ("social", "social media"),
    ("in_person", "in person"),
    ("email", "email"),
    ("other", "other"),
)
# value, the Log's words, the short name charts use
_OUTCOMES = (
    ("resisted", "I resisted", "resisted"),
    ("peeked", "I peeked (their profile, photos…)", "peeked"),
)
# value, the Log's words (first person), the name on a chart or in the snapshot, marks a stage
_MILESTONES = (
    ("breakup", "We broke up", "Breakup", True),
    ("no_contact_start", "Started no contact", "No contact started", True),
    ("reconnected", "We reconnected", "Reconnected", True),
    ("first_meetup", "First meetup again", "First meetup", True),
    ("the_talk", "The talk", "The talk", True),
    ("back_together", "Back together", "Back together", True),
    ("therapy_session", "Therapy session", "Therapy session", False),
    ("decided_to_move_on", "Decided to move on", "Decided to move on", True),
    ("custom", "Something else", "Other", False),
)
_INTENTS = (
    ("reconcile", "I hope we can try again"),
    ("undecided", "I'm not sure yet"),
    ("move_on", "I want to move on"),
)
# Short ids; the Guidance page shows the words. Being afraid of them, being controlled (money,
# friends, phone), being watched or followed, and threats are red flags too (issue 11).
_RED_FLAGS = (
    ("abuse", "Abuse of any kind (physical, sexual, emotional, financial)"),
    ("contempt", "Contempt or a lack of respect (belittling, name-calling, insults)"),
    ("betrayal", "Repeated betrayal (cheating or lying again after apologising)"),
    ("fear", "Being afraid of them, or of how they might react"),
    ("control", "Being controlled: your money, who you see, your phone"),
    ("stalking", "Being watched or followed, online or in person"),
    ("threats", "Threats: to hurt you or someone else, or to share private things"),
)

INITIATORS: tuple[str, ...] = tuple(v for v, _ in _INITIATORS)
INITIATOR_LABELS: dict[str, str] = dict(_INITIATORS)
CHANNELS: tuple[str, ...] = tuple(v for v, _ in _CHANNELS)
CHANNEL_LABELS: dict[str, str] = dict(_CHANNELS)
OUTCOMES: tuple[str, ...] = tuple(v for v, _, _ in _OUTCOMES)
OUTCOME_LABELS: dict[str, str] = {v: label for v, label, _ in _OUTCOMES}
OUTCOME_NAMES: dict[str, str] = {v: name for v, _, name in _OUTCOMES}
MILESTONE_KINDS: tuple[str, ...] = tuple(row[0] for row in _MILESTONES)
KIND_LABELS: dict[str, str] = {row[0]: row[1] for row in _MILESTONES}
KIND_NAMES: dict[str, str] = {row[0]: row[2] for row in _MILESTONES}
STAGE_KINDS: frozenset[str] = frozenset(row[0] for row in _MILESTONES if row[3])
INTENTS: tuple[str, ...] = tuple(v for v, _ in _INTENTS)
INTENT_LABELS: dict[str, str] = dict(_INTENTS)
RED_FLAGS: tuple[str, ...] = tuple(v for v, _ in _RED_FLAGS)
RED_FLAG_LABELS: dict[str, str] = dict(_RED_FLAGS)
# Offered on the mood form; any other word a person types is kept as well.
EMOTIONS: tuple[str, ...] = (
    "lonely",
    "sad",
    "anxious",
    "angry",
    "guilty",
    "ashamed",
    "numb",
    "hopeful",
    "relieved",
    "calm",
    "grateful",
    "proud",
    "confused",
    "jealous",
)


# -- columns and tables -------------------------------------------------------------------------
# Generous on purpose: a journal note from another app can be a long evening's writing (about
# 3,000 words fit), and one long note must not stop a whole history from coming in. The limits
# still keep a runaway paste or a binary file out of the journal.
MAX_NOTE = 20_000
MAX_SHORT = 200


@dataclass(frozen=True)
class Column:
    """One stored column (see the module docstring for what each attribute means)."""

    name: str
    type: str
    description: str
    required: bool = False
    nullable: bool = False
    default: Any = None
    private: bool = False
    choices: tuple[str, ...] | None = None
    low: int | None = None
    high: int | None = None
    max_length: int | None = None
    lower: bool = False
    label: str = ""

    @property
    def noun(self) -> str:
        """How a message names the column ('milestone kind' for `kind`)."""
        return self.label or self.name

    @property
    def is_list(self) -> bool:
        """True for a list of words (`VARCHAR[]`)."""
        return self.type.endswith("[]")

    def default_value(self) -> Any:
        """What a missing optional value becomes (a fresh list for list columns)."""
        return list(self.default) if self.is_list else self.default


@dataclass(frozen=True)
class Table:
    """One stored table: its fields (what a person fills in) and every stored column."""

    name: str
    description: str
    fields: tuple[Column, ...]
    has_id: bool = True
    has_created_at: bool = True

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every stored column in the table's order: id, the fields, created_at."""
        head = (ID,) if self.has_id else ()
        tail = (CREATED_AT,) if self.has_created_at else ()
        return (*head, *self.fields, *tail)

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the fields, in order (what an insert or an update writes)."""
        return tuple(c.name for c in self.fields)


ID = Column("id", "BIGINT", "the row's number, given by the journal")
CREATED_AT = Column(
    "created_at",
    "TIMESTAMP",
    "when the entry was logged (local time); later than `at` for a back-filled entry",
)
_AT = Column(
    "at", "TIMESTAMP", "when it happened, the local wall-clock time (no zone)", required=True
)
_NOTE = Column("note", "VARCHAR", "free text", default="", private=True, max_length=MAX_NOTE)
_PRIVATE = Column(
    "private",
    "BOOLEAN",
    "true keeps the note out of a snapshot even when notes are included",
    default=True,
)
_TRIGGER = Column(
    "trigger",
    "VARCHAR",
    "one free word for what set it off (loneliness, alcohol, anniversary…), lower case",
    default="",
    max_length=MAX_SHORT,
    lower=True,
)

MOOD = Table(
    "mood",
    "how the day felt, logged any number of times a day",
    (
        _AT,
        Column(
            "mood", "INTEGER", "the mood, 1 (awful) to 10 (great)", required=True, low=1, high=10
        ),
        Column(
            "urge",
            "INTEGER",
            "the urge to contact the ex, 0 to 10 (empty when not given)",
            nullable=True,
            low=0,
            high=10,
        ),
        Column(
            "emotions",
            "VARCHAR[]",
            "words for the feelings (offered ones or free words)",
            default=(),
        ),
        Column(
            "activities", "VARCHAR[]", "what the day held: exercise, friends, work…", default=()
        ),
        _NOTE,
        _PRIVATE,
    ),
)
CONTACTS = Table(
    "contacts",
    "every contact with the ex, whoever started it",
    (
        _AT,
        Column("initiator", "VARCHAR", "who started it", required=True, choices=INITIATORS),
        Column("channel", "VARCHAR", "how", required=True, choices=CHANNELS),
        Column(
            "got_response",
            "BOOLEAN",
            "for a contact I started: whether they answered (empty when unknown)",
            nullable=True,
        ),
        Column(
            "under_influence",
            "BOOLEAN",
            "whether alcohol or other drugs were involved",
            default=False,
        ),
        _TRIGGER,
        _NOTE,
        _PRIVATE,
    ),
)
URGES = Table(
    "urges",
    "an urge that did not become contact",
    (
        _AT,
        Column("intensity", "INTEGER", "how strong, 0 to 10", required=True, low=0, high=10),
        Column(
            "outcome",
            "VARCHAR",
            "resisted, or peeked (looked at their profile or photos)",
            required=True,
            choices=OUTCOMES,
        ),
        _TRIGGER,
        Column(
            "note",
            "VARCHAR",
            "free text (may hold the message written instead of sent)",
            default="",
            private=True,
            max_length=MAX_NOTE,
        ),
        _PRIVATE,
    ),
)
MILESTONES = Table(
    "milestones",
    "the dates the story turns on",
    (
        Column("on", "DATE", "the date", required=True),
        Column(
            "kind",
            "VARCHAR",
            "what happened",
            required=True,
            choices=MILESTONE_KINDS,
            label="milestone kind",
        ),
        Column("title", "VARCHAR", "a few words of one's own", default="", max_length=MAX_SHORT),
        Column(
            "note",
            "VARCHAR",
            "free text (milestones have no private flag)",
            default="",
            private=True,
            max_length=MAX_NOTE,
        ),
    ),
)
_SETTING_FIELDS = (
    Column("key", "VARCHAR", "the setting's name", required=True),
    Column("value", "VARCHAR", "its value as JSON", required=True),
)
SETTINGS_TABLE = Table(
    "settings", "one row per setting, its value as JSON", _SETTING_FIELDS, has_id=False
)
EXPORTS = Table(
    "exports",
    "what was shared (never its content): kind, period and options",
    (
        Column("kind", "VARCHAR", "what was made: a snapshot PDF, an HTML page…", required=True),
        Column("period_from", "DATE", "the first day it covered", nullable=True),
        Column("period_to", "DATE", "the last day it covered", nullable=True),
        Column("options", "VARCHAR", "the options chosen, as JSON", default="{}"),
    ),
)
_VERSION_FIELDS = (
    Column("version", "INTEGER", "the migration's number", required=True),
    Column("applied_at", "TIMESTAMP", "when it ran"),
)
SCHEMA_VERSION = Table(
    "schema_version",
    "which migrations have run (queries/schema/), and when",
    _VERSION_FIELDS,
    has_id=False,
    has_created_at=False,
)

ENTRY_TABLES: tuple[str, ...] = ("mood", "contacts", "urges", "milestones")
TABLES: dict[str, Table] = {
    t.name: t for t in (MOOD, CONTACTS, URGES, MILESTONES, SETTINGS_TABLE, EXPORTS, SCHEMA_VERSION)
}


def fields(table: str) -> tuple[Column, ...]:
    """The columns a person fills in for an entry table, in order (KeyError otherwise)."""
    if table not in ENTRY_TABLES:
        raise KeyError(table)
    return TABLES[table].fields


def field(table: str, name: str) -> Column:
    """One fillable column of an entry table (KeyError when there is none)."""
    for column in fields(table):
        if column.name == name:
            return column
    raise KeyError(f"{table}.{name}")


# -- settings -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Setting:
    """One setting: its key, default, words, and whether it belongs to this place (`local`:
    exports leave it out and an import elsewhere keeps that machine's choice)."""

    key: str
    default: Any
    description: str
    local: bool = False
    choices: tuple[str, ...] | None = None
    low: int | None = None
    high: int | None = None


COUNTRY_OTHER = "other"
SETTINGS: tuple[Setting, ...] = (
    Setting("day_start_hour", 4, "the hour a tracking day starts (0-12)", low=0, high=12),
    Setting("no_contact_goal_days", 30, "the no-contact goal in days (1-3650)", low=1, high=3650),
    Setting("intent", "undecided", "what the person hopes for", choices=INTENTS),
    Setting("red_flags", [], "red flags the person recognised", choices=RED_FLAGS),
    # Where the person is, for the crisis lines: null until chosen (the locale decides), a
    # two-letter code, or COUNTRY_OTHER for a country Tideline has no lines for.
    Setting("country", None, "where the person is, for the crisis lines", local=True),
)
SETTINGS_DEFAULTS: Mapping[str, Any] = {s.key: s.default for s in SETTINGS}
