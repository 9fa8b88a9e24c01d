"""The chart-spec cache in dashboard.ui.charts: keyed by the data, kept across writes, bounded."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import pytest

from dashboard.ui import charts, writes

BUILDS: list[int] = []


def counted_chart(df: pd.DataFrame, title: str) -> alt.Chart:
    """A small chart that records each time it is built."""
    BUILDS.append(len(df))
    return alt.Chart(df, title=title).mark_point().encode(x="day:T", y="mood:Q")


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    BUILDS.clear()
    with charts._specs_lock:
        charts._specs.clear()
    yield
    with charts._specs_lock:
        charts._specs.clear()


def frame(*moods: float) -> pd.DataFrame:
    days = pd.date_range("2026-01-01", periods=len(moods)).strftime("%Y-%m-%d")
    return pd.DataFrame({"day": days, "mood": list(moods)})


def spec(df: pd.DataFrame, title: str = "Mood") -> dict[str, Any]:
    return charts._spec(__name__, "counted_chart", (df, title))


def test_same_data_is_built_once_even_after_a_write() -> None:
    first = spec(frame(3, 5, 7))
    writes.after_write()
    # An equal frame built afresh (as a query after a write returns it) finds the spec.
    again = spec(frame(3, 5, 7))
    assert BUILDS == [3]
    assert again == first


def test_changed_data_or_arguments_build_again() -> None:
    spec(frame(3, 5, 7))
    changed = spec(frame(3, 5, 8))
    spec(frame(3, 5, 7), title="Another title")
    spec(frame(3, 5, 7, 2))
    # A column of a different type with the same printed values is different data too.
    spec(frame(3, 5, 7).astype({"mood": "float64"}))
    assert BUILDS == [3, 3, 3, 4, 3]
    values = next(iter(changed["datasets"].values()))
    assert [row["mood"] for row in values] == [3, 5, 8]


def test_what_the_caller_does_to_a_spec_leaves_the_cache_whole() -> None:
    first = spec(frame(1, 2))
    first.pop("datasets")
    first["autosize"] = "pad"
    again = spec(frame(1, 2))
    assert "datasets" in again and "autosize" not in again
    assert BUILDS == [2]


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "SPEC_CACHE_SIZE", 3)
    for n in range(1, 6):
        spec(frame(*range(n)))
    assert len(charts._specs) == 3
    # The oldest were dropped and are built again; the newest are still there.
    spec(frame(*range(5)))
    spec(frame(0))
    assert BUILDS == [1, 2, 3, 4, 5, 1]


def test_frames_with_list_cells_are_told_apart() -> None:
    a = pd.DataFrame({"day": ["2026-01-01"], "mood": [5], "tags": [["walk"]]})
    b = pd.DataFrame({"day": ["2026-01-01"], "mood": [5], "tags": [["run"]]})
    spec(a)
    spec(b)
    spec(a.copy())
    assert BUILDS == [1, 1]
