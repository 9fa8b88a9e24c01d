"""Patterns charts: when and why slips happen, mood around contact, urges against actions.

Each chart takes an aggregated frame (never raw rows) and has a caption function stating its
main finding in one sentence with numbers; the snapshot reuses the captions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import patterns, wording
from dashboard.charts import patterns_shared as shared
from dashboard.charts import style
from dashboard.charts.lazy_altair import alt
from dashboard.charts.style import OKABE_ITO, SEQUENTIAL, SHARED_X, Parts, fed, finish
from dashboard.sections.base import MIN_SHARE_EVENTS

INITIATOR_LABELS = {"me": "Contacts I started", "them": "Contacts they started"}
SIDE_LABELS = {"before": "48 h before", "after": "48 h after"}
SIDE_COLOURS = {"48 h before": OKABE_ITO["vermillion"], "48 h after": OKABE_ITO["blue"]}
MOOD_AXIS = "Mean mood (1–10)"
# Room for labels like "Other no-contact days", which the default label limit cuts short.
LABEL_LIMIT = 240
WIDTH = 520
MOMENT_LABELS = {"before_break": "24 h before a break", "other": "Other no-contact days"}

# Count axes and legends: whole numbers only, never half a break.
COUNT_AXIS = {"format": "d", "tickMinStep": 1}
# A bar never wider than this, however few weeks the chart holds.
MAX_BAR_WIDTH = 36


def _whole_percent(shares: pd.Series) -> pd.Series:
    """Shares (0–1) as whole percentages, half-up like wording.percent (62.5 -> 63)."""
    return np.floor(100 * shares.astype(float) + 0.5)


def _mood(value: float | None) -> str:
    return wording.mood(None if value is None or pd.isna(value) else float(value))


# -- weekday × hour heatmap ----------------------------------------------------------------------
def _heatmap_data(grid: pd.DataFrame, window: patterns.RiskWindow | None) -> pd.DataFrame:
    data = grid.copy()
    data["in_window"] = shared.in_window(grid, window)
    data["share_pct"] = _whole_percent(data["share"])
    return data


def heatmap_chart(
    grid: pd.DataFrame, window: patterns.RiskWindow | None = None, shares: bool = True
) -> alt.Chart:
    """Breaks by weekday × hour (168 cells from `patterns.heatmap_grid`), risk window outlined.

    `shares=False` (fewer than five breaks) leaves the share out of the tooltips."""
    return _heatmap_drawn(_heatmap_parts(grid, window, shares))


def _heatmap_parts(
    grid: pd.DataFrame, window: patterns.RiskWindow | None = None, shares: bool = True
) -> Parts:
    data = _heatmap_data(grid, window)
    hour_sort = tuple(dict.fromkeys(data.sort_values("slot")["hour_label"]))
    return Parts((data,), (hour_sort, bool(shares), window is not None))


def _heatmap_drawn(parts: Parts) -> alt.LayerChart:
    (data,), (hour_sort, shares, outlined) = parts.frames, parts.shape
    tooltip = [
        alt.Tooltip("weekday_name:N", title="Day"),
        alt.Tooltip("hour_label:N", title="Hour from"),
        alt.Tooltip("breaks:Q", title="Breaks", format="d"),
    ]
    if shares:
        tooltip.append(alt.Tooltip("share_pct:Q", title="% of your breaks", format="d"))
    # The data goes on the layer, not on each part: Altair fingerprints identical part data
    # (by printing the whole frame) before it lifts it to the layer.
    base = alt.Chart().encode(
        x=alt.X("hour_label:O", sort=list(hour_sort), title=shared.HEATMAP_X_TITLE),
        y=alt.Y("weekday_name:O", sort=list(patterns.WEEKDAYS), title=shared.HEATMAP_Y_TITLE),
        tooltip=tooltip,
    )
    # Empty cells stay pale grey so "never" reads differently from "once". (Written as the
    # typed objects alt.condition would produce: Altair parses a plain condition dict against
    # the whole schema on every build, which costs more than the rest of the chart.)
    cells = base.mark_rect().encode(
        color=alt.ColorValue(
            value=shared.EMPTY_CELL,
            condition=alt.ConditionalPredicateMarkPropFieldOrDatumDef(
                test="datum.breaks > 0",
                field="breaks",
                type="quantitative",
                title=shared.BREAKS_LEGEND,
                scale=alt.Scale(scheme=SEQUENTIAL),
                legend=alt.Legend(orient="bottom", **COUNT_AXIS),
            ),
        )
    )
    outline = (
        base.mark_rect(fill=None, stroke=OKABE_ITO["black"], strokeWidth=1.5)
        .encode()
        .transform_filter("datum.in_window")
    )
    # A step per row, not a fixed height: Streamlit squeezes fixed-height band scales.
    chart = alt.layer(cells, outline, data=data, height=alt.Step(26))
    return finish(
        chart,
        shared.HEATMAP_TITLE,
        shared.HEATMAP_SUBTITLE if outlined else None,
        description=shared.heatmap_summary(outlined),
    )


fed(heatmap_chart, _heatmap_parts, _heatmap_drawn)


def heatmap_caption(grid: pd.DataFrame, window: patterns.RiskWindow | None) -> str:
    """The risk window in words, with its share of the breaks."""
    total = int(grid["breaks"].sum()) if len(grid) else 0
    return patterns.describe_risk_window(window, total)


# -- triggers ----------------------------------------------------------------------------------
def triggers_chart(table: pd.DataFrame) -> alt.Chart:
    """Triggers side by side: how often each was resisted, ended in a peek, or led to contact."""
    return _triggers_drawn(_triggers_parts(table))


def _triggers_parts(table: pd.DataFrame) -> Parts:
    data = patterns.triggers_long(table)
    data["outcome_label"] = data["outcome"].map(shared.OUTCOME_LABELS)
    return Parts((data,), (tuple(table["trigger"]),))


def _triggers_drawn(parts: Parts) -> alt.Chart:
    (data,), (order,) = parts.frames, parts.shape
    labels = [shared.OUTCOME_LABELS[o] for o in ("resisted", "peeked", "broke")]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("trigger:N", sort=list(order), title=shared.TRIGGERS_Y_TITLE),
            x=alt.X("count:Q", title=shared.TRIGGERS_X_TITLE, axis=alt.Axis(**COUNT_AXIS)),
            yOffset=alt.YOffset("outcome_label:N", sort=labels),
            color=alt.Color(
                "outcome_label:N",
                title=shared.TRIGGERS_LEGEND,
                sort=labels,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=labels,
                    range=[shared.OUTCOME_COLOURS[o] for o in ("resisted", "peeked", "broke")],
                ),
            ),
            tooltip=[
                alt.Tooltip("trigger:N", title="Trigger"),
                alt.Tooltip("outcome_label:N", title="What happened"),
                alt.Tooltip("count:Q", title="Times"),
            ],
        )
        .properties(height=alt.Step(12))
    )
    return finish(
        chart,
        shared.TRIGGERS_TITLE,
        description=shared.TRIGGERS_DESCRIPTION,
    )


def top_triggers_chart(triggers: pd.DataFrame) -> alt.Chart:
    """`triggers_chart` of the most frequent triggers in a `patterns_triggers` frame."""
    return triggers_chart(patterns.trigger_table(triggers))


fed(triggers_chart, _triggers_parts, _triggers_drawn)
fed(top_triggers_chart, lambda t: _triggers_parts(patterns.trigger_table(t)), _triggers_drawn)


def triggers_caption(triggers: pd.DataFrame) -> str:
    """The trigger that led to most breaks and the one resisted most, with counts."""
    # Rows, not a frame: a few dozen triggers sorted in Python (see patterns.trigger_rows).
    table = patterns.trigger_rows(triggers, limit=None) if len(triggers) else []
    if not table:
        return (
            "No triggers noted yet: name one when you log a contact or an urge, and this "
            "shows which ones you already resist."
        )
    parts = []
    with_breaks = [r for r in table if r.breaks > 0]
    if with_breaks:
        top = min(with_breaks, key=lambda r: (-r.breaks, r.trigger))
        parts.append(
            f"“{top.trigger}” led to {top.breaks} of the {sum(r.breaks for r in table)} breaks "
            "with a trigger"
        )
    resisted = [r for r in table if r.resisted > 0]
    if resisted:
        best = min(resisted, key=lambda r: (-r.resisted, -r.resist_rate, r.trigger))
        parts.append(
            f"you resisted “{best.trigger}” {best.resisted} of the {best.total} times it came up"
        )
    # The chart draws the most frequent few; say so when some are left out.
    shown = (
        f" The chart shows the {patterns.TOP_TRIGGERS} most frequent of your {len(table)} triggers."
        if len(table) > patterns.TOP_TRIGGERS
        else ""
    )
    if not parts:
        return "The urges with a trigger all ended in a peek; none has been resisted yet." + shown
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "." + shown


# -- mood around contact -------------------------------------------------------------------------
def _mood_contact_dots(data: pd.DataFrame, x: alt.X, y: alt.Y) -> alt.Chart:
    sides = list(SIDE_LABELS.values())
    return (
        alt.Chart(data)
        .mark_point(filled=True, size=120)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "when:N",
                title="Mood logged",
                sort=sides,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=sides, range=[SIDE_COLOURS[s] for s in sides]),
            ),
            shape=alt.Shape(
                "when:N",
                title="Mood logged",
                sort=sides,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=sides, range=["circle", "square"]),
            ),
            tooltip=[
                alt.Tooltip("who:N", title="Contacts"),
                alt.Tooltip("when:N", title="Mood logged"),
                alt.Tooltip("mean_mood:Q", title="Mean mood", format=".1f"),
                alt.Tooltip("entries:Q", title="Mood entries", format="d"),
                alt.Tooltip("contacts:Q", title="Contacts", format="d"),
            ],
        )
    )


def _baseline_rule(rule: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(rule)
        .mark_rule(strokeDash=[4, 4], color=OKABE_ITO["black"])
        .encode(
            # Same title as the dots' axis, or Vega-Lite joins both into one label.
            x=alt.X("baseline:Q", title=MOOD_AXIS),
            tooltip=[alt.Tooltip("baseline:Q", title="Your usual mood", format=".1f")],
        )
    )


def mood_contact_chart(around: pd.DataFrame, baseline: float | None) -> alt.LayerChart:
    """Mean mood 48 h before and after contacts, by who started them, against the baseline."""
    return _mood_contact_drawn(_mood_contact_parts(around, baseline))


def _mood_contact_parts(around: pd.DataFrame, baseline: float | None) -> Parts:
    data = around.copy()
    data["who"] = data["initiator"].map(INITIATOR_LABELS)
    data["when"] = data["side"].map(SIDE_LABELS)
    data = data.dropna(subset=["mean_mood"])
    data["mean_mood"] = [wording.mood_value(v) for v in data["mean_mood"]]
    if baseline is None:
        return Parts((data,), (False,))
    rule = pd.DataFrame({"baseline": [wording.mood_value(baseline)], "label": ["usual mood"]})
    return Parts((data, rule), (True,))


def _mood_contact_drawn(parts: Parts) -> alt.LayerChart:
    data, (with_baseline,) = parts.frames[0], parts.shape
    y = alt.Y(
        "who:N",
        title="Contacts",
        sort=list(INITIATOR_LABELS.values()),
        axis=alt.Axis(labelLimit=LABEL_LIMIT),
    )
    x = alt.X("mean_mood:Q", title=MOOD_AXIS, scale=alt.Scale(domain=[1, 10]))
    link = (
        alt.Chart(data)
        .mark_line(color=OKABE_ITO["grey"])
        .encode(x=x, y=y, detail=alt.Detail("who:N"))
    )
    layers = [link, _mood_contact_dots(data, x, y)]
    if with_baseline:
        layers.append(_baseline_rule(parts.frames[1]))
    chart = alt.layer(*layers, height=alt.Step(48))
    usual = ", with a dashed line at your usual mood" if with_baseline else ""
    return finish(
        chart,
        "48 hours before and after a contact",
        "The dashed line is your usual mood." if with_baseline else None,
        description="Dot chart of your mean mood on the 1 to 10 scale in the 48 hours before "
        f"and after contacts, for contacts you started and contacts they started{usual}.",
    )


fed(mood_contact_chart, _mood_contact_parts, _mood_contact_drawn)


def mood_contact_caption(around: pd.DataFrame, baseline: float | None) -> str:
    """Mood before and after contacts, mine then theirs, against the usual mood."""
    if around.empty:
        return "No contacts in this period, so there is no mood around them to show."
    values = {
        (r.initiator, r.side): (None if pd.isna(r.mean_mood) else float(r.mean_mood))
        for r in around.itertuples(index=False)
    }
    parts = []
    for who, label in (("me", "contacts you started"), ("them", "contacts they started")):
        before, after = values.get((who, "before")), values.get((who, "after"))
        if before is None and after is None:
            continue
        if after is None:
            said = f"{_mood(before)} in the 48 hours before (none logged after)"
        elif before is None:
            said = f"{_mood(after)} in the 48 hours after (none logged before)"
        else:
            said = f"{_mood(before)} in the 48 hours before and {_mood(after)} after"
        parts.append(f"around {label} your mood averaged {said}")
    if not parts:
        return "No mood was logged within two days of a contact, so there is nothing to compare."
    sentence = "; ".join(parts)
    if baseline is not None:
        sentence += f", against a usual {_mood(baseline)}"
    return sentence[0].upper() + sentence[1:] + "."


# -- urge before a break -------------------------------------------------------------------------
def urge_before_break_chart(urges: pd.DataFrame) -> alt.Chart:
    """Mean urge rating in the 24 h before a break against other no-contact days."""
    return _urge_before_break_drawn(_urge_before_break_parts(urges))


def _urge_before_break_parts(urges: pd.DataFrame) -> Parts:
    data = urges.copy()
    data["label"] = data["moment"].map(MOMENT_LABELS)
    data = data.dropna(subset=["mean_urge"])
    data["mean_urge"] = [wording.mood_value(v) for v in data["mean_urge"]]
    return Parts((data,))


def _urge_before_break_drawn(parts: Parts) -> alt.Chart:
    (data,) = parts.frames
    labels = list(MOMENT_LABELS.values())
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "mean_urge:Q", title="Mean urge rating (0–10)", scale=alt.Scale(domain=[0, 10])
            ),
            y=alt.Y("label:N", title="When", sort=labels, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            color=alt.Color(
                "label:N",
                legend=None,
                sort=labels,
                scale=alt.Scale(domain=labels, range=[OKABE_ITO["orange"], OKABE_ITO["sky"]]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="When"),
                alt.Tooltip("mean_urge:Q", title="Mean urge", format=".1f"),
                alt.Tooltip("entries:Q", title="Ratings"),
            ],
        )
        .properties(height=alt.Step(36))
    )
    return finish(
        chart,
        "What a slip looks like coming",
        description="Bar chart of your mean urge rating on the 0 to 10 scale in the 24 hours "
        "before a break, beside the mean on other no-contact days.",
    )


fed(urge_before_break_chart, _urge_before_break_parts, _urge_before_break_drawn)


def urge_before_break_caption(urges: pd.DataFrame) -> str:
    """The urge rating before breaks against other days, in numbers."""
    values = {r.moment: r for r in urges.itertuples(index=False)}
    before, other = values.get("before_break"), values.get("other")
    if before is None or int(before.entries) == 0:
        return (
            "No urge rating was logged in the 24 hours before a break, so there is nothing to "
            "compare yet."
        )
    text = (
        f"In the 24 hours before a break your urge rating averaged {_mood(before.mean_urge)} "
        f"({wording.plural(int(before.entries), 'rating')})"
    )
    if other is not None and int(other.entries) > 0:
        text += f", against {_mood(other.mean_urge)} on other no-contact days"
    return text + "."


# -- urges against actions per week ----------------------------------------------------------------
def _period(weekly: pd.DataFrame) -> str:
    # patterns_weekly_actions has a `week` column; patterns.monthly_actions a `month` one.
    return "month" if "month" in weekly.columns else "week"


def _actions_long(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The periods' outcomes in long form (unit, outcome, n, outcome_label), outcome by
    outcome, zeros dropped: what `melt` writes, made from arrays (melt took milliseconds)."""
    periods = table[unit].to_numpy()
    counts = np.concatenate([table[o].to_numpy(dtype=np.int64) for o in patterns.OUTCOMES])
    kept = np.flatnonzero(counts > 0)
    outcomes = np.repeat(np.array(patterns.OUTCOMES, dtype=object), len(periods))[kept]
    return pd.DataFrame(
        {
            unit: np.tile(periods, len(patterns.OUTCOMES))[kept],
            "outcome": pd.array(outcomes, dtype="str"),
            "n": counts[kept],
            "outcome_label": pd.array([shared.OUTCOME_LABELS[o] for o in outcomes], dtype="str"),
        },
        index=kept,
    )


