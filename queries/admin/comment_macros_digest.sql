-- Keep {comment}, the digest of every macro file together, as the schema_version table's
-- comment (filled in by dashboard.sqlfiles.sql_template: COMMENT ON takes no bound parameter).
comment on table schema_version is {comment}
