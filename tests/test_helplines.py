"""Crisis lines by country: the data file, the country choice, the lines a card shows, and the
country setting (Data page, validation, exports) with the safety card on the pages."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PACKAGE_DIR, helplines
from dashboard.formats import csv_zip
from dashboard.formats.tideline import export_payload, import_payload
from dashboard.guidance import load_cards
from dashboard.metrics import today as tracking_today
from dashboard.store import Store
from dashboard.ui import session
from dashboard.validate import SETTINGS_DEFAULTS, ValidationError, clean_settings

APP = PACKAGE_DIR / "app.py"
DATA = helplines.load()
NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


# -- the data ------------------------------------------------------------------------------------
def test_every_line_names_its_country_kind_number_and_the_page_it_was_checked_on() -> None:
    assert DATA.lines
    for line in DATA.lines:
        assert line.country in DATA.countries
        assert line.kind in helplines.KINDS
        assert line.name and re.fullmatch(r"[0-9 -]{3,}", line.number), line
        assert line.how in ("call", "call or text"), line
        assert line.source.startswith(("https://", "http://")), line
    assert dt.date.fromisoformat(DATA.checked_on)
    assert DATA.directory.url == "https://findahelpline.com"


def test_every_country_has_a_crisis_line_and_an_emergency_number() -> None:
    for code in DATA.countries:
        assert DATA.of(code, "crisis"), code
        assert len(DATA.of(code, "emergency")) == 1, code


def test_more_than_the_us_and_abuse_lines_for_several_countries() -> None:
    assert len(DATA.countries) >= 5
    assert {ln.country for ln in DATA.lines if ln.kind == "domestic_abuse"} >= {"US", "GB", "AU"}


def _one_line(**line: str) -> dict:
    """A file of one country (GB) and one crisis line there, with the line's fields changed."""
    return {
        "checked_on": "2026-01-01",
        "countries": {"GB": "UK"},
        "directory": {"name": "D", "url": "https://d", "source": "https://d"},
        "lines": [
            {
                "country": "GB",
                "kind": "crisis",
                "name": "x",
                "number": "1",
                "how": "call",
                "source": "https://x",
            }
            | line
        ],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"countries": {"GB": "UK"}}, "directory"),
        (_one_line(country="FR"), "not in countries"),
        (_one_line(source="a friend told me"), "address of the page checked"),
    ],
)
def test_a_malformed_file_is_refused_with_the_entry_named(data: dict, message: str) -> None:
    with pytest.raises(helplines.HelplinesError, match=message):
        helplines.parse_helplines(data)


# -- which country -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "nl_NL"}, "NL"),
        ({"LANG": "de_DE@euro"}, "DE"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "FR"),  # LC_ALL wins
        ({"LC_MESSAGES": "en_AU.UTF-8", "LANG": "en_US.UTF-8"}, "AU"),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}, None),  # set, but names no territory
        ({"LC_ALL": "", "LANG": "en_NZ.UTF-8"}, "NZ"),  # empty counts as unset
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_locale_country(env: dict, expected: str | None) -> None:
    assert helplines.locale_country(env) == expected


def test_the_setting_wins_over_the_locale_until_it_is_cleared() -> None:
    env = {"LANG": "en_GB.UTF-8"}
    assert helplines.effective_country({"country": "US"}, env) == "US"
    assert helplines.effective_country({"country": None}, env) == "GB"
    assert helplines.effective_country({}, {}) is None


def test_country_choices_select_the_saved_or_the_locale_country() -> None:
    options, index = helplines.country_choices({"country": None}, {"LANG": "en_NZ.UTF-8"})
    assert options[-1] == helplines.OTHER and "NZ" in options and "US" in options
    assert options[index] == "NZ"
    # A locale country Tideline has no lines for selects "another country".
    options, index = helplines.country_choices({"country": None}, {"LANG": "de_DE.UTF-8"})
    assert options[index] == helplines.OTHER
    assert helplines.country_choices({"country": None}, NO_LOCALE)[1] is None
    options, index = helplines.country_choices({"country": "AU"}, {"LANG": "en_GB.UTF-8"})
    assert options[index] == "AU"


# -- the lines a card shows ----------------------------------------------------------------------
def test_uk_crisis_lines_put_samaritans_first_then_the_directory_then_999() -> None:
    assert helplines.lines_text("crisis", "GB") == [
        "Samaritans (United Kingdom): call 116 123",
        "Find A Helpline: https://findahelpline.com lists free helplines in other countries",
        "In an emergency (United Kingdom): call 999",
    ]


def test_us_lines_for_the_safety_and_the_abuse_cards() -> None:
    assert helplines.lines_for_card(["safety"], "US") == [
        "988 Suicide & Crisis Lifeline (United States): call or text 988",
        "Find A Helpline: https://findahelpline.com lists free helplines in other countries",
        "In an emergency (United States): call 911",
    ]
    assert helplines.lines_for_card(["red_flags", "abuse_support"], "US")[0] == (
        "National Domestic Violence Hotline (United States): call 1-800-799-7233"
    )


def test_a_country_without_an_abuse_line_still_gets_the_directory_and_its_emergency() -> None:
    # The Netherlands has a crisis line in the file but no domestic-abuse line.
    assert helplines.lines_text("domestic_abuse", "NL") == [
        "Find A Helpline: https://findahelpline.com lists free helplines in every country",
        "In an emergency (Netherlands): call 112",
    ]


