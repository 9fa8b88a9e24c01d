"""No figure at three decimals anywhere a person reads on a page (issue "One source for every
figure", point 3): every page of the demo story, its words and its charts' words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PROJECT_DIR
from dashboard.ui import session

APP = str(PROJECT_DIR / "dashboard" / "app.py")
PAGES = [
    "pages/today.py",
    "pages/log.py",
    "pages/no_contact.py",
    "pages/patterns.py",
    "pages/cycles.py",
    "pages/mood.py",
    "pages/guidance.py",
    "pages/snapshot.py",
    "pages/data.py",
]
# A number with three or more decimals: 5.989, 0.333 (not a date, a time or a version).
THREE_DECIMALS = re.compile(r"(?<![\d.])\d+\.\d{3,}(?![\d.])")


def test_the_pattern_finds_three_decimals_and_nothing_else() -> None:
    assert THREE_DECIMALS.findall("mean mood 5.989, 6.2 and 71.4%") == ["5.989"]
    assert THREE_DECIMALS.findall("1,234 entries on 7 Sep 2026 at 22:00, 6.0, tideline/1") == []


def _chart_words(spec: dict) -> list[str]:
    """The words of a chart a person reads: title, subtitle, description."""
    title = spec.get("title") or {}
    words = [spec.get("description") or ""]
    if isinstance(title, dict):
        sub = title.get("subtitle") or ""
        words += [str(title.get("text") or ""), sub if isinstance(sub, str) else " ".join(sub)]
    return words


def page_words(at: AppTest) -> list[str]:
    words = [m.value for m in at.markdown] + [c.value for c in at.caption]
    words += [
        str(x.value) for kind in ("info", "success", "warning", "error") for x in at.get(kind)
    ]
    words += [f"{m.label} {m.value}" for m in at.metric]
    for chart in at.get("vega_lite_chart"):
        words += _chart_words(json.loads(chart.proto.spec))
    return words


@pytest.mark.parametrize("page", PAGES)
def test_no_three_decimal_figure_on_any_page_of_the_demo(
    page: str, demo_journal: Path, demo_db: Path
) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session.CHOICE_KEY] = session.DEMO
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    words = page_words(at)
    assert words, f"{page}: no words read: the page or this test lost its way"
    found = {w[:120]: THREE_DECIMALS.findall(w) for w in words if THREE_DECIMALS.search(w)}
    assert not found, found