def _actions_rate(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    rate = table[[unit, "resist_rate", "resisted", "total"]].copy()
    if len(rate) > 1:
        # Periods without urges get an empty row, so the line breaks there instead of
        # drawing a made-up straight stretch across them.
        full = style.period_starts(rate[unit].min(), rate[unit].max(), unit)
        # Every period's place in the full range; the columns made from arrays (reindexing
        # the frame took milliseconds), as a reindex writes them: NaN in the empty periods.
        at = full.get_indexer(rate[unit])
        columns = {unit: full}
        for col in ("resist_rate", "resisted", "total"):
            values = rate[col].to_numpy()
            if len(full) != len(rate):
                filled = np.full(len(full), np.nan)
                filled[at] = values
                values = filled
            columns[col] = values
        rate = pd.DataFrame(columns)
    rate["resist_pct"] = _whole_percent(rate["resist_rate"])
    return rate


def _bar_width(table: pd.DataFrame, unit: str) -> float:
    """One period's share of the drawn width (a time axis has no bands), within bounds."""
    if table.empty:
        periods = 1
    elif unit == "week":
        periods = (table[unit].max() - table[unit].min()).days // 7 + 1
    else:
        first, last = table[unit].min(), table[unit].max()
        periods = (last.year - first.year) * 12 + last.month - first.month + 1
    return min(MAX_BAR_WIDTH, max(1.0, WIDTH / (periods + 1) - 1))


def _actions_bars(long: pd.DataFrame, x: alt.X, unit: str, width: float) -> alt.Chart:
    labels = [shared.OUTCOME_LABELS[o] for o in patterns.OUTCOMES]
    starting = f"{unit.title()} starting"
    return (
        alt.Chart(long)
        .mark_bar(width=width)
        .encode(
            x=x,
            y=alt.Y("n:Q", title="Times", stack="zero", axis=alt.Axis(**COUNT_AXIS)),
            color=alt.Color(
                "outcome_label:N",
                title="The urge was",
                sort=labels,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=labels, range=[shared.OUTCOME_COLOURS[o] for o in patterns.OUTCOMES]
                ),
            ),
            order=alt.Order("outcome:N"),
            tooltip=[
                alt.Tooltip(f"yearmonthdate({unit}):T", title=starting),
                alt.Tooltip("outcome_label:N", title="The urge was"),
                alt.Tooltip("n:Q", title="Times", format="d"),
            ],
        )
        .properties(height=160, width=WIDTH)
    )


