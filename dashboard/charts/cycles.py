"""Cycles charts: together/apart periods with the milestones and mood on one time axis, and
what came before each breakup. Pure DataFrame -> Altair functions with one caption each."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import patterns, wording
from dashboard.charts.lazy_altair import alt
from dashboard.charts.style import (
    GUIDE_COLOURS,
    OKABE_ITO,
    SHARED_X,
    Parts,
    day_ticks,
    fed,
    finish,
    period_axis,
)
from dashboard.schema import KIND_NAMES

STATE_LABELS = {"together": "Together", "apart": "Apart"}
STATE_COLOURS = {"Together": OKABE_ITO["purple"], "Apart": OKABE_ITO["sky"]}
# Axis and legend titles, shared with the snapshot's drawing (dashboard/snapshot/plots).
DATE_TITLE = "Date"
MOOD_TITLE = "Mood (1–10)"
PERIOD_LEGEND = "Period"
MILESTONE_LEGEND = "Milestone"
# The names a chart and the snapshot give each kind of milestone (dashboard/schema.py).
KIND_LABELS = KIND_NAMES
# One shape per kind: nine kinds are more than a colour palette can tell apart safely.
KIND_SHAPES = [
    "triangle-down",
    "square",
    "circle",
    "diamond",
    "cross",
    "triangle-up",
    "triangle-right",
    "triangle-left",
    "wedge",
]
# Up to eight breakups keep their own Okabe-Ito colour in the before-breakup chart.
BREAKUP_COLOURS = [
    OKABE_ITO[c]
    for c in ("blue", "orange", "green", "purple", "vermillion", "sky", "yellow", "black")
][: patterns.MAX_BREAKUPS_SHOWN]
# Concatenated charts do not stretch to the container; a fixed width keeps panels aligned.
WIDTH = 520


# Therapy sessions (often weekly) get a lane of their own, drawn small and light, so they do
# not bury the milestones of the relationship itself.
THERAPY = "therapy_session"
LANES = ["Milestones", "Therapy", "Together or apart"]
LANE_AXIS = "Timeline"
# On the timeline each lane's name is written above the lane, inside the chart, and the mood
# scale's numbers sit inside its panel: a phone's screen has no room for a column of names
# beside the lanes. Streamlit stretches each panel to the page's width, so nothing may stick
# out to the left of a panel or the chart is cut off. The lanes are tall enough for a name.
LANE_STEP = 46
LANE_NAME_DY = -13
# Room at both ends of the time axis (pixels) for the mood numbers and the first lane's name.
TIME_PADDING = 26
LANE_TEXT = "#4a5a5f"


def _milestone_frame(milestones: pd.DataFrame) -> pd.DataFrame:
    data = milestones[["on", "kind", "title"]].copy()
    data["what"] = data["kind"].map(KIND_LABELS).fillna("Other")
    data["lane"] = ["Therapy" if k == THERAPY else "Milestones" for k in data["kind"]]
    return data


def _present(data: pd.DataFrame) -> tuple[str, ...]:
    """The kinds of milestone in `_milestone_frame` rows, in the scale's order."""
    return tuple(k for k in KIND_LABELS.values() if k in set(data["what"]))


