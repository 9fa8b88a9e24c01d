"""The therapist snapshot (PRODUCT.md section 9): a period's summary, charts as static images,
milestones and key days, rendered as a PDF (fpdf2, bundled DejaVu font) or one self-contained
HTML file. Private notes stay out unless the user opts in; every export is recorded (period and
options, never the content). No Streamlit here: the page and the CLI both call these functions.

The modules: model (the report's records), report (build it), summary and key_days (its parts),
images (the charts: each section drawn by its plot in plots/ as shapes, drawing.py, written
as SVG or into the PDF; the mood month and the mood chart's marks come from
dashboard/charts/mood_calendar.py and marks.py), text (its words), page_one (page one beside
the summary: the hard days), pdf and html (render it), data (the report as JSON), exports
(share and record it);
`tideline snapshot` is declared in dashboard.cli. This file only names what callers use.
"""

from dashboard.snapshot.data import render_json, report_data
from dashboard.snapshot.exports import (
    default_start,
    export,
    format_of,
    past_exports,
    record,
    render,
    sections_text,
)
from dashboard.snapshot.html import render_html
from dashboard.snapshot.model import (
    CHART_SECTIONS,
    KINDS,
    SECTIONS,
    ChartImage,
    DayEntry,
    KeyDay,
    Milestone,
    Report,
    Situation,
    SnapshotError,
    SummaryRow,
    check_period,
    describe_period,
)
from dashboard.snapshot.pdf import (
    PAGE_COUNT_ALIAS,
    needs_shaping,
    pdf_text,
    render_pdf,
)
from dashboard.snapshot.report import build_report
from dashboard.snapshot.summary import cycle_status, logged_days, previous_mean
from dashboard.snapshot.text import (
    EMPTY_TEXT,
    EMPTY_TITLE,
    KEY_DAYS_TITLE,
    MILESTONES_TITLE,
    NO_MILESTONES,
    NO_TOPICS,
    SITUATION_TITLE,
    TOPICS_TITLE,
    key_day_lines,
    key_day_title,
    key_days_intro,
    listed_milestones,
    milestone_note,
    milestone_text,
    milestones_left_out,
    situation_lines,
)

__all__ = [
    "CHART_SECTIONS",
    "EMPTY_TEXT",
    "EMPTY_TITLE",
    "KEY_DAYS_TITLE",
    "KINDS",
    "MILESTONES_TITLE",
    "NO_MILESTONES",
    "NO_TOPICS",
    "PAGE_COUNT_ALIAS",
    "SECTIONS",
    "SITUATION_TITLE",
    "TOPICS_TITLE",
    "ChartImage",
    "DayEntry",
    "KeyDay",
    "Milestone",
    "Report",
    "Situation",
    "SnapshotError",
    "SummaryRow",
    "build_report",
    "check_period",
    "cycle_status",
    "default_start",
    "describe_period",
    "export",
    "format_of",
    "key_day_lines",
    "key_day_title",
    "key_days_intro",
    "listed_milestones",
    "logged_days",
    "milestone_note",
    "milestone_text",
    "milestones_left_out",
    "needs_shaping",
    "past_exports",
    "pdf_text",
    "previous_mean",
    "record",
    "report_data",
    "render",
    "render_html",
    "render_json",
    "render_pdf",
    "sections_text",
    "situation_lines",
]
