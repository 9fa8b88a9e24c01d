-- The tables of the attached database $db, by name (table_name).
select table_name
from duckdb_tables()
where database_name = $db
order by table_name
