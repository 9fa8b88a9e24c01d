"""Crisis, domestic-abuse and emergency lines by country, as data, and the lines a card shows.

The lines live in `data/guidance/helplines.json`; each names the page it was checked against.
The person's country is their setting (Data page) or, until they choose, the territory of the
locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: "en_GB.UTF-8" -> GB). Whatever the country, the
international directory follows the country's own line, then that country's emergency number.
Everything here is pure: no Streamlit, no database.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard import DATA_DIR
from dashboard.validate import COUNTRY_OTHER

HELPLINES_FILE = DATA_DIR / "guidance" / "helplines.json"
KINDS = ("crisis", "domestic_abuse", "emergency")
# The setting's value for "a country Tideline has no lines for": only the directory shows.
OTHER = COUNTRY_OTHER
# Which lines a card shows below its text, by the card's tags (first match wins).
KINDS_FOR_TAG = {"safety": "crisis", "abuse_support": "domestic_abuse"}
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")
# language[_TERRITORY][.codeset][@modifier], as POSIX locale names are written.
_LOCALE = re.compile(r"^[A-Za-z]{2,3}_([A-Za-z]{2})(?:[.@]|$)")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


class HelplinesError(ValueError):
    """The helplines file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Line:
    country: str
    kind: str
    name: str
    number: str
    how: str
    source: str


@dataclass(frozen=True)
class Directory:
    name: str
    url: str
    source: str


@dataclass(frozen=True)
class Helplines:
    checked_on: str
    countries: Mapping[str, str]
    directory: Directory
    lines: tuple[Line, ...]

    def of(self, country: str | None, kind: str) -> list[Line]:
        """The country's lines of one kind, in the file's order."""
        return [ln for ln in self.lines if ln.country == country and ln.kind == kind]