def test_without_a_country_the_directory_and_where_to_choose_one() -> None:
    lines = helplines.lines_text("crisis", None)
    assert lines[0].startswith("Find A Helpline: https://findahelpline.com")
    assert "Data page" in lines[1]
    other = helplines.lines_text("crisis", helplines.OTHER)
    assert other[0].startswith("Find A Helpline") and "local emergency number" in other[1]
    # A country Tideline has no lines for is "another country", not an error.
    assert helplines.lines_text("crisis", "DE") == other


def test_only_the_safety_and_abuse_support_cards_carry_lines() -> None:
    assert helplines.lines_for_card(["no_contact"], "GB") == []
    carriers = {c.id for c in load_cards() if helplines.lines_for_card(c.tags, "GB")}
    assert "safety-reach-out" in carriers and "red-flag-seek-support" in carriers
    assert carriers <= {"safety-reach-out", "red-flag-seek-support", "urge-red-flags"}
    with pytest.raises(ValueError):
        helplines.lines_text("emergency", "GB")


# -- the setting ---------------------------------------------------------------------------------
def test_country_setting_is_validated() -> None:
    assert clean_settings({"country": "gb"}) == {"country": "GB"}
    assert clean_settings({"country": " Other "}) == {"country": "other"}
    assert clean_settings({"country": None}) == {"country": None}
    assert clean_settings({"country": ""}) == {"country": None}
    for bad in ("GBR", "G1", 44, ["GB"]):
        with pytest.raises(ValidationError, match="two-letter country code"):
            clean_settings({"country": bad})
    assert SETTINGS_DEFAULTS["country"] is None


def test_bad_country_changes_nothing(make_store: Callable[..., Store]) -> None:
    s = make_store(name="bad_country", settings={"country": "NZ"})
    with pytest.raises(ValidationError):
        s.save_settings({"country": "Narnia", "no_contact_goal_days": 90})
    assert (s.settings()["country"], s.settings()["no_contact_goal_days"]) == ("NZ", 30)


def test_the_country_stays_on_this_machine_and_exports_still_round_trip(
    make_store: Callable[..., Store],
) -> None:
    settings = {"day_start_hour": 5, "no_contact_goal_days": 45, "intent": "move_on"}
    src = make_store(name="src", settings=settings | {"country": "AU", "red_flags": ["fear"]})
    payload = export_payload(src)
    # tideline/1 carries the journal's settings, not where the person is: an earlier Tideline
    # (which rejects unknown setting keys) can still read the file.
    assert payload["settings"] == settings | {"red_flags": ["fear"]}
    with zipfile.ZipFile(io.BytesIO(csv_zip.csv_zip(src))) as zf:
        keys = [line.split(",")[0] for line in zf.read("settings.csv").decode("utf-8-sig").split()]
    assert "country" not in keys and "day_start_hour" in keys
    dst = make_store(name="dst", settings={"country": "GB"})
    import_payload(dst, json.loads(json.dumps(payload)))
    got = dst.settings()
    assert {k: got[k] for k in settings} == settings and got["red_flags"] == ["fear"]
    assert got["country"] == "GB"  # this machine's choice is kept
    # A file written before the country setting existed still imports.
    older = {"format": "tideline/1", "settings": {"day_start_hour": 4}, "mood": []}
    import_payload(make_store(name="older"), older)


# -- on the pages --------------------------------------------------------------------------------
def _low_journal(make_store: Callable[..., Store], settings: dict | None = None) -> Path:
    # A mood of 1 today: the safety card's rule holds (any mood of 1 in the last three days).
    noon = dt.datetime.combine(tracking_today(4), dt.time(12, 0))
    s = make_store(name="low", settings=settings, mood=[{"at": noon, "mood": 1}])
    path = Path(s.path)
    s.close()
    return path


def _open(page: str, db: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> AppTest:
    monkeypatch.setenv("TIDELINE_DB", str(db))
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", lang)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _safety_warning(at: AppTest) -> str:
    (warning,) = [w.value for w in at.warning if "carry this alone" in w.value]
    return re.sub(r"\\(.)", r"\1", warning)


@pytest.mark.parametrize("page", ["today", "mood"])
def test_safety_card_lists_the_locale_countrys_line_first(
    page: str, make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(page, _low_journal(make_store), monkeypatch, "en_AU.UTF-8")
    text = _safety_warning(at)
    lifeline, directory, emergency = (
        text.index("Lifeline (Australia): call 13 11 14"),
        text.index("https://findahelpline.com"),
        text.index("In an emergency (Australia): call 000"),
    )
    assert lifeline < directory < emergency
    assert "988" not in text


def test_the_saved_country_beats_the_locale_on_the_safety_card(
    make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _low_journal(make_store, settings={"country": "NL"})
    text = _safety_warning(_open("mood", db, monkeypatch, "en_US.UTF-8"))
    assert "113 Zelfmoordpreventie (Netherlands): call 113" in text
    assert "call 112" in text and "988" not in text


def test_the_data_page_saves_the_country(
    make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _low_journal(make_store)
    at = _open("data", db, monkeypatch, "C.UTF-8")
    select = at.selectbox(key="data_country")
    assert select.value is None  # nothing saved, and the locale names no country
    select.set_value("GB")
    [b for b in at.button if b.label == "Save settings"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Store(db) as s:
        assert s.settings()["country"] == "GB"
    assert at.selectbox(key="data_country").value == "GB"
    text = _safety_warning(_open("mood", db, monkeypatch, "C.UTF-8"))
    assert "Samaritans (United Kingdom): call 116 123" in text
