"""Zip files read with care: members counted while they unpack, one-line errors.

Declared sizes in a zip are not trusted: `read_member` counts the bytes as they come and stops
at a limit, so a zip bomb or a wrong file is refused without filling memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from dashboard.validate import ValidationError

# An export's text is small; a bigger member is a wrong file or a zip bomb.
_MB = 1024 * 1024
MAX_MEMBER_BYTES = 256 * _MB
_CHUNK = _MB


class UnreadableFile(ValidationError):
    """A file that cannot be read: one line saying why (nothing is imported)."""


def _size(limit: int) -> str:
    return f"{limit // _MB} MB" if limit >= _MB else f"{limit:,} bytes"


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The zip in `data`; UnreadableFile (one line) when it is not a readable zip."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(
            f"This {what} is not a readable zip file (it may be cut short)."
        ) from None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """One member's bytes, counted while they unpack (declared sizes are not trusted)."""
    out = bytearray()
    try:
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise UnreadableFile(
                        f"{info.filename} unpacks to more than {_size(limit)}; "
                        "is it the right file?"
                    )
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        raise UnreadableFile(
            f"{info.filename} in the zip cannot be unpacked (the file is damaged or cut short)."
        ) from None
    return bytes(out)
