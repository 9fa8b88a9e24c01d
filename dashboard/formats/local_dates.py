"""A day and a month as people's phones write them, in any language ("7 września", "16 de
octubre", "Sept. 28", "9月7日"), read with Babel's locale data (no month table of our own).

Daylio's older export writes the year in one column and the day with a localized month name in
the next. `DayMonth(texts)` looks at all of a file's texts at once and picks the one language
whose month names read every one of them (English first, then `LANGUAGES` in order; the
languages of other scripts first when the texts are written in one); when none reads them all,
the language reading the most is kept and the rest are the file's errors.
A month name is one of the language's wide or abbreviated names, in the format or stand-alone
form (Polish "września" and "wrzesień"), any case, with or without a trailing full stop; the
day is the one number of 1 or 2 digits left; short words beside them ("de", "of", "日") pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable

# Daylio's languages and the other major ones, most likely first: a file is tried in each
# until one reads all its dates.
# fmt: off
LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "hu",
    "ro", "bg", "ru", "uk", "be", "lt", "lv", "et", "fi", "sv", "da", "nb", "nn", "is", "el",
    "tr", "ca", "gl", "eu", "ga", "cy", "sq", "mk", "he", "ar", "fa", "hi", "bn", "id", "ms",
    "vi", "th", "ja", "ko", "zh", "fil", "sw", "af",
)
# fmt: on
# Languages whose months are written in another script than Latin: tried first for a file whose
# dates hold such letters (each language tried costs a locale's loading).
# fmt: off
OTHER_SCRIPTS = (
    "ja", "zh", "ko", "ru", "uk", "bg", "be", "sr", "mk", "el", "he", "ar", "fa", "hi", "bn", "th",
)
# fmt: on
# Regional spellings read with the language ("Sept" in British English, "Jän." in Austria).
VARIANTS: dict[str, tuple[str, ...]] = {
    "en": ("en_GB",),
    "de": ("de_AT",),
    "fr": ("fr_CA",),
    "es": ("es_MX",),
    "pt": ("pt_PT",),
    "zh": ("zh_Hant",),
}
# Words beside the day and month that are not part of either: "de", "del", "of", "日", "일".
_FILLER = 3
_DAY = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


@functools.cache
def month_names(language: str) -> dict[str, int]:
    """{month name as `_clean` spells it: month 1-12} of one language (ambiguous names left out)."""
    from babel import Locale  # loaded only for a file with month names

    found: dict[str, set[int]] = {}
    for locale in (language, *VARIANTS.get(language, ())):
        months = Locale.parse(locale).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    word = _clean(name).rstrip(".")
                    if word:
                        found.setdefault(word, set()).add(int(number))
    return {word: next(iter(n)) for word, n in found.items() if len(n) == 1}


@functools.cache
def _pattern(language: str) -> re.Pattern[str]:
    """One regex finding any of the language's month names, the longest first."""
    names = sorted(month_names(language), key=len, reverse=True)
    # Not inside a word; a name starting with a digit ("9月") not right after another digit.
    parts = [
        (r"(?<!\d)" if name[0].isdigit() else r"(?<![^\W\d_])") + re.escape(name) + r"\.?"
        for name in names
    ]
    return re.compile(r"(?:" + "|".join(parts) + r")(?![^\W\d_])")


def day_and_month(text: str, language: str) -> tuple[int, int] | None:
    """(day, month) of a text such as "7 września" in one language; None when it is not one."""
    value = _clean(text)
    matches = list(_pattern(language).finditer(value))
    if len(matches) != 1:
        return None
    match = matches[0]
    month = month_names(language)[match[0].rstrip(".")]
    rest = value[: match.start()] + " " + value[match.end() :]
    days = _DAY.findall(rest)
    if len(days) != 1 or any(len(word) > _FILLER for word in _WORD.findall(rest)):
        return None
    return int(days[0]), month


def _order(texts: list[str]) -> tuple[str, ...]:
    """LANGUAGES, those of other scripts first when a text holds a letter beyond Latin's."""
    other = any(
        c.isalpha() and not (ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00) for t in texts for c in t
    )
    if not other:
        return LANGUAGES
    return OTHER_SCRIPTS + tuple(lang for lang in LANGUAGES if lang not in OTHER_SCRIPTS)


class DayMonth:
    """The day and month of each of a file's texts, read in the one language that fits them."""

    def __init__(self, texts: Iterable[str]) -> None:
        distinct = sorted({t.strip() for t in texts if t.strip()})
        self.language = "en"
        self._read: dict[str, tuple[int, int]] = {}
        best = -1
        for language in _order(distinct):
            read = {t: found for t in distinct if (found := day_and_month(t, language))}
            if len(read) > best:
                best, self.language, self._read = len(read), language, read
            if len(read) == len(distinct):
                break

    def language_name(self) -> str:
        """The file's language in English words ("Polish")."""
        from babel import Locale

        return str(Locale.parse(self.language).get_display_name("en"))

    def date(self, text: str, year: int) -> dt.date | None:
        """The date of a text in the file's language and a year; None when it is not one."""
        found = self._read.get(text.strip())
        if found is None:
            return None
        try:
            return dt.date(year, found[1], found[0])
        except ValueError:
            return None
