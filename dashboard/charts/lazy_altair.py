"""Altair, imported on first use: the chart modules (their captions and frames) load without it.

A snapshot draws its charts itself (dashboard/snapshot/drawing.py) and the command line draws
none, so neither pays Altair's import (about 0.4 s of a fresh process). The pages' first chart
imports it.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _altair() -> Any:
    import altair
    from altair.utils.schemapi import disable_debug_mode

    # Altair's "debug mode" validates every schema object as it is constructed, a few ms per
    # chart on every draw after a write. Each finished spec is still validated where it
    # matters: the chart tests call to_dict(), which validates the whole spec.
    disable_debug_mode()
    return altair


class _LazyAltair:
    """Stands for the altair module; each name is looked up once, then kept."""

    def __getattr__(self, name: str) -> Any:
        value = getattr(_altair(), name)
        setattr(self, name, value)
        return value


alt: Any = _LazyAltair()
