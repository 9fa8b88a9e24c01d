"""Charts built once, fed new data (issue 14 point 3), over the demo story's own sections.

Every section chart is drawn through the spec cache over many periods of the demo story (the
same period moved on a day at a time, so the shape stays and the data changes) and compared
with the spec Altair builds from scratch for the same arguments: equal, dataset names and all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.charts.style import FED
from dashboard.sections import cycles, mood, no_contact, patterns
from dashboard.store import Store
from dashboard.ui import charts
from tests.conftest import build_demo
from tests.test_ui_spec_cache import empty_cache  # noqa: F401  (autouse: each test's own cache)

END = dt.date(2026, 3, 31)
SECTIONS = (
    mood.trend,
    mood.weekday,
    mood.emotions,
    mood.activities,
    patterns.when,
    patterns.triggers,
    patterns.urge_before_break,
    patterns.mood_around,
    patterns.urges_weekly,
    no_contact.calendar,
    no_contact.streaks,
    no_contact.urges_vs_breaks,
    cycles.milestones,
    cycles.timeline,
    cycles.before_breakup,
)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = build_demo(tmp_path_factory.mktemp("feed") / "demo.duckdb", end=END)
    with Store(path, read_only=True) as store:
        yield store


def periods() -> Iterator[tuple[dt.date | None, dt.date]]:
    """Each window length ending on one day after another (and the whole story)."""
    for days in (14, 30, 90, 365, 800):
        for back in range(0, 20, 4):
            until = END - dt.timedelta(days=back)
            yield until - dt.timedelta(days=days - 1), until
    for back in range(0, 9, 4):
        yield None, END - dt.timedelta(days=back)


def test_every_section_chart_fed_new_data_is_the_chart_altair_builds(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    fed: Counter[str] = Counter()
    drawn: Counter[str] = Counter()
    real_fed = charts._fed

    def counting_fed(template: Any, names: list[str], rows: list[Any]) -> dict[str, Any]:
        fed[current] += 1
        return real_fed(template, names, rows)

    monkeypatch.setattr(charts, "_fed", counting_fed)
    for since, until in periods():
        for fn in SECTIONS:
            section = fn(demo_store, since, until, 4)
            if section.chart is None:
                continue
            build = section.chart
            current = build.__qualname__
            drawn[current] += 1
            assert (build.__module__, build.__qualname__) in FED, current
            spec = charts._spec(build.__module__, build.__qualname__, section.args)
            assert spec == build(*section.args).to_dict(validate=False), (current, since, until)
    # Every builder the sections drew was fed new data, not only built; the demo's breakups do
    # not move with the period, so the chart before them is fed in test_ui_spec_cache.py.
    assert set(drawn) - set(fed) <= {"before_breakup_chart"}, set(drawn) - set(fed)
    assert len(drawn) >= 13, drawn


def test_a_write_moves_the_data_not_the_shape(tmp_path: Path) -> None:
    """A mood saved on the last day: the trend's spec is fed, not built, and still exact."""
    from dashboard.charts import mood as mood_charts

    path = build_demo(tmp_path / "demo.duckdb", end=END)
    since = END - dt.timedelta(days=29)
    with Store(path) as store:
        before = mood.trend(store, since, END, 4)
        charts._spec(mood_charts.__name__, "daily_mood", before.args)
        store.add("mood", {"at": "2026-03-31T21:00", "mood": 2})
        after = mood.trend(store, since, END, 4)
    assert not after.args[0].equals(before.args[0])
    built = []
    real = FED[(mood_charts.__name__, "daily_mood")]

    def counted(parts: Any) -> Any:
        built.append(parts)
        return real[1](parts)

    FED[(mood_charts.__name__, "daily_mood")] = (real[0], counted)
    try:
        spec = charts._spec(mood_charts.__name__, "daily_mood", after.args)
    finally:
        FED[(mood_charts.__name__, "daily_mood")] = real
    assert built == []
    assert spec == mood_charts.daily_mood(*after.args).to_dict(validate=False)