def _milestone_layer(
    data: pd.DataFrame, present: tuple[str, ...], x: alt.X, lane_axis: bool = True
) -> alt.Chart:
    """The milestones (`_milestone_frame`) as shapes on their lanes; `lane_axis=False` leaves
    the lane names to the caller (the timeline writes them above the lanes)."""
    kinds = list(KIND_LABELS.values())
    # The legend lists the kinds in this period only (`present`, in the scale's order); the
    # scale keeps every kind so that a kind keeps its shape from one period to the next.
    therapy = alt.datum.kind == THERAPY
    return (
        alt.Chart(data)
        .mark_point(filled=True, color=OKABE_ITO["black"])
        .encode(
            x=x,
            # The sort lists every lane; the scale only shows those with data.
            y=alt.Y(
                "lane:N", title=LANE_AXIS, sort=LANES, axis=alt.Undefined if lane_axis else None
            ),
            size=alt.condition(therapy, alt.value(45), alt.value(110)),
            opacity=alt.condition(therapy, alt.value(0.45), alt.value(0.85)),
            shape=alt.Shape(
                "what:N",
                title=MILESTONE_LEGEND,
                scale=alt.Scale(domain=kinds, range=KIND_SHAPES),
                legend=alt.Legend(labelLimit=200, values=list(present)) if present else None,
            ),
            tooltip=[
                alt.Tooltip("on:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("what:N", title="Milestone"),
                alt.Tooltip("title:N", title="Title"),
            ],
        )
    )


def _segment_frame(segments: pd.DataFrame, until: dt.date) -> pd.DataFrame:
    data = segments[["state", "start_on", "end_on", "days", "open"]].copy()
    # An open stretch is drawn through the end of the last day of the period.
    data["end_drawn"] = data["end_on"].fillna(pd.Timestamp(until) + pd.Timedelta(days=1))
    data["period"] = data["state"].map(STATE_LABELS)
    data["lane"] = "Together or apart"
    data["to_text"] = [
        "still going" if o else pd.Timestamp(e).strftime("%d %b %Y")
        for o, e in zip(data["open"], data["end_on"], strict=True)
    ]
    # A stretch carried in from before the period is drawn from the period's first day; the
    # tooltip says when it really began, and that its days are the ones in view.
    was_clipped = patterns.clipped(segments)
    began = segments["began_on"] if "began_on" in segments.columns else segments["start_on"]
    data["from_text"] = [
        pd.Timestamp(b).strftime("%d %b %Y") + (" (before this period)" if c else "")
        for b, c in zip(began, was_clipped, strict=True)
    ]
    data["days_text"] = [
        f"{d} since the period began" if c else str(d)
        for d, c in zip(data["days"].astype(int), was_clipped, strict=True)
    ]
    return data


TIMELINE_DESCRIPTION = (
    "Timeline of the stretches you were together and apart, with each milestone marked on it"
)
# The timeline's words, shared with its snapshot drawing (dashboard/snapshot/plots/cycles.py).
TIMELINE_TITLE = "Together and apart"
TIMELINE_MOOD_TITLE = "Together and apart, with your mood beneath"
TIMELINE_MOOD_DESCRIPTION = (
    TIMELINE_DESCRIPTION
    + ", and beneath it a line of your mean mood on the 1 to 10 scale on the same dates."
)
MILESTONES_TITLE = "Your milestones"
MILESTONES_DESCRIPTION = (
    "Timeline of your milestones, each marked on its date with a shape for its kind."
)


def _segment_bars(seg: pd.DataFrame, lane: alt.Y, axis: alt.Axis) -> alt.Chart:
    periods = list(STATE_COLOURS)
    return (
        alt.Chart(seg)
        .mark_bar(height=18)
        .encode(
            x=alt.X(
                "start_on:T", title=DATE_TITLE, scale=alt.Scale(padding=TIME_PADDING), axis=axis
            ),
            x2=alt.X2("end_drawn"),
            y=lane,
            color=alt.Color(
                "period:N",
                title=PERIOD_LEGEND,
                scale=alt.Scale(domain=periods, range=[STATE_COLOURS[p] for p in periods]),
            ),
            tooltip=[
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("from_text:N", title="From"),
                alt.Tooltip("to_text:N", title="To"),
                alt.Tooltip("days_text:N", title="Days"),
            ],
        )
    )


def _lane_names(shown: pd.DataFrame, lane: alt.Y) -> alt.Chart:
    """Each lane's name (`shown`, a frame of one `lane` column) written above it, inside the
    chart (see LANE_STEP)."""
    return (
        alt.Chart(shown)
        .mark_text(align="left", baseline="bottom", dy=LANE_NAME_DY, fontSize=11, color=LANE_TEXT)
        .encode(x=alt.value(0), y=lane, text="lane:N")
    )


# The mood scale's numbers and title inside the panel, at its left edge (see LANE_STEP).
INSIDE_MOOD_AXIS = {
    "values": [2, 4, 6, 8, 10],
    "ticks": False,
    "domain": False,
    "labelAlign": "left",
    "labelPadding": -2,
    "minExtent": 0,
    "titleAngle": 0,
    "titleAlign": "left",
    "titleBaseline": "bottom",
    "titleX": 0,
    "titleY": -6,
    "titleFontWeight": "normal",
}


def _mood_frame(mood: pd.DataFrame) -> pd.DataFrame:
    data = mood[["period_start", "entries", "mean_mood", "min_mood", "max_mood"]].copy()
    data["mean_mood"] = [wording.mood_value(v) for v in data["mean_mood"]]
    return data


def _mood_panel(data: pd.DataFrame, points: bool, axis: alt.Axis) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_line(point=points, color=OKABE_ITO["blue"])
        .encode(
            x=alt.X("period_start:T", title=DATE_TITLE, axis=axis),
            y=alt.Y(
                "mean_mood:Q",
                title=MOOD_TITLE,
                scale=alt.Scale(domain=[1, 10]),
                axis=INSIDE_MOOD_AXIS,
            ),
            tooltip=[
                alt.Tooltip("period_start:T", title="From", format="%d %b %Y"),
                alt.Tooltip("mean_mood:Q", title="Mean mood", format=".1f"),
                alt.Tooltip("min_mood:Q", title="Lowest"),
                alt.Tooltip("max_mood:Q", title="Highest"),
                alt.Tooltip("entries:Q", title="Entries", format="d"),
            ],
        )
        .properties(height=140, width=WIDTH)
    )


