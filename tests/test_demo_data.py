"""The demo story's data files (data/demo/): each one read, every name filled in."""

from __future__ import annotations

import json
from typing import Any

from dashboard import demo
from dashboard.validate import MILESTONE_KINDS


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = [*value, *value.values()]
    return [t for v in value for t in _texts(v)] if isinstance(value, list) else []


def test_every_file_in_data_demo_is_a_concern_the_generator_reads() -> None:
    files = sorted(p.stem for p in demo.DEMO_DIR.glob("*"))
    assert files == sorted(demo.CONCERNS)
    for concern in demo.CONCERNS:
        assert json.loads((demo.DEMO_DIR / f"{concern}.json").read_text(encoding="utf-8"))


def test_the_ex_is_named_in_every_text_and_no_placeholder_is_left() -> None:
    texts = _texts(demo.story_data())
    assert any("Sam reached out" in t for t in texts)
    # A misspelt placeholder ("{Ex}", "{ ex }") would reach the journal as written.
    assert [t for t in texts if "{" in t or "}" in t] == []


def test_every_planned_milestone_is_a_kind_the_journal_knows() -> None:
    story = demo.story_data()["story"]
    heavy = story["heavy"]
    kinds = {m["kind"] for m in story["plan"] + heavy["cycle"] + heavy["final"]}
    assert kinds <= set(MILESTONE_KINDS)
    assert {"breakup", "no_contact_start", "back_together", "decided_to_move_on"} <= kinds
