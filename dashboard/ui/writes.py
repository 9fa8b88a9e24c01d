"""The only write path of the app: every add, change, delete, settings save, import, backup and
export record goes through `write`, which shows one kind of message when it cannot be done and
forgets the cached reads after it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.store import Store, StoreError
from dashboard.ui import reads
from dashboard.validate import ValidationError


def after_write() -> None:
    """Forget every cached read: the next run sees the new data."""
    st.cache_data.clear()


def write(action: Callable[[Store], Any]) -> tuple[bool, Any]:
    """Run `action` on the open Store; (True, its result), or (False, None) after saying why."""
    try:
        result = action(reads.store())
    except ValidationError as exc:
        st.error(f"Not saved: {exc}", icon=":material/front_hand:")
        return False, None
    except StoreError as exc:
        st.error(reads.friendly(exc), icon=":material/lock:")
        return False, None
    after_write()
    return True, result


def add(table: str, row: dict[str, Any]) -> int | None:
    """Validate and save a new entry; on a problem show why and save nothing."""
    ok, row_id = write(lambda s: s.add(table, row))
    return row_id if ok else None


def update(table: str, row_id: int, row: dict[str, Any]) -> bool:
    """Replace an entry's fields; on a problem show why and change nothing."""
    ok, _ = write(lambda s: s.update(table, row_id, row))
    return ok


def delete(table: str, row_id: int) -> bool:
    """Delete an entry; on a problem show why and change nothing."""
    ok, _ = write(lambda s: s.delete(table, row_id))
    return ok


def save_guidance_settings(intent: str, red_flags: list[str]) -> bool:
    """Save the intent and red flags; on a problem show why and change nothing."""
    ok, _ = write(lambda s: s.save_settings({"intent": intent, "red_flags": list(red_flags)}))
    return ok
