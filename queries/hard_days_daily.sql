-- One row per calendar day of [$since, $until] ($since null = from the first day with any data,
-- as the calendar macro decides), oldest first (PRODUCT.md s.4, issue 15): day,
-- entries (mood entries that tracking day, 0 on a day without), mood_min, mood_max and
-- mood_mean (of that day's entries, null without), low (its lowest mood is <= $low_mood; false
-- on a day without entries) and support (the support card's rule holds as of that day, over
-- the whole history up to it, as the guidance reads it: the lowest mood of the day and the two
-- before is 1, or at least 3 of the day and the six before are low days, unless the two latest
-- logged days up to it are both >= 6).
with

-- Every logged day up to $until (the days before $since count for the rule's windows), from
-- the mood by tracking day (tideline_derived.mood_by_day, grouped once per write to mood).
logged as (
    select
        day,
        entries,
        mood_min,
        mood_max,
        mood_sum / entries as mood_mean
    from tideline_derived.mood_by_day
    where day_start_hour = $day_start_hour and day <= cast($until as date)
),

-- The lowest mood over each logged day and the logged day before it (null for the first).
paired as (
    select
        day,
        case
            when lag(day) over (order by day) is not null
                then least(mood_min, lag(mood_min) over (order by day))
        end as latest_two_min
    from logged
),

days as (
    select day from calendar($since, $until, $day_start_hour)
),

-- Every day from the first logged one (or six days before the first of the range, when that
-- is earlier) through $until, logged or not, so that each day's windows are the rows just
-- before it: one pass over the days, instead of joining every day with the logged days of its
-- week and looking up the latest logged day for each.
series as (
    select cast(unnest(generate_series(
        least(
            coalesce((select min(day) from logged), (select min(day) from days)),
            (select min(day) from days) - 6
        ),
        cast($until as date),
        interval 1 day
    )) as date) as day
),

windowed as (
    select
        series.day,
        min(logged.mood_min) over (order by series.day rows between 2 preceding and current row)
            as min_last_3d,
        count(*) filter (where logged.mood_min <= $low_mood)
            over (order by series.day rows between 6 preceding and current row) as low_days_7d,
        -- The first logged day has no pair (null), and no logged day before it.
        last_value(paired.latest_two_min ignore nulls) over (
            order by series.day rows between unbounded preceding and current row
        ) as latest_two_min
    from series
    left join logged using (day)
    left join paired using (day)
),

flagged as (
    select
        days.day,
        coalesce(logged.entries, 0) as entries,
        logged.mood_min,
        logged.mood_max,
        logged.mood_mean,
        coalesce(logged.mood_min <= $low_mood, false) as low,
        coalesce(windowed.min_last_3d = 1, false)
        or (
            windowed.low_days_7d >= 3
            and not coalesce(windowed.latest_two_min >= 6, false)
        ) as support
    from days
    left join logged using (day)
    left join windowed using (day)
)

select day, entries, mood_min, mood_max, round(mood_mean, 3) as mood_mean, low, support
from flagged
order by day
