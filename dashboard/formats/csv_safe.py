"""CSV cells that a spreadsheet reads as text, never as a formula (OWASP, "CSV Injection").

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula
by Excel, LibreOffice or Google Sheets when the file is opened. `to_cell` puts a single quote
before such a text (a spreadsheet shows the text without it); a plain number such as `-3` or
`+1.5` is left as it is. `from_cell` takes the quote away again on import, so a note comes back
exactly as it was written. A text that itself starts with quotes before such a character gets
one quote more, so `from_cell(to_cell(text)) == text` for every text.

Pure functions on strings.
"""

from __future__ import annotations

import re

# The first characters OWASP lists as starting a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _needs_quote(text: str) -> bool:
    bare = text.lstrip(QUOTE)
    return bare.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(bare)


def to_cell(text: str) -> str:
    """The text as a CSV cell: a quote before it when a spreadsheet would run it."""
    return QUOTE + text if _needs_quote(text) else text


def from_cell(cell: str) -> str:
    """A cell of a Tideline CSV back to its text: the quote `to_cell` added is taken away."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell
