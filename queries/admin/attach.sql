-- Attach a plain database file. DuckDB takes the file name only as a literal in the text, not
-- as a bound parameter: {path} and {alias} are filled in by dashboard.sqlfiles.sql_template (the
-- path quoted as a string literal, the alias a fixed plain name).
attach {path} as {alias}
