"""The SQL files under queries/: reading them, their parameters, templates and the macros.

Every statement Tideline runs is a file: one query per file under queries/ (bound parameters
only), migrations under queries/schema/, statements of the store and the vault under
queries/admin/ (one file per table where a table name varies), one macro per file under
queries/macros/, created on every writable open by `dashboard.store.Store`, and one derived
table per file under queries/derived/ (`dashboard.derived`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from dashboard import QUERIES_DIR
from dashboard.errors import StoreError

# One SQL macro per file, brought into every journal on a writable open.
MACROS_DIR = QUERIES_DIR / "macros"
# One derived table per file, computed once per write (dashboard/derived.py).
DERIVED = "derived"
DERIVED_DIR = QUERIES_DIR / DERIVED
# The span of times a derived table's file computes (null: all of them), bound by its filler
# (dashboard/derived.fill), never by the queries that read the table.
DERIVED_SPAN = frozenset({"first_at", "after_at"})
_COMMENT_OR_TEXT = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
# A bare name: not a column of an alias (`m.mood`), not part of a longer name.
_NAME = re.compile(r"(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)\b")
# A function or macro called, `nc_days($as_of, …)`; a CTE of the same name is not one.
_CALL = re.compile(r"(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)\s*\(")
# A derived table read by a query: a table of the in-memory database `tideline_derived`.
_DERIVED_REF = re.compile(r"(?<![.\w])tideline_derived\.([a-z_]+)\b", re.IGNORECASE)
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# A database name filled into a template: a fixed plain name, never user text.
_ALIAS = re.compile(r"[a-z_]+")


@functools.cache
def load_sql(name: str) -> str:
    """The text of queries/<name>.sql (read once per process)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise StoreError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


@functools.cache
def text_params(name: str) -> frozenset[str]:
    """The named parameters a query file's own text binds."""
    return frozenset(PARAM.findall(load_sql(name)))


@functools.cache
def derived_tables() -> frozenset[str]:
    """The derived tables (queries/derived/<name>.sql, see dashboard/derived.py), by name."""
    return frozenset(p.stem for p in DERIVED_DIR.glob("*.sql"))


def derived_file(table: str) -> str:
    """The query name of a derived table's file (queries/derived/<table>.sql)."""
    return f"{DERIVED}/{table}"


def names_in(sql: str) -> set[str]:
    """The bare names of SQL text (tables, columns, functions), lower case, outside comments
    and string literals."""
    return {n.lower() for n in _NAME.findall(_COMMENT_OR_TEXT.sub(" ", sql))}


def calls_in(sql: str) -> set[str]:
    """The names SQL text calls (functions and macros), lower case, outside comments and string
    literals."""
    return {n.lower() for n in _CALL.findall(_COMMENT_OR_TEXT.sub(" ", sql))}


def derived_in(sql: str) -> set[str]:
    """The derived tables SQL text reads (`from tideline_derived.mood_by_day`), by name."""
    return set(_DERIVED_REF.findall(_COMMENT_OR_TEXT.sub(" ", sql))) & derived_tables()


@functools.cache
def macro_texts(folder: Path = MACROS_DIR) -> dict[str, str]:
    """Every macro file's text in `folder`, by macro name, read once per folder (not to be
    changed). By default the package's own: what the queries call, followed to the tables and
    derived tables they read. `macro_files` passes the folder a Store applies, MACROS_DIR as it
    is at the call."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.sql"))}


def with_macros(sql: str) -> list[str]:
    """SQL text, then the text of every macro it calls, directly or through other macros."""
    texts, seen, todo = [sql], set(), [sql]
    while todo:
        for macro in sorted(calls_in(todo.pop()) & set(macro_texts()) - seen):
            seen.add(macro)
            texts.append(macro_texts()[macro])
            todo.append(macro_texts()[macro])
    return texts


@functools.cache
def derived_used_by(name: str) -> tuple[str, ...]:
    """The derived tables a query file reads, by name, through the macros it calls too (a
    derived table's own file writes its table, and reads none)."""
    own = {t for t in derived_tables() if name == derived_file(t)}
    found = set().union(*(derived_in(text) for text in with_macros(load_sql(name))))
    return tuple(sorted(found - own))


@functools.cache
def sql_params(name: str) -> frozenset[str]:
    """The named parameters a query takes: its own and those of the derived tables it reads
    (the hour a tracking day starts, for one)."""
    used = (text_params(derived_file(d)) - DERIVED_SPAN for d in derived_used_by(name))
    return text_params(name).union(*used)


def sql_literal(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_template(
    name: str,
    *,
    path: str | Path | None = None,
    alias: str | None = None,
    comment: str | None = None,
) -> str:
    """queries/<name>.sql with its {path}, {alias} and {comment} filled in.

    ATTACH and LOAD take a file name, USE, CHECKPOINT and DETACH a database name, and COMMENT
    ON a macro's name and its comment, only as literal text: DuckDB cannot bind them as
    parameters. So the statement stays in its file and only these are put in here: the path
    and the comment quoted as string literals, the alias (a database or macro name) a fixed
    plain name (anything else is refused).
    """
    text = load_sql(name)
    for token, value in (("{path}", path), ("{comment}", comment)):
        if value is not None:
            text = text.replace(token, sql_literal(str(value)))
    if alias is not None:
        if not _ALIAS.fullmatch(alias):
            raise StoreError(f"{alias!r} is not a database name Tideline uses")
        text = text.replace("{alias}", alias)
    return text


def digest(text: str) -> str:
    """A short digest of a file's text (a macro carries its file's as its comment)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def macro_files() -> list[tuple[str, str]]:
    """(name, text) of every macro file, each after the macros it uses (DuckDB checks a macro's
    body when it is created, so what it calls must exist first)."""
    texts = macro_texts(MACROS_DIR)
    uses = {
        name: {other for other in texts if other != name and re.search(rf"\b{other}\(", text)}
        for name, text in texts.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(texts):
        ready = [n for n in texts if n not in ordered and uses[n] <= set(ordered)]
        if not ready:
            raise StoreError("the macros in queries/macros/ use each other in a circle")
        ordered.extend(ready)
    return [(name, texts[name]) for name in ordered]
