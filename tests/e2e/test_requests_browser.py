"""Nothing leaves the machine: every request the browser makes while a person uses Tideline goes
to the local server (issue "Nothing lost, nothing leaked", point 5).

A recorder on the browser context sees every request of every page, frame and worker, the
favicon too; anything not to 127.0.0.1 (or an in-page data:/blob: address) fails the test.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import DESKTOP, PAGES

pytestmark = pytest.mark.e2e

LOCAL_HOSTS = {"127.0.0.1"}
IN_PAGE = {"data", "blob", "about", "chrome-extension"}


def outside(urls: list[str]) -> list[str]:
    """The requests that would leave the machine."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in IN_PAGE:
            continue
        if parts.scheme not in {"http", "https", "ws", "wss"} or parts.hostname not in LOCAL_HOSTS:
            bad.append(url)
    return bad


def test_the_recorder_tells_local_from_outside() -> None:
    assert outside(["http://127.0.0.1:8501/", "data:image/png;base64,AA", "blob:x"]) == []
    assert outside(["https://fonts.gstatic.com/s/x.svg", "http://localhost:1/"]) == [
        "https://fonts.gstatic.com/s/x.svg",
        "http://localhost:1/",
    ]


def _record(browser: Any) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport=DESKTOP)
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    return page, seen


def test_every_page_of_the_demo_asks_only_the_local_server(
    demo_url: str, browser: Any, open_page: Any
) -> None:
    page, seen = _record(browser)
    try:
        for path in [*PAGES, "guidance", "data"]:
            open_page(page, demo_url, path)
    finally:
        page.context.close()
    assert any(url.startswith(demo_url) for url in seen)  # the recorder saw the app itself
    assert outside(seen) == []


def test_the_welcome_screen_of_an_empty_journal_asks_only_the_local_server(
    empty_url: str, browser: Any, wait_idle: Any, assert_no_error: Any
) -> None:
    page, seen = _record(browser)
    try:
        page.goto(empty_url)
        wait_idle(page)
        assert_no_error(page)
    finally:
        page.context.close()
    assert any(url.startswith(empty_url) for url in seen)
    assert outside(seen) == []
