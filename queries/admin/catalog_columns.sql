-- Every column of the open journal's tables, as DuckDB's catalog has them (for the check that
-- dashboard/schema.py says what the migrations made): table_name, column_name, position (from
-- 1), data_type, nullable (true when NULL is allowed) and column_default (its SQL text or null).
select
    table_name,
    column_name,
    ordinal_position as position,
    data_type,
    is_nullable = 'YES' as nullable,
    column_default
from information_schema.columns
where table_catalog = current_database()
  and table_schema = 'main'
order by table_name, ordinal_position