def _actions_line(rate: pd.DataFrame, x: alt.X, unit: str) -> alt.Chart:
    starting = f"{unit.title()} starting"
    return (
        alt.Chart(rate)
        .mark_line(point=True, color=OKABE_ITO["blue"])
        .encode(
            x=x,
            y=alt.Y("resist_pct:Q", title="Resisted (%)", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip(f"yearmonthdate({unit}):T", title=starting),
                alt.Tooltip("resist_pct:Q", title="Resisted (%)", format="d"),
                alt.Tooltip("resisted:Q", title="Resisted", format="d"),
                alt.Tooltip("total:Q", title="All urges", format="d"),
            ],
        )
        .properties(height=110, width=WIDTH)
    )


def weekly_actions_chart(weekly: pd.DataFrame) -> alt.VConcatChart:
    """Urges resisted, peeks and breaks per week, with the weekly resist rate beneath.

    Takes `patterns_weekly_actions`, or `patterns.monthly_actions` for a range past two years
    (then everything is per month).
    """
    return _weekly_actions_drawn(_weekly_actions_parts(weekly))


def _weekly_actions_parts(weekly: pd.DataFrame) -> Parts:
    unit = _period(weekly)
    table = patterns.weekly_actions(weekly)
    frames = (_actions_long(table, unit), _actions_rate(table, unit))
    # The rate frame has every period: the axis names them, each bar centred on its tick.
    return Parts(frames, (unit, _bar_width(table, unit), style.period_ticks(frames[1][unit])))


