"""The one place that decides how a figure, a count or a date reads, on every surface.

Pages, the snapshot (PDF, HTML, JSON's human fields) and the CLI's plain output all format through
these functions, so a mood reads at one decimal and a share as a whole percentage everywhere
(`--json` keeps full precision and does not come here). The snapshot speaks as the person
("my", "I"); the pages speak to them ("you"): both voices live here, side by side.
"""

from __future__ import annotations

import datetime as dt
import math

NONE = "—"  # a figure that has no value yet: never "None", "nan" or 0
MOOD_DECIMALS = 1


def _half_up(value: float, decimals: int) -> float:
    # Half-up, not banker's rounding: 6.25 reads as 6.3 and 62.5% as 63%, as a person rounds.
    scale = 10**decimals
    return math.floor(value * scale + 0.5) / scale


def mood(value: float | None) -> str:
    """A mood level (1-10) at one decimal: 5.989 -> '6.0'; None -> '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NONE
    return f"{_half_up(float(value), MOOD_DECIMALS):.{MOOD_DECIMALS}f}"


def mood_value(value: float | None) -> float | None:
    """The same rounding as `mood`, as a number (for chart data and report fields people read)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return _half_up(float(value), MOOD_DECIMALS)


def percent(share: float | None) -> str:
    """A share (0..1) as a whole percentage: 0.4567 -> '46%'; None -> '—'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return NONE
    return f"{int(_half_up(100 * float(share), 0)):d}%"


def percent_figure(value: float | None) -> str:
    """A section 4 percentage figure (0-100, like `strength_pct`) as a whole percentage:
    14.5 -> '15%'. Rounded from the figure itself: `percent(14.5 / 100)` would say '14%', as
    0.145 * 100 is 14.499999999999998 in floating point."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NONE
    return f"{int(_half_up(float(value), 0)):d}%"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 day', '3 days'; `many` for irregular or phrase plurals:
    plural(1, 'urge resisted', 'urges resisted') -> '1 urge resisted'."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def number(value: int | None) -> str:
    """A whole count for people: 12345 -> '12,345'; None -> '—'."""
    return NONE if value is None else f"{int(value):,}"


def shown(value: object, unit: str = "") -> str:
    """Any figure with an optional unit; '—' where there is none yet."""
    return NONE if value is None else f"{value}{unit}"


def day(value: dt.date) -> str:
    """A date as people read it in this app: '7 Sep 2026' (no leading zero)."""
    return f"{value.day} {value:%b %Y}"


def day_with_weekday(value: dt.date) -> str:
    """'Mon 7 Sep 2026'."""
    return f"{value:%a} {day(value)}"


def span(first: dt.date | None, last: dt.date | None) -> str:
    """'from 3 Jan 2024 to 9 Mar 2026', 'on 3 Jan 2024', or '' without dates."""
    if first is None or last is None:
        return ""
    if first == last:
        return f"on {day(first)}"
    return f"from {day(first)} to {day(last)}"


def period(since: dt.date | None, until: dt.date, capital: bool = False) -> str:
    """A period filter in words: 'from 3 Jan 2026 to 1 Feb 2026', or 'up to 1 Feb 2026'."""
    text = f"up to {day(until)}" if since is None else f"from {day(since)} to {day(until)}"
    return capitalise(text) if capital else text


def capitalise(text: str) -> str:
    """First letter upper, the rest untouched ('no contact' -> 'No contact')."""
    return text[:1].upper() + text[1:]


# -- voices ------------------------------------------------------------------------------------
# The pages talk to the person; the snapshot is the person talking to their therapist.
YOU = {"subject": "you", "possessive": "your", "be": "you are", "have": "you have"}
I = {"subject": "I", "possessive": "my", "be": "I am", "have": "I have"}  # noqa: E741


def voice(first_person: bool) -> dict[str, str]:
    """The pronouns of one surface: the snapshot's first person or the pages' second."""
    return I if first_person else YOU
