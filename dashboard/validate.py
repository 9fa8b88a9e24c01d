"""Server-side validation of every row before it is written (widget limits are not a check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

TABLES = ("mood", "contacts", "urges", "milestones")
INITIATORS = ("me", "them")
CHANNELS = ("text", "call", "video", "social", "in_person", "email", "other")
OUTCOMES = ("resisted", "peeked")
MILESTONE_KINDS = (
    "breakup",
    "no_contact_start",
    "reconnected",
    "first_meetup",
    "the_talk",
    "back_together",
    "therapy_session",
    "decided_to_move_on",
    "custom",
)
INTENTS = ("reconcile", "undecided", "move_on")
# Short ids; the Guidance page gives each a kind label. Being afraid of them, being controlled
# (money, friends, phone), being watched or followed, and threats are red flags too (issue 11).
RED_FLAGS = ("abuse", "contempt", "betrayal", "fear", "control", "stalking", "threats")
EMOTIONS = (
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

# Generous on purpose: a journal note from another app can be a long evening's writing (about
# 3,000 words fit), and one long note must not stop a whole history from coming in. The limits
# still keep a runaway paste or a binary file out of the journal.
MAX_NOTE = 20_000
MAX_SHORT = 200
MAX_LIST = 60
# A row may be up to a day ahead of "now" (time zones, a late night logged as tomorrow).
FUTURE_SLACK = dt.timedelta(days=1)
EARLIEST = dt.datetime(1970, 1, 1)

# Fields each table accepts, with their defaults (None = required).
FIELDS: dict[str, dict[str, Any]] = {
    "mood": {
        "at": None,
        "mood": None,
        "urge": "__null__",
        "emotions": [],
        "activities": [],
        "note": "",
        "private": True,
        "created_at": "__null__",
    },
    "contacts": {
        "at": None,
        "initiator": None,
        "channel": None,
        "got_response": "__null__",
        "under_influence": False,
        "trigger": "",
        "note": "",
        "private": True,
        "created_at": "__null__",
    },
    "urges": {
        "at": None,
        "intensity": None,
        "outcome": None,
        "trigger": "",
        "note": "",
        "private": True,
        "created_at": "__null__",
    },
    "milestones": {"on": None, "kind": None, "title": "", "note": "", "created_at": "__null__"},
}


class ValidationError(ValueError):
    """A row that cannot be saved; the message is meant for the user."""


def _timestamp(value: Any, now: dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        ts = value.replace(tzinfo=None)
    elif isinstance(value, dt.date):
        ts = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        try:
            ts = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                f"time {value!r} is not an ISO time like 2026-01-10T21:30"
            ) from None
        ts = ts.replace(tzinfo=None)
    else:
        raise ValidationError(f"time must be text like 2026-01-10T21:30, not {value!r}")
    if ts > now + FUTURE_SLACK:
        raise ValidationError(f"time {ts:%Y-%m-%d %H:%M} is more than a day in the future")
    if ts < EARLIEST:
        raise ValidationError(f"time {ts:%Y-%m-%d %H:%M} is before 1970")
    return ts.replace(microsecond=0)


def _date(value: Any, now: dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"date {value!r} is not an ISO date like 2026-01-10") from None
    else:
        raise ValidationError(f"date must be text like 2026-01-10, not {value!r}")
    if day > (now + FUTURE_SLACK).date():
        raise ValidationError(f"date {day} is more than a day in the future")
    if day < EARLIEST.date():
        raise ValidationError(f"date {day} is before 1970")
    return day


def _int(name: str, value: Any, low: int, high: int) -> int:
    # bool is an int in Python; a tick box is not a rating.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(f"{name} must be a whole number from {low} to {high}")
        value = int(value)
    if not low <= value <= high:
        raise ValidationError(f"{name} must be from {low} to {high}, not {value}")
    return value


def _bool(name: str, value: Any, nullable: bool = False) -> bool | None:
    if value is None and nullable:
        return None
    if not isinstance(value, bool):
        allowed = "true, false or empty" if nullable else "true or false"
        raise ValidationError(f"{name} must be {allowed}, not {value!r}")
    return value


def _text(name: str, value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be text, not {value!r}")
    if "\x00" in value:
        raise ValidationError(f"{name} contains a NUL character")
    value = value.strip()
    if len(value) > limit:
        raise ValidationError(f"{name} is {len(value)} characters long; the limit is {limit}")
    return value


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.strip() not in allowed:
        raise ValidationError(f"unknown {name} {value!r}; expected one of {', '.join(allowed)}")
    return value.strip()


def _words(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ValidationError(f"{name} must be a list of words, not {value!r}")
    out: list[str] = []
    for item in value:
        word = _text(name, item, MAX_SHORT).lower()
        if word and word not in out:
            out.append(word)
    if len(out) > MAX_LIST:
        raise ValidationError(f"{name} has {len(out)} entries; the limit is {MAX_LIST}")
    return out


def clean_row(table: str, row: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """Check one row and return it with defaults filled in; raise ValidationError otherwise."""
    if table not in FIELDS:
        raise ValidationError(f"unknown table {table!r}")
    if not isinstance(row, dict):
        raise ValidationError(f"a {table} entry must be an object, not {type(row).__name__}")
    now = now or dt.datetime.now()
    fields = FIELDS[table]
    unknown = sorted(set(row) - set(fields))
    if unknown:
        raise ValidationError(f"unknown key(s) {', '.join(unknown)} in a {table} entry")
    missing = [k for k, d in fields.items() if d is None and row.get(k) is None]
    if missing:
        raise ValidationError(f"missing {', '.join(missing)} in a {table} entry")
    full = {k: row.get(k, None if d == "__null__" else d) for k, d in fields.items()}
    out: dict[str, Any] = {}
    # When the entry was logged travels with backups so back-filled entries stay visible.
    out["created_at"] = None if full["created_at"] is None else _timestamp(full["created_at"], now)
    if table == "milestones":
        out["on"] = _date(full["on"], now)
        out["kind"] = _choice("milestone kind", full["kind"], MILESTONE_KINDS)
        out["title"] = _text("title", full["title"], MAX_SHORT)
        out["note"] = _text("note", full["note"], MAX_NOTE)
        return out
    out["at"] = _timestamp(full["at"], now)
    if table == "mood":
        out["mood"] = _int("mood", full["mood"], 1, 10)
        out["urge"] = None if full["urge"] is None else _int("urge", full["urge"], 0, 10)
        out["emotions"] = _words("emotions", full["emotions"])
        out["activities"] = _words("activities", full["activities"])
    elif table == "contacts":
        out["initiator"] = _choice("initiator", full["initiator"], INITIATORS)
        out["channel"] = _choice("channel", full["channel"], CHANNELS)
        out["got_response"] = _bool("got_response", full["got_response"], nullable=True)
        out["under_influence"] = _bool("under_influence", full["under_influence"])
        out["trigger"] = _text("trigger", full["trigger"], MAX_SHORT).lower()
    else:
        out["intensity"] = _int("intensity", full["intensity"], 0, 10)
        out["outcome"] = _choice("outcome", full["outcome"], OUTCOMES)
        out["trigger"] = _text("trigger", full["trigger"], MAX_SHORT).lower()
    out["note"] = _text("note", full["note"], MAX_NOTE)
    out["private"] = _bool("private", full["private"])
    return out


SETTINGS_DEFAULTS: dict[str, Any] = {
    "day_start_hour": 4,
    "no_contact_goal_days": 30,
    "intent": "undecided",
    "red_flags": [],
    # Where the person is, for the crisis lines: null until chosen (the locale decides), a
    # two-letter code, or COUNTRY_OTHER for a country Tideline has no lines for.
    "country": None,
}
# Settings of this place rather than of the journal's history: exports leave them out, so a
# file stays readable by earlier Tideline versions (their settings reject unknown keys) and an
# import elsewhere keeps that machine's choice. An import still accepts them.
LOCAL_SETTINGS = frozenset({"country"})
COUNTRY_OTHER = "other"


def clean_settings(values: dict[str, Any]) -> dict[str, Any]:
    """Check settings; unknown keys and bad values raise ValidationError."""
    if not isinstance(values, dict):
        raise ValidationError("settings must be an object")
    unknown = sorted(set(values) - set(SETTINGS_DEFAULTS))
    if unknown:
        raise ValidationError(f"unknown setting(s) {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "day_start_hour":
            out[key] = _int("day_start_hour", value, 0, 12)
        elif key == "no_contact_goal_days":
            out[key] = _int("no_contact_goal_days", value, 1, 3650)
        elif key == "intent":
            out[key] = _choice("intent", value, INTENTS)
        elif key == "red_flags":
            flags = _words("red_flags", value)
            for flag in flags:
                _choice("red flag", flag, RED_FLAGS)
            out[key] = flags
        elif key == "country":
            out[key] = _country(value)
    return out


def _country(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        code = value.strip()
        if not code:
            return None
        if code.lower() == COUNTRY_OTHER:
            return COUNTRY_OTHER
        if len(code) == 2 and code.isascii() and code.isalpha():
            return code.upper()
    raise ValidationError(
        f"country must be a two-letter country code like GB, {COUNTRY_OTHER!r} or empty, "
        f"not {value!r}"
    )
