-- The CHECK constraints of the open journal's tables, one row each: table_name, column_name
-- (the one column it checks) and expression (its SQL text, as DuckDB prints it back).
select
    table_name,
    constraint_column_names[1] as column_name,
    expression
from duckdb_constraints()
where database_name = current_database()
  and schema_name = 'main'
  and constraint_type = 'CHECK'
order by table_name, column_name
