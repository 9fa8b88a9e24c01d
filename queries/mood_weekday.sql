-- Mood by weekday of the tracking day in [$since, $until]: weekday_num (1 = Monday … 7 = Sunday),
-- weekday (Mon…Sun), mean_mood over the entries on that weekday, entries, days_logged.
with

mood as (
    select tracking_day("at", $day_start_hour) as day, mood
    from mood
),

in_range as (
    select day, mood
    from mood
    where ($since::date is null or day >= $since::date) and day <= $until::date
)

select
    isodow(day) as weekday_num,
    strftime(min(day), '%a') as weekday,
    round(avg(mood), 3) as mean_mood,
    count(*) as entries,
    count(distinct day) as days_logged
from in_range
group by weekday_num
order by weekday_num
