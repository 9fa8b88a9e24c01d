"""Server-side validation of every row before it is written (widget limits are not a check)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from dashboard.schema import (
    CHANNELS,
    COUNTRY_OTHER,
    EMOTIONS,
    ENTRY_TABLES,
    INITIATORS,
    INTENTS,
    MAX_NOTE,
    MAX_SHORT,
    MILESTONE_KINDS,
    OUTCOMES,
    RED_FLAGS,
    SETTINGS,
    SETTINGS_DEFAULTS,
    Column,
    fields,
)

# The tables, vocabularies and limits are dashboard.schema's. Pages and modules written before
# it import them from here; new code imports them from dashboard.schema.
__all__ = [
    "CHANNELS",
    "COUNTRY_OTHER",
    "EMOTIONS",
    "FIELDS",
    "INITIATORS",
    "INTENTS",
    "LOCAL_SETTINGS",
    "MAX_NOTE",
    "MAX_SHORT",
    "MILESTONE_KINDS",
    "OUTCOMES",
    "RED_FLAGS",
    "SETTINGS_DEFAULTS",
    "TABLES",
    "ValidationError",
    "clean_row",
    "clean_settings",
]
TABLES = ENTRY_TABLES
MAX_LIST = 60
# A row may be up to a day ahead of "now" (time zones, a late night logged as tomorrow).
FUTURE_SLACK = dt.timedelta(days=1)
EARLIEST = dt.datetime(1970, 1, 1)
_NULL = "__null__"
# Named once: `isinstance(v, int | float)` builds the union again on every call.
_NUMBERS = (int, float)
_SEQUENCES = (list, tuple)


def _fields(table: str) -> dict[str, Any]:
    # None = required; _NULL = may be left out and stays empty; else the default.
    out: dict[str, Any] = {}
    for column in fields(table):
        if column.required:
            out[column.name] = None
        else:
            out[column.name] = _NULL if column.nullable else column.default_value()
    return out | {"created_at": _NULL}


# Fields each table accepts, with their defaults (None = required), derived from the schema.
FIELDS: dict[str, dict[str, Any]] = {table: _fields(table) for table in TABLES}


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
        if ts.tzinfo is not None:
            ts = ts.replace(tzinfo=None)
    else:
        raise ValidationError(f"time must be text like 2026-01-10T21:30, not {value!r}")
    if ts > now + FUTURE_SLACK:
        raise ValidationError(f"time {ts:%Y-%m-%d %H:%M} is more than a day in the future")
    if ts < EARLIEST:
        raise ValidationError(f"time {ts:%Y-%m-%d %H:%M} is before 1970")
    # replace() costs as much as the parse: a million-row import skips it when it changes nothing.
    return ts.replace(microsecond=0) if ts.microsecond else ts


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
    if isinstance(value, bool) or not isinstance(value, _NUMBERS):
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
    if not isinstance(value, _SEQUENCES):
        raise ValidationError(f"{name} must be a list of words, not {value!r}")
    out: list[str] = []
    for item in value:
        word = _text(name, item, MAX_SHORT).lower()
        if word and word not in out:
            out.append(word)
    if len(out) > MAX_LIST:
        raise ValidationError(f"{name} has {len(out)} entries; the limit is {MAX_LIST}")
    return out


Check = Callable[[Any, dt.datetime], Any]


def _checker(column: Column) -> Check:
    """The check of one column, chosen once per column rather than once per value."""
    kind, noun = column.type, column.noun
    if kind == "TIMESTAMP":
        return _timestamp
    if kind == "DATE":
        return _date
    if kind == "INTEGER":
        low, high = column.low, column.high
        return lambda value, now: _int(noun, value, low, high)
    if kind == "BOOLEAN":
        nullable = column.nullable
        return lambda value, now: _bool(noun, value, nullable=nullable)
    if column.is_list:
        return lambda value, now: _words(noun, value)
    if column.choices is not None:
        choices = column.choices
        return lambda value, now: _choice(noun, value, choices)
    limit, lower = column.max_length or MAX_SHORT, column.lower
    if lower:
        return lambda value, now: _text(noun, value, limit).lower()
    return lambda value, now: _text(noun, value, limit)


# Per table: (name, default when left out, nullable, check) for every field, and the required
# names; built once, so checking a million rows pays for the schema only once.
_CHECKS: dict[str, tuple[tuple[str, Any, bool, Check], ...]] = {
    table: tuple(
        (
            c.name,
            None if FIELDS[table][c.name] is _NULL else FIELDS[table][c.name],
            c.nullable,
            _checker(c),
        )
        for c in fields(table)
    )
    for table in TABLES
}
_REQUIRED = {table: [k for k, d in FIELDS[table].items() if d is None] for table in TABLES}


def clean_row(table: str, row: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """Check one row and return it with defaults filled in; raise ValidationError otherwise."""
    if table not in FIELDS:
        raise ValidationError(f"unknown table {table!r}")
    if not isinstance(row, dict):
        raise ValidationError(f"a {table} entry must be an object, not {type(row).__name__}")
    now = now or dt.datetime.now()
    accepted = FIELDS[table]
    if not row.keys() <= accepted.keys():
        unknown = sorted(set(row) - set(accepted))
        raise ValidationError(f"unknown key(s) {', '.join(unknown)} in a {table} entry")
    get = row.get
    missing = [k for k in _REQUIRED[table] if get(k) is None]
    if missing:
        raise ValidationError(f"missing {', '.join(missing)} in a {table} entry")
    # When the entry was logged travels with backups so back-filled entries stay visible.
    created = get("created_at")
    out = {"created_at": None if created is None else _timestamp(created, now)}
    for name, default, nullable, check in _CHECKS[table]:
        value = get(name, default)
        out[name] = None if value is None and nullable else check(value, now)
    return out


# Settings of this place rather than of the journal's history: exports leave them out, so a
# file stays readable by earlier Tideline versions (their settings reject unknown keys) and an
# import elsewhere keeps that machine's choice. An import still accepts them.
LOCAL_SETTINGS = frozenset(s.key for s in SETTINGS if s.local)


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
