"""The statements of the store and the vault are files under queries/admin/: the per-table ones
write exactly dashboard/schema.py's fields, in order, bound by name; the templates take only a
quoted literal or a plain name."""

from __future__ import annotations

import re

import pytest

from dashboard import schema
from dashboard.sqlfiles import load_sql, sql_params, sql_template
from dashboard.store import QUERIES_DIR, StoreError

PER_TABLE = ("insert", "insert_rows", "update", "delete")


def _column_list(text: str) -> list[str]:
    """The names in the first parenthesised list after `insert into <table>`."""
    found = re.search(r"insert into \w+ \(([^)]*)\)", text)
    assert found, text
    return [name.strip().strip('"') for name in found[1].split(",")]


def test_one_file_per_table_and_statement() -> None:
    files = {p.stem for p in (QUERIES_DIR / "admin").glob("*.sql")}
    for kind in PER_TABLE:
        tables = {f.removeprefix(f"{kind}_") for f in files if f.startswith(f"{kind}_")}
        if kind == "insert":
            tables -= {f"rows_{t}" for t in schema.ENTRY_TABLES}
        assert tables == set(schema.ENTRY_TABLES), kind


@pytest.mark.parametrize("table", schema.ENTRY_TABLES)
def test_inserts_write_the_schemas_fields_in_order(table: str) -> None:
    names = [*schema.TABLES[table].names, "created_at"]
    assert _column_list(load_sql(f"admin/insert_{table}")) == names
    assert _column_list(load_sql(f"admin/insert_rows_{table}")) == names
    assert sql_params(f"admin/insert_{table}") == set(names)
    assert sql_params(f"admin/insert_rows_{table}") == set()


@pytest.mark.parametrize("table", schema.ENTRY_TABLES)
def test_update_sets_every_field_by_name(table: str) -> None:
    text = load_sql(f"admin/update_{table}")
    names = list(schema.TABLES[table].names)
    clause = text[text.index(f"update {table}\nset ") : text.index("where id = $id")]
    assigned = re.findall(r'"?(\w+)"? = \$(\w+)', clause)
    assert assigned == [(n, n) for n in names]
    assert sql_params(f"admin/update_{table}") == {*names, "id"}


@pytest.mark.parametrize("table", schema.ENTRY_TABLES)
def test_delete_takes_only_the_id(table: str) -> None:
    assert sql_params(f"admin/delete_{table}") == {"id"}
    assert f"delete from {table} where id = $id" in load_sql(f"admin/delete_{table}")


def test_a_template_quotes_the_path_and_refuses_other_names() -> None:
    attach = sql_template("admin/attach_read_only", path="/tmp/it's here.duckdb", alias="src")
    assert attach.strip().endswith("attach '/tmp/it''s here.duckdb' as src (read_only)")
    with pytest.raises(StoreError, match="not a database name"):
        sql_template("admin/detach", alias="src; drop table mood")
