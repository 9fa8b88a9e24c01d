"""vl-convert, the offline chart renderer, started once per process on first use.

Only a snapshot starts it: its JavaScript engine holds about 70 MB, which a server that never
makes a snapshot should not carry. Its conversions hold the GIL (measured: a thread beside a
render gets 2% of its usual time), so rendering on threads gains nothing.
"""

from __future__ import annotations

import threading
from typing import Any

from dashboard import DATA_DIR

FONTS_DIR = DATA_DIR / "fonts"
_lock = threading.Lock()
_engine: Any = None


def engine() -> Any:
    """The vl_convert module with the bundled fonts registered (once per process)."""
    global _engine
    with _lock:
        if _engine is None:
            import vl_convert as vlc

            # Charts use the bundled font, so they look the same on a machine without fonts.
            vlc.register_font_directory(str(FONTS_DIR))
            _engine = vlc
        return _engine


def png(spec: dict[str, Any], scale: float) -> bytes:
    """A Vega-Lite spec as a PNG, `scale` pixels per chart pixel."""
    return bytes(engine().vegalite_to_png(spec, scale=scale))
