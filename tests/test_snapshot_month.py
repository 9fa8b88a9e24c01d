"""The mood month, the marks on the mood chart, the situation by choice, the milestone titles and
the longest period (issue 15 points 3-5, issue 16 point 7), on the hand-built journal of
tests/test_sections_hard_days.py (14 days, 10-23 March 2026) with a therapy session, a milestone
of my own and a situation ticked on the Guidance page. Expected values worked out by hand."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli, snapshot
from dashboard.charts import marks, mood_calendar
from dashboard.charts.mood import daily_mood
from dashboard.sections import hard_days
from dashboard.store import Store
from tests.test_sections_hard_days import HOUR, SINCE, UNTIL, build
from tests.test_snapshot import html_words, pdf_words

D = dt.date
EXTRA_MILESTONES = [
    {"on": "2026-03-17", "kind": "therapy_session", "title": " THERAPY "},
    {"on": "2026-03-19", "kind": "custom", "title": "Moved flat"},
]
SETTINGS = {"intent": "move_on", "red_flags": ["threats", "fear"]}
# What the situation says, in my words (the Guidance page's order: fear before threats).
SITUATION_WORDS = (
    "What I hope for: I want to move on.",
    "Being afraid of them, or of how they might react",
    "Threats: to hurt me or someone else, or to share private things",
)


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("month") / "journal.duckdb"
    store = build(path)
    store.add_many({"milestones": EXTRA_MILESTONES}, settings=SETTINGS)
    store.close()
    yield path


@pytest.fixture(scope="module")
def reports(journal_file: Path) -> Iterator[dict[bool, snapshot.Report]]:
    """The report of 10-23 March without and with the situation."""
    with Store(journal_file) as store:
        # With the situation, the summary alone is enough (its charts would cost a second).
        yield {
            False: snapshot.build_report(store, SINCE, UNTIL),
            True: snapshot.build_report(store, SINCE, UNTIL, include_situation=True, sections=()),
        }


# -- the mood month ---------------------------------------------------------------------------
def test_calendar_cells_of_march(journal_file: Path) -> None:
    with Store(journal_file) as store:
        daily = hard_days.daily(store, SINCE, UNTIL, HOUR)
    cells = mood_calendar.cells(daily, SINCE, UNTIL)
    # One month block, a cell for each of March's 31 days: 1-9 and 24-31 outside the period,
    # 10, 11, 12, 14, 15, 16, 17, 18, 20, 21, 23 logged, 13, 19 and 22 empty.
    assert list(cells["month"].unique()) == ["March 2026"]
    assert len(cells) == 31
    by_state = cells.groupby("state")["n"].apply(list).to_dict()
    assert by_state["empty"] == [13, 19, 22]
    assert by_state["logged"] == [10, 11, 12, 14, 15, 16, 17, 18, 20, 21, 23]
    assert len(by_state["outside"]) == 17
    # Hard days (lowest mood 3 or less): 10 (3), 11 (2), 14 (1), 15 (3), 16 (3).
    assert list(cells.loc[cells["low"], "n"]) == [10, 11, 14, 15, 16]
    # 1 March 2026 is a Sunday (first row, last column); 10 March, a Tuesday, is in row 2
    # with the mean of its 3 and 7.
    first = cells.iloc[0]
    assert (first["row"], first["weekday"]) == (0, mood_calendar.WEEKDAY_LETTERS[6])
    tenth = cells[cells["n"] == 10].iloc[0]
    assert (tenth["row"], tenth["weekday"], tenth["mood"]) == (2, "T", 5.0)
    assert mood_calendar.caption(daily, SINCE, UNTIL) == (
        "March 2026: 11 of 14 days have a mood entry (the dashed squares have none); "
        "5 hard days outlined (a lowest mood of 3 or less)."
    )


def test_a_long_period_shows_its_latest_six_months() -> None:
    months = mood_calendar.shown_months(D(2016, 1, 15), D(2026, 3, 23))
    assert months == [D(2025, 10, 1), D(2025, 11, 1), D(2025, 12, 1)] + [
        D(2026, m, 1) for m in (1, 2, 3)
    ]
    # January 2016 to March 2026: 10 years of 12 months and 3 more.
    assert mood_calendar.period_months(D(2016, 1, 15), D(2026, 3, 23)) == 123
    daily = pd.DataFrame({"day": [D(2026, 3, 2)], "entries": [1], "mood_mean": [4.0], "low": [0]})
    said = mood_calendar.caption(daily, D(2016, 1, 15), D(2026, 3, 23))
    assert said.startswith("The latest 6 of the period's 123 months, October 2025 to March 2026")
    assert mood_calendar.shown_months(D(2026, 2, 27), D(2026, 3, 2)) == [
        D(2026, 2, 1),
        D(2026, 3, 1),
    ]


def test_the_calendar_is_an_image_named_a_calendar(reports: dict) -> None:
    report = reports[False]
    calendar = next(c for c in report.charts if c.key == "calendar")
    assert calendar.drawing is not None and calendar.drawing.ops
    assert calendar.alt.startswith("Calendar of my mood")
    assert calendar.caption.startswith("March 2026: 11 of 14 days")
    assert f'<img alt="{html.escape(calendar.alt)}"' in snapshot.render_html(report)
    assert calendar.caption.split(":")[0] in pdf_words(snapshot.render_pdf(report))
    assert [c.key for c in report.charts][:2] == ["mood", "calendar"]
    assert json.loads(snapshot.render_json(report))["charts"][1]["alt"] == calendar.alt


# -- the marks on the mood chart --------------------------------------------------------------
def test_marks_frame_and_the_layer_they_draw() -> None:
    milestones = pd.DataFrame(
        {"on": [D(2026, 3, 3), D(2026, 3, 6)], "kind": ["therapy_session", "breakup"]}
    )
    breaks = pd.DataFrame({"day": [D(2026, 3, 3), D(2026, 3, 4)], "breaks": [2, 0]})
    frame = marks.marks_frame(milestones, breaks)
    assert list(frame["what"]) == [marks.SESSION, marks.MILESTONE, marks.BREAK]
    assert list(frame["day"]) == ["2026-03-03T00:00:00", "2026-03-06T00:00:00"] + [
        "2026-03-03T00:00:00"
    ]
    assert marks.counts(frame) == {marks.MILESTONE: 1, marks.SESSION: 1, marks.BREAK: 1}
    df = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-03-03", "2026-03-04"]),
            "mean_mood": [4.0, 6.0],
            "rolling_mean": [4.0, 5.0],
            "entries": [1, 1],
        }
    )
    chart = daily_mood(df)
    spec = marks.with_marks(chart, frame).to_dict()  # validates against Vega-Lite's schema
    drawn = spec["layer"][0]["layer"]
    assert [layer["mark"]["type"] for layer in drawn] == ["rule", "point"]
    assert drawn[0]["encoding"]["color"]["scale"]["domain"] == [
        marks.MILESTONE,
        marks.SESSION,
        marks.BREAK,
    ]
    assert spec["resolve"] == {"scale": {"color": "independent"}}
    # Nothing to mark: the chart as it was.
    assert marks.with_marks(chart, frame.iloc[0:0]) is chart


def test_the_mood_caption_counts_the_marks(reports: dict) -> None:
    mood = next(c for c in reports[False].charts if c.key == "mood")
    # In 10-23 March: the custom milestone of 19 March, the session of 17 March, and breaks on
    # 12 and 15 March (the milestone of 20 February is before the period).
    assert mood.caption.endswith(
        "Lines mark 1 milestone and 1 therapy session (dashed); triangles mark 2 days with a break."
    )
    assert snapshot.text.marks_sentence({marks.BREAK: 1}) == "Triangles mark 1 day with a break."
    assert snapshot.text.marks_sentence({}) == ""


def test_more_marks_of_a_kind_than_the_chart_can_carry_are_left_off_and_said() -> None:
    # 61 weekly therapy sessions (over the limit of 60), 60 milestones (at it), 2 break days.
    days = pd.date_range("2026-01-05", periods=61, freq="7D")
    milestones = pd.DataFrame(
        {
            "on": [*days, *pd.date_range("2026-01-06", periods=60, freq="D")],
            "kind": ["therapy_session"] * 61 + ["custom"] * 60,
        }
    )
    breaks = pd.DataFrame({"day": days[:2], "breaks": [1, 3]})
    kept, left_off = marks.thin(marks.marks_frame(milestones, breaks))
    assert left_off == {marks.SESSION: 61}
    assert marks.counts(kept) == {marks.MILESTONE: 60, marks.SESSION: 0, marks.BREAK: 2}
    assert snapshot.text.marks_sentence(marks.counts(kept), left_off) == (
        "Lines mark 60 milestones; triangles mark 2 days with a break. "
        "Not marked, too many for the chart: 61 therapy sessions."
    )


# -- a milestone's title only when it adds to its kind ----------------------------------------
def test_a_title_that_repeats_its_kind_is_left_out(reports: dict) -> None:
    texts = [snapshot.milestone_text(m) for m in reports[False].milestones]
    assert texts == ["17 Mar 2026 — Therapy session", "19 Mar 2026 — Other: Moved flat"]
    ms = snapshot.Milestone
    for kind, title, said in (
        ("therapy_session", "Therapy", "Therapy session"),
        ("therapy_session", "therapy session", "Therapy session"),
        ("therapy_session", "Session three", "Therapy session: Session three"),
        ("the_talk", " The TALK ", "The talk"),
        ("custom", "", "Other"),
    ):
        assert snapshot.milestone_text(ms(D(2026, 3, 1), kind, title, "")) == f"1 Mar 2026 — {said}"


# -- the situation, by choice -----------------------------------------------------------------
def _outputs(report: snapshot.Report) -> dict[str, str]:
    return {
        "json": snapshot.render_json(report),
        "html": html_words(snapshot.render_html(report)),
        "pdf": pdf_words(snapshot.render_pdf(report)),
    }


def test_the_situation_stays_out_unless_asked(reports: dict) -> None:
    assert reports[False].situation is None
    for fmt, words in _outputs(reports[False]).items():
        for said in (*SITUATION_WORDS, "My situation", "move on", "Threats", "afraid"):
            assert said not in words, (fmt, said)
    doc = json.loads(snapshot.render_json(reports[False]))
    assert "situation" not in doc and doc["options"]["include_situation"] is False
    # The note on definitions says it was left out, as it says of private notes.
    assert "What I hope for and any red flags I ticked are left out." in reports[False].definitions


def test_the_situation_when_asked(reports: dict) -> None:
    for fmt, words in _outputs(reports[True]).items():
        # The JSON holds the intent's own words ("I want to move on"), the files a sentence.
        assert fmt == "json" or "My situation" in words, fmt
        for said in (
            SITUATION_WORDS[0].removeprefix("What I hope for: ")[:-1],
            *SITUATION_WORDS[1:],
        ):
            assert said in words, (fmt, said)
    doc = json.loads(snapshot.render_json(reports[True]))
    assert doc["options"]["include_situation"] is True
    assert "I chose to include what I hope for and the red flags I ticked." in doc["definitions"]
    assert doc["situation"]["intent"] == "move_on"
    assert doc["situation"]["red_flags"] == ["fear", "threats"]


def test_the_situation_without_red_flags() -> None:
    situation = snapshot.report.situation({"intent": "reconcile", "red_flags": []})
    assert snapshot.situation_lines(situation) == [
        "What I hope for: I hope we can try again.",
        "I ticked none of the red flags on the Guidance page.",
    ]


def test_the_situation_option_is_recorded(
    journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The charts are not what is tested here: drawn as none, the two exports take a moment.
    monkeypatch.setattr(snapshot.report.images, "charts", lambda *period: [])
    left_out, included = tmp_path / "out.json", tmp_path / "in.json"
    with Store(journal_file) as store:
        snapshot.export(store, SINCE, UNTIL, left_out)
        snapshot.export(store, SINCE, UNTIL, included, include_situation=True)
        recorded = [json.loads(o) for o in store.query("snapshot_exports", {"limit": 2})["options"]]
        shared = snapshot.past_exports(store)
    assert "Threats" not in left_out.read_text(encoding="utf-8")
    assert "Threats" in included.read_text(encoding="utf-8")
    assert [o["include_situation"] for o in recorded] == [True, False]  # newest first
    # Whether it went out, never what it said.
    assert "fear" not in json.dumps(recorded) and "move_on" not in json.dumps(recorded)
    assert list(shared["my situation"][:2]) == ["included", "left out"]


def test_cli_include_situation(
    journal_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(snapshot.report.images, "charts", lambda *period: [])
    argv = ["--db", str(journal_file), "snapshot", "--from", "2026-03-10", "--to", "2026-03-23"]
    left_out, included = tmp_path / "out.html", tmp_path / "in.html"
    assert cli.main([*argv, "--out", str(left_out)]) == 0
    assert "my situation left out" in capsys.readouterr().out
    assert cli.main([*argv, "--out", str(included), "--include-situation"]) == 0
    assert "my situation in it" in capsys.readouterr().out
    assert "Threats" not in left_out.read_text(encoding="utf-8")
    assert "Threats: to hurt me" in included.read_text(encoding="utf-8")


# -- the longest period -----------------------------------------------------------------------
def test_a_period_over_fifty_years_is_refused_before_anything_is_computed() -> None:
    end = D(2026, 3, 23)
    snapshot.check_period(end - dt.timedelta(days=snapshot.model.MAX_DAYS - 1), end)
    for start in (end - dt.timedelta(days=snapshot.model.MAX_DAYS), D(1926, 3, 23)):
        with pytest.raises(snapshot.SnapshotError, match="at most 50 years"):
            snapshot.check_period(start, end)
