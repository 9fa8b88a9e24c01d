-- Make the attached database {alias} the one unqualified names refer to (a fixed plain name
-- filled in by dashboard.sqlfiles.sql_template: USE takes no bound parameter).
use {alias}
