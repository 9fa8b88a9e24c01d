"""The tideline command, run as a real subprocess the way a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_interchange import SPEC_EXAMPLE


def tideline(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dashboard.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


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
    assert "mood[0] (entry 1): mood must be from 1 to 10, not 12" in result.stderr


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
