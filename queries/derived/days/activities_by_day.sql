-- queries/derived/activities_by_day.sql for the tracking days from $first_day to $last_day only (those of
-- the mood rows just added): those days' rows again, from every entry whose time lies in them,
-- [$first_at, $after_at) (DuckDB skips the stored blocks of other times).
insert into tideline_derived.activities_by_day
select distinct
    cast($day_start_hour as integer) as day_start_hour,
    tracking_day("at", $day_start_hour) as day,
    unnest(activities) as activity
from mood
where "at" >= $first_at and "at" < $after_at