def timeline_chart(
    segments: pd.DataFrame,
    milestones: pd.DataFrame,
    mood: pd.DataFrame,
    until: dt.date,
) -> alt.VConcatChart:
    """Together/apart stretches with every milestone marked, the mood beneath on the same axis.

    `segments` from `cycles_segments`, `milestones` from `cycles_milestones`, `mood` from
    `cycles_mood` (daily or weekly means). Without mood in the period the mood panel is left
    out rather than drawn empty.
    """
    return _timeline_drawn(_timeline_parts(segments, milestones, mood, until))


def _timeline_parts(
    segments: pd.DataFrame, milestones: pd.DataFrame, mood: pd.DataFrame, until: dt.date
) -> Parts:
    seg = _segment_frame(segments, until)
    marks = _milestone_frame(milestones)
    shown = pd.DataFrame({"lane": [n for n in LANES if n in set(seg["lane"]) | set(marks["lane"])]})
    # The days drawn: an open stretch runs through `until` (drawn to the end of that day).
    days = (seg["start_on"], pd.to_datetime(seg["end_drawn"]) - pd.Timedelta(days=1), marks["on"])
    if mood.empty or not mood["mean_mood"].notna().any():
        return Parts((seg, marks, shown), (_present(marks), None, day_ticks(*days)))
    data = _mood_frame(mood)
    ticks = day_ticks(*days, data["period_start"])
    return Parts((seg, marks, shown, data), (_present(marks), len(data) <= 120, ticks))


def _timeline_drawn(parts: Parts) -> alt.VConcatChart:
    """The timeline of `_timeline_parts`: shape (kinds present, points on the mood line or
    None without a mood panel, the date axis's ticks)."""
    (seg, marks, shown), (present, points, ticks) = parts.frames[:3], parts.shape
    axis = period_axis(ticks)
    x = alt.X("on:T", title=DATE_TITLE, axis=axis)
    lane = alt.Y("lane:N", title=LANE_AXIS, sort=LANES, axis=None)
    top = alt.layer(
        _segment_bars(seg, lane, axis),
        _milestone_layer(marks, present, x, lane_axis=False),
        _lane_names(shown, lane),
        height=alt.Step(LANE_STEP),
        width=WIDTH,
    )
    if points is None:
        chart = finish(
            alt.vconcat(top, resolve=SHARED_X),
            TIMELINE_TITLE,
            description=TIMELINE_DESCRIPTION + ".",
        )
        return _narrow_layout(chart)
    chart = finish(
        alt.vconcat(top, _mood_panel(parts.frames[3], points, axis), resolve=SHARED_X),
        TIMELINE_MOOD_TITLE,
        description=TIMELINE_MOOD_DESCRIPTION,
    )
    return _narrow_layout(chart)


fed(timeline_chart, _timeline_parts, _timeline_drawn)


def _narrow_layout(chart: alt.VConcatChart) -> alt.VConcatChart:
    """Legends beneath the panels, one column each (beside the panels, or in rows, they pushed
    the chart past a phone's width), and no date label sticking out past the ends."""
    chart.config.legend = alt.LegendConfig(
        orient="bottom", direction="vertical", columns=1, **GUIDE_COLOURS
    )
    chart.config.axisX = alt.AxisConfig(labelFlush=True, labelBound=True, **GUIDE_COLOURS)
    return chart


