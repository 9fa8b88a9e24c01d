"""The Parquet zip: every table as a Parquet file with typed columns, for other tools.

Write only: Tideline does not read it back (the JSON and the CSV zip are the ones to import).
pyarrow loads with this module, so only an export in this format pays for it.
"""

from __future__ import annotations

import io
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.formats.csv_zip import settings_rows
from dashboard.store import ARROW_TYPES, Store
from dashboard.validate import TABLES


def parquet_zip(store: Store) -> bytes:
    """Every table as a Parquet file with typed columns, in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for table in TABLES:
            types = ARROW_TYPES[table] | {"created_at": pa.timestamp("us")}
            schema = pa.schema(list(types.items()))
            rows = [{c: r[c] for c in types} for r in store.rows(table)]
            zf.writestr(f"{table}.parquet", _parquet_bytes(pa.Table.from_pylist(rows, schema)))
        settings = pa.Table.from_pylist(
            [{"key": k, "value": v} for k, v in settings_rows(store)],
            pa.schema([("key", pa.string()), ("value", pa.string())]),
        )
        zf.writestr("settings.parquet", _parquet_bytes(settings))
    return buf.getvalue()


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()
