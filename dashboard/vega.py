"""vl-convert, the offline chart renderer, started once per process (and ahead of time).

Its first conversion starts a JavaScript engine: about half a second, during which the GIL is
free. `start_early()` begins that in a thread so it overlaps a command's imports and queries;
`engine()` waits for it. This module imports nothing heavy, so the command line can call it
before it loads the snapshot's modules.
"""

from __future__ import annotations

import threading
from typing import Any

from dashboard import DATA_DIR

FONTS_DIR = DATA_DIR / "fonts"
_lock = threading.Lock()
_engine: Any = None


def engine() -> Any:
    """The vl_convert module with the bundled fonts registered and its engine running."""
    global _engine
    with _lock:
        if _engine is None:
            import vl_convert as vlc

            # Charts use the bundled font, so they look the same on a machine without fonts.
            vlc.register_font_directory(str(FONTS_DIR))
            vlc.vegalite_to_png({"mark": "point", "data": {"values": [{"x": 1}]}}, scale=1)
            _engine = vlc
        return _engine


def start_early() -> threading.Thread:
    """Start the engine in a background thread; `engine()` then waits for it to be ready."""
    thread = threading.Thread(target=engine, name="vl-convert start", daemon=True)
    thread.start()
    return thread


def png(spec: dict[str, Any], scale: float) -> bytes:
    """A Vega-Lite spec as a PNG. Safe from several threads at once (they render in parallel)."""
    return bytes(engine().vegalite_to_png(spec, scale=scale))
