"""Shared fixtures: real DuckDB files in a temporary folder, built in code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dashboard.store import Store

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest


@pytest.fixture(autouse=True)
def _tls_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --lan` makes its certificate in a test folder, never in the person's data folder."""
    monkeypatch.setenv("TIDELINE_TLS_DIR", str(tmp_path_factory.getbasetemp() / "tls"))


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty own journal for the app (TIDELINE_DB), with a demo file of its own beside.

    Modules that need the demo story built define their own `journal` over a built demo file.
    """
    path = tmp_path / "journal.duckdb"
    monkeypatch.setenv("TIDELINE_DB", str(path))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(tmp_path / "demo.duckdb"))
    return path


def build_demo(path: Path, end: dt.date | None = None) -> Path:
    """The demo story (ending `end`, default today) written into a new database at `path`."""
    from dashboard.demo import demo_payload
    from dashboard.formats.tideline import import_payload

    with Store(path) as s:
        import_payload(s, demo_payload(end=end))
    return path


def journal_app(page: str | None = None) -> AppTest:
    """dashboard/app.py run on the own journal (the welcome passed), then on `page` if given."""
    from streamlit.testing.v1 import AppTest

    from dashboard import PROJECT_DIR
    from dashboard.ui import session

    at = AppTest.from_file(str(PROJECT_DIR / "dashboard" / "app.py"), default_timeout=30)
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    return at.switch_page(page).run() if page else at


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo story, built once for each module that asks for it."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture
def demo_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Path) -> Path:
    """A fresh, empty own journal (TIDELINE_DB); the demo database is the module's `demo_db`."""
    path = tmp_path / "journal.duckdb"
    monkeypatch.setenv("TIDELINE_DB", str(path))
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(demo_db))
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tideline.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An empty Tideline database file."""
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """Build a database from tables of rows: make_store(mood=[...], contacts=[...], settings={})."""
    opened: list[Store] = []

    def build(name: str = "fixture", settings: dict[str, Any] | None = None, **tables) -> Store:
        s = Store(tmp_path / f"{name}.duckdb")
        s.add_many(tables, settings=settings)
        opened.append(s)
        return s

    yield build
    for s in opened:
        s.close()
