"""Sections: one pure function per section of a page (a chart, or figures with their words).

Every section function has the same shape::

    fn(store: Store, since: date | None, until: date, day_start_hour: int) -> Section

and returns a frozen `Section` (dashboard/sections/base.py): `key` ("mood.trend"), `data` (the
aggregated frame or record), `chart` and `args` (the chart builder and what to build it from:
`section.build()`; `chart` is None when there is nothing to draw), `caption` (the finding in
one sentence), `summary` (a one-line text alternative), `empty_text` (what to say instead of an
empty chart), `evidence` and `min_evidence` (the count the finding rests on and what a share,
window or trend needs; `section.enough`), `cards` (the guidance place, e.g.
("patterns", "heatmap")), `figures` (headline `Figure`s) and `notes` (further captions).

Modules by page: `mood` (mean, trend, weekday, emotions, activities), `patterns` (intro, when,
figures, triggers, mood_around, urge_before_break, urges_weekly), `no_contact` (calendar,
streaks, urges_vs_breaks), `cycles` (overview, milestones, timeline, periods, before_breakup),
`today` (standing, mood_today). A section that is one query drawn as one chart is declared as
a `OneQuery` (base.py) and read through it.

Decided here once, for the pages and the snapshot alike (base.py): the grain rules
(`mood_grain` from days logged, `calendar_unit` from the range's days, `actions_unit` from the
weeks' span), the evidence a finding needs (a share or "most of": 5 events; the
riskiest-window outline: 3 breaks in one cell; a trend: two weeks), and the words and rounding
(through dashboard/wording.py: mood at one decimal, whole percentages). No Streamlit here:
pages read sections through `dashboard.ui.reads.section(fn, since, until)` and lay them out with
`dashboard.ui.charts.show(section, until)`. There `store` is the cache's recording store: its
`query` and `settings` answer from the cache, so a section is built once until a write changes
a table it read, and the queries (the metrics among them) two sections share run once.
"""

from dashboard.sections.base import (
    MIN_CELL_BREAKS,
    MIN_SHARE_EVENTS,
    MIN_TREND_DAYS,
    Figure,
    Section,
    actions_unit,
    calendar_unit,
    mood_grain,
)

__all__ = [
    "MIN_CELL_BREAKS",
    "MIN_SHARE_EVENTS",
    "MIN_TREND_DAYS",
    "Figure",
    "Section",
    "actions_unit",
    "calendar_unit",
    "mood_grain",
]
