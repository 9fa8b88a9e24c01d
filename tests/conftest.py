"""Shared fixtures: real DuckDB files in a temporary folder, built in code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.store import Store


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
