-- queries/derived/activities_by_day.sql for the tracking days of the times $at only (the mood
-- rows just added): those days' rows again, from every entry of each of them.
insert into tideline_derived.activities_by_day
select distinct
    cast($day_start_hour as integer) as day_start_hour,
    tracking_day("at", $day_start_hour) as day,
    unnest(activities) as activity
from mood
where tracking_day("at", $day_start_hour)
    in (select tracking_day(t, $day_start_hour) from unnest($at) as added(t))
