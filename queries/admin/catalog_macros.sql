-- The macros of the open journal, one row per macro: name, kind ('macro' for a scalar one,
-- 'table_macro' for one that returns rows) and comment (the digest of the file it came from,
-- null for a copy made by migration 001).
select distinct function_name as name, function_type as kind, comment
from duckdb_functions()
where database_name = current_database()
  and schema_name = 'main'
  and function_type in ('macro', 'table_macro')
order by name
