"""The chart renderer: started once per process, and a PNG `scale` pixels per chart pixel."""

from __future__ import annotations

from typing import Any

from dashboard import vega
from dashboard.snapshot.images import png_size


def bars(width: int, height: int) -> dict[str, Any]:
    return {
        "data": {"values": [{"day": d, "breaks": d % 3} for d in range(1, 8)]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "day", "type": "ordinal", "axis": None},
            "y": {"field": "breaks", "type": "quantitative", "axis": None},
        },
        "width": width,
        "height": height,
        "padding": 0,
        "view": {"stroke": None},
    }


def test_the_engine_starts_once() -> None:
    first = vega.engine()
    assert vega.engine() is first
    assert hasattr(first, "vegalite_to_png")


def test_a_png_is_scale_pixels_per_chart_pixel() -> None:
    one, two = vega.png(bars(200, 80), 1), vega.png(bars(200, 80), 2)
    assert one.startswith(b"\x89PNG\r\n\x1a\n") and two.startswith(b"\x89PNG\r\n\x1a\n")
    assert png_size(one) == (200, 80)
    assert png_size(two) == (400, 160)
