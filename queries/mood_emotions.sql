-- The $top most named emotions in mood entries in [$since, $until]: emotion, entries naming it,
-- share of all entries in the range (0–1), total_entries in the range, and the mean mood of the
-- entries naming it; most named first, then by name. Read from the days (emotions_by_day and
-- mood_by_day in tideline_derived, grouped once per write to mood), not the entries.
with

in_range as (
    select emotion, entries, mood_sum
    from tideline_derived.emotions_by_day
    where day_start_hour = $day_start_hour
      and ($since::date is null or day >= $since::date) and day <= $until::date
),

total as (
    select cast(coalesce(sum(entries), 0) as bigint) as n
    from tideline_derived.mood_by_day
    where day_start_hour = $day_start_hour
      and ($since::date is null or day >= $since::date) and day <= $until::date
),

counted as (
    select
        emotion,
        cast(sum(entries) as bigint) as entries,
        sum(mood_sum) / sum(entries) as mean_mood
    from in_range
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
