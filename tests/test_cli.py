"""The tideline command, run as a real subprocess the way a user runs it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard import cli, formats
from dashboard.store import Store
from tests.test_interchange import SPEC_EXAMPLE


def tideline(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dashboard.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


# What the everyday commands may not load: the charts, the snapshot and what draws them.
HEAVY = ("altair", "vl_convert", "fpdf", "streamlit", "dashboard.charts", "dashboard.snapshot")
LOADED = """
import sys
from dashboard import cli
db, src, out = sys.argv[1:]
for argv in (
    ["import", src],
    ["metrics", "--as-of", "2026-01-12"],
    ["export", out],
    ["export", out + ".zip", "--format", "csv"],
):
    assert cli.main(["--db", db, *argv]) == 0, argv
heavy = sorted(m for m in sys.modules if m.startswith(HEAVY))
print("loaded:", ", ".join(heavy) or "nothing heavy", "| altair:", "altair" in sys.modules)
"""


def test_metrics_import_and_export_do_not_load_altair_or_the_charts(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(SPEC_EXAMPLE), encoding="utf-8")
    db, out = tmp_path / "t.duckdb", tmp_path / "out.json"
    code = f"HEAVY = {HEAVY!r}\n{LOADED}"
    args = [sys.executable, "-c", code, str(db), str(src), str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: nothing heavy | altair: False"
    # The commands did their work: the file's one mood entry went in and came out twice.
    assert len(json.loads(out.read_text(encoding="utf-8"))["mood"]) == 1
    assert zipfile.is_zipfile(f"{out}.zip")


# A snapshot draws its charts itself: no Altair, no JavaScript engine, no Streamlit.
SNAPSHOT_LOADED = """
import sys
from dashboard import cli
db, out = sys.argv[1:]
assert cli.main(["--db", db, "demo", "--years", "1", "--end", "2026-03-01"]) == 0
for name in ("s.pdf", "s.html"):
    argv = ["snapshot", "--from", "2025-12-01", "--to", "2026-03-01", "--out", out + name]
    assert cli.main(["--db", db, *argv]) == 0, argv
