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


_starting: threading.Thread | None = None
# Its own lock: `engine()` holds `_lock` for the whole start.
_starting_lock = threading.Lock()


def start_early() -> threading.Thread:
    """Start the engine in a background thread (once); `engine()` then waits for it.

    Only a snapshot starts it: the engine holds about 70 MB, which a server that never makes a
    snapshot should not carry."""
    global _starting
    with _starting_lock:
        if _starting is None:
            _starting = threading.Thread(target=engine, name="vl-convert start", daemon=True)
            _starting.start()
        return _starting


def png(spec: dict[str, Any], scale: float) -> bytes:
    """A Vega-Lite spec as a PNG. Safe from several threads at once (they render in parallel)."""
    return bytes(engine().vegalite_to_png(spec, scale=scale))
