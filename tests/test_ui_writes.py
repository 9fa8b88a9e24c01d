"""The one write path: pages leave a write's error handling to dashboard/ui/writes.py."""

from __future__ import annotations

import re

from dashboard import PACKAGE_DIR

PAGES = sorted((PACKAGE_DIR / "pages").glob("*.py"))
# What a Store changes, called on a Store a page holds (`store.`, `opened.`, `reads.store().`).
HELD = r"(?:store|opened|reads\.store\(\))"
STORE_WRITE = re.compile(
    rf"\b{HELD}\.(?:add|update|delete|save_settings|backup|record_export|add_many)\("
    # ...or handed to a function that writes with it.
    rf"|\b(?:snapshot\.record|dataops\.(?:run_import|export_bytes|record_export))\({HELD}"
)


def test_the_pages_are_found() -> None:
    assert {p.stem for p in PAGES} >= {"data", "snapshot", "log", "today", "guidance"}


def test_no_page_turns_a_database_error_into_a_message_itself() -> None:
    # StoreError -> the friendly message is writes' (and reads') work, said the same way on
    # every page.
    handling = [p.name for p in PAGES if "StoreError" in p.read_text(encoding="utf-8")]
    assert handling == []


def test_no_page_writes_on_a_store_it_holds() -> None:
    writing = {
        p.name: STORE_WRITE.findall(p.read_text(encoding="utf-8"))
        for p in PAGES
        if STORE_WRITE.search(p.read_text(encoding="utf-8"))
    }
    assert writing == {}


def test_the_guard_sees_a_write_on_a_held_store() -> None:
    assert STORE_WRITE.search("path = store.backup()")
    assert STORE_WRITE.search("reads.store().save_settings(values)")
    assert STORE_WRITE.search("snapshot.record(reads.store(), fmt, start, end)")
    assert STORE_WRITE.search('data=lambda: dataops.export_bytes(store, "json", VIA)')
    # Inside the write path's action the Store is the one `writes.write` hands over.
    assert not STORE_WRITE.search("writes.write(lambda s: snapshot.record(s, fmt, start, end))")
    assert not STORE_WRITE.search("writes.save_settings(values)")
    assert not STORE_WRITE.search("session.flash('Saved')")
