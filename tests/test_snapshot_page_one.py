"""The snapshot's page one and the report as data (issue 15, points 1 and 2) on the hand-built
journal of tests/test_sections_hard_days.py: the JSON against `metrics --json` on the figures
they share, the PDF's page one and the HTML's text against the JSON, private notes only when
asked."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard import cli, snapshot, wording
from dashboard.store import Store
from dashboard.ui import session
from tests.test_sections_hard_days import SINCE, UNTIL, build
from tests.test_snapshot_page import demo_db, open_page  # noqa: F401 (demo_db: a fixture)

FROM, TO = SINCE.isoformat(), UNTIL.isoformat()


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("page_one") / "journal.duckdb"
    store = build(path)
    # A private note and a shared one on 14 March, the period's lowest day (a key day).
    store.add_many(
        {
            "mood": [
                {
                    "at": "2026-03-14T21:00",
                    "mood": 2,
                    "note": "PRIVATE-WORDS",
                    "created_at": "2026-03-14T21:00",
                },
                {
                    "at": "2026-03-14T22:00",
                    "mood": 2,
                    "note": "shared words",
                    "private": False,
                    "created_at": "2026-03-14T22:00",
                },
            ]
        }
    )
    store.close()
    yield path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(argv) == 0, argv
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def written(journal_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same snapshot written as JSON, PDF and HTML by `tideline snapshot`."""
    folder = tmp_path_factory.mktemp("out")
    out = {}
    for fmt in ("json", "pdf", "html"):
        out[fmt] = folder / f"snapshot.{fmt}"
        argv = ["--db", str(journal_file), "snapshot", "--from", FROM, "--to", TO]
        assert cli.main([*argv, "--out", str(out[fmt])]) == 0
    return out


def test_json_agrees_with_metrics_json(
    written: dict[str, Path], journal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(written["json"].read_text(encoding="utf-8"))
    argv = ["--db", str(journal_file), "metrics", "--since", FROM, "--as-of", TO, "--json"]
    m = json.loads(run(argv, capsys))
    figures = doc["figures"]
    for key in ("no_contact", "relapse", "cycles", "mood", "milestones"):
        assert figures[key] == m[key], key
    assert figures["mood_mean"] == m["mood"]["mean"]
    assert figures["periods"][0]["mood_mean"] == m["mood"]["mean"]
    assert figures["periods"][0]["breaks"] == m["no_contact"]["breaks"]
    assert figures["periods"][0]["urges_resisted"] == m["no_contact"]["urges_resisted"]
    assert doc["period"] == {"from": FROM, "to": TO, "days": 14}
    assert doc["options"] == {
        "include_notes": False,
        "include_situation": False,
        "sections": list(snapshot.SECTIONS),
        "topics": False,
    }


def test_json_holds_the_hard_days(written: dict[str, Path]) -> None:
    figures = json.loads(written["json"].read_text(encoding="utf-8"))["figures"]
    # The two entries of 2 added to 14 March: 63 / 14 = 4.5; the hard days as worked out in
    # tests/test_sections_hard_days.py (14 March was low already).
    assert figures["mood_mean"] == 4.5
    assert (figures["low_days"], figures["longest_low_run"], figures["min_mood"]) == (5, 3, 1)
    assert (figures["mood_range"], figures["support_card_days"]) == ([1, 9], 9)
    assert [r["day"] for r in figures["backfilled_entries"]] == ["2026-03-14", "2026-03-15"]
    assert [len(figures["periods"]), figures["periods"][1]["mood_mean"]] == [4, 4.25]
    assert figures["top_emotions"][0]["emotion"] == "sad"
    assert [(a["activity"], a["claim"]) for a in figures["activities"]] == [
        ("walk", True),
        ("alcohol", False),
        ("work", False),
    ]


def _shown(figures: dict) -> list[str]:
    """What page one must say of the JSON's figures, in the words people read."""
    hard = [
        f"Hard days {figures['low_days']} (of my {figures['days_logged']} logged days",
        f"Longest run of hard days {figures['longest_low_run']} days",
        f"Lowest mood {figures['min_mood']}",
        f"Mood range {figures['mood_range'][0]}–{figures['mood_range'][1]}",
        f"Support card {figures['support_card_days']} days",
        f"Mean mood {wording.mood(figures['mood_mean'])} out of 10",
    ]
    periods = [
        " ".join(
            [
                wording.mood(row["mood_mean"]),
                str(row["low_days"]),
                str(row["breaks"]),
                str(row["urges_resisted"]),
            ]
        )
        for row in figures["periods"]
    ]
    return hard + periods + ["For 14 Mar 2026, logged on 16 Mar 2026: 1 mood entry"]


def test_pdf_page_one_has_the_json_figures(written: dict[str, Path]) -> None:
    figures = json.loads(written["json"].read_text(encoding="utf-8"))["figures"]
    reader = PdfReader(io.BytesIO(written["pdf"].read_bytes()))
    page_one = " ".join(reader.pages[0].extract_text().split())
    for text in _shown(figures):
        assert text in page_one, text
    # The summary and the period table share page one.
    assert "Summary" in page_one
    assert "This period and the three before it" in page_one
    assert "4.5 5 2 3" in page_one  # this period's row: mean, hard days, breaks, urges
    assert "walk: my mood" in " ".join(" ".join(p.extract_text().split()) for p in reader.pages[:2])


def test_html_has_the_json_figures(written: dict[str, Path]) -> None:
    figures = json.loads(written["json"].read_text(encoding="utf-8"))["figures"]
    html = written["html"].read_text(encoding="utf-8")
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for text in _shown(figures):
        assert text in words, text


def test_private_notes_only_when_asked(journal_file: Path, tmp_path: Path) -> None:
    argv = ["--db", str(journal_file), "snapshot", "--from", FROM, "--to", TO]
    left_out, included = tmp_path / "out.json", tmp_path / "notes.json"
    assert cli.main([*argv, "--out", str(left_out)]) == 0
    assert cli.main([*argv, "--out", str(included), "--include-notes"]) == 0
    assert "PRIVATE-WORDS" not in left_out.read_text(encoding="utf-8")
    assert "shared words" in left_out.read_text(encoding="utf-8")
    doc = json.loads(included.read_text(encoding="utf-8"))
    assert "PRIVATE-WORDS" in included.read_text(encoding="utf-8")
    assert doc["options"]["include_notes"] is True


def test_json_export_is_recorded(journal_file: Path, tmp_path: Path) -> None:
    with Store(journal_file) as store:
        before = len(snapshot.past_exports(store))
        snapshot.export(store, SINCE, UNTIL, tmp_path / "again.json")
        shared = snapshot.past_exports(store)
    assert len(shared) == before + 1
    assert shared.iloc[0]["what"] == "Snapshot (JSON)"
    assert shared.iloc[0]["private notes"] == "left out"


def test_the_snapshot_page_offers_the_json(demo_journal: Path) -> None:
    at = open_page(session.DEMO)
    assert [b.label for b in at.get("download_button")][2:] == ["Download data (JSON)"]
    at.get("download_button")[2].click().run()
    assert not at.exception, at.exception
    assert any("Saved in the list below: a JSON snapshot" in s.value for s in at.success)
    assert list(at.dataframe[0].value["what"]) == ["Snapshot (JSON)"]
