-- Write the write-ahead log of the attached database {alias} into its file (a fixed plain name
-- filled in by dashboard.sqlfiles.sql_template).
checkpoint {alias}
