-- The digest of every macro file together, kept as the comment of the schema_version table
-- (null before it is first set): one small catalog read tells an open that every macro is
-- current, where reading each macro's own comment scans every DuckDB function (35 ms).
select comment
from duckdb_tables()
where database_name = current_database()
  and schema_name = 'main'
  and table_name = 'schema_version'
