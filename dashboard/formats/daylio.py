"""Daylio's CSV export -> a ``tideline/1`` payload of mood rows, plus every bad row.

Pure functions, no database: the caller refuses to import while ``ParseResult.errors`` is not
empty (import is all-or-nothing). Every produced row has already passed
``validate.clean_row("mood", row)``.

- Layouts, chosen by the header: ``full_date,date,weekday,time,mood,activities,note_title,note``
  (current), ``full_date,...,note`` without ``note_title`` (some versions) and the older
  ``year,date,weekday,time,mood,activities,note`` where ``date`` is a day and a month name in
  the phone's language, in either order ("5 Jan", "Jan 5", "7 września", "16 de octubre",
  "9月7日"; read with Babel's locale data, `local_dates`) and ``year`` gives the year.
- A file without a header row is recognised by its shape: a first value that is an ISO date
  (the current layout: 7 values without ``note_title``, 8 with it, 9 with ``scales`` last) or a
  year (the older layout, 7 values), and a time of day as the fourth value.
- ``scales``, the newer exports' column of Daylio's extra scales (energy, stress...), is not
  read: Tideline has no place for them, and the rest of the row imports as usual.
- Times: 12-hour ("10:00 pm", "10:00 PM", "10:00 p.m.", with any space before am/pm, including the
  narrow no-break space newer phones write) or 24-hour ("20:39"). "12:05 am" is 00:05, "12:30 pm"
  is 12:30.
- Moods: rad 10, good 8, meh 6, bad 4, awful 2 (labels trimmed, case-insensitive). A mood map adds
  labels or overrides these. Any other label is one error naming every unknown label and its lines.
- ``activities`` are split on "|", trimmed and lower-cased; ``note_title`` and ``note`` become the
  note (title, a blank line, then the note when both are given). Every imported entry is private.

The mood map comes from the command line's ``--mood-map`` (`parse_mood_spec`: "label=N,..."
and/or ``auto``, whose levels `propose` works out with `mood_names`) or from the Data page's
table (`proposal_table`, pre-filled with the same proposals, and `mood_map_from_table`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.formats import mood_names, text
from dashboard.formats.local_dates import DayMonth
from dashboard.formats.text import Entry, ParseResult, RowError
from dashboard.validate import EARLIEST, FUTURE_SLACK, ValidationError, clean_row
from dashboard.wording import plural

DEFAULT_MOODS: dict[str, int] = {"rad": 10, "good": 8, "meh": 6, "bad": 4, "awful": 2}
# The --mood-map word that asks for proposed levels (`propose`).
AUTO = "auto"
# How many line numbers one unknown label lists before "and N more".
_MAX_LINES_LISTED = 10
# label (lower-case) -> (the label as the file spells it first, the lines it stands on)
Unknown = dict[str, tuple[str, list[int]]]


# --- mood maps -----------------------------------------------------------------------------------


def parse_mood_map(spec: str) -> dict[str, int]:
    """'label=N,label=N' -> {label: N}; labels trimmed and lower-cased, N a whole number 1-10."""
    out: dict[str, int] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        label, equals, number = item.rpartition("=")
        if not equals:
            raise ValueError(
                f"{item.strip()!r} has no '=': write each mood as label=number, e.g. tired=4"
            )
        label = label.strip().lower()
        if not label:
            raise ValueError(f"{item.strip()!r} has no label before '=': write e.g. tired=4")
        try:
            value = int(number.strip())
        except ValueError:
            raise ValueError(
                f"the mood for {label!r} must be a whole number from 1 to 10, "
                f"not {number.strip()!r}"
            ) from None
        if not 1 <= value <= 10:
            raise ValueError(f"the mood for {label!r} must be from 1 to 10, not {value}")
        if label in out and out[label] != value:
            raise ValueError(f"{label!r} is given twice, as {out[label]} and {value}")
        out[label] = value
    return out


@dataclass(frozen=True)
class MoodSpec:
    """What ``--mood-map`` asks for: proposals (``auto``) and the levels the person gives."""

    auto: bool
    given: dict[str, int]


def parse_mood_spec(spec: str) -> MoodSpec:
    """'auto', 'label=N,...' or both ('auto,sick=3'): `auto` once, anywhere in the list."""
    items = [item.strip() for item in spec.split(",")]
    auto = [item for item in items if item.lower() == AUTO]
    if len(auto) > 1:
        raise ValueError("write auto once in --mood-map, e.g. auto,sick=3")
    rest = ",".join(item for item in items if item.lower() != AUTO)
    return MoodSpec(auto=bool(auto), given=parse_mood_map(rest))


@dataclass(frozen=True)
class Proposal:
    """The levels for a file's mood labels: proposed from the words, given, or still missing."""

    # Every label as the file spells it -> its level, best first (ties in the file's order).
    levels: dict[str, int]
    proposed: dict[str, int]
    given: dict[str, int]
    unplaced: list[str]

    def mood_map(self) -> dict[str, int]:
        """The map `parse` takes: the labels lower-cased."""
        return {label.lower(): level for label, level in self.levels.items()}

    def text(self) -> str:
        """'Great 😀 = 10, Good = 8 (proposed); Sick = 3 (yours)' for the dry run."""
        proposed = [f"{k} = {v}" for k, v in self.levels.items() if k.lower() not in self.given]
        given = [f"{k} = {v}" for k, v in self.levels.items() if k.lower() in self.given]
        parts = [", ".join(proposed) + " (proposed)"] if proposed else []
        return "; ".join(parts + ([", ".join(given) + " (yours)"] if given else []))


