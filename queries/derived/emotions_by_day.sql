-- Emotions per tracking day, computed once per write to mood (dashboard/derived.py) into
-- tideline_derived.emotions_by_day: one row per day and emotion named that day: day_start_hour,
-- day, emotion, entries (entries naming it, each once however often) and mood_sum (of those
-- entries).
-- With $first_at and $after_at (not null) only the days whose times lie in [$first_at,
-- $after_at) are computed: those of rows just added (dashboard/derived.fill).
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
    where ("at" >= $first_at or $first_at is null) and ("at" < $after_at or $after_at is null)
)
group by day, emotion