def _text(where: str, raw: Mapping, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise HelplinesError(f"{where}: {key} must be non-empty text")
    return value.strip()


def _url(where: str, raw: Mapping, key: str) -> str:
    value = _text(where, raw, key)
    if not value.startswith(("https://", "http://")):
        raise HelplinesError(f"{where}: {key} must be the address of the page checked")
    return value


def parse_helplines(data: object) -> Helplines:
    """Check the parsed helplines.json and build it; raise HelplinesError naming the entry."""
    if not isinstance(data, Mapping):
        raise HelplinesError("helplines.json must be an object")
    countries = data.get("countries")
    if not isinstance(countries, Mapping) or not countries:
        raise HelplinesError("helplines.json: countries must map codes to names")
    for code, name in countries.items():
        if not COUNTRY_CODE.match(str(code)) or not isinstance(name, str) or not name.strip():
            raise HelplinesError(f"helplines.json: bad country {code!r}: {name!r}")
    raw_dir = data.get("directory")
    if not isinstance(raw_dir, Mapping):
        raise HelplinesError("helplines.json: directory must be an object")
    directory = Directory(
        _text("directory", raw_dir, "name"),
        _url("directory", raw_dir, "url"),
        _url("directory", raw_dir, "source"),
    )
    raw_lines = data.get("lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise HelplinesError("helplines.json: lines must be a non-empty list")
    lines: list[Line] = []
    for i, raw in enumerate(raw_lines):
        where = f"line #{i}"
        if not isinstance(raw, Mapping):
            raise HelplinesError(f"{where}: must be an object")
        unknown = set(raw) - {"country", "kind", "name", "number", "how", "source"}
        if unknown:
            raise HelplinesError(f"{where}: unknown keys {sorted(unknown)}")
        line = Line(
            _text(where, raw, "country"),
            _text(where, raw, "kind"),
            _text(where, raw, "name"),
            _text(where, raw, "number"),
            _text(where, raw, "how"),
            _url(where, raw, "source"),
        )
        if line.country not in countries:
            raise HelplinesError(f"{where}: country {line.country!r} is not in countries")
        if line.kind not in KINDS:
            raise HelplinesError(f"{where}: kind {line.kind!r} is not one of {', '.join(KINDS)}")
        lines.append(line)
    checked = data.get("checked_on")
    if not isinstance(checked, str) or not checked:
        raise HelplinesError("helplines.json: checked_on must name the day the lines were checked")
    return Helplines(checked, dict(countries), directory, tuple(lines))


@functools.lru_cache(maxsize=2)
def _load(path: Path) -> Helplines:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise HelplinesError(f"cannot read {path}: {exc}") from None
    return parse_helplines(data)


def load() -> Helplines:
    """The lines of data/guidance/helplines.json (read and checked once per process)."""
    return _load(HELPLINES_FILE)


# --------------------------------------------------------------------------------------------
# Which country


def locale_country(env: Mapping[str, str]) -> str | None:
    """The territory of the locale ('en_GB.UTF-8' -> 'GB'), or None ('C.UTF-8', unset).

    As POSIX does, the first of LC_ALL, LC_MESSAGES, LANG that is set decides, even when it
    names no territory.
    """
    for var in LOCALE_VARS:
        value = (env.get(var) or "").strip()
        if value:
            found = _LOCALE.match(value)
            return found.group(1).upper() if found else None
    return None


def effective_country(settings: Mapping[str, object], env: Mapping[str, str]) -> str | None:
    """The country whose lines come first: the setting, else the locale's; None when neither.

    May be OTHER or a code without lines: then only the directory is shown.
    """
    chosen = settings.get("country")
    if isinstance(chosen, str) and chosen:
        return chosen
    return locale_country(env)


def country_name(code: str | None, data: Helplines | None = None) -> str:
    """'United Kingdom' for GB; 'another country' for OTHER or a code without lines."""
    data = data or load()
    if code in data.countries:
        return data.countries[code]
    return "another country" if code else "not set"


def country_choices(
    settings: Mapping[str, object], env: Mapping[str, str], data: Helplines | None = None
) -> tuple[list[str], int | None]:
    """The Data page's country options (the countries with lines, then OTHER) and which one
    is selected: the saved one, else the locale's; None when neither is known."""
    data = data or load()
    options = sorted(data.countries, key=lambda c: data.countries[c]) + [OTHER]
    current = effective_country(settings, env)
    if current is None:
        return options, None
    return options, options.index(current if current in options else OTHER)


def country_label(code: str, data: Helplines | None = None) -> str:
    """How the Data page names an option: the country, or what OTHER means."""
    data = data or load()
    if code in data.countries:
        return data.countries[code]
    return "Another country (the international directory only)"


def country_note(
    settings: Mapping[str, object], env: Mapping[str, str], data: Helplines | None = None
) -> str:
    """A line under the Data page's choice: where the current country comes from."""
    data = data or load()
    if settings.get("country"):
        return "The safety cards list this country's lines first, then the directory."
    found = locale_country(env)
    if found is None:
        return (
            "Not chosen yet, and this computer's language settings name no country: the "
            "safety cards show the international directory until you choose."
        )
    return (
        f"Not chosen yet: Tideline went by this computer's language settings "
        f"({country_name(found, data)}). Save to keep it, or pick another."
    )


# --------------------------------------------------------------------------------------------
# What a card shows


def _say(line: Line, country: str) -> str:
    return f"{line.name} ({country}): {line.how} {line.number}"


def lines_text(kind: str, country: str | None, data: Helplines | None = None) -> list[str]:
    """The lines under a card, one sentence each, most useful first.

    The country's lines of `kind` (crisis or domestic_abuse), then the international directory,
    then the country's emergency number. Without a country with lines, the directory and a
    pointer to where the country is chosen.
    """
    if kind not in KINDS or kind == "emergency":
        raise ValueError(f"unknown kind of line {kind!r}")
    data = data or load()
    name = data.countries.get(country or "")
    out = [_say(line, name) for line in data.of(country, kind)] if name else []
    # "Other countries" only once the person's own line is already above.
    where = "other countries" if out else "every country"
    out.append(f"{data.directory.name}: {data.directory.url} lists free helplines in {where}")
    if name:
        out += [
            f"In an emergency ({name}): {line.how} {line.number}"
            for line in data.of(country, "emergency")
        ]
    elif country is None:
        out.append(
            "Choose your country on the Data page (Settings) to see its line and emergency "
            "number first."
        )
    else:
        out.append("In an emergency, call your local emergency number.")
    return out


def lines_for_card(
    tags: Iterable[str], country: str | None, data: Helplines | None = None
) -> list[str]:
    """The lines a card shows below its text: crisis lines under the safety card,
    domestic-abuse lines under the abuse-support cards, none under any other card."""
    tags = set(tags)
    for tag, kind in KINDS_FOR_TAG.items():
        if tag in tags:
            return lines_text(kind, country, data)
    return []