drawers = ("altair", "vl_convert", "streamlit")
print("loaded:", sorted(m for m in sys.modules if m.startswith(drawers)))
"""


def test_a_snapshot_draws_its_charts_without_altair(tmp_path: Path) -> None:
    args = [sys.executable, "-c", SNAPSHOT_LOADED, str(tmp_path / "t.duckdb"), f"{tmp_path}/"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: []"
    # And it drew them: the PDF's chart words are real text, the HTML's charts SVG images.
    pages = PdfReader(tmp_path / "s.pdf").pages
    words = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Mood (1–10)" in words and "Hour of the night or day" in words
    page = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/svg+xml;base64,') >= 5


# What `tideline metrics` may not load besides: the file formats, the import steps and the
# certificate code of `serve --lan`.
READERS = ("dashboard.formats", "dashboard.dataops", "dashboard.chat_import", "babel")
READERS += ("dashboard.tls", "ssl")
METRICS_ONLY = """
import sys
from dashboard import cli
assert cli.main(["--db", sys.argv[1], "metrics", "--as-of", "2026-01-12"]) == 0
print("loaded:", ", ".join(sorted(m for m in sys.modules if m.startswith(READERS))) or "none")
"""


def test_metrics_loads_no_file_format(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(SPEC_EXAMPLE), encoding="utf-8")
    assert tideline("--db", str(db), "import", str(src)).returncode == 0
    code = f"READERS = {READERS!r}\n{METRICS_ONLY}"
    done = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: none"


def test_export_choices_are_the_formats_export_kinds() -> None:
    assert tuple(formats.EXPORT_KINDS) == cli.EXPORT_CHOICES


def test_metrics_json_has_exactly_the_section_4_shape(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(SPEC_EXAMPLE), encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    assert tideline("--db", db, "import", str(src)).returncode == 0
    out = tideline("--db", db, "metrics", "--as-of", "2026-01-12", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["as_of"] == "2026-01-12"
    assert set(result["no_contact"]) >= {
        "active",
        "goal_days",
        "current_streak_days",
        "longest_streak_days",
        "nc_days",
        "breaks",
        "break_days",
        "adherence_pct",
        "strength_pct",
        "urges_resisted",
        "peeks",
    }
    assert set(result["relapse"]) >= {
        "late_night_share",
        "under_influence_share",
        "response_rate",
        "max_unanswered_chain",
        "top_triggers",
        "mood_before_break",
        "mood_baseline",
    }
    assert set(result["cycles"]) >= {
        "status",
        "breakups",
        "reunions",
        "together_periods_days",
        "apart_periods_days",
    }
    assert set(result["mood"]) >= {
        "entries",
        "days_logged",
        "mean",
        "mean_last_7d",
        "current_low_run_days",
    }
    # one breakup, no NC period: the unanswered 01:10 text is not a break
    assert result["cycles"]["status"] == "apart"
    assert result["no_contact"]["breaks"] == 0
    assert result["relapse"]["max_unanswered_chain"] == 1
    assert result["mood"]["mean"] == 3.0


def test_round_trip_through_the_command_line(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(SPEC_EXAMPLE), encoding="utf-8")
    a, b, out = tmp_path / "a.duckdb", tmp_path / "b.duckdb", tmp_path / "out.json"
    assert tideline("--db", str(a), "import", str(src)).returncode == 0
    assert tideline("--db", str(a), "export", str(out)).returncode == 0
    first = tideline("--db", str(b), "import", str(out))
    assert first.returncode == 0 and "added 1 mood" in first.stdout
    second = tideline("--db", str(b), "import", str(out))
    assert second.returncode == 0 and "added nothing; 4 already present" in second.stdout
    args = ["metrics", "--as-of", "2026-01-20", "--json"]
    assert tideline("--db", str(a), *args).stdout == tideline("--db", str(b), *args).stdout


def test_errors_are_one_clear_line_without_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tideline/1", "mood": [{"at": "2026-01-01T10:00", "mood": 12}]}')
    db = str(tmp_path / "t.duckdb")
    for args in (
        ["import", str(bad)],
        ["import", str(tmp_path / "missing.json")],
        ["export", str(tmp_path / "no-such-dir" / "x.json")],
    ):
        result = tideline("--db", db, *args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("tideline: error: ")
    missing = tideline("--db", str(tmp_path / "none.duckdb"), "metrics")
    assert missing.returncode == 1
    assert "no database at" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_a_bad_row_reports_its_place(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tideline/1", "mood": [{"at": "2026-01-01T10:00", "mood": 12}]}')
    result = tideline("--db", str(tmp_path / "t.duckdb"), "import", str(bad))
    assert "mood entry 1: mood must be from 1 to 10, not 12" in result.stderr
    assert result.stderr.count("\n") == 1


def test_database_in_use_gives_a_clear_message(tmp_path):
    db = tmp_path / "t.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from dashboard.store import Store; s = Store(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = tideline("--db", str(db), "metrics")
        assert result.returncode == 1
        assert "in use by another Tideline process" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_demo_story_round_trip_gives_the_same_metrics(tmp_path):
    a, b, out = tmp_path / "a.duckdb", tmp_path / "b.duckdb", tmp_path / "demo.json"
    made = tideline("--db", str(a), "demo", "--end", "2026-06-30")
    assert made.returncode == 0, made.stderr
    refused = tideline("--db", str(a), "demo")
    assert refused.returncode == 1 and "already holds entries" in refused.stderr
    assert tideline("--db", str(a), "export", str(out)).returncode == 0
    assert tideline("--db", str(b), "import", str(out)).returncode == 0
    again = tideline("--db", str(b), "import", str(out))
    assert "added nothing" in again.stdout
    for as_of in ("2026-03-01", "2026-06-30"):
        args = ["metrics", "--as-of", as_of, "--json"]
        left = json.loads(tideline("--db", str(a), *args).stdout)
        right = json.loads(tideline("--db", str(b), *args).stdout)
        assert left == right
    assert left["no_contact"]["active"] is True
    assert left["cycles"]["breakups"] >= 2


def test_guidance_lists_the_library_and_the_cards_of_a_day(tmp_path):
    everything = tideline("guidance", "--all", "--json")
    assert everything.returncode == 0, everything.stderr
    cards = json.loads(everything.stdout)
    assert len(cards) >= 30
    for card in cards:
        assert {"id", "title", "body", "source", "tags", "place", "rule"} <= set(card)
        assert card["source"]["title"]
    db = str(tmp_path / "t.duckdb")
    src = tmp_path / "in.json"
    payload = dict(SPEC_EXAMPLE)
    payload["milestones"] = [
        *SPEC_EXAMPLE["milestones"],
        {"on": "2026-01-10", "kind": "no_contact_start"},
    ]
    src.write_text(json.dumps(payload), encoding="utf-8")
    assert tideline("--db", db, "import", str(src)).returncode == 0
    day = json.loads(tideline("--db", db, "guidance", "--as-of", "2026-01-12", "--json").stdout)
    ids = {c["id"] for c in day}
    assert ids and ids < {c["id"] for c in cards}
    # three days into no contact: the "about a month" card applies (nc_days 3 < 30)
    assert "no-contact-about-a-month" in ids


# -- in-process runs through cli.main ------------------------------------------------------------
def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def notes(path: Path, table: str = "mood") -> list[tuple]:
    with Store(path) as s:
        return [(str(r.get("at") or r.get("on")), r.get("mood"), r["note"]) for r in s.rows(table)]


JOURNAL = {
    "mood": [
        {"at": "2026-01-10T21:30", "mood": 3, "note": "one\ntwo\nthree"},
        {"at": "2026-01-11T08:00", "mood": 6, "note": ""},
    ],
    "contacts": [{"at": "2026-01-11T01:10", "initiator": "me", "channel": "text"}],
    "milestones": [{"on": "2026-01-10", "kind": "breakup", "title": "We broke up"}],
}


@pytest.fixture
def csv_zip(tmp_path: Path) -> Path:
    """The Data page's CSV export of a small journal, as a file."""
    with Store(tmp_path / "source.duckdb") as s:
        s.add_many(JOURNAL)
        data = formats.build_export(s, "csv")
    path = tmp_path / "tideline-20260301-csv.zip"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", [[], ["--format", "csv"]], ids=["detected", "format-csv"])
