"""Files read with care: sizes checked before reading, zip members counted while they unpack,
JSON depth bounded, one-line errors.

Declared sizes in a zip are not trusted: `read_member` reads a member as a stream in small
chunks, counting the bytes as they come against the member's limit and, through a `Budget`, the
whole zip's, so a zip bomb or a zip with false sizes is refused without filling memory. A member
whose CRC does not match, whose deflate stream is broken, that is encrypted or packed with a
method Tideline cannot unpack is refused with a sentence; nothing of it is imported.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.validate import ValidationError

_MB = 1024 * 1024
# The biggest file an import reads (a ten-year export is a few MB); checked before reading.
MAX_FILE_BYTES = 200 * _MB
# An export's text is small; a bigger member, or zip, is a wrong file or a zip bomb.
MAX_MEMBER_BYTES = 200 * _MB
MAX_UNPACKED_BYTES = 200 * _MB
# A JSON document is held three times while it is parsed (the file, its text, its values), so
# it gets half that: a 100 MB export holds about 700,000 entries.
MAX_JSON_BYTES = 100 * _MB
# The most entries one import takes (all tables together); a 1M-row Daylio history fits.
MAX_ROWS = 1_000_000
# A tideline/1 entry is one JSON object with at most two lists; far more brackets than that
# (a file of `[{},{},…]`) would fill memory before it is checked.
CONTAINERS_PER_ROW = 4
# Nor far more values: every value after a container's first follows a comma, so commas and
# brackets together bound them before any is made. A Tideline export's entry holds about 11
# (eight fields, two lists); a file of millions of short words (200 MB of them would take
# gigabytes as Python values) is refused before it is parsed.
VALUES_PER_ROW = 8
# A CSV record may span lines (a note with line breaks), but not this many on average; nor
# hold this many cells (a one-line file of millions of commas is millions of cells).
LINES_PER_ROW = 5
CELLS_PER_ROW = 12
# How much of a file's start is enough to read its header by.
HEAD_CHARS = 64 * 1024
_CHUNK = 256 * 1024


class UnreadableFile(ValidationError):
    """A file that cannot be read: one line saying why (nothing is imported)."""


def _size(limit: int) -> str:
    return f"{limit // _MB} MB" if limit >= _MB else f"{limit:,} bytes"


def check_size(size: int, limit: int = MAX_FILE_BYTES, what: str = "files") -> None:
    """UnreadableFile when a file of `size` bytes is over the import limit."""
    if size > limit:
        raise UnreadableFile(
            f"This file is {size / _MB:,.1f} MB; Tideline imports {what} up to {_size(limit)}, "
            "so nothing was read or imported."
        )


def check_together(size: int) -> None:
    """UnreadableFile when the files of one import (a chat in several files) come to more than
    one zip may unpack to: the same bound, however the files come."""
    if size > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            f"These files come to {size / _MB:,.1f} MB; Tideline imports the files of one chat "
            f"up to {_size(MAX_UNPACKED_BYTES)} together, so nothing was read or imported."
        )


def read_path(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, its size checked before reading (and again while reading)."""
    path = Path(path)
    check_size(path.stat().st_size, limit)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    check_size(len(data), limit)
    return data


def check_rows(count: int, per_row: int = 1, what: str = "entries") -> None:
    """UnreadableFile when a file holds more entries (or `per_row` times more `what`: lines,
    brackets) than one import takes. MAX_ROWS is read when called, so a test can lower it."""
    limit = MAX_ROWS * per_row
    if count > limit:
        raise UnreadableFile(
            f"This file holds more than {limit:,} {what}, more than one import of at most "
            f"{MAX_ROWS:,} entries takes; nothing was imported."
        )


def check_text(text: str) -> None:
    """Refuse (one line) CSV text of far more lines or cells than entries one import takes,
    before the csv module splits any of it."""
    check_rows(max(text.count("\n"), text.count("\r")), LINES_PER_ROW, "lines")
    check_rows(text.count(","), CELLS_PER_ROW, "cells")


def load_json(text: str | bytes) -> Any:
    """json.loads, refusing documents with far more brackets than entries (or nested thousands
    deep) with one line; JSONDecodeError is left to the caller, who words it for its format."""
    check_size(len(text), MAX_JSON_BYTES, "JSON files")
    if isinstance(text, str):
        brackets, commas = text.count("{") + text.count("["), text.count(",")
    else:
        brackets, commas = text.count(b"{") + text.count(b"["), text.count(b",")
    check_rows(brackets, CONTAINERS_PER_ROW, "JSON objects and lists")
    check_rows(brackets + commas, VALUES_PER_ROW, "JSON values")
    try:
        return json.loads(text)
    except RecursionError:
        raise UnreadableFile(
            "This JSON file is nested thousands of levels deep, which no export is; "
            "nothing was imported."
        ) from None


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The zip in `data`; UnreadableFile (one line) when it is not a readable zip."""
    check_size(len(data))
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(
            f"This {what} is not a readable zip file (it may be cut short)."
        ) from None


@dataclass
class Budget:
    """What a whole zip may unpack to, counted over its members as they are read."""

    left: int = field(default_factory=lambda: MAX_UNPACKED_BYTES)

    def take(self, name: str, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise UnreadableFile(
                f"The zip unpacks to more than {_size(MAX_UNPACKED_BYTES)} (at {name}); "
                "is it the right file?"
            )


def _too_big(name: str, limit: int) -> UnreadableFile:
    return UnreadableFile(f"{name} unpacks to more than {_size(limit)}; is it the right file?")


def _refusal(info: zipfile.ZipInfo, exc: Exception) -> UnreadableFile:
    name = info.filename
    if info.flag_bits & 0x1:
        return UnreadableFile(f"{name} in the zip is encrypted; Tideline reads only plain zips.")
    if isinstance(exc, NotImplementedError):
        return UnreadableFile(
            f"{name} in the zip is packed with a method Tideline cannot unpack "
            f"(method {info.compress_type}); zip it again with plain deflate."
        )
    if "CRC" in str(exc) or "size" in str(exc):
        return UnreadableFile(
            f"{name} in the zip is damaged (what unpacks does not match its checksum or size), "
            "so nothing of it was imported."
        )
    return UnreadableFile(
        f"{name} in the zip cannot be unpacked (the file is damaged or cut short)."
    )


def read_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limit: int = MAX_MEMBER_BYTES,
    budget: Budget | None = None,
) -> bytes:
    """One member's bytes, read as a stream and counted while they unpack; its checksum and
    its size are checked at its end. A declared size over the limit is refused before
    reading, but a smaller one is not trusted: what unpacks is counted, and must match it."""
    if info.file_size > limit:
        raise _too_big(info.filename, limit)
    if budget is not None and info.file_size > budget.left:
        budget.take(info.filename, info.file_size)
    out = io.BytesIO()
    try:
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                out.write(chunk)
                if budget is not None:
                    budget.take(info.filename, len(chunk))
                if out.tell() > limit:
                    raise _too_big(info.filename, limit)
        if out.tell() != info.file_size:
            raise zipfile.BadZipFile("the unpacked size is not the declared one")
    except UnreadableFile:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as exc:
        raise _refusal(info, exc) from None
    # getvalue() hands over the buffer without copying it.
    return out.getvalue()
