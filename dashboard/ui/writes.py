"""The only write path of the app: every add, change, delete, settings save, import, snapshot
record and export record goes through `write`, which shows one kind of message when it cannot be
done and forgets the cached reads after it was. The steps around them that write nothing to the
journal (an import's preview, a backup copy) share the same error handling (`attempt`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from dashboard import dataops
from dashboard.store import Store, StoreError
from dashboard.ui import reads
from dashboard.validate import ValidationError

T = TypeVar("T")
NOT_SAVED = "Not saved: {}"
NOT_IMPORTED = "Nothing was imported: {}"


def after_write() -> None:
    """Forget every cached read: the next run sees the new data."""
    st.cache_data.clear()


def attempt(
    action: Callable[[Store], T],
    refused: str = NOT_SAVED,
    reason: Callable[[ValidationError], str] = str,
) -> tuple[bool, T | None]:
    """Run `action` on the open Store: (True, its result), or (False, None) after saying why.

    A ValidationError reads `refused` with its `reason` in place of {}; a database problem
    reads the friendly message (reads.friendly).
    """
    try:
        return True, action(reads.store())
    except ValidationError as exc:
        st.error(refused.format(reason(exc)), icon=":material/front_hand:")
    except StoreError as exc:
        st.error(reads.friendly(exc), icon=":material/lock:")
    return False, None


def write(
    action: Callable[[Store], T],
    refused: str = NOT_SAVED,
    reason: Callable[[ValidationError], str] = str,
) -> tuple[bool, T | None]:
    """`attempt` a change to the journal; after it was made, forget every cached read."""
    ok, result = attempt(action, refused, reason)
    if ok:
        after_write()
    return ok, result


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


def save_settings(values: dict[str, Any]) -> bool:
    """Save settings (the Data page's); a refusal names the setting in the page's words."""
    ok, _ = write(lambda s: s.save_settings(values), reason=dataops.settings_error)
    return ok


# -- imports, exports and backups ---------------------------------------------------------
def prepare_import(
    data: bytes, kind: str, mood_map: dict[str, int] | None = None
) -> dataops.ImportPlan | None:
    """What importing this file would do (writes nothing); None after saying why it cannot."""
    ok, plan = attempt(
        lambda s: dataops.prepare(s, data, kind, mood_map), refused="{} Nothing was imported."
    )
    return plan if ok else None


def run_import(plan: dataops.ImportPlan, progress: Callable[[float, str], Any]) -> Any:
    """Import a prepared file in one transaction; its report, or None after saying why not."""
    ok, report = write(lambda s: dataops.run_import(s, plan, progress), refused=NOT_IMPORTED)
    return report if ok else None


def backup() -> Path | None:
    """A full copy of the journal file in the backups folder; its path, or None after saying
    why not. The journal itself is not changed, so the cached reads stay."""
    ok, path = attempt(lambda s: s.backup())
    return path if ok else None


def exporter(kind: str, via: str) -> Callable[[], bytes]:
    """A download button's data: the whole journal as `kind`, noted as exported when clicked.

    Streamlit calls it outside the page run, so it holds the Store this run opened; a problem
    then fails the download rather than showing a message on the page.
    """
    opened = reads.store()

    def build() -> bytes:
        data = dataops.export_bytes(opened, kind, via)
        after_write()
        return data

    return build
