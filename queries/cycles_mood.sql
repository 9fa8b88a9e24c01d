-- Mood over time for the cycles timeline: the entries whose tracking day is in
-- [$since, $until], grouped by day or by week (Monday start) as $grain ('day' | 'week') says,
-- so a long history stays a few hundred rows. One row per period with entries: period_start,
-- entries, mean_mood, min_mood, max_mood. Read from the days
-- (tideline_derived.mood_by_day, grouped once per write to mood), not the entries.
with

days as (
    select day, entries, mood_sum, mood_min, mood_max
    from tideline_derived.mood_by_day
    where day_start_hour = $day_start_hour
      and day <= cast($until as date)
      and day >= coalesce(cast($since as date), day)
)

select
    cast(date_trunc(cast($grain as varchar), day) as date) as period_start,
    cast(sum(entries) as bigint) as entries,
    sum(mood_sum) / sum(entries) as mean_mood,
    min(mood_min) as min_mood,
    max(mood_max) as max_mood
from days
group by period_start
order by period_start
