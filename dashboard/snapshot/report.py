"""Build the Report of a period: its figures from the metrics, its summary, charts, milestones
and key days. No Streamlit here: the page and the CLI both call `build_report`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard import metrics
from dashboard.schema import INTENT_LABELS, INTENTS, RED_FLAG_LABELS, RED_FLAGS
from dashboard.sections import hard_days
from dashboard.snapshot import images, key_days, summary, text
from dashboard.snapshot.model import (
    Milestone,
    Report,
    Situation,
    as_date,
    check_period,
    clean_sections,
)

if TYPE_CHECKING:
    from dashboard.store import Store


def figures(store: Store, start: dt.date, end: dt.date, dsh: int) -> dict[str, Any]:
    """The period's figures: its metrics, the previous period's mean mood, the entry counts."""
    result = metrics.compute(store, as_of=end, since=start)
    prev = summary.previous_mean(store, start, end)
    mean = result["mood"]["mean"]
    counts = {
        rec.kind: {"entries": int(rec.entries), "back_filled": int(rec.back_filled)}
        for rec in store.query(
            "snapshot_backfilled", {"day_start_hour": dsh, "since": start, "until": end}
        ).itertuples(index=False)
    }
    return {
        "metrics": result,
        "previous_mean": prev,
        "mood_change": None if mean is None or prev is None else round(mean - prev, 3),
        "counts": counts,
        "logged_days": summary.logged_days(store, start, end, dsh),
        "cycle_status": summary.cycle_status(store, start, end, dsh),
        "hard_days": hard_days.report(store, start, end, dsh),
    }


def _milestones(rows: pd.DataFrame, include_notes: bool) -> list[Milestone]:
    return [
        Milestone(
            on=as_date(r["on"]),
            kind=r["kind"],
            title=r["title"] or "",
            note=(r["note"] or "").strip() if include_notes else "",
        )
        for r in rows.to_dict("records")
    ]


def situation(settings: dict[str, Any]) -> Situation:
    """The intent and red flags of the Guidance page (the journal's settings), in my words."""
    intent = settings.get("intent") if settings.get("intent") in INTENTS else "undecided"
    ticked = set(settings.get("red_flags") or [])
    flags = tuple(f for f in RED_FLAGS if f in ticked)
    return Situation(
        intent=intent,
        intent_text=INTENT_LABELS[intent],
        red_flags=flags,
        red_flag_texts=tuple(text.first_person(RED_FLAG_LABELS[f]) for f in flags),
    )


def build_report(
    store: Store,
    start: dt.date,
    end: dt.date,
    *,
    include_notes: bool = False,
    topics: str = "",
    sections: Iterable[str] | None = None,
    include_situation: bool = False,
) -> Report:
    """Everything the snapshot of [start, end] shows; an empty period gives an honest report.

    The intent and red flags go in only with `include_situation` (the person's choice)."""
    check_period(start, end)
    chosen = clean_sections(sections)
    settings = store.settings()
    dsh = int(settings["day_start_hour"])
    figs = figures(store, start, end, dsh)
    milestone_rows = store.query(
        "metric_milestones", {"as_of": end, "since": start, "day_start_hour": dsh}
    )
    empty = sum(c["entries"] for c in figs["counts"].values()) == 0 and milestone_rows.empty
    report = Report(
        start=start,
        end=end,
        created_at=dt.datetime.now().replace(microsecond=0),
        include_notes=bool(include_notes),
        topics=topics.strip(),
        sections=chosen,
        figures=figs,
        summary=summary.summary(figs, start, end, len(milestone_rows)),
        definitions=text.definitions(dsh, (end - start).days + 1, include_notes, include_situation),
        empty=empty,
        break_days_total=int(figs["metrics"]["no_contact"]["break_days"]),
        situation=situation(settings) if include_situation else None,
    )
    if empty:
        return report
    report.charts = images.charts(store, start, end, dsh, chosen)
    if "milestones" in chosen:
        report.milestones = _milestones(milestone_rows, include_notes)
    if "key_days" in chosen:
        report.key_days = key_days.key_days(store, start, end, dsh, include_notes)
    return report
