-- Mood per tracking day, computed once per write to mood (dashboard/derived.py) into
-- tideline_derived.mood_by_day, which the queries that need the days read instead of grouping
-- the entries again: one row per day with entries, for the hour a day starts: day_start_hour,
-- day, entries, mood_sum, mood_min and mood_max (a day's mean is mood_sum / entries).
-- With $first_at and $after_at (not null) only the days whose times lie in [$first_at,
-- $after_at) are computed: those of rows just added (dashboard/derived.fill).
insert into tideline_derived.mood_by_day
select
    cast($day_start_hour as integer) as day_start_hour,
    tracking_day("at", $day_start_hour) as day,
    cast(count(*) as bigint) as entries,
    cast(sum(mood) as bigint) as mood_sum,
    min(mood) as mood_min,
    max(mood) as mood_max
from mood
where ("at" >= $first_at or $first_at is null) and ("at" < $after_at or $after_at is null)
group by day
