"""The wording module: one rounding and one way to say counts and dates (issue 12, point 3)."""

import datetime as dt

from dashboard import wording


def test_mood_reads_at_one_decimal_rounded_half_up() -> None:
    assert wording.mood(5.989) == "6.0"
    assert wording.mood(6.25) == "6.3"  # half-up, where banker's rounding would give 6.2
    assert wording.mood(5.649) == "5.6"
    assert wording.mood(7) == "7.0"
    assert wording.mood(None) == "—"
    assert wording.mood(float("nan")) == "—"
    assert wording.mood_value(5.649) == 5.6


def test_percent_is_whole_and_half_up() -> None:
    assert wording.percent(0.4567) == "46%"
    assert wording.percent(0.625) == "63%"
    assert wording.percent(1.0) == "100%"
    assert wording.percent(0.0) == "0%"
    assert wording.percent(None) == "—"


def test_plurals_and_counts() -> None:
    assert wording.plural(1, "day") == "1 day"
    assert wording.plural(0, "day") == "0 days"
    assert wording.plural(1, "urge resisted", "urges resisted") == "1 urge resisted"
    assert wording.plural(2, "urge resisted", "urges resisted") == "2 urges resisted"
    assert wording.plural(1200, "entry", "entries") == "1,200 entries"
    assert wording.number(12345) == "12,345"


def test_dates_and_periods() -> None:
    d = dt.date(2026, 9, 7)
    assert wording.day(d) == "7 Sep 2026"
    assert wording.day_with_weekday(d) == "Mon 7 Sep 2026"
    assert wording.span(d, d) == "on 7 Sep 2026"
    assert wording.span(d, dt.date(2026, 10, 1)) == "from 7 Sep 2026 to 1 Oct 2026"
    assert wording.span(None, d) == ""
    assert wording.period(None, d, capital=True) == "Up to 7 Sep 2026"
    assert wording.period(dt.date(2026, 1, 3), d) == "from 3 Jan 2026 to 7 Sep 2026"


def test_voices() -> None:
    assert wording.voice(True)["possessive"] == "my"
    assert wording.voice(False)["possessive"] == "your"
