-- Activities per tracking day, computed once per write to mood (dashboard/derived.py) into
-- tideline_derived.activities_by_day: one row per day and activity named that day
-- (day_start_hour, day, activity).
insert into tideline_derived.activities_by_day
select distinct
    cast($day_start_hour as integer) as day_start_hour,
    tracking_day("at", $day_start_hour) as day,
    unnest(activities) as activity
from mood
