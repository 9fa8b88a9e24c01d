-- Whether DuckDB may install or load a known extension by itself (name, value): Tideline turns
-- both off on every connection, so nothing is downloaded.
select name, value
from duckdb_settings()
where name in ('autoinstall_known_extensions', 'autoload_known_extensions')
order by name
