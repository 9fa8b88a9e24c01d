"""What the Patterns charts (charts/patterns.py) share with their snapshot drawings
(snapshot/plots/patterns.py): the words, the outcome colours and which cells of the heatmap
the risk window outlines. No Altair."""

from __future__ import annotations

import pandas as pd

from dashboard import patterns
from dashboard.charts.style import DAY_STATES

# The calendar's colours, so "resisted" and "broke" look the same on every page.
OUTCOME_COLOURS = {
    "resisted": DAY_STATES["urge resisted"],
    "peeked": DAY_STATES["peek"],
    "broke": DAY_STATES["break"],
}
OUTCOME_LABELS = {"resisted": "resisted", "peeked": "peeked", "broke": "reached out"}

# -- weekday × hour heatmap ----------------------------------------------------------------------
EMPTY_CELL = "#f2f2f2"
HEATMAP_TITLE = "When the breaks happened"
HEATMAP_SUBTITLE = "The outlined cells are your riskiest window."
HEATMAP_X_TITLE = "Hour of the night or day"
HEATMAP_Y_TITLE = "Day (nights count for the day before)"
BREAKS_LEGEND = "Breaks"


def heatmap_summary(outlined: bool) -> str:
    """The heatmap's one-line text alternative."""
    window = ", and the outlined cells mark your riskiest window" if outlined else ""
    return (
        "Heatmap of your breaks by day of the week (rows) and hour (columns): a darker cell "
        f"had more breaks{window}."
    )


def in_window(grid: pd.DataFrame, window: patterns.RiskWindow | None) -> pd.Series:
    """Which of the grid's cells the risk window outlines (none without a window)."""
    if window is None:
        return pd.Series(False, index=grid.index)
    order = list(dict.fromkeys(grid.sort_values("slot")["hour"]))
    start = order.index(window.start_hour)
    hours = set(order[start : start + window.hours])
    return grid["weekday"].isin(window.weekdays) & grid["hour"].isin(hours)


# -- triggers ----------------------------------------------------------------------------------
TRIGGERS_TITLE = "Which triggers you resist and which ones win"
TRIGGERS_DESCRIPTION = (
    "Bar chart of your triggers, up to three bars each: how many times the urge it brought was "
    "resisted, ended in a peek, or led to reaching out."
)
TRIGGERS_X_TITLE = "Times"
TRIGGERS_Y_TITLE = "Trigger"
TRIGGERS_LEGEND = "What happened"