def _weekly_actions_drawn(parts: Parts) -> alt.VConcatChart:
    (long, rate), (unit, width, ticks) = parts.frames, parts.shape
    axis, scale = style.period_axis(ticks, unit), alt.Scale(padding=width / 2 + 2)
    x = alt.X(f"{unit}:T", title=f"{unit.title()} starting", axis=axis, scale=scale)
    bars = _actions_bars(long, x, unit, width)
    chart = alt.vconcat(bars, _actions_line(rate, x, unit), resolve=SHARED_X)
    return finish(
        chart,
        # Under the page's heading "Urges and what became of them": short enough for a phone.
        f"Urges {unit} by {unit}",
        description=f"Two panels, {unit} by {unit}: stacked bars of the urges you resisted, "
        "peeked at or acted on, and beneath them a line of the share you resisted (0 to 100%).",
    )


fed(weekly_actions_chart, _weekly_actions_parts, _weekly_actions_drawn)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{wording.number(n)} times"


def weekly_actions_caption(weekly: pd.DataFrame, recent_weeks: int = 4) -> str:
    """The resist rate over the whole period and over the last few weeks (months) with urges.

    Kind with thin data: without any urge logged there is no rate to give, and a rate of 0% is
    said in words that do not read as a verdict.
    """
    table = patterns.weekly_actions(weekly)
    s = patterns.resist_summary_of(table, recent_weeks)
    if s["total"] == 0:
        return "No urges or breaks on no-contact days in this period yet."
    unit = _period(weekly)
    over = f"{s['weeks']} {unit}{'s' if s['weeks'] != 1 else ''}"
    urges = int(table["resisted"].sum() + table["peeked"].sum())
    if urges == 0:
        return (
            f"You reached out {_times(s['total'])} in {over}, and no urge is logged on "
            "no-contact days. When an urge comes and passes, logging it counts it here as a win."
        )
    if s["resisted"] == 0:
        return (
            f"An urge came {_times(s['total'])} in {over}, and none is marked resisted yet. "
            "The first one you ride out will show here."
        )
    text = (
        f"Of the {wording.number(s['total'])} times an urge came over {over}, you resisted "
        f"{wording.number(s['resisted'])}" + _share_text(s["resisted"], s["total"])
        if s["total"] > 1
        else f"An urge came once in {over}, and you resisted it"
    )
    if s["weeks"] > s["recent_weeks"] and s["recent_resisted"]:
        part, whole = s["recent_resisted"], s["recent_total"]
        text += f"; in the last {s['recent_weeks']} of those {unit}s, {wording.number(part)} of "
        text += wording.number(whole) + _share_text(part, whole)
    return text + "."


def _share_text(part: int, whole: int) -> str:
    """' (43%)' from five events on (a share of fewer says more than they hold), else ''."""
    return f" ({wording.percent(part / whole)})" if whole >= MIN_SHARE_EVENTS else ""
