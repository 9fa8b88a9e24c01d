-- Activities per tracking day, computed once per write to mood (dashboard/derived.py) into
-- tideline_derived.activities_by_day: one row per day and activity named that day
-- (day_start_hour, day, activity).
-- With $first_at and $after_at (not null) only the days whose times lie in [$first_at,
-- $after_at) are computed: those of rows just added (dashboard/derived.fill).
insert into tideline_derived.activities_by_day
select distinct
    cast($day_start_hour as integer) as day_start_hour,
    tracking_day("at", $day_start_hour) as day,
    unnest(activities) as activity
from mood
where ("at" >= $first_at or $first_at is null) and ("at" < $after_at or $after_at is null)
