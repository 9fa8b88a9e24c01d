-- Mood per tracking day in [$since, $until] ($since null = from the first entry): day, mean_mood
-- (mean of that day's entries), entries, and rolling_mean = the mean of the daily means of the
-- days D-6..D that have entries (the days before $since count, so a range starts with context).
with

rolled as (
    select
        day,
        mean_mood,
        entries,
        avg(mean_mood) over (
            order by day range between interval 6 days preceding and current row
        ) as rolling_mean
    from (
        select day, mood_sum / entries as mean_mood, entries
        from tideline_derived.mood_by_day
        where day_start_hour = $day_start_hour
    )
    where day <= $until::date
)

select
    day,
    round(mean_mood, 3) as mean_mood,
    entries,
    round(rolling_mean, 3) as rolling_mean
from rolled
where $since::date is null or day >= $since::date
order by day
