"""The chart renderer: started once (early, in a thread, or on first use), and PNGs rendered
side by side on threads are the very images rendered one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dashboard import vega


def bars(n: int) -> dict[str, Any]:
    values = [{"day": d, "breaks": (d * n) % 5} for d in range(1, 8)]
    return {
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {"field": "day", "type": "ordinal"},
            "y": {"field": "breaks", "type": "quantitative"},
        },
        "width": 200,
        "height": 60 + n,
    }


def test_started_early_the_engine_is_the_one_used() -> None:
    thread = vega.start_early()
    assert vega.start_early() is thread  # started once per process
    first = vega.engine()  # waits for the thread's start if it is still going
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert vega.engine() is first
    assert hasattr(first, "vegalite_to_png")


def test_parallel_pngs_are_the_serial_ones() -> None:
    specs = [bars(n) for n in range(1, 7)]
    serial = [vega.png(spec, 1) for spec in specs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda spec: vega.png(spec, 1), specs))
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in serial)
    assert parallel == serial
    # Six different charts give six different images (the comparison above means something).
    assert len(set(serial)) == 6
