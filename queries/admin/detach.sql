-- Close the attached database {alias} (a fixed plain name filled in by
-- dashboard.sqlfiles.sql_template).
detach {alias}
