"""Shared chart style: a colour-blind-safe palette (Okabe-Ito) and common finishing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.charts.lazy_altair import alt

# Okabe & Ito's palette stays distinct for the common forms of colour blindness.
OKABE_ITO = {
    "blue": "#0072B2",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}

# Day states on the no-contact calendar; a slip is orange, never an alarming red.
DAY_STATES = {
    "clean": OKABE_ITO["green"],
    "urge resisted": OKABE_ITO["blue"],
    "peek": OKABE_ITO["yellow"],
    "break": OKABE_ITO["orange"],
    "not in no contact": "#e6e6e6",
}

# A sequential scheme that reads in greyscale too.
SEQUENTIAL = "blues"
# Axis and legend words. Streamlit's chart theme writes them in a light grey (#808495, 3.6:1 on
# the page, under the 4.5:1 text needs); this slate reads 6.9:1 on the page and on white.
GUIDE_TEXT = "#4a5a5f"
GUIDE_COLOURS = {"labelColor": GUIDE_TEXT, "titleColor": GUIDE_TEXT}
MAX_ROWS = 5000
# Past two years, daily charts draw weeks (and weekly charts months): more points are too
# dense to read, and a chart then ships about as many rows for ten years as for one.
DAILY_MAX_DAYS = 731

# Streamlit sizes charts with "fit", which squeezes the plot into the given height together with
# the title and legend; fitting only the width keeps each chart as tall as it asks to be.
# Vega-Lite supports fitting for single and layered views only, so concatenations keep "pad".
FIT_WIDTH = {"type": "fit-x", "contains": "padding"}
# Stacked panels share their time axis. Passed to alt.vconcat(..., resolve=SHARED_X) rather
# than set with .resolve_scale(), which deep-copies every panel.
SHARED_X = {"scale": {"x": "shared"}}


@dataclass(frozen=True, eq=False)
class Parts:
    """What a chart is drawn from: `frames`, the DataFrames its views hold (as given to
    Altair), and `shape`, every other value its spec depends on (the builder's options and
    what it takes from the data into the spec itself: a title's word, a legend's values, a
    condition on the row count). The spec is a pure function of the two, and the frames'
    values reach it only as its datasets, so a spec built once fits any frames of the same
    columns and types (dashboard/ui/charts.py swaps the datasets instead of building again).
    """

    frames: tuple[pd.DataFrame, ...]
    shape: tuple[Any, ...] = ()


# Chart builders whose spec can be fed new data: (module, name) -> (parts, draw), with
# builder(*args) == draw(parts(*args)). Filled by `fed`.
FED: dict[tuple[str, str], tuple[Callable[..., Parts], Callable[[Parts], Any]]] = {}


def fed(
    builder: Callable[..., Any], parts: Callable[..., Parts], draw: Callable[[Parts], Any]
) -> None:
    """Record that `builder(*args)` is `draw(parts(*args))`, where `draw` reads no value of the
    frames (only hands them to Altair) and so depends on the frames' columns and types and
    the parts' shape alone."""
    FED[(builder.__module__, builder.__qualname__)] = (parts, draw)


def _dates_as_text(data: Any) -> Any:
    """A frame's date-time columns as the ISO text Altair would write for them, vectorised.

    Altair turns each date-time into text one value at a time (Timestamp.isoformat per row),
    the slowest part of drawing a long chart; the text and so the spec are the same.
    """
    if not isinstance(data, pd.DataFrame):
        return data
    texts = {}
    for column, dtype in data.dtypes.items():
        # Naive date-times only (an aware one would need its offset in the text).
        if not str(dtype).startswith("datetime64["):
            continue
        values = data[column].to_numpy(dtype="datetime64[us]")
        seconds = values.astype("datetime64[s]")
        if (values != seconds)[~np.isnat(values)].any():
            continue  # isoformat would add the fraction of a second: left to Altair
        text = np.datetime_as_string(seconds, unit="s").astype(object)
        text[np.isnat(values)] = ""  # as Altair writes a missing date-time
        texts[column] = text
    return data.assign(**texts) if texts else data


def _views(chart: Any) -> list[Any]:
    """The chart and every view inside its layers and concatenations."""
    found = [chart]
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in getattr(chart, "_kwds", {}).get(key) or []:
            found.extend(_views(child))
    return found


def finish(
    chart: alt.Chart, title: str, subtitle: str | None = None, *, description: str | None = None
) -> alt.Chart:
    """Give a chart its title (and one-line subtitle), its text alternative and the calm look.

    `description` is the chart's text alternative: Vega makes it the aria-label of the chart's
    drawing (role graphics-document), so a screen reader says what the chart shows.
    """
    params = {"text": title, "anchor": "start"}
    if subtitle:
        params["subtitle"] = subtitle
    for view in _views(chart):
        data = view._kwds.get("data")
        if isinstance(data, pd.DataFrame):
            view.data = _dates_as_text(data)
    # The chart is always one its caller has just built, so the attributes are set on it in
    # place: chained .properties()/.configure_*() calls would each deep-copy and re-validate
    # the whole chart (a layered one several times over), which costs more than drawing it.
    # The full spec is validated by the chart tests (to_dict() validates).
    chart.title = alt.TitleParams(**params)
    if description:
        chart.description = description
    if not isinstance(chart, alt.VConcatChart | alt.HConcatChart | alt.ConcatChart):
        chart.autosize = FIT_WIDTH
    chart.config = alt.Config(
        axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, grid=False, **GUIDE_COLOURS),
        legend=alt.LegendConfig(**GUIDE_COLOURS),
        view=alt.ViewConfig(strokeWidth=0),
    )
    return chart


