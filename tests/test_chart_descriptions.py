"""Every chart builder gives its chart a text alternative: a Vega-Lite `description` on the
top-level spec, which Vega turns into the drawing's aria-label (issue 13, point 3).

The builders are found by looking at the chart modules, so a new chart without a sample here
(and so without a checked description) fails the coverage test.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from dashboard import metrics, patterns
from dashboard.charts import cycles, mood, no_contact
from dashboard.charts import patterns as pattern_charts
from tests.test_charts_patterns import MOOD as CYCLE_MOOD
from tests.test_patterns import segments_of

MODULES: tuple[ModuleType, ...] = (mood, no_contact, pattern_charts, cycles)
D = dt.date


def builders() -> set[str]:
    """'module.function' for every public function of the chart modules that returns a chart."""
    found = set()
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            returns = str(inspect.signature(fn).return_annotation)
            if returns.startswith("alt.") and returns.endswith("Chart"):
                found.add(f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
    return found


# -- small frames, shaped like the queries' results ------------------------------------------
def daily_mood_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [(D(2026, 1, 1), 4.0, 1, 4.0), (D(2026, 1, 2), 6.0, 2, 5.0)],
        columns=["day", "mean_mood", "entries", "rolling_mean"],
    )


def weekly_mood_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [(D(2026, 1, 5), 6.0, 3, 5, 6.0)],
        columns=["week", "mean_mood", "days_logged", "entries", "rolling_mean"],
    )


def nc_days() -> pd.DataFrame:
    """Five days from Mon 5 Jan 2026, no contact from the 6th, a break on the 8th."""
    df = pd.DataFrame({"day": pd.date_range("2026-01-05", periods=5, freq="D")})
    df["in_nc"] = df["day"] >= pd.Timestamp("2026-01-06")
    df["breaks"] = [0, 0, 0, 1, 0]
    df["urges_resisted"] = [0, 1, 0, 0, 0]
    df["peeks"] = [0, 0, 1, 0, 0]
    df["state"] = ["not in no contact", "urge resisted", "peek", "break", "clean"]
    return df


def nc_weeks() -> pd.DataFrame:
    """The weekly rows the no-contact calendar draws for a very long history."""
    return pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-01-05", "2026-01-12"]),
            "year": [2026, 2026],
            "week_of_year": [2, 3],
            "days": [7, 7],
            "nc_days": [7, 5],
            "clean_days": [5, 5],
            "urge_days": [1, 0],
            "peek_days": [0, 0],
            "break_days": [1, 0],
            "breaks": [1, 0],
            "urges_resisted": [1, 0],
            "peeks": [0, 0],
        }
    )


def heat() -> tuple[pd.DataFrame, patterns.RiskWindow | None]:
    cells = pd.DataFrame([(5, 23, 3), (6, 23, 2)], columns=["weekday", "hour", "breaks"])
    grid = patterns.heatmap_grid(cells, 4)
    return grid, patterns.risk_window(grid, 4)


TRIGGERS = pd.DataFrame(
    [("loneliness", 2, 1, 0), ("song", 0, 2, 0)],
    columns=["trigger", "breaks", "resisted", "peeked"],
)
AROUND = pd.DataFrame(
    [("me", "before", 2, 2, 3.5), ("me", "after", 2, 1, 5.0)],
    columns=["initiator", "side", "contacts", "entries", "mean_mood"],
)
URGES = pd.DataFrame(
    [("before_break", 6, 7.5), ("other", 2, 1.5)], columns=["moment", "entries", "mean_urge"]
)
WEEKLY = pd.DataFrame(
    {
        "week": pd.to_datetime(["2026-01-05", "2026-01-12"]),
        "resisted": [1, 2],
        "peeked": [1, 0],
        "broke": [1, 0],
    }
)
MONTHS = patterns.monthly_actions(
    pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-01-01", "2026-03-01"]),
            "urges_resisted": [3, 1],
            "peeks": [1, 0],
            "breaks": [0, 1],
        }
    )
)
SEGMENTS = segments_of(
    [
        ("apart", "2025-06-01", "2025-06-20", False, True, 19),
        ("together", "2025-06-20", "2025-09-01", False, True, 73),
        ("apart", "2025-09-01", None, True, False, 91),
    ],
)
MILESTONES = pd.DataFrame(
    {
        "on": pd.to_datetime(["2025-06-01", "2025-06-20", "2025-09-01"]),
        "kind": ["breakup", "back_together", "breakup"],
        "title": ["", "", ""],
    }
)


def before_breakup(mood_logged: bool = True, contacts: bool = True) -> pd.DataFrame:
    end = pd.Timestamp("2025-06-01")
    rows = [
        (end, n, end - pd.Timedelta(days=n), int(mood_logged), 4.0 if mood_logged else None)
        + (int(contacts), 0)
        for n in range(14, 0, -1)
    ]
    columns = ["breakup_on", "days_before", "day", "mood_entries", "mean_mood"]
    return pd.DataFrame(rows, columns=[*columns, "contacts_me", "contacts_them"])


# Every builder with the arguments of each of its shapes (a chart that draws differently for
# weeks or months, or leaves a panel out, is checked in each form).
CASES: dict[str, list[Callable[[], tuple[Any, ...]]]] = {
    "mood.daily_mood": [lambda: (daily_mood_frame(),), lambda: (weekly_mood_frame(),)],
    "mood.weekday_mood": [
        lambda: (
            pd.DataFrame(
                [(1, "Mon", 4.0, 3, 1), (2, "Tue", 6.5, 2, 1)],
                columns=["weekday_num", "weekday", "mean_mood", "entries", "days_logged"],
            ),
        )
    ],
    "mood.emotions": [
        lambda: (
            pd.DataFrame(
                [("sad", 3, 0.6, 5, 4.3), ("calm", 2, 0.4, 5, 7.0)],
                columns=["emotion", "entries", "share", "total_entries", "mean_mood"],
            ),
        )
    ],
    "mood.activities": [
        lambda: (
            pd.DataFrame(
                [("friends", 3, 6.3, 1, 4.0, 2.3)],
                columns=[
                    "activity",
                    "days_with",
                    "mean_with",
                    "days_without",
                    "mean_without",
                    "difference",
                ],
            ),
        )
    ],
    "no_contact.calendar": [lambda: (nc_days(),), lambda: (nc_weeks(),)],
    "no_contact.streak_history": [lambda: (metrics.streak_history(nc_days()),)],
    "no_contact.urges_vs_breaks": [lambda: (no_contact.weekly_outcomes(nc_days()),)],
    "patterns.heatmap_chart": [lambda: heat(), lambda: (heat()[0], None)],
    "patterns.triggers_chart": [lambda: (patterns.trigger_table(TRIGGERS),)],
    "patterns.top_triggers_chart": [lambda: (TRIGGERS,)],
    "patterns.mood_contact_chart": [lambda: (AROUND, 5.0), lambda: (AROUND, None)],
    "patterns.urge_before_break_chart": [lambda: (URGES,)],
    "patterns.weekly_actions_chart": [lambda: (WEEKLY,), lambda: (MONTHS,)],
    "cycles.timeline_chart": [
        lambda: (SEGMENTS, MILESTONES, CYCLE_MOOD, D(2025, 12, 1)),
        lambda: (SEGMENTS, MILESTONES, CYCLE_MOOD.iloc[0:0], D(2025, 12, 1)),
    ],
    "cycles.milestones_chart": [lambda: (MILESTONES,)],
    "cycles.before_breakup_chart": [
        lambda: (before_breakup(),),
        lambda: (before_breakup(contacts=False),),
        lambda: (before_breakup(mood_logged=False),),
    ],
}
MODULE_BY_NAME = {m.__name__.rsplit(".", 1)[-1]: m for m in MODULES}


def build(name: str, make: Callable[[], tuple[Any, ...]]) -> dict[str, Any]:
    module, function = name.split(".")
    return getattr(MODULE_BY_NAME[module], function)(*make()).to_dict()


PARAMS = [
    pytest.param(name, make, id=f"{name}-{i}")
    for name, makers in CASES.items()
    for i, make in enumerate(makers)
]


def test_every_chart_builder_has_a_sample_here() -> None:
    """A chart builder added later is found, so it cannot go without a description check."""
    assert builders() == set(CASES)


@pytest.mark.parametrize(("name", "make"), PARAMS)
def test_the_chart_says_what_it_shows(name: str, make: Callable[[], tuple[Any, ...]]) -> None:
    spec = build(name, make)
    description = spec.get("description")
    assert isinstance(description, str) and description.strip(), f"{name} has no description"
    # A text alternative says more than the title already does.
    assert description != spec["title"]["text"]
    assert len(description.split()) >= 8, description


def test_descriptions_differ_from_chart_to_chart() -> None:
    """Each chart is described in its own words, not one sentence for all of them."""
    first = {name: build(name, makers[0])["description"] for name, makers in CASES.items()}
    # top_triggers_chart is triggers_chart on a table it makes: the same chart, same words.
    del first["patterns.top_triggers_chart"]
    assert len(set(first.values())) == len(first), first
