-- A derived table's rows of the tracking days from $first_day to $last_day (those of rows just
-- added), for one hour a tracking day starts, before those days are computed again ({alias}:
-- the derived table's fixed plain name, filled in by dashboard.sqlfiles.sql_template).
delete from tideline_derived.{alias}
where day_start_hour = $day_start_hour
  and day between $first_day and $last_day