def propose(data: bytes | str, given: Mapping[str, int] | None = None) -> Proposal:
    """Levels for every mood label of a Daylio CSV: `given` first, then `mood_names`' proposals.

    A label is proposed only when `mood_names` places its word; the rest are `unplaced`.
    """
    given = {label.strip().lower(): level for label, level in (given or {}).items()}
    found = labels(data)
    placed, _ = mood_names.propose(found)
    by_word = {mood_names.clean_label(label): level for label, level in placed.items()}
    levels: list[tuple[str, int]] = []
    proposed: dict[str, int] = {}
    unplaced: list[str] = []
    for label in found:
        level = given.get(label.lower())
        if level is None:
            level = by_word.get(mood_names.clean_label(label))
            if level is not None:
                proposed[label] = level
        if level is None:
            unplaced.append(label)
        else:
            levels.append((label, level))
    levels.sort(key=lambda item: -item[1])  # stable: ties keep the file's order
    return Proposal(dict(levels), proposed, given, unplaced)


def unplaced_error(unplaced: list[str]) -> str:
    """The one line asking for the labels `--mood-map auto` cannot place."""
    shown = ", ".join(repr(label) for label in unplaced[:_MAX_LINES_LISTED])
    if len(unplaced) > _MAX_LINES_LISTED:
        shown += f" and {len(unplaced) - _MAX_LINES_LISTED} more"
    example = ",".join(f"{label.lower()}=N" for label in unplaced[:2])
    each = "it" if len(unplaced) == 1 else "each"
    return (
        f"--mood-map auto cannot place {plural(len(unplaced), 'mood label')}: {shown}; give "
        f'{each} a number from 1 (lowest) to 10 (best) after auto, e.g. --mood-map "auto,{example}"'
    )


def mood_map_from_spec(data: bytes | str, spec: str) -> tuple[dict[str, int], str]:
    """``--mood-map``'s text for this file -> (the map `parse` takes, the line to print).

    Without ``auto`` the map is the labels given and the line is empty; with it, the labels
    given plus the proposals, and the line says both. A label still unplaced raises ValueError
    with `unplaced_error`: nothing is guessed.
    """
    parsed = parse_mood_spec(spec)
    if not parsed.auto:
        return parsed.given, ""
    proposal = propose(data, parsed.given)
    if proposal.unplaced:
        raise ValueError(f"{unplaced_error(proposal.unplaced)}; nothing was imported")
    return proposal.mood_map(), f"moods: {proposal.text()}"


def _normalise_mood_map(mood_map: dict[str, int] | None) -> dict[str, int]:
    """Defaults plus a user's map (which may come straight from a table on the page)."""
    moods = dict(DEFAULT_MOODS)
    for label, value in (mood_map or {}).items():
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"mood map labels must be text, not {label!r}")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise ValueError(f"the mood for {label.strip()!r} must be from 1 to 10, not {value!r}")
        moods[label.strip().lower()] = value
    return moods


def _unknown_labels_error(unknown: Unknown) -> RowError:
    parts = []
    for shown, lines in unknown.values():
        listed = ", ".join(str(n) for n in lines[:_MAX_LINES_LISTED])
        more = len(lines) - _MAX_LINES_LISTED
        where = f"line {listed}" if len(lines) == 1 else f"lines {listed}"
        if more > 0:
            where += f" and {more} more"
        parts.append(f"{shown!r} ({where})")
    example = next(iter(unknown.values()))[0].lower()
    return RowError(
        min(lines[0] for _, lines in unknown.values()),
        f"{plural(len(unknown), 'mood label')} Tideline doesn't know yet: "
        f"{'; '.join(parts)}. Give each a number from 1 to 10 in a mood map "
        f"(e.g. {example}=5); rad, good, meh, bad and awful are known already.",
    )


