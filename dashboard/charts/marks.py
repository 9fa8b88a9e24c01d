"""Marks on the snapshot's mood chart (issue 15): a rule on each milestone's day (dashed for a
therapy session) and a triangle on each day with a break, with a legend of their own. Pure:
frames in, the mood chart with the marks layered under its dots and line out."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.lazy_altair import alt
from dashboard.charts.mood import MOOD_SCALE
from dashboard.charts.style import OKABE_ITO

THERAPY = "therapy_session"
MILESTONE, SESSION, BREAK = "Milestone", "Therapy session", "Day with a break"
MARKS_TITLE = "Marked"  # the marks' legend
MARK_COLOURS = {
    MILESTONE: OKABE_ITO["black"],
    SESSION: OKABE_ITO["purple"],
    BREAK: OKABE_ITO["vermillion"],
}
# More marks of one kind than this would hide the mood beneath them: that kind is left off the
# chart (a long period's weekly therapy sessions, say) and the caption says how many there were.
MAX_MARKS = 60
# The day a mark stands on, written as the mood chart writes its days (naive ISO date-times).
_DAY_FORMAT = "%Y-%m-%dT%H:%M:%S"


def marks_frame(milestones: pd.DataFrame, breaks: pd.DataFrame) -> pd.DataFrame:
    """One row per mark: `day` (ISO text) and `what` (MILESTONE, SESSION or BREAK).

    `milestones` has `on` and `kind` (queries/metric_milestones.sql); `breaks` has `day` and
    `breaks` (metrics.nc_daily): a day is marked when it had at least one break.
    """
    kinds = milestones["kind"].to_numpy() if len(milestones) else []
    rows = [
        (pd.Timestamp(on), SESSION if kind == THERAPY else MILESTONE)
        for on, kind in zip(milestones["on"] if len(milestones) else [], kinds, strict=True)
    ]
    if len(breaks):
        rows += [(pd.Timestamp(d), BREAK) for d in breaks.loc[breaks["breaks"] > 0, "day"]]
    frame = pd.DataFrame(rows, columns=["day", "what"])
    frame["day"] = pd.to_datetime(frame["day"]).dt.strftime(_DAY_FORMAT)
    return frame


def counts(marks: pd.DataFrame) -> dict[str, int]:
    """How many marks of each kind the chart carries."""
    return {what: int((marks["what"] == what).sum()) for what in MARK_COLOURS}


def thin(marks: pd.DataFrame, limit: int = MAX_MARKS) -> tuple[pd.DataFrame, dict[str, int]]:
    """The marks the chart can carry, and the counts of each kind left off (over `limit`)."""
    counted = counts(marks)
    left_off = {what: n for what, n in counted.items() if n > limit}
    return marks[~marks["what"].isin(list(left_off))], left_off


def _layer(marks: pd.DataFrame) -> alt.LayerChart:
    present = [w for w in MARK_COLOURS if w in set(marks["what"])]
    colour = alt.Color(
        "what:N",
        title=MARKS_TITLE,
        scale=alt.Scale(domain=present, range=[MARK_COLOURS[w] for w in present]),
        legend=alt.Legend(orient="bottom"),
    )
    x = alt.X("day:T")
    rules = (
        alt.Chart(marks)
        .transform_filter(alt.datum.what != BREAK)
        .mark_rule(strokeWidth=1.2, opacity=0.55)
        .encode(
            x=x,
            color=colour,
            strokeDash=alt.condition(
                alt.datum.what == SESSION, alt.value([3, 3]), alt.value([1, 0])
            ),
        )
    )
    # Breaks sit on the bottom of the mood scale, under the day they happened.
    breaks = (
        alt.Chart(marks)
        .transform_filter(alt.datum.what == BREAK)
        .mark_point(shape="triangle-up", filled=True, size=55, opacity=0.9)
        .encode(x=x, y=alt.YDatum(1, scale=MOOD_SCALE), color=colour)
    )
    return alt.layer(rules, breaks)


def with_marks(chart: alt.LayerChart, marks: pd.DataFrame) -> alt.LayerChart:
    """The mood chart (a finished layer of dots and line) with the marks drawn beneath them.

    The marks keep a colour scale and legend of their own (the mood's stays as it is).
    """
    if marks.empty:
        return chart
    marked = chart.copy(deep=False)
    # The mood's own layers go in one group, so that its dots and line keep one legend.
    marked.layer = [_layer(marks), alt.layer(*chart.layer)]
    marked.resolve = alt.Resolve(scale=alt.ScaleResolveMap(color="independent"))
    return marked
