-- Mood on one tracking day $day (one row): entries, mean_mood, latest_mood and latest_at
-- (the most recent entry of the day, the one saved last among entries of the same minute;
-- nulls when there is none).
with

mood as (
    select id, "at", mood
    from mood
    where tracking_day("at", $day_start_hour) = $day::date
)

select
    count(*) as entries,
    round(avg(mood), 3) as mean_mood,
    first(mood order by "at" desc, id desc) as latest_mood,
    max("at") as latest_at
from mood
