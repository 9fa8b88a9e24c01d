"""style.period_starts: the index pd.date_range gives by week or by month start, made faster."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from dashboard.charts.style import period_starts

UNITS = ("s", "ms", "us", "ns")


def test_month_starts_are_the_ones_pandas_counts() -> None:
    # Worked by hand: 1 Nov 2024 to 1 Mar 2025 holds five month starts.
    got = period_starts(pd.Timestamp("2024-11-01"), pd.Timestamp("2025-03-01"), "month")
    assert [d.strftime("%Y-%m-%d") for d in got] == [
        "2024-11-01",
        "2024-12-01",
        "2025-01-01",
        "2025-02-01",
        "2025-03-01",
    ]
    # An end inside a month keeps that month's start; one day is one start.
    assert len(period_starts("2024-11-01", "2025-03-20", "month")) == 5
    assert len(period_starts("2024-11-01", "2024-11-01", "month")) == 1


@pytest.mark.parametrize("seed", range(4))
def test_the_same_index_as_date_range(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(150):
        unit = rng.choice(("week", "month"))
        start = pd.Timestamp("1970-01-01") + pd.Timedelta(days=rng.randrange(0, 25_000))
        if unit == "month" and rng.random() < 0.8:
            start = start.replace(day=1)  # the grouped months the charts pass
        if rng.random() < 0.1:
            start += pd.Timedelta(hours=3)  # not midnight: pandas' own way
        end = start + pd.Timedelta(days=rng.randrange(0, 20_000))
        first, last = start.as_unit(rng.choice(UNITS)), end.as_unit(rng.choice(UNITS))
        name = rng.choice((None, "period"))
        freq = "7D" if unit == "week" else "MS"
        want = pd.date_range(first, last, freq=freq, name=name)
        got = period_starts(first, last, unit, name=name)
        # The freq is left out: the charts make a column of the index, which keeps none.
        pd.testing.assert_index_equal(got, want, check_exact=True, check_freq=False)
        assert got.dtype == want.dtype