def test_import_the_data_pages_csv_zip(
    tmp_path: Path, csv_zip: Path, fmt: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    code, out, err = run(["--db", str(db), "import", str(csv_zip), *fmt], capsys)
    assert (code, err) == (0, "")
    assert "added 2 mood, 1 contacts, 1 milestones" in out
    assert "entries from 10 Jan 2026 to 11 Jan 2026" in out
    assert notes(db) == [
        ("2026-01-10 21:30:00", 3, "one\ntwo\nthree"),
        ("2026-01-11 08:00:00", 6, ""),
    ]
    code, out, _ = run(["--db", str(db), "import", str(csv_zip), *fmt], capsys)
    assert code == 0 and "added nothing; 4 already present" in out


def test_a_lone_mood_csv_is_imported_and_other_csv_gets_a_pointer(
    tmp_path: Path, csv_zip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(csv_zip) as zf:
        (tmp_path / "mood.csv").write_bytes(zf.read("mood.csv"))
    db = tmp_path / "t.duckdb"
    code, out, _ = run(["--db", str(db), "import", str(tmp_path / "mood.csv")], capsys)
    assert code == 0 and "added 2 mood" in out and "contacts" not in out
    other = tmp_path / "sheet.csv"
    other.write_text("when,feeling\n2026-01-01,ok\n", encoding="utf-8")
    before = digest(db)
    code, _, err = run(["--db", str(db), "import", str(other), "--format", "csv"], capsys)
    assert code == 1 and "export a zip from the Data page" in err
    assert err.count("\n") == 1 and digest(db) == before


DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"  # line 1
    "2026-01-03,January 3,Saturday,8:00 pm,good,work | friends,,\n"  # line 2
    '2026-01-02,January 2,Friday,9:15 am,superb,,Title,"a\nb"\n'  # lines 3-4
    "2026-01-01,January 1,Thursday,23:05,awful,,,\n"  # line 5
)


def test_import_daylio_needs_a_mood_map_for_unknown_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "daylio.csv"
    src.write_text(DAYLIO, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    Store(db).close()
    before = digest(db)
    code, _, err = run(["--db", str(db), "import", str(src), "--format", "daylio"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "line 3: 1 mood label Tideline doesn't know yet: 'superb' (line 3)" in err
    assert digest(db) == before

    argv = ["--db", str(db), "import", str(src), "--format", "daylio", "--mood-map", "superb=9"]
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    assert "imported daylio.csv (Daylio CSV): added 3 mood" in out
    # Oldest first; good is 8 and awful 2; the title and note are joined by a blank line.
    assert notes(db) == [
        ("2026-01-01 23:05:00", 2, ""),
        ("2026-01-02 09:15:00", 9, "Title\n\na\nb"),
        ("2026-01-03 20:00:00", 8, ""),
    ]


def test_mood_map_is_only_for_daylio_and_must_be_well_formed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(SPEC_EXAMPLE), encoding="utf-8")
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(DAYLIO, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    code, _, err = run(["--db", str(db), "import", str(src), "--mood-map", "superb=9"], capsys)
    assert code == 1 and "--mood-map is for Daylio CSV files" in err
    code, _, err = run(["--db", str(db), "import", str(daylio), "--mood-map", "superb=11"], capsys)
    assert code == 1 and "the mood for 'superb' must be from 1 to 10, not 11" in err
    assert not db.exists()


def test_dry_run_shows_the_plan_and_writes_nothing(
    tmp_path: Path, csv_zip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        # One of the zip's four entries is already in this journal.
        s.add("contacts", {"at": "2026-01-11T01:10", "initiator": "me", "channel": "text"})
    before = digest(db)
    code, out, err = run(["--db", str(db), "import", str(csv_zip), "--dry-run"], capsys)
    assert (code, err) == (0, "")
    assert digest(db) == before
    lines = out.splitlines()
    assert lines[0] == f"Dry run: nothing was written to {db}."
    assert "  mood entries: 2 in the file, 2 new, 0 already there" in lines
    assert "  contacts: 1 in the file, 0 new, 1 already there" in lines
    assert "  milestones: 1 in the file, 1 new, 0 already there" in lines
    assert "  dates: from 10 Jan 2026 to 11 Jan 2026" in lines
    assert (
        lines[-1] == "Would add 2 mood entries and 1 milestone; 1 already there would be skipped."
    )
    # A journal that does not exist yet is not created by a dry run.
    missing = tmp_path / "none.duckdb"
    code, out, _ = run(["--db", str(missing), "import", str(csv_zip), "--dry-run"], capsys)
    assert code == 0 and "2 new" in out and not missing.exists()


def test_dry_run_lists_every_problem_without_cutting_the_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"at": "2026-01-01T10:00", "mood": 5}]
    rows += [{"at": f"2026-01-02T{h % 24:02d}:00", "mood": 40 + h} for h in range(60)]
    src = tmp_path / "many.json"
    src.write_text(json.dumps({"format": "tideline/1", "mood": rows}), encoding="utf-8")
    db = tmp_path / "t.duckdb"
    Store(db).close()
    before = digest(db)
    code, out, err = run(["--db", str(db), "import", str(src), "--dry-run"], capsys)
    assert code == 1 and digest(db) == before
    assert (
        err
        == "tideline: error: 60 problems in many.json (listed above); nothing would be imported\n"
    )
    listed = [line for line in out.splitlines() if line.startswith("  mood entry ")]
    # Entries 2..61 are bad (entry 1 is fine); every one is listed, none folded into "more".
    assert listed == [
        f"  mood entry {n}: mood must be from 1 to 10, not {40 + n - 2}" for n in range(2, 62)
    ]
    assert "more" not in out
    assert "60 problems; nothing can be imported until each is fixed:" in out
    # Without --dry-run the same file is refused on one line that still names every problem.
    code, out, err = run(["--db", str(db), "import", str(src)], capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "mood entry 2: mood must be from 1 to 10, not 40" in err
    assert "mood entry 61: mood must be from 1 to 10, not 99" in err
    assert digest(db) == before


def _exports_table(db: Path) -> list[tuple]:
    with Store(db) as s:
        cur = s.cursor()
        return cur.execute(
            "select kind, period_from, period_to, options from exports order by id"
        ).fetchall()


def test_export_formats_are_recorded_without_their_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        s.add_many(JOURNAL)
    for fmt, name in (("json", "x.json"), ("csv", "x-csv.zip"), ("parquet", "x-parquet.zip")):
        argv = ["--db", str(db), "export", str(tmp_path / name)]
        code, out, _ = run([*argv, "--format", fmt] if fmt != "json" else argv, capsys)
        assert code == 0 and out == f"exported 4 entries to {tmp_path / name}\n"
    recorded = _exports_table(db)
    assert recorded == [
        ("tideline_json", None, None, '{"via": "command line"}'),
        ("csv_zip", None, None, '{"via": "command line"}'),
        ("parquet_zip", None, None, '{"via": "command line"}'),
    ]
    # The CSV zip the command wrote imports into a new journal with the same rows.
    other = tmp_path / "other.duckdb"
    assert run(["--db", str(other), "import", str(tmp_path / "x-csv.zip")], capsys)[0] == 0
    assert notes(other) == notes(db)
    # A failed export records nothing.
    code, _, _ = run(["--db", str(db), "export", str(tmp_path / "no" / "x.json")], capsys)
    assert code == 1 and len(_exports_table(db)) == 3


# -- the plain metrics summary and guidance options ----------------------------------------------
def test_plain_metrics_never_say_day_zero_or_none(tmp_path: Path, capsys) -> None:
    db = tmp_path / "m.duckdb"
    with Store(db) as s:
        s.add_many({})
    code, out, _ = run(["--db", str(db), "metrics", "--as-of", "2026-03-10"], capsys)
    assert code == 0
    assert "None" not in out
    assert "No contact: no period active" in out
    assert "Strength —, adherence —" in out and "mean —" in out

    # No contact from Mar 1; a text on Mar 10 after nine clean days: the streak is 0.
    with Store(db) as s:
        s.add("milestones", {"on": "2026-03-01", "kind": "no_contact_start"})
        s.add("contacts", {"at": "2026-03-10T12:00", "initiator": "me", "channel": "text"})
    code, out, _ = run(["--db", str(db), "metrics", "--as-of", "2026-03-10"], capsys)
    assert code == 0
    assert "day 0" not in out.lower()
    assert "longest run 9 days; you are still in this" in out
    # Five clean days later the run itself leads: Mar 11..15.
    code, out, _ = run(["--db", str(db), "metrics", "--as-of", "2026-03-15"], capsys)
    assert "No contact: 5 days in a row" in out


def test_guidance_all_refuses_a_day_and_held_back_cards_are_said(tmp_path: Path, capsys) -> None:
    code, _, err = run(["guidance", "--all", "--as-of", "2026-03-01"], capsys)
    assert code != 0 and "leave out --as-of" in err and err.count("\n") == 1
    db = tmp_path / "g.duckdb"
    with Store(db) as s:
        s.add_many({}, settings={"intent": "reconcile"})
    code, _, err = run(["--db", str(db), "guidance", "--as-of", "2026-03-01", "--json"], capsys)
    assert code == 0 and "held back" not in err
    with Store(db) as s:
        s.save_settings({"red_flags": ["contempt"]})
    code, out, err = run(["--db", str(db), "guidance", "--as-of", "2026-03-01", "--json"], capsys)
    assert code == 0 and "held back" in err
    assert not [c for c in json.loads(out) if "reconciliation" in c["tags"]]


def test_import_merges_settings_and_lists_every_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11.4: an older export cannot clear a red flag or bring back "reconcile"."""
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        # The Guidance page's form saves the intent with the flags: "undecided" is chosen.
        s.save_settings({"intent": "undecided", "red_flags": ["abuse"]})
    older = tmp_path / "older.json"
    older.write_text(
        json.dumps(
            {
                "format": "tideline/1",
                "settings": {"day_start_hour": 5, "intent": "reconcile", "red_flags": []},
                "mood": [{"at": "2026-01-10T21:30", "mood": 3}],
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run(["--db", str(db), "import", "--dry-run", str(older)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Dry run: nothing was written to {db}.",
        "older.json (tideline/1 JSON):",
        "  mood entries: 1 in the file, 1 new, 0 already there",
        "  dates: on 10 Jan 2026",
        "  settings: day start 4 -> 5",
        "  kept as you chose: intent stays undecided (the file says reconcile)",
        "Would add 1 mood entry.",
    ]
    code, out, _ = run(["--db", str(db), "import", str(older)], capsys)
    assert code == 0
    assert out == (
        "imported older.json (tideline/1 JSON): added 1 mood; entries on 10 Jan 2026; "
        "settings changed: day start 4 -> 5; intent stays undecided (the file says reconcile)\n"
    )
    with Store(db) as s:
        assert s.settings() == {
            "day_start_hour": 5,
            "no_contact_goal_days": 30,
            "intent": "undecided",
            "red_flags": ["abuse"],
            "country": None,
        }
    code, out, _ = run(["--db", str(db), "import", str(older)], capsys)
    assert code == 0 and "added nothing; 1 already present, skipped" in out
    assert "settings unchanged" in out

    # A file of settings only: it adds a flag, and the message says so instead of "nothing".
    flags = tmp_path / "flags.json"
    flags.write_text('{"format": "tideline/1", "settings": {"red_flags": ["contempt"]}}')
    code, out, _ = run(["--db", str(db), "import", "--dry-run", str(flags)], capsys)
    assert code == 0
    assert out.splitlines()[-2:] == [
        "  settings: red flags added: contempt",
        "Would add no entries, only change the settings listed above.",
    ]
    code, out, _ = run(["--db", str(db), "import", str(flags)], capsys)
    assert out == (
        "imported flags.json (tideline/1 JSON): added no entries; "
        "settings changed: red flags added: contempt\n"
    )
    code, out, _ = run(["--db", str(db), "import", "--dry-run", str(flags)], capsys)
    assert out.splitlines()[-2:] == [
        "  settings: none would change",
        "Nothing new: everything in this file is already in your journal.",
    ]
    with Store(db) as s:
        assert s.settings()["red_flags"] == ["abuse", "contempt"]
