"""What the chat tests build their files with: epoch times and zips, written in code."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import zipfile


def ms(*parts: int) -> int:
    """Epoch milliseconds of a UTC time (the files' times; read with the zone UTC)."""
    return calendar.timegm(dt.datetime(*parts).timetuple()) * 1000


def zip_of(members: dict[str, bytes]) -> bytes:
    """A deflated zip holding each named member."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()