# --- reading -------------------------------------------------------------------------------------

# The columns of a file without a header row, by its first value's kind and its width.
_CURRENT = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
_HEADERLESS: dict[tuple[str, int], list[str]] = {
    ("iso", 7): [c for c in _CURRENT if c != "note_title"],
    ("iso", 8): _CURRENT,
    ("iso", 9): [*_CURRENT, "scales"],
    ("year", 7): ["year", "date", "weekday", "time", "mood", "activities", "note"],
}


def headerless_columns(values: list[str]) -> dict[str, int] | None:
    """The columns of a first record that is an entry, not a header (by its shape); else None."""
    first = values[0].strip() if values else ""
    if len(first) == 4 and first.isdigit():
        kind = "year"
    else:
        try:
            dt.date.fromisoformat(first)
        except ValueError:
            return None
        kind = "iso"
    names = _HEADERLESS.get((kind, len(values)))
    if names is None:
        return None
    try:
        text.clock(values[3])
    except ValueError:
        return None
    return {name: index for index, name in enumerate(names)}


def _layout(records: list[text.Record], broken: RowError | None) -> tuple[dict[str, int], int]:
    """(columns, where the entries start in `records`): 1 after a header, 0 without one."""
    if records:
        columns = headerless_columns(records[0][1])
        if columns is not None:
            return columns, 0
    return text.header(records, "Daylio", broken), 1


@dataclass
class _Opened:
    """A Daylio CSV being read: its records (read as they are asked for), the columns, the
    width of the first record and the records still to read (the entries)."""

    source: text.Records
    columns: dict[str, int]
    start: int
    width: int
    entries: Iterator[text.Record]


def _open(data: bytes | str) -> _Opened:
    """The file's columns from its first records; the rest are read as they are asked for."""
    source = text.Records(text.decode(data))
    records = iter(source)
    # Two records tell a header from an entry and a header without entries.
    head = list(itertools.islice(records, 2))
    columns, start = _layout(head, source.broken if len(head) < 2 else None)
    width = len(head[0][1])
    return _Opened(source, columns, start, width, itertools.chain(head[start:], records))


def _old_layout(columns: dict[str, int]) -> bool:
    """True for the older ``year,date,...`` layout; raises when the header fits neither."""
    if "full_date" in columns:
        old = False
    elif "year" in columns and "date" in columns:
        old = True
    else:
        raise text.missing_columns("Daylio", ["full_date"], list(columns))
    text.require("Daylio", columns, ("time", "mood"))
    return old


def _day(
    record: list[str], columns: dict[str, int], months: DayMonth | None
) -> tuple[dt.date | None, str]:
    """The record's day, or None and why not; `months` reads the older layout's dates."""
    if months is not None:
        year, date_text = text.cell(record, columns, "year"), text.cell(record, columns, "date")
        day = months.date(date_text, int(year)) if year.isdigit() and len(year) == 4 else None
        if day is not None:
            return day, ""
        return None, (
            f"date {date_text!r} in year {year!r} is not a date like 5 Jan (read in "
            f"{months.language_name()}, like the file's other dates)"
        )
    date_text = text.cell(record, columns, "full_date")
    try:
        return dt.date.fromisoformat(date_text), ""
    except ValueError:
        return None, f"date {date_text!r} is not a date like 2024-01-05"


# How many distinct date, time and activities cells (and checked rows) one reading remembers.
_MEMO = 50_000
# The longest note (title and text together) whose checked row is remembered for the next
# entry of the same mood, activities and note: longer ones are seldom written twice.
_MEMO_NOTE = 200

# (day as ISO text, its midnight) and (time of day as '20:39', its time from midnight), or
# None and why not.
Day = tuple[str, dt.datetime] | None
Clock = tuple[str, dt.timedelta] | None


def _cells(indexes: list[int]) -> Callable[[list[str]], Any]:
    """What picks the cells at `indexes` out of a record, as something to look up by."""
    if not indexes:
        return lambda values: ()
    return operator.itemgetter(*indexes)


