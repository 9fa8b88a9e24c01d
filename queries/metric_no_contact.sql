-- One row of no-contact figures over the no-contact days in [$since, $as_of] (PRODUCT.md s.4):
-- nc_days, last_nc_day (null if none), breaks (contacts I started on NC days), break_days,
-- urges_resisted, peeks, longest_streak_days, current_streak_days (the break-free run ending
-- on $as_of, 0 if none), strength (0..1: over NC days in order, s_k = s_(k-1) * m
-- + (1 - m) * clean_k with m = $strength_memory, in closed form; null if nc_days = 0) and
-- current_period_days (the days of the open no-contact period up to $as_of, its first day and
-- $as_of both counted, from $since on when that is later; null when $as_of is not an NC day).
-- The guides' "about a month" counts this one stretch, not nc_days, which adds up every
-- stretch of the story.
with

days as (
    select
        day,
        breaks,
        urges_resisted,
        peeks,
        row_number() over (order by day) as k,
        count(*) over () as n
    from nc_day_activity($since, $as_of, $day_start_hour)
),

totals as (
    select
        count(*) as nc_days,
        max(day) as last_nc_day,
        cast(coalesce(sum(breaks), 0) as bigint) as breaks,
        count(*) filter (where breaks > 0) as break_days,
        cast(coalesce(sum(urges_resisted), 0) as bigint) as urges_resisted,
        cast(coalesce(sum(peeks), 0) as bigint) as peeks,
        -- s_N = (1 - m) * sum over break-free days k of m^(N - k): the recurrence unrolled.
        (1 - $strength_memory) * sum(
            case when breaks = 0 then pow($strength_memory, n - k) else 0 end
        ) as strength
    from days
),

-- The open period ends on $as_of (nc_periods runs it through as_of), so it exists exactly
-- when $as_of is an NC day.
open_period as (
    select greatest(start_day, coalesce(cast($since as date), start_day)) as start_day
    from nc_periods(cast($as_of as date))
    where open
),

-- Gaps and islands: consecutive break-free NC days keep the same (day - their rank), so
-- each island is one run; a break day or a day outside no contact starts a new island.
runs as (
    select max(day) as end_day, count(*) as days
    from (
        select day, day - cast(row_number() over (order by day) as integer) as island
        from days
        where breaks = 0
    )
    group by island
)

select
    totals.nc_days,
    totals.last_nc_day,
    totals.breaks,
    totals.break_days,
    totals.urges_resisted,
    totals.peeks,
    coalesce((select max(days) from runs), 0) as longest_streak_days,
    coalesce((select days from runs where end_day = cast($as_of as date)), 0)
        as current_streak_days,
    totals.strength,
    (
        select cast($as_of as date) - start_day + 1
        from open_period
        where start_day <= cast($as_of as date)
    ) as current_period_days
from totals
