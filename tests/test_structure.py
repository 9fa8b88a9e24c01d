"""The code's shape, measured (issue "One source for every figure"): small modules and
functions, SQL only in queries/, Streamlit only in the page layer, and a docs/architecture.md
that lists every module there is and no module that is not."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60
# Where Streamlit may be imported: the page layer and nothing below it.
STREAMLIT_HOMES = ("dashboard/pages/", "dashboard/ui/", "dashboard/app.py")
# SQL as it would start a statement handed to DuckDB. Upper-case keywords in the shapes
# statements take, so that "Delete this entry" or "Select a file" (page words) do not match.
SQL = re.compile(
    r"^\s*(SELECT\b.*\bFROM\b|WITH\s+\w+\s+AS\b|INSERT\s+INTO\b|UPDATE\s+\S+\s+SET\b|"
    r"DELETE\s+FROM\b|CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?(TABLE|MACRO|VIEW|INDEX|SEQUENCE)\b|"
    r"DROP\s+(TABLE|MACRO|VIEW)\b|ALTER\s+TABLE\b|ATTACH\b|DETACH\b|COPY\b|LOAD\b|"
    r"INSTALL\b|USE\s+\S+\s*$|PRAGMA\b|SET\s+\w+\s*=|(BEGIN|COMMIT|ROLLBACK|CHECKPOINT)\s*$)",
    re.DOTALL,
)


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (prose, not code)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_the_walk_finds_the_package() -> None:
    names = {rel(p) for p in modules()}
    assert "dashboard/app.py" in names and "dashboard/metrics.py" in names


def test_no_module_over_600_lines() -> None:
    long = {rel(p): n for p in modules() if (n := len(p.read_text().splitlines())) > 600}
    assert not long, long


def test_no_function_over_60_lines() -> None:
    long = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{rel(path)}:{node.lineno} {node.name}"] = lines
    assert not long, long


def sql_strings(source: str) -> list[str]:
    """String literals (f-strings too) in Python source that read as a SQL statement."""
    tree = ast.parse(source)
    prose = _docstrings(tree)
    # An f-string's pieces are constants too: judge the f-string once, by its head.
    prose |= {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            head = node.values[0] if node.values else None
            text = head.value if isinstance(head, ast.Constant) else ""
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in prose:
                continue
            text = node.value
        else:
            continue
        if isinstance(text, str) and SQL.match(text):
            found.append(text)
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('con.execute("SELECT key, value FROM settings")', ["SELECT key, value FROM settings"]),
        ('cur.execute(f"DELETE FROM {table} WHERE id = ?")', ["DELETE FROM "]),
        ('cur.execute("BEGIN")', ["BEGIN"]),
        ('msg = "Select a file to import"', []),
        ('con.execute("SELECT 1")', []),  # no FROM: not a statement this finder needs
        ('cur.execute(f"USE {alias}")', []),  # the head "USE " alone: too little to tell
        ('cur.execute("USE vault")', ["USE vault"]),
        ('cur.execute("CHECKPOINT")', ["CHECKPOINT"]),
        ('sql = "ATTACH ? AS src"', ["ATTACH ? AS src"]),
        ('"""Copies the journal: ATTACH, then COPY FROM DATABASE."""', []),
        ('label = "Update the entry"', []),
        ('label = "Delete this entry"', []),
        ('label = "Save mood"', []),
    ],
)
def test_the_sql_finder_itself(source: str, expected: list[str]) -> None:
    assert sql_strings(source) == expected


def test_no_sql_text_in_python() -> None:
    found = {rel(p): hits for p in modules() if (hits := sql_strings(p.read_text()))}
    assert not found, found


def test_streamlit_only_in_the_page_layer() -> None:
    importing = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                importing.add(rel(path))
    outside = {p for p in importing if not p.startswith(STREAMLIT_HOMES)}
    assert importing and not outside, outside


def test_architecture_doc_lists_every_module_and_only_real_ones() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text()
    listed = set(re.findall(r"`(dashboard/[\w/]+\.py)`", doc))
    real = {rel(p) for p in modules()} - {
        rel(p) for p in modules() if p.name == "__init__.py" and not p.read_text().strip()
    }
    assert listed - real == set(), f"listed but missing: {sorted(listed - real)}"
    assert real - listed == set(), f"not in docs/architecture.md: {sorted(real - listed)}"
