-- Mood over time for the cycles timeline: the entries whose tracking day is in
-- [$since, $until], grouped by day or by week (Monday start) as $grain ('day' | 'week') says,
-- so a long history stays a few hundred rows. One row per period with entries: period_start,
-- entries, mean_mood, min_mood, max_mood.
with

entries as (
    select tracking_day("at", $day_start_hour) as day, mood
    from mood
    where tracking_day("at", $day_start_hour) <= cast($until as date)
      and tracking_day("at", $day_start_hour)
          >= coalesce(cast($since as date), tracking_day("at", $day_start_hour))
)

select
    cast(date_trunc(cast($grain as varchar), day) as date) as period_start,
    count(*) as entries,
    avg(mood) as mean_mood,
    min(mood) as min_mood,
    max(mood) as max_mood
from entries
group by period_start
order by period_start