class _Reading:
    """One file's records -> entries (`read_each`'s reader), each distinct date, time and
    activities cell read once: a file repeats them (a day's entries, the same times of day,
    the same few activities), and a million records are then mostly looked up.

    Unknown mood labels are noted in `unknown`, to be reported once for the whole file.
    """

    def __init__(
        self, columns: dict[str, int], months: DayMonth | None, moods: dict[str, int]
    ) -> None:
        self.columns, self.months, self.moods = columns, months, moods
        self.unknown: Unknown = {}
        day_columns = ("year", "date") if months is not None else ("full_date",)
        self._day_cells = _cells([columns[name] for name in day_columns])
        self._time, self._mood = columns["time"], columns["mood"]
        # The cells a checked row is remembered by, besides the mood: activities and note.
        self._note_at = [columns[c] for c in ("note_title", "note") if c in columns]
        self._rest = _cells([columns[c] for c in ("activities",) if c in columns] + self._note_at)
        self._days: dict[Any, tuple[Day, str]] = {}
        self._clocks: dict[str, tuple[Clock, str]] = {}
        self._words: dict[str, list[str]] = {}
        self._labels: dict[str, tuple[str, int | None]] = {}

    def _day(self, values: list[str]) -> tuple[Day, str]:
        key = self._day_cells(values)
        known = self._days.get(key)
        if known is None:
            day, why = _day(values, self.columns, self.months)
            if day is None:
                known = (None, why)
            else:
                known = ((day.isoformat(), dt.datetime.combine(day, dt.time())), "")
            if len(self._days) < _MEMO:
                self._days[key] = known
        return known

    def _clock(self, values: list[str]) -> tuple[Clock, str]:
        cell = values[self._time]
        known = self._clocks.get(cell)
        if known is None:
            try:
                hour, minute = text.clock(text.cell(values, self.columns, "time"))
                since = dt.timedelta(hours=hour, minutes=minute)
                known = ((f"{hour:02d}:{minute:02d}", since), "")
            except ValueError as exc:
                known = (None, str(exc))
            if len(self._clocks) < _MEMO:
                self._clocks[cell] = known
        return known

    def _activities_of(self, values: list[str]) -> list[str]:
        """The activities split on "|", trimmed and lower-cased (a new list each time)."""
        index = self.columns.get("activities")
        cell = "" if index is None else values[index]
        known = self._words.get(cell)
        if known is None:
            split = text.cell(values, self.columns, "activities").split("|")
            known = [word.strip().lower() for word in split if word.strip()]
            if len(self._words) < _MEMO:
                self._words[cell] = known
        return list(known)

    def _parts(
        self, line: int, values: list[str]
    ) -> tuple[tuple[tuple[str, dt.datetime], tuple[str, dt.timedelta], int] | None, list[str]]:
        """(day, clock, mood) of a record, or None and its problems (none for an unknown
        label: it is noted in `unknown`)."""
        day, why = self._day(values)
        problems = [why] if why else []
        clock, why = self._clock(values)
        if why:
            problems.append(why)
        cell = values[self._mood]
        known = self._labels.get(cell)
        if known is None:
            label = text.cell(values, self.columns, "mood")
            known = (label, self.moods.get(label.lower()))
            if len(self._labels) < _MEMO:
                self._labels[cell] = known
        label, mood = known
        if not label:
            problems.append("the mood is missing")
        elif mood is None:
            self.unknown.setdefault(label.lower(), (label, []))[1].append(line)
        if problems or mood is None or day is None or clock is None:
            return None, problems
        return (day, clock, mood), []

    def _row(self, at: str, mood: int, values: list[str]) -> dict[str, Any]:
        note = text.join_note(
            text.cell(values, self.columns, "note_title"), text.cell(values, self.columns, "note")
        )
        activities = self._activities_of(values)
        return {"at": at, "mood": mood, "activities": activities, "note": note, "private": True}

    def __call__(self, line: int, values: list[str]) -> tuple[Entry | None, list[str]]:
        """One record -> its entry, or None and its problems."""
        parts, problems = self._parts(line, values)
        if parts is None:
            return None, problems
        (day, _), (clock, _), mood = parts
        at = f"{day}T{clock}"
        return (at, line, self._row(at, mood, values)), []

    def checked(self, now: dt.datetime) -> text.Reader:
        """A reader giving each good record as `clean_row`'s row, or why the store would
        refuse it (for `text.finish_checked`).

        Records of the same mood, activities and note differ only in their time, so the row
        `clean_row` made for the first is copied for the next with its time in place, when
        that time is one `clean_row` takes (from 1970 to a day ahead); any other is checked
        whole, so its error is `clean_row`'s own. Copies share their lists of words.
        """
        latest, made = now + FUTURE_SLACK, {}

        def read(line: int, values: list[str]) -> tuple[dict[str, Any] | None, list[str]]:
            parts, problems = self._parts(line, values)
            if parts is None:
                return None, problems
            (day, midnight), (clock, since), mood = parts
            key = (mood, self._rest(values))
            at = midnight + since
            known = made.get(key)
            if known is not None and EARLIEST <= at <= latest:
                row = known.copy()
                row["at"] = at
                return row, []
            try:
                row = clean_row("mood", self._row(f"{day}T{clock}", mood, values), now=now)
            except ValidationError as exc:
                return None, [str(exc)]
            if len(made) < _MEMO and sum(len(values[i]) for i in self._note_at) <= _MEMO_NOTE:
                made[key] = row
            return row, []

        return read


