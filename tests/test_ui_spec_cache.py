"""The chart-spec cache in dashboard.ui.charts: keyed by the data, kept across writes, bounded;
a chart of the same shape fed new rows instead of built again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest

from dashboard.charts.style import FED, Parts, fed
from dashboard.ui import charts, writes
from tests.test_chart_descriptions import CASES, MODULE_BY_NAME

CASE_PARAMS = [
    pytest.param(name, make, id=f"{name}-{i}")
    for name, makers in CASES.items()
    for i, make in enumerate(makers)
]

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
        charts._shapes.clear()
        charts._arrow.clear()
    yield
    with charts._specs_lock:
        charts._specs.clear()
        charts._shapes.clear()
        charts._arrow.clear()


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


# -- fed new data (issue 14 point 3) ---------------------------------------------------------
def fed_parts(df: pd.DataFrame, title: str) -> Parts:
    return Parts((df,), (title,))


def fed_draw(parts: Parts) -> alt.Chart:
    """A small chart of one frame that records each time Altair builds it."""
    (df,), (title,) = parts.frames, parts.shape
    BUILDS.append(len(df))
    return alt.Chart(df, title=title).mark_point().encode(x="day:T", y="mood:Q")


def fed_chart(df: pd.DataFrame, title: str) -> alt.Chart:
    return fed_draw(fed_parts(df, title))


def two_parts(a: pd.DataFrame, b: pd.DataFrame) -> Parts:
    return Parts((a, b))


def two_draw(parts: Parts) -> alt.LayerChart:
    """Two layers with a frame each: Altair writes equal frames as one dataset."""
    a, b = parts.frames
    BUILDS.append(len(a) + len(b))
    return alt.layer(
        alt.Chart(a).mark_point().encode(x="day:T", y="mood:Q"),
        alt.Chart(b).mark_line().encode(x="day:T", y="mood:Q"),
    )


def two_chart(a: pd.DataFrame, b: pd.DataFrame) -> alt.LayerChart:
    return two_draw(two_parts(a, b))


fed(fed_chart, fed_parts, fed_draw)
fed(two_chart, two_parts, two_draw)


def fed_spec(df: pd.DataFrame, title: str = "Mood") -> dict[str, Any]:
    return charts._spec(__name__, "fed_chart", (df, title))


def test_new_data_of_the_same_shape_is_fed_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    real_init = alt.Chart.__init__

    def counted_init(self: alt.Chart, *args: Any, **kwargs: Any) -> None:
        made.append(1)
        real_init(self, *args, **kwargs)

    fed_spec(frame(3, 5, 7))
    monkeypatch.setattr(alt.Chart, "__init__", counted_init)
    spec = fed_spec(frame(4, 6, 8, 9))
    monkeypatch.setattr(alt.Chart, "__init__", real_init)
    # Neither the builder nor any Altair chart ran for the new rows.
    assert BUILDS == [3] and made == []
    assert spec == fed_chart(frame(4, 6, 8, 9), "Mood").to_dict(validate=False)
    values = next(iter(spec["datasets"].values()))
    assert [row["mood"] for row in values] == [4, 6, 8, 9]
    assert values[0]["day"] == "2026-01-01"


def test_a_change_of_shape_builds_again() -> None:
    fed_spec(frame(3, 5, 7))
    fed_spec(frame(3, 5, 7), title="Another title")  # a value the spec takes from the parts
    fed_spec(frame(3, 5, 7).astype({"mood": "float64"}))  # a column of another type
    fed_spec(frame(3, 5, 7).rename(columns={"mood": "score"}))  # another column
    fed_spec(frame(1, 2, 3, 4, 5))  # only the rows changed: fed
    fed_spec(frame(1.5, 2.5).astype({"mood": "float64"}))  # fed too, from the float one
    assert BUILDS == [3, 3, 3, 3]


def test_which_frames_are_equal_is_part_of_the_shape() -> None:
    same = charts._spec(__name__, "two_chart", (frame(1, 2), frame(1, 2)))
    assert len(same["datasets"]) == 1
    apart = charts._spec(__name__, "two_chart", (frame(1, 2), frame(3, 4, 5)))
    assert BUILDS == [4, 5]
    assert len(apart["datasets"]) == 2
    again = charts._spec(__name__, "two_chart", (frame(6, 7), frame(8)))
    assert BUILDS == [4, 5]
    assert again == two_chart(frame(6, 7), frame(8)).to_dict(validate=False)


def every_kind() -> pd.DataFrame:
    """A column of each kind Altair writes in its own way, with a missing value in each."""
    return pd.DataFrame(
        {
            "n": [1, 2, 3],
            "x": [0.5, float("nan"), float("inf")],
            "flag": [True, False, True],
            "word": pd.Series(["a", None, "c"], dtype="str"),
            "thing": pd.Series([["walk"], None, np.array([1, 2])], dtype=object),
            "on": [dt.date(2026, 1, 1), None, dt.date(2026, 1, 3)],
            "level": pd.Categorical(["low", None, "high"]),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "ratio": pd.array([0.25, None, 1.0], dtype="Float64"),
            "day": pd.to_datetime(["2026-01-01 00:00:00", None, "2026-01-03 04:05:06"]),
            "moment": pd.to_datetime(["2026-01-01 00:00:00.250", None, "2026-01-02 00:00:00.000"]),
            "utc": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 11:30", None], utc=True),
            "big": np.array([1, 2, 3], dtype="uint8"),
            "small": np.array([0.5, 1.5, -0.0], dtype="float32"),
        }
    )


def test_rows_are_written_as_altair_writes_them() -> None:
    df = every_kind()
    altair = alt.Chart(df).mark_point().to_dict(validate=False)["datasets"]
    rows = charts._records(df)
    assert altair == {charts._dataset_name(rows): rows}
    assert rows[1]["x"] is None and rows[2]["x"] is None  # NaN and infinity
    assert rows[0]["moment"] == "2026-01-01T00:00:00.250000"
    assert rows[1]["day"] == "" and rows[2]["day"] == "2026-01-03T04:05:06"
    assert rows[0]["utc"] == "2026-01-01T10:00:00+00:00"
    assert rows[1]["level"] is None and rows[1]["count"] is None and rows[2]["thing"] == [1, 2]
    empty = df.iloc[0:0]
    assert alt.Chart(empty).mark_point().to_dict(validate=False)["datasets"] == {
        charts._dataset_name([]): []
    }


def test_a_frame_altair_would_refuse_is_left_to_altair() -> None:
    late = pd.DataFrame({"day": ["2026-01-01"], "mood": [pd.Timedelta(hours=1)]})
    with pytest.raises(charts._Unswappable):
        charts._records(late)
    fed_spec(frame(3, 5))
    with pytest.raises(ValueError, match="timedelta"):
        fed_spec(late)  # Altair's own refusal, as before
    with pytest.raises(alt.MaxRowsError):
        fed_spec(frame(*range(5001)))


def shifted(value: Any) -> Any:
    """The same arguments with every float in their frames moved up a quarter."""
    if not isinstance(value, pd.DataFrame):
        return value
    moved = value.copy()
    for column in moved.columns:
        if moved[column].dtype.kind == "f":
            moved[column] = moved[column] + 0.25
    return moved


@pytest.mark.parametrize("name, make", CASE_PARAMS)
def test_every_builder_fed_new_rows_gives_altairs_spec(name: str, make: Any) -> None:
    """Each chart builder in each of its shapes (test_chart_descriptions' cases), fed frames of
    the same shape with other values, gives the spec Altair builds for them."""
    module, function = name.split(".")
    build = getattr(MODULE_BY_NAME[module], function)
    assert (build.__module__, function) in FED
    first = make()
    charts._spec(build.__module__, function, first)
    moved = tuple(shifted(a) for a in first)
    fresh = build(*moved).to_dict(validate=False)
    drawn = FED[(build.__module__, function)][1]
    calls: list[Parts] = []

    def counted(parts: Parts) -> Any:
        calls.append(parts)
        return drawn(parts)

    FED[(build.__module__, function)] = (FED[(build.__module__, function)][0], counted)
    try:
        spec = charts._spec(build.__module__, function, moved)
    finally:
        FED[(build.__module__, function)] = (FED[(build.__module__, function)][0], drawn)
    assert spec == fresh
    if spec != build(*first).to_dict(validate=False):
        assert calls == [], "new rows of the same shape were built again"


def test_a_builders_options_are_part_of_its_shape() -> None:
    """The heatmap without its shares, or without its window, is built again, and right."""
    from dashboard.charts import patterns as pattern_charts
    from tests.test_chart_descriptions import heat

    grid, window = heat()
    module = pattern_charts.__name__
    seen = []
    for args in ((grid, window, True), (grid, window, False), (grid, None, True)):
        spec = charts._spec(module, "heatmap_chart", args)
        assert spec == pattern_charts.heatmap_chart(*args).to_dict(validate=False)
        seen.append(spec)
    assert len(charts._shapes) == 3  # one shape each
    tooltips = [len(s["layer"][0]["encoding"]["tooltip"]) for s in seen]
    assert tooltips == [4, 3, 4]
    assert [s["title"].get("subtitle") is not None for s in seen] == [True, True, False]


def test_show_lays_the_chart_out_as_its_section_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.sections import Section

    widths: list[str] = []
    monkeypatch.setattr(charts.st, "vega_lite_chart", lambda spec, width: widths.append(width))
    monkeypatch.setattr(charts.st, "caption", lambda *a, **k: None)
    for width in ("content", "stretch"):
        section = Section(key="k", chart=counted_chart, args=(frame(5, 6), "t"), width=width)
        charts.show(section)
    assert widths == ["content", "stretch"]


def _drawn_chart(both: bool) -> None:
    """An AppTest script: the chart through charts.draw, and (when `both`) the same spec handed
    to Streamlit with its rows, as before datasets were sent as Arrow bytes."""
    import pandas as pd
    import streamlit as st

    from dashboard.ui import charts as ui_charts
    from tests.test_ui_spec_cache import counted_chart

    df = pd.DataFrame({"day": ["2026-01-01", "2026-01-02", "2026-01-03"], "mood": [3, 5, 7.5]})
    ui_charts.draw(counted_chart, df, "Mood")
    if both:
        st.vega_lite_chart(counted_chart(df, "Mood").to_dict(validate=False))


def test_datasets_go_out_as_the_arrow_streamlit_makes_of_the_rows_and_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_drawn_chart, args=(True,)).run()
    ours, theirs = at.get("vega_lite_chart")
    assert ours.proto.spec == theirs.proto.spec
    assert [(d.name, d.data.data) for d in ours.proto.datasets] == [
        (d.name, d.data.data) for d in theirs.proto.datasets
    ]
    assert len(ours.proto.datasets) == 1 and ours.proto.datasets[0].data.data

    made: list[Any] = []
    real = charts.dataframe_util.convert_anything_to_arrow_bytes

    def counting(data: Any, *args: Any, **kwargs: Any) -> bytes:
        made.append(data)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(charts.dataframe_util, "convert_anything_to_arrow_bytes", counting)
    again = AppTest.from_function(_drawn_chart, args=(False,)).run()
    # The same rows drawn again (another run, another session): their bytes are kept.
    assert made == []
    assert again.get("vega_lite_chart")[0].proto.datasets[0].data.data == (
        ours.proto.datasets[0].data.data
    )
