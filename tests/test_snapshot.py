"""The therapist snapshot: figures equal the period's metrics, privacy, offline HTML, PDF, CLI.

The fixture is a small story whose figures are worked out by hand below (day start 04:00).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from dashboard import cli, metrics, snapshot, wording
from dashboard.store import Store

D = dt.date
START, END = D(2026, 3, 1), D(2026, 3, 7)  # 7 days; the previous period is 22–28 Feb


def mood_at(at: str, mood: int) -> dict:
    """A mood entry logged at the moment it describes (not back-filled)."""
    return {"at": at, "mood": mood, "created_at": at}


MOOD = [
    # Previous period (22–28 Feb): 4, 4 and the 02:00 entry of 1 March, which counts for 28 Feb.
    {"at": "2026-02-26T20:00", "mood": 4, "created_at": "2026-02-26T20:05"},
    {"at": "2026-02-27T20:00", "mood": 4, "created_at": "2026-02-27T20:05"},
    {"at": "2026-03-01T02:00", "mood": 1, "created_at": "2026-03-01T02:05"},
    # The period: 5, 2, 3, 7, 8, 6 on the tracking days 1, 2, 2, 4, 4, 7 March.
    {
        "at": "2026-03-01T20:00",
        "mood": 5,
        "note": "Walked by the sea",
        "private": False,
        "created_at": "2026-03-01T20:05",
    },
    {
        "at": "2026-03-02T21:00",
        "mood": 2,
        "emotions": ["lonely"],
        "note": "SECRET-PRIVATE-NOTE",
        "created_at": "2026-03-02T21:05",
    },
    {
        "at": "2026-03-02T23:00",
        "mood": 3,
        "note": "<script>alert(1)</script>",
        "private": False,
        "created_at": "2026-03-02T23:05",
    },
    # Logged two days later: back-filled.
    {"at": "2026-03-04T10:00", "mood": 7, "created_at": "2026-03-06T10:00"},
    {"at": "2026-03-05T02:00", "mood": 8, "created_at": "2026-03-05T02:30"},
    # Logged 23 h 59 min later: not back-filled (the line is more than 24 hours).
    {"at": "2026-03-07T20:00", "mood": 6, "created_at": "2026-03-08T19:59"},
]
CONTACTS = [
    # Break on 3 March (23:30 is still the 3rd).
    {
        "at": "2026-03-03T23:30",
        "initiator": "me",
        "channel": "text",
        "got_response": False,
        "trigger": "alcohol",
        "note": "Sent it anyway",
        "private": False,
        "created_at": "2026-03-04T08:00",
    },
    # Break on 5 March (01:00 on the 6th belongs to the 5th).
    {
        "at": "2026-03-06T01:00",
        "initiator": "me",
        "channel": "call",
        "trigger": "loneliness",
        "note": "CONTACT-PRIVATE",
        "created_at": "2026-03-06T01:10",
    },
    # The ex reached out: not a break.
    {
        "at": "2026-03-06T12:00",
        "initiator": "them",
        "channel": "text",
        "created_at": "2026-03-06T12:00",
    },
]
URGES = [
    {
        "at": "2026-03-02T22:00",
        "intensity": 7,
        "outcome": "resisted",
        "trigger": "loneliness",
        "created_at": "2026-03-02T22:00",
    },
    # Logged 36 hours later: back-filled.
    {
        "at": "2026-03-04T21:00",
        "intensity": 5,
        "outcome": "resisted",
        "created_at": "2026-03-06T09:00",
    },
    {
        "at": "2026-03-06T20:00",
        "intensity": 6,
        "outcome": "peeked",
        "created_at": "2026-03-06T20:00",
    },
]
MILESTONES = [
    {"on": "2026-02-20", "kind": "breakup", "title": "We broke up"},
    {"on": "2026-02-25", "kind": "no_contact_start", "title": "Day one"},
    {
        "on": "2026-03-03",
        "kind": "therapy_session",
        "title": "Session three",
        "note": "MILESTONE-NOTE-XYZ",
    },
    {"on": "2026-03-06", "kind": "breakup", "title": "Said goodbye properly"},
]
PRIVATE_TEXTS = ("SECRET-PRIVATE-NOTE", "CONTACT-PRIVATE", "MILESTONE-NOTE-XYZ")

# Hand-worked figures for 1–7 March:
#   mood entries 5, 2, 3, 7, 8, 6 -> 6 entries, mean 31 / 6 = 5.1666… (5.167 in the metrics),
#   read at one decimal: 5.2; days logged: 1, 2, 4 and 7 March -> 4 of 7.
#   previous period mean (4 + 4 + 1) / 3 = 3.0 -> change 5.167 − 3 = +2.167, read as the two
#   figures read: 5.2 − 3.0 = +2.2.
#   NC since 25 Feb and still open: all 7 days are NC days; breaks on the 3rd and 5th ->
#   breaks 2, break days 2, adherence 100 × (7 − 2) / 7 = 71.43 (71.4) -> a whole 71%.
#   break-free runs 1–2, 4, 6–7 -> longest streak 2. Urges resisted 2, peeks 1.
#   back-filled: the mood of 4 March 10:00 (48 h) and the urge of 4 March (36 h) -> 2 of
#   6 mood + 3 contacts + 3 urges = 12 entries.
#   cycles: the latest breakup or getting back together up to 7 March is the breakup of
#   6 March -> apart since 6 Mar 2026; dated in the period: 1 breakup, 0 reunions.
EXPECTED_LINES = (
    "Period 1 Mar 2026 – 7 Mar 2026 (7 days)",
    "Days logged 4 of 7 days have a mood entry",
    "Entries 6 mood entries, 3 contacts, 3 urges, 2 milestones",
    "Back-filled entries 2 of 12",
    "Mean mood 5.2 out of 10 (+2.2 against 3.0 in the previous 7 days)",
    "No-contact adherence 71% of 7 no-contact days had no break",
    "Breaks 2 on 2 days",
    "Urges resisted 2 (and 1 peek at their profile)",
    "Longest streak 2 days in a row without a break",
    "Cycle status apart since 6 Mar 2026 (1 breakup, 0 reunions in this period)",
)


@pytest.fixture
def story(make_store: Callable[..., Store]) -> Store:
    """The story in a database of its own (for tests that record exports)."""
    return make_store(mood=MOOD, contacts=CONTACTS, urges=URGES, milestones=MILESTONES)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The story once for the module's read-only tests (building charts takes a moment)."""
    with Store(tmp_path_factory.mktemp("snapshot") / "story.duckdb") as s:
        s.add_many({"mood": MOOD, "contacts": CONTACTS, "urges": URGES, "milestones": MILESTONES})
        yield s


