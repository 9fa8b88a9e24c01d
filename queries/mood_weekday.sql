-- Mood by weekday of the tracking day in [$since, $until]: weekday_num (1 = Monday … 7 = Sunday),
-- weekday (Mon…Sun), mean_mood over the entries on that weekday, entries, days_logged.
-- Read from the mood by tracking day (tideline_derived.mood_by_day, grouped once per write).
with

in_range as (
    select day, entries, mood_sum
    from tideline_derived.mood_by_day
    where day_start_hour = $day_start_hour
      and ($since::date is null or day >= $since::date) and day <= $until::date
)

select
    isodow(day) as weekday_num,
    strftime(min(day), '%a') as weekday,
    round(sum(mood_sum) / sum(entries), 3) as mean_mood,
    cast(sum(entries) as bigint) as entries,
    count(*) as days_logged
from in_range
group by weekday_num
order by weekday_num
