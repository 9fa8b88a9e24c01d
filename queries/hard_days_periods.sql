-- The period [$since, $until] and the three periods of equal length before it, one row each,
-- this period first (period 0, then 1, 2, 3 going back): period, since, until, entries and
-- mood_sum (mood entries whose tracking day is in it: the mean is mood_sum / entries, as
-- `metrics` computes it), low_days (days whose lowest mood is <= $low_mood), breaks (contacts
-- I started on a no-contact day) and urges_resisted (on no-contact days), as `metrics --since
-- <that period's first day> --as-of <its last day>` counts them.
with

span as (
    select cast(cast($until as date) - cast($since as date) + 1 as integer) as days
),

periods as (
    select
        cast(t.k as integer) as period,
        cast($since as date) - cast(t.k as integer) * span.days as since,
        cast($until as date) - cast(t.k as integer) * span.days as "until"
    from range(4) as t(k), span
),

-- No-contact days as of $until are the same, up to each earlier period's last day, as they
-- were as of that day (a period only ever grows through its as-of day).
nc as (
    select day, breaks, urges_resisted
    from nc_day_activity(
        (select min(since) from periods), cast($until as date), $day_start_hour
    )
),

logged as (
    select day, entries, mood_sum, mood_min
    from tideline_derived.mood_by_day
    where day_start_hour = $day_start_hour
),

mood_by_period as (
    select
        periods.period,
        cast(coalesce(sum(logged.entries), 0) as bigint) as entries,
        cast(coalesce(sum(logged.mood_sum), 0) as bigint) as mood_sum,
        count(logged.day) filter (where logged.mood_min <= $low_mood) as low_days
    from periods
    left join logged on logged.day between periods.since and periods."until"
    group by periods.period
),

nc_by_period as (
    select
        periods.period,
        cast(coalesce(sum(nc.breaks), 0) as bigint) as breaks,
        cast(coalesce(sum(nc.urges_resisted), 0) as bigint) as urges_resisted
    from periods
    left join nc on nc.day between periods.since and periods."until"
    group by periods.period
)

select
    periods.period,
    periods.since,
    periods."until",
    mood_by_period.entries,
    mood_by_period.mood_sum,
    mood_by_period.low_days,
    nc_by_period.breaks,
    nc_by_period.urges_resisted
from periods
join mood_by_period using (period)
join nc_by_period using (period)
order by periods.period
