"""Shared fixtures for the browser suite: the real `streamlit run dashboard/app.py` on a free
local port, one per database per module, and one Debian Chromium for the whole session.

Every test in this folder is skipped (with the reason) when /usr/bin/chromium is missing, unless
TIDELINE_REQUIRE_BROWSER is set (CI sets it): then the run stops with an error instead, so the
browser suite can never pass by not running.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from dashboard import PROJECT_DIR

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = PROJECT_DIR / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Generous: the first run of a page on a cold server imports Altair and DuckDB's queries.
TIMEOUT_MS = 30_000
# How long a click has to start a script run before we take it that it starts none.
RUN_START_MS = 3_000
# Page titles as the sidebar shows them, keyed by the URL path st.navigation gives each page
# (the file name under dashboard/pages/).
PAGES = {
    "": "Today",
    "log": "Log",
    "no_contact": "No contact",
    "patterns": "Patterns",
    "cycles": "Cycles",
    "mood": "Mood",
    "snapshot": "Snapshot",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip this folder's tests, saying why, on a machine without Debian's Chromium."""
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    ours = [item for item in items if here in Path(str(item.fspath)).parents]
    if ours and os.environ.get("TIDELINE_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            f"TIDELINE_REQUIRE_BROWSER is set but Debian's Chromium is not at {CHROMIUM}"
        )
    skip = pytest.mark.skip(reason=f"the browser suite needs Debian's Chromium at {CHROMIUM}")
    for item in ours:
        item.add_marker(skip)


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(journal: Path, workdir: Path) -> Iterator[str]:
    """Run the real app on `journal` (TIDELINE_DB) and yield its base URL; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "TIDELINE_DB": str(journal),
        "TIDELINE_DEMO_DB": str(workdir / "demo.duckdb"),
    }
    log_path = workdir / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # A test server must not reload (or relist pages) when a file changes under it.
        "--server.fileWatcherType",
        "none",
    ]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def build_demo_journal(path: Path) -> Path:
    """A journal file holding the demo story (about six months ending today)."""
    from dashboard.demo import demo_payload
    from dashboard.formats.tideline import import_payload
    from dashboard.store import Store

    store = Store(path)
    try:
        import_payload(store, demo_payload())
    finally:
        # DuckDB lets one process hold the file; the server opens it next.
        store.close()
    return path


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a journal holding the demo story (so no welcome page: it opens on Today)."""
    workdir = tmp_path_factory.mktemp("demo_server")
    journal = build_demo_journal(workdir / "journal.duckdb")
    with serve(journal, workdir) as url:
        yield url


@pytest.fixture(scope="module")
def empty_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on an empty journal (a first visit opens the welcome page)."""
    workdir = tmp_path_factory.mktemp("empty_server")
    with serve(workdir / "journal.duckdb", workdir) as url:
        yield url


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """The app on an empty journal of this test's own (for tests that import into it)."""
    with serve(tmp_path / "journal.duckdb", tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run; each test opens its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _new_page(browser: Any, viewport: dict[str, int] = DESKTOP, **options: Any) -> Any:
    """A fresh context (own cookies, own Streamlit session) and page at this viewport size."""
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page (1280 × 900) in a fresh context, closed after the test."""
    page = _new_page(browser)
    try:
        yield page
    finally:
        page.context.close()


def _wait_idle(page: Any) -> None:
    """Wait until the script run is over and everything on the page, charts too, is drawn."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
    page.wait_for_function(
        """() => !document.querySelector(
            // "Running…" in the status widget: a run is under way or about to start.
            '[data-testid=stStatusWidgetRunningIcon], '
            // Placeholders while a widget's code is still loading in the browser.
            + '[data-testid=stSkeleton], [data-testid=stAppSkeleton], '
            // Elements of the previous run, faded out until the new run replaces them.
            + '[data-stale=true]')
        // A chart is drawn once Vega has put its canvas (or svg) into the chart's element.
        && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
            .every(chart => chart.querySelector('canvas, svg'))"""
    )
    # Let the last delta settle without a fixed wait: the fonts are loaded, and two animation
    # frames have passed (Vega resizes to its container's width in the frame after layout).
    page.evaluate(
        """() => document.fonts.ready.then(() => new Promise(done =>
            requestAnimationFrame(() => requestAnimationFrame(done))))"""
    )


def _assert_no_error(page: Any) -> None:
    """No exception box and no red error alert is on the page."""
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    errors = page.locator("[data-testid=stAlertContentError]")
    assert errors.count() == 0, errors.first.inner_text()


def _open_page(page: Any, base_url: str, name: str) -> None:
    """Load a page by its URL (a new Streamlit session), wait until drawn, check no error."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/{name}")
    # The first page of a cold server imports Altair and runs every query: allow it the time.
    heading = page.get_by_test_id("stMain").get_by_role("heading").first
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)
    _assert_no_error(page)


# Counts the script runs the page has seen start (a run can start and end between two polls,
# so a MutationObserver keeps the tally). Installed once per document.
_COUNT_RUNS = """() => {
    if (window.__e2eRuns === undefined) {
        window.__e2eRuns = 0;
        const app = document.querySelector('[data-testid=stApp]');
        new MutationObserver(records => records.forEach(r => {
            if (r.oldValue === 'running' || app.dataset.testScriptState === 'running') {
                window.__e2eRuns += 1;
            }
        })).observe(app, {attributes: true, attributeOldValue: true,
                          attributeFilter: ['data-test-script-state']});
    }
    return window.__e2eRuns;
}"""


def _after_run(page: Any, action: Any) -> None:
    """Do `action` (a click), wait for the script run it starts to end, then for the page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = page.evaluate(_COUNT_RUNS)
    action()
    # Nothing changed (the page already shown, the entry already picked): no run starts.
    with suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => window.__e2eRuns > {before}", timeout=RUN_START_MS)
    _wait_idle(page)


def _go_to(page: Any, title: str) -> None:
    """Follow a sidebar link (the session, and its chosen journal, stay the same)."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    _after_run(page, link.click)
    _assert_no_error(page)


def _shoot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save a screenshot to artifacts/screenshots/<name>.png (CI keeps artifacts/).

    Streamlit scrolls its main area inside the window, so Playwright's own full_page sees one
    screen only; for the whole page the window is made as tall as the content for the shot.
    """
    path = SHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    tall = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stSidebarContent]')].map(e => e.scrollHeight))"
    )
    if full_page and tall > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": int(tall)})
        _wait_idle(page)
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(viewport)
    return path


# The helpers as fixtures, so test modules need not import this conftest by name: each one under
# its own name (`wait_idle`, ...), and all of them in one `helpers` dict.
HELPERS: dict[str, Any] = {
    "new_page": _new_page,
    "wait_idle": _wait_idle,
    "assert_no_error": _assert_no_error,
    "open_page": _open_page,
    "go_to": _go_to,
    "after_run": _after_run,
    "shoot": _shoot,
    # serve(journal, workdir), for a test that stops the server itself midway.
    "serve_app": serve,
}


def _helper_fixture(name: str) -> Any:
    def fixture() -> Any:
        return HELPERS[name]

    fixture.__doc__ = f"The {HELPERS[name].__name__} helper of tests/e2e/conftest.py."
    return pytest.fixture(name=name)(fixture)


for _name in HELPERS:
    globals()[f"_{_name}_fixture"] = _helper_fixture(_name)


@pytest.fixture
def helpers() -> dict[str, Any]:
    """Every helper of tests/e2e/conftest.py by name: helpers["wait_idle"](page), ..."""
    return HELPERS
