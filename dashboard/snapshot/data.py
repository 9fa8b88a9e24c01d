"""The report as data (issue 15, point 1): what `tideline snapshot --out FILE.json` writes.

The same Report the PDF and the HTML are drawn from, so the same figures, period and options:
the section 4 figures under the names `metrics --json` gives them (no_contact, relapse, cycles,
mood, milestones, each the metrics record itself) and the hard days under theirs (mood_mean,
low_days, longest_low_run, min_mood, mood_range, support_card_days, periods,
backfilled_entries, top_emotions, activities). Numbers keep the precision of `metrics --json`;
the words (summary rows, captions) are the ones the PDF prints. Private notes are in it only
when the report was built with them (the Report itself leaves them out otherwise), the
topics only when that section was chosen, and the situation (intent, red flags) only when the
person chose to include it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dashboard.snapshot.model import KeyDay, Report, export_options

FORMAT = "tideline-snapshot/1"
# The hard days' figures, in the order page one gives them.
HARD_DAYS = (
    "mood_mean",
    "entries",
    "days_logged",
    "low_days",
    "low_day_dates",
    "longest_low_run",
    "min_mood",
    "mood_range",
    "support_card_days",
    "support_card_dates",
    "periods",
    "backfilled_entries",
    "top_emotions",
    "activities",
)
METRICS = ("no_contact", "relapse", "cycles", "mood", "milestones")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def figures(report: Report) -> dict[str, Any]:
    """The report's figures by name: the hard days, the comparison with the period before,
    the entry counts and the section 4 metrics of the period."""
    figs = report.figures
    hard = figs.get("hard_days") or {}
    status = {key: _iso(value) for key, value in figs["cycle_status"].items()}
    return {
        **{key: hard.get(key) for key in HARD_DAYS},
        "mood_mean": figs["metrics"]["mood"]["mean"],
        "previous_mood_mean": figs["previous_mean"],
        "mood_change": figs["mood_change"],
        "entry_counts": figs["counts"],
        "logged_days": figs["logged_days"],
        "cycle_status": status,
        **{key: figs["metrics"][key] for key in METRICS},
    }


def _key_day(day: KeyDay) -> dict[str, Any]:
    return {
        "day": day.day.isoformat(),
        "reasons": list(day.reasons),
        "mean_mood": day.mean_mood,
        "breaks": day.breaks,
        "entries": [{"at": e.at.isoformat(), "what": e.what, "note": e.note} for e in day.entries],
        "more_entries": day.more_entries,
    }


def report_data(report: Report) -> dict[str, Any]:
    """The whole report as one JSON-ready record."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "period": {
            "from": report.start.isoformat(),
            "to": report.end.isoformat(),
            "days": report.days,
        },
        "created_at": report.created_at.isoformat(),
        "options": export_options(
            report.include_notes, report.topics, report.sections, report.situation is not None
        ),
        "empty": report.empty,
        "figures": figures(report),
        "summary": [{"label": r.label, "value": r.value} for r in report.summary],
        "charts": [
            {"key": c.key, "title": c.title, "caption": c.caption, "alt": c.alt}
            for c in report.charts
        ],
        "milestones": [
            {"on": m.on.isoformat(), "kind": m.kind, "title": m.title, "note": m.note}
            for m in report.milestones
        ],
        "key_days": [_key_day(day) for day in report.key_days],
        "definitions": list(report.definitions),
    }
    if report.wants("topics"):
        out["topics"] = report.topics
    if report.situation is not None:
        sit = report.situation
        out["situation"] = {
            "intent": sit.intent,
            "intent_text": sit.intent_text,
            "red_flags": list(sit.red_flags),
            "red_flag_texts": list(sit.red_flag_texts),
        }
    return out


def render_json(report: Report) -> str:
    """The report as JSON text (UTF-8, indented for a person who opens it)."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"
