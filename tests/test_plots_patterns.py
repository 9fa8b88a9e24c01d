"""The snapshot's native "When the breaks happened" and "Which triggers I resist and which ones
win" (snapshot/plots/patterns) on hand-made frames of the shapes patterns.when gives (the
168-cell grid of patterns.heatmap_grid) and patterns.triggers gives (patterns_triggers.sql)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dashboard import patterns
from dashboard.charts.style import OKABE_ITO
from dashboard.snapshot import text
from dashboard.snapshot.drawing import Drawing, text_width
from dashboard.snapshot.plots import common
from dashboard.snapshot.plots.patterns import MAX_LABEL_WIDTH, heatmap, triggers

NAN = float("nan")
GREY = "#f2f2f2"  # a cell without a break
LIGHTEST, MIDDLE, DARKEST = "#cfe1f2", "#5ba3cf", "#0a4a90"  # Vega's blues at 0, ½ and 1
BLUE, YELLOW, ORANGE = OKABE_ITO["blue"], OKABE_ITO["yellow"], OKABE_ITO["orange"]
HOUR = re.compile(r"^\d\d:00$")


def ops(d: Drawing, kind: str) -> list[tuple]:
    return [op for op in d.ops if op[0] == kind]


def texts(d: Drawing) -> list[str]:
    return [op[3] for op in ops(d, "text")]


def assert_well_formed(d: Drawing) -> None:
    """Full width, an SVG that parses, and a height below everything drawn."""
    assert d.width == common.WIDTH
    ET.fromstring(d.svg())
    lowest = 0.0
    for op in d.ops:
        if op[0] == "rect":
            lowest = max(lowest, op[2] + op[4])
        elif op[0] == "text" and not op[8]:
            lowest = max(lowest, op[2])
    assert 0 < lowest <= d.height


# -- heatmap ---------------------------------------------------------------------------------
def grid(cells: list[tuple[int, int, float]], day_start_hour: int = 4) -> pd.DataFrame:
    """The section's 168-cell grid from (ISO weekday, clock hour, breaks) cells."""
    frame = pd.DataFrame(cells, columns=["weekday", "hour", "breaks"])
    return patterns.heatmap_grid(frame.astype({"breaks": int}), day_start_hour)


def plot(d: Drawing) -> tuple[float, float, float, float]:
    """(left, top, cell width, row height) of the heatmap, read off its grey background."""
    (background,) = [op for op in ops(d, "rect") if op[5] == GREY]
    _, x, y, w, h = background[:5]
    return x, y, w / 24, h / 7


def cells(d: Drawing) -> dict[tuple[int, int], str]:
    """The coloured cells as (row, column) -> colour, rows from Monday, columns from the
    day-start hour."""
    left, top, cw, rh = plot(d)
    out = {}
    for op in ops(d, "rect"):
        _, x, y, w, h, fill = op[:6]
        if fill and fill != GREY and w == pytest.approx(cw) and h == pytest.approx(rh):
            out[(round((y - top) / rh), round((x - left) / cw))] = fill
    return out


def outlines(d: Drawing) -> set[tuple[int, int]]:
    left, top, cw, rh = plot(d)
    return {
        (round((op[2] - top) / rh), round((op[1] - left) / cw))
        for op in ops(d, "rect")
        if op[6] == OKABE_ITO["black"] and op[5] is None and op[7] == 1.5
    }


def test_heatmap_colours_a_cell_by_its_breaks_and_leaves_empty_ones_grey() -> None:
    # Friday 22:00 with 10 breaks, Saturday 23:00 with 5, Monday 04:00 with 1: the scale runs
    # from 0 (the empty cells) to 10, so 10 is the darkest blue, 5 the middle one and 1 a
    # tenth of the way (the scheme's second stop); 165 cells stay grey.
    d = heatmap(grid([(5, 22, 10), (6, 23, 5), (1, 4, 1)]), None, True)
    # With the day starting at 04:00, 22:00 is column 18 and 23:00 column 19.
    assert cells(d) == {(4, 18): DARKEST, (5, 19): MIDDLE, (0, 0): "#bed8ec"}


def test_heatmap_rows_run_from_monday_and_columns_from_the_day_start_hour() -> None:
    d = heatmap(grid([(7, 3, 2)], day_start_hour=4), None, False)
    days = [t for t in texts(d) if t in patterns.WEEKDAYS]
    assert days == list(patterns.WEEKDAYS)
    hours = sorted((op[1], op[3]) for op in ops(d, "text") if HOUR.match(op[3]))
    assert [h for _, h in hours] == [f"{(4 + i) % 24:02d}:00" for i in range(24)]
    # 03:00 closes the tracking day: Sunday's last column. One break is the whole scale.
    assert cells(d) == {(6, 23): DARKEST}
    midnight = heatmap(grid([(7, 3, 2)], day_start_hour=0), None, False)
    assert [
        h for _, h in sorted((op[1], op[3]) for op in ops(midnight, "text") if HOUR.match(op[3]))
    ][0] == "00:00"
    assert cells(midnight) == {(6, 3): DARKEST}


