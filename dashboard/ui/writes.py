"""The only write path of the app: every add, change, delete, settings save, import, snapshot
record and export record goes through `write`, which shows one kind of message when it cannot be
done and forgets the cached reads after it was. The steps around them that write nothing to the
journal (an import's preview, a backup copy) share the same error handling (`attempt`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from dashboard import dataops
from dashboard.store import Store, StoreError
from dashboard.ui import reads, session
from dashboard.validate import ValidationError

T = TypeVar("T")
NOT_SAVED = "Not saved: {}"
NOT_IMPORTED = "Nothing was imported: {}"
# The tables a settings save and an export record write.
SETTINGS = "settings"
EXPORTS = "exports"


def after_write(tables: Iterable[str] | None = None, db: str | None = None) -> None:
    """Forget the cached reads of the tables a write changed (None: any table) in journal `db`
    (None: every journal): the next run sees the new data and keeps the rest."""
    reads.forget(tables, db)
    # The other caches (the cards a page shows, a snapshot's preview) are rebuilt from the
    # reads above, so they cost little; they do not know their tables and go on every write.
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
    tables: Iterable[str] | None = None,
) -> tuple[bool, T | None]:
    """`attempt` a change to the journal's `tables` (None: it may change any); after it was
    made, forget the cached reads of those tables."""
    ok, result = attempt(action, refused, reason)
    if ok:
        after_write(tables, session.db_path())
    return ok, result


def add(table: str, row: dict[str, Any]) -> int | None:
    """Validate and save a new entry; on a problem show why and save nothing."""
    ok, row_id = write(lambda s: s.add(table, row), tables=(table,))
    return row_id if ok else None


def update(table: str, row_id: int, row: dict[str, Any]) -> bool:
    """Replace an entry's fields; on a problem show why and change nothing."""
    ok, _ = write(lambda s: s.update(table, row_id, row), tables=(table,))
    return ok


def delete(table: str, row_id: int) -> bool:
    """Delete an entry; on a problem show why and change nothing."""
    ok, _ = write(lambda s: s.delete(table, row_id), tables=(table,))
    return ok


def save_guidance_settings(intent: str, red_flags: list[str]) -> bool:
    """Save the intent and red flags; on a problem show why and change nothing."""
    values = {"intent": intent, "red_flags": list(red_flags)}
    ok, _ = write(lambda s: s.save_settings(values), tables=(SETTINGS,))
    return ok


def save_settings(values: dict[str, Any]) -> bool:
    """Save settings (the Data page's); a refusal names the setting in the page's words."""
    ok, _ = write(
        lambda s: s.save_settings(values), reason=dataops.settings_error, tables=(SETTINGS,)
    )
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
    # Taken now: Streamlit calls `build` outside the page's run.
    db = session.db_path()

    def build() -> bytes:
        data = dataops.export_bytes(opened, kind, via)
        after_write((EXPORTS,), db)
        return data

    return build
