"""The snapshot's words, shared by the PDF, the HTML file and the page's preview.

The snapshot is the person talking to their therapist, so it speaks in the first person.
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard import wording
from dashboard.charts import cycles as cycles_charts
from dashboard.schema import KIND_LABELS
from dashboard.snapshot.model import (
    BREAK_DAYS,
    LOWEST_DAYS,
    SECTIONS,
    DayEntry,
    KeyDay,
    Milestone,
    Report,
    Situation,
)

MILESTONE_LABELS = cycles_charts.KIND_LABELS

TITLE = "Snapshot for my therapist"
EMPTY_TITLE = "No entries in this period"
EMPTY_TEXT = (
    "Nothing was logged between these dates, so there are no charts or key days to show. "
    "The summary below says what can still be said."
)
TOPICS_TITLE = SECTIONS["topics"]
NO_TOPICS = "Nothing written for this session."
MILESTONES_TITLE = "Milestones in this period"
NO_MILESTONES = "No milestones dated in this period."
KEY_DAYS_TITLE = SECTIONS["key_days"]
DEFINITIONS_TITLE = "How the figures are defined"
# What a chart section says in the snapshot when it has nothing to draw (the pages' empty texts
# tell the person what to log next; the snapshot states what there is, for the therapist).
EMPTY_CHARTS: dict[str, str] = {
    "mood": "No mood entries in this period.",
    "calendar": "No mood entries in this period, so there is no month to show.",
    "no_contact": "None of these days were in a no-contact period.",
    "breaks_by_time": "No breaks in this period.",
    "triggers": "No triggers noted in this period.",
    "cycles": "No breakup or getting-back-together is logged in this period.",
}
NO_CYCLE = "No breakup or getting back together is logged in this period."

# The pages' words speak to the person; the snapshot is the person speaking. Phrases first
# (where "you" is the two of us, or an object), then the pronouns of `wording.voice`.
_PAGES, _MINE = wording.voice(False), wording.voice(True)
_FIRST_PERSON: tuple[tuple[str, str], ...] = (
    ("you were together", "we were together"),
    ("you got back together", "we got back together"),
    ("between you", "between us"),
    ("from you", "from me"),
    ("to you", "to me"),
    ("with you", "with me"),
    ("hurt you", "hurt me"),
    ("you were", "I was"),
    (_PAGES["be"], _MINE["be"]),
    (_PAGES["have"], _MINE["have"]),
    ("yourself", "myself"),
    ("yours", "mine"),
    (_PAGES["possessive"], _MINE["possessive"]),
    (_PAGES["subject"], _MINE["subject"]),
)
_SECOND_PERSON = re.compile(
    r"\b(" + "|".join(re.escape(you) for you, _ in _FIRST_PERSON) + r")\b", re.IGNORECASE
)
_MINE_FOR = {you: mine for you, mine in _FIRST_PERSON}
_QUOTED = re.compile("(“[^”]*”)")


def _mine(match: re.Match[str]) -> str:
    said = match.group(0)
    mine = _MINE_FOR[said.lower()]
    # "I" is always a capital; other words take one where the page's word had it.
    return mine[:1].upper() + mine[1:] if said[:1].isupper() else mine


def first_person(sentence: str) -> str:
    """A page's sentence in the snapshot's voice: 'Your mood averaged 6.1' -> 'My mood
    averaged 6.1', 'no contact from you' -> 'no contact from me'. For the words the charts
    and sections write. What they quote (“a trigger's name”) is the person's own and stays
    as typed, as do notes and topics, which never come here."""
    parts = _QUOTED.split(sentence)
    # split() with a group keeps the quotes at the odd places.
    return "".join(p if i % 2 else _SECOND_PERSON.sub(_mine, p) for i, p in enumerate(parts))


_MARK_WORDS = {
    "Milestone": ("milestone", "milestones"),
    "Therapy session": ("therapy session (dashed)", "therapy sessions (dashed)"),
    "Day with a break": ("day with a break", "days with a break"),
}


def marks_sentence(counts: dict[str, int], left_off: dict[str, int] | None = None) -> str:
    """What the mood chart marks, counted: 'Lines mark 2 milestones and 3 therapy sessions
    (dashed); triangles mark 4 days with a break.' ('' when it marks nothing), then what was
    too many to mark ('Not marked, too many for the chart: 409 therapy sessions.')."""
    lines = [
        wording.plural(counts.get(what, 0), *_MARK_WORDS[what])
        for what in ("Milestone", "Therapy session")
        if counts.get(what, 0)
    ]
    said = f"Lines mark {' and '.join(lines)}" if lines else ""
    breaks = counts.get("Day with a break", 0)
    if breaks:
        triangles = f"triangles mark {wording.plural(breaks, 'day')} with a break"
        said = f"{said}; {triangles}" if said else triangles[:1].upper() + triangles[1:]
    said = f"{said}." if said else ""
    if left_off:
        many = [
            wording.plural(n, *_MARK_WORDS[what]).replace(" (dashed)", "")
            for what, n in left_off.items()
        ]
        said = f"{said} Not marked, too many for the chart: {', '.join(many)}.".strip()
    return said


SITUATION_TITLE = "My situation"


def situation_lines(situation: Situation) -> list[str]:
    """The intent and red flags I chose to share, as lines of words."""
    lines = [f"What I hope for: {situation.intent_text}."]
    if situation.red_flag_texts:
        lines.append("Red flags I recognise in the relationship:")
        lines += [f"• {flag}" for flag in situation.red_flag_texts]
    else:
        lines.append("I ticked none of the red flags on the Guidance page.")
    return lines


def made_on(report: Report) -> str:
    """The line under the title: '1 Mar 2026 – 7 Mar 2026 (7 days) · made on 8 Mar 2026'."""
    return f"{report.period} · made on {wording.day(report.created_at.date())}"


def _words(value: str) -> set[str]:
    return set(re.findall(r"\w+", value.casefold()))


def title_adds(kind: str, title: str) -> bool:
    """Whether a milestone's title says more than its kind: "Therapy" or " the TALK " add
    nothing to "Therapy session" or "The talk" (every word of it is in the kind's names)."""
    words = _words(title)
    names = (MILESTONE_LABELS.get(kind, kind), KIND_LABELS.get(kind, kind), kind.replace("_", " "))
    return bool(words) and not any(words <= _words(name) for name in names)


# Ten years hold hundreds of milestones (mostly therapy sessions); the PDF, HTML and preview
# list the latest ones and count the rest by kind. The JSON export keeps every one.
MILESTONE_LIST_CAP = 60


def listed_milestones(report: Report) -> list[Milestone]:
    """The milestones the PDF, HTML and preview list: the latest MILESTONE_LIST_CAP."""
    return report.milestones[-MILESTONE_LIST_CAP:]


def milestones_left_out(report: Report) -> str:
    """Above the cap, how many there are by kind and that the latest are listed; else ''."""
    n = len(report.milestones)
    if n <= MILESTONE_LIST_CAP:
        return ""
    counts = Counter(ms.kind for ms in report.milestones)
    by_kind = ", ".join(f"{MILESTONE_LABELS.get(k, k)} {c:,}" for k, c in counts.most_common())
    return (
        f"{n:,} milestones in this period ({by_kind}). The latest {MILESTONE_LIST_CAP} are "
        f"listed here; the JSON export holds all {n:,}."
    )


def milestone_text(ms: Milestone) -> str:
    """'3 Mar 2026 — Therapy session: Session three'; the title only when it adds to the kind."""
    label = MILESTONE_LABELS.get(ms.kind, ms.kind)
    title = ms.title.strip()
    return f"{wording.day(ms.on)} — {label}" + (f": {title}" if title_adds(ms.kind, title) else "")


def milestone_note(ms: Milestone) -> str:
    """'Note: …', or '' when the milestone has none (or notes are left out)."""
    return f"Note: {ms.note}" if ms.note else ""


def entry_text(entry: DayEntry) -> str:
    """One line of a key day: '21:00  Mood 2/10 — lonely'."""
    return f"{entry.at:%H:%M}  {entry.what}"


def entry_note(entry: DayEntry) -> str:
    """The entry's note in quotes, or '' when it has none (or it is private and left out)."""
    return f"“{entry.note}”" if entry.note else ""


def more_entries_text(day: KeyDay) -> str:
    """'… and 3 more entries' when a key day had more than are listed, else ''."""
    if not day.more_entries:
        return ""
    return f"… and {wording.plural(day.more_entries, 'more entry', 'more entries')}"


def key_day_lines(day: KeyDay) -> list[str]:
    """A key day's entries as lines of plain text, each note indented under its entry."""
    lines = []
    for entry in day.entries:
        lines.append(entry_text(entry))
        if entry.note:
            lines.append("    " + entry_note(entry))
    if day.more_entries:
        lines.append(more_entries_text(day))
    return lines


def key_days_intro(report: Report) -> str:
    """The sentence above the key days: how they were chosen, and whether notes are in."""
    if not report.key_days:
        return "No mood entries or breaks in this period, so there are no key days to show."
    text = (
        f"The {LOWEST_DAYS} days with the lowest mean mood and the days with a break "
        f"(the latest {BREAK_DAYS} when there were more), with what was logged on them."
    )
    if report.break_days_total > BREAK_DAYS:
        text += f" There were {report.break_days_total} days with a break in all."
    if not report.include_notes:
        text += " Private notes are left out."
    return text


def key_day_title(day: KeyDay) -> str:
    """'Mon 2 Mar 2026 — mean mood 2.5, 1 break (one of the lowest-mood days and a break)'."""
    parts = [wording.day_with_weekday(day.day)]
    facts = []
    if day.mean_mood is not None:
        facts.append(f"mean mood {wording.mood(day.mean_mood)}")
    if day.breaks:
        facts.append(wording.plural(day.breaks, "break"))
    if facts:
        parts.append(", ".join(facts))
    return " — ".join(parts) + f" ({' and '.join(day.reasons)})"


def definitions(
    dsh: int, days: int, include_notes: bool, include_situation: bool = False
) -> list[str]:
    """The short note on how the figures are defined (PRODUCT.md section 4, in plain words)."""
    return [
        f"Days are tracking days: a day runs from {dsh:02d}:00 to {dsh:02d}:00 the next "
        "morning, so a late-night entry counts for the evening before.",
        "Days logged: days with at least one mood entry.",
        "Back-filled: a mood entry, contact or urge saved more than 24 hours after the moment "
        "it describes (milestones are dates, so they are not counted).",
        f"Mean mood: the mean of every mood entry (1–10) in the period, at one decimal; the "
        f"change compares it with the {days} days just before.",
        "No-contact adherence: the share of no-contact days without a break, as a whole "
        "percentage. A break is a contact I started on a no-contact day; contacts my ex started "
        "are not breaks. A day with nothing logged counts as a day without a break, so the "
        "summary says how many of the no-contact days have any entry.",
        "Longest streak: the longest run of consecutive break-free no-contact days in the period.",
        "Urges resisted: urges to reach out that did not become contact, on no-contact days; a "
        "peek is looking at my ex's profile or photos.",
        "Cycle status: apart or together on the period's last day, by the latest breakup or "
        "getting-back-together milestone up to then (also from before the period). The "
        "breakups and reunions counted are those dated in the period; a reunion is getting "
        "back together after an earlier breakup.",
        "I chose to include my private notes."
        if include_notes
        else "My private notes are left out; milestone notes count as private.",
        "I chose to include what I hope for and the red flags I ticked."
        if include_situation
        else "What I hope for and any red flags I ticked are left out.",
    ]
