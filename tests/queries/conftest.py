"""Helpers shared by the query contract tests."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest


def _plain_rows(df: pd.DataFrame) -> list[tuple]:
    """Rows as plain tuples (timestamps as dates, NaN and NaT as None, numpy scalars as Python
    ones) so they compare with hand-written ones."""
    out = []
    for rec in df.itertuples(index=False):
        row = []
        for v in rec:
            if isinstance(v, pd.Timestamp):
                v = v.date()
            elif v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
                v = None
            elif hasattr(v, "item"):
                v = v.item()
            row.append(v)
        out.append(tuple(row))
    return out


@pytest.fixture
def plain_rows() -> Callable[[pd.DataFrame], list[tuple]]:
    """The rows of a query result as plain tuples (see _plain_rows)."""
    return _plain_rows
