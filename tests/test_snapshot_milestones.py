"""A long period's milestone list: the PDF, HTML and preview list the latest 60 and count the
rest by kind; the JSON export keeps every one."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from dashboard import snapshot
from dashboard.store import Store

D = dt.date
START, END = D(2025, 1, 1), D(2026, 6, 30)
BREAKUPS = [D(2025, 1, 6), D(2025, 2, 3), D(2025, 3, 1)]
# 62 weekly sessions, Mondays from 3 Mar 2025 to 4 May 2026 (3 Mar + 61 weeks).
SESSIONS = [D(2025, 3, 3) + dt.timedelta(weeks=n) for n in range(62)]
SUMMARY = (
    "65 milestones in this period (Therapy session 62, Breakup 3). The latest 60 are listed "
    "here; the JSON export holds all 65."
)


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


@pytest.fixture
def report(make_store: Callable[..., Store]) -> snapshot.Report:
    rows = [{"on": d.isoformat(), "kind": "breakup", "title": ""} for d in BREAKUPS]
    rows += [{"on": d.isoformat(), "kind": "therapy_session", "title": ""} for d in SESSIONS]
    store = make_store(milestones=rows)
    return snapshot.build_report(store, START, END, sections=["milestones"])


def test_the_listed_milestones_are_the_latest_sixty(report: snapshot.Report) -> None:
    assert len(report.milestones) == 65
    listed = snapshot.listed_milestones(report)
    # The three breakups and the first two sessions (3 and 10 Mar 2025) are left off.
    assert [m.on for m in listed] == SESSIONS[2:]
    assert listed[0].on == D(2025, 3, 17) and listed[-1].on == D(2026, 5, 4)
    assert snapshot.milestones_left_out(report) == SUMMARY


def test_pdf_and_html_count_what_they_leave_off(report: snapshot.Report) -> None:
    reader = PdfReader(io.BytesIO(snapshot.render_pdf(report)))
    pdf = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    html = " ".join(snapshot.render_html(report).split())
    for text in (pdf, html):
        assert SUMMARY in text
        assert f"{day_text(D(2025, 3, 17))} — Therapy session" in text
        assert f"{day_text(D(2026, 5, 4))} — Therapy session" in text
        assert f"{day_text(D(2025, 3, 10))} — Therapy session" not in text
        assert "— Breakup" not in text
    assert html.count("— Therapy session</li>") == 60


def test_the_json_export_keeps_every_milestone(report: snapshot.Report) -> None:
    data = json.loads(json.dumps(snapshot.report_data(report), default=str))
    assert len(data["milestones"]) == 65
    assert data["milestones"][0]["on"] == "2025-01-06"
    assert data["milestones"][0]["kind"] == "breakup"


def test_sixty_milestones_are_all_listed(make_store: Callable[..., Store]) -> None:
    rows = [{"on": d.isoformat(), "kind": "therapy_session", "title": ""} for d in SESSIONS[:60]]
    report = snapshot.build_report(make_store(milestones=rows), START, END, sections=["milestones"])
    assert snapshot.listed_milestones(report) == report.milestones
    assert snapshot.milestones_left_out(report) == ""
