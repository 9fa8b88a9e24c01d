-- The $top most named emotions in mood entries in [$since, $until]: emotion, entries naming it,
-- share of all entries in the range (0–1), total_entries in the range, and the mean mood of the
-- entries naming it; most named first, then by name.
with

mood as (
    select tracking_day("at", $day_start_hour) as day, mood, emotions
    from mood
),

in_range as (
    select mood, emotions
    from mood
    where ($since::date is null or day >= $since::date) and day <= $until::date
),

total as (
    select count(*) as n
    from in_range
),

named as (
    select unnest(list_distinct(emotions)) as emotion, mood
    from in_range
),

counted as (
    select emotion, count(*) as entries, avg(mood) as mean_mood
    from named
    group by emotion
)

select
    counted.emotion,
    counted.entries,
    round(counted.entries / total.n, 3) as share,
    total.n as total_entries,
    round(counted.mean_mood, 3) as mean_mood
from counted, total
order by counted.entries desc, counted.emotion
limit $top