def test_heatmap_outlines_the_window_cells_and_says_so() -> None:
    # Friday and Saturday, 23:00 for two hours: across midnight, columns 19 and 20.
    window = patterns.RiskWindow((5, 6), 23, 2, breaks=8, total=10)
    d = heatmap(grid([(5, 23, 4), (6, 0, 4), (2, 12, 2)]), window, True)
    assert outlines(d) == {(4, 19), (4, 20), (5, 19), (5, 20)}
    assert "The outlined cells are your riskiest window." in texts(d)
    assert "outlined cells mark your riskiest window" in d.description


def test_heatmap_without_a_window_has_no_outline_and_no_subtitle() -> None:
    d = heatmap(grid([(5, 23, 4), (6, 0, 3)]), None, False)
    assert not outlines(d)
    assert not any("outlined" in t for t in texts(d))
    assert "outlined" not in d.description


def test_heatmap_words_in_first_person_but_not_its_axes() -> None:
    window = patterns.RiskWindow((5,), 22, 1, breaks=3, total=3)
    d = heatmap(grid([(5, 22, 3)]), window, False, say=text.first_person)
    words = texts(d)
    assert words[:2] == ["When the breaks happened", "The outlined cells are my riskiest window."]
    assert d.description.startswith("Heatmap of my breaks")
    assert "Hour of the night or day" in words
    assert "Day (nights count for the day before)" in words
    loud = heatmap(grid([(5, 22, 3)]), window, False, say=str.upper)
    assert texts(loud)[:2] == [
        "WHEN THE BREAKS HAPPENED",
        "THE OUTLINED CELLS ARE YOUR RISKIEST WINDOW.",
    ]
    assert "Breaks" in texts(loud) and "Monday" in texts(loud)


def legend_values(d: Drawing) -> list[str]:
    """The numbers beneath the gradient (below the heading "Breaks")."""
    (heading,) = [op for op in ops(d, "text") if op[3] == "Breaks"]
    return [op[3] for op in ops(d, "text") if op[2] > heading[2] and op[3].isdigit()]


def test_heatmap_legend_counts_in_whole_breaks() -> None:
    # 0 to 10 in steps of 2 (Vega's legend: about four steps of 1, 2 or 5 × a power of ten).
    assert legend_values(heatmap(grid([(1, 9, 10)]), None, True)) == ["0", "2", "4", "6", "8", "10"]
    # One break: 0 and 1, never a half.
    one = heatmap(grid([(1, 9, 1)]), None, False)
    assert legend_values(one) == ["0", "1"]
    assert not any("." in t for t in texts(one))
    # The gradient runs from the scheme's lightest to its darkest blue.
    bar = [op[5] for op in ops(one, "rect") if op[3] < 6]
    assert len(bar) == 40 and bar[0] != bar[-1]
    assert bar[0] == common.gradient([LIGHTEST, "#bed8ec"], 0.5 / 40 * 10)


def test_heatmap_draws_missing_counts_as_none() -> None:
    g = grid([(3, 20, 2), (3, 21, 4)])
    g.loc[(g["weekday"] == 3) & (g["hour"] == 20), "breaks"] = NAN
    d = heatmap(g, None, False)
    assert cells(d) == {(2, 17): DARKEST}
    assert_well_formed(d)


def test_heatmap_is_well_formed() -> None:
    window = patterns.RiskWindow((5, 6), 22, 2, breaks=8, total=10)
    assert_well_formed(heatmap(grid([(5, 22, 4), (6, 23, 4), (2, 12, 2)]), window, True))


def test_heatmap_of_an_empty_grid_draws_its_title() -> None:
    d = heatmap(grid([]).iloc[:0], None, False)
    assert texts(d)[0] == "When the breaks happened"
    ET.fromstring(d.svg())


# -- triggers --------------------------------------------------------------------------------
def table(rows: list[tuple[str, float, float, float]]) -> pd.DataFrame:
    """patterns_triggers rows: trigger, breaks, resisted, peeked."""
    return pd.DataFrame(rows, columns=["trigger", "breaks", "resisted", "peeked"])


def bars(d: Drawing) -> list[tuple[float, float, float, str]]:
    """(x, y, width, colour) of the bars (the legend's squares are 9 wide and tall)."""
    return [
        (op[1], op[2], op[3], op[5])
        for op in ops(d, "rect")
        if op[5] in (BLUE, YELLOW, ORANGE) and op[4] != 9
    ]


def x_span(d: Drawing) -> tuple[float, float]:
    """(left, right) of the count axis: its horizontal line."""
    (axis,) = [op for op in ops(d, "line") if op[2] == op[4] and op[3] - op[1] > 100]
    return axis[1], axis[3]


def label_y(d: Drawing, value: str) -> float:
    (op,) = [op for op in ops(d, "text") if op[3] == value]
    return op[2]