# -- time axes ---------------------------------------------------------------------------------
# A time axis of periods (weeks, months, runs) names the periods' own starts while they are
# few: Vega's ticks on a short range fall on other days ("Mon 23, Wed 25, Nov 29") in mixed
# formats ("Nov 29, December"), and name no period drawn. Up to MAX_TICKS starts are all
# named, up to MAX_NAMED_PERIODS every few; past that Vega picks its own (months, years).
MAX_TICKS = 6
MAX_NAMED_PERIODS = 24
# Ticks further apart than this name their year too.
YEARLESS_DAYS = 300


def period_ticks(starts: Any) -> tuple[tuple[int, int, int], ...]:
    """The axis values a chart takes from its data (for a builder's parts function): the
    distinct period starts in `starts` (dates or ISO text) as (year, month, day), every one
    up to MAX_TICKS, every k-th from the first up to MAX_NAMED_PERIODS; () past that, which
    `period_axis` leaves to Vega."""
    if isinstance(starts, pd.Series) and pd.api.types.is_datetime64_any_dtype(starts.dtype):
        # A column of date-times already (the usual case): no text to read, row by row.
        days = starts.dropna().dt.normalize()
    else:
        days = pd.to_datetime(pd.Series(list(starts), dtype=object)).dropna().dt.normalize()
    unique = days.drop_duplicates()
    if unique.empty or len(unique) > MAX_NAMED_PERIODS:
        return ()
    distinct = sorted(unique)
    step = -(-len(distinct) // MAX_TICKS)
    return tuple((d.year, d.month, d.day) for d in distinct[::step])


# A daily axis names every day of a range of up to MAX_DAY_TICKS days, every few days (at most
# MAX_DAY_TICKS of them, from the first) up to MAX_NAMED_DAYS, and past that leaves it to Vega.
MAX_DAY_TICKS = 7
MAX_NAMED_DAYS = 42


def day_ticks(*columns: Any) -> tuple[tuple[int, int, int], ...]:
    """The axis values of a daily time axis (for a builder's parts function): the days from the
    first to the last in `columns` (dates or ISO text; the range, not only the days with
    data), every one up to MAX_DAY_TICKS days, every k-th from the first up to MAX_NAMED_DAYS
    days; () past that or without a date, which `period_axis` leaves to Vega."""
    each = [pd.to_datetime(pd.Series(list(column), dtype=object)) for column in columns]
    days = pd.concat([pd.Series([], dtype="datetime64[ns]"), *each]).dropna().dt.normalize()
    if days.empty:
        return ()
    count = (days.max() - days.min()).days + 1
    if count > MAX_NAMED_DAYS:
        return ()
    step = -(-count // MAX_DAY_TICKS)
    shown = pd.date_range(days.min(), days.max(), freq=f"{step}D")
    return tuple((d.year, d.month, d.day) for d in shown)


def period_axis(ticks: tuple[tuple[int, int, int], ...], unit: str = "day", **kwds: Any) -> Any:
    """A temporal axis labelled exactly at `ticks` (from `period_ticks`), "%d %b" (with the
    year when they span most of one; "%b %Y" for months), or Vega's own ticks when there are
    none. Reads no data: the ticks come from the parts."""
    if not ticks:
        return alt.Axis(**kwds)
    first, last = (pd.Timestamp(*ticks[0]), pd.Timestamp(*ticks[-1]))
    if unit == "month":
        fmt = "%b %Y"
    elif (last - first).days > YEARLESS_DAYS:
        fmt = "%d %b %Y"
    else:
        fmt = "%d %b"
    values = [alt.DateTime(year=y, month=m, date=d) for y, m, d in ticks]
    return alt.Axis(values=values, format=fmt, labelAngle=0, **kwds)


_UNITS = ("s", "ms", "us", "ns")


def period_starts(first: Any, last: Any, unit: str, name: str | None = None) -> pd.DatetimeIndex:
    """`pd.date_range(first, last)` by 7 days ('week') or by month starts ('month'), the same
    index but for its freq, without pandas' month-by-month loop (10 ms at fifty years of
    months, against a tenth of a millisecond from NumPy's months)."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    if unit == "week":
        return pd.date_range(first, last, freq="7D", name=name)  # no loop there
    aligned = first == first.normalize() and first.day == 1
    if not aligned or first.tz is not None or last.tz is not None:
        return pd.date_range(first, last, freq="MS", name=name)
    months = np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)
    finest = max(_UNITS.index(first.unit), _UNITS.index(last.unit))
    return pd.DatetimeIndex(months.astype(f"datetime64[{_UNITS[finest]}]"), name=name)
