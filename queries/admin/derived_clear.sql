-- A derived table's rows for one hour a tracking day starts, before they are computed again
-- ({alias}: the derived table's fixed plain name, filled in by dashboard.sqlfiles.sql_template).
delete from tideline_derived.{alias}
where day_start_hour = $day_start_hour