def timeline_caption(segments: pd.DataFrame, until: dt.date) -> str:
    """Breakups, reunions, the measured period lengths and where things stand now.

    Breakups and reunions are those dated in the period; a stretch carried in from before it
    only says how things stood when the period began.
    """
    if segments.empty:
        return "No breakup or getting-back-together is logged in this period."
    was_clipped = patterns.clipped(segments)
    states = list(segments["state"])
    breakups = sum(1 for s, c in zip(states, was_clipped, strict=True) if s == "apart" and not c)
    # A reunion needs an earlier breakup, which may be the one carried in from before (the
    # carried-in stretch is always the first row, so it is never counted as a reunion itself).
    first_apart = states.index("apart") if "apart" in states else len(states)
    reunions = states[first_apart:].count("together")
    together = patterns.closed_periods(segments, "together")
    apart = patterns.closed_periods(segments, "apart")
    if breakups == 0 and reunions == 0:
        parts = ["No breakup or reunion in this period"]
    else:
        parts = [f"{wording.plural(breakups, 'breakup')} and {wording.plural(reunions, 'reunion')}"]
    if together:
        parts.append(f"together: {patterns.lengths_phrase(together)}")
    if apart:
        parts.append(f"apart: {patterns.lengths_phrase(apart)}")
    last = segments.iloc[-1]
    now = "apart" if last["state"] == "apart" else "together"
    text = "; ".join(parts)
    if bool(was_clipped.iloc[-1]):
        # The same stretch all through the period: say since when, not "for the last N days".
        began = pd.Timestamp(last["began_on"]).date()
        since = (until - began).days
        days = wording.plural(since, "day")
        return f"{text}; {now} all through it, since {began:%d %b %Y} ({days})."
    return f"{text}; {now} for the last {wording.plural(int(last['days']), 'day')}."


def milestones_chart(milestones: pd.DataFrame) -> alt.Chart:
    """The milestones alone on a time line (for a story with fewer than two breakups)."""
    return _milestones_drawn(_milestones_parts(milestones))


def _milestones_parts(milestones: pd.DataFrame) -> Parts:
    marks = _milestone_frame(milestones)
    return Parts((marks,), (_present(marks), day_ticks(marks["on"])))


def _milestones_drawn(parts: Parts) -> alt.Chart:
    (marks,), (present, ticks) = parts.frames, parts.shape
    x = alt.X("on:T", title=DATE_TITLE, axis=period_axis(ticks))
    chart = _milestone_layer(marks, present, x).properties(height=alt.Step(50))
    return finish(
        chart,
        MILESTONES_TITLE,
        description=MILESTONES_DESCRIPTION,
    )


fed(milestones_chart, _milestones_parts, _milestones_drawn)


def milestones_caption(milestones: pd.DataFrame) -> str:
    """How many milestones, over how long, and the latest one."""
    if milestones.empty:
        return "No milestones logged in this period yet."
    first = pd.Timestamp(milestones["on"].iloc[0]).date()
    last = pd.Timestamp(milestones["on"].iloc[-1]).date()
    latest = KIND_LABELS.get(milestones["kind"].iloc[-1], "Other").lower()
    if len(milestones) == 1:
        return f"1 milestone in this period: “{latest}” on {last:%d %b %Y}."
    span = (last - first).days
    if span == 0:
        return (
            f"{wording.plural(len(milestones), 'milestone')}, all on {last:%d %b %Y}; the last one "
            f"logged is “{latest}”."
        )
    return (
        f"{wording.plural(len(milestones), 'milestone')} over {wording.plural(span, 'day')}; "
        f"the latest is “{latest}” on {last:%d %b %Y}."
    )


def _before_breakup_frame(days: pd.DataFrame) -> pd.DataFrame:
    data = patterns.recent_breakups(days).copy()
    data["breakup"] = [pd.Timestamp(d).strftime("%d %b %Y") for d in data["breakup_on"]]
    data["contacts"] = data["contacts_me"] + data["contacts_them"]
    data["days_to_go"] = -data["days_before"]
    # Float first: a window without any mood may hold None rather than NaN.
    data["mean_mood"] = [wording.mood_value(v) for v in data["mean_mood"].astype(float)]
    return data


