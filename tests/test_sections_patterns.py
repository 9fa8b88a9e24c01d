"""Patterns sections on journals built in code: honest on thin data (1, 4 and 5 slips; three
breaks in one cell), and whole numbers on every count axis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from dashboard import guidance, metrics
from dashboard.sections import patterns as sections
from dashboard.sections.base import actions_unit
from dashboard.store import Store

# No contact from Thu 1 Jan 2026; the period is the whole history up to Sat 28 Feb 2026.
NC_START = dt.date(2026, 1, 1)
UNTIL = dt.date(2026, 2, 28)
HOUR = 4  # the default day-start hour
FRIDAY = dt.date(2026, 1, 9)
MONDAY = dt.date(2026, 1, 12)


def slip(day: dt.date, hour: int, minute: int = 0, **more: object) -> dict[str, object]:
    at = dt.datetime.combine(day, dt.time(hour, minute))
    return {"at": at, "initiator": "me", "channel": "text", **more}


def weeks(n: int) -> dt.timedelta:
    return dt.timedelta(weeks=n)


@pytest.fixture
def journal(make_store: Callable[..., Store]) -> Callable[[list[dict[str, object]]], Store]:
    def build(contacts: list[dict[str, object]]) -> Store:
        return make_store(
            name=f"slips{len(contacts)}",
            milestones=[{"on": NC_START, "kind": "no_contact_start", "title": ""}],
            contacts=contacts,
        )

    return build


def when(store: Store) -> sections.Section:
    return sections.when(store, None, UNTIL, HOUR)


def shares_in(section: sections.Section) -> list[str]:
    return [f.value for f in section.figures if f.value.endswith("%")]


def test_one_late_slip_is_a_count_not_a_pattern(journal) -> None:
    store = journal([slip(FRIDAY, 23, 30, got_response=False)])
    section = when(store)
    assert section.caption == "One late-night slip so far; patterns need more days."
    assert (section.evidence, section.min_evidence, section.enough) == (1, 5, False)
    grid, window, shares = section.args
    assert window is None and shares is False
    spec = section.build().to_dict()
    assert "riskiest" not in spec["description"] and "subtitle" not in spec["title"]
    titles = [t["title"] for layer in spec["layer"] for t in layer["encoding"]["tooltip"]]
    assert "% of your breaks" not in titles
    figures = sections.figures(store, None, UNTIL, HOUR)
    # No "Late at night 100%": the one late slip is a count.
    assert shares_in(figures) == []
    late = figures.figures[0]
    assert (late.label, late.value) == ("Late at night", "1")
    assert late.explanation == (
        "of your 1 break so far happened between 22:00 and 04:00, when tiredness lowers "
        "defences; a share shows from 5 breaks."
    )


def test_four_slips_still_say_the_count(journal) -> None:
    # Two late (Fri 23:00, Mon 01:00 = Sunday night), two in the day.
    store = journal(
        [slip(FRIDAY, 23), slip(MONDAY, 1), slip(MONDAY, 10), slip(MONDAY + weeks(1), 15)]
    )
    section = when(store)
    assert section.caption == "4 slips, 2 of them late at night, so far; patterns need more days."
    assert section.args[1] is None
    assert shares_in(sections.figures(store, None, UNTIL, HOUR)) == []


def test_five_slips_in_one_cell_give_a_share_and_the_outline(journal) -> None:
    # Three on Friday nights at 23:xx (one cell), two on Monday mornings at 10:xx.
    store = journal(
        [
            slip(FRIDAY, 23, 10, under_influence=True),
            slip(FRIDAY + weeks(1), 23, 20),
            slip(FRIDAY + weeks(2), 23, 40, got_response=True),
            slip(MONDAY, 10, got_response=False),
            slip(MONDAY + weeks(1), 10, got_response=False),
        ]
    )
    section = when(store)
    # The smallest window with at least half (3 of 5): the Friday 23:00 cell, 60%.
    assert section.caption == "Friday 23:00–00:00 holds 60% of your breaks (3 of 5)."
    assert section.enough
    window = section.args[1]
    assert (window.weekdays, window.start_hour, window.hours) == ((5,), 23, 1)
    assert "riskiest window" in section.summary
    figures = {f.label: f.value for f in sections.figures(store, None, UNTIL, HOUR).figures}
    # 3 of 5 late = 60%; 1 of 5 under the influence = 20%; replies noted on 3: a count, 1.
    assert figures["Late at night"] == "60%"
    assert figures["Under the influence"] == "20%"
    assert figures["Got a reply"] == "1"


def test_no_outline_without_three_breaks_in_one_cell(journal) -> None:
    # Five slips, never three in one cell: the share is said, the window is not outlined.
    store = journal(
        [
            slip(FRIDAY, 23),
            slip(FRIDAY + weeks(1), 23),
            slip(FRIDAY + dt.timedelta(days=1), 23),
            slip(MONDAY, 10),
            slip(MONDAY + dt.timedelta(days=1), 10),
        ]
    )
    section = when(store)
    # Friday and Saturday at 23:00 hold 3 of 5 = 60%.
    assert section.caption == "Friday and Saturday 23:00–00:00 hold 60% of your breaks (3 of 5)."
    assert section.args[1] is None
    assert "riskiest" not in section.summary
    assert "subtitle" not in section.build().to_dict()["title"]


def test_no_slips_says_why(journal) -> None:
    section = when(journal([]))
    assert section.chart is None
    assert section.empty_text.startswith("No breaks in this period. Every day you held")


def test_count_axes_are_whole_numbers(journal) -> None:
    store = journal([slip(FRIDAY, 23), slip(MONDAY, 10)])
    heat = when(store).build().to_dict()
    legend = heat["layer"][0]["encoding"]["color"]["condition"]["legend"]
    assert (legend["format"], legend["tickMinStep"]) == ("d", 1)
    weekly = sections.urges_weekly(store, None, UNTIL, HOUR)
    bars, _ = weekly.build().to_dict()["vconcat"]
    axis = bars["encoding"]["y"]["axis"]
    assert (axis["format"], axis["tickMinStep"]) == ("d", 1)
    # The legend sits beneath the panels (beside them it pushed the chart past a phone's width).
    assert bars["encoding"]["color"]["legend"]["orient"] == "bottom"
    # Two weeks of data: the bars stay narrow rather than half the chart wide.
    assert bars["mark"]["width"] <= 36
    # Two slips are no share: the caption counts them.
    assert (
        weekly.caption == "You reached out twice in 2 weeks, and no urge is logged on "
        "no-contact days. When an urge comes and passes, logging it counts it here as a win."
    )


def test_actions_unit_boundary() -> None:
    first = dt.date(2024, 1, 1)
    assert actions_unit(first, first + dt.timedelta(days=731)) == "week"
    assert actions_unit(first, first + dt.timedelta(days=732)) == "month"
    assert actions_unit(None, None) == "week"


def late_cards(store: Store) -> list[str]:
    ctx = guidance.build_context(metrics.compute(store, as_of=UNTIL), store.settings())
    return [c.id for c in guidance.cards_for(ctx, "patterns", "heatmap")]


def test_late_night_card_needs_five_slips(journal) -> None:
    # One slip at 23:30 is 100% late at night, yet one slip is not "at least half of your slips".
    assert late_cards(journal([slip(FRIDAY, 23, 30)])) == []
    five = [slip(FRIDAY + weeks(i), 23) for i in range(5)]
    assert late_cards(journal(five)) == ["late-nights"]