def test_triggers_draw_a_bar_per_outcome_as_long_as_its_count() -> None:
    d = triggers(table([("loneliness", 2, 6, 0), ("song", 0, 3, 1)]))
    left, right = x_span(d)
    # The axis runs 0 to 6: six resisted fill it, two breaks a third, three resisted a half.
    drawn = sorted(bars(d), key=lambda b: b[1])
    assert [colour for *_, colour in drawn] == [BLUE, ORANGE, BLUE, YELLOW]
    assert all(x == pytest.approx(left) for x, *_ in drawn)
    widths = [w for _, _, w, _ in drawn]
    assert widths == pytest.approx(
        [right - left, (right - left) / 3, (right - left) / 2, (right - left) / 6]
    )


def test_triggers_keep_a_lane_for_an_outcome_a_trigger_lacks() -> None:
    # Peeks happened (for song), so loneliness keeps an empty peek lane between its bars.
    d = triggers(table([("loneliness", 2, 6, 0), ("song", 0, 3, 1)]))
    blue, orange = sorted((y for _, y, _, c in bars(d) if c != YELLOW))[:2]
    song_blue = max(y for _, y, _, c in bars(d) if c == BLUE)
    song_yellow = next(y for _, y, _, c in bars(d) if c == YELLOW)
    lane = song_yellow - song_blue
    assert lane > 0
    assert orange - blue == pytest.approx(2 * lane)
    # No peek anywhere: two lanes, the break right under the resisted urge.
    two = triggers(table([("loneliness", 2, 6, 0), ("song", 0, 3, 0)]))
    ys = sorted(y for _, y, _, c in bars(two))
    assert ys[1] - ys[0] == pytest.approx(lane)


def test_triggers_most_frequent_first_and_top_eight_only() -> None:
    rows = [(f"t{i}", 0, i, 0) for i in range(1, 11)]
    d = triggers(table(rows))
    names = [t for t in texts(d) if re.fullmatch(r"t\d+", t)]
    assert sorted(names, key=lambda n: label_y(d, n)) == [f"t{i}" for i in range(10, 2, -1)]
    assert len(bars(d)) == 8


def test_triggers_axes_legend_and_words() -> None:
    d = triggers(table([("old photos", 0, 3, 0), ("lonely", 1, 0, 0)]), say=text.first_person)
    words = texts(d)
    assert words[0] == "Which triggers I resist and which ones win"
    assert d.description.startswith("Bar chart of my triggers")
    assert {"Times", "Trigger", "What happened"} <= set(words)
    # All three outcomes are named, though no urge here ended in a peek.
    assert words[-3:] == ["resisted", "peeked", "reached out"]
    squares = [op[5] for op in ops(d, "rect") if op[3] == op[4] == 9]
    assert squares == [BLUE, YELLOW, ORANGE]
    # Counts 0 to 3, whole numbers only.
    assert [t for t in words if t.isdigit()] == ["0", "1", "2", "3"]
    loud = triggers(table([("lonely", 1, 0, 0)]), say=str.upper)
    assert texts(loud)[0] == "WHICH TRIGGERS YOU RESIST AND WHICH ONES WIN"
    assert loud.description.startswith("BAR CHART OF YOUR")
    assert "lonely" in texts(loud) and "Times" in texts(loud)


def test_triggers_count_labels_do_not_crowd() -> None:
    d = triggers(table([("lonely", 1234, 3000, 0)]))
    ticks = sorted((op[1], op[3]) for op in ops(d, "text") if re.fullmatch(r"[\d,]+", op[3]))
    assert ticks[0][1] == "0" and ticks[-1][1] == "3,000"
    for (x1, a), (x2, b) in zip(ticks, ticks[1:], strict=False):
        assert x2 - x1 > (text_width(a, 11) + text_width(b, 11)) / 2


def test_triggers_cut_a_long_name() -> None:
    long = "when I walk past the café where we had our first date on a rainy evening"
    d = triggers(
        table([(long, 1, 2, 0), ("😢 lonely 😢", 0, 1, 0), ("深夜に昔の写真を見たとき", 0, 1, 1)])
    )
    (cut,) = [t for t in texts(d) if t.startswith("when I walk")]
    assert cut.endswith("…") and len(cut) < len(long)
    assert text_width(cut, common.LABEL_SIZE) <= MAX_LABEL_WIDTH
    assert "😢 lonely 😢" in texts(d)
    left, _ = x_span(d)
    assert left < common.WIDTH / 2
    assert_well_formed(d)


def test_triggers_with_missing_counts_and_an_empty_table() -> None:
    d = triggers(table([("song", NAN, 2, NAN)]))
    assert [c for *_, c in bars(d)] == [BLUE]
    assert_well_formed(d)
    empty = triggers(table([]))
    assert not bars(empty)
    assert texts(empty)[0] == "Which triggers you resist and which ones win"
    ET.fromstring(empty.svg())


def test_triggers_is_well_formed() -> None:
    assert_well_formed(triggers(table([("loneliness", 21, 57, 17), ("song", 8, 28, 9)])))