@pytest.fixture(scope="module")
def report_of(shared: Store) -> Callable[..., snapshot.Report]:
    """build_report on the shared story for 1–7 March, each set of options built once."""
    built: dict[tuple, snapshot.Report] = {}

    def get(include_notes: bool = False, topics: str = "") -> snapshot.Report:
        key = (include_notes, topics)
        if key not in built:
            built[key] = snapshot.build_report(
                shared, START, END, include_notes=include_notes, topics=topics
            )
        return built[key]

    return get


def pdf_words(data: bytes) -> str:
    """All the PDF's text, whitespace collapsed (lines break where the layout puts them)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def html_words(text: str) -> str:
    return " ".join(text.split())


# -- summary figures ---------------------------------------------------------------------------
def test_metrics_for_the_period_are_the_hand_worked_numbers(shared: Store) -> None:
    m = metrics.compute(shared, as_of=END, since=START)
    assert m["mood"]["entries"] == 6
    assert m["mood"]["days_logged"] == 4
    assert m["mood"]["mean"] == 31 / 6  # 5.1666…: metrics keep full precision
    nc = m["no_contact"]
    assert (nc["nc_days"], nc["breaks"], nc["break_days"]) == (7, 2, 2)
    assert nc["adherence_pct"] == 100 * 5 / 7  # 71.428…
    assert nc["longest_streak_days"] == 2
    assert (nc["urges_resisted"], nc["peeks"]) == (2, 1)
    assert m["cycles"]["status"] == "apart"
    assert snapshot.previous_mean(shared, START, END) == 3.0


def test_pdf_summary_shows_the_metrics_of_the_period(shared: Store, report_of) -> None:
    report = report_of()
    m = metrics.compute(shared, as_of=END, since=START)
    # The report carries exactly the metrics dict (the figures are not recomputed elsewhere).
    assert report.figures["metrics"]["no_contact"] == m["no_contact"]
    assert report.figures["metrics"]["mood"] == m["mood"]
    assert report.figures["mood_change"] == 2.167
    data = snapshot.render_pdf(report)
    text = pdf_words(data)
    for line in EXPECTED_LINES:
        assert line in text, line
    first_page = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "Mean mood 5.2 out of 10" in first_page
    assert "1 Mar 2026 – 7 Mar 2026" in first_page.split("Summary")[0]  # header and title
    assert "Page 1 of" in first_page


def test_html_summary_has_the_same_figures(report_of) -> None:
    words = html_words(snapshot.render_html(report_of()))
    assert "<th>Mean mood</th><td>5.2 out of 10 (+2.2 against 3.0 in the previous 7 days)" in words
    assert "<th>No-contact adherence</th><td>71% of 7 no-contact days had no break" in words


def test_mood_change_without_a_previous_period(make_store: Callable[..., Store]) -> None:
    s = make_store(mood=[mood_at("2026-03-02T12:00", 6)])
    report = snapshot.build_report(s, START, END)
    row = next(r for r in report.summary if r.label == "Mean mood")
    assert row.value == "6.0 out of 10 (no mood entries in the previous 7 days to compare)"
    assert report.figures["mood_change"] is None


# -- privacy -----------------------------------------------------------------------------------
def test_private_notes_are_left_out_by_default(report_of) -> None:
    report = report_of()
    pdf, page = pdf_words(snapshot.render_pdf(report)), snapshot.render_html(report)
    for secret in PRIVATE_TEXTS:
        assert secret not in pdf
        assert secret not in page
    # Shareable notes are there.
    assert "Walked by the sea" in pdf and "Walked by the sea" in page
    assert "Sent it anyway" in pdf and "Sent it anyway" in page


def test_private_notes_are_included_when_asked(report_of) -> None:
    report = report_of(include_notes=True)
    pdf, page = pdf_words(snapshot.render_pdf(report)), snapshot.render_html(report)
    for secret in PRIVATE_TEXTS:
        assert secret in pdf
        assert secret in page


def test_key_days_are_the_lowest_mood_days_and_the_break_days(report_of) -> None:
    report = report_of()
    days = {k.day: k for k in report.key_days}
    # Logged days 1, 2, 4, 7 (all four are among the 5 lowest) and break days 3 and 5.
    assert sorted(days) == [D(2026, 3, d) for d in (1, 2, 3, 4, 5, 7)]
    assert days[D(2026, 3, 2)].mean_mood == 2.5  # (2 + 3) / 2
    assert days[D(2026, 3, 4)].mean_mood == 7.5  # (7 + 8) / 2
    assert days[D(2026, 3, 3)].breaks == 1
    assert days[D(2026, 3, 3)].reasons == ("a break",)
    whats = [e.what for e in days[D(2026, 3, 3)].entries]
    assert whats == ["Contact I started (text), no reply; trigger: alcohol"]
    # The private mood entry is listed, without its note.
    entries = days[D(2026, 3, 2)].entries
    assert [e.what for e in entries][0] == "Mood 2/10 — lonely"
    assert entries[0].note == ""


# -- HTML: offline and escaped -----------------------------------------------------------------
def test_html_is_self_contained_and_loads_nothing(report_of) -> None:
    page = snapshot.render_html(report_of(topics="Sleep"))
    targets = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page, flags=re.I)
    assert targets, "the charts should be embedded images"
    assert all(t.startswith("data:image/svg+xml;base64,") for t in targets)
    # Each chart's SVG is shapes and words only: nothing in it can load or run either.
    for target in targets:
        svg = base64.b64decode(target.split(",", 1)[1]).decode("utf-8")
        assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
        assert not re.search(r"<script|href|url\(|<foreignObject|\son\w+\s*=", svg, flags=re.I)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*https?://", page, flags=re.I)
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page
    assert "url(" not in page


def test_user_text_is_escaped(report_of) -> None:
    topics = 'Ask about "boundaries" <img src=x onerror=alert(2)>'
    page = snapshot.render_html(report_of(topics=topics))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<img src=x" not in page


# -- empty periods -----------------------------------------------------------------------------
def test_an_empty_period_gives_an_honest_snapshot(shared: Store) -> None:
    start, end = D(2025, 6, 1), D(2025, 6, 14)
    report = snapshot.build_report(shared, start, end)
    assert report.empty
    assert report.charts == [] and report.key_days == []
    pdf = pdf_words(snapshot.render_pdf(report))
    assert "No entries in this period" in pdf
    assert "Days logged 0 of 14 days have a mood entry" in pdf
    assert "Mean mood no mood entries in this period" in pdf
    page = snapshot.render_html(report)
    assert "No entries in this period." in page


def test_an_empty_database_gives_an_honest_snapshot(store: Store) -> None:
    report = snapshot.build_report(store, START, END)
    assert report.empty
    assert "No entries in this period" in pdf_words(snapshot.render_pdf(report))


def test_a_reversed_period_is_refused(shared: Store) -> None:
    with pytest.raises(snapshot.SnapshotError, match="start on or before"):
        snapshot.build_report(shared, END, START)


# -- PDF rendering -----------------------------------------------------------------------------
def test_pdf_renders_to_images_with_pdftoppm(report_of, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed")
    path = tmp_path / "s.pdf"
    path.write_bytes(snapshot.render_pdf(report_of()))
    pages = len(PdfReader(path).pages)
    done = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("page*.png"))) == pages >= 2


def test_characters_outside_the_font_fall_back_without_crashing(report_of) -> None:
    # U+1F984 (unicorn) and the CJK ideographs are not in DejaVu Sans; accents are.
    assert snapshot.pdf_text("a\U0001f984b") == "a□b"
    assert snapshot.pdf_text("漢字 café") == "□ café"
    # A family emoji glued with zero-width joiners gives one box, not five.
    assert snapshot.pdf_text("\U0001f469\u200d\U0001f469\u200d\U0001f467!") == "□!"
    report = report_of(topics="Ça va 🦄 漢字 — naïve")
    text = pdf_words(snapshot.render_pdf(report))
    assert "Ça va □ □ — naïve" in text


def test_right_to_left_text_is_shaped_in_logical_order(report_of) -> None:
    assert snapshot.needs_shaping("שלום") and snapshot.needs_shaping("I said مرحبا")
    assert not snapshot.needs_shaping("Ça va — naïve, Ελληνικά, русский")
    report = report_of(topics="שלום עולם\nمرحبا بك\nAfter: café")
    text = pdf_words(snapshot.render_pdf(report))
    # Unshaped, the Hebrew came out letter-reversed ("םלוע םולש") and the Arabic unjoined and
    # backwards; shaped, a reader extracts the words in the order they were typed.
    assert "שלום עולם" in text
    assert "مرحبا بك" in text
    assert "After: café" in text
    # In the HTML the browser does the shaping; dir="auto" sets each user paragraph's direction.
    assert '<div class="topics" dir="auto">שלום עולם' in snapshot.render_html(report)


def test_sections_choose_what_is_in_the_report(shared: Store) -> None:
    report = snapshot.build_report(shared, START, END, sections=["mood", "triggers"])
    assert [c.key for c in report.charts] == ["mood", "triggers"]
    assert report.key_days == [] and report.milestones == []
    text = pdf_words(snapshot.render_pdf(report))
    assert "Key days" not in text and "What I want to talk about" not in text
    with pytest.raises(snapshot.SnapshotError, match="unknown"):
        snapshot.build_report(shared, START, END, sections=["everything"])


def test_every_chart_has_an_image_and_a_caption(report_of) -> None:
    report = report_of()
    assert [c.key for c in report.charts] == list(snapshot.CHART_SECTIONS)
    for chart in report.charts:
        assert chart.drawing is not None and chart.drawing.ops, chart.key
        assert chart.drawing.width > 0 and chart.drawing.height > 0, chart.key
        assert chart.caption.endswith("."), chart.key
    assert len(report.milestones) == 2
    assert [m.title for m in report.milestones] == ["Session three", "Said goodbye properly"]


# -- export record -----------------------------------------------------------------------------
def test_export_is_recorded_without_its_content(story: Store, tmp_path: Path) -> None:
    assert snapshot.default_start(story, D(2026, 3, 20)) == D(2026, 2, 21)  # 28 days, none yet
    out = tmp_path / "s.html"
    data = snapshot.export(
        story, START, END, out, include_notes=True, topics="my secret topic", sections=None
    )
    assert out.read_bytes() == data
    rows = (
        story.cursor()
        .execute("SELECT kind, period_from, period_to, options FROM exports")
        .fetchall()
    )
    assert len(rows) == 1
    kind, start, end, options = rows[0]
    assert (kind, start, end) == ("snapshot_html", START, END)
    assert json.loads(options) == {
        "include_notes": True,
        "include_situation": False,
        "sections": list(snapshot.SECTIONS),
        "topics": True,
    }
    assert "secret" not in options and "Walked" not in options
    # "Since the last snapshot" starts the day after its end.
    assert snapshot.default_start(story, D(2026, 3, 20)) == D(2026, 3, 8)
    # A snapshot that reached today leaves today.
    assert snapshot.default_start(story, D(2026, 3, 7)) == D(2026, 3, 7)
    shared = snapshot.past_exports(story)
    assert list(shared["what"]) == ["Snapshot (HTML)"]
    assert list(shared["private notes"]) == ["included"]


def test_exports_list_is_newest_first(story: Store) -> None:
    snapshot.record(story, "pdf", D(2026, 1, 1), D(2026, 1, 14))
    snapshot.record(story, "html", D(2026, 2, 1), D(2026, 2, 14))
    rows = story.query("snapshot_exports", {"limit": 10})
    assert list(rows["kind"]) == ["snapshot_html", "snapshot_pdf"]
    assert snapshot.default_start(story, D(2026, 3, 1)) == D(2026, 2, 15)
    with pytest.raises(snapshot.SnapshotError):
        snapshot.record(story, "docx", START, END)


# -- queries (contract tests on the fixture) ---------------------------------------------------
def params(**extra: object) -> dict:
    return {"day_start_hour": 4, "since": START, "until": END, **extra}


def test_query_backfilled(shared: Store) -> None:
    df = shared.query("snapshot_backfilled", params())
    got = [(r.kind, int(r.entries), int(r.back_filled)) for r in df.itertuples(index=False)]
    assert got == [("mood", 6, 1), ("contacts", 3, 0), ("urges", 3, 1)]


def test_query_lowest_days(shared: Store) -> None:
    df = shared.query("snapshot_lowest_days", params(limit=2))
    got = [
        (r.day.date(), int(r.entries), float(r.mean_mood), int(r.min_mood)) for r in df.itertuples()
    ]
    # 2 March: (2 + 3) / 2 = 2.5; then 1 March: 5.
    assert got == [(D(2026, 3, 2), 2, 2.5, 2), (D(2026, 3, 1), 1, 5.0, 5)]


def test_query_break_days(shared: Store) -> None:
    df = shared.query("snapshot_break_days", params(limit=10))
    assert [(r.day.date(), int(r.breaks)) for r in df.itertuples()] == [
        (D(2026, 3, 3), 1),
        (D(2026, 3, 5), 1),
    ]
    # The latest one when limited, still oldest first.
    df = shared.query("snapshot_break_days", params(limit=1))
    assert [r.day.date() for r in df.itertuples()] == [D(2026, 3, 5)]


def test_query_day_entries_withholds_private_notes(shared: Store) -> None:
    args = {"day_start_hour": 4, "days": [D(2026, 3, 2), D(2026, 3, 5)]}
    df = shared.query("snapshot_day_entries", args | {"include_private": False})
    # 2 March: mood 21:00 (private), urge 22:00, mood 23:00; 5 March: contact at 01:00 on the 6th.
    assert list(df["kind"]) == ["mood", "urge", "mood", "contact"]
    assert list(df["note"]) == ["", "", "<script>alert(1)</script>", ""]
    assert list(df["private"]) == [True, True, False, True]
    df = shared.query("snapshot_day_entries", args | {"include_private": True})
    assert list(df["note"]) == [
        "SECRET-PRIVATE-NOTE",
        "",
        "<script>alert(1)</script>",
        "CONTACT-PRIVATE",
    ]


def test_query_last_snapshot_ignores_other_exports(story: Store) -> None:
    assert bool(story.query("snapshot_last")["period_to"].isna().iloc[0])
    story.record_export("tideline_json", None, None, {})
    assert bool(story.query("snapshot_last")["period_to"].isna().iloc[0])
    snapshot.record(story, "pdf", START, END)
    assert story.query("snapshot_last").iloc[0]["period_to"].date() == END
    # An older period exported afterwards does not move it back.
    snapshot.record(story, "html", START - dt.timedelta(days=60), START - dt.timedelta(days=30))
    assert story.query("snapshot_last").iloc[0]["period_to"].date() == END


# -- command line ------------------------------------------------------------------------------
def tideline(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dashboard.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    with Store(path) as s:
        s.add_many({"mood": MOOD, "contacts": CONTACTS, "urges": URGES, "milestones": MILESTONES})
    return path


def test_cli_snapshot_private_notes_only_with_the_flag(
    story_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In process (the subprocess path is covered by the error test below): same parser, faster.
    plain, full = tmp_path / "plain.html", tmp_path / "full.pdf"
    base = ["--db", str(story_file), "snapshot", "--from", "2026-03-01", "--to", "2026-03-07"]
    assert cli.main([*base, "--out", str(plain)]) == 0
    assert "private notes left out" in capsys.readouterr().out
    assert cli.main([*base, "--out", str(full), "--include-notes", "--topics", "Sleep"]) == 0
    page = plain.read_text(encoding="utf-8")
    assert all(secret not in page for secret in PRIVATE_TEXTS)
    text = pdf_words(full.read_bytes())
    assert all(secret in text for secret in PRIVATE_TEXTS)
    assert "Mean mood 5.2 out of 10" in text and "Sleep" in text
    with Store(story_file) as s:
        rows = s.cursor().execute("SELECT kind FROM exports ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["snapshot_html", "snapshot_pdf"]


def test_cli_snapshot_errors_are_one_line(
    story_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(story_file), "snapshot", "--from", "2026-03-07", "--to", "2026-03-01"]
    assert cli.main([*base, "--out", str(tmp_path / "x.pdf")]) == 1
    assert "must not be after" in capsys.readouterr().err
    base = ["--db", str(story_file), "snapshot", "--from", "2026-03-01", "--to", "2026-03-07"]
    assert cli.main([*base, "--out", str(tmp_path / "x.docx")]) == 1
    assert ".pdf, .html or .json" in capsys.readouterr().err
    # A century: one line, refused before the journal is read (issue 16 point 7).
    century = ["--from", "1900-01-01", "--to", "2026-03-07", "--out", str(tmp_path / "c.pdf")]
    assert cli.main([*base[:3], *century]) == 1
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and "at most 50 years" in said
    assert not (tmp_path / "c.pdf").exists()
    # As a real `python -m dashboard.cli` run: the missing database is one line, no traceback.
    done = tideline(
        "--db", str(tmp_path / "none.duckdb"), *base[2:], "--out", str(tmp_path / "x.pdf")
    )
    assert done.returncode == 1 and "no database" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- nothing logged is not perfect adherence ---------------------------------------------------
MARCH_1, MARCH_14 = D(2026, 3, 1), D(2026, 3, 14)  # 14 days
NC_SINCE_JANUARY = [
    {"on": "2025-09-12", "kind": "breakup", "title": "We broke up"},
    {"on": "2026-01-05", "kind": "no_contact_start", "title": "Day one"},
]


def summary_of(report: snapshot.Report) -> dict[str, str]:
    return {row.label: row.value for row in report.summary}


def test_nothing_logged_under_no_contact_says_so_instead_of_100_percent(
    make_store: Callable[..., Store],
) -> None:
    # No contact since 5 January (still open); the last entry is on 20 February.
    s = make_store(
        milestones=NC_SINCE_JANUARY,
        mood=[mood_at("2026-02-20T12:00", 5)],
    )
    report = snapshot.build_report(s, MARCH_1, MARCH_14)
    assert report.empty
    # By the metric's definition all 14 days are break-free: 100% and a 14-day streak. The
    # summary must not present that as a result when nothing at all was logged.
    nc = report.figures["metrics"]["no_contact"]
    assert (nc["nc_days"], nc["adherence_pct"], nc["longest_streak_days"]) == (14, 100.0, 14)
    expected = {
        "No-contact adherence": "no breaks logged — but nothing was logged in this period "
        "(14 no-contact days), so there is no figure",
        "Breaks": "none logged (nothing was logged in this period)",
        "Urges resisted": "none logged (nothing was logged in this period)",
        "Longest streak": "not counted — nothing was logged in this period",
    }
    pdf = pdf_words(snapshot.render_pdf(report))
    page = html_words(snapshot.render_html(report))
    for label, value in expected.items():
        assert f"{label} {value}" in pdf, label
        assert f"<th>{label}</th><td>{value}</td>" in page, label
    for text in (pdf, page):
        assert "No entries in this period" in text
        assert "100% of" not in text and "14 days in a row" not in text
        # A summary with figures is shown, so the notice must not say there are none.
        assert "no figures" not in text
        assert "there are no charts or key days to show" in text


def test_nothing_logged_on_the_no_contact_days_of_a_period(
    make_store: Callable[..., Store],
) -> None:
    # No contact starts on 10 March: 5 NC days (10–14); the entries are on 1 and 3 March only.
    s = make_store(
        milestones=[{"on": "2026-03-10", "kind": "no_contact_start", "title": "Day one"}],
        mood=[
            mood_at("2026-03-01T12:00", 4),
            mood_at("2026-03-03T12:00", 6),
        ],
    )
    rows = summary_of(snapshot.build_report(s, MARCH_1, MARCH_14, sections=[]))
    assert rows["No-contact adherence"] == (
        "no breaks logged — but nothing was logged on the 5 no-contact days, so there is no figure"
    )
    assert rows["Longest streak"] == "not counted — nothing was logged on the no-contact days"


def test_adherence_says_on_how_many_days_something_was_logged(
    make_store: Callable[..., Store],
) -> None:
    # Entries on 2, 5 and 9 March of 14 NC days; the contact I started on 5 March is a break:
    # adherence 100 × (14 − 1) / 14 = 92.857… -> a whole 93%.
    s = make_store(
        milestones=NC_SINCE_JANUARY,
        mood=[
            mood_at("2026-03-02T12:00", 4),
            mood_at("2026-03-05T12:00", 3),
        ],
        contacts=[
            {
                "at": "2026-03-05T20:00",
                "initiator": "me",
                "channel": "text",
                "created_at": "2026-03-05T20:00",
            }
        ],
        urges=[
            {
                "at": "2026-03-09T21:00",
                "intensity": 6,
                "outcome": "resisted",
                "created_at": "2026-03-09T21:00",
            }
        ],
    )
    report = snapshot.build_report(s, MARCH_1, MARCH_14, sections=[])
    rows = summary_of(report)
    assert rows["No-contact adherence"] == (
        "93% of 14 no-contact days had no break (entries on 3 of these 14 days)"
    )
    assert rows["Breaks"] == "1 on 1 day (contacts I started on a no-contact day)"
    # Longest break-free run: 6–14 March, 9 days.
    assert rows["Longest streak"] == "9 days in a row without a break"
    assert report.figures["logged_days"] == {
        "days_with_entries": 3,
        "nc_days": 14,
        "nc_days_with_entries": 3,
    }


def logged(store: Store, since: dt.date, until: dt.date) -> tuple[int, int, int]:
    row = store.query(
        "snapshot_logged_days", {"day_start_hour": 4, "since": since, "until": until}
    ).iloc[0]
    return int(row.days_with_entries), int(row.nc_days), int(row.nc_days_with_entries)


def test_query_logged_days(shared: Store) -> None:
    # 20 Feb – 3 Mar (12 days). Entries on the tracking days 26, 27, 28 Feb (the 02:00 mood of
    # 1 March), 1 and 2 March (moods, an urge) and 3 March (the 23:30 contact): 6 days.
    # NC since 25 Feb: 25 Feb – 3 Mar = 7 NC days, all but 25 Feb with an entry: 6.
    assert logged(shared, D(2026, 2, 20), D(2026, 3, 3)) == (6, 7, 6)
    # 3–9 March: entries on 3–7 March (the 01:00 call of the 6th counts for the 5th; the ex's
    # text and the peek are on the 6th); 8 and 9 March are empty. All 7 days are NC days.
    assert logged(shared, D(2026, 3, 3), D(2026, 3, 9)) == (5, 7, 5)
    # Before any entry or no contact.
    assert logged(shared, D(2026, 2, 1), D(2026, 2, 24)) == (0, 0, 0)


# -- cycle status from the whole history -------------------------------------------------------
CYCLES = [
    {"on": on, "kind": kind, "title": title}
    for on, kind, title in (
        ("2025-09-12", "breakup", "First breakup"),
        ("2025-11-01", "back_together", "Tried again"),
        ("2026-01-10", "breakup", "Second breakup"),
        ("2026-03-05", "therapy_session", "Session"),
        ("2026-03-20", "back_together", "Back together"),
        ("2026-03-25", "breakup", "Over again"),
    )
]


def test_cycle_status_is_as_of_the_period_end_from_the_whole_history(
    make_store: Callable[..., Store],
) -> None:
    s = make_store(milestones=CYCLES)
    # 1–14 March: the latest breakup/back_together up to 14 March is the breakup of 10 Jan;
    # none of the two kinds is dated in the period (the later ones are after its end).
    report = snapshot.build_report(s, MARCH_1, MARCH_14, sections=[])
    assert report.figures["metrics"]["cycles"]["status"] is None  # the in-period figure
    assert summary_of(report)["Cycle status"] == (
        "apart since 10 Jan 2026 (0 breakups, 0 reunions in this period)"
    )
    # 15–22 March: back together on 20 March, after the breakup of 10 January (before the
    # period): a reunion in this period.
    report = snapshot.build_report(s, D(2026, 3, 15), D(2026, 3, 22), sections=[])
    assert summary_of(report)["Cycle status"] == (
        "together since 20 Mar 2026 (0 breakups, 1 reunion in this period)"
    )
    # 15–31 March: together on the 20th, apart again on the 25th.
    report = snapshot.build_report(s, D(2026, 3, 15), D(2026, 3, 31), sections=[])
    assert summary_of(report)["Cycle status"] == (
        "apart since 25 Mar 2026 (1 breakup, 1 reunion in this period)"
    )


def test_cycle_status_without_any_breakup(make_store: Callable[..., Store]) -> None:
    s = make_store(milestones=[{"on": "2026-03-05", "kind": "therapy_session", "title": "S"}])
    report = snapshot.build_report(s, MARCH_1, MARCH_14, sections=[])
    assert summary_of(report)["Cycle status"] == (
        "no breakup or getting back together logged up to 14 Mar 2026"
    )


# -- the page count stand-in cannot be typed ---------------------------------------------------
def test_a_note_with_fpdf_page_count_alias_comes_out_verbatim(
    make_store: Callable[..., Store],
) -> None:
    note = "{nb} {{nb}}"
    s = make_store(
        mood=[
            {
                "at": "2026-03-02T12:00",
                "mood": 3,
                "note": note,
                "private": True,
                "created_at": "2026-03-02T12:00",
            }
        ],
        milestones=[{"on": "2026-03-03", "kind": "custom", "title": "T", "note": "x{nb}y"}],
    )
    report = snapshot.build_report(
        s, MARCH_1, MARCH_14, include_notes=True, topics="About {nb}", sections=None
    )
    data = snapshot.render_pdf(report)
    text = pdf_words(data)
    assert f"“{note}”" in text
    assert "Note: x{nb}y" in text
    assert "About {nb}" in text
    # The footer still counts the pages.
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    # The stand-in itself cannot come from user text: its control characters are dropped.
    assert snapshot.PAGE_COUNT_ALIAS not in snapshot.pdf_text(f"a{snapshot.PAGE_COUNT_ALIAS}b")


# -- what the list of exports says -------------------------------------------------------------
def exported_options(story: Store) -> list[dict]:
    rows = story.cursor().execute("SELECT options FROM exports ORDER BY id").fetchall()
    return [json.loads(r[0]) for r in rows]


def test_topics_are_recorded_only_when_their_section_went_out(story: Store) -> None:
    snapshot.record(story, "pdf", START, END, topics="sleep", sections=["mood"])
    snapshot.record(story, "pdf", START, END, topics="   ", sections=["topics"])
    snapshot.record(story, "pdf", START, END, topics="sleep", sections=["topics", "key_days"])
    snapshot.record(story, "html", START, END, topics="sleep", sections=None)
    snapshot.record(story, "html", START, END, topics="", sections=None)
    snapshot.record(story, "html", START, END, topics="sleep", sections=[])
    # Words typed while the topics section is off did not go out; blank words are none.
    topics = [o["topics"] for o in exported_options(story)]
    assert topics == [False, False, True, True, False, False]
    shared = snapshot.past_exports(story)
    assert list(shared.columns) == [
        "when",
        "what",
        "period",
        "sections",
        "private notes",
        "my situation",
    ]
    # Newest first.
    assert list(shared["sections"]) == [
        "summary only",
        "all (no topics written)",
        "all",
        "topics, key days",
        "topics (none written)",
        "mood",
    ]


# -- one number rule: mood at one decimal, whole percentages (wording) ------------------------
def test_the_mean_mood_reads_as_the_wording_module_reads_it(
    make_store: Callable[..., Store],
) -> None:
    # The period (1–7 March): 6, 6, 7, 6 -> 25 / 4 = 6.25, half-up at one decimal: 6.3 (not
    # the 6.25 of the metrics, nor a banker's 6.2). The 7 days before: 5 and 6 -> 5.5.
    # Change as the two figures read: 6.3 − 5.5 = +0.8.
    s = make_store(
        mood=[
            mood_at("2026-02-24T12:00", 5),
            mood_at("2026-02-27T12:00", 6),
            mood_at("2026-03-01T12:00", 6),
            mood_at("2026-03-02T12:00", 6),
            mood_at("2026-03-02T18:00", 7),
            mood_at("2026-03-05T12:00", 6),
        ]
    )
    report = snapshot.build_report(s, START, END, sections=["mood", "key_days"])
    mean = wording.mood((6 + 6 + 7 + 6) / 4)
    assert mean == "6.3"
    assert summary_of(report)["Mean mood"] == (
        f"{mean} out of 10 (+0.8 against {wording.mood((5 + 6) / 2)} in the previous 7 days)"
    )
    # The chart's caption says the same mean as the summary (not a mean of daily means).
    (chart,) = report.charts
    assert chart.caption.startswith(f"My mood averaged {mean} over 3 logged days")
    # A key day's mean at one decimal too: 2 March (6 + 7) / 2 = 6.5, 1 March 6 -> 6.0.
    titles = [snapshot.key_day_title(day) for day in report.key_days]
    assert "Mon 2 Mar 2026 — mean mood 6.5 (one of the lowest-mood days)" in titles
    assert "Sun 1 Mar 2026 — mean mood 6.0 (one of the lowest-mood days)" in titles
    text = pdf_words(snapshot.render_pdf(report))
    assert f"Mean mood {mean} out of 10" in text


def test_the_change_in_mean_mood_reads_as_the_two_figures_read() -> None:
    from dashboard.snapshot.summary import mood_change_text

    assert mood_change_text(5.167, 3.0) == "+2.2"  # 5.2 − 3.0
    assert mood_change_text(4.96, 5.44) == "-0.4"  # 5.0 − 5.4
    # 5.04 and 4.96 both read 5.0: no change, though the exact difference is 0.08.
    assert mood_change_text(5.04, 4.96) == "no change"


THREE_DECIMALS = re.compile(r"\d\.\d{3}")


def test_no_figure_in_the_pdf_or_the_html_has_three_decimals(report_of) -> None:
    report = report_of(include_notes=True)
    pdf = pdf_words(snapshot.render_pdf(report))
    page = html_words(snapshot.render_html(report))
    assert "5.2" in pdf and "71%" in pdf
    assert not THREE_DECIMALS.findall(pdf)
    assert not THREE_DECIMALS.findall(page)


# -- the grain is the pages' ----------------------------------------------------------------
def test_the_mood_chart_turns_weekly_past_two_years_of_logged_days_like_the_page(
    make_store: Callable[..., Store],
) -> None:
    # One mood a day for 800 days: 800 rows (far under the 5,000 rows of a chart) but more
    # than two years (731) of logged days, so the Mood page draws weeks, and so does the
    # snapshot.
    first = D(2024, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range(800)]
    s = make_store(mood=[{"at": f"{d}T12:00", "mood": 5, "created_at": f"{d}T12:00"} for d in days])
    report = snapshot.build_report(s, first, days[-1], sections=["mood"])
    (chart,) = report.charts
    assert "logged weeks" in chart.caption, chart.caption
    assert chart.caption.startswith("My mood averaged 5.0 over")


# -- one voice: the snapshot is the person speaking -------------------------------------------
def test_page_words_become_mine() -> None:
    first_person = snapshot.text.first_person
    assert first_person("Your mood averaged 6.1 over 25 logged days.") == (
        "My mood averaged 6.1 over 25 logged days."
    )
    assert first_person("27 had no contact from you: 7 with an urge you resisted") == (
        "27 had no contact from me: 7 with an urge I resisted"
    )
    assert first_person("2.0 contacts a day between you") == "2.0 contacts a day between us"
    assert first_person("You are still in this") == "I am still in this"
    # What a caption quotes is the person's own word for a trigger: it stays as typed.
    assert first_person("you resisted “saw your post” 4 times") == (
        "I resisted “saw your post” 4 times"
    )


@pytest.fixture(scope="module")
def demo_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert cli.main(["--db", str(path), "demo"]) == 0
    return path


SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
# The person's own words: in quotes in the PDF, in blockquotes in the HTML (and the images'
# base64 text, which may spell anything).
QUOTED = re.compile("“[^”]*”|<blockquote[^>]*>.*?</blockquote>|<img[^>]*>")


def test_the_demo_snapshot_speaks_in_the_first_person(demo_journal: Path) -> None:
    # The snapshot holds no guidance cards, so nothing in it quotes the guides; what is in
    # quotes is the person's own (notes, trigger words) and is left as they wrote it. Six
    # months: the whole demo story, every chart drawn.
    today = metrics.today(4)
    with Store(demo_journal) as s:
        report = snapshot.build_report(s, today - dt.timedelta(days=181), today)
        pdf = pdf_words(snapshot.render_pdf(report))
        page = snapshot.render_html(report)
    assert "My mood averaged" in pdf
    for text in (pdf, html_words(page)):
        mine = QUOTED.sub("", text)
        assert not SECOND_PERSON.findall(mine), [
            mine[max(0, m.start() - 60) : m.end() + 20] for m in SECOND_PERSON.finditer(mine)
        ]
    assert not THREE_DECIMALS.findall(pdf)
