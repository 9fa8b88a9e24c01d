-- Mood per week (Monday to Sunday, by tracking day) in [$since, $until], for ranges too long to
-- draw day by day: week (its Monday), mean_mood (mean of the daily means), days_logged, entries,
-- and rolling_mean = the mean of the weekly means of that week and the three before it.
with

weekly as (
    select
        cast(date_trunc('week', day) as date) as week,
        avg(mean_mood) as mean_mood,
        count(*) as days_logged,
        sum(entries) as entries
    from (
        select day, mood_sum / entries as mean_mood, entries
        from tideline_derived.mood_by_day
        where day_start_hour = $day_start_hour
    )
    where ($since::date is null or day >= $since::date) and day <= $until::date
    group by week
)

select
    week,
    round(mean_mood, 3) as mean_mood,
    days_logged,
    cast(entries as bigint) as entries,
    round(
        avg(mean_mood) over (
            order by week range between interval 21 days preceding and current row
        ),
        3
    ) as rolling_mean
from weekly
order by week
