-- The $limit tracking days in [$since, $until] with the lowest mean mood, lowest first (then
-- the earlier day): day, entries, mean_mood (mean of that day's entries), min_mood.
with

entries as (
    select tracking_day("at", $day_start_hour) as day, mood
    from mood
),

daily as (
    select day, count(*) as entries, avg(mood) as mean_mood, min(mood) as min_mood
    from entries
    where day between cast($since as date) and cast($until as date)
    group by day
)

select day, entries, round(mean_mood, 3) as mean_mood, min_mood
from daily
order by mean_mood, day
limit $limit
