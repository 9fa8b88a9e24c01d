-- Mood per tracking day in [$since, $as_of]: entries, their sum, mean and lowest value, and
-- whether the day is a no-contact day.
with

entries as (
    select tracking_day("at", $day_start_hour) as day, mood
    from mood
),

nc as (
    select day from nc_days($as_of)
)

select
    entries.day,
    count(*) as entries,
    sum(entries.mood) as mood_sum,
    avg(entries.mood) as mood_mean,
    min(entries.mood) as mood_min,
    bool_or(nc.day is not null) as in_nc
from entries
left join nc using (day)
where entries.day <= cast($as_of as date)
  and entries.day >= coalesce(cast($since as date), entries.day)
group by entries.day
order by entries.day
