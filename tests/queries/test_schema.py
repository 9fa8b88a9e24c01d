"""dashboard/schema.py says what the migrations made: the same tables, columns in the same order
with the same types, NULL allowed exactly where the schema says, a default wherever a value may
be left out, and every CHECK constraint of the journal holds the schema's vocabulary or range."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import schema
from dashboard.store import Store

PASS = "correct horse battery"


@pytest.fixture(params=["plain", "encrypted"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    passphrase = PASS if request.param == "encrypted" else None
    store = Store(tmp_path / "fresh.duckdb", passphrase=passphrase)
    yield store
    store.close()


def _catalog(store: Store) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in store.query("admin/catalog_columns").to_dict("records"):
        out.setdefault(row["table_name"], []).append(row)
    return out


def test_the_tables_are_the_schemas(fresh: Store) -> None:
    assert sorted(_catalog(fresh)) == sorted(schema.TABLES)


def test_columns_names_order_and_types(fresh: Store) -> None:
    catalog = _catalog(fresh)
    for name, table in schema.TABLES.items():
        found = [(c["column_name"], c["data_type"]) for c in catalog[name]]
        assert found == [(c.name, c.type) for c in table.columns], name


def test_null_only_where_the_schema_allows_it(fresh: Store) -> None:
    catalog = _catalog(fresh)
    for name, table in schema.TABLES.items():
        nullable = {c["column_name"] for c in catalog[name] if c["nullable"]}
        assert nullable == {c.name for c in table.columns if c.nullable}, name


def test_a_default_wherever_a_value_may_be_left_out(fresh: Store) -> None:
    # Optional and never NULL: the database must fill it in (id, created_at, note…).
    catalog = _catalog(fresh)
    for name, table in schema.TABLES.items():
        with_default = {
            c["column_name"] for c in catalog[name] if isinstance(c["column_default"], str)
        }
        expected = {c.name for c in table.columns if not (c.required or c.nullable)}
        assert with_default == expected, name


def _column(table: str, name: str) -> schema.Column:
    return next(c for c in schema.TABLES[table].columns if c.name == name)


def _checks(store: Store) -> dict[tuple[str, str], str]:
    rows = store.query("admin/catalog_checks").to_dict("records")
    return {(r["table_name"], r["column_name"]): r["expression"] for r in rows}


def test_every_check_constraint_is_in_the_schema(fresh: Store) -> None:
    checked = {
        (t.name, c.name)
        for t in schema.TABLES.values()
        for c in t.columns
        if c.choices is not None or c.low is not None
    }
    # mood, urge, intensity (ranges); initiator, channel, outcome, kind (vocabularies).
    assert len(checked) == 7
    assert set(_checks(fresh)) == checked


def test_vocabularies_match_the_in_lists(fresh: Store) -> None:
    for (table, column), expression in _checks(fresh).items():
        spec = _column(table, column)
        if spec.choices is None:
            continue
        assert " IN " in expression
        assert tuple(re.findall(r"'([^']*)'", expression)) == spec.choices, (table, column)


def test_ranges_match_the_between_bounds(fresh: Store) -> None:
    for (table, column), expression in _checks(fresh).items():
        spec = _column(table, column)
        if spec.low is None:
            continue
        bounds = re.fullmatch(rf"\({column} BETWEEN (\d+) AND (\d+)\)", expression)
        assert bounds, expression
        assert (int(bounds[1]), int(bounds[2])) == (spec.low, spec.high), (table, column)


def test_the_vocabularies_by_hand() -> None:
    # PRODUCT.md section 3, written out.
    assert schema.CHANNELS == ("text", "call", "video", "social", "in_person", "email", "other")
    assert schema.INITIATORS == ("me", "them")
    assert schema.OUTCOMES == ("resisted", "peeked")
    assert schema.INTENTS == ("reconcile", "undecided", "move_on")
    assert len(schema.MILESTONE_KINDS) == 9
    assert schema.MILESTONE_KINDS[0] == "breakup" and schema.MILESTONE_KINDS[-1] == "custom"
    stages = set(schema.MILESTONE_KINDS) - {"therapy_session", "custom"}
    assert stages == schema.STAGE_KINDS


def test_every_value_has_its_words() -> None:
    pairs = [
        (schema.INITIATORS, schema.INITIATOR_LABELS),
        (schema.CHANNELS, schema.CHANNEL_LABELS),
        (schema.OUTCOMES, schema.OUTCOME_LABELS),
        (schema.OUTCOMES, schema.OUTCOME_NAMES),
        (schema.MILESTONE_KINDS, schema.KIND_LABELS),
        (schema.MILESTONE_KINDS, schema.KIND_NAMES),
        (schema.INTENTS, schema.INTENT_LABELS),
        (schema.RED_FLAGS, schema.RED_FLAG_LABELS),
    ]
    for values, labels in pairs:
        assert tuple(labels) == values
        assert all(labels.values())


def test_private_columns_are_the_notes() -> None:
    private = {(t, c.name) for t in schema.ENTRY_TABLES for c in schema.fields(t) if c.private}
    assert private == {(t, "note") for t in schema.ENTRY_TABLES}
