"""Contract tests of the hard-days queries (queries/hard_days_*.sql) on the hand-built journal
of tests/test_sections_hard_days.py, with expected rows worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard.store import Store
from tests.test_sections_hard_days import HOUR, build

D = dt.date


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Store]:
    store = build(tmp_path / "journal.duckdb")
    yield store
    store.close()


def test_query_contracts(journal: Store, plain_rows) -> None:
    p = {"since": D(2026, 3, 12), "until": D(2026, 3, 14), "day_start_hour": HOUR, "low_mood": 3}
    # 12 March: 6 (card holds: 4 low days in the week); 13th: nothing (still holds); 14th: 1.
    daily = [
        tuple(None if v is pd.NA else v for v in row)
        for row in plain_rows(journal.query("hard_days_daily", p))
    ]
    assert daily == [
        (D(2026, 3, 12), 1, 6, 6, 6.0, False, True),
        (D(2026, 3, 13), 0, None, None, None, False, True),
        (D(2026, 3, 14), 1, 1, 1, 1.0, True, True),
    ]
    # Three days and the three before each: 12–14, 9–11, 6–8 and 3–5 March.
    assert plain_rows(journal.query("hard_days_periods", p)) == [
        (0, D(2026, 3, 12), D(2026, 3, 14), 2, 7, 1, 1, 0),
        (1, D(2026, 3, 9), D(2026, 3, 11), 4, 14, 3, 0, 1),
        (2, D(2026, 3, 6), D(2026, 3, 8), 1, 3, 1, 0, 0),
        (3, D(2026, 3, 3), D(2026, 3, 5), 0, 0, 0, 0, 0),
    ]
    assert [r[:2] for r in plain_rows(journal.query("hard_days_backfilled", p))] == [
        ("mood", D(2026, 3, 14))
    ]
