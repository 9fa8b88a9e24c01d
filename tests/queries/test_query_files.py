"""Drift between queries/ and the code: every SQL file is used and has a contract test, and every
query the code asks for exists (like datasette's documentation tests, but for the SQL)."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard import PACKAGE_DIR
from dashboard.store import QUERIES_DIR
from dashboard.validate import TABLES

TESTS = Path(__file__).resolve().parents[1]
NAMES = sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))
# A query is asked for by name as the first argument of query(...) or _one_row(store, ...);
# a family with one file per table is asked for as f"prefix_{table}".
ASKED = re.compile(r'(?:query|_one_row)\(\s*(?:[a-z_.]+,\s*)?"([a-z0-9_]+)"')
# A section names its query as an argument (query="nc_weekly") or picks one of two
# (query = "mood_daily" if grain == "day" else "mood_weekly").
NAMED = re.compile(r'\bquery\s*=\s*"([a-z0-9_]+)"(?:\s+if\s+[^\n]+?\s+else\s+"([a-z0-9_]+)")?')
FAMILY = re.compile(r'(?:query|load_sql)\(\s*f"([a-z0-9_]+)\{table\}"')


def _texts(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py")))


def _asked(code: str) -> set[str]:
    """Every query name the code asks for, families expanded over the tables."""
    names = set(ASKED.findall(code))
    names |= {name for pair in NAMED.findall(code) for name in pair if name}
    names |= {f"{prefix}{table}" for prefix in FAMILY.findall(code) for table in TABLES}
    return names


def test_the_patterns_find_calls() -> None:
    # Guards the guard.
    sample = (
        'ui.query("nc_weekly", **p)\nstore.query(\n    "mood_day", {})\n'
        '_one_row(store, "metric_mood", p)\ncur.execute(load_sql(f"export_{table}"))\n'
        'charted(query="metric_streaks")\nquery = "mood_daily" if grain == "day" else "mood_weekly"'
    )
    assert _asked(sample) == {
        "nc_weekly",
        "mood_day",
        "metric_mood",
        "metric_streaks",
        "mood_daily",
        "mood_weekly",
    } | {f"export_{t}" for t in TABLES}


def test_every_query_the_code_asks_for_exists() -> None:
    asked = _asked(_texts(PACKAGE_DIR))
    assert len(asked) > 20, "few query calls found: the patterns have drifted from the code"
    assert sorted(asked - set(NAMES)) == []


def test_every_query_file_is_used_by_the_code() -> None:
    asked = _asked(_texts(PACKAGE_DIR))
    assert [n for n in NAMES if n not in asked] == []


def test_every_query_file_has_a_test() -> None:
    tests = _texts(TESTS)
    untested = [n for n in NAMES if f'"{n}"' not in tests]
    assert untested == []
