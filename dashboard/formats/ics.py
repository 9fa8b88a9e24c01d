"""A daily check-in reminder as an iCalendar (`.ics`) file any calendar app opens."""

from __future__ import annotations

import datetime as dt
import uuid


def _ics_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets (RFC 5545 section 3.1)."""
    out: list[str] = []
    current = ""
    limit = 75
    for ch in line:
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = " " + ch
            limit = 75  # the leading space counts toward the 75 octets of a continuation
        else:
            current += ch
    out.append(current)
    return out


def reminder_ics(
    time: dt.time,
    start: dt.date,
    *,
    summary: str = "Tideline check-in",
    description: str = (
        "A minute for yourself: how is your mood today, and did an urge come up? "
        "Whatever today was, logging it helps you see how far you have come."
    ),
    now: dt.datetime | None = None,
) -> str:
    """A calendar file with a daily check-in reminder at `time` from `start`, with an alarm.

    The time is floating (local wherever the calendar is), so it stays at the chosen hour when
    the clocks change; nothing needs a server.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    begin = dt.datetime.combine(start, time.replace(second=0, microsecond=0, tzinfo=None))
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"tideline-check-in/{begin.isoformat()}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tideline//Check-in reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@tideline.invalid",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{begin:%Y%m%dT%H%M%S}",
        "DURATION:PT5M",
        "RRULE:FREQ=DAILY",
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(description)}",
        # A reminder, not a meeting: it does not make the person look busy.
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_text(summary)}",
        "TRIGGER:PT0M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))
