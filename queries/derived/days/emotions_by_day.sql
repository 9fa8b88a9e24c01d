-- queries/derived/emotions_by_day.sql for the tracking days from $first_day to $last_day only (those of
-- the mood rows just added): those days' rows again, from every entry whose time lies in them,
-- [$first_at, $after_at) (DuckDB skips the stored blocks of other times).
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
    where "at" >= $first_at and "at" < $after_at
)
group by day, emotion