def _before_breakup_base(data: pd.DataFrame, breakups: tuple[str, ...]) -> alt.Chart:
    order = list(breakups)
    colour = alt.Color(
        "breakup:N",
        title="Breakup on",
        sort=order,
        scale=alt.Scale(domain=order, range=BREAKUP_COLOURS[: len(order)]),
        legend=alt.Legend(orient="bottom", columns=2),
    )
    x = alt.X(
        "days_to_go:Q",
        title="Days before the breakup",
        scale=alt.Scale(domain=[-14, -1]),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    tooltip = [
        alt.Tooltip("breakup:N", title="Breakup on"),
        alt.Tooltip("day:T", title="Day", format="%a %d %b %Y"),
        alt.Tooltip("days_before:Q", title="Days before"),
        alt.Tooltip("mean_mood:Q", title="Mean mood", format=".1f"),
        alt.Tooltip("contacts_me:Q", title="Contacts I started", format="d"),
        alt.Tooltip("contacts_them:Q", title="Contacts they started", format="d"),
    ]
    return alt.Chart(data).encode(x=x, color=colour, tooltip=tooltip)


def before_breakup_chart(days: pd.DataFrame) -> alt.VConcatChart:
    """Daily mood and contacts in the 14 days before each breakup, one line per breakup.

    Only the last `patterns.MAX_BREAKUPS_SHOWN` breakups are drawn; a panel with nothing in it
    (no mood logged, or no contact at all) is left out. Check
    `patterns.has_before_breakup_data` first: with neither there is nothing to draw.
    """
    return _before_breakup_drawn(_before_breakup_parts(days))


def _before_breakup_parts(days: pd.DataFrame) -> Parts:
    data = _before_breakup_frame(days)
    breakups = tuple(dict.fromkeys(data.sort_values("breakup_on")["breakup"]))
    # A panel of zeros (or of nothing) says nothing the caption does not say in words.
    if not data["contacts"].sum() > 0:
        panels = "mood"
    elif not data["mood_entries"].astype(int).sum() > 0:
        panels = "contacts"
    else:
        panels = "both"
    return Parts((data,), (breakups, panels))


def _before_breakup_drawn(parts: Parts) -> alt.VConcatChart:
    """The panels of `_before_breakup_parts`: shape (the breakups' labels in date order, the
    panels drawn: 'both', 'mood' or 'contacts')."""
    (data,), (breakups, drawn) = parts.frames, parts.shape
    base = _before_breakup_base(data, breakups)
    mood_line = (
        base.mark_line(point=True)
        .encode(y=alt.Y("mean_mood:Q", title="Mood (1–10)", scale=alt.Scale(domain=[1, 10])))
        .transform_filter("isValid(datum.mean_mood)")
        .properties(height=150, width=WIDTH)
    )
    contacts = alt.Y(
        "contacts:Q", title="Contacts that day", axis=alt.Axis(format="d", tickMinStep=1)
    )
    contact_line = (
        base.mark_line(point=True, strokeDash=[3, 2])
        .encode(y=contacts)
        .properties(height=110, width=WIDTH)
    )
    lines = "Lines over the 14 days before each breakup, one colour per breakup: "
    panels, subtitle, said = (
        [mood_line, contact_line],
        None,
        (
            "your daily mood on the 1 to 10 scale above, and the contacts between you each day "
            "beneath."
        ),
    )
    if drawn == "mood":
        panels, subtitle, said = (
            [mood_line],
            "No contact between you in these days",
            ("your daily mood on the 1 to 10 scale."),
        )
    elif drawn == "contacts":
        panels, subtitle, said = (
            [contact_line],
            "No mood logged in these days",
            ("the contacts between you each day."),
        )
    return finish(
        alt.vconcat(*panels, resolve=SHARED_X),
        "The two weeks before each breakup",
        subtitle,
        description=lines + said,
    )


fed(before_breakup_chart, _before_breakup_parts, _before_breakup_drawn)


def before_breakup_caption(days: pd.DataFrame, usual_mood: float | None) -> str:
    """Mood and contacts in the 14-day windows the chart draws (the last eight breakups at
    most), against the usual mood."""
    s = patterns.before_breakup_summary(patterns.recent_breakups(days))
    if s["breakups"] == 0:
        return "No breakup is logged in this period."
    if s["breakups"] == 1:
        who = "your breakup"
    elif int(days["breakup_on"].nunique()) > s["breakups"]:
        who = f"your last {s['breakups']} breakups"
    else:
        who = f"your {s['breakups']} breakups"
    mood = (
        "no mood was logged"
        if s["mean_mood"] is None
        else f"your mood averaged {wording.mood(s['mean_mood'])}"
        + ("" if usual_mood is None else f" (usual: {wording.mood(usual_mood)})")
    )
    contacts = (
        "no contact between you"
        if not s["contacts_per_day"]
        else f"{s['contacts_per_day']:.1f} contacts a day between you"
    )
    return f"In the 14 days before {who}, {mood}, with {contacts}."
