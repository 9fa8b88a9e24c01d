-- queries/derived/emotions_by_day.sql for the tracking days of the times $at only (the mood
-- rows just added): those days' rows again, from every entry of each of them.
insert into tideline_derived.emotions_by_day
select
    cast($day_start_hour as integer) as day_start_hour,
    day,
    emotion,
    cast(count(*) as bigint) as entries,
    cast(sum(mood) as bigint) as mood_sum
from (
    select
        tracking_day("at", $day_start_hour) as day,
        mood,
        unnest(list_distinct(emotions)) as emotion
    from mood
    where tracking_day("at", $day_start_hour)
        in (select tracking_day(t, $day_start_hour) from unnest($at) as added(t))
)
group by day, emotion