def parse(
    data: bytes | str, mood_map: dict[str, int] | None = None, checked: bool = False
) -> ParseResult:
    """A Daylio CSV export (current or older layout) -> mood rows; see the module docstring.

    The records are read one at a time and each becomes its entry as it is read. With
    `checked`, each good row is kept as `validate.clean_row`'s copy, made as it is read (for
    an import: every row checked once, and no second copy held); see `tideline.parse_checked`.
    """
    moods = _normalise_mood_map(mood_map)
    opened = _open(data)
    columns, start = opened.columns, opened.start
    months = None
    if _old_layout(columns):
        # The older layout's dates are read in the file's language, told from all of them.
        dates = itertools.islice(text.Records(opened.source.text), start, None)
        months = DayMonth(text.cell(values, columns, "date") for _, values in dates)
    read = _Reading(columns, months, moods)
    now = dt.datetime.now()
    rows, errors = text.read_each(
        opened.entries, opened.width, read.checked(now) if checked else read
    )
    if read.unknown:
        errors.append(_unknown_labels_error(read.unknown))
    broken = opened.source.broken
    if broken is not None:
        errors.append(broken)
    count = opened.source.count - start + (broken is not None)
    if checked:
        return text.finish_checked(rows, errors, count)
    return text.finish(rows, errors, count, now)


# --- the mood labels a file uses, for the Data page's mood-map table ------------------------------


def labels(data: bytes | str) -> list[str]:
    """The distinct mood labels of a Daylio CSV (trimmed, in order of first appearance).

    An unreadable file gives []: `parse` explains what is wrong with it.
    """
    seen: dict[str, str] = {}
    try:
        opened = _open(data)
        if "mood" not in opened.columns:
            return []
        for _, values in opened.entries:
            label = text.cell(values, opened.columns, "mood")
            if label:
                seen.setdefault(label.lower(), label)
    except ValueError:
        return []
    return list(seen.values())


def proposal_table(proposal: Proposal) -> list[dict[str, Any]]:
    """The Data page's mapping table: every label of the file, its proposed level or blank.

    The placed labels come best first, then the ones the person must give (mood None).
    """
    rows: list[dict[str, Any]] = [
        {"label": label, "mood": level} for label, level in proposal.levels.items()
    ]
    return rows + [{"label": label, "mood": None} for label in proposal.unplaced]


def unset_labels(rows: list[Mapping[str, Any]]) -> list[str]:
    """The labels of the mapping table still without a number."""
    return [str(row["label"]) for row in rows if _blank(row.get("mood"))]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from an emptied table cell
        return True
    return isinstance(value, str) and not value.strip()


def _table_mood(name: str, value: Any) -> tuple[int | None, str]:
    """A table cell's mood as a whole number 1-10, or None and the problem."""
    if _blank(value):
        return None, f"give {name!r} a number from 1 to 10"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None, f"the mood for {name!r} must be a number from 1 to 10, not {value!r}"
    if not number.is_integer() or not 1 <= number <= 10:
        return None, f"the mood for {name!r} must be a whole number from 1 to 10"
    return int(number), ""


def mood_map_from_table(rows: list[Mapping[str, Any]]) -> tuple[dict[str, int], list[str]]:
    """The edited mapping table -> ({label: mood}, problems); a problem means don't import yet."""
    mapping: dict[str, int] = {}
    problems: list[str] = []
    for row in rows:
        label, value = row.get("label"), row.get("mood")
        if _blank(label) and _blank(value):
            continue  # an empty row the user added and left
        if _blank(label):
            problems.append(f"the row with mood {value} has no label")
            continue
        name = str(label).strip()
        number, problem = _table_mood(name, value)
        key = name.lower()
        if number is None:
            problems.append(problem)
        elif key in mapping and mapping[key] != number:
            problems.append(f"{name!r} is in the table twice, as {mapping[key]} and {number}")
        else:
            mapping[key] = number
    return mapping, problems
