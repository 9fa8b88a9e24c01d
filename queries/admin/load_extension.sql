-- Load a DuckDB extension from a local file. LOAD takes the file name only as a literal in the
-- text: {path} is filled in, quoted, by dashboard.sqlfiles.sql_template.
load {path}
